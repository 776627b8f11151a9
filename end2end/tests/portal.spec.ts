import { expect, test, type Locator, type Page } from '@playwright/test';
import { oneDemoChangeAtATime } from './demo-lock';
import { jpeg } from './photo';

// The customer portal: home, claims with photo uploads and live progress, points, notifications.
// Texts are those of app/locales/zh-CN.json.

const CUSTOMER = '13800138000';
const PASSWORD = 'demo1234';
const ACCOUNT_TYPED = '6225 8812 3456 7890';
const ACCOUNT_DIGITS = '6225881234567890';
const ACCOUNT_MASKED = '6225********7890';

async function signIn(page: Page, account = CUSTOMER) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(account === CUSTOMER ? /\/my$/ : /\/console$/);
}

/// A date as YYYY-MM-DD in Shanghai, the browser's time zone in these tests.
function shanghaiDate(at: Date) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/// Yesterday, unless the medical policy only began today (the demo data picks its start
/// at random): then its first day.
async function incidentDate(page: Page) {
  const yesterday = shanghaiDate(new Date(Date.now() - 24 * 3600 * 1000));
  const response = await page.request.post('/api/claims/options');
  expect(response.ok()).toBeTruthy();
  const policies: { product_name_zh: string; period_start: string }[] = await response.json();
  const start = policies.find((p) => p.product_name_zh === '百万医疗保险')?.period_start ?? yesterday;
  return start > yesterday ? start : yesterday;
}

/// Chooses the one option whose label contains `text`; labels carry numbers the test
/// does not know in advance (policy number, sum insured).
async function choose(select: Locator, text: string) {
  const option = select.locator('option', { hasText: text });
  await expect(option).toHaveCount(1);
  const value = (await option.getAttribute('value'))!;
  await select.selectOption(value);
  await expect(select).toHaveValue(value);
}

async function fillClaim(page: Page, amount: string) {
  await choose(page.locator('select#field-policy_no'), '百万医疗保险');
  await choose(page.locator('select#field-coverage_code'), '住院医疗');
  await page.locator('#field-incident_date').fill(await incidentDate(page));
  await page.getByLabel('出险地点', { exact: true }).fill('上海市徐汇区漕溪北路 88 号');
  await page.getByLabel('经过描述', { exact: true }).fill('急性阑尾炎，在中山医院住院手术治疗三天。');
  await page.getByLabel('申请金额（元）', { exact: true }).fill(amount);
  // The demo customer has an account on file, offered first; these tests type a new one.
  await page.getByRole('radio', { name: '使用其他银行卡' }).check();
  await page.getByLabel('开户银行', { exact: true }).fill('招商银行');
  await page.getByLabel('银行卡号', { exact: true }).fill(ACCOUNT_TYPED);
  // Choosing the policy clears the coverage; make sure it stayed chosen.
  await expect(page.locator('select#field-coverage_code')).not.toHaveValue('');
}

