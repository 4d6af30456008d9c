// `lab capture [--name N] [-w FILE | --wireshark]`: a running lab's capture as pcap, to stdout
// (`| wireshark -k -i -`), FILE, or a Wireshark window started on this machine.
import type { Writable } from 'node:stream';
import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { labName, nonEmpty } from '../option-values.js';

export const captureCommand: CommandDefinition = ({ t, io, env, run }) => {
  const texts = t.commands.capture;
  return new Command('capture')
    .addOption(new Option('--name <name>', texts.options.name).argParser(labName(t)).default('handshake'))
    .addOption(new Option('-w, --write <file>', texts.options.write).argParser(nonEmpty(t)))
    .addOption(new Option('--wireshark', texts.options.wireshark).conflicts('write'))
    .action(
      run(async ({ name, write, wireshark }) => {
        const [{ followLabCapture }, { connectRuntime }, { createWriteStream }, { rm }, { outputError }, { whenStdoutReaderGone }] = await Promise.all([
          import('../../lab/lab-capture.js'),
          import('./docker-runtime.js'),
          import('node:fs'),
          import('node:fs/promises'),
          import('../../lab/output-folder.js'),
          import('../stdout-reader-gone.js'),
        ]);
        const streams = await followLabCapture(await connectRuntime(env), name);
        if (wireshark) {
          // Without Wireshark (or a display) the message says how to get it; the lab is not disturbed.
          const { showInWireshark } = await import('../wireshark.js');
          const notCaptured = new Promise<never>((_resolve, reject) => streams.stdout.once('error', reject)); // the engine's error, not a capture
          const outcome = await Promise.race([showInWireshark(streams.stdout, { env, t, stderr: io.stderr }), notCaptured]);
          if (outcome === 'shown') io.stderr.write(t.capture.ended(name));
          else streams.close();
          return EXIT.ok;
        }
        const toFile = write !== undefined && write !== '-';
        const out: Writable = toFile ? createWriteStream(write) : process.stdout;
        let interrupted = false;
        const onSignal = () => {
          interrupted = true;
          streams.close();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        let stopWatching = () => {};
        let readerLeft = false;
        let notCaptured = false;
        try {
          await new Promise<void>((resolve, reject) => {
            // A reader that went away (`| head`) ends the stream quietly, also while the lab sends nothing;
            // a file that cannot be written is named.
            const readerGone = () => ((readerLeft = true), streams.close(), resolve());
            if (!toFile) stopWatching = whenStdoutReaderGone(readerGone);
            streams.stdout.pipe(out, { end: false });
            streams.stdout.on('end', resolve).on('close', resolve);
            streams.stdout.on('error', (error) => ((notCaptured = true), reject(error))); // the engine's error, not a capture
            out.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? readerGone() : reject(outputError(error, write ?? 'stdout'))));
          });
        } finally {
          stopWatching();
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          if (toFile) await new Promise<void>((resolve) => out.end(() => resolve()));
          if (toFile && notCaptured) await rm(write, { force: true }); // an error, not a file that looks like one
        }
        if (!interrupted && !readerLeft) io.stderr.write(t.capture.ended(name));
        return interrupted ? EXIT.interrupted : EXIT.ok;
      }),
    );
};
