import { expect, test } from '@playwright/test';

test('agent signs in and looks up a customer by mobile number', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('agent');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();

  await expect(page).toHaveURL(/\/console$/);
  // The desk first: the agent's own work orders, with the queue views beside them.
  await expect(page.getByRole('heading', { name: '我的工单' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '客户查询' }).click();
  await expect(page.getByRole('heading', { name: '客户查询' })).toBeVisible();

  const search = page.getByLabel('姓名 / 客户编号 / 手机号');
  await search.fill('123');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('无法识别', { exact: false })).toBeVisible();

  // Part of a name finds the customer too.
  await search.fill('晓明');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('link', { name: '陈晓明' })).toBeVisible();

  await search.fill('138 0013 8000');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page).toHaveURL(/\/console\/customers\?q=/);
  await page.getByRole('link', { name: '陈晓明' }).click();

  await expect(page.getByRole('heading', { name: '陈晓明' })).toBeVisible();
  await expect(page.getByText('13800138000')).toBeVisible();
  await expect(page.locator('a.policy-card')).toHaveCount(6);
  await page.locator('a.policy-card').first().click();
  await expect(page.getByRole('heading', { name: '保障责任' })).toBeVisible();
  await page.getByRole('link', { name: '← 返回客户资料' }).click();
  await expect(page.getByRole('heading', { name: '陈晓明' })).toBeVisible();
});

test('a customer cannot open the agent console', async ({ page }) => {
  await page.goto('/sign-in?next=/console');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('13800138000');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('无权访问')).toBeVisible();
});