async function attach(page: Page, files: ReturnType<typeof jpeg>[]) {
  await page.locator('input[type=file]').setInputFiles(files);
  const rows = page.locator('li.upload-row');
  await expect(rows).toHaveCount(files.length);
  for (const row of await rows.all()) {
    await expect(row.getByText('已上传', { exact: true })).toBeVisible();
    await expect(row).toHaveAttribute('data-state', 'done');
    // The local preview really shows the picture (the page's CSP must allow it).
    await expect.poll(() => row.locator('img.upload-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
}

/// Reports a claim through the form; returns its number, on its page.
async function reportClaim(page: Page, amount: string, photos: ReturnType<typeof jpeg>[]) {
  await page.goto('/my/claims/new');
  await expect(page.getByRole('heading', { name: '在线报案' })).toBeVisible();
  await fillClaim(page, amount);
  if (photos.length > 0) {
    await attach(page, photos);
  }
  await page.getByRole('button', { name: '提交报案' }).click();
  await expect(page).toHaveURL(/\/my\/claims\/CL\d+$/);
  await expect(page.getByRole('heading', { name: '理赔进度', level: 1 })).toBeVisible();
  return page.url().split('/').pop()!;
}

// It reads the demo customer's points and the latest announcements, which other files' tests
// change: it runs while none of them does.
test.describe('the portal home', () => {
  oneDemoChangeAtATime();

  test('the portal home shows points, open claims and the announcements', async ({ page }) => {
    await signIn(page);
    await expect(page.getByRole('heading', { name: '我的服务', level: 1 })).toBeVisible();
    await expect(page.getByTestId('home-points')).toHaveText(/^\d+$/);
    await expect(page.getByRole('link', { name: /^积分\s*\d+/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: '进行中的理赔' })).toBeVisible();
    // The latest few open claims, and a link to all of them (the demo customer has seven).
    await expect(page.getByRole('link', { name: /^全部 \d+ 件进行中 →$/ })).toBeVisible();
    await expect(page.locator('a.claim-card')).toHaveCount(3);

    const news = page.getByRole('region', { name: '公告' });
    await expect(news.getByRole('heading', { name: '公告' })).toBeVisible();
    const items = news.locator('li.announcement');
    await expect(items).toHaveCount(3);
    await expect(items.getByText('小额理赔极速赔付上线')).toBeVisible();
    await expect(items.getByText('积分商城新增视频会员')).toBeVisible();
    await expect(items.getByText('春节期间服务安排')).toBeVisible();
  });
});

test('the claim form explains each problem beside its field', async ({ page }) => {
  // Writes nothing: the form is refused before sending, the upload is refused by the server.
  await signIn(page);
  await page.goto('/my/claims/new');
  const submit = page.getByRole('button', { name: '提交报案' });

  // Nothing chosen: every message at once, the policy's with the others (the payout goes
  // to the account on file, chosen for the customer).
  await submit.click();
  await expect(page.locator('#field-policy_no')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-policy_no-error')).toHaveText('请选择保单。');
  const blank: [string, string][] = [
    ['incident_date', '请选择出险日期。'],
    ['incident_place', '请填写出险地点。'],
    ['description', '请描述出险经过。'],
    ['amount', '请输入金额（元），例如 1234.56。'],
  ];
  for (const [field, message] of blank) {
    await expect(page.locator(`#field-${field}-error`)).toHaveText(message);
  }
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
  await expect(page.locator('#field-payout_bank')).toHaveCount(0);

  // With a policy and a new account chosen, every other empty field has its own message,
  // the bank and the card number both.
  await choose(page.locator('select#field-policy_no'), '百万医疗保险');
  await page.getByRole('radio', { name: '使用其他银行卡' }).check();
  await expect(page.locator('#field-policy_no-error')).toHaveCount(0);
  await submit.click();
  const expected: [string, string][] = [
    ['coverage_code', '请选择理赔责任。'],
    ...blank,
    ['payout_bank', '请填写开户银行。'],
    ['payout_account', '请填写银行卡号。'],
  ];
  for (const [field, message] of expected) {
    await expect(page.locator(`#field-${field}-error`)).toHaveText(message);
    await expect(page.locator(`#field-${field}`)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(page).toHaveURL(/\/my\/claims\/new$/);

  // An amount beyond the coverage's sum insured.
  await fillClaim(page, '99999999');
  await submit.click();
  await expect(page.locator('#field-amount-error')).toHaveText('申请金额超过该责任的保额。');
  for (const [field] of expected.filter(([f]) => f !== 'amount')) {
    await expect(page.locator(`#field-${field}-error`)).toHaveCount(0);
  }

  // A text file named like a photo: the server looks at the content and refuses it.
  await page.locator('input[type=file]').setInputFiles({
    name: 'fake.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('this is not a photo, just some text\n'),
  });
  const row = page.locator('li.upload-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'failed');
  await expect(row.getByText('fake.jpg')).toBeVisible();
  await expect(row.getByRole('alert')).toHaveText('仅支持 JPEG、PNG 照片和 PDF 文件（按文件内容识别）。');
  // Trying the same file again cannot help: no Retry, only Remove.
  await expect(row.getByRole('button', { name: '重试' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: '移除' })).toBeVisible();
  await expect(page).toHaveURL(/\/my\/claims\/new$/);
});

// These change the demo customer's data, so they run in the phone project only, one after
// the other in one worker: a claim or an order made by one must not change the points or
// the unread count another one is watching.
test.describe('changes to the demo customer', () => {
  test.describe.configure({ mode: 'default' });
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes shared demo data');
  });
  oneDemoChangeAtATime();

  test('marking all notifications read clears the unread count', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/notifications');
    await expect(page.getByRole('heading', { name: '通知中心' })).toBeVisible();
    const summary = page.locator('.page-summary');
    await expect(summary).toHaveText(/^\d+ 条未读$/);
    const items = page.locator('.notification-list .notification-item');
    await expect(items.first()).toBeVisible();
    const unread = Number((await summary.textContent())!.match(/\d+/)![0]);
    await expect(page.locator('.notification-item.unread')).toHaveCount(unread);
    expect(unread, 'the demo customer has unread notifications').toBeGreaterThan(0);

    await page.getByRole('button', { name: '全部已读' }).click();
    await expect(summary).toHaveText('0 条未读');
    await expect(page.locator('.notification-item.unread')).toHaveCount(0);
    await expect(items.first()).toBeVisible();

    await page.reload();
    await expect(summary).toHaveText('0 条未读');
  });

  test('redeeming a reward takes its points and lists the order', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/points');
    await expect(page.getByRole('heading', { name: '我的积分' })).toBeVisible();
    const balance = page.getByTestId('points-balance');
    await expect(balance).toHaveText(/^\d+$/);
    const before = Number(await balance.textContent());
    expect(before).toBeGreaterThanOrEqual(100);

    const card = page.locator('li[data-reward="phone-credit-10"]');
    await expect(card.getByText('10 元话费')).toBeVisible();
    await card.getByRole('button', { name: '立即兑换' }).click();
    // It asks first, and which number phone credit goes to: the customer's own unless they say.
    await expect(card.getByText('确认用 100 积分兑换“10 元话费”？兑换后积分不退。')).toBeVisible();
    await expect(card.getByText('留空则充值到您的手机 138****8000')).toBeVisible();
    await expect(balance).toHaveText(String(before));
    await card.getByRole('button', { name: '确认兑换' }).click();

    const notice = page.getByRole('status').filter({ hasText: '订单号' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('10 元话费');
    await expect(notice).toContainText('将充值到 138****8000');
    const orderNo = (await notice.textContent())!.match(/订单号\s*([A-Z0-9]+)/)![1];
    await expect(balance).toHaveText(String(before - 100));

    const orders = page.getByRole('region', { name: '兑换记录' });
    await expect(orders.getByText(orderNo)).toBeVisible();
    await expect(orders.locator('li', { hasText: orderNo })).toContainText('-100');
  });

  test('a claim with two photos is reported and shown on its timeline', async ({ page }) => {
    await signIn(page);
    const claimNo = await reportClaim(page, '3000', [jpeg('scene-1.jpg'), jpeg('scene-2.jpg')]);

    // Over the fast-track limit: it waits for a claims handler.
    await expect(page.locator('.page-head .badge')).toHaveText('已报案');
    await expect(page.getByText('符合快速理赔条件', { exact: false })).toHaveCount(0);
    const timeline = page.locator('ol.timeline');
    await expect(timeline).toBeVisible();
    const reported = timeline.locator('li.timeline-step').first();
    await expect(reported.locator('.timeline-name')).toHaveText('已报案');
    await expect(reported).toHaveAttribute('aria-current', 'step');
    await expect(reported).toHaveClass(/timeline-current/);
    await expect(reported.locator('time')).toBeVisible();
    await expect(reported.locator('time')).not.toHaveText('');
    await expect(timeline.locator('li.timeline-todo').first()).toBeVisible();

    await expect(page.getByText(ACCOUNT_MASKED)).toBeVisible();
    await expect(page.getByText('招商银行', { exact: false })).toBeVisible();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(ACCOUNT_DIGITS);
    expect(text).not.toContain(ACCOUNT_TYPED);

    const docs = page.getByRole('region', { name: '照片与单据' });
    await expect(docs.locator('.thumb-grid img')).toHaveCount(2);
    for (const img of await docs.locator('.thumb-grid img').all()) {
      // Thumbnails the server made from the photos, not broken images.
      await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
      await expect(img).toHaveAttribute('src', /thumb=true/);
    }
    await expect(docs.getByText('scene-1.jpg')).toBeVisible();
    await expect(docs.getByText('scene-2.jpg')).toBeVisible();

    // The new claim is listed with the others.
    await page.goto('/my/claims');
    const card = page.locator('a.claim-card', { hasText: claimNo });
    await expect(card).toBeVisible();
    await expect(card.locator('.badge')).toHaveText('已报案');
  });

  test('a small claim with a photo is approved at once (fast track)', async ({ page }) => {
    await signIn(page);
    const claimNo = await reportClaim(page, '800', [jpeg('receipt.jpg')]);
    await expect(page.locator('.page-head .badge')).toHaveText('已核赔');
    await expect(page.locator('.banner-success')).toHaveText('符合快速理赔条件，已直接核赔，款项将尽快支付。');
    await expect(page.locator('ol.timeline li[aria-current=step] .timeline-name')).toHaveText('已核赔');
    await expect(page.getByText('快速理赔自动核赔')).toBeVisible();
    await expect(page.locator('.thumb-grid img')).toHaveCount(1);
    // The stages fast track jumped over read as skipped, not as steps still to come with
    // hour limits.
    const skipped = page.locator('ol.timeline li.timeline-skipped');
    await expect(skipped).toHaveCount(5);
    await expect(skipped.first().locator('.timeline-name')).toHaveText('已调度');
    for (const step of await skipped.all()) {
      await expect(step.locator('.timeline-note')).toHaveText('本案无需此环节');
      await expect(step.locator('.timeline-limit')).toHaveCount(0);
    }
    await expect(page.locator('ol.timeline li.timeline-todo')).toHaveCount(1);

    await page.goto('/my/claims');
    const card = page.locator('a.claim-card', { hasText: claimNo });
    await expect(card).toBeVisible();
    await expect(card.getByText('快速理赔', { exact: true })).toBeVisible();
  });

  test('the claim page follows a handler\'s step without reloading', async ({ page, browser, baseURL }) => {
    await signIn(page);
    const claimNo = await reportClaim(page, '3000', [jpeg('ward.jpg')]);
    const current = page.locator('ol.timeline li[aria-current=step] .timeline-name');
    await expect(current).toHaveText('已报案');
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    // A claims handler, in a browser of their own, moves the claim on.
    const staff = await browser.newContext({ baseURL });
    try {
      const staffPage = await staff.newPage();
      await signIn(staffPage, 'agent.wang');
      const response = await staff.request.post('/api/console/advance_claim', {
        form: { claim_no: claimNo, from_stage: 'reported' },
      });
      expect(response.status(), await response.text()).toBe(200);
      expect(await response.json()).toEqual({ stage: 'dispatched', awaiting_approval: false });
    } finally {
      await staff.close();
    }

    // The open page asks for news every 5 s.
    await expect(current).toHaveText('已调度', { timeout: 15_000 });
    await expect(page.locator('.page-head .badge')).toHaveText('已调度');
    const reported = page.locator('ol.timeline li.timeline-step').first();
    await expect(reported).toHaveClass(/timeline-done/);
    await expect(reported.locator('time')).toBeVisible();
    expect(navigations, 'the page was not reloaded').toBe(0);
  });
});
