import { expect, test } from '@playwright/test';

// Promises shown honestly: a commitment whose time has passed says so. Demo data: the demo
// customer's CL2026900004 has been at "已立案" for days against a 24-hour commitment.

test('a claim stage past its committed time says it is overdue, and whom to call', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('13800138000');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/my$/);

  await page.goto('/my/claims/CL2026900004');
  const promise = page.locator('.timeline-current .timeline-due');
  await expect(promise).toContainText('已超过服务承诺时间');
  await expect(promise).toContainText('95500');
  await expect(promise).toHaveClass(/timeline-overdue/);
  // In the colour of a problem, not the calm blue of a promise on time.
  const [shown, info, bad] = await promise.evaluate((el) => {
    const probe = document.createElement('span');
    document.body.append(probe);
    probe.style.color = 'var(--info)';
    const info = getComputedStyle(probe).color;
    probe.style.color = 'var(--bad)';
    const bad = getComputedStyle(probe).color;
    probe.remove();
    return [getComputedStyle(el).color, info, bad];
  });
  expect(shown).toBe(bad);
  expect(shown).not.toBe(info);
});
