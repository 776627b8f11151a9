import { expect, test } from '@playwright/test';

// Not a check: saves screenshots of the main pages for people to look at.
// Run with SCREENSHOTS=1 npx playwright test screenshots

async function signIn(page, account: string) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

test('screenshots', async ({ page }, info) => {
  test.setTimeout(120_000);
  const shot = (name: string) => page.screenshot({ path: `screenshots/${info.project.name}-${name}.png`, fullPage: true });
  // What a visitor sees before the app has loaded: the form the server painted.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/sign-in');
  await expect(page.locator('#boot input[name="account"]')).toBeVisible();
  await shot('sign-in-painted');
  await page.goto('/my/claims');
  await shot('skeleton');
  release();
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: '欢迎回来' })).toBeVisible();
  await shot('sign-in');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await shot('sign-in-errors');

  await signIn(page, '13800138000');
  await expect(page.getByRole('heading', { name: '我的服务' })).toBeVisible();
  await expect(page.locator('li.announcement')).toHaveCount(3);
  await shot('home');
  await page.goto('/my/claims');
  await expect(page.locator('a.claim-card').first()).toBeVisible();
  await shot('claims');
  await page.locator('a.claim-card').first().click();
  await expect(page.locator('ol.timeline')).toBeVisible();
  await shot('claim');
  await page.goto('/my/claims/CL2026900004');
  await expect(page.locator('.timeline-overdue')).toBeVisible();
  await shot('claim-overdue');
  await page.goto('/my/claims/CL2026900009');
  await expect(page.locator('.outcome')).toBeVisible();
  await shot('claim-refused');
  await page.goto('/my/claims/new');
  await expect(page.getByRole('heading', { name: '在线报案' })).toBeVisible();
  await shot('claim-new');
  await page.locator('select#field-policy_no').selectOption({ index: 1 });
  await page.getByRole('button', { name: '提交报案' }).click();
  await expect(page.locator('#field-coverage_code-error')).toBeVisible();
  await shot('claim-new-errors');
  // A page whose code did not arrive (a flaky network), then the page itself.
  await page.route(/\/split_MyPoints\.wasm$/, (route) => route.abort('failed'));
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '积分' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await shot('page-code-failed');
  await page.unroute(/\/split_MyPoints\.wasm$/);
  await page.goto('/my/points');
  await expect(page.getByTestId('points-balance')).toBeVisible();
  await shot('points');
  // Redeeming asks first, and which number phone credit goes to.
  await page.locator('li[data-reward="phone-credit-10"]').getByRole('button', { name: '立即兑换' }).click();
  await expect(page.getByText('留空则充值到您的手机', { exact: false })).toBeVisible();
  await shot('points-redeem-confirm');
  await page.goto('/my/campaigns');
  await expect(page.locator('[data-campaign="service-festival"]')).toBeVisible();
  await shot('campaigns');
  await page.goto('/my/notifications');
  await expect(page.locator('.page-summary')).toBeVisible();
  await shot('notifications');
  await page.goto('/my/policies');
  await expect(page.locator('a.policy-card')).toHaveCount(6);
  await shot('policies');
  await page.locator('a.policy-card').first().click();
  await expect(page.getByRole('heading', { name: '保障责任' })).toBeVisible();
  await shot('policy');
  await page.getByRole('link', { name: '本保单的理赔' }).click();
  await expect(page.getByText('仅看保单', { exact: false })).toBeVisible();
  await shot('claims-of-policy');
  await page.goBack();
  await expect(page.getByRole('heading', { name: '保障责任' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'What is covered' })).toBeVisible();
  await shot('policy-en');
  await page.getByRole('button', { name: '中文' }).click();
  await page.goto('/my/account');
  await expect(page.getByRole('heading', { name: '我的账户' })).toBeVisible();
  await shot('account');
  // A question just asked: the page says by when the insurer will answer.
  const opened = await page.request.post('/api/work_orders/open', {
    data: {
      form: {
        kind: 'consultation',
        subject: '年度体检可以带家属吗',
        message: '我是金卡会员，年度体检能不能给父母也预约一次？',
        request_key: `shot-${info.project.name}-${Date.now()}`,
      },
    },
  });
  const orderNo = (await opened.json()).summary.order_no;
  await page.goto(`/my/work-orders/${orderNo}`);
  await expect(page.locator('.promise')).toBeVisible();
  await shot('work-order');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);

  await signIn(page, 'agent');
  await expect(page.locator('.desk-table')).toBeVisible();
  await shot('console-desk');
  await page.goto('/console?view=unassigned');
  await expect(page.locator('.desk-row').first()).toBeVisible();
  await page.locator('.desk-row a').first().click();
  await expect(page.locator('.wo-head h1')).toBeVisible();
  await shot('console-work-order');
  await page.goto('/console/customers');
  await page.getByLabel('姓名 / 客户编号 / 手机号').fill('13800138000');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('link', { name: '陈晓明' })).toBeVisible();
  await shot('console-search');
  await page.getByRole('link', { name: '陈晓明' }).click();
  await expect(page.locator('a.policy-card')).toHaveCount(6);
  await shot('console-customer');
  await page.goto('/console/follow-ups');
  await expect(page.getByRole('heading', { name: '客户回访', level: 1 })).toBeVisible();
  await shot('console-follow-ups');
  await page.goto('/console/customers?q=13700009999');
  await expect(page.getByRole('heading', { name: '登记新客户来电' })).toBeVisible();
  await shot('console-new-caller');
  await page.goto('/console/reviews');
  await expect(page.getByRole('heading', { name: '证件照片审核', level: 1 })).toBeVisible();
  await shot('console-reviews');
  // A contact correction waiting for the customer's code or a second person.
  await page.goto('/console/customers?q=customer0016@example.cn');
  await page.locator('a[href^="/console/customers/C"]').first().click();
  const correction = page.locator('details').filter({ has: page.getByRole('heading', { name: '更正联系方式' }) });
  await correction.getByRole('heading', { name: '更正联系方式' }).click();
  await shot('console-contact-change-form');
  await correction.getByLabel('手机号').fill('13700001234');
  await correction.getByLabel('更正原因').fill('客户来电，原号码已停用');
  await correction.getByRole('button', { name: '提交更正' }).click();
  const waiting = page.getByRole('region', { name: '待生效的联系方式更正' });
  await expect(waiting).toBeVisible();
  await shot('console-contact-change');
  await page.goto('/console/reviews');
  await expect(page.getByRole('heading', { name: '待复核的联系方式更正' })).toBeVisible();
  await shot('console-reviews-contact-change');
  await page.getByRole('button', { name: '撤回更正' }).click();
  await expect(page.getByText('没有待复核的更正。')).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);
  await signIn(page, 'agent.wang');
  await expect(page).toHaveURL(/\/console$/);
  await page.goto('/console/claims?view=all');
  await expect(page.locator('table.claim-table tbody tr').first()).toBeVisible();
  await shot('console-claims');
  await page.goto('/console/claims/CL2026910008');
  await expect(page.locator('.wo-head h1')).toBeVisible();
  await shot('console-claim-approval');
  await page.goto('/console/claims/CL2026910006');
  await expect(page.locator('form.advance-form')).toBeVisible();
  await shot('console-claim');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);

  await signIn(page, 'admin');
  await expect(page).toHaveURL(/\/console$/);
  await page.goto('/console/admin/staff');
  await expect(page.locator('table.staff-table tbody tr').first()).toBeVisible();
  await page.getByRole('button', { name: '新建员工' }).click();
  await shot('admin-staff');
  await page.goto('/console/admin/access');
  await expect(page.locator('table.access-matrix')).toBeVisible();
  await shot('admin-access');
  await page.goto('/console/customers/C2020000001');
  await expect(page.getByRole('heading', { name: '会员管理（管理员）' })).toBeVisible();
  await expect(page.getByTestId('member-points')).toBeVisible();
  await shot('admin-member');
  await page.goto('/console/admin/audit');
  await expect(page.locator('table.audit-table tbody tr').first()).toBeVisible();
  await shot('admin-audit');
  await page.goto('/console/admin/rewards');
  await expect(page.locator('table.reward-table tbody tr').first()).toBeVisible();
  await shot('admin-rewards');
  await page.goto('/console/admin/rules');
  await expect(page.locator('tr[data-sla]').first()).toBeVisible();
  await shot('admin-rules');
  await page.goto('/console/admin/catalog');
  await expect(page.locator('[data-product]').first()).toBeVisible();
  await expect(page.locator('tr[data-route]').first()).toBeVisible();
  await shot('admin-catalog');
  await page.goto('/console/admin/campaigns');
  await expect(page.locator('tr[data-campaign]').first()).toBeVisible();
  await page.getByRole('button', { name: '编辑' }).first().click();
  await shot('admin-campaigns');
  await page.goto('/console/admin/knowledge');
  await expect(page.locator('table.article-table tbody tr').first()).toBeVisible();
  await page.getByRole('button', { name: '编辑' }).first().click();
  await shot('admin-knowledge');
  await page.goto('/console/admin/announcements');
  await expect(page.locator('table.announcement-table tbody tr').first()).toBeVisible();
  await page.getByRole('button', { name: '新建公告' }).click();
  await shot('admin-announcements');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/register');
  await shot('register');
  await page.goto('/sign-in');
  await page.getByRole('button', { name: '使用验证码登录' }).click();
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('13900139000');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发出')).toBeVisible();
  await shot('sign-in-code');
  await page.goto('/reset-password');
  await shot('reset-password');
  await page.goto('/help');
  await expect(page.getByTestId('help-results').getByRole('link').first()).toBeVisible();
  await shot('help');
  await page.goto('/help/how-to-report-a-claim');
  await expect(page.getByTestId('help-article')).toBeVisible();
  await shot('help-article');
  await page.goto('/nope');
  await shot('404');
});
