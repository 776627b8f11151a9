import { expect, test, type Page } from '@playwright/test';

// Admin (issue 11): staff accounts in the browser. Desktop first, like the console.

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the admin pages are desktop first');
});

async function signIn(page: Page, account: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/console/);
}

test('an admin creates an agent, who signs in, must choose a password, and then works the console', async ({ page, browser, baseURL }) => {
  await signIn(page, 'admin', 'demo1234');
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('link', { name: '员工账号' }).click();
  await expect(page.getByRole('heading', { name: '员工账号', level: 1 })).toBeVisible();
  const username = `agent.e2e${Date.now() % 100000}`;

  await page.getByRole('button', { name: '新建员工' }).click();
  const form = page.getByRole('form', { name: '新建员工' });
  // Every field's message at once, by the rules the server uses.
  await form.getByLabel('工号（登录名）').fill('9');
  await form.getByLabel('同时处理工单数').fill('0');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.locator('#field-username-error')).toHaveText('工号须为 3–32 位小写字母、数字、点、横线或下划线，以字母开头。');
  await expect(form.locator('#field-display_name-error')).toHaveText('请填写姓名。');
  await expect(form.locator('#field-capacity-error')).toHaveText('请填写 1–50 之间的整数。');

  await form.getByLabel('工号（登录名）').fill(username);
  await form.getByLabel('姓名').fill('钱新');
  await form.getByLabel('同时处理工单数').fill('6');
  await form.getByLabel('角色').selectOption('agent');
  await form.locator('label.choice').first().locator('input').check();
  await form.getByRole('button', { name: '保存' }).click();
  const password = (await page.getByTestId('one-time-password').textContent())!.trim();
  expect(password).toMatch(/^[a-z2-9]{12}$/);
  const row = page.locator(`tr[data-username="${username}"]`);
  await expect(row).toContainText('钱新');
  await expect(row).toContainText('待改密码');

  // The new agent, in a browser of their own.
  const context = await browser.newContext({ baseURL });
  try {
    const agent = await context.newPage();
    await signIn(agent, username, password);
    await expect(agent.getByRole('heading', { name: '设置您的密码', level: 1 })).toBeVisible();
    await agent.getByLabel('当前密码').fill(password);
    await agent.getByLabel('新密码').fill('qianxin-2026');
    await agent.getByLabel('确认密码').fill('qianxin-2026');
    await agent.getByRole('button', { name: '保存新密码' }).click();
    await expect(agent.getByRole('heading', { name: '设置您的密码', level: 1 })).toHaveCount(0);
    // The desk, with the capacity the admin gave.
    await expect(agent.getByRole('heading', { name: '我的工单', level: 1 })).toBeVisible();
    await expect(agent.getByText('在办 0/6')).toBeVisible();
  } finally {
    await context.close();
  }

  // The admin's list shows them on their own password now.
  await page.reload();
  await expect(page.locator(`tr[data-username="${username}"]`)).not.toContainText('待改密码');
});

test('the access matrix shows what each role may do', async ({ page }) => {
  await signIn(page, 'admin', 'demo1234');
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('link', { name: '权限' }).click();
  const staff = page.locator('tr[data-capability="manage_staff"] td');
  await expect(staff).toHaveCount(3);
  await expect(staff.nth(0)).toHaveClass('denied');
  await expect(staff.nth(2)).toHaveClass('allowed');
  const desk = page.locator('tr[data-capability="work_desk"] td.allowed');
  await expect(desk).toHaveCount(3);
});

test('an agent has no admin pages', async ({ page }) => {
  await signIn(page, 'agent', 'demo1234');
  await expect(page.getByRole('link', { name: '管理', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '员工账号' })).toHaveCount(0);
  await page.goto('/console/admin/staff');
  await expect(page.getByRole('alert')).toContainText('权限');
});

test('an admin adjusts a member\'s points with a reason, and the member sees it', async ({ page, browser, baseURL }) => {
  await signIn(page, 'admin', 'demo1234');
  // A member of the demo data other than the showcase one, so no other test's figures move.
  await page.goto('/console/customers?q=13900139000');
  await page.locator('a[href^="/console/customers/C"]').first().click();
  const card = page.getByRole('region', { name: '会员管理（管理员）' });
  const points = card.getByTestId('member-points');
  const before = Number(await points.textContent());
  await card.getByLabel('积分调整').fill('120');
  await card.getByRole('button', { name: '调整积分' }).click();
  // No reason, nothing done: the rule the server uses says so first.
  await expect(card.locator('#field-member-reason-error')).toHaveText('请填写原因，将记入审计日志。');
  await expect(points).toHaveText(String(before));
  await card.getByLabel('操作原因').fill('客服节问卷活动补发积分');
  await card.getByRole('button', { name: '调整积分' }).click();
  await expect(points).toHaveText(String(before + 120));
  // The rest of the page shows the new balance at once, and says what was done.
  await expect(page.getByTestId('profile-points')).toHaveText(String(before + 120));
  await expect(page.getByRole('status').filter({ hasText: '积分已调整' })).toBeVisible();

  const context = await browser.newContext({ baseURL });
  try {
    const member = await context.newPage();
    await member.goto('/sign-in');
    await member.getByLabel('手机号 / 邮箱 / 工号').fill('13900139000');
    await member.getByLabel('密码', { exact: true }).fill('demo1234');
    await member.getByRole('button', { name: '登录', exact: true }).click();
    await expect(member).toHaveURL(/\/my$/);
    await member.goto('/my/points');
    await expect(member.getByTestId('points-balance')).toHaveText(String(before + 120));
  } finally {
    await context.close();
  }
});

