// A capture stream must begin with a pcap or pcapng magic number. When the engine cannot run the command
// that streams the capture (e.g. "OCI runtime exec failed … Cannot fork"), it sends its message on the same
// stream instead; written out, that text would pass for a capture file.
import { PassThrough, type Readable } from 'node:stream';

const MAGIC_BYTES = 4;
const MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a]); // pcap (µs, ns) either byte order; pcapng

/** Passes `input` through once its first four bytes are a capture's magic number; otherwise the result
 * fails with notPcap(what came, as text) and nothing of it is passed on. An input that ends before its
 * first byte ends the result empty (a lab removed before its first packet), unless `failed()` says the
 * command that fed it failed (it printed an error elsewhere). */
export function requirePcapStart(input: Readable, notPcap: (start: string) => Error, failed: () => boolean = () => false): Readable {
  const output = new PassThrough();
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    if (head.length < MAGIC_BYTES) return;
    input.off('data', onData).off('end', onEnd).off('close', onEnd);
    if (!MAGICS.has(head.readUInt32BE(0))) {
      input.destroy();
      output.destroy(notPcap(head.toString('utf8', 0, Math.min(head.length, 500)).trim()));
      return;
    }
    output.write(head);
    input.pipe(output);
  };
  const onEnd = () => (head.length === 0 && !failed() ? output.end() : output.destroy(notPcap(head.toString('utf8').trim())));
  input.on('data', onData).on('end', onEnd).on('close', onEnd);
  return output;
}
