import { expect, test, type Browser, type Page } from '@playwright/test';

// The console's claims desk, at desktop size (the console is desktop first). Texts are
// those of app/locales/zh-CN.json. Demo data: 王磊 (agent.wang, claims groups, authority
// ¥10,000) handles CL2026910003, dispatched, ¥12,600 claimed; the supervisor 赵海燕 approves
// up to ¥100,000.

const PASSWORD = 'demo1234';

async function signIn(page: Page, account: string) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // Agents land on their desk, supervisors on the live board.
  await expect(page).toHaveURL(/\/console(\/board)?$/);
}

async function staffPage(browser: Browser, baseURL: string | undefined, account: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, account);
  return { context, page };
}

test.describe('claims desk', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  });

  test('claims by stage with their committed time; an agent outside the claims groups has no claims desk', async ({
    page,
    browser,
    baseURL,
  }) => {
    await signIn(page, 'agent.wang');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '理赔台' }).click();
    await expect(page.getByRole('heading', { name: '我经办的', level: 1 })).toBeVisible();
    await expect(page.getByText('您的核赔权限：¥10,000.00 以内')).toBeVisible();
    const strip = page.getByRole('list', { name: '各环节在办案件' });
    await expect(strip.locator('li.stage-cell')).toHaveCount(7);
    await expect(strip.locator('li.stage-cell').first()).toContainText('时限');
    const rows = page.locator('table.claim-table tbody tr');
    await expect(rows.first()).toBeVisible();
    await expect(rows.filter({ hasText: 'CL2026910003' })).toHaveCount(1);

    await page.getByRole('link', { name: /^快赔复核/ }).click();
    await expect(page).toHaveURL(/view=fast_track/);
    await expect(page.locator('table.claim-table tbody tr').first()).toContainText('快速理赔');

    const other = await staffPage(browser, baseURL, 'agent');
    try {
      const nav = other.page.getByRole('navigation', { name: '主导航' });
      await expect(nav.getByRole('link', { name: '客户查询' })).toBeVisible();
      await expect(nav.getByRole('link', { name: '理赔台' })).toHaveCount(0);
      await other.page.goto('/console/claims');
      await expect(other.page.getByText('您没有权限执行此操作。')).toBeVisible();
    } finally {
      await other.context.close();
    }
  });

  test('a handler moves a claim through its stages; a payout above their authority waits for the supervisor', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, 'agent.wang');
    await page.goto('/console/claims/CL2026910003');
    await expect(page.locator('.wo-owner .badge').first()).toHaveText('已调度');
    const moveOn = page.locator('form.advance-form button[type=submit]');

    // The survey needs its findings, said beside the field.
    await expect(moveOn).toHaveText('推进至：已查勘定损');
    await moveOn.click();
    await expect(page.locator('#field-survey_notes-error')).toHaveText('请填写查勘记录。');
    await page.getByLabel('查勘记录').fill('现场核实：病历与发票一致，住院5天。');
    await moveOn.click();
    await expect(page.locator('p.banner-success')).toHaveText('已推进，已通知客户。');
    await expect(moveOn).toHaveText('推进至：已立案');
    await moveOn.click();
    await expect(moveOn).toHaveText('推进至：已核损');
    await moveOn.click();
    await expect(moveOn).toHaveText('推进至：已理算');

    // The adjustment: the payout cannot exceed the assessed loss.
    await page.getByLabel('定损金额（元）').fill('12600');
    await page.getByLabel('赔付金额').fill('13000');
    await moveOn.click();
    await expect(page.locator('#field-payout-error')).toHaveText('赔付金额不能超过定损金额。');
    await page.getByLabel('赔付金额').fill('12000');
    await moveOn.click();
    await expect(moveOn).toHaveText('推进至：已核赔');

    // ¥12,000 is above ¥10,000: said before, sent for approval after.
    await expect(page.getByText('该赔款超出您的权限（¥10,000.00）')).toBeVisible();
    await moveOn.click();
    await expect(page.locator('p.banner-success')).toHaveText('超出您的权限，已提交审批。');
    const approvals = page.getByRole('region', { name: '赔款审批' });
    await expect(approvals.locator('.badge')).toHaveText('待审批');
    await expect(approvals.getByRole('button', { name: '批准赔付' })).toHaveCount(0);
    await expect(moveOn).toBeDisabled();

    // The supervisor finds it in their approvals and approves it.
    const supervisor = await staffPage(browser, baseURL, 'supervisor');
    try {
      const sp = supervisor.page;
      await sp.goto('/console/claims?view=approvals');
      await expect(sp.getByRole('heading', { name: '待我审批', level: 1 })).toBeVisible();
      await sp.locator('table.claim-table tbody tr', { hasText: 'CL2026910003' }).getByRole('link').click();
      await expect(sp).toHaveURL(/\/console\/claims\/CL2026910003$/);
      // Money leaves on approval: the first press says how much and to which account.
      await sp.getByRole('button', { name: '批准赔付' }).click();
      const confirm = sp.getByRole('region', { name: '赔款审批' }).locator('p.banner-warn');
      await expect(confirm).toContainText('支付 ¥12,000.00');
      await expect(confirm).toContainText(/向 \S+银行 \S*\d{4}/);
      await expect(sp.locator('p.banner-success')).toHaveCount(0);
      await sp.getByRole('button', { name: '确认批准并支付' }).click();
      await expect(sp.locator('p.banner-success')).toHaveText('已批准赔付，案件继续推进。');
      await expect(sp.locator('.wo-owner .badge').first()).toHaveText('已核赔');
    } finally {
      await supervisor.context.close();
    }

    // Back with the handler: the claim closes and pays.
    await page.reload();
    await expect(moveOn).toHaveText('结案并支付 ¥12,000.00');
    await moveOn.click();
    await expect(page.locator('.wo-owner .badge').first()).toHaveText('已赔付');
    await expect(page.locator('form.advance-form')).toHaveCount(0);
  });
});
