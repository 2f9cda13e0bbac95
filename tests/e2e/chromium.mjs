// Debian's Chromium for the browser tests, started the one way they all
// use: headless, sandbox off (tests run as root in CI), nothing fetched
// from the network. playwright-core never downloads a browser.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
