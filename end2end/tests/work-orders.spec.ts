import { expect, test, type Page } from '@playwright/test';
import { oneDemoChangeAtATime } from './demo-lock';

// Work orders (咨询投诉), the member level they may need, and the satisfaction rating.
// Texts are those of app/locales/zh-CN.json. The demo customer is 实名会员 (verified, not
// advanced-verified) and a 黄金 VIP.

const CUSTOMER = '13800138000';
const PASSWORD = 'demo1234';

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(CUSTOMER);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/my$/);
}

/// An ID photo: a real (tiny, 64×48) JPEG, starting FF D8 FF E0 like any JFIF file. The
/// server recognises files by their content and decodes photos, so it must be a real one.
const ID_PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAwAEADASIAAhEBAxEB/8QAGQABAAMBAQAAAAAAAAAAAAAAAAEFBwYC/8QAKxAAAQEFAw0BAAAAAAAAAAAAAAYBAhESFAMEMgUIExUXIzFGVYSkw9JR/8QAGgEAAgMBAQAAAAAAAAAAAAAAAwQCBQYBB//EACARAAIBAwUBAQAAAAAAAAAAAAECAAMEcQUREoGxITT/2gAMAwEAAhEDEQA/AOUJAPQGaYGAXabS2WFLUakudTTy6XeuOSzRhiayOFvD8LrZcsej+VY/YlUuaanizAHMKtvVcclQkYM4sHa7Llj0fyrH7KVRpbLCap9dXOmqJtFvXH5pYRwtbDEziLm4psdlYHuRe3rIOTIQMGUoABO0BPIBJaO0nNpzcOYe39ptJi2bhzD2/tNpMlqP24brwTX6V+VO/TBi+cdy93HqNoMXzjuXu49QOz+Vh35Oar+R+vRMWJALZmmNngkAtHaTl2m1RlhNVGpb5TVEul3Tj80sYYmNhibw/S62oLDrHjWPwcWBKpTpsdyoJxCLc1kHFXIGTO02oLDrHjWPwUyjVGWFJT66vlTTzaLdOOSzQjhYyOFnH8KQkXKIp3UATj3NZxxZyRkwASCZovP/2Q==',
  'base64',
);

