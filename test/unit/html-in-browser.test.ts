// The HTML report in real headless Chromium, opened from disk: it loads nothing from the network, the
// ladder has one arrow per packet, the raw/relative toggle works, and every packet's header opens.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { renderHtml } from '../../src/report/html.js';
import { LANGUAGES } from '../../src/report/i18n/index.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/lab-up-echo/${name}`, import.meta.url)));

describe.runIf(chromiumAvailable())('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  const events = parseEventLines(fixture('events.jsonl').toString('utf8'));
  const report = analyseCapture([fixture('capture.pcap')], { events });

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  it.each(['en', 'zh-CN'] as const)('renders from disk with no network request (%s)', async (lang) => {
    const file = join(dir, `report.${lang}.html`);
    writeFileSync(file, renderHtml({ report, file: 'capture.pcap', messages: LANGUAGES[lang] }));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);

    const packets = report.connections[0]!.packets!;
    expect(await page.locator('svg.ladder g.arrow').count()).toBe(packets.length);
    expect(await page.locator('svg.ladder g.arrow.handshake').count()).toBe(3);
    expect(await page.locator('table.syn-header tbody tr').count()).toBe(10);
    expect(await page.locator('table.packets details').count()).toBe(packets.length);

    // The toggle swaps relative for raw numbers on the ladder.
    const firstLabel = page.locator('svg.ladder g.arrow').first().locator('text.label');
    const [relative, raw] = [firstLabel.locator('tspan.rel'), firstLabel.locator('tspan.raw')];
    expect(await relative.textContent()).toBe('SYN seq=0');
    expect(await raw.textContent()).toBe(`SYN seq=${packets[0]!.seq}`);
    expect([await relative.isVisible(), await raw.isVisible()]).toEqual([true, false]);
    await page.click('#toggle-raw');
    expect([await relative.isVisible(), await raw.isVisible()]).toEqual([false, true]);

    // A packet's header breakdown opens on click.
    const details = page.locator('table.packets details').nth(7);
    await details.locator('summary').click();
    expect(await details.locator('table.packet-header').isVisible()).toBe(true);

    // Nothing overflows the page sideways on a laptop screen (the packet table scrolls in its box).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(dir, `report.${lang}.png`), fullPage: false });
    await page.close();
  });

  it('opens every header breakdown when printed', async () => {
    const file = join(dir, 'print.html');
    writeFileSync(file, renderHtml({ report, file: 'capture.pcap', messages: LANGUAGES.en }));
    const page = await browser.newPage();
    await page.goto(`file://${file}`);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('details[open]').count()).toBe(report.connections[0]!.packets!.length);
    expect(await page.locator('#toggle-raw').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });
});
