// Hears that stdout's reader has gone (`lab capture | head -c 100` after head exits) without writing to it.
// Node learns of a closed pipe only from the next write's EPIPE, and a lab kept idle writes nothing, so
// `lab capture` would wait for the lab's next packet. Node has no way to poll a descriptor it only writes
// to; GNU tail does exactly that with its own output (`tail -f` ends as soon as its pipe is broken), so a
// `tail -f /dev/null` sharing our stdout ends with SIGPIPE when the reader goes. --pid ends it with us.
import { spawn } from 'node:child_process';
import { fstatSync } from 'node:fs';

/** Calls onGone once stdout's reader has closed the pipe; returns a function that stops listening. Where
 * stdout is no pipe (a terminal, a file, a socket) or GNU tail is missing, a closed reader shows at the next
 * write, as before. */
export function whenStdoutReaderGone(onGone: () => void): () => void {
  const output = fstatSync(process.stdout.fd);
  if (!output.isFIFO()) return () => {}; // tail watches pipes, not sockets (Node gives its children socket pairs)
  const watcher = spawn('tail', ['-c', '0', '-f', '-s', '0.05', `--pid=${process.pid}`, '/dev/null'], { stdio: ['ignore', 'inherit', 'ignore'] });
  watcher.on('error', () => {}); // no tail on this system
  watcher.on('exit', (_code, signal) => signal === 'SIGPIPE' && onGone()); // any other end (a BSD tail's usage error) means nothing
  return () => watcher.kill();
}
