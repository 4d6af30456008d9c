import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusBytes, corpusDir } from '../../test/helpers/corpus.ts';
import { LabError } from '../errors.js';
import { openCaptureSource, readAllChunks } from './capture-source.js';
import { readCapture } from './read-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'capture-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openCaptureSource', () => {
  it('reads a FIFO, as a capture piped from tcpdump or tshark arrives', async () => {
    const fifo = join(dir, 'capture.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat "${corpusDir}td_dns_tcp.pcap" > "${fifo}"`]);
    const stream = readCapture(openCaptureSource(fifo));
    const frames = Array.from(stream.packets, (p) => p.frame);
    expect(frames).toHaveLength(Array.from(readCapture([corpusBytes('td_dns_tcp.pcap')]).packets).length);
    expect(stream.info.warnings).toEqual([]);
    await new Promise((resolve) => writer.on('close', resolve));
  });

  it('closes the file it opened once read, and keeps the system’s error as the cause of its own', () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    expect(Buffer.concat(readAllChunks(openCaptureSource(`${corpusDir}td_dns_tcp.pcap`)))).toEqual(corpusBytes('td_dns_tcp.pcap'));
    expect(open()).toBe(before);
    expect(() => openCaptureSource(join(dir, 'missing.pcap'))).toThrow(expect.objectContaining({ params: expect.objectContaining({ path: join(dir, 'missing.pcap') }), cause: expect.objectContaining({ code: 'ENOENT' }) }) as LabError);
  });

  it('names the capture it cannot read', () => {
    expect(() => openCaptureSource(join(dir, 'missing.pcap'))).toThrow(LabError);
    expect(() => openCaptureSource(join(dir, 'missing.pcap'))).toThrow(/cannot read the capture .*missing\.pcap: no such file or folder/);
    expect(() => openCaptureSource(dir)).toThrow(expect.objectContaining({ params: { path: dir, reason: { code: 'EISDIR', message: 'it is a folder' } } }) as LabError);
  });
});

describe('readAllChunks', () => {
  it('keeps every byte of a FIFO, which cannot be read twice', async () => {
    const fifo = join(dir, 'twice.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat "${corpusDir}td_dns_tcp.pcap" > "${fifo}"`]);
    const chunks = readAllChunks(openCaptureSource(fifo), 1000);
    expect(Buffer.concat(chunks)).toEqual(corpusBytes('td_dns_tcp.pcap'));
    // Read twice, as lab report --format pcapng does: the same 11 packets both times.
    for (let pass = 0; pass < 2; pass++) expect(Array.from(readCapture(chunks).packets)).toHaveLength(11);
    await new Promise((resolve) => writer.on('close', resolve));
  });
});
