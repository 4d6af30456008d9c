// Tunnels decoded to the TCP inside, checked frame by frame against tshark's dissection of the same
// captures (test/fixtures/encapsulations, see make.sh there), as stored in tshark-reading.json (which
// tunnels-vs-tshark.test.ts checks against tshark itself): addresses and ports of the innermost packet,
// sequence numbers, flags and payload lengths; then connection by connection.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshImport } from '../../test/helpers/fresh-import.ts';
import { storedReading, TUNNEL_DIR as dir, tunnelCaptures } from '../../test/helpers/tunnel-reference.ts';
import { analyseCapture } from '../analyse/analyse-capture.js';
import { readCapture } from '../capture/read-capture.js';
import { decodePacket } from './decode-packet.js';
import { TUNNEL } from './decoded-packet.js';

/** The registries' tables are built when the module loads: imported afresh, as each test sees them. */
const encapsulations = () => freshImport(() => import('./encapsulations.js'));

/** Per frame: the innermost packet's endpoints, seq, flags and length, or null when it is not TCP. */
function ours(name: string): (string | null)[] {
  return Array.from(readCapture([readFileSync(dir + name)]).packets, (raw) => {
    const p = decodePacket(raw);
    expect(p.problem).toBeNull();
    if (!p.tcp) return null;
    return [p.ip!.src, p.ip!.dst, p.tcp.srcPort, p.tcp.dstPort, p.tcp.seq >>> 0, p.tcp.flags, p.tcp.payloadLength].join(' ');
  });
}

describe('tunnels, as tshark dissects them', () => {
  it('has a capture of each kind, each read by tshark', () => {
    expect(tunnelCaptures()).toEqual(['gre.pcap', 'linktype-12.pcap', 'mpls.pcap', 'pppoe.pcap', 'vxlan.pcap']);
    expect(Object.keys(storedReading())).toEqual(tunnelCaptures());
  });

  it.each(['gre.pcap', 'linktype-12.pcap', 'mpls.pcap', 'pppoe.pcap', 'vxlan.pcap'])('%s: every frame’s innermost TCP packet', (name) => {
    const theirs = storedReading()[name]!.frames;
    expect(ours(name)).toEqual(theirs);
    expect(theirs.filter(Boolean).length).toBeGreaterThan(20);
  });

  it.each(['gre.pcap', 'linktype-12.pcap', 'mpls.pcap', 'pppoe.pcap', 'vxlan.pcap'])('%s: the same connections, frames and bytes as tshark’s streams', (name) => {
    const report = analyseCapture([readFileSync(dir + name)]);
    expect(report.connections.map((c) => ({ frames: c.packets!.map((p) => p.frame), toServer: c.bytes.client, toClient: c.bytes.server }))).toEqual(storedReading()[name]!.streams);
    expect(report.connections.map((c) => [c.handshake.complete, c.teardown.kind])).toEqual(report.connections.map(() => [true, 'four-way']));
  });
});

