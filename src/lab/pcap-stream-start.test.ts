import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { requirePcapStart } from './pcap-stream-start.js';

const notPcap = (start: string) => new Error(`not a capture: ${start}`);

async function through(...chunks: Buffer[]): Promise<Buffer> {
  const input = new PassThrough();
  const output = requirePcapStart(input, notPcap);
  const collected: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => output.on('data', (c: Buffer) => collected.push(c)).on('end', () => resolve(Buffer.concat(collected))).on('error', reject));
  for (const chunk of chunks) input.write(chunk);
  input.end();
  return done;
}

describe('requirePcapStart', () => {
  it('passes a pcap through whole, also when its magic arrives a byte at a time', async () => {
    const pcap = Buffer.from('d4c3b2a102000400000000000000000000000400010000000102', 'hex');
    expect(await through(...[...pcap].map((byte) => Buffer.of(byte)))).toEqual(pcap);
  });

  it('passes pcapng and big-endian and nanosecond pcap', async () => {
    for (const magic of ['0a0d0d0a', 'a1b2c3d4', '4d3cb2a1', 'a1b23c4d']) expect((await through(Buffer.from(`${magic}ff`, 'hex'))).toString('hex')).toBe(`${magic}ff`);
  });

  it('fails with the engine’s text instead of passing it on', async () => {
    await expect(through(Buffer.from('OCI runtime exec failed: exec failed: unable to start container process: Cannot fork\r\n'))).rejects.toThrow(
      'not a capture: OCI runtime exec failed: exec failed: unable to start container process: Cannot fork',
    );
  });

  it('fails when nothing came and the command said it failed', async () => {
    const input = new PassThrough();
    const output = requirePcapStart(input, (start) => new Error(`not a capture: ${start || 'sh: 1: Cannot fork'}`), () => true);
    input.end();
    await expect(text(output)).rejects.toThrow('not a capture: sh: 1: Cannot fork');
  });

  it('fails when the stream ends inside the magic, and ends empty when nothing came', async () => {
    await expect(through(Buffer.from('no'))).rejects.toThrow('not a capture: no');
    const input = new PassThrough();
    const output = requirePcapStart(input, notPcap);
    input.end();
    expect(await text(output)).toBe('');
  });
});
