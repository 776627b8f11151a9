import { expect, test, type Page } from '@playwright/test';
import { oneDemoChangeAtATime } from './demo-lock';
import { PHOTO, jpeg } from './photo';

// Forms that help and lists that end (issue 10), as the demo customer on a phone and a
// desktop. Texts are those of app/locales/zh-CN.json.

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('13800138000');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/my$/);
}

async function choose(page: Page, select: string, text: string) {
  const option = page.locator(`${select} option`, { hasText: text });
  await expect(option).toHaveCount(1);
  await page.locator(select).selectOption((await option.getAttribute('value'))!);
}

/// Yesterday in Shanghai, or the medical policy's first day if it began today.
async function incidentDate(page: Page) {
  const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000));
  const response = await page.request.post('/api/claims/options');
  const policies: { product_name_zh: string; period_start: string }[] = await response.json();
  const start = policies.find((p) => p.product_name_zh === '百万医疗保险')?.period_start ?? yesterday;
  return start > yesterday ? start : yesterday;
}

async function fillMedicalClaim(page: Page, amount: string) {
  await choose(page, 'select#field-policy_no', '百万医疗保险');
  await choose(page, 'select#field-coverage_code', '住院医疗');
  await page.locator('#field-incident_date').fill(await incidentDate(page));
  await page.getByLabel('出险地点', { exact: true }).fill('上海市静安区');
  await page.getByLabel('经过描述', { exact: true }).fill('肺炎住院治疗五天，已出院。');
  await page.getByLabel('申请金额（元）', { exact: true }).fill(amount);
}

test('the claim form pays to the account on file, reads full-width digits, and attaches documents as they upload', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims/new');
  // The account on file is offered, masked, and chosen; no number to type.
  const onFile = page.getByRole('radio').first();
  await expect(onFile).toBeChecked();
  const label = (await page.locator('label.choice').first().innerText()).trim();
  expect(label).toMatch(/\*{4,}\d{4}$/);
  await expect(page.locator('#field-payout_account')).toHaveCount(0);

  // Typed on a Chinese keyboard: full-width digits and point.
  await fillMedicalClaim(page, '３０００．５０');
  await page.getByRole('button', { name: '提交报案' }).click();
  await expect(page).toHaveURL(/\/my\/claims\/CL\d+$/);
  const facts = page.getByRole('region', { name: '报案信息' });
  await expect(facts).toContainText('¥3,000.50');
  await expect(facts).toContainText(label.split(' ').pop()!);

  // A document added on the claim's page is attached when its upload ends: no second step.
  const docs = page.getByRole('region', { name: '照片与单据' });
  await expect(docs.locator('.thumb-grid img')).toHaveCount(0);
  await docs.locator('input[type=file]').setInputFiles([jpeg('invoice.jpg')]);
  await expect(docs.locator('.thumb-grid img')).toHaveCount(1);
  await expect(docs.locator('.thumb-name', { hasText: 'invoice.jpg' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: '照片与单据' }).locator('.thumb-grid img')).toHaveCount(1);
});

test('a small claim without a photo is told a photo would fast-track it, before it is sent', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims/new');
  await fillMedicalClaim(page, '８００');
  const hint = page.getByTestId('fast-track-photo-hint');
  await expect(hint).toHaveText('金额在快速理赔范围内：再上传一张照片（发票、病历或现场照片），提交后即可立即核赔。');
  // Over the limit: fast track is not on offer, so no hint.
  await page.getByLabel('申请金额（元）', { exact: true }).fill('9000');
  await expect(hint).toHaveCount(0);
  await page.getByLabel('申请金额（元）', { exact: true }).fill('800');
  await expect(hint).toBeVisible();
  await page.locator('input[type=file]').setInputFiles([jpeg('receipt.jpg')]);
  await expect(hint).toHaveCount(0);
});

test('a file over the limit is refused in the browser before a byte is sent, with the limit in MB', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims/new');
  await expect(page.locator('.uploader-hint')).toHaveText('JPEG、PNG 或 PDF，单个文件不超过 10 MB');
  const uploads: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/documents/upload')) uploads.push(r.url());
  });
  const big = Buffer.concat([PHOTO, Buffer.alloc(11 * 1024 * 1024)]);
  await page.locator('input[type=file]').setInputFiles([{ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: big }]);
  const row = page.locator('li.upload-row');
  await expect(row).toHaveAttribute('data-state', 'failed');
  await expect(row.getByRole('alert')).toHaveText('文件或内容过大（上限 10 MB）。');
  await expect(row.getByRole('button', { name: '重试' })).toHaveCount(0);
  // A wrong kind of file is refused the same way.
  await page.locator('input[type=file]').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
  await expect(page.locator('li.upload-row').nth(1).getByRole('alert')).toHaveText('仅支持 JPEG、PNG 照片和 PDF 文件（按文件内容识别）。');
  expect(uploads, 'nothing was sent').toEqual([]);
});

