// `lab up --scenario all`: index.md, one line per preset with a link to its report, in the reader's language.
import type { Messages } from './i18n/messages.js';
import { markdownCode } from './markdown-escape.js';
import type { Verdict } from './verdict-line.js';

export interface IndexEntry {
  scenario: string;
  /** The preset's own one-line summary, in English (see src/lab/scenarios.ts). */
  summary: string;
  connections: Verdict[];
}

export function renderIndexMarkdown(entries: IndexEntry[], m: Messages): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [`# ${m.index.title}`, '', `| ${m.index.columns.join(' | ')} |`, '| --- | --- | --- |'];
  for (const entry of entries) {
    const [first] = entry.connections;
    const observed = first ? (entry.connections.length > 1 ? m.index.connections(entry.connections.length, m.verdict(first)) : m.verdict(first)) : m.index.noConnection;
    // The preset's name as code (it is what --scenario takes); the link target a relative path.
    lines.push(`| [${markdownCode(entry.scenario)}](${encodeURI(entry.scenario)}/report.html) | ${cell(m.index.presetSummary(entry.scenario, entry.summary))} | ${cell(observed)} |`);
  }
  return `${lines.join('\n')}\n`;
}
