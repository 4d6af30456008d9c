// The HTML report in real headless Chromium, opened from disk, as a classroom uses it: on a projector at
// 1024×768, at 200 % zoom, by keyboard and screen reader (axe-core), in forced colours, and on A4 paper.
// Three real lab captures: one connection (echo), one with a retransmission (syn-retry), five (multi-client).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { arrowKind } from '../../src/report/html/ladder.js';
import { renderHtml } from '../../src/report/html.js';
import { LANGUAGES, type Lang } from '../../src/report/i18n/index.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/chromium.ts';
import { axeViolations, focusableElements, HEADING_MARKS, horizontalOverflow, pdfPages, smallestText, strandedHeadings, tabStops } from '../helpers/page-checks.ts';

const preset = (name: string, file: string) => readFileSync(fileURLToPath(new URL(`../fixtures/presets/${name}/${file}`, import.meta.url)));
const PRESETS = ['echo', 'syn-retry', 'multi-client'] as const;
const LANGS = Object.keys(LANGUAGES) as Lang[];
const CASES = PRESETS.flatMap((name) => LANGS.map((lang) => [name, lang] as const));

describe.runIf(chromiumAvailable())('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  const inputs = Object.fromEntries(
    PRESETS.map((name) => [name, { report: analyseCapture([preset(name, 'capture.pcap')], { events: parseEventLines(preset(name, 'events.jsonl').toString('utf8')) }) }]),
  );

  /** Writes the report to disk and opens it from there. */
  async function open(name: (typeof PRESETS)[number], lang: Lang, options: { width?: number; height?: number; zoom?: number; query?: string } = {}): Promise<Page> {
    const { width = 1024, height = 768, zoom = 1, query = '' } = options;
    const file = join(dir, `${name}.${lang}.html`);
    writeFileSync(file, renderHtml({ ...inputs[name]!, file: 'capture.pcap', messages: LANGUAGES[lang] }));
    // Zoom as a browser does it: fewer CSS pixels across the same screen.
    const page = await browser.newPage({ viewport: { width: Math.round(width / zoom), height: Math.round(height / zoom) }, deviceScaleFactor: zoom });
    await page.goto(`file://${file}${query}`);
    return page;
  }

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  it.each(LANGS)('loads nothing from the network, draws one arrow per segment, and the toggle shows raw numbers (%s)', async (lang) => {
    const requests: string[] = [];
    const page = await browser.newPage();
    page.on('request', (request) => requests.push(request.url()));
    const file = join(dir, `plain.${lang}.html`);
    writeFileSync(file, renderHtml({ ...inputs['syn-retry']!, file: 'capture.pcap', messages: LANGUAGES[lang] }));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);

    const packets = inputs['syn-retry']!.report.connections[0]!.packets!;
    expect(await page.locator('.ladder-rows > li').count()).toBe(packets.length);
    // Each arrow drawn as its kind (handshake, data, …, lost), and the lost SYN marked as lost in words.
    const c = inputs['syn-retry']!.report.connections[0]!;
    for (const kind of ['handshake', 'data', 'ack', 'teardown', 'anomaly', 'lost'] as const)
      expect(await page.locator(`.ladder-rows > li.${kind}`).count()).toBe(packets.filter((p) => arrowKind(c, p) === kind).length);
    expect(await page.locator('.ladder-rows > li.lost .mark').allTextContents()).toEqual(packets.filter((p) => p.lost).map(() => LANGUAGES[lang].lost));
    // The retransmitted SYN is marked in words on its arrow and in its table row, not only by colour.
    const retransmitted = packets.find((p) => p.anomalies.includes('retransmission'))!;
    expect(await page.locator(`.ladder-rows > li.anomaly .mark`).first().textContent()).toBe(LANGUAGES[lang].anomalyShort.retransmission);
    expect(await page.locator(`tr#c1-f${retransmitted.frame} .notes`).textContent()).toContain(LANGUAGES[lang].anomalyShort.retransmission);

    const toggle = page.locator('#toggle-raw');
    const [relative, raw] = [page.locator('.ladder-rows .arrow .rel').first(), page.locator('.ladder-rows .arrow .raw').first()];
    expect(await relative.textContent()).toBe('SYN seq=0');
    expect(await raw.textContent()).toContain(`seq=${packets[0]!.seq}`);
    expect([await relative.isVisible(), await raw.isVisible(), await toggle.getAttribute('aria-pressed')]).toEqual([true, false, 'false']);
    await toggle.click();
    expect([await relative.isVisible(), await raw.isVisible(), await toggle.getAttribute('aria-pressed')]).toEqual([false, true, 'true']);

    // An arrow links to its row of the packet table; a header breakdown opens from its summary, named by its frame.
    expect(await page.locator('.ladder-rows .arrow').nth(3).getAttribute('href')).toBe(`#c1-f${packets[3]!.frame}`);
    const details = page.locator('details.print-detail').nth(4);
    expect(await details.locator('summary').textContent()).toBe(LANGUAGES[lang].html.headerBytes(packets[4]!.frame, packets[4]!.header.length / 2));
    await details.locator('summary').click();
    expect(await details.locator('table.packet-header').isVisible()).toBe(true);
    // Every table has a caption; no table sits inside another.
    expect(await page.locator('table:not(:has(> caption))').count()).toBe(0);
    expect(await page.locator('table table').count()).toBe(0);
    await page.close();
  });

  it.each(CASES)('%s (%s): axe-core finds no WCAG 2.1 AA violation, with raw numbers shown and every header open', async (name, lang) => {
    const page = await open(name, lang);
    await page.click('#toggle-raw');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it.each(LANGS)('tab order reaches every control and every arrow, each with a visible focus ring (%s)', async (lang) => {
    const page = await open('multi-client', lang);
    const stops = await tabStops(page);
    expect(stops.map((s) => s.element)).toEqual(await focusableElements(page));
    expect(stops.map((s) => s.element).slice(0, 3)).toEqual(['button#toggle-raw.toggle', 'button#toggle-large.toggle', 'button#toggle-print-details.toggle']);
    expect(stops.filter((s) => s.element === 'a.arrow')).toHaveLength(inputs['multi-client']!.report.connections.reduce((n, c) => n + c.packets!.length, 0));
    for (const stop of stops) expect({ ...stop, visible: stop.outlineWidth >= 3 && stop.boxShadow }).toMatchObject({ visible: true });
    await page.close();
  });

  it.each(CASES)('%s (%s) on a projector: 1024×768 and at 200 percent zoom, no sideways scroll, ladder text at body size, states visible', async (name, lang) => {
    for (const zoom of [1, 2]) {
      const page = await open(name, lang, { zoom });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const text = await smallestText(page, 'figure.ladder');
      expect(text.count).toBeGreaterThan(0);
      expect(text.smallest).toBeGreaterThanOrEqual(text.body * 0.9);
      // No italic in the ladder (CJK has none); a table box takes focus exactly when it scrolls.
      expect(await page.$$eval('figure.ladder *', (els) => els.filter((el) => getComputedStyle(el).fontStyle === 'italic').length)).toBe(0);
      // Ports and words are never cut: an endpoint wraps only before its port, a state only at a hyphen or before its gloss.
      const cut = await page.$$eval('.ladder-head .end span, .ladder-rows .state', (els) =>
        els.flatMap((el) => {
          const range = document.createRange();
          const words = (el.textContent ?? '').match(/\d+$|[^\s:（）-]+(?=[^:]*$)/g) ?? [];
          return words.filter((word) => {
            const text = [...el.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes(word));
            if (!text) return false;
            const start = text.textContent!.lastIndexOf(word);
            range.setStart(text, start);
            range.setEnd(text, start + word.length);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
          });
        }),
      );
      expect(cut).toEqual([]);
      const boxes = await page.$$eval('.scroll', (els) => els.map((el) => ({ scrolls: el.scrollWidth > el.clientWidth + 1, focusable: el.getAttribute('tabindex') === '0' && el.getAttribute('role') === 'region' })));
      for (const box of boxes) expect(box.focusable).toBe(box.scrolls);
      if (zoom === 1) {
        // The states column of every packet table is inside the viewport and not clipped by its scroll box.
        const boxes = await page.$$eval('table.packets', (tables) =>
          tables.map((table) => {
            const box = table.parentElement!.getBoundingClientRect();
            const states = table.querySelector('th:nth-child(5)')!.getBoundingClientRect();
            return { right: states.right, box: box.right, viewport: document.documentElement.clientWidth };
          }),
        );
        for (const b of boxes) expect(b.right).toBeLessThanOrEqual(Math.min(b.box, b.viewport));
      }
      await page.close();
    }
  });

  it.each(CASES)('%s (%s) at 1280 px (issue 17 D16): every states cell inside the viewport, headings not broken inside a word, no italic in the ladder', async (name, lang) => {
    const page = await open(name, lang, { width: 1280, height: 800 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const tables = await page.$$eval(
      'table.packets',
      (all, statesHeading) =>
      all.map((table) => {
        const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === statesHeading);
        const box = table.parentElement!.getBoundingClientRect();
        const viewport = document.documentElement.clientWidth;
        // Each heading's words on one line each: a Range gives one rectangle per line of a text.
        const headings = [...table.querySelectorAll('thead th')].map((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          const words = (th.textContent ?? '').split(/\s+/).filter(Boolean).length;
          return { text: th.textContent ?? '', lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size, words };
        });
        const cells = [...table.querySelectorAll('tbody tr:not(.header-row)')].map((row) => (row.children[column] as HTMLElement).getBoundingClientRect());
        return { column, box: box.right, viewport, headings, cells: cells.map((r) => ({ left: r.left, right: r.right, width: r.width })) };
      }),
      LANGUAGES[lang].columns.states,
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      expect(t.column).toBeGreaterThanOrEqual(0);
      for (const cell of t.cells) {
        expect(cell.width).toBeGreaterThan(0);
        expect(cell.right).toBeLessThanOrEqual(Math.min(t.box, t.viewport) + 0.5);
      }
      // A CJK heading such as 长度 has no spaces: it must stay on one line; a Latin one breaks only between words.
      for (const h of t.headings) expect(h.lines, h.text).toBeLessThanOrEqual(Math.max(1, h.words));
    }
    const len = LANGUAGES[lang].columns.len;
    expect(tables[0]!.headings.map((h) => h.text)).toContain(len);
    expect(tables[0]!.headings.find((h) => h.text === len)!.lines).toBe(1);
    expect(await page.$$eval('figure.ladder *', (els) => els.filter((el) => getComputedStyle(el).fontStyle === 'italic').length)).toBe(0);
    await page.close();
  });

  it.each(LANGS)('reflows at 320 px wide without sideways scroll (%s)', async (lang) => {
    const page = await open('syn-retry', lang, { width: 320, height: 640 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('keeps lifelines, arrows and labels in forced colours, and ?large enlarges every text', async () => {
    const page = await open('syn-retry', 'en');
    await page.emulateMedia({ forcedColors: 'active' });
    const lifeline = await page.$eval('.ladder-rows > li', (li) => {
      const style = getComputedStyle(li, '::before');
      return { width: parseFloat(style.borderLeftWidth), color: style.borderLeftColor };
    });
    expect(lifeline.width).toBeGreaterThan(0);
    expect(lifeline.color).not.toBe('rgba(0, 0, 0, 0)');
    const arrow = await page.$eval('.ladder-rows > li:not(.lost) .arrow', (a) => ({ line: getComputedStyle(a.querySelector('.line')!).borderTopColor, head: getComputedStyle(a.querySelector('svg')!).fill, text: getComputedStyle(a).color }));
    expect(arrow.line).toBe(arrow.text);
    expect(arrow.head).toBe(arrow.text);
    const lost = await page.$eval('.ladder-rows > li.lost .arrow', (a) => ({ cross: getComputedStyle(a.querySelector('svg')!).stroke, text: getComputedStyle(a).color }));
    expect(lost.cross).toBe(lost.text);
    const normal = await smallestText(page, 'body');
    await page.close();

    const large = await open('syn-retry', 'en', { query: '?large' });
    expect(await large.getAttribute('#toggle-large', 'aria-pressed')).toBe('true');
    const enlarged = await smallestText(large, 'body');
    expect(enlarged.body).toBeGreaterThanOrEqual(normal.body * 1.4);
    expect(enlarged.smallest).toBeGreaterThanOrEqual(normal.smallest * 1.4);
    await large.close();
  });

  it.each(CASES)('%s (%s) on A4: starts on page 1, no heading alone at a page bottom, headers only when asked for', async (name, lang) => {
    const page = await open(name, lang);
    await page.addStyleTag({ content: HEADING_MARKS });
    // The font's glyphs map some CJK characters to Kangxi radicals in the PDF's text: NFKC maps them back.
    const squash = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');
    const summary = await pdfPages(await page.pdf({ format: 'A4' }));
    // Page 1 holds the title and the first connection's heading, not the title alone.
    expect(summary[0]!.match(/<</g)?.length).toBeGreaterThanOrEqual(2);
    expect(strandedHeadings(summary)).toEqual([]);
    // The segments' header breakdowns print only when asked for.
    const packet = inputs[name]!.report.connections[0]!.packets![4]!;
    const headerSummary = squash(LANGUAGES[lang].html.headerBytes(packet.frame, packet.header.length / 2));
    expect(squash(summary.join(''))).not.toContain(headerSummary);

    await page.click('#toggle-print-details');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const detailed = await pdfPages(await page.pdf({ format: 'A4' }));
    expect(detailed.length).toBeGreaterThan(summary.length);
    expect(squash(detailed.join(''))).toContain(headerSummary);
    expect(strandedHeadings(detailed)).toEqual([]);
    await page.close();
  });
});
