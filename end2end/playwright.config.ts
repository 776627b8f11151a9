import { defineConfig } from '@playwright/test';

// The real server (debug build) on its own port, with a fresh SQLite database and the demo
// data, serving the release frontend from ../dist. Chromium is Debian's.
const port = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  // screenshots.spec.ts takes pictures for people to look at; it runs only when asked.
  testIgnore: process.env.SCREENSHOTS ? [] : ['**/screenshots.spec.ts'],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: 'desktop', use: { viewport: { width: 1366, height: 768 } } },
  ],
  webServer: {
    command: '../target/debug/server',
    url: `${baseURL}/health/ready`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      APP_BIND: `127.0.0.1:${port}`,
      APP_DATA_DIR: '../target/e2e-data',
      APP_SITE_ROOT: '../dist',
      APP_SEED_DEMO: 'true',
      APP_LOG: 'warn',
      // Tests ask for several one-time codes; a real deployment keeps a minute between them.
      APP_CODE_RESEND_SECS: '1',
      // Signs the telephony system's call reports (console-desk.spec.ts).
      APP_CTI_SECRET: 'e2e-cti-secret-0123456789',
    },
  },
});
