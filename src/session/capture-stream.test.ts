import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../cli/exit-codes.js';
import { DockerError } from '../errors.js';
import { CaptureStream } from './capture-stream.js';

function streams() {
  return { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), close() {} };
}

describe('CaptureStream', () => {
  it('a tcpdump that ends before it listens is a worded engine error (exit 3) with what tcpdump printed', async () => {
    const attached = streams();
    const capture = new CaptureStream(attached);
    attached.stderr.write('tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n');
    await new Promise((resolve) => setImmediate(resolve));
    attached.stdout.end();
    const error = await capture.listening.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerError);
    expect((error as DockerError).key).toBe('tcpdumpEndedFirst');
    expect((error as DockerError).message).toBe('tcpdump ended before it started capturing; it printed: tcpdump: eth9: No such device exists | (SIOCGIFHWADDR: No such device)');
    expect(exitCodeFor((error as DockerError).code)).toBe(3);
  });

  it('listening resolves on tcpdump’s "listening on" line', async () => {
    const attached = streams();
    const capture = new CaptureStream(attached);
    attached.stderr.write('tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n');
    await expect(capture.listening).resolves.toBeUndefined();
  });
});
