// `lab capture [--name N] [-w FILE]`: a running lab's capture as pcap, to stdout (`| wireshark -k -i -`) or FILE.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { LabError } from '../../errors.js';
import { followLabCapture } from '../../lab/lab-capture.js';
import { outputError } from '../../lab/output-folder.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { connectRuntime } from './docker-runtime.js';

export async function captureCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, write: { type: 'string', short: 'w' } } });
  if (values.name === '') throw new LabError('USAGE', '--name needs a lab name');
  const name = values.name ?? 'handshake';
  const streams = await followLabCapture(await connectRuntime(), name);
  const toFile = Boolean(values.write && values.write !== '-');
  const out: Writable = toFile ? createWriteStream(values.write!) : process.stdout;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    streams.close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await new Promise<void>((resolve, reject) => {
      streams.stdout.pipe(out, { end: false });
      streams.stdout.on('end', resolve).on('close', resolve);
      out.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? (streams.close(), resolve()) : reject(outputError(error, values.write ?? 'stdout'))));
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (toFile) await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (!interrupted) io.stderr.write(`lab capture: lab "${name}" ended\n`);
  return interrupted ? EXIT.interrupted : EXIT.ok;
}
