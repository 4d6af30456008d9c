// Where a capture's bytes come from: a file, a FIFO, or standard input ("-", as tshark and tcpdump
// read it), read synchronously so that the decoder's loop stays free of promises.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LabError, systemReason } from '../errors.js';
import type { ByteSource } from './capture-reader.js';

export interface CaptureSource extends ByteSource {
  close(): void;
}

const STDIN = 0;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Every byte of a source, in pieces, for a caller that reads the capture twice: standard input and
 * FIFOs cannot be read again. Closes the source. */
export function readAllChunks(source: CaptureSource, chunkSize = 1 << 20): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      const n = source.read(chunk, 0, chunkSize);
      if (n === 0) return chunks;
      chunks.push(chunk.subarray(0, n));
    }
  } finally {
    source.close();
  }
}

/** Opens a capture for reading; "-" is standard input. A FIFO's open waits for its writer, as tshark's does. */
export function openCaptureSource(path: string): CaptureSource {
  const name = path === '-' ? 'standard input' : path;
  const fail = (error: unknown) => new LabError('captureUnreadable', { path: name, reason: systemReason(error) }, { cause: error });
  let fd: number;
  try {
    fd = path === '-' ? STDIN : openSync(path, 'r');
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
  } catch (error) {
    throw fail(error);
  }
  return {
    read(buffer, offset, length) {
      for (;;) {
        try {
          return readSync(fd, buffer, offset, length, null);
        } catch (error) {
          // A pipe set to non-blocking by the process that shares it: wait a moment for its writer.
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 5);
          else throw fail(error);
        }
      }
    },
    close() {
      if (fd !== STDIN) closeSync(fd);
    },
  };
}
