// Text from a capture, an events file or a file name reaches the reports as data, never as markup: HTML
// escapes it everywhere (the <title> too), Markdown keeps its tables' columns whatever a cell holds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { parseEventLines } from '../../src/capture/socket-events.js';
import { escapeHtml } from '../../src/report/escape-html.js';
import { renderHtml } from '../../src/report/html.js';
import { LANGUAGES } from '../../src/report/i18n/index.js';
import { renderMarkdown } from '../../src/report/markdown.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lab-up-echo/${name}`, import.meta.url));
const HOSTILE = `<img src=x onerror="alert('|')">&amp;|`;

/** The lab-up-echo capture with its events: the server's read data replaced by hostile text, and a call
 * the report does not know, named with it. */
function hostileReport() {
  const lines = fixture('events.jsonl').toString('utf8').replace('"data":"hello"', `"data":${JSON.stringify(HOSTILE)}`).trimEnd().split('\n');
  const read = JSON.parse(lines.find((line) => line.includes('"call":"read"'))!);
  lines.push(JSON.stringify({ ...read, t: read.t + 1, call: HOSTILE, ret: 0, data: undefined }));
  return analyseCapture([fixture('capture.pcap')], { events: parseEventLines(lines.join('\n')) });
}

describe('escaping in the reports', () => {
  it('escapeHtml replaces all five characters that HTML gives a meaning', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(42)).toBe('42');
  });

  it.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])('HTML (%s): the file name and the programs’ data stay text, in the title too', (lang) => {
    const html = renderHtml({ report: hostileReport(), file: `${HOSTILE}.pcap`, messages: LANGUAGES[lang] });
    expect(html).toContain(`<title>${escapeHtml(LANGUAGES[lang].title)} — ${escapeHtml(`${HOSTILE}.pcap`)}</title>`);
    expect(html).not.toContain('<img');
    expect(html).not.toContain(`"alert(`);
  });

  it.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])('Markdown (%s): every row of every table has its header’s number of columns', (lang) => {
    const markdown = renderMarkdown({ report: hostileReport(), file: `${HOSTILE}.pcap`, messages: LANGUAGES[lang] });
    const columns = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const tables = markdown.split(/\n(?!\|)/).map((block) => block.split('\n').filter((line) => line.startsWith('|'))).filter((rows) => rows.length > 2);
    expect(tables.length).toBeGreaterThan(2);
    for (const rows of tables) expect(rows.map(columns)).toEqual(rows.map(() => columns(rows[0]!)));
    expect(tables.flat().some((row) => row.includes(HOSTILE.replace(/\|/g, '\\|')))).toBe(true);
  });
});
