import { describe, expect, it } from 'vitest';
import { F, tcpFrame, type SegmentSpec } from '../../test/helpers/frames.ts';
import type { RawPacket } from '../capture/raw-packet.js';
import { decodePacket } from '../decode/decode-packet.js';
import { ConnectionTable } from './connection-table.js';
import { keyEndpoint, keyHash, keyIpVersion, TupleView } from './tuple-key.js';

const packet = (spec: Omit<SegmentSpec, 'seq' | 'flags'>) => {
  const data = tcpFrame({ ...spec, seq: 1, flags: F.ACK });
  const raw: RawPacket = { frame: 1, sec: 0, nsec: 0, linkType: 1, interfaceId: 0, bytes: data, start: 0, end: data.length, originalLength: data.length };
  return decodePacket(raw);
};
const v4 = (sport: number) => packet({ src: '10.0.0.1', dst: '192.0.2.80', sport, dport: 80 });
const v6 = (sport: number) => packet({ src: '2001:db8::1', dst: '2001:db8::80', sport, dport: 443 });
const reverse = (p: ReturnType<typeof v4>) => {
  const ip = p.ip!;
  return packet({ src: ip.dst, dst: ip.src, sport: p.tcp!.dstPort, dport: p.tcp!.srcPort });
};

describe('TupleView', () => {
  it('gives both directions one key, and the hash of that key, for IPv4 and IPv6', () => {
    for (const p of [v4(50000), v6(50000)]) {
      const view = new TupleView();
      const key = view.read(p).key();
      expect(view.read(reverse(p)).key()).toBe(key);
      expect(view.hash()).toBe(keyHash(key));
      expect(view.matches(key)).toBe(true);
      expect(view.read(p.ip!.version === 4 ? v4(50001) : v6(50001)).matches(key)).toBe(false);
    }
    expect(new TupleView().read(v4(50000)).matches(new TupleView().read(v6(50000)).key())).toBe(false);
  });

  it('matches a key only when both addresses and both ports are the same', () => {
    const base = { src: '10.0.0.1', dst: '192.0.2.80', sport: 50000, dport: 80 };
    const key = new TupleView().read(packet(base)).key();
    const view = new TupleView();
    expect(view.read(packet(base)).matches(key)).toBe(true);
    for (const changed of [{ src: '10.0.0.2' }, { dst: '192.0.2.81' }, { sport: 50001 }, { dport: 81 }]) expect(view.read(packet({ ...base, ...changed })).matches(key)).toBe(false);
  });

  it('matches a key only when every 16-bit unit of it is the same, in IPv4 and IPv6', () => {
    // Each address changed in its first and in its last two bytes (the key's units), and each port.
    const cases = [
      { base: { src: '10.0.0.1', dst: '192.0.2.80', sport: 50000, dport: 80 }, changes: [{ src: '11.0.0.1' }, { src: '10.0.0.2' }, { dst: '193.0.2.80' }, { dst: '192.0.2.81' }, { sport: 50001 }, { dport: 81 }] },
      { base: { src: '2001:db8::1', dst: '2001:db8::80', sport: 50000, dport: 443 }, changes: [{ src: '2002:db8::1' }, { src: '2001:db8::2' }, { dst: '2002:db8::80' }, { dst: '2001:db8::81' }, { sport: 50001 }, { dport: 444 }] },
    ];
    const view = new TupleView();
    for (const { base, changes } of cases) {
      const key = view.read(packet(base)).key();
      expect(view.read(packet(base)).matches(key)).toBe(true);
      for (const changed of changes) expect(view.read(packet({ ...base, ...changed })).matches(key)).toBe(false);
      // A key of the other family's length never matches, even one that begins as this one.
      expect(view.read(packet(base)).matches(key.length === 6 ? key + '\0'.repeat(12) : key.slice(0, 6))).toBe(false);
    }
  });

  it('gives back both endpoints of a key, with the address text of the packet, and which one sent it', () => {
    const view = new TupleView();
    for (const [src, dst, version] of [
      ['192.0.2.80', '10.0.0.1', 4],
      ['2001:db8::1', '2001:db8::80', 6],
      ['::ffff:192.0.2.1', 'fe80::1:0:0:2', 6],
      ['2001:db8:0:0:1:0:0:1', '2001:db8:1:2:3:4:5:6', 6],
    ] as const) {
      const p = packet({ src, dst, sport: 50000, dport: 443 });
      const key = view.read(p).key();
      const [sent, received] = [{ ip: p.ip!.src, port: 50000 }, { ip: p.ip!.dst, port: 443 }];
      expect([keyEndpoint(key, view.sourceFirst), keyEndpoint(key, !view.sourceFirst), keyIpVersion(key)]).toEqual([sent, received, version]);
      const sourceFirst = view.sourceFirst;
      expect(view.read(reverse(p)).sourceFirst).toBe(!sourceFirst);
    }
  });
});