describe('encapsulations that are not decoded', () => {
  it('are named, and those that never carry TCP are not', async () => {
    const { undecodedEtherType, undecodedIpProtocol, undecodedPppProtocol, undecodedUdpPort } = await encapsulations();
    expect(undecodedEtherType(0x8847)).toEqual({ field: 'ethertype', value: 0x8847, name: 'MPLS' });
    expect(undecodedEtherType(0x88b5)).toEqual({ field: 'ethertype', value: 0x88b5, name: null });
    expect(undecodedEtherType(0x0806)).toBeNull(); // ARP
    expect(undecodedEtherType(0x0026)).toBeNull(); // an 802.3 length: LLC
    expect(undecodedEtherType(0x05dc)).toBeNull(); // 1500, the longest 802.3 length
    expect(undecodedEtherType(0x0600)).toEqual({ field: 'ethertype', value: 0x0600, name: null }); // the first EtherType (XNS)
    expect(undecodedIpProtocol(50)).toMatchObject({ field: 'ip-protocol', name: 'ESP' });
    expect(undecodedIpProtocol(17)).toBeNull();
    expect(undecodedUdpPort(40000, 6081)).toMatchObject({ value: 6081, name: 'Geneve' });
    expect(undecodedUdpPort(6081, 40000)).toMatchObject({ value: 6081 });
    expect(undecodedUdpPort(53, 40000)).toBeNull();
    expect(undecodedPppProtocol(0x0281)).toMatchObject({ name: 'MPLS' });
    expect(undecodedPppProtocol(0xc021)).toBeNull(); // LCP
  });

  // The names are the registries' (IEEE EtherTypes, IANA protocol numbers and ports, RFC 1661's PPP numbers).
  it.each([
    ['EtherType', 0x22f3, 'TRILL'],
    ['EtherType', 0x6559, 'Frame Relay'],
    ['EtherType', 0x8848, 'MPLS multicast'],
    ['EtherType', 0x880b, 'PPP'],
    ['EtherType', 0x88be, 'ERSPAN'],
    ['EtherType', 0x22eb, 'ERSPAN type III'],
    ['EtherType', 0x88e5, 'MACsec'],
    ['EtherType', 0x88e7, 'PBB (802.1ah)'],
    ['EtherType', 0x8926, 'VN-Tag'],
    ['EtherType', 0x893f, 'E-Tag (802.1BR)'],
    ['EtherType', 0x894f, 'NSH'],
    ['IP protocol', 51, 'AH'],
    ['IP protocol', 94, 'KA9Q IPIP'],
    ['IP protocol', 97, 'EtherIP'],
    ['IP protocol', 98, 'ENCAP'],
    ['IP protocol', 115, 'L2TPv3'],
    ['IP protocol', 137, 'MPLS-in-IP'],
    ['UDP port', 1701, 'L2TP'],
    ['UDP port', 2152, 'GTP-U'],
    ['UDP port', 4500, 'IPsec NAT-T'],
    ['UDP port', 4790, 'VXLAN-GPE'],
    ['UDP port', 6635, 'MPLS-over-UDP'],
    ['UDP port', 8472, 'VXLAN'],
    ['UDP port', 51820, 'WireGuard'],
    ['PPP protocol', 0x002d, 'VJ compressed TCP/IP'],
    ['PPP protocol', 0x002f, 'VJ uncompressed TCP/IP'],
    ['PPP protocol', 0x00fd, 'CCP compressed'],
  ] as const)('%s %i is named %s', async (registry, value, name) => {
    const { undecodedEtherType, undecodedIpProtocol, undecodedPppProtocol, undecodedUdpPort } = await encapsulations();
    const find = { EtherType: undecodedEtherType, 'IP protocol': undecodedIpProtocol, 'UDP port': (port: number) => undecodedUdpPort(40000, port), 'PPP protocol': undecodedPppProtocol }[registry];
    expect(find(value)).toMatchObject({ value, name });
  });

  it('PPP protocols from 0x4000 up are control protocols, below it network protocols, named or not', async () => {
    const { undecodedPppProtocol } = await encapsulations();
    expect(undecodedPppProtocol(0x4000)).toBeNull();
    expect(undecodedPppProtocol(0x3ffd)).toEqual({ field: 'ppp-protocol', value: 0x3ffd, name: null });
  });

  it('stop decoding where they start and say which', () => {
    const packets = Array.from(readCapture([readFileSync(dir + 'mpls.pcap')]).packets, (raw) => decodePacket(raw));
    const mpls = packets.filter((p) => p.undecoded);
    expect(mpls.length).toBe(11);
    for (const p of mpls) expect(p).toMatchObject({ tcp: null, ip: null, problem: null, undecoded: { field: 'ethertype', value: 0x8847, name: 'MPLS' } });
    const lcp = decodePacket(readCapture([readFileSync(dir + 'pppoe.pcap')]).packets.next().value!);
    expect(lcp).toMatchObject({ tcp: null, problem: null, undecoded: null });
  });
});