test('an admin sets a reward\'s stock to nothing, and a customer sees it sold out', async ({ page, browser, baseURL }) => {
  await signIn(page, 'admin', 'demo1234');
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('link', { name: '积分商城' }).click();
  const row = page.locator('tr[data-reward="jd-ecard-20"]');
  const stock = row.getByLabel('jd-ecard-20 stock');
  // A stock below zero is refused beside its field, and nothing is saved.
  await stock.fill('-3');
  await row.getByRole('button', { name: '保存' }).click();
  await expect(row.getByRole('alert')).toHaveText('请填写 0 或以上的整数。');
  await stock.fill('0');
  await row.getByRole('button', { name: '保存' }).click();
  await expect(row.getByRole('status')).toHaveText('已保存');

  const context = await browser.newContext({ baseURL });
  try {
    const customer = await context.newPage();
    await customer.goto('/sign-in');
    await customer.getByLabel('手机号 / 邮箱 / 工号').fill('13800138000');
    await customer.getByLabel('密码', { exact: true }).fill('demo1234');
    await customer.getByRole('button', { name: '登录', exact: true }).click();
    await expect(customer).toHaveURL(/\/my$/);
    await customer.goto('/my/points');
    await expect(customer.locator('li[data-reward="jd-ecard-20"]').getByRole('button')).toHaveText('已兑完');
  } finally {
    await context.close();
  }
});

test('the audit log shows who looked at a customer, and exports what it shows as CSV', async ({ page }) => {
  await signIn(page, 'admin', 'demo1234');
  // Looking at a customer is itself audited.
  await page.goto('/console/customers/C2020000001');
  await expect(page.getByRole('heading', { name: '会员管理（管理员）' })).toBeVisible();
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('link', { name: '审计日志' }).click();
  const filter = page.getByRole('form', { name: '筛选审计日志' });
  await filter.getByLabel('客户编号').fill('C2020000001');
  await filter.getByLabel('员工工号').fill('admin');
  await filter.getByRole('button', { name: '查询' }).click();
  const rows = page.locator('table.audit-table tbody tr');
  await expect(rows.first()).toContainText('C2020000001');
  await expect(rows.first()).toContainText('admin');
  // In the reader's words: the action named, the detail as fields, not codes or JSON.
  await expect(rows.first()).toContainText('查看客户资料');
  await expect(rows.first().locator('.audit-lines li').first()).toHaveText('客户编号: C2020000001');
  await expect(page.locator('table.audit-table')).not.toContainText('customer.view');
  const href = (await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href'))!;
  expect(href).toContain('customer_no=C2020000001');
  const csv = await page.request.get(href);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text.split('\r\n')[0]).toContain('at_utc,staff,staff_name,action,customer_no');
  expect(text).toContain('"C2020000001"');
  // Dates are typed year first, as a Chinese reader writes them, and read back as
  // YYYY-MM-DD; a day-first or month-first date is not guessed at.
  const from = filter.getByLabel('起始日期');
  await expect(from).toHaveAttribute('placeholder', /年-月-日/);
  await from.fill('2026年12月5日');
  await from.blur();
  await expect(from).toHaveValue('2026-12-05');
  const to = filter.getByLabel('截止日期');
  await to.fill('12/01/2026');
  await to.blur();
  await expect(filter.locator('#field-to-error')).toHaveText('请输入有效日期。');
  await to.fill('2026/12/1');
  await to.blur();
  await expect(to).toHaveValue('2026-12-01');
  await expect(filter.locator('#field-to-error')).toHaveCount(0);
  // A range that ends before it starts is refused beside its field.
  await filter.getByRole('button', { name: '查询' }).click();
  await expect(filter.locator('#field-to-error')).toHaveText('截止日期早于起始日期。');
});

test('a contact correction shows as waiting at once, and is gone once withdrawn', async ({ page }) => {
  await signIn(page, 'agent', 'demo1234');
  // A demo customer no other test writes to.
  await page.goto('/console/customers?q=customer0016@example.cn');
  await page.locator('a[href^="/console/customers/C"]').first().click();
  await expect(page.locator('#customer-title')).toBeVisible();
  const phoneBefore = (await page.locator('.customer-hero dd.mono').nth(1).textContent())!.trim();
  const correction = page.locator('details').filter({ has: page.getByRole('heading', { name: '更正联系方式' }) });
  await correction.getByRole('heading', { name: '更正联系方式' }).click();
  await correction.getByLabel('手机号').fill('13700001234');
  await correction.getByLabel('更正原因').fill('客户来电，核实身份后更正');
  await correction.getByRole('button', { name: '提交更正' }).click();
  // Without a reload: the correction waits, and the number on file is still the old one.
  const waiting = page.getByRole('region', { name: '待生效的联系方式更正' });
  await expect(waiting).toContainText('13700001234');
  await expect(page.getByRole('status').filter({ hasText: '已提交更正' })).toBeVisible();
  await expect(page.locator('.customer-hero dd.mono').nth(1)).toHaveText(phoneBefore);
  await expect(waiting.getByRole('button', { name: '批准更正' })).toHaveCount(0);
  await waiting.getByRole('button', { name: '撤回更正' }).click();
  await expect(waiting).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '更正已撤回' })).toBeVisible();
});
