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
// 4. wasm-opt -Oz shrinks every module;
// 5. everything lands in one folder named by its content hash (`app-<hash>/`): the files load
//    each other by relative names, and a new build never mixes with a cached old one;
// 6. the page: the skeleton's stylesheet inline, the main stylesheet and icon by hashed
//    names, and the loader, which preloads the main Wasm and its glue.
//
// Cargo, wasm-split-cli, wasm-bindgen and wasm-opt are on PATH (./x installs them).

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

// 1. The Wasm, with relocations for the splitter (-Clink-args=--emit-relocs in .cargo/config.toml).
run('cargo', [
  'build', '-p', 'frontend', '--lib', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm-release',
  '--no-default-features', '--features', feature,
]);
const built = path.join(root, 'target/wasm32-unknown-unknown/wasm-release/frontend.wasm');

// 2-4. Split, bind, optimise, in a scratch folder.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
try {
  run('wasm-split-cli', ['--target', 'web', '--out-name', 'frontend', built, work]);
  const unbound = path.join(work, 'frontend.wasm');
  run('wasm-bindgen', [
    '--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-name', 'frontend', '--out-dir', work, unbound,
  ]);
  fs.rmSync(unbound);
  // Two at a time: the machines have two cores, and each run is mostly start-up.
  const modules = fs.readdirSync(work).filter((f) => f.endsWith('.wasm')).sort();
  const optimise = (file) => {
    const f = path.join(work, file);
    return execFileAsync('wasm-opt', [
      '-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
      '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
      // Sections no browser reads, repeated in every one of the many modules.
      '--strip-producers', '--strip-target-features', f, '-o', f,
    ]);
  };
  const queue = [...modules];
  await Promise.all([0, 1].map(async () => {
    while (queue.length) await optimise(queue.shift());
  }));

  // 5. One folder named by the content of everything in it.
  const files = fs.readdirSync(work).sort();
  const pkg = `app-${hashOf(...files.flatMap((f) => [f, fs.readFileSync(path.join(work, f))]))}`;
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(path.join(dist, pkg), { recursive: true });
  for (const f of files) fs.copyFileSync(path.join(work, f), path.join(dist, pkg, f));

  // 6. The page.
  let page = fs.readFileSync(path.join(root, html), 'utf8');
  page = page.replace(/<style data-inline="([^"]+)"><\/style>/g, (_, src) => {
    const css = fs.readFileSync(path.join(root, src), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').trim();
    return `<style>${css}</style>`;
  });
  page = page.replace(/<link ([^>]*)data-hashed href="([^"]+)"([^>]*)>/g, (_, before, src, after) => {
    const body = fs.readFileSync(path.join(root, src));
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

  const chunks = files.filter((f) => f.endsWith('.wasm'));
  console.log(`    ${dist}/${pkg}: ${chunks.length} Wasm modules (main, ${chunks.length - 1} split off)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
