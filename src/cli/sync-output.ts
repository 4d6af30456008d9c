// Synchronous, buffered output to a file descriptor: the analyser's loop is synchronous, and a large
// JSON report must reach its destination as it is produced rather than pile up in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface SyncOutput {
  write(text: string): void;
  close(): void;
}

const FLUSH_AT = 1 << 16;

export function syncOutput(target: { fd: number } | { path: string }): SyncOutput {
  const fd = 'fd' in target ? target.fd : openSync(target.path, 'w');
  let pending = '';
  const flush = () => {
    let bytes = Buffer.from(pending);
    pending = '';
    while (bytes.length) {
      try {
        bytes = bytes.subarray(writeSync(fd, bytes));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error; // a non-blocking pipe is full: retry
      }
    }
  };
  return {
    write(text) {
      pending += text;
      if (pending.length >= FLUSH_AT) flush();
    },
    close() {
      flush();
      if ('path' in target) closeSync(fd);
    },
  };
}