test('claims and notifications are listed a page at a time, newest first, with filters', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims');
  const filters = page.getByRole('group', { name: '按状态筛选理赔' });
  // A count reads "10+" while more pages follow.
  const chip = (name: string) => filters.getByRole('button', { name: new RegExp(`^${name}\\s*\\d+\\+?$`) });
  await expect(chip('全部')).toHaveAttribute('aria-pressed', 'true');
  const count = async (name: string) =>
    Number((await chip(name).locator('.filter-count').textContent())!.replace('+', ''));
  // The server hands out ten at a time; the chips count what has been read.
  let all = await count('全部');
  expect(all).toBeGreaterThanOrEqual(9);
  expect(all).toBeLessThanOrEqual(10);
  const cards = page.locator('a.claim-card');
  await expect(cards).toHaveCount(all);
  const more = page.getByRole('button', { name: '显示更多' });
  if (await more.count()) {
    await more.click();
    await expect.poll(() => count('全部')).toBeGreaterThan(10);
    all = await count('全部');
    await expect(cards).toHaveCount(all);
  }

  // Closed only: every card is an outcome, as many as the chip said.
  const closed = await count('已结案');
  await chip('已结案').click();
  await expect(chip('已结案')).toHaveAttribute('aria-pressed', 'true');
  await expect(cards).toHaveCount(closed);
  for (const badge of await cards.locator('.badge').first().all()) {
    await expect(badge).toHaveText(/已赔付|已拒赔|已结案/);
  }
  await chip('进行中').click();
  await expect(cards).toHaveCount(all - closed);

  // The notifications: unread only.
  await page.goto('/my/notifications');
  const notificationFilters = page.getByRole('group', { name: '筛选通知' });
  await notificationFilters.getByRole('button', { name: /^未读/ }).click();
  const items = page.locator('.notification-list .notification-item');
  const unread = Number(
    (await notificationFilters.getByRole('button', { name: /^未读/ }).locator('.filter-count').textContent())!.replace('+', ''),
  );
  await expect(items).toHaveCount(unread);
  await expect(page.locator('.notification-list .notification-item:not(.unread)')).toHaveCount(0);
});

test('from a policy: report a claim on it, see its claims and requests, and download it as a PDF', async ({ page }) => {
  await signIn(page);
  const policies: { policy_no: string; product_name_zh: string; status: string }[] = await (
    await page.request.post('/api/policies/list_mine')
  ).json();
  const medical = policies.find((p) => p.product_name_zh === '百万医疗保险' && p.status === 'in_force')!;
  await page.goto(`/my/policies/${medical.policy_no}`);
  const actions = page.getByRole('navigation', { name: '保单服务' });

  // The claim form comes with this policy chosen.
  await actions.getByRole('link', { name: '报案' }).click();
  await expect(page).toHaveURL(/\/my\/claims\/new\?policy=/);
  await expect(page.locator('select#field-policy_no')).toHaveValue(medical.policy_no);

  // Its claims only, with the way back to all of them.
  await page.goto(`/my/policies/${medical.policy_no}`);
  await actions.getByRole('link', { name: '本保单的理赔' }).click();
  await expect(page.getByText(`仅看保单 ${medical.policy_no}`)).toBeVisible();
  const cards = page.locator('a.claim-card');
  await expect(cards.first()).toBeVisible();
  // The first page the server hands out (ten), narrowed to the policy.
  const claims: { claim_no: string; policy_no: string }[] = (await (await page.request.post('/api/claims/list_mine')).json()).items;
  const onThisPolicy = claims.filter((c) => c.policy_no === medical.policy_no).length;
  await expect(cards).toHaveCount(onThisPolicy);
  await page.getByRole('link', { name: '查看全部' }).click();
  await expect(page).toHaveURL(/\/my\/claims$/);
  await expect(page.getByText(`仅看保单 ${medical.policy_no}`)).toHaveCount(0);
  await expect(cards).toHaveCount(claims.length);

  // The electronic policy: a PDF made for this customer, and nobody else's.
  await page.goto(`/my/policies/${medical.policy_no}`);
  const pdfLink = actions.getByRole('link', { name: '下载电子保单（PDF）' });
  const href = (await pdfLink.getAttribute('href'))!;
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const body = await response.body();
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  const other = await page.request.get('/api/policies/pdf?policy_no=AU209900000001');
  expect(other.status()).toBe(404);
});

test('a place of one character is refused as too short, with the other fields\' messages', async ({ page }) => {
  await signIn(page);
  await page.goto('/my/claims/new');
  await page.getByLabel('出险地点', { exact: true }).fill('上');
  await page.getByRole('button', { name: '提交报案' }).click();
  await expect(page.locator('#field-incident_place-error')).toHaveText('地点请至少填写 2 个字');
  await expect(page.locator('#field-description-error')).toBeVisible();
});

test.describe('a VIP booking', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes shared demo data');
  });
  oneDemoChangeAtATime();

  test('says what was booked, and the same service on the same day is refused', async ({ page }) => {
    await signIn(page);
    await page.goto('/my/account');
    const row = page.locator('li.vip-row', { hasText: '年度体检' });
    // A date within the 90 days bookings take, different each run.
    const day = new Date(Date.now() + (10 + Math.floor(Math.random() * 70)) * 86_400_000);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(day);
    const book = async () => {
      await row.getByRole('button', { name: '预约', exact: true }).click();
      await row.getByLabel('期望日期').fill(date);
      await row.getByLabel('城市').fill('杭州');
      await row.getByRole('button', { name: '确认预约' }).click();
    };
    await book();
    const done = page.getByRole('status').filter({ hasText: '已预约“年度体检”' });
    await expect(done).toContainText('杭州');
    await expect(done).toContainText('1 个工作日内致电');
    await book();
    await expect(row.getByText('您已预约过当天的该项服务')).toBeVisible();
  });
});
