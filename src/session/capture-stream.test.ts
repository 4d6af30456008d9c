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

describe('CaptureStream.complete', () => {
  const header = Buffer.concat([Buffer.from('d4c3b2a1', 'hex'), Buffer.alloc(20)]);
  const record = Buffer.concat([Buffer.alloc(8), Buffer.from('04000000', 'hex'), Buffer.from('04000000', 'hex'), Buffer.from('00000000', 'hex')]);
  const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);

  it('resolves once tcpdump’s closing statistics are out and every packet it counted has arrived, before the stream ends', async () => {
    const attached = streams();
    const capture = new CaptureStream(attached);
    attached.stdout.write(Buffer.concat([header, record]));
    attached.stderr.write('2 packets captured\n2 packets received by filter\n');
    expect(await settled(capture.complete)).toBe(false); // its last line is still to come
    attached.stderr.write('0 packets dropped by kernel\n');
    expect(await settled(capture.complete)).toBe(false); // one packet is still on its way
    attached.stdout.write(record.subarray(0, 10));
    expect(await settled(capture.complete)).toBe(false);
    attached.stdout.write(record.subarray(10));
    expect(await settled(capture.complete)).toBe(true);
    expect(capture.bytes()).toEqual(Buffer.concat([header, record, record]));
  });

  it('does not resolve while fewer packets arrived than tcpdump counted (a full capture space): the stream’s end is the end then', async () => {
    const attached = streams();
    const capture = new CaptureStream(attached);
    attached.stdout.write(Buffer.concat([header, record]));
    attached.stderr.write('2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n');
    expect(await settled(capture.complete)).toBe(false);
    attached.stdout.end();
    expect(await settled(capture.ended)).toBe(true);
    expect(await settled(capture.complete)).toBe(false);
  });
});
