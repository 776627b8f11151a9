import { expect, test } from '@playwright/test';

// The console and the portal, live: what an agent does reaches the customer's open page
// without a reload (server-sent events). Desktop for the agent, a phone for the customer.
// Texts are those of app/locales/zh-CN.json.

test('an agent takes the next VIP work order, answers with a canned reply and passes it on; the customer sees the answer without reloading', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the console is desktop first');
  // 孙涛 (claims and complaints) is away, so no new work is given to him while the test runs.
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('agent.sun');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/console$/);

  // The head of his groups' queues is a VIP customer's.
  await page.getByRole('button', { name: /领取下一单/ }).click();
  await expect(page).toHaveURL(/\/console\/work-orders\/WO\d+$/);
  const orderNo = page.url().match(/WO\d+/)![0];
  // One label says so, beside the customer (the tier, as VIP), not a second one on the case.
  await expect(page.locator('.wo-side .badge-tier')).toHaveText(/^(白银|黄金|铂金)VIP$/);
  await expect(page.locator('.wo-head h1 .badge-vip')).toHaveCount(0);
  await expect(page.locator('.wo-side .facts-list div', { hasText: '实名认证' }).locator('dd')).toHaveText(/^(未实名|已实名|已实名（高级）)$/);
  const phone = (await page.locator('.wo-side .facts-list div', { hasText: '手机号' }).locator('dd').textContent())!.trim();
  expect(phone).toMatch(/^1\d{10}$/);

  // The customer opens the work order on their phone, in their own browser.
  const customerContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const customer = await customerContext.newPage();
  await customer.goto('/sign-in');
  await customer.getByLabel('手机号 / 邮箱 / 工号').fill(phone);
  await customer.getByLabel('密码', { exact: true }).fill('demo1234');
  await customer.getByRole('button', { name: '登录', exact: true }).click();
  await expect(customer).toHaveURL(/\/my$/);
  await customer.goto(`/my/work-orders/${orderNo}`);
  await expect(customer.locator('.page-head .eyebrow')).toHaveText(orderNo);
  const before = await customer.locator('ol.thread li.message-insurer').count();

  // The agent answers with the shared "received" reply.
  await page.getByLabel('快捷回复').selectOption({ label: '已收到，正在处理' });
  const reply = await page.locator('#composer-text').inputValue();
  expect(reply).toContain(orderNo);
  await page.getByRole('button', { name: '发送回复' }).click();
  await expect(page.locator('ol.desk-thread li.message-insurer').last()).toContainText(reply);

  // The customer's page shows it by itself: no reload, no navigation.
  await expect(customer.locator('ol.thread li.message-insurer')).toHaveCount(before + 1, { timeout: 5_000 });
  await expect(customer.locator('ol.thread li.message-insurer').last()).toContainText(reply);
  await expect(customer.locator('.page-head .badge')).toHaveText('处理中');

  // He passes it to the complaints group with a note for whoever picks it up.
  await page.locator('details.transfer summary', { hasText: '转派' }).click();
  await page.getByLabel('转到技能组').selectOption({ label: '投诉处理组' });
  const note = '客户对处理时效有意见，已致歉并说明进度，请投诉组跟进。';
  await page.getByLabel('转派说明').fill(note);
  await page.getByRole('button', { name: '转派', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已转派' })).toBeVisible();
  await expect(page.locator('ol.history')).toContainText(note);

  // Passed on out of his groups, it is no longer his to see: he lands back on his desk,
  // which says where it went (not "not found" under a green "transferred").
  const transfer = page.locator('details.transfer');
  if ((await transfer.getAttribute('open')) === null) await transfer.locator('summary').click();
  await page.getByLabel('转到技能组').selectOption({ label: '保全服务组' });
  await page.getByLabel('转派说明').fill('客户还要办理保单变更，请保全组一并处理。');
  await page.getByRole('button', { name: '转派', exact: true }).click();
  await expect(page).toHaveURL(/\/console\?transferred=WO\d+/);
  await expect(page.getByRole('status').filter({ hasText: `${orderNo} 已转至保全服务组` })).toBeVisible();
  await expect(page.getByText('没有找到')).toHaveCount(0);

  await customerContext.close();
});
