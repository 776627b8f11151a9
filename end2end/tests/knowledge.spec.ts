import { expect, test, type Page } from '@playwright/test';
import { oneDemoChangeAtATime } from './demo-lock';

// The knowledge base (issue 11): an admin writes an article, a customer finds it by
// searching the help centre, an agent links one in a reply; the admin publishes an
// announcement that customers see. Texts are those of app/locales/zh-CN.json.

async function signIn(page: Page, account: string, landing: RegExp) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill(account);
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(landing);
}

test('an article written by an admin is found by a customer\'s search', async ({ page, browser, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the admin pages are desktop first; the customer part runs on a phone below');
  const n = Date.now() % 100000;
  const title = `宠物医疗保险${n}`;
  await signIn(page, 'admin', /\/console/);
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('link', { name: '知识库' }).click();
  await expect(page.getByRole('heading', { name: '知识库', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '新建文章' }).click();

  // Every field's message at once, by the rules the server uses.
  await page.getByLabel('网址').fill('宠物');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#field-slug-error')).toHaveText('3–60 位小写字母、数字或连字符，以字母开头');
  await expect(page.locator('#field-kind-error')).toHaveText('请选择类别');
  await expect(page.locator('#field-title_zh-error')).toHaveText('请填写标题');
  await expect(page.locator('#field-body_en-error')).toHaveText('请填写正文');

  await page.getByLabel('网址').fill(`pet-medical-${n}`);
  await page.getByLabel('类别').selectOption('product');
  await page.getByLabel('标题（中文）').fill(title);
  await page.getByLabel('标题（英文）').fill(`Pet Medical Cover ${n}`);
  await page.getByLabel('正文（中文）').fill('保障猫狗的门诊和住院费用。\n\n价格示例：每年 699 元起。');
  await page.getByLabel('正文（英文）').fill('Covers vet visits and hospital stays for cats and dogs.\n\nFrom ¥699 a year.');
  await page.getByLabel('发布（客户可见）').check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('文章已保存。')).toBeVisible();
  await expect(page.locator(`tr[data-slug="pet-medical-${n}"]`)).toContainText('已发布');

  // A customer, on a phone, searches the help centre and reads it.
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const customer = await context.newPage();
    await signIn(customer, '13800138000', /\/my$/);
    await customer.goto('/help');
    await expect(customer.getByRole('heading', { name: '帮助中心', level: 1 })).toBeVisible();
    await customer.getByLabel('搜索帮助内容').fill('宠物 住院');
    await customer.getByRole('button', { name: '搜索', exact: true }).click();
    await expect(customer).toHaveURL(/\/help\?q=/);
    const results = customer.getByTestId('help-results').getByRole('link');
    await expect(results).toHaveCount(1);
    await expect(results.first()).toContainText(title);
    await results.first().click();
    await expect(customer).toHaveURL(new RegExp(`/help/pet-medical-${n}$`));
    const article = customer.getByTestId('help-article');
    await expect(article.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(article.locator('p').nth(1)).toHaveText('价格示例：每年 699 元起。');
    await expect(customer).toHaveTitle(new RegExp(title));

    // Nothing found says so, and where to ask instead.
    await customer.goto('/help?q=' + encodeURIComponent('火星旅行'));
    await expect(customer.getByText('没有找到相关内容')).toBeVisible();
    await expect(customer.getByRole('link', { name: '在线咨询' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a visitor reads the help centre without signing in, in either language', async ({ page }) => {
  await page.goto('/help');
  await expect(page.getByRole('heading', { name: '帮助中心', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: /^常见问题/ }).click();
  await expect(page.getByTestId('help-results').getByRole('link').first()).toContainText('？');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Help centre', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: /How long until a claim is paid/ }).click();
  await expect(page.getByTestId('help-article')).toContainText('one business day');
});

test('an agent puts an article\'s link into a reply', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the console is desktop first');
  await signIn(page, 'agent', /\/console$/);
  const row = page.locator('.desk-row', { hasText: '待受理' }).first();
  await row.locator('a.desk-subject').click();
  await expect(page).toHaveURL(/\/console\/work-orders\/WO\d+$/);
  const reply = page.locator('#composer-text');
  await reply.fill('您好，所需材料请见：');
  await page.getByText('知识库', { exact: true }).click();
  await page.getByLabel('搜索知识库文章').fill('理赔 材料');
  await page.getByLabel('搜索知识库文章').press('Enter');
  const found = page.locator('.knowledge-results li', { hasText: '理赔需要哪些材料' });
  await found.getByRole('button', { name: '插入链接' }).click();
  await expect(reply).toHaveValue(/^您好，所需材料请见：\n理赔需要哪些材料: http:\/\/[^ ]+\/help\/claim-documents$/);
});

// A published announcement is on every customer's home page: the home test must not run
// while it is up.
test.describe('announcements', () => {
  oneDemoChangeAtATime();

  test('an announcement an admin publishes is on the customer\'s home page', async ({ page, browser, baseURL }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'the admin pages are desktop first');
    const n = Date.now() %100000;
    const title = `客服节活动开启${n}`;
    await signIn(page, 'admin', /\/console/);
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: '公告', exact: true }).click();
    await page.getByRole('button', { name: '新建公告' }).click();
    await page.getByLabel('发布时间').fill('2020-01-01T08:00');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.locator('#field-title_zh-error')).toHaveText('请填写标题');
    await expect(page.locator('#field-publish_at-error')).toHaveText('请选择现在之后的时间，或留空立即发布');
    await page.getByLabel('发布时间').fill('');
    await page.getByLabel('标题（中文）').fill(title);
    await page.getByLabel('标题（英文）').fill(`Service festival ${n}`);
    await page.getByLabel('正文（中文）').fill('参与满意度调查即可获得积分。');
    await page.getByLabel('正文（英文）').fill('Earn points by answering our survey.');
    await page.getByRole('button', { name: '保存草稿' }).click();
    const row = page.locator('tr', { hasText: title });
    await expect(row).toContainText('草稿');
    await row.getByRole('button', { name: '发布' }).click();
    await expect(row).toContainText('已发布');

    const context = await browser.newContext({ baseURL });
    try {
      const customer = await context.newPage();
      await signIn(customer, '13900139000', /\/my$/);
      await expect(customer.getByText(title)).toBeVisible();
    } finally {
      await context.close();
    }
    await row.getByRole('button', { name: '撤回' }).click();
    await expect(row).toContainText('已撤回');
  });
});

test.describe('a service campaign', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes shared demo data; customers are on phones');
  });
  oneDemoChangeAtATime();

  test('a customer joins the service festival and earns points for rating us', async ({ page }) => {
    await signIn(page, '13800138000', /\/my$/);
    await page.goto('/my/points');
    const before = Number(await page.getByTestId('points-balance').textContent());
    await page.getByRole('link', { name: '参加客服节活动赚更多积分 →' }).click();
    await expect(page.getByRole('heading', { name: '客服节活动', level: 1 })).toBeVisible();
    const festival = page.locator('[data-campaign="service-festival"]');
    // Each run starts from fresh demo data, and only the phone project runs this.
    await festival.getByRole('button', { name: '参加活动' }).click();
    const survey = festival.locator('li', { hasText: '服务满意度调查' });
    await survey.getByRole('button', { name: '去评价' }).click();
    // No stars chosen: the form says so and nothing is sent.
    await survey.getByRole('button', { name: '提交' }).click();
    await expect(survey.getByRole('alert')).toHaveText('请选择 1 至 5 星。');
    await survey.getByRole('radio', { name: '5 星' }).click();
    await survey.getByLabel('您的建议（选填）').fill('理赔很快，谢谢');
    await survey.getByRole('button', { name: '提交' }).click();
    await expect(survey.getByText('已完成')).toBeVisible();
    await page.goto('/my/points');
    await expect(page.getByTestId('points-balance')).toHaveText(String(before + 50));
  });
});
