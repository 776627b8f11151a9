import { expect, test, type Page } from '@playwright/test';

// The supervisors' live board (issue 23), desktop first like the console. Texts are those
// of app/locales/zh-CN.json. 赵海燕 (supervisor) lands on it; 王磊 (agent.wang) works.

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the console is desktop first');
});

async function signIn(page: Page, account: string, landing: RegExp) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(landing);
}

test('a supervisor lands on the live board, reads what each measure means, and sees it move when an agent works', async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, 'supervisor', /\/console\/board$/);
  await expect(page.getByRole('heading', { name: '服务看板', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: '技能组', level: 2 })).toBeVisible();
  const groups = page.locator('section', { has: page.getByRole('heading', { name: '技能组' }) }).locator('tbody tr');
  await expect(groups.filter({ hasText: '投诉处理组' })).toHaveCount(1);
  // Each measure says what it counts, beside it.
  const satisfaction = page.locator('.board-tile', { hasText: '满意度' });
  await expect(satisfaction).toContainText('目标 ≥ 85%');
  await satisfaction.getByText('定义').click();
  await expect(satisfaction.getByText('四星和五星所占的比例')).toBeVisible();

  // 王磊 signs in elsewhere and goes busy: the board shows it without a reload.
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const agent = await context.newPage();
  await signIn(agent, 'agent.wang', /\/console$/);
  await agent.getByLabel('我的状态').selectOption('busy');
  const wang = page.locator('.board-agents tbody tr', { hasText: '王磊' });
  await expect(wang).toContainText('忙碌', { timeout: 3000 });
  await agent.getByLabel('我的状态').selectOption('available');
  await expect(wang).toContainText('在线', { timeout: 3000 });
  await context.close();
});
