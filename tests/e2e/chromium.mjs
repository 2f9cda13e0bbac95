// Debian's Chromium for the browser tests, started the one way they all
// use: headless, sandbox off (tests run as root in CI), nothing fetched
// from the network. playwright-core never downloads a browser.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium() {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is missing: run scripts/deps.sh');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

// Click a download link: the file name the browser suggests, and the bytes.
export async function downloadOf(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { filename: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

// A fresh page in a context of its own (Vietnamese locale); the errors it
// logs are added to problems, tagged with who.
export async function newPage(browser, who, problems, viewport) {
  const context = await browser.newContext({ locale: 'vi-VN', viewport });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${who}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${who}: ${err}`));
  return page;
}

// Log in through the login form of the app at url.
export async function logInPage(page, url, username, password) {
  await page.goto(url + '/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  return page;
}

// Wait for the notice an action ends with; returns its whole text.
export async function noticeText(page, text) {
  const box = page.locator('.notice', { hasText: text });
  await box.waitFor();
  return box.textContent();
}

// Nothing sticks out sideways (on a phone).
export async function fitsWidth(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll}px wide in a ${width}px window`);
}

// Screenshots for a reviewer, under build/screenshots (THIDUA_SCREENSHOTS
// to change): shot(page, name) saves PREFIX-name.png.
export function screenshots(prefix) {
  const dir = process.env.THIDUA_SCREENSHOTS || new URL('../../build/screenshots', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return (page, name) => page.screenshot({ path: join(dir, `${prefix}-${name}.png`), fullPage: true });
}
