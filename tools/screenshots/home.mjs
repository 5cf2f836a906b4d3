// Each role's home page on a 375 px phone and a 1366 px desktop, as PNGs, for the README.
//   node home.mjs <base url> <output folder> <password> <role=user> ...
// Fails (exit 1) when a sign-in does not leave /login or a home page has no heading: a broken page
// is not photographed as if it were fine.
import { chromium } from 'playwright-core';
import path from 'node:path';

const [base, out, password, ...people] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
let failed = false;
try {
  for (const person of people) {
    const [role, user] = person.split('=');
    for (const width of [375, 1366]) {
      const context = await browser.newContext({ baseURL: base, viewport: { width, height: width === 375 ? 812 : 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto('/login');
      await page.fill('#username', user);
      await page.fill('#password', password);
      await page.click('main form button[type=submit]');
      await page.waitForURL(url => new URL(url).pathname !== '/login', { timeout: 30_000 }).catch(() => {});
      if (new URL(page.url()).pathname === '/login') { console.error(`FAIL ${role}: ${user} could not sign in`); failed = true; await context.close(); continue; }
      await page.goto('/');
      await page.locator('main h1').waitFor({ timeout: 30_000 });
      const file = path.join(out, `home-${role}-${width}.png`);
      await page.screenshot({ path: file });
      console.log(`ok   ${file}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
