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

test('a supervisor reads the month against the one before, opens the work behind a number, and exports it', async ({
  page,
}) => {
  await signIn(page, 'supervisor', /\/console\/board$/);
  await page.getByRole('link', { name: '服务报表' }).first().click();
  await expect(page.getByRole('heading', { name: '服务报表', level: 1 })).toBeVisible();
  // This month by default, compared with the last, each measure against its target.
  await expect(page.locator('.report-span')).toContainText('对比');
  const work = page.locator('section', { has: page.getByRole('heading', { name: '工单服务' }) });
  await expect(work.locator('tr', { hasText: '满意度' })).toContainText('≥ 85%');
  // The last 30 days through the portal: the demo's work is there; its number opens the list.
  const chinaDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));
  const filter = page.getByRole('form', { name: '报表条件' });
  await filter.getByLabel('统计周期').selectOption('custom');
  await filter.getByLabel('日期', { exact: true }).fill(chinaDay(Date.now() - 30 * 86_400_000));
  await filter.getByLabel('截止日期').fill(chinaDay(Date.now()));
  await filter.getByLabel('渠道').selectOption('portal');
  await filter.getByRole('button', { name: '查看报表' }).click();
  await expect(page).toHaveURL(/period=custom.*channel=portal/);
  const intake = work.locator('tr', { hasText: '新进工单' }).locator('button.report-drill');
  await expect(intake).toBeVisible();
  const count = Number(await intake.textContent());
  expect(count).toBeGreaterThan(0);
  await intake.click();
  const behind = page.locator('section.report-behind');
  await expect(behind.getByRole('heading', { name: '新进工单：对应工单' })).toBeVisible();
  await expect(behind.locator('tbody tr')).toHaveCount(Math.min(count, 50));
  await expect(behind.locator('tbody tr').first().locator('a')).toHaveAttribute('href', /\/console\/work-orders\/WO\d+/);
  // The CSV carries the same filter.
  const href = (await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href'))!;
  expect(href).toContain('period=custom');
  expect(href).toContain('channel=portal');
  const csv = await page.request.get(href);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[0]).toContain('day,intake,first_responses');
  // A span that runs backwards is refused beside its field.
  await filter.getByLabel('日期', { exact: true }).fill('2026-12-05');
  await filter.getByLabel('截止日期').fill('2026-12-01');
  await filter.getByRole('button', { name: '查看报表' }).click();
  await expect(filter.locator('#field-to-error')).toHaveText('截止日期早于起始日期。');
});
