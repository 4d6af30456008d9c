// Wireshark on the host, watching a live capture: `wireshark -k -i -` reads pcap from its standard input
// and starts capturing (-k) at once. The lab never depends on it: a missing Wireshark or a machine without
// a display is said (with the package to install) and the lab goes on; closing Wireshark early only stops
// the feeding. Used by `lab capture --wireshark` and `lab up --interactive --wireshark`.
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { CliMessages } from './i18n/messages.js';
import type { Output } from './io.js';

/** The package that provides the `wireshark` program on Debian, Ubuntu, Fedora and Arch. */
export const WIRESHARK_PACKAGE = 'wireshark';

export type WiresharkOutcome =
  /** The capture ended while Wireshark showed it; Wireshark stays open for the student. */
  | 'shown'
  /** Wireshark was closed (or failed) before the capture ended. */
  | 'closed'
  /** Not installed, or no display to open a window on. */
  | 'unavailable'
  /** The capture failed (the engine sent no capture): Wireshark, which had nothing to show, was closed. */
  | 'failed';

export interface WiresharkOptions {
  env: NodeJS.ProcessEnv;
  t: CliMessages;
  /** Where the notes go (the CLI's stderr). */
  stderr: Output;
  platform?: NodeJS.Platform;
}

/** On Linux and the BSDs a window needs X11 or Wayland; macOS and Windows always have a desktop. */
export function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Feeds `capture` (pcap bytes as they arrive) to a new Wireshark window. Never rejects. When Wireshark is
 * gone before the capture ends, `capture` is drained so that its producer is never held up. */
export async function showInWireshark(capture: Readable, { env, t, stderr, platform = process.platform }: WiresharkOptions): Promise<WiresharkOutcome> {
  const say = (text: string) => void stderr.write(`${text}\n`);
  if (!hasDisplay(env, platform)) {
    say(t.wireshark.noDisplay);
    capture.resume();
    return 'unavailable';
  }
  // stdout and stderr are not kept: Wireshark may outlive this command, which must be free to exit.
  const wireshark = execa('wireshark', ['-k', '-i', '-'], { env, extendEnv: false, stdin: 'pipe', stdout: 'ignore', stderr: 'ignore', reject: false });
  wireshark.stdin.on('error', () => {}); // EPIPE once Wireshark is closed: the exit below says what happened
  capture.pipe(wireshark.stdin);
  const ended = new Promise<'shown'>((resolve) => capture.once('end', () => resolve('shown')));
  const failed = new Promise<'failed'>((resolve) => capture.once('error', () => resolve('failed'))); // the caller words it
  const outcome = await Promise.race([ended, failed, wireshark]);
  if (outcome === 'failed') {
    wireshark.kill(); // an open window waiting for a capture that will never come would also hold this command
    return 'failed';
  }
  if (outcome === 'shown') {
    wireshark.nodeChildProcess.unref(); // the student keeps looking; this command may end
    return 'shown';
  }
  capture.unpipe(wireshark.stdin);
  capture.resume();
  if (outcome.code === 'ENOENT') {
    say(t.wireshark.missing(WIRESHARK_PACKAGE));
    return 'unavailable';
  }
  if (outcome.exitCode) say(t.wireshark.stopped(t.wireshark.exitCode(outcome.exitCode)));
  return 'closed';
}
