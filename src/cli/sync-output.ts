// Synchronous, buffered output to a file descriptor: the analyser's loop is synchronous, and a large
// JSON report must reach its destination as it is produced rather than pile up in memory. Text is
// encoded straight into one reused buffer, which is written out whenever it fills.
import { writeSync } from 'node:fs';

export interface SyncOutput {
  /** Text (encoded as UTF-8) or bytes (the annotated pcapng's blocks). */
  write(text: string | Uint8Array): void;
  /** Writes what is still buffered. */
  flush(): void;
}

/** The reader of a pipe went away (`lab report … | head`): the command stops, quietly. */
export class OutputClosed extends Error {}

const BUFFER_SIZE = 1 << 20;
/** UTF-8 takes at most three bytes per UTF-16 unit. */
const MAX_BYTES_PER_UNIT = 3;

export function syncOutput(fd: number): SyncOutput {
  const buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  let used = 0;
  const writeAll = (bytes: Uint8Array) => {
    while (bytes.length) {
      try {
        bytes = bytes.subarray(writeSync(fd, bytes));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new OutputClosed('the reader closed the output', { cause: error });
        if (code !== 'EAGAIN') throw error; // EAGAIN: a non-blocking pipe is full: retry
      }
    }
  };
  const flush = () => {
    writeAll(buffer.subarray(0, used));
    used = 0;
  };
  return {
    write(text) {
      if (typeof text !== 'string') {
        if (used + text.length > BUFFER_SIZE) flush();
        if (text.length > BUFFER_SIZE) writeAll(text);
        else {
          buffer.set(text, used);
          used += text.length;
        }
        return;
      }
      if (used + text.length * MAX_BYTES_PER_UNIT > BUFFER_SIZE) flush();
      if (text.length * MAX_BYTES_PER_UNIT > BUFFER_SIZE) writeAll(Buffer.from(text));
      else used += buffer.write(text, used);
    },
    flush,
  };
}
