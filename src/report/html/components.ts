// Building blocks shared by tcp-lab's pages: a pressed/not-pressed toggle, a captioned data table in a
// box that scrolls sideways (by keyboard too, see page-script.ts), and visually hidden text for screen readers.
import { escapeHtml as e } from '../escape-html.js';

/**
 * A button that switches a class on <html> and says so with aria-pressed; `param` in the page's query
 * string (e.g. ?large) switches it on when the page opens. The label says what pressing does.
 */
export function toggleButton({ id, label, htmlClass, param }: { id: string; label: string; htmlClass: string; param?: string }): string {
  return `<button type="button" id="${e(id)}" class="toggle" aria-pressed="false" data-toggle="${e(htmlClass)}"${param ? ` data-param="${e(param)}"` : ''}>${e(label)}</button>`;
}

export interface DataTable {
  id: string;
  caption: string;
  head: string[];
  /** Cells as HTML (escape text before). */
  rows: { cells: string[]; id?: string; className?: string }[];
  className: string;
}

/** A table with a caption and column headers, in a box that scrolls sideways on a narrow screen. */
export function dataTable({ id, caption, head, rows, className }: DataTable): string {
  const body = rows
    .map((r) => `<tr${r.id ? ` id="${e(r.id)}"` : ''}${r.className ? ` class="${e(r.className)}"` : ''}>${r.cells.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('\n');
  // The page script makes the box focusable (a keyboard must be able to scroll it) and names it by the
  // caption only while it actually scrolls: no tab stop for a table that fits.
  return `<div class="scroll" data-caption="${e(id)}-caption"><table class="${e(className)}"><caption id="${e(id)}-caption">${e(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead>
<tbody>${body}</tbody></table></div>`;
}

/** Text read by screen readers and not shown. */
export const srOnly = (text: string) => `<span class="sr-only">${e(text)}</span>`;
