// Every capture of the shared corpus, decoded and analysed: what SOURCES.txt says each one shows.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { ConnectionReport } from '../../src/analyse/report-model.js';
import { corpusBytes, corpusFiles } from '../helpers/corpus.ts';

type Expected = Partial<{
  linkTypes: number[];
  format: 'pcap' | 'pcapng';
  connections: {
    outcome?: ConnectionReport['outcome'];
    timeWait?: ConnectionReport['timeWait'];
    rolesGuessed?: boolean;
    packetCount?: number;
    kind?: string | null;
    initiator?: string | null;
    halfClose?: boolean;
    complete?: boolean;
    synRetransmissions?: number;
    client?: string;
    duplicates?: number;
  }[];
}>;

const EXPECTED: Record<string, Expected> = {
  'cs_http_ip4and6.pcapng': {
    format: 'pcapng',
    connections: [
      { kind: 'three-way', initiator: 'client', outcome: 'closed', timeWait: 'client', complete: true, client: '172.16.16.140' },
      { kind: 'three-way', initiator: 'client', outcome: 'closed', timeWait: 'client', complete: true, client: '2001:db8:1:2::1002' },
    ],
  },
  'cs_tcp_refuseconnection.pcapng': { connections: [{ outcome: 'refused', complete: false, timeWait: null, kind: 'reset', initiator: 'server' }] },
  'cs_tcp_teardown.pcapng': { connections: [{ kind: 'four-way', initiator: 'server', outcome: 'closed', timeWait: 'server', rolesGuessed: true, complete: false }] },
  'td_dns_tcp.pcap': { format: 'pcap', connections: [{ kind: 'four-way', initiator: 'client', outcome: 'closed', timeWait: 'client', complete: true }] },
  'td_tcp-handshake-nano.pcap': { linkTypes: [113], connections: [{ complete: true, outcome: 'open', kind: null, packetCount: 3 }] },
  'td_pptp_bigendian.pcap': { connections: [{ kind: 'three-way', initiator: 'server', outcome: 'closed', timeWait: 'server', duplicates: 8 }] },
  'zk_port4242_ipv6.pcap': { connections: [{ kind: 'three-way', initiator: 'client', outcome: 'closed', client: '::1', packetCount: 8 }] },
  'zk_sll2_openjdk-zeek.org.pcap': { linkTypes: [276], connections: [{ complete: true, outcome: 'open', kind: null }] },
  'zk_vlan-pcp-dei.pcapng': { connections: [{ complete: true, outcome: 'open', packetCount: 9, duplicates: 6 }] },
  'zk_http-vlan-0.pcap': { connections: [{ kind: 'three-way', initiator: 'client', outcome: 'closed', complete: true, packetCount: 14 }] },
  'zk_socks_syn-retx.pcap': { connections: [{ synRetransmissions: 6, complete: true }] },
  'zk_get-gzip_simul-close.pcap': { connections: [{ kind: 'simultaneous', initiator: 'both', outcome: 'closed', timeWait: 'both' }] },
  'zk_half-close_http-11-request-then-cruft.pcap': { connections: [{ kind: 'four-way', initiator: 'server', halfClose: true, outcome: 'closed', timeWait: 'server' }] },
  'zk_curl_http_09_rst-abort.pcap': { connections: [{ kind: 'reset', initiator: 'server', outcome: 'reset', timeWait: null, complete: true }] },
  'zk_irc-353_null-loopback.pcap': {
    linkTypes: [0],
    connections: [
      { outcome: 'refused', client: '::1' },
      { kind: 'four-way', initiator: 'client', outcome: 'closed', timeWait: 'client', client: '127.0.0.1' },
    ],
  },
};

describe('the corpus', () => {
  it('has an expectation for every file', () => {
    expect(corpusFiles()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(corpusFiles())('%s is decoded and analysed as SOURCES.txt describes', (name) => {
    const report = analyseCapture([corpusBytes(name)]);
    const expected = EXPECTED[name]!;
    expect(report.capture.warnings).toEqual([]);
    expect(report.capture.problems).toEqual([]);
    if (expected.format) expect(report.capture.format).toBe(expected.format);
    if (expected.linkTypes) expect(report.capture.linkTypes).toEqual(expected.linkTypes);
    expect(report.connections).toHaveLength(expected.connections!.length);
    report.connections.forEach((c, i) => {
      const e = expected.connections![i]!;
      const actual = {
        kind: c.teardown.kind,
        initiator: c.teardown.initiator,
        halfClose: c.teardown.halfClose,
        complete: c.handshake.complete,
        synRetransmissions: c.handshake.synRetransmissions,
        outcome: c.outcome,
        timeWait: c.timeWait,
        rolesGuessed: c.rolesGuessed,
        packetCount: c.packetCount,
        client: c.client.ip,
        duplicates: c.anomalies.duplicate ?? 0,
      };
      expect(actual).toMatchObject(e);
    });
  });

  it('numbers frames as Wireshark does and keeps raw ISNs unsigned', () => {
    const report = analyseCapture([corpusBytes('td_pptp_bigendian.pcap')]);
    const c = report.connections[0]!;
    expect(c.handshake).toMatchObject({ clientIsn: 3648253419, serverIsn: 2339250119, syn: 1, synAck: 2, finalAck: 4, synAckAcknowledgesIsn: true, finalAckAcknowledgesIsn: true });
    expect(c.packets![2]).toMatchObject({ frame: 3, duplicateOf: 2 });
    expect(c.packets!.map((p) => p.frame)).not.toContain(16); // frame 16 is not TCP
  });

  it('tracks a simultaneous close whose FINs crossed (a capture at the client): both pass CLOSING, nothing lost', () => {
    // The server's FIN (frame 11) does not acknowledge the client's (frame 10): they crossed. The client's
    // FIN goes again with its ACK (frame 12), but the server's ACK (frame 13) echoes frame 10's TSval
    // (487794126, not frame 12's 487794128): frame 10 did arrive, after frame 11 left.
    const c = analyseCapture([corpusBytes('zk_get-gzip_simul-close.pcap')]).connections[0]!;
    const states = c.packets!.map((p) => `${p.states.client}/${p.states.server}`);
    expect(states.slice(9)).toEqual(['FIN-WAIT-1/ESTABLISHED', 'CLOSING/CLOSING', 'CLOSING/TIME-WAIT', 'TIME-WAIT/TIME-WAIT', 'TIME-WAIT/TIME-WAIT']);
    expect(c.packets!.filter((p) => p.lost).map((p) => p.frame)).toEqual([]);
    expect(c.teardown.frames).toEqual([10, 11, 12, 13]);
    expect(c.timeWait).toBe('both');
  });

  it('counts payload bytes once, whatever was retransmitted', () => {
    const c = analyseCapture([corpusBytes('td_dns_tcp.pcap')]).connections[0]!;
    expect(c.bytes).toEqual({ client: 58, server: 226 });
  });

  it('leaves out packets with --brief but keeps the verdicts', () => {
    const [full, brief] = [false, true].map((b) => analyseCapture([corpusBytes('cs_http_ip4and6.pcapng')], { brief: b }));
    expect(brief!.connections[0]!.packets).toBeUndefined();
    const { packets: _p, transitions: _t, ...rest } = full!.connections[0]!;
    expect(brief!.connections[0]).toEqual(rest);
    expect(brief!.connections[0]!.states).toEqual({ client: 'TIME-WAIT', server: 'CLOSED' });
  });
});