/// A subject no other test (or earlier run against the same database) uses.
function uniqueSubject(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}`;
}

test('the request form explains each problem beside its field', async ({ page }) => {
  // Writes nothing: the form is refused before sending.
  await signIn(page);
  await page.goto('/my/work-orders/new');
  await expect(page.getByRole('heading', { name: '新建工单', level: 1 })).toBeVisible();
  const submit = page.getByRole('button', { name: '提交', exact: true });

  // Nothing chosen: the type is asked for first, and only the type.
  await submit.click();
  await expect(page.locator('#field-kind')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-kind-error')).toHaveText('请选择类型。');
  await expect(page.locator('#field-subject-error')).toHaveCount(0);
  await expect(page.locator('#field-message-error')).toHaveCount(0);

  // With a type, the empty title and description have their own messages.
  const kind = page.locator('select#field-kind');
  await kind.selectOption({ label: '投诉' });
  await expect(kind).toHaveValue('complaint');
  await expect(page.locator('#field-kind-error')).toHaveCount(0);
  await submit.click();
  await expect(page.locator('#field-subject-error')).toHaveText('请填写标题。');
  await expect(page.locator('#field-subject')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-message-error')).toHaveText('请填写内容。');
  await expect(page.locator('#field-message')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-kind-error')).toHaveCount(0);
  await expect(page.locator('#field-kind')).toHaveAttribute('aria-invalid', 'false');
  await expect(page).toHaveURL(/\/my\/work-orders\/new$/);
});

// These change the demo customer's data (or depend on its member level staying as it is),
// so they run in the phone project only, one after the other in one worker.
test.describe('requests of the demo customer', () => {
  test.describe.configure({ mode: 'default' });
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes shared demo data');
  });
  oneDemoChangeAtATime();

  test('a complaint is opened, shown with its message and listed', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/work-orders/new');
    const subject = uniqueSubject('理赔员电话一直打不通');
    const message = '报案后三天内拨打理赔员电话十余次都无人接听，希望尽快安排回电。';

    await page.locator('select#field-kind').selectOption({ label: '投诉' });
    await expect(page.locator('select#field-kind')).toHaveValue('complaint');
    await page.locator('#field-subject').fill(subject);
    await page.locator('#field-message').fill(message);
    await page.getByRole('button', { name: '提交', exact: true }).click();

    await expect(page).toHaveURL(/\/my\/work-orders\/WO\d+$/);
    const orderNo = page.url().split('/').pop()!;
    await expect(page.getByRole('heading', { name: subject, level: 1 })).toBeVisible();
    await expect(page.locator('.page-head .eyebrow')).toHaveText(orderNo);
    await expect(page.locator('.page-head .badge')).toHaveText('待受理');
    await expect(page.locator('.page-head')).toContainText('投诉');
    const thread = page.getByRole('region', { name: '沟通记录' });
    await expect(thread.getByRole('heading', { name: '沟通记录' })).toBeVisible();
    const messages = thread.locator('li.message');
    await expect(messages).toHaveCount(1);
    await expect(messages.first()).toContainText(message);
    await expect(messages.first().locator('.message-author')).toHaveText('我');

    await page.getByRole('link', { name: '← 返回咨询投诉' }).click();
    await expect(page).toHaveURL(/\/my\/work-orders$/);
    await expect(page.getByRole('heading', { name: '咨询投诉', level: 1 })).toBeVisible();
    const card = page.locator('a.request-card', { hasText: subject });
    await expect(card).toHaveCount(1);
    await expect(card.locator('.claim-no')).toHaveText(orderNo);
    await expect(card.locator('.badge')).toHaveText('待受理');
    await expect(card).toContainText('投诉');
  });

  test('changing the payout account waits for advanced verification', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/work-orders/new?kind=policy_service&service=payout_account_change');
    await expect(page.locator('select#field-kind')).toHaveValue('policy_service');
    await expect(page.locator('select#field-service_type')).toHaveValue('payout_account_change');

    // Said before anything is typed.
    const hint = page.locator('.banner-info', { hasText: '此项变更需要高级实名认证。' });
    await expect(hint).toBeVisible();
    await expect(hint.getByRole('link', { name: '去认证' })).toHaveAttribute('href', '/my/account#verification');

    const policy = page.locator('select#field-policy_no');
    const firstPolicy = policy.locator('option:not([value=""])').first();
    await expect(firstPolicy).toBeAttached();
    const policyNo = (await firstPolicy.getAttribute('value'))!;
    await policy.selectOption(policyNo);
    await expect(policy).toHaveValue(policyNo);
    await page.locator('#field-payout_bank').fill('招商银行');
    await page.locator('#field-payout_account').fill('6225 8899 0011 2233');
    const subject = uniqueSubject('变更理赔收款账户');
    await page.locator('#field-subject').fill(subject);
    await page.locator('#field-message').fill('原银行卡已注销，请将收款账户改为新的招商银行卡。');
    await page.getByRole('button', { name: '提交', exact: true }).click();

    // The server refuses it for the member level, and says which level is needed.
    const banner = page.locator('.banner-error[role=alert]');
    await expect(banner).toContainText('此业务需要“高级实名会员”，请先完成认证或升级。');
    await expect(page).toHaveURL(/\/my\/work-orders\/new\?/);
    const verify = banner.getByRole('link', { name: '去认证' });
    await expect(verify).toBeVisible();
    await verify.click();

    await expect(page).toHaveURL(/\/my\/account#verification$/);
    const verification = page.getByRole('region', { name: '实名认证' });
    await expect(verification).toBeVisible();
    await expect(verification.locator('.steps li.current')).toHaveText('实名会员');
    await expect(verification.getByText('上传身份证照片', { exact: true })).toBeVisible();
    await expect(verification.getByRole('button', { name: '提交审核' })).toBeDisabled();

    // Nothing was opened.
    await page.goto('/my/work-orders');
    await expect(page.locator('a.request-card').first()).toBeVisible();
    await expect(page.locator('a.request-card', { hasText: subject })).toHaveCount(0);
  });

  // After the test above: the customer stays 实名会员 while the review is pending.
  test('an ID photo is sent for advanced verification and approved at the console', async ({ page, browser, baseURL }) => {
    await signIn(page);
    await page.goto('/my/account');
    const verification = page.getByRole('region', { name: '实名认证' });
    await expect(verification.getByText('上传身份证照片', { exact: true })).toBeVisible();
    const send = verification.getByRole('button', { name: '提交审核' });
    await expect(send).toBeDisabled();

    expect([...ID_PHOTO.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    await verification.locator('input[type=file]').setInputFiles({
      name: 'id-card.jpg',
      mimeType: 'image/jpeg',
      buffer: ID_PHOTO,
    });
    const row = verification.locator('li.upload-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByText('已上传', { exact: true })).toBeVisible();
    await expect(row).toHaveAttribute('data-state', 'done');
    await expect(send).toBeEnabled();
    await send.click();

    const pending = '您的证件照片正在人工审核中，通常 1 个工作日内完成。';
    await expect(verification.getByRole('status')).toHaveText(pending);
    await expect(verification.getByRole('button', { name: '提交审核' })).toHaveCount(0);
    await expect(verification.locator('.steps li.current')).toHaveText('实名会员');

    await page.reload();
    await expect(page.getByRole('region', { name: '实名认证' }).getByRole('status')).toHaveText(pending);

    // 李静 of policy services reviews it in the console, beside the name on record.
    const staff = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const console = await staff.newPage();
      await console.goto('/sign-in');
      await console.getByLabel('手机号 / 邮箱 / 工号').fill('agent');
      await console.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await console.getByRole('button', { name: '登录', exact: true }).click();
      await expect(console).toHaveURL(/\/console$/);
      await console.getByRole('link', { name: '证件审核' }).click();
      await expect(console.getByRole('heading', { name: '证件照片审核', level: 1 })).toBeVisible();
      const card = console.locator('li.review-card', { hasText: '陈晓明' });
      await expect(card.locator('img')).toHaveJSProperty('complete', true);
      expect(await card.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      // Refusing needs a reason; approving does not.
      await card.getByRole('button', { name: '不通过' }).click();
      await expect(card.locator('.field-error')).toHaveText('请填写理由。');
      await card.getByRole('button', { name: '审核通过' }).click();
      await expect(console.locator('li.review-card', { hasText: '陈晓明' })).toHaveCount(0);
      await expect(console.locator('table tbody tr', { hasText: '陈晓明' }).first()).toContainText('已通过');
    } finally {
      await staff.close();
    }
    await page.reload();
    await expect(page.getByRole('region', { name: '实名认证' }).locator('.steps li.current')).toHaveText('高级实名会员');
  });

  test('a reply to a question from the insurer puts the request back in progress', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/work-orders/WO2026900001');
    await expect(page.getByRole('heading', { name: '住院押金发票能否用于报销', level: 1 })).toBeVisible();
    const badge = page.locator('.page-head .badge');
    await expect(badge).toHaveText('待您补充');
    const messages = page.getByRole('region', { name: '沟通记录' }).locator('li.message');
    await expect(messages).toHaveCount(2);
    await expect(messages.last().locator('.message-author')).toHaveText('客服');

    const reply = '孩子 11 月 20 日出院，结算发票已经拿到，稍后在理赔页面上传。';
    await page.getByLabel('回复', { exact: true }).fill(reply);
    await page.getByRole('button', { name: '发送', exact: true }).click();

    await expect(messages).toHaveCount(3);
    await expect(messages.last()).toContainText(reply);
    await expect(messages.last().locator('.message-author')).toHaveText('我');
    await expect(badge).toHaveText('处理中');
    await expect(page.getByLabel('回复', { exact: true })).toHaveValue('');

    await page.reload();
    await expect(page.locator('.page-head .badge')).toHaveText('处理中');
    await expect(page.getByRole('region', { name: '沟通记录' }).locator('li.message').last()).toContainText(reply);
  });

  test('a finished claim can be rated once, for points', async ({ page }) => {
    await signIn(page);

    // Already rated: the stars given, no form.
    await page.goto('/my/claims/CL2026900008');
    const given = page.locator('.rating-card');
    await expect(given.getByRole('heading', { name: '服务评价' })).toBeVisible();
    await expect(given.locator('.stars')).toHaveText('★★★★★');
    await expect(given.locator('.stars')).toHaveAttribute('aria-label', '您的评分：5 星');
    await expect(given.getByText('感谢您的评价。')).toBeVisible();
    await expect(given.getByRole('button', { name: '提交评价' })).toHaveCount(0);

    // The refused claim waits for a rating.
    await page.goto('/my/claims/CL2026900009');
    const card = page.getByRole('region', { name: '服务评价' });
    await expect(card).toBeVisible();
    await expect(card.getByText('您对本次服务满意吗？评价后可获得积分。')).toBeVisible();
    const submit = card.getByRole('button', { name: '提交评价' });
    await expect(submit).toBeDisabled();
    const four = card.getByRole('radio', { name: '4 星', exact: true });
    await four.click();
    await expect(four).toHaveAttribute('aria-checked', 'true');
    await expect(card.locator('button.star.on')).toHaveCount(4);
    await card.getByLabel('您的意见（选填）').fill('审核说明很清楚，虽然拒赔但理解原因。');
    await expect(submit).toBeEnabled();
    await submit.click();

    const sent = card.getByRole('status');
    await expect(sent).toHaveText(/^感谢评价！获得 \d+ 积分。$/);
    const points = Number((await sent.textContent())!.match(/\d+/)![0]);
    expect(points).toBeGreaterThan(0);
    await expect(submit).toHaveCount(0);

    // Once only: now it shows the stars given.
    await page.reload();
    const rated = page.locator('.rating-card');
    await expect(rated.locator('.stars')).toHaveText('★★★★☆');
    await expect(rated.locator('.stars')).toHaveAttribute('aria-label', '您的评分：4 星');
    await expect(rated.getByRole('button', { name: '提交评价' })).toHaveCount(0);
  });

  // After the rating above: a dispute reopens the claim, which then has no rating prompt.
  test('a refused claim says why first, and can be disputed once', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/claims/CL2026900009');
    const outcome = page.getByRole('region', { name: '理赔结论' });
    await expect(outcome.getByText('很抱歉，本次理赔未能赔付。原因如下：')).toBeVisible();
    await expect(outcome.locator('.outcome-reason')).toContainText('不在本保单保障范围内');
    // The outcome comes before the rating.
    const order = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('.outcome, .rating-card')];
      return cards.map((c) => (c.classList.contains('outcome') ? 'outcome' : 'rating'));
    });
    expect(order).toEqual(['outcome', 'rating']);

    // What the customer can do next: ask for a review, saying why.
    await expect(outcome.getByText('对结论有异议？')).toBeVisible();
    const submit = outcome.getByRole('button', { name: '提交申诉' });
    await submit.click();
    await expect(page.locator('#field-reason-error')).toHaveText('请填写理由。');
    await outcome.getByLabel('申诉理由').fill('我的治疗是牙周炎治疗，不是美白，有医生诊断证明。');
    await submit.click();
    await expect(page.getByText('您已提出申诉，另一位理赔员正在重新审核。')).toBeVisible();
    await expect(page.locator('.page-head .badge')).toHaveText('已核损');
    await expect(page.getByRole('region', { name: '理赔结论' })).toHaveCount(0);
  });
});
