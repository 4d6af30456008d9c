// Checks that every page of tcp-lab must pass in a real browser, as a classroom uses it: axe-core's WCAG
// 2.1 AA rules, keyboard focus, a projector's 1024×768, 200 % zoom, and A4 paper. Written once for the
// report and the classroom's page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/** axe-core's violations of WCAG 2.0/2.1 A and AA on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export interface FocusStop {
  /** Tag, id or class: enough to name the element in a failure. */
  element: string;
  /** The focus indicator as drawn: outline width in px (0 when none) and whether a box shadow is drawn. */
  outlineWidth: number;
  boxShadow: boolean;
}

/** Presses Tab from the top until focus comes back around, recording every stop and how it is drawn. */
export async function tabStops(page: Page, limit = 2000): Promise<FocusStop[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: FocusStop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const path: string[] = [];
      for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) path.unshift(`${node.tagName}:${Array.prototype.indexOf.call(node.parentElement?.children ?? [], node)}`);
      const style = getComputedStyle(el);
      return {
        key: path.join('/'),
        element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`,
        outlineWidth: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
        boxShadow: style.boxShadow !== 'none',
      };
    });
    if (!stop || seen.has(stop.key)) break;
    seen.add(stop.key);
    stops.push({ element: stop.element, outlineWidth: stop.outlineWidth, boxShadow: stop.boxShadow });
  }
  return stops;
}

/** Elements that take keyboard focus, in document order (tag and id or class, as tabStops names them). */
export async function focusableElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, summary, [tabindex="0"], input, select, textarea')]
      .filter((el) => el.checkVisibility() && !(el as HTMLButtonElement).disabled)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`),
  );
}

/** How far the page scrolls sideways, in CSS px (0: it fits the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The body's font size and the smallest visible text inside `selector` (screen-reader-only text aside), in px. */
export async function smallestText(page: Page, selector: string): Promise<{ body: number; smallest: number; count: number }> {
  return page.evaluate((selector) => {
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    let smallest = Infinity;
    let count = 0;
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement!;
        if (!node.textContent?.trim() || parent.closest('.sr-only') || parent.getClientRects().length === 0) continue;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(parent).fontSize));
        count++;
      }
    }
    return { body, smallest, count };
  }, selector);
}

/** The text of each page of a PDF, one string per page. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return text;
}

/** Marks every heading's start and end in the printed text, whatever the font's glyph-to-text mapping. */
export const HEADING_MARKS = 'h1::before, h2::before, h3::before { content: "<<"; } h1::after, h2::after, h3::after { content: ">>"; }';

/**
 * Pages (1-based) that end with a heading (its section starts on the next page), or hold nothing but
 * headings; the text must have been printed with HEADING_MARKS.
 */
export function strandedHeadings(pages: string[]): { page: number; problem: 'heading at the bottom' | 'only headings' }[] {
  const found: { page: number; problem: 'heading at the bottom' | 'only headings' }[] = [];
  pages.forEach((text, i) => {
    const squashed = text.replace(/\s+/g, '');
    if (!squashed) return;
    if (!squashed.replace(/<<.*?>>/g, '')) found.push({ page: i + 1, problem: 'only headings' });
    else if (squashed.endsWith('>>') && i < pages.length - 1) found.push({ page: i + 1, problem: 'heading at the bottom' });
  });
  return found;
}
