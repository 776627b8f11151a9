import { expect, test } from '@playwright/test';

const PASSWORD = 'demo1234';

test('customer signs in, sees policies, opens one and switches language', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel('手机号 / 邮箱 / 工号').fill('138 0013 8000');
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();

  // The start page after signing in is the portal home; the policies are one step away.
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole('heading', { name: '我的服务' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的保单' }).click();
  await expect(page).toHaveURL(/\/my\/policies$/);
  await expect(page.getByRole('heading', { name: '我的保单' })).toBeVisible();
  await expect(page.getByText('共 6 份保单，2 份有效')).toBeVisible();
  const cards = page.locator('a.policy-card');
  await expect(cards).toHaveCount(6);
  for (const status of ['有效', '待生效', '失效', '已满期', '已退保']) {
    await expect(cards.getByText(status, { exact: true }).first()).toBeVisible();
  }

  const first = cards.first();
  const policyNo = (await first.locator('.policy-no .mono').textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/my/policies/${policyNo}$`));
  await expect(page.getByRole('heading', { name: '保障责任' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '被保险人' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '缴费计划' })).toBeVisible();
  await expect(page.getByText(policyNo)).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'What is covered' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The choice is remembered.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Premium schedule' })).toBeVisible();
  await page.getByRole('link', { name: '← Back to my policies' }).click();
  await expect(page.getByRole('heading', { name: 'My policies' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '我的保单' })).toBeVisible();
});

test('a wrong password shows the message and keeps the account typed', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('13900139000');
  await page.getByLabel('密码', { exact: true }).fill('not-the-password-1');
  await page.getByRole('button', { name: '登录', exact: true }).click();

  await expect(page.getByRole('alert')).toHaveText('账户或密码错误。');
  await expect(page.getByLabel('手机号 / 邮箱 / 工号')).toHaveValue('13900139000');
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('the sign-in form explains bad input beside the field', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('12345');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const account = page.getByLabel('手机号 / 邮箱 / 工号');
  await expect(account).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('账户格式不正确，请输入手机号、邮箱或工号。')).toBeVisible();
  await expect(page.getByText('请输入密码。')).toBeVisible();
});

test('someone else\'s policy number shows not found', async ({ page }) => {
  await page.goto('/sign-in?next=/my/policies/AU209900000001');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('demo@example.com');
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/my\/policies\/AU209900000001$/);
  await expect(page.getByText('没有找到您要的内容，或您无权查看。')).toBeVisible();
});

test('unknown pages show a 404 page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
});
