import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

// One-time codes in the browser: registering with a code, signing in with one, and setting
// a forgotten password anew. The codes are read where the default sender writes every SMS
// and e-mail: the outbox log in the server's data folder.

const OUTBOX_LOG = '../target/e2e-data/outbox.log';

/// The newest code sent to `to` after `since` (epoch ms), waiting for the sender.
async function codeSentTo(to: string, since: number): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const lines = fs.existsSync(OUTBOX_LOG) ? fs.readFileSync(OUTBOX_LOG, 'utf8').trim().split('\n') : [];
    const found = lines
      .filter((line) => line)
      .map((line) => JSON.parse(line))
      .filter((message) => message.to === to && message.at >= since)
      .pop();
    const code = found?.body.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no code was sent to ${to}`);
}

async function sendCode(page: Page, to: string) {
  const since = Date.now() - 1000;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发出')).toBeVisible();
  return codeSentTo(to, since);
}

test.describe('one-time codes', () => {
  test.describe.configure({ mode: 'serial' });
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes accounts: once, on the phone');
  });

  test('a new customer registers with a code sent to the phone', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('姓名').fill('郑雨桐');
    await page.getByLabel('手机号或邮箱').fill('166 0000 0001');
    const code = await sendCode(page, '16600000001');
    await page.getByLabel('验证码').fill('000000' === code ? '111111' : '000000');
    await page.getByLabel('设置密码').fill('tongtong2026');
    await page.getByLabel('确认密码').fill('tongtong2026');
    await page.getByRole('button', { name: '注册并登录' }).click();
    await expect(page.locator('#field-code-error')).toHaveText('验证码不正确，请核对最新一条短信或邮件');
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await expect(page).toHaveURL(/\/my$/);
    await expect(page.getByRole('heading', { name: '我的服务' })).toBeVisible();
  });

  test('a customer signs in with a code instead of the password', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: '使用验证码登录' }).click();
    await page.getByLabel('手机号 / 邮箱 / 工号').fill('16600000001');
    const code = await sendCode(page, '16600000001');
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page).toHaveURL(/\/my$/);
  });

  test('a forgotten password is set anew with a code', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await expect(page).toHaveURL(/\/reset-password$/);
    await page.getByLabel('手机号或邮箱').fill('16600000001');
    const code = await sendCode(page, '16600000001');
    await page.getByLabel('验证码').fill(code);
    await page.getByLabel('新密码').fill('tongtong2027');
    await page.getByLabel('确认密码').fill('tongtong2027');
    await page.getByRole('button', { name: '重设密码并登录' }).click();
    await expect(page).toHaveURL(/\/my$/);

    // The old password no longer works; the new one does.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('手机号 / 邮箱 / 工号').fill('16600000001');
    await page.getByLabel('密码', { exact: true }).fill('tongtong2026');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByText('账户或密码错误。')).toBeVisible();
  });
});