describe('ConnectionTable', () => {
  it('takes the client as the key endpoint that sent the packet, or as both ends when they are one endpoint', () => {
    const table = new ConnectionTable<{ key: string }>();
    for (const p of [v4(50000), reverse(v4(50000))]) {
      table.find(p);
      const client = table.clientFirst(true) ? keyEndpoint(table.keyOfLastFound(), true) : keyEndpoint(table.keyOfLastFound(), false);
      expect(client).toEqual({ ip: p.ip!.src, port: p.tcp!.srcPort });
      expect(table.clientFirst(false)).toBe(!table.clientFirst(true));
    }
    // A socket connected to itself: both ends are the first endpoint, whoever is taken as sending.
    table.find(packet({ src: '10.0.0.1', dst: '10.0.0.1', sport: 40000, dport: 40000 }));
    expect([table.sourceFirst(), table.clientFirst(true), table.clientFirst(false)]).toEqual([true, true, true]);
  });

  it('tells apart connections whose tuples share a hash', () => {
    // Two clients of 192.0.2.80:80 (10.0.x.y:port) whose tuples collide in the table's hash: the keys are
    // written out here (client first: 10.… sorts before 192.…) to search a million of them quickly.
    const client = (code: number) => ({ ip: `10.0.${code >> 24}.${(code >> 16) & 255}`, port: code & 0xffff });
    const keyOf = (code: number) => String.fromCharCode(0x0a00, code >> 16, code & 0xffff, 0xc000, 0x0250, 80);
    const seen = new Map<number, number>();
    let pair: [number, number] | null = null;
    for (let host = 0; host < 65536 && !pair; host++) {
      for (let port = 1024; port < 1040 && !pair; port++) {
        const code = host * 65536 + port;
        const hash = keyHash(keyOf(code));
        const earlier = seen.get(hash);
        if (earlier !== undefined) pair = [earlier, code];
        else seen.set(hash, code);
      }
    }
    expect(pair).not.toBeNull();
    const [first, second] = pair!.map((code) => packet({ src: client(code).ip, dst: '192.0.2.80', sport: client(code).port, dport: 80 }));
    expect(new TupleView().read(first!).key()).toBe(keyOf(pair![0]));
    const table = new ConnectionTable<{ key: string; name: string }>();
    expect(table.find(first!)).toBeUndefined();
    const a = { key: table.keyOfLastFound(), name: 'a' };
    table.add(a);
    expect(table.find(second!)).toBeUndefined();
    const b = { key: table.keyOfLastFound(), name: 'b' };
    table.add(b);
    expect(table.find(reverse(first!))).toBe(a);
    expect(table.find(second!)).toBe(b);
    expect(table.values()).toEqual([a, b]);
    expect([table.holds(a), table.holds(b), table.holds({ key: keyOf(pair![0] + 1), name: 'c' })]).toEqual([true, true, false]);
    table.delete(a);
    expect(table.holds(a)).toBe(false);
    expect(table.holds(b)).toBe(true);
    expect(table.find(first!)).toBeUndefined();
    expect(table.find(second!)).toBe(b);
    table.delete(b);
    expect(table.values()).toEqual([]);
  });

  it('tells apart connections whose tuples share a hash and both ports, differing only in the client’s address', () => {
    // Clients 10.x.y.z:1024 of 192.0.2.80:80; the keys are written out here to search quickly.
    const ip = (host: number) => `10.${host >> 16}.${(host >> 8) & 255}.${host & 255}`;
    const keyOf = (host: number) => String.fromCharCode(0x0a00 | (host >> 16), host & 0xffff, 1024, 0xc000, 0x0250, 80);
    const seen = new Map<number, number>();
    let pair: [number, number] | null = null;
    for (let host = 0; host < 1 << 24 && !pair; host++) {
      const hash = keyHash(keyOf(host));
      const earlier = seen.get(hash);
      if (earlier !== undefined) pair = [earlier, host];
      else seen.set(hash, host);
    }
    expect(pair).not.toBeNull();
    const [first, second] = pair!.map((host) => packet({ src: ip(host), dst: '192.0.2.80', sport: 1024, dport: 80 }));
    expect(new TupleView().read(second!).key()).toBe(keyOf(pair![1]));
    const table = new ConnectionTable<{ key: string; name: string }>();
    table.find(first!);
    const a = { key: table.keyOfLastFound(), name: 'a' };
    table.add(a);
    expect(table.find(second!)).toBeUndefined();
    expect(table.find(reverse(first!))).toBe(a);
  });

  it('keeps the rest of a bucket of three when one of them ends', () => {
    // Three clients of 192.0.2.80:80 whose tuples share a hash, found by searching 10.x.y.z:1024 (about
    // two million keys: too slow to repeat in a test, so the collision is checked instead).
    const clients = ['10.64.83.179', '10.80.251.2', '10.96.183.136'].map((ip) => packet({ src: ip, dst: '192.0.2.80', sport: 1024, dport: 80 }));
    const view = new TupleView();
    expect(new Set(clients.map((p) => view.read(p).hash())).size).toBe(1);
    const table = new ConnectionTable<{ key: string; name: string }>();
    const [a, b, c] = clients.map((p, i) => {
      expect(table.find(p)).toBeUndefined();
      const connection = { key: table.keyOfLastFound(), name: 'abc'[i]! };
      table.add(connection);
      return connection;
    });
    table.delete(b!);
    expect(clients.map((p) => table.find(p)?.name)).toEqual(['a', undefined, 'c']);
    expect([table.holds(a!), table.holds(b!), table.holds(c!)]).toEqual([true, false, true]);
    expect(table.values()).toEqual([a, c]);
    table.clear();
    expect([table.holds(a!), table.holds(c!), table.values()]).toEqual([false, false, []]);
  });
});
