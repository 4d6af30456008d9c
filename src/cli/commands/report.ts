// `lab report CAPTURE [--format md|html|json|pcapng] [--brief] [-o FILE] [--lang L] [--events FILE...]`
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseCapture } from '../../analyse/analyse-capture.js';
import { openCaptureSource, type CaptureSource } from '../../capture/capture-source.js';
import { LabError } from '../../errors.js';
import { mergeEvents, parseEventLines } from '../../capture/socket-events.js';
import { LANGUAGES, messagesFor } from '../../report/i18n/index.js';
import { jsonWriter } from '../../report/json.js';
import { annotatedPcapng } from '../../report/annotated-pcapng.js';
import { renderHtml } from '../../report/html.js';
import { renderMarkdown } from '../../report/markdown.js';
import { packetComments } from '../../report/packet-comments.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { syncOutput } from '../sync-output.js';

const FORMATS = ['md', 'html', 'json', 'pcapng'] as const;

export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'md' },
      brief: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      lang: { type: 'string', default: 'en' },
      events: { type: 'string', multiple: true, default: [] },
    },
  });
  const [capture, ...extra] = positionals;
  if (!capture || extra.length) throw new LabError('USAGE', 'give exactly one capture file: lab report CAPTURE [--format md|html|json|pcapng]');
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new LabError('USAGE', `--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  if (!(values.lang in LANGUAGES)) throw new LabError('USAGE', `--lang must be one of ${Object.keys(LANGUAGES).join(', ')}, got "${values.lang}"`);
  const chunks = openCapture(capture);

  if (format === 'json') {
    const out = values.output ? syncOutput({ path: values.output }) : io.stdout.fd !== undefined ? syncOutput({ fd: io.stdout.fd }) : { write: (t: string) => void io.stdout.write(t), close() {} };
    const writer = jsonWriter(out.write);
    const report = analyseCapture(chunks, { brief: values.brief, onConnection: writer.connection });
    writer.end(report.capture);
    out.close();
    return EXIT.ok;
  }
  const report = analyseCapture(chunks, { brief: values.brief && format !== 'pcapng' });
  const messages = messagesFor(values.lang);
  if (format === 'pcapng') {
    if (!values.output && io.stdout.isTTY) throw new LabError('USAGE', 'pcapng is binary: give -o FILE (or redirect stdout to a file)');
    const blocks = annotatedPcapng(openCapture(capture), packetComments(report, messages));
    if (values.output) writeFileSync(values.output, Buffer.concat(blocks));
    else for (const block of blocks) io.stdout.write(block);
    return EXIT.ok;
  }
  const events = mergeEvents(...values.events.map((file) => parseEventLines(readText(file), file)));
  const render = format === 'html' ? renderHtml : renderMarkdown;
  const text = render({ report, file: basename(capture), events, messages });
  if (values.output) writeFileSync(values.output, text);
  else io.stdout.write(text);
  return EXIT.ok;
}

function openCapture(path: string): CaptureSource {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch (error) {
    throw new LabError('USAGE', `cannot read the capture ${path}: ${(error as Error).message}`);
  }
  return openCaptureSource(path);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LabError('USAGE', `cannot read the events file ${path}: ${(error as Error).message}`);
  }
}
