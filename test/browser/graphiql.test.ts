import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { exitOf, signal, spawnGateway, waitForOutput } from '../helpers/process.js';

/**
 * GraphiQL as a person meets it: the bundle `npm start` runs, in dev mode, Debian's Chromium, the page served by
 * the gateway itself (the machine is offline, so a CDN asset would leave it blank), the example
 * query run with the pre-filled token, Alice's methods in the result pane. CI installs Chromium
 * and requires this test; elsewhere it is skipped, with a message, when /usr/bin/chromium is absent.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install -y chromium)`);
if (!available) console.warn(`skipping the GraphiQL browser test: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

let browser: Browser | undefined;
let gateway: ReturnType<typeof spawnGateway> | undefined;
afterAll(async () => {
  await browser?.close();
  if (gateway) {
    signal(gateway, 'SIGTERM');
    await exitOf(gateway);
  }
});

describe.skipIf(!available)('GraphiQL in a real browser', () => {
  it("opens from the production bundle in dev mode, runs the example query with the dev token, and shows the demo user's methods", async () => {
    gateway = spawnGateway({ PORT: '0', LOG_LEVEL: 'warn' }, { bundle: inject('bundle') });
    const [, url] = await waitForOutput(gateway, /GraphiQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1') && !request.url().startsWith('data:') && !request.url().startsWith('blob:'))
        offsite.push(request.url());
    });
    await page.goto(url!);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForFunction(() => document.body.innerText.includes('AliceMethods'), undefined, { timeout: 30_000 });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.body.innerText.includes('phone|dev_AlicePhone000001'), undefined, { timeout: 30_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}graphiql.png` });
    // The editors lay code out with non-breaking spaces.
    const text = (await page.evaluate(() => document.body.innerText)).replace(/\u00a0/g, ' ');
    expect(text).toMatch(/"__typename":\s*"PhoneMethod"/);
    expect(text).not.toContain('UNAUTHENTICATED');
    expect(offsite).toEqual([]);
  }, 90_000);
});
