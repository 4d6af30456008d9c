// Writes what one `lab up` produced into OUT/NAME/: the capture, the events and the reports.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseCapture } from '../analyse/analyse-capture.js';
import type { Report } from '../analyse/report-model.js';
import { annotatedPcapng } from '../report/annotated-pcapng.js';
import { renderHtml } from '../report/html.js';
import { messagesFor } from '../report/i18n/index.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { packetComments } from '../report/packet-comments.js';
import { verdictLine, type Verdict } from '../report/verdict-line.js';
import type { LabRun } from './lab-up.js';
import { toJsonLines } from '../capture/socket-events.js';

export interface LabOutputs {
  dir: string;
  files: Record<string, string>;
  report: Report;
}

export async function writeOutputs(run: LabRun, dir: string, lang: string): Promise<LabOutputs> {
  await mkdir(dir, { recursive: true });
  const report = analyseCapture([run.pcap]);
  const files = {
    capture: join(dir, 'capture.pcap'),
    annotated: join(dir, 'capture-annotated.pcapng'),
    events: join(dir, 'events.jsonl'),
    json: join(dir, 'report.json'),
    markdown: join(dir, 'report.md'),
    html: join(dir, 'report.html'),
  };
  const messages = messagesFor(lang);
  const input = { report, file: 'capture.pcap', events: run.events, messages };
  await Promise.all([
    writeFile(files.capture, run.pcap),
    writeFile(files.annotated, annotatedPcapng([run.pcap], packetComments(report, messages))),
    writeFile(files.events, toJsonLines(run.events)),
    writeFile(files.json, renderJson(report)),
    writeFile(files.markdown, renderMarkdown(input)),
    writeFile(files.html, renderHtml(input)),
  ]);
  return { dir, files, report };
}

export interface IndexEntry {
  scenario: string;
  summary: string;
  connections: Verdict[];
}

/** `lab up --scenario all`: one page linking every preset's report, a line each. */
export async function writeIndex(dir: string, entries: IndexEntry[]): Promise<string> {
  const lines = ['# TCP lab: every way a connection opens and closes', '', '| scenario | what it shows | what the capture shows |', '| --- | --- | --- |'];
  for (const e of entries) {
    const [first] = e.connections;
    const observed = first ? `${e.connections.length > 1 ? `${e.connections.length} connections; first: ` : ''}${verdictLine(first)}` : 'no connection';
    lines.push(`| [${e.scenario}](${e.scenario}/report.html) | ${e.summary} | ${observed} |`);
  }
  const file = join(dir, 'index.md');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
