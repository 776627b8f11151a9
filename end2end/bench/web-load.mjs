// Web load benchmark: what a new user waits for and downloads, in Debian's Chromium.
//
//   node bench/web-load.mjs [--runs 3] [--server ../target/release/server] [--site-root ../dist] [--verbose]
//
// Starts the server on a free port with a fresh SQLite database and the demo data, then
// measures, each time in a fresh browser context (so the HTTP cache is empty):
//   1. a throttled phone (slow network, 4x slower CPU) opening /sign-in: first contentful
//      paint, and when the sign-in form takes typing;
//   2. the bytes a customer downloads from /sign-in to the loaded portal home;
//   3. the bytes of the staff bundle, from /sign-in?next=/console to the loaded console.
// It prints figures; it is not a test, and exits 0 unless something fails to load.
// `./x bench-web` builds everything and runs it against the release server.

import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CUSTOMER = '13800138000';
const STAFF = 'agent';
const PASSWORD = 'demo1234';
const TARGETS = { signInSeconds: 1.5, customerKB: 250, staffKB: 400 };

// The devices of playwright.config.ts; a slow mobile network and a mid-range phone's CPU.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1366, height: 768 } };
const CONTEXT = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const kb = (bytes) => (bytes / 1024).toFixed(1);
const secs = (ms) => (ms / 1000).toFixed(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pathOf = (url) => new URL(url).pathname;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function parseArgs(argv) {
  const args = {
    runs: 3,
    server: path.join(ROOT, 'target/release/server'),
    siteRoot: path.join(ROOT, 'dist'),
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--runs':
        args.runs = Number(value());
        if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a whole number >= 1');
        break;
      case '--server':
        args.server = path.resolve(value());
        break;
      case '--site-root':
        args.siteRoot = path.resolve(value());
        break;
      case '--verbose':
        args.verbose = true;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (use --runs N, --server PATH, --site-root PATH, --verbose)`);
    }
  }
  return args;
}

// ---- the server ------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startServer({ server, siteRoot }) {
  if (!fs.existsSync(server)) throw new Error(`no server binary at ${server} (build it first)`);
  for (const bundle of ['portal', 'staff']) {
    if (!fs.existsSync(path.join(siteRoot, bundle, 'index.html'))) {
      throw new Error(`no ${bundle} bundle under ${siteRoot} (./x bench-web builds it)`);
    }
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-load-'));
  const child = spawn(server, [], {
    env: {
      ...process.env,
      APP_BIND: `127.0.0.1:${port}`,
      APP_DATA_DIR: dataDir,
      APP_SITE_ROOT: siteRoot,
      APP_SEED_DEMO: 'true',
      APP_LOG: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const handle = { child, dataDir, exited, baseURL: `http://127.0.0.1:${port}` };
  // Last resort should anything call process.exit() before the cleanup in main() has run.
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Seeding the demo data takes a few seconds on a first start.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stopServer(handle);
      throw new Error(`the server exited before it was ready:\n${stderr}`);
    }
    try {
      if ((await fetch(`${handle.baseURL}/health/ready`)).status === 200) return handle;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  await stopServer(handle);
  throw new Error(`the server was not ready within 120 s:\n${stderr}`);
}

async function stopServer({ child, dataDir, exited }) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// ---- recording what the browser downloads -----------------------------------------------

function kindOf({ url, mimeType = '' }) {
  const pathname = pathOf(url);
  if (pathname.startsWith('/api/')) return 'api';
  if (pathname.endsWith('.wasm') || mimeType === 'application/wasm') return 'wasm';
  if (pathname.endsWith('.js') || mimeType.includes('javascript')) return 'js';
  if (pathname.endsWith('.css') || mimeType === 'text/css') return 'css';
  if (mimeType === 'text/html') return 'html';
  return 'other';
}

const KINDS = ['wasm', 'js', 'css', 'html', 'api', 'other'];

/// Why a response counts as not loaded, or null. An API's 4xx is an answer (e.g. "not
/// signed in"); a code file answered with HTML is the server's SPA fallback for a file
/// that is missing.
function whatWentWrong(r) {
  const kind = kindOf({ url: r.url });
  if (r.failed) return r.failed;
  if (r.status >= 500 || (r.status >= 400 && kind !== 'api')) return `status ${r.status}`;
  if (['wasm', 'js', 'css'].includes(kind) && r.mimeType === 'text/html') return 'answered with the app page (file missing?)';
  return null;
}

/// Every response of one page, from the DevTools protocol: the bytes on the wire, which
/// Playwright's own response events do not tell. `broken` rejects at the first failed
/// request or uncaught page error, so waits can stop early instead of timing out.
async function recordNetwork(context, page, what) {
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  const entry = (id) => requests.get(id) ?? requests.set(id, { id, bytes: 0 }).get(id);
  let lastActivity = Date.now();
  let breaks;
  const broken = new Promise((_, reject) => (breaks = reject));
  broken.catch(() => {});
  const fail = (reason) => breaks(new Error(`${what}: ${reason}`));

  page.on('pageerror', (error) => fail(`the page threw: ${error.message}`));
  cdp.on('Network.requestWillBeSent', ({ requestId, request, type }) => {
    // The live-changes stream stays open for as long as the page: it is never "in flight".
    Object.assign(entry(requestId), { url: request.url, pending: type !== 'EventSource' });
    lastActivity = Date.now();
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const r = Object.assign(entry(requestId), {
      url: response.url,
      status: response.status,
      mimeType: response.mimeType,
      encoding: headers['content-encoding'] ?? 'identity',
    });
    const wrong = whatWentWrong(r);
    if (wrong) fail(`${r.url} did not load: ${wrong}`);
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    Object.assign(entry(requestId), { bytes: encodedDataLength, pending: false });
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFailed', ({ requestId, errorText, canceled }) => {
    // A request cancelled by a navigation is not a failure.
    const r = Object.assign(entry(requestId), { pending: false, failed: canceled ? null : errorText });
    if (r.failed) fail(`${r.url} did not load: ${r.failed}`);
    lastActivity = Date.now();
  });
  await cdp.send('Network.enable');

  return {
    cdp,
    all: () => [...requests.values()].filter((r) => r.url && !r.url.startsWith('data:')),
    /// Runs a wait, stopping at once with the reason if something fails to load.
    until: (wait) => Promise.race([wait(), broken]),
    /// Waits until nothing has been in flight for `quietMs`. Playwright's `networkidle`
    /// is no use after the app's client-side navigation, which is not a page load.
    idle: (quietMs = 500, timeoutMs = 30_000) =>
      Promise.race([
        (async () => {
          const deadline = Date.now() + timeoutMs;
          while ([...requests.values()].some((r) => r.pending) || Date.now() - lastActivity < quietMs) {
            if (Date.now() > deadline) {
              const pending = [...requests.values()].filter((r) => r.pending).map((r) => r.url);
              throw new Error(`${what}: the network did not go quiet within 30 s (still loading: ${pending.join(', ') || 'none'})`);
            }
            await sleep(50);
          }
        })(),
        broken,
      ]),
  };
}

function printTable(records, verbose) {
  if (verbose) {
    for (const r of records) {
      console.log(`      ${String(r.status ?? '-').padStart(3)} ${kb(r.bytes).padStart(7)} KB  ${r.encoding ?? '?'}  ${r.url}`);
    }
  }
  const rows = KINDS.map((kind) => {
    const of = records.filter((r) => kindOf(r) === kind);
    const encodings = [...new Set(of.map((r) => r.encoding ?? '?'))].join(', ');
    return { kind, count: of.length, bytes: of.reduce((s, r) => s + r.bytes, 0), encodings };
  }).filter((row) => row.count > 0);
  console.log(`    ${'kind'.padEnd(6)} ${'requests'.padStart(8)} ${'KB'.padStart(9)}  content-encoding`);
  for (const { kind, count, bytes, encodings } of rows) {
    console.log(`    ${kind.padEnd(6)} ${String(count).padStart(8)} ${kb(bytes).padStart(9)}  ${encodings}`);
  }
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  console.log(`    ${'total'.padEnd(6)} ${String(records.length).padStart(8)} ${kb(total).padStart(9)}`);
  return total;
}

// ---- the app ----------------------------------------------------------------------------

async function signIn(page, recorder, account) {
  const field = page.locator('input[name="account"]');
  await recorder.until(() => field.waitFor({ state: 'visible', timeout: 30_000 }));
  await field.fill(account);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
}

/// The app has mounted (the inline skeleton is gone), the page's heading shows, its data
/// has arrived (no spinner, network quiet), and it shows no error.
async function waitForPage(page, recorder, urlPattern, what) {
  await recorder.until(() => page.waitForURL(urlPattern, { timeout: 30_000 }));
  await recorder.until(() => page.waitForFunction(
    () => !document.querySelector('#boot, .state-loading') && document.querySelector('h1')?.checkVisibility(),
    null,
    { timeout: 30_000 },
  ));
  await recorder.idle();
  const error = page.locator('.state-error, .banner-error');
  if (await error.count()) throw new Error(`${what} shows an error: ${await error.first().innerText()}`);
}

// ---- 1. sign-in on a throttled phone ----------------------------------------------------

async function throttledSignIn(browser, baseURL, runs) {
  console.log(`\n1. Sign-in page on a throttled phone (latency ${NETWORK.latency} ms, 1.6 Mbit/s down, `
    + `750 kbit/s up, CPU ${CPU_SLOWDOWN}x slower), ${runs} run(s), each with an empty cache`);
  const usable = [];
  const appReady = [];
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext({ ...PHONE, ...CONTEXT, baseURL });
    try {
      // The first keystroke to reach the account field, on the page's own clock
      // (milliseconds since navigation start), so test-driver overhead is not counted.
      await context.addInitScript(() => {
        addEventListener('input', (event) => {
          if (event.target?.name === 'account' && window.__firstTyped === undefined) {
            window.__firstTyped = performance.now();
          }
        }, true);
      });
      const page = await context.newPage();
      const recorder = await recordNetwork(context, page, 'the sign-in page');
      await recorder.cdp.send('Network.emulateNetworkConditions', NETWORK);
      await recorder.cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

      await recorder.until(() => page.goto('/sign-in', { waitUntil: 'commit', timeout: 60_000 }));
      // Checked every frame inside the page, so the time is not rounded up to a poll
      // interval. The server paints the sign-in form into the skeleton, so the field can
      // take input before the Wasm app has mounted; "app ready" below is when it has.
      const shown = await recorder.until(() => page.waitForFunction(() => {
        const input = document.querySelector('input[name="account"]');
        return input && input.isConnected && !input.disabled && input.checkVisibility() && performance.now();
      }, null, { polling: 'raf', timeout: 60_000 }));
      const shownMs = await shown.jsonValue();

      const account = page.locator('input[name="account"]');
      await account.pressSequentially('1', { timeout: 10_000 });
      if ((await account.inputValue()) !== '1') throw new Error('typing into the account field did not work');
      const typedMs = await page.evaluate(() => window.__firstTyped);
      if (typedMs === undefined) throw new Error('the account field never received an input event');

      // The app's own form (FormField gives it the id `field-account`) has taken over,
      // kept what was typed, and its submit button works.
      const ready = await recorder.until(() => page.waitForFunction(() => {
        const input = document.getElementById('field-account');
        const submit = document.querySelector('form button[type="submit"]');
        return input && submit && !submit.disabled && input.value === '1' && performance.now();
      }, null, { polling: 'raf', timeout: 60_000 }));
      const readyMs = await ready.jsonValue();

      const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
      usable.push(typedMs);
      appReady.push(readyMs);
      console.log(`   run ${run}: first contentful paint ${fcpMs === undefined ? 'n/a' : `${secs(fcpMs)} s`}, `
        + `form shown ${secs(shownMs)} s, usable (typed into) ${secs(typedMs)} s, `
        + `app ready (typing kept, submit works) ${secs(readyMs)} s`);
    } finally {
      await context.close();
    }
  }
  console.log(`   sign-in usable (throttled phone): median ${secs(median(usable))} s (target <= ${TARGETS.signInSeconds} s)`);
  console.log(`   app ready on the throttled phone: median ${secs(median(appReady))} s`);
}

// ---- 2. the customer's cold download ----------------------------------------------------

async function customerDownload(browser, baseURL, verbose) {
  console.log('\n2. Customer, empty cache, unthrottled phone: /sign-in, sign in, portal home (/my)');
  const context = await browser.newContext({ ...PHONE, ...CONTEXT, baseURL });
  try {
    const page = await context.newPage();
    const recorder = await recordNetwork(context, page, 'the customer sign-in');
    await recorder.until(() => page.goto('/sign-in'));
    await signIn(page, recorder, CUSTOMER);
    await waitForPage(page, recorder, /\/my$/, 'the portal home');

    const records = recorder.all();
    const total = printTable(records, verbose);
    console.log(`   customer cold download to the portal home: ${kb(total)} KB (target <= ${TARGETS.customerKB} KB)`);
    const staff = records.filter((r) => pathOf(r.url).startsWith('/staff/'));
    console.log(staff.length
      ? `   customer downloaded staff code: YES\n${staff.map((r) => `     ${r.url}`).join('\n')}`
      : '   customer downloaded staff code: no');
  } finally {
    await context.close();
  }
}

// ---- 3. the staff bundle -----------------------------------------------------------------

async function staffBundle(browser, baseURL, siteRoot, verbose) {
  console.log('\n3. Agent, empty cache, unthrottled desktop: /sign-in?next=/console, sign in, console');
  const context = await browser.newContext({ ...DESKTOP, ...CONTEXT, baseURL });
  try {
    const page = await context.newPage();
    const recorder = await recordNetwork(context, page, 'the agent sign-in');
    await recorder.until(() => page.goto('/sign-in?next=/console'));
    await signIn(page, recorder, STAFF);
    await waitForPage(page, recorder, /\/console$/, 'the console');

    // The console's page itself is served at /console; its bundle's files under /staff/.
    const staff = recorder.all().filter((r) => pathOf(r.url).startsWith('/staff/'));
    if (!staff.some((r) => kindOf(r) === 'wasm')) throw new Error('the console loaded no Wasm from /staff/');
    const total = printTable(staff, verbose);
    console.log(`   staff bundle: ${kb(total)} KB (target <= ${TARGETS.staffKB} KB)`);
  } finally {
    await context.close();
  }

  // Each bundle's code sits in one folder, app-<hash>/: the main module (what every page
  // needs) and the modules split off by route, fetched as their pages are first opened.
  console.log('\n   Wasm on disk (raw / brotli):');
  for (const bundle of ['portal', 'staff']) {
    const dir = path.join(siteRoot, bundle);
    const folder = fs.readdirSync(dir).find((f) => f.startsWith('app-'));
    const files = fs.readdirSync(path.join(dir, folder)).filter((f) => f.endsWith('.wasm'));
    const size = (file, ext = '') => {
      const f = path.join(dir, folder, file + ext);
      return fs.existsSync(f) ? fs.statSync(f).size : 0;
    };
    const main = 'frontend_bg.wasm';
    const split = files.filter((f) => f !== main);
    const sum = (ext) => split.reduce((total, f) => total + size(f, ext), 0);
    console.log(`     ${bundle} main module: ${kb(size(main))} KB / ${kb(size(main, '.br'))} KB`);
    console.log(`     ${bundle} ${split.length} split modules together: ${kb(sum(''))} KB / ${kb(sum('.br'))} KB`);
  }
}

// ---- main -------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  console.log(`web load: ${args.server}, site ${args.siteRoot}`);
  const server = await startServer(args);
  // On Ctrl-C or a kill, stop waiting and fall through to the cleanup below (Playwright's
  // own signal handlers would exit at once, leaving the server running).
  const interrupted = new Promise((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => reject(new Error(`interrupted (${signal})`)));
  });
  interrupted.catch(() => {});
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
    });
    const work = (async () => {
      await throttledSignIn(browser, server.baseURL, args.runs);
      await customerDownload(browser, server.baseURL, args.verbose);
      await staffBundle(browser, server.baseURL, args.siteRoot, args.verbose);
    })();
    work.catch(() => {}); // after an interrupt its failure is expected, not news
    await Promise.race([work, interrupted]);
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
  }
}

main().catch((error) => {
  console.error(`\nweb load benchmark failed: ${error.message}`);
  process.exit(1);
});
