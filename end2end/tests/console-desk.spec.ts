import { expect, test } from '@playwright/test';

// The work-order desk at desktop size (the console is desktop first). Texts are those of
// app/locales/zh-CN.json. Demo data: 李静 (agent) has open work orders of her own.

test('an agent answers with a canned reply filled in for the work order', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('agent');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { name: '我的工单', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: /^提醒/ })).toBeVisible();

  const row = page.locator('.desk-row', { hasText: '待受理' }).first();
  const orderNo = (await row.locator('.desk-meta.mono').textContent())!.match(/WO\d+/)![0];
  await row.locator('a.desk-subject').click();
  await expect(page).toHaveURL(new RegExp(`/console/work-orders/${orderNo}$`));

  // The shared "received" reply: the customer's name and the order number filled in, and
  // the status it sets chosen.
  await page.getByLabel('快捷回复').selectOption({ label: '已收到，正在处理' });
  const reply = page.locator('#composer-text');
  await expect(reply).toHaveValue(new RegExp(`您好，您的工单 ${orderNo} 我们已收到`));
  await expect(reply).not.toHaveValue(/\{/);
  await expect(page.locator('select#field-status')).toHaveValue('in_progress');
  const text = await reply.inputValue();
  await page.getByRole('button', { name: '发送回复' }).click();
  await expect(page.locator('ol.desk-thread li.message-insurer').last()).toContainText(text);
  await expect(page.locator('.wo-owner .badge').first()).toHaveText('处理中');
});
