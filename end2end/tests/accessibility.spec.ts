import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// For everyone (issue 10): axe-core finds no serious or critical problem on any portal page,
// at phone and desktop size, in Chinese and in English; the header's controls are big enough
// to tap, a skip link leads to the content, and each page names itself in the tab.

const LANGUAGES = [
  { tag: 'zh-CN', home: '我的服务' },
  { tag: 'en', home: 'My service' },
];

async function useLanguage(page: Page, tag: string) {
  // The remembered choice the app starts from (what its language switch stores).
  await page.addInitScript((lang) => window.localStorage.setItem('lang', lang), tag);
}

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.locator('input[autocomplete="username"]').fill('13800138000');
  await page.locator('input[type="password"]').fill('demo1234');
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/my$/);
}

/// Serious and critical findings only, each with where it is.
async function seriousProblems(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
}

/// Element ids used more than once (axe no longer reports them): a label then names the
/// first of them only, and the others have no accessible name.
async function duplicateIds(page: Page) {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `duplicate id "${id}" (${n}×)`);
  });
}

/// Waits until the page has its content (not the loading spinner).
async function settled(page: Page) {
  await expect(page.locator('main#main')).toBeVisible();
  await expect(page.locator('.state-loading')).toHaveCount(0);
}

for (const { tag, home } of LANGUAGES) {
  test.describe(`in ${tag}`, () => {
    test('public pages have no serious accessibility problems', async ({ page }) => {
      await useLanguage(page, tag);
      const problems: string[] = [];
      for (const path of ['/sign-in', '/register', '/reset-password', '/help', '/help/claim-documents']) {
        await page.goto(path);
        await settled(page);
        problems.push(...(await seriousProblems(page)).map((p) => `${path}: ${p}`));
      }
      expect(problems).toEqual([]);
    });

    test('every portal page has no serious accessibility problems', async ({ page }) => {
      test.setTimeout(90_000);
      await useLanguage(page, tag);
      await signIn(page);
      await expect(page.getByRole('heading', { level: 1, name: home })).toBeVisible();
      const policies = await (await page.request.post('/api/policies/list_mine')).json();
      const claims = (await (await page.request.post('/api/claims/list_mine')).json()).items;
      const orders = (await (await page.request.post('/api/work_orders/list_mine')).json()).items;
      const pages = [
        '/my',
        '/my/policies',
        `/my/policies/${policies[0].policy_no}`,
        '/my/claims',
        `/my/claims/${claims[0].claim_no}`,
        '/my/claims/new',
        '/my/work-orders',
        `/my/work-orders/${orders[0].order_no}`,
        '/my/work-orders/new',
        '/my/points',
        '/my/notifications',
        '/my/account',
      ];
      const problems: string[] = [];
      for (const path of pages) {
        await page.goto(path);
        await settled(page);
        problems.push(...(await seriousProblems(page)).map((p) => `${path}: ${p}`));
        problems.push(...(await duplicateIds(page)).map((p) => `${path}: ${p}`));
        // A title of its own, in the reader's language.
        const title = await page.title();
        expect(title, path).toMatch(/ · /);
      }
      expect(problems).toEqual([]);
    });
  });
}

test('the console\'s pages have no serious accessibility problems and no repeated ids', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  test.setTimeout(120_000);
  const problems: string[] = [];
  const check = async (path: string) => {
    await page.goto(path);
    await settled(page);
    problems.push(...(await seriousProblems(page)).map((p) => `${path}: ${p}`));
    problems.push(...(await duplicateIds(page)).map((p) => `${path}: ${p}`));
  };
  for (const [who, paths] of [
    ['supervisor', ['/console/board', '/console/reports', '/console', '/console/follow-ups', '/console/claims', '/console/reviews', '/console/customers/C2020000001']],
    ['admin', ['/console/admin/staff', '/console/admin/rules', '/console/admin/audit', '/console/admin/catalog']],
  ] as const) {
    await page.context().clearCookies();
    await page.goto('/sign-in');
    await page.locator('input[autocomplete="username"]').fill(who);
    await page.locator('input[type="password"]').fill('demo1234');
    await page.locator('form button[type="submit"]').click();
    await expect(page).toHaveURL(/\/console/);
    for (const path of paths) await check(path);
  }
  expect(problems).toEqual([]);
});

test('each page names itself in the tab, in the reader\'s language', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims');
  await expect(page).toHaveTitle('我的理赔 · 安心保险');
  await page.goto('/my/points');
  await expect(page).toHaveTitle('我的积分 · 安心保险');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveTitle(/^My points · /);
});

test('a skip link leads past the header, and the header\'s controls are big enough to tap', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims');
  await expect(page.locator('a.claim-card').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到正文' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  // On the dark header the focus ring is white, not the page's blue.
  const language = page.locator('.topbar .lang-switch');
  await language.focus();
  const ring = await language.evaluate((el) => getComputedStyle(el).outlineColor);
  expect(ring).toBe('rgb(255, 255, 255)');

  const controls = page.locator('.topbar a:visible, .topbar button:visible, a.back-link:visible, .tabbar a:visible');
  for (const control of await controls.all()) {
    const box = (await control.boundingBox())!;
    const name = (await control.innerText()).trim() || (await control.getAttribute('aria-label'));
    expect(box.height, `${name} is ${box.height}px tall`).toBeGreaterThanOrEqual(44);
  }
  await page.goto(`/my/claims/CL2026900001`);
  const back = page.locator('a.back-link');
  expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);
});
