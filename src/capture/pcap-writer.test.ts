import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusBytes } from '../../test/helpers/corpus.ts';
import { tsharkAvailable } from '../../test/helpers/tshark.ts';
import { pcapFileHeader, pcapRecord } from './pcap-writer.js';
import { frameBytes, type RawPacket } from './raw-packet.js';
import { readCapture } from './read-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'pcap-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const copy = (p: RawPacket) => ({ sec: p.sec, nsec: p.nsec, linkType: p.linkType, originalLength: p.originalLength, data: Buffer.from(frameBytes(p)) });

/** A corpus capture written again as pcap, and its packets as read from the original. */
function rewrite(name: string): { file: Buffer; packets: ReturnType<typeof copy>[] } {
  const packets = Array.from(readCapture([corpusBytes(name)]).packets, copy);
  const records = Array.from(readCapture([corpusBytes(name)]).packets, pcapRecord);
  return { file: Buffer.concat([pcapFileHeader(packets[0]!.linkType), ...records]), packets };
}

describe('the pcap writer', () => {
  it.each(['td_tcp-handshake-nano.pcap', 'cs_http_ip4and6.pcapng', 'zk_irc-353_null-loopback.pcap'])('writes %s back with the same packets, times to the nanosecond', (name) => {
    const { file, packets } = rewrite(name);
    const again = readCapture([file]);
    expect(Array.from(again.packets, copy)).toEqual(packets);
    expect(again.info.warnings).toEqual([]);
  });

  it('writes the file header libpcap expects: nanosecond magic, version 2.4, snap length, link type', () => {
    const header = pcapFileHeader(113, 65535);
    expect([header.length, header.readUInt32LE(0), header.readUInt16LE(4), header.readUInt16LE(6), header.readUInt32LE(16), header.readUInt32LE(20)]).toEqual([24, 0xa1b23c4d, 2, 4, 65535, 113]);
    expect(pcapFileHeader(1).readUInt32LE(16)).toBe(262144);
  });

  it.runIf(tsharkAvailable())('writes what tshark reads', () => {
    const { file, packets } = rewrite('td_tcp-handshake-nano.pcap');
    writeFileSync(join(dir, 'out.pcap'), file);
    const times = execFileSync('tshark', ['-r', join(dir, 'out.pcap'), '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len'], { encoding: 'utf8' });
    expect(times.trim().split('\n')).toEqual(packets.map((p) => `${p.sec}.${String(p.nsec).padStart(9, '0')}\t${p.originalLength}`));
  });
});
