import { chromium } from 'playwright';
const base = process.env.BASE || 'http://127.0.0.1:3311';
const pages = (process.env.PAGES || '/my,/my/claims,/my/claims/new,/my/claims/CL2026900003,/my/points,/my/inbox').split(',');
const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 768 } };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [name, viewport] of Object.entries(sizes)) {
  const ctx = await browser.newContext({ viewport, locale: process.env.LANG_TAG || 'zh-CN' });
  const page = await ctx.newPage();
  page.on('console', m => { if (m.type() === 'error') console.log('console:', m.text()); });
  await page.goto(base + '/sign-in');
  if (process.env.LANG_TAG === 'en') { await page.evaluate(() => localStorage.setItem('lang', 'en')); await page.reload(); }
  await page.fill('#field-account', '13800138000');
  await page.fill('#field-password', 'demo1234');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/my/);
  for (const p of pages) {
    await page.goto(base + p);
    await page.waitForTimeout(1500);
    const file = `/tmp/w/shots/${name}${p.replaceAll('/', '_')}.png`;
    await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
    console.log(file);
  }
  await ctx.close();
}
await browser.close();
