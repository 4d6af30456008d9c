// Writes what one lab run produced into a folder: the capture, the events and the reports.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseCapture } from '../analyse/analyse-capture.js';
import type { Report } from '../analyse/report-model.js';
import { toJsonLines } from '../capture/socket-events.js';
import { annotatedPcapng } from '../report/annotated-pcapng.js';
import { renderHtml } from '../report/html.js';
import { messagesFor } from '../report/i18n/index.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { packetComments } from '../report/packet-comments.js';
import { renderIndexMarkdown, type IndexEntry } from '../report/index-markdown.js';
import type { Collected } from '../session/lab-session.js';
import { CAPTURE_SPACE_BYTES, captureSpaceFull } from './capture-space.js';
import { packetsDroppedByKernel } from './kernel-drops.js';
import { outputCall } from './output-folder.js';

export interface LabOutputs {
  files: Record<string, string>;
  report: Report;
}

/** The file names inside the folder; the folder is renamed into place afterwards. */
export const OUTPUT_FILES = {
  capture: 'capture.pcap',
  annotated: 'capture-annotated.pcapng',
  events: 'events.jsonl',
  json: 'report.json',
  markdown: 'report.md',
  html: 'report.html',
} as const;

export async function writeOutputs(collected: Collected, dir: string, lang: string): Promise<LabOutputs> {
  const { report, contents } = renderOutputs(collected, lang);
  await writeAll(dir, contents);
  return { files: OUTPUT_FILES, report };
}

export type OutputContents = Record<keyof typeof OUTPUT_FILES, string | Uint8Array | Uint8Array[]>;

/** Every output of a run, in memory: written by `lab up`, downloaded from `lab serve`. */
export function renderOutputs(collected: Collected, lang: string): { report: Report; contents: OutputContents } {
  const report = analyseCapture([collected.pcap], { events: collected.events, drops: collected.drops, capturedAtServer: true });
  if (captureSpaceFull(collected.pcap.length)) report.capture.warnings.push({ code: 'captureSpaceFull', bytes: collected.pcap.length, spaceBytes: CAPTURE_SPACE_BYTES });
  const dropped = packetsDroppedByKernel(collected.captureStats);
  if (dropped) report.capture.warnings.push({ code: 'droppedByKernel', packets: dropped });
  const messages = messagesFor(lang);
  const input = { report, file: OUTPUT_FILES.capture, messages };
  const contents: OutputContents = {
    capture: collected.pcap,
    annotated: annotatedPcapng([collected.pcap], packetComments(report, messages)),
    events: toJsonLines(collected.events),
    json: renderJson(report),
    markdown: renderMarkdown(input),
    html: renderHtml(input),
  };
  return { report, contents };
}

/** When the experiment failed: the capture and the events, the two records that show why. */
export async function writeEvidence(collected: Collected, dir: string): Promise<string[]> {
  await writeAll(dir, { capture: collected.pcap, events: toJsonLines(collected.events) });
  return [OUTPUT_FILES.capture, OUTPUT_FILES.events];
}

async function writeAll(dir: string, contents: Partial<Record<keyof typeof OUTPUT_FILES, string | Uint8Array | Uint8Array[]>>): Promise<void> {
  await Promise.all(Object.entries(contents).map(([key, data]) => {
    const file = join(dir, OUTPUT_FILES[key as keyof typeof OUTPUT_FILES]);
    return outputCall(file, () => writeFile(file, Array.isArray(data) ? Buffer.concat(data) : data!));
  }));
}

/** `lab up --scenario all`: one page linking every preset's report, a line each, in the report's language. */
export async function writeIndex(dir: string, entries: IndexEntry[], lang: string): Promise<string> {
  const file = join(dir, 'index.md');
  await outputCall(file, () => writeFile(file, renderIndexMarkdown(entries, messagesFor(lang))));
  return 'index.md';
}
