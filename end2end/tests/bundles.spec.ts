import { expect, test, type Page, type Request } from '@playwright/test';

// Two bundles from one codebase: the customer's (served at /) and the staff's (under
// /staff/, for the console). A customer's pages never fetch staff code.

const PASSWORD = 'demo1234';

function recordRequests(page: Page) {
  const urls: string[] = [];
  page.on('request', (request: Request) => urls.push(new URL(request.url()).pathname));
  return urls;
}

async function signIn(page: Page, account: string) {
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

const isCode = (u: string) => /\.(wasm|js|css|html)$/.test(u);

test("a customer's session downloads no staff bundle, and each page's code when it is opened", async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto('/sign-in');
  await signIn(page, '13800138000');
  await expect(page).toHaveURL(/\/my$/);
  // The points page's code is split off: it arrives when the page is first opened.
  const pointsCode = (u: string) => /\/app-[0-9a-f]+\/split_MyPoints\.wasm$/.test(u);
  expect(urls.filter(pointsCode)).toEqual([]);
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const [name, heading] of [['我的保单', '我的保单'], ['理赔', '我的理赔'], ['积分', '我的积分']]) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  }
  expect(urls.filter(pointsCode)).toHaveLength(1);
  const wasm = urls.filter((u) => u.endsWith('.wasm'));
  expect(wasm.length).toBeGreaterThan(1);
  expect(urls.filter((u) => u.startsWith('/staff/'))).toEqual([]);
  // Neither the staff's styles nor the English texts of a Chinese reader.
  expect(urls.filter((u) => /\/console-[0-9a-f]+\.css$/.test(u))).toEqual([]);
  expect(urls.filter(englishTexts)).toEqual([]);
});

const englishTexts = (u: string) => /\/app-[0-9a-f]+\/split_english_tables_[0-9]+\.wasm$/.test(u);

test('the English texts arrive when a reader picks English, and stay picked', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: '欢迎回来', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome back', level: 1 })).toBeVisible();
  expect(urls.filter(englishTexts)).toHaveLength(1);
  // Remembered: the next visit starts in English (the app waits for the texts to mount).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome back', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: '中文' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('signing in with a code: its fields arrive when a customer chooses it', async ({ page }) => {
  const urls = recordRequests(page);
  const codeFields = (u: string) => /\/split_code_fields_[0-9]+\.wasm$/.test(u);
  await page.goto('/sign-in');
  await expect(page.getByLabel('密码', { exact: true })).toBeVisible();
  expect(urls.filter(codeFields)).toEqual([]);
  await page.getByRole('button', { name: '使用验证码登录' }).click();
  await expect(page.getByRole('button', { name: '获取验证码' })).toBeVisible();
  await expect(page.getByLabel('验证码', { exact: true })).toBeVisible();
  expect(urls.filter(codeFields)).toHaveLength(1);
});

test("while a page's code is on its way, the old page stays and a bar says so", async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, '13800138000');
  await expect(page.getByRole('heading', { name: '我的服务', level: 1 })).toBeVisible();
  // Hold the points page's code back, as a slow network would.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/split_MyPoints\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '积分' }).click();
  const loading = page.getByRole('progressbar', { name: '正在加载…' });
  await expect(loading).toBeVisible();
  await expect(page.getByRole('heading', { name: '我的服务', level: 1 })).toBeVisible();
  release();
  await expect(page.getByRole('heading', { name: '我的积分', level: 1 })).toBeVisible();
  await expect(loading).toBeHidden();
});

test('staff work from their own bundle', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  const urls = recordRequests(page);
  await page.goto('/sign-in?next=/console');
  await signIn(page, 'agent');
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { name: '我的工单' })).toBeVisible();
  expect(urls.some((u) => u.startsWith('/staff/') && u.endsWith('.wasm'))).toBe(true);
  expect(urls.some((u) => /^\/staff\/console-[0-9a-f]+\.css$/.test(u))).toBe(true);
  // A page's code arrives on its first visit; going back and forth loads nothing but data.
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('link', { name: '账户' }).click();
  await expect(page.getByRole('heading', { name: '我的账户' })).toBeVisible();
  const before = urls.length;
  await nav.getByRole('link', { name: '工作台' }).click();
  await expect(page.getByRole('heading', { name: '我的工单' })).toBeVisible();
  await nav.getByRole('link', { name: '账户' }).click();
  await expect(page.getByRole('heading', { name: '我的账户' })).toBeVisible();
  expect(urls.slice(before).filter(isCode)).toEqual([]);
});

test('what a visitor types before the app has loaded is kept', async ({ page }) => {
  // Hold the app back until the visitor has typed into the form the server painted.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/app-[0-9a-f]+\/frontend_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/sign-in');
  const account = page.locator('#boot input[name="account"]');
  await expect(account).toBeVisible();
  await account.fill('13800138000');
  await page.locator('#boot input[name="password"]').fill(PASSWORD);
  await expect(page.getByRole('button', { name: '登录', exact: true })).toHaveCount(0);

  release();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.getByLabel('手机号 / 邮箱 / 工号')).toHaveValue('13800138000');
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/my$/);
});

test('each page says where it is in the title, in the reader\'s language', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page).toHaveTitle('欢迎回来 · 安心保险');
  await signIn(page, '13800138000');
  await expect(page).toHaveTitle('我的服务 · 安心保险');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '理赔' }).click();
  await expect(page).toHaveTitle('我的理赔 · 安心保险');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveTitle('My claims · Anxin Insurance');
  // The language is remembered (a cookie), and the sign-in form the server paints before
  // the app loads follows it.
  const painted = await (await page.request.get('/sign-in')).text();
  expect(painted).toContain('Welcome back');
});

test("a page whose code does not arrive says so with Retry, and the app keeps working", async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, '13800138000');
  await expect(page.getByRole('heading', { name: '我的服务', level: 1 })).toBeVisible();
  // The points page's code fails on a flaky network until the network recovers.
  let failing = true;
  let tries = 0;
  await page.route(/\/split_MyPoints\.wasm$/, async (route) => {
    tries += 1;
    if (failing) await route.abort('failed');
    else await route.continue();
  });
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('link', { name: '积分' }).click();
  const failed = page.getByRole('alert');
  await expect(failed).toContainText('无法连接');
  expect(tries).toBeGreaterThan(0);
  // Every other page still opens at the first tap.
  await nav.getByRole('link', { name: '我的保单' }).click();
  await expect(page.getByRole('heading', { name: '我的保单', level: 1 })).toBeVisible();
  await nav.getByRole('link', { name: '积分' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  // The network is back: Retry fetches the page's code again.
  failing = false;
  await page.getByRole('alert').getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { name: '我的积分', level: 1 })).toBeVisible();
  await nav.getByRole('link', { name: '我的保单' }).click();
  await expect(page.getByRole('heading', { name: '我的保单', level: 1 })).toBeVisible();
});
