// `lab report CAPTURE [--format md|html|json|pcapng] [--brief] [-o FILE] [--events FILE]... [--open]`
import { mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Command, Option } from '@commander-js/extra-typings';
import { LabError, systemReason } from '../../errors.js';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { nonEmpty } from '../option-values.js';

const FORMATS = ['md', 'html', 'json', 'pcapng'] as const;

export const reportCommand: CommandDefinition = ({ t, io, lang, env, run }) => {
  const texts = t.commands.report;
  return new Command('report')
    .argument('<capture>', texts.arguments!.capture)
    .addOption(new Option('--format <format>', texts.options.format).choices(FORMATS).default('md' as const))
    .option('-o, --output <file>', texts.options.output, nonEmpty(t))
    .option('--events <file>', texts.options.events, (file: string, files: string[]) => [...files, nonEmpty(t)(file)], [] as string[])
    .option('--brief', texts.options.brief)
    .option('--open', texts.options.open)
    .action(
      run(async (capture, options, command) => {
        // The analyser and the renderers load only now: `lab --help` does not need them.
        const [{ analyseCapture }, { openCaptureSource, readAllChunks }, { mergeEvents, parseEventLines }, { syncOutput }, { writeOutputFile }] = await Promise.all([
          import('../../analyse/analyse-capture.js'),
          import('../../capture/capture-source.js'),
          import('../../capture/socket-events.js'),
          import('../sync-output.js'),
          import('../../output-file.js'),
        ]);
        // The analyser holds a few thousand connections at a time and makes garbage at a steady rate. Left to
        // grow, V8's young generation reaches several times 16 MiB and promotes in bulk (266 MiB peak on the
        // benchmark capture); kept at its first size, the same run peaks near 120 MiB for the same CPU time.
        // Set now rather than at start-up: it is a sizing heuristic the collector reads each time the young
        // generation might grow, so changing it late changes only when memory grows, never what the code computes.
        setFlagsFromString('--semi-space-growth-factor=1');
        if (jsonFastPathOff()) setFlagsFromString('--json-stringify-fast-path');
        const { events: eventFiles, brief = false, open = false } = options;
        const source = openCaptureSource(capture); // an unreadable capture: exit 4, before any output
        // --open shows the report in a browser: HTML unless a format was asked for, in a temporary folder unless -o.
        const format = open && command.getOptionValueSource('format') === 'default' ? 'html' : options.format;
        const output = options.output ?? (open ? join(mkdtempSync(join(tmpdir(), 'lab-report-')), `${basename(capture, extname(capture))}.${format}`) : undefined);
        if (output) for (const input of [capture, ...eventFiles]) if (sameFile(input, output)) throw new LabError('outputIsInput', { path: output });
        const opened = async () => {
          if (!open || !output) return EXIT.ok;
          if (!options.output) io.stderr.write(`${t.wrote(output)}\n`);
          await (await import('../open-file.js')).openFile(output, { env, io, t });
          return EXIT.ok;
        };
        /** The output file (written whole, or not at all), or stdout. */
        const emit = (write: (out: { write(text: string | Uint8Array): void }) => void) => {
          if (output) writeOutputFile(output, (fd) => writeThrough(syncOutput(fd), write));
          else if (io.stdout.fd !== undefined) writeThrough(syncOutput(io.stdout.fd), write);
          else write({ write: (text) => void io.stdout.write(text) });
        };

        const events = mergeEvents(...eventFiles.map((file) => parseEventLines(readEvents(file), file)));
        if (format === 'json') {
          const { jsonWriter } = await import('../../report/json.js');
          emit((out) => {
            const writer = jsonWriter((text) => out.write(text));
            writer.end(analyseCapture(source, { brief, onConnection: writer.connection, events }).capture);
          });
          return opened();
        }
        // pcapng reads the capture twice (analysis, then the annotated copy): keep the bytes, as standard input and FIFOs cannot be read again.
        const input = format === 'pcapng' ? readAllChunks(source) : source;
        const report = analyseCapture(input, { brief: brief && format !== 'pcapng', events });
        // The report's wording (both languages) loads only for the formats that word it: JSON is data.
        const messages = (await import('../../report/i18n/index.js')).messagesFor(lang);
        if (format === 'pcapng') {
          if (!output && io.stdout.isTTY) throw new LabError('pcapngNeedsOutput', {});
          const [{ annotatedPcapng }, { packetComments }] = await Promise.all([import('../../report/annotated-pcapng.js'), import('../../report/packet-comments.js')]);
          const blocks = annotatedPcapng(input, packetComments(report, messages));
          emit((out) => blocks.forEach((block) => out.write(block)));
          return opened();
        }
        // Written piece by piece: the page of a large capture is longer than any one string can be.
        const pieces = format === 'html' ? (await import('../../report/html.js')).htmlPieces : (await import('../../report/markdown.js')).markdownPieces;
        const text = pieces({ report, file: basename(capture), messages });
        emit((out) => text.forEach((piece) => out.write(piece)));
        return opened();
      }),
    );
};

/** V8's JSON.stringify fast path is written but off in V8 13.6 (Node 24), on from 13.8, absent before 13.6
 * (where naming the flag prints an error). It writes plain data objects like the report's without the
 * generic path's checks per property, and leaves anything else to that path: the same text, with a quarter
 * less of the JSON report's CPU time. */
function jsonFastPathOff(): boolean {
  const [major, minor] = process.versions.v8.split('.').map(Number);
  return major === 13 && minor! >= 6 && minor! < 8;
}

function writeThrough(out: { write(text: string | Uint8Array): void; flush(): void }, write: (out: { write(text: string | Uint8Array): void }) => void): void {
  write(out);
  out.flush();
}

/** The same file, also through a symbolic link or a hard link. */
function sameFile(input: string, output: string): boolean {
  try {
    const [a, b] = [statSync(input), statSync(output)];
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return resolveReal(input) === resolveReal(output);
  }
}

function resolveReal(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function readEvents(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LabError('eventsUnreadable', { path, reason: systemReason(error) });
  }
}
