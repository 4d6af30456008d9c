// Writes what one `lab up` produced into OUT/NAME/: the capture, the events and the reports.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseCapture } from '../analyse/analyse-capture.js';
import type { Report } from '../analyse/report-model.js';
import { messagesFor } from '../report/i18n/index.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import type { LabRun } from './lab-up.js';
import { toJsonLines } from './socket-events.js';

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
    events: join(dir, 'events.jsonl'),
    json: join(dir, 'report.json'),
    markdown: join(dir, 'report.md'),
  };
  await Promise.all([
    writeFile(files.capture, run.pcap),
    writeFile(files.events, toJsonLines(run.events)),
    writeFile(files.json, renderJson(report)),
    writeFile(files.markdown, renderMarkdown({ report, file: 'capture.pcap', events: run.events, messages: messagesFor(lang) })),
  ]);
  return { dir, files, report };
}
