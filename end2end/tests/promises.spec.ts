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

async function signInAsCustomer(page: import('@playwright/test').Page) {
  await page.goto('/sign-in');
  await page.getByLabel('手机号 / 邮箱 / 工号').fill('13800138000');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/my$/);
}

test('a lapsed policy\'s unpaid premium shows as overdue with what that means, apart from premiums due soon', async ({ page }) => {
  await signInAsCustomer(page);
  const overdue = page.getByRole('region', { name: '逾期未缴保费' });
  await expect(overdue).toBeVisible();
  await expect(overdue).toContainText('保单已因逾期未缴保费失效');
  await expect(overdue).toContainText('95500');
  await expect(overdue.locator('.badge', { hasText: '失效' }).first()).toBeVisible();
  // Said before anything else the customer might read as calm.
  const order = await page.locator('main section').evaluateAll((sections) =>
    sections.map((s) => s.getAttribute('aria-labelledby')),
  );
  expect(order.indexOf('overdue-title')).toBeLessThan(order.indexOf('open-claims-title'));
  // The lapsed policy's instalments are not among the premiums "due soon".
  const dueSoon = page.getByRole('region', { name: '近期待缴保费' });
  if (await dueSoon.count()) {
    await expect(dueSoon.locator('.badge', { hasText: '失效' })).toHaveCount(0);
  }
});

test('every customer page says how to reach the insurer, and errors nobody can fix alone give the hotline', async ({ page }) => {
  // Signed out too.
  await page.goto('/sign-in');
  const footer = page.getByRole('contentinfo');
  await expect(footer).toContainText('客服热线');
  await expect(footer.getByRole('link', { name: '95500' })).toHaveAttribute('href', 'tel:95500');

  await signInAsCustomer(page);
  for (const path of ['/my', '/my/claims', '/my/points', '/my/notifications']) {
    await page.goto(path);
    await expect(page.getByRole('contentinfo').getByRole('link', { name: '95500' })).toBeVisible();
  }
  // The footer is not hidden under the phone's tab bar. Scrolled to the bottom again at each
  // look: the list may still be growing the page when the first scroll happens.
  const hotline = page.getByRole('contentinfo').getByRole('link', { name: '95500' });
  const tabbar = page.locator('nav.tabbar');
  if (await tabbar.isVisible()) {
    await expect
      .poll(async () => {
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        const [link, bar] = [await hotline.boundingBox(), await tabbar.boundingBox()];
        return link!.y + link!.height <= bar!.y;
      })
      .toBe(true);
  }

  // A claim that is not theirs (or not there): nothing to fix on the page, so whom to call.
  await page.goto('/my/claims/CL2026999999');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('需要帮助？请致电客服热线 95500（7×24 小时）。');
  await expect(alert.getByRole('button', { name: '重试' })).toHaveCount(0);
});