describe('tunnel frames cut short', () => {
  it.each(['gre.pcap', 'pppoe.pcap', 'vxlan.pcap'])('%s: every cut of every frame is decoded without throwing, and says where it stopped', (name) => {
    for (const raw of readCapture([readFileSync(dir + name)]).packets) {
      for (let end = raw.start; end < raw.end; end++) {
        const p = decodePacket({ ...raw, end, originalLength: end - raw.start });
        if (!p.tcp && !p.undecoded && p.problem) expect(p.problem.offset).toBeLessThanOrEqual(end - raw.start);
      }
    }
  });
});

describe('PPTP’s enhanced GRE (version 1)', () => {
  /** Ethernet, IPv4 (protocol 47), then the GRE header and payload given. */
  const frame = (gre: number[]) => {
    const ip = Buffer.from([0x45, 0, 0, 0, 0, 0, 0, 0, 64, 47, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
    ip.writeUInt16BE(20 + gre.length, 2);
    const data = Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x00]), ip, Buffer.from(gre)]);
    return { frame: 1, sec: 0, nsec: 0, linkType: 1, interfaceId: 0, bytes: data, start: 0, end: data.length, originalLength: data.length };
  };

  it('ends quietly at a packet that only acknowledges', () => {
    // K and A set, protocol 0x880b, payload length 0, call id 7, acknowledgement number 9
    expect(decodePacket(frame([0x20, 0x81, 0x88, 0x0b, 0, 0, 0, 7, 0, 0, 0, 9]))).toMatchObject({ problem: null, undecoded: null, tcp: null });
  });

  it('decodes PPP with address and control fields to the IPv4 packet inside', () => {
    const inner = Buffer.from([0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 192, 168, 0, 1, 192, 168, 0, 2, 0x9c, 0x40, 0x22, 0xc3, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]);
    const ppp = [0xff, 0x03, 0x00, 0x21, ...inner];
    // K and S set, payload length, call id 7, sequence number 1
    const p = decodePacket(frame([0x30, 0x01, 0x88, 0x0b, 0, ppp.length, 0, 7, 0, 0, 0, 1, ...ppp]));
    expect(p.problem).toBeNull();
    expect([p.ip?.src, p.ip?.dst, p.tcp?.srcPort, p.tcp?.dstPort, p.tcp?.flags]).toEqual(['192.168.0.1', '192.168.0.2', 40000, 8899, 2]);
  });
});

describe('the tunnels a packet came through', () => {
  it.each([
    ['gre.pcap', [{ tunnel: 'gre', tcpPackets: 44 }]],
    ['pppoe.pcap', [{ tunnel: 'pppoe', tcpPackets: 44 }]],
    ['vxlan.pcap', [{ tunnel: 'vxlan', tcpPackets: 44 }]],
    ['mpls.pcap', []],
    ['linktype-12.pcap', []],
  ])('%s', (name, tunnels) => {
    expect(analyseCapture([readFileSync(dir + name)]).capture.tunnels).toEqual(tunnels);
  });

  it('IPv6 in IPv4 (protocol 41, as 6in4 and SIT carry it)', () => {
    const inner = Buffer.from(
      '6000000000140640' + '20010db8000000000000000000000001' + '20010db8000000000000000000000002' + '9c4022c3000000010000000050020000a0000000',
      'hex',
    );
    const outer = Buffer.from('45000000000000004029000000000000c0000201c0000202', 'hex').subarray(0, 20);
    outer.writeUInt16BE(20 + inner.length, 2);
    outer[9] = 41;
    const data = Buffer.concat([outer, inner]);
    const p = decodePacket({ frame: 1, sec: 0, nsec: 0, linkType: 101, interfaceId: 0, bytes: data, start: 0, end: data.length, originalLength: data.length });
    expect([p.problem, p.ip?.src, p.tcp?.dstPort, p.tunnels]).toEqual([null, '2001:db8::1', 8899, TUNNEL['ip-in-ip']]);
  });
});
