// Builds one audience's browser bundle from the one codebase (called by ./x):
//
//   node frontend/bundle.mjs <page.html> <dist dir> <public url> <cargo feature>
//
// 1. cargo builds `frontend` for wasm32 with the feature (`portal` or `console`), keeping the
//    linker's relocations so that
// 2. wasm-split-cli can cut the Wasm at each lazy route (app/src/pages/lazy.rs): a main module
//    with the shell and what every page shares, one `split_*.wasm` per page and `chunk_*.wasm`
//    for code some pages share, plus the loader `__wasm_split.js` that fetches them;
// 3. wasm-bindgen writes the JS glue (keeping the exports the chunks link against);
// 4. wasm-opt shrinks every module, esbuild minifies the JS glue and the stylesheets;
// 5. everything lands in one folder named by its content hash (`app-<hash>/`): the files load
//    each other by relative names, and a new build never mixes with a cached old one;
// 6. the page: the skeleton's stylesheet and the icon inline, the main stylesheet by a hashed
//    name, and the loader, which preloads the main Wasm and its glue.
//
// Cargo, wasm-split-cli, wasm-bindgen, wasm-opt and esbuild are on PATH (./x installs them).

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const [html, dist, publicUrl, feature] = process.argv.slice(2);
if (!feature) {
  console.error('usage: node frontend/bundle.mjs <page.html> <dist dir> <public url> <cargo feature>');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const url = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
const execFileAsync = promisify(execFile);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const hashOf = (...buffers) => {
  const h = createHash('sha256');
  for (const b of buffers) h.update(b);
  return h.digest('hex').slice(0, 16);
};

// Each phase says how long it took (./x prints its steps' times; this is what a step holds).
let phaseStart = Date.now();
const phase = (name) => {
  const now = Date.now();
  console.log(`    ${feature}: ${name} ${((now - phaseStart) / 1000).toFixed(1)} s`);
  phaseStart = now;
};

const minifiedCss = (src) => execFileSync('esbuild', [path.join(root, src), '--minify', '--log-level=warning']);

// 1. The Wasm, with relocations for the splitter (-Clink-args=--emit-relocs in .cargo/config.toml).
// Panic messages name their source file: without this machine's folders in front, every
// crate's path is about 70 bytes shorter.
const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
const registry = path.join(cargoHome, 'registry/src');
const remaps = [
  ...(fs.existsSync(registry) ? fs.readdirSync(registry).map((index) => `${path.join(registry, index)}/=`) : []),
  `${root}/=`,
].map((remap) => `"--remap-path-prefix=${remap}"`);
run('cargo', [
  '--config', `target.wasm32-unknown-unknown.rustflags=[${remaps.join(',')}]`,
  'build', '-p', 'frontend', '--lib', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm-release',
  '--no-default-features', '--features', `${feature},split`,
]);
const built = path.join(root, 'target/wasm32-unknown-unknown/wasm-release/frontend.wasm');
phase('cargo build (wasm32)');

// 2-4. Split, bind, optimise, in a scratch folder.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
try {
  run('wasm-split-cli', ['--target', 'web', '--out-name', 'frontend', built, work]);
  const unbound = path.join(work, 'frontend.wasm');
  run('wasm-bindgen', [
    '--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-name', 'frontend', '--out-dir', work, unbound,
  ]);
  fs.rmSync(unbound);
  phase('split and bind');
  // The npm wasm-opt is binaryen compiled to Wasm and run by node: each run spends about a
  // second loading binaryen before it optimises anything, which over a bundle's hundreds of
  // modules was most of the build (portal: 177 s). So the main module, which every visitor
  // downloads first, goes through the wasm-opt command with every flag, while the split
  // modules are optimised in this process through binaryen's library, loaded once.
  const main = 'frontend_bg.wasm';
  const modules = fs.readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== main).sort();
  const mainOptimised = execFileAsync('wasm-opt', [
    // Its control flow rebuilt (--flatten --rereloop) and optimised twice: 1.9 KB less
    // brotli, 30 s more. -Os to a fixed point compresses better than -Oz (measured: main
    // module 264.6 -> 261.9 KB brotli). Rust's data starts at 1 MiB, so the low 1 KiB of
    // memory is never used; safe Rust never reads or writes out of bounds, so loads and
    // stores are taken not to trap.
    '--flatten', '--rereloop', '-Os', '-Os', '--converge', '--low-memory-unused', '--ignore-implicit-traps',
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
    // Sections no browser reads.
    '--strip-producers', '--strip-target-features', path.join(work, main), '-o', path.join(work, main),
  ]);
  await optimiseSplitModules(modules.map((f) => path.join(work, f)));
  await mainOptimised;
  phase(`wasm-opt (main, and ${modules.length} split modules)`);

  // The glue and the splitter's loader arrive readable; minified they are about half.
  for (const file of fs.readdirSync(work).filter((f) => f.endsWith('.js'))) {
    const f = path.join(work, file);
    run('esbuild', [f, '--minify', '--format=esm', '--log-level=warning', `--outfile=${f}`, '--allow-overwrite']);
  }

  shortenImportNames(path.join(work, 'frontend_bg.wasm'), path.join(work, 'frontend.js'));

  // 5. One folder named by the content of everything in it.
  const files = fs.readdirSync(work).sort();
  const pkg = `app-${hashOf(...files.flatMap((f) => [f, fs.readFileSync(path.join(work, f))]))}`;
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(path.join(dist, pkg), { recursive: true });
  for (const f of files) fs.copyFileSync(path.join(work, f), path.join(dist, pkg, f));

  // 6. The page.
  let page = fs.readFileSync(path.join(root, html), 'utf8');
  page = page.replace(/<style data-inline="([^"]+)"><\/style>/g, (_, src) => {
    return `<style>${minifiedCss(src).toString().trim()}</style>`;
  });
  // A small file is cheaper in the page than as a request of its own (with its headers).
  page = page.replace(/<link ([^>]*)data-inline href="([^"]+\.svg)"([^>]*)>/g, (_, before, src, after) => {
    const svg = fs.readFileSync(path.join(root, src), 'utf8').trim();
    return `<link ${before}href="data:image/svg+xml,${encodeURIComponent(svg)}"${after}>`;
  });
  page = page.replace(/<link ([^>]*)data-hashed href="([^"]+)"([^>]*)>/g, (_, before, src, after) => {
    const body = src.endsWith('.css') ? minifiedCss(src) : fs.readFileSync(path.join(root, src));
    const ext = path.extname(src);
    const name = `${path.basename(src, ext)}-${hashOf(body)}${ext}`;
    fs.writeFileSync(path.join(dist, name), body);
    return `<link ${before}href="${url}${name}"${after}>`;
  });
  const js = `${url}${pkg}/frontend.js`;
  const wasm = `${url}${pkg}/frontend_bg.wasm`;
  const preload =
    `<link rel="modulepreload" href="${js}">` +
    `<link rel="preload" href="${wasm}" as="fetch" type="application/wasm" crossorigin="">`;
  const loader = `<script type="module">import init from '${js}';init({module_or_path:'${wasm}'});</script>`;
  for (const mark of ['<!--preload-->', '<!--app-->']) {
    if (!page.includes(mark)) throw new Error(`${html} has no ${mark} placeholder`);
  }
  page = page.replace('<!--preload-->', preload).replace('<!--app-->', loader);
  fs.writeFileSync(path.join(dist, 'index.html'), page);

  phase('glue, names and page');
  const chunks = files.filter((f) => f.endsWith('.wasm'));
  console.log(`    ${dist}/${pkg}: ${chunks.length} Wasm modules (main, ${chunks.length - 1} split off)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

// The main module imports each browser function the glue wraps by a name such as
// `__wbg_getFullYear_94114da14f235fca`: 226 of them, with the hash, about 4 KB brotli across
// the Wasm and the glue. Each becomes a short name (`a`, `b`, ... `aa`) in both. Only the
// glue's own module (`./frontend_bg.js`) is renamed, and only names the glue defines exactly
// once; the Wasm's exports and the splitter's imports keep their names.
function shortenImportNames(wasmFile, jsFile) {
  const wasm = fs.readFileSync(wasmFile);
  let js = fs.readFileSync(jsFile, 'utf8');
  const readU32 = (pos) => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[pos++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return [value >>> 0, pos];
  };
  const u32 = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return Buffer.from(out);
  };
  const name = (text) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([u32(bytes.length), bytes]);
  };
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const shortName = (i) => {
    let out = '';
    for (i += 1; i > 0; i = Math.floor((i - 1) / letters.length)) out = letters[(i - 1) % letters.length] + out;
    return out;
  };

  const parts = [wasm.subarray(0, 8)];
  let pos = 8;
  let renamed = 0;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, bodyStart] = readU32(pos + 1);
    const bodyEnd = bodyStart + size;
    if (id !== 2) {
      parts.push(wasm.subarray(pos, bodyEnd));
      pos = bodyEnd;
      continue;
    }
    let [count, p] = readU32(bodyStart);
    const entries = [u32(count)];
    for (let i = 0; i < count; i++) {
      const [moduleLength, m] = readU32(p);
      const module = wasm.toString('utf8', m, m + moduleLength);
      const [fieldLength, f] = readU32(m + moduleLength);
      const field = wasm.toString('utf8', f, f + fieldLength);
      // The import's kind and type, copied as they are.
      const descStart = f + fieldLength;
      const kind = wasm[descStart];
      let q = descStart + 1;
      if (kind === 0) [, q] = readU32(q); // function: type index
      else if (kind === 1 || kind === 2) { // table (element type first) or memory: limits
        if (kind === 1) q += 1;
        const flags = wasm[q++];
        [, q] = readU32(q);
        if (flags & 1) [, q] = readU32(q);
      } else if (kind === 3) q += 2; // global: value type, mutability
      else if (kind === 4) [, q] = readU32(q + 1); // tag: attribute, type index
      else throw new Error(`unknown import kind ${kind} for ${module}.${field}`);
      let newField = field;
      // A key of the glue's imports object: after `{` or `,`, before `:`.
      const key = new RegExp(`([{,]\\s*)${field.replace(/\$/g, '\\$')}:`, 'g');
      if (module === './frontend_bg.js' && (js.match(key) ?? []).length === 1) {
        newField = shortName(renamed++);
        js = js.replace(key, `$1${newField}:`);
      }
      entries.push(name(module), name(newField), wasm.subarray(descStart, q));
      p = q;
    }
    if (p !== bodyEnd) throw new Error('the import section did not parse to its end');
    const body = Buffer.concat(entries);
    parts.push(Buffer.from([2]), u32(body.length), body);
    pos = bodyEnd;
  }
  fs.writeFileSync(wasmFile, Buffer.concat(parts));
  fs.writeFileSync(jsFile, js);
}

// The split modules, optimised in this process by binaryen's library (see above): -Os to a
// fixed point, as the command does, with the same features and the low memory unused. The
// library has no switch for "loads and stores do not trap", which the main module gets:
// measured, the portal's 174 split modules come to 414.9 KB brotli in all instead of 413.5
// (a page's visit a few dozen bytes more), and take 28 s instead of 185.
async function optimiseSplitModules(files) {
  const library = process.env.BINARYEN_JS ?? path.join(root, '.tools/node_modules/binaryen/index.js');
  // binaryen reads the linker's name section with a subsection it does not know, and says
  // so once per module; the section is dropped anyway.
  const say = console.error;
  console.error = (...args) => {
    if (!String(args[0]).startsWith('warning: unknown name subsection')) say(...args);
  };
  const { default: binaryen } = await import(pathToFileURL(library).href);
  const F = binaryen.Features;
  const features = F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt
    | F.ReferenceTypes | F.Multivalue | F.CallIndirectOverlong;
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(1);
  binaryen.setLowMemoryUnused(true);
  binaryen.setDebugInfo(false);
  for (const file of files) {
    const module = binaryen.readBinary(fs.readFileSync(file));
    module.setFeatures(features);
    module.runPasses(['strip-producers', 'strip-target-features', 'strip-debug']);
    let best = module.emitBinary();
    for (;;) {
      module.optimize();
      const next = module.emitBinary();
      if (next.length >= best.length) break;
      best = next;
    }
    module.dispose();
    fs.writeFileSync(file, best);
  }
}
