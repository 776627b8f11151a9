import { createHmac } from 'node:crypto';
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

  // Time left reads as Chinese readers write it (2小时05分, not 2h 05m).
  const due = (await page.locator('.desk-row td.due').first().textContent())!.trim();
  expect(due).toMatch(/^(−?\d+(天\d+小时|小时\d{2}分|分钟)|已暂停)$/);

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

  // A form sends once however fast it is pressed: two presses in one go add one note, and
  // the button is disabled while it sends.
  await page.getByRole('tab', { name: /内部备注/ }).click();
  const note = `核对保单信息 ${Date.now()}`;
  await reply.fill(note);
  const add = page.getByRole('button', { name: '添加备注' });
  await add.evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });
  await expect(page.locator('ol.desk-thread li.message-note', { hasText: note })).toHaveCount(1);
  // Sent: the composer is ready again (back on the public reply).
  await expect(page.locator('form.composer button[type=submit]')).toBeEnabled();
  await page.reload();
  await expect(page.locator('ol.desk-thread li.message-note', { hasText: note })).toHaveCount(1);
});

test('a call put through to the agent pops up the caller, whose page is one click away', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('agent.he');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/console$/);

  // The telephony system reports the call, signed with the shared secret.
  const body = JSON.stringify({ call_id: `e2e-${Date.now()}`, agent: 'agent.he', caller: '13800138000' });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', 'e2e-cti-secret-0123456789').update(`${timestamp}.${body}`).digest('hex');
  const reported = await request.post('/cti/calls', {
    data: body,
    headers: {
      'content-type': 'application/json',
      'x-anxin-timestamp': String(timestamp),
      'x-anxin-signature': `sha256=${signature}`,
    },
  });
  expect(reported.status(), await reported.text()).toBe(200);

  const popup = page.getByRole('alert').filter({ hasText: '来电' });
  await expect(popup).toContainText('陈晓明 138****8000', { timeout: 10_000 });
  await popup.getByRole('button', { name: '打开客户页' }).click();
  await expect(page).toHaveURL(/\/console\/customers\/C\d+$/);
  await expect(page.getByRole('heading', { name: '陈晓明', level: 1 })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '来电' })).toHaveCount(0);
});
