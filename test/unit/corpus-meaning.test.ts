// What each capture of the corpus means, field by field: every verdict of every connection, both sides'
// states at the handshake's and the teardown's frames, and the anomaly counts (tshark-crosscheck.test.ts
// compares the anomalies frame by frame with tshark's). The expectations come from reading each capture's
// tcpdump text (expected/*.tcpdump.txt) with RFC 9293 in hand, not from the analyser's output.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { Anomaly, ConnectionReport } from '../../src/analyse/report-model.js';
import { corpusBytes, corpusFiles } from '../helpers/corpus.ts';

interface Meaning {
  client: string;
  server: string;
  rolesGuessed: boolean;
  firstFrame: number;
  packetCount: number;
  /** complete, SYN retransmissions, the SYN's, SYN-ACK's and final ACK's frames, the two acknowledgement rules. */
  handshake: [boolean, number, number[], boolean | null, boolean | null];
  /** kind, initiator, half-close, each FIN as side + frame > frame of its acknowledgement, the first RST's frame. */
  teardown: [string | null, string | null, boolean, string[], number | null];
  outcome: string;
  timeWait: string | null;
  bytes: [number, number];
  anomalies: Partial<Record<Anomaly, number>>;
  /** Both sides' states (client/server) after the frames that change them. */
  states: Record<number, string>;
  durationSeconds: number;
}

function meaning(c: ConnectionReport): Omit<Meaning, 'states'> {
  return {
    client: `${c.client.ip} ${c.client.port}`,
    server: `${c.server.ip} ${c.server.port}`,
    rolesGuessed: c.rolesGuessed,
    firstFrame: c.firstFrame,
    packetCount: c.packetCount,
    handshake: [c.handshake.complete, c.handshake.synRetransmissions, [c.handshake.syn, c.handshake.synAck, c.handshake.finalAck].filter((f) => f !== null), c.handshake.synAckAcknowledgesIsn, c.handshake.finalAckAcknowledgesIsn],
    teardown: [c.teardown.kind, c.teardown.initiator, c.teardown.halfClose, c.teardown.fins.map((f) => `${f.side} ${f.frame} > ${f.ackFrame}`), c.teardown.rst?.frame ?? null],
    outcome: c.outcome,
    timeWait: c.timeWait,
    bytes: [c.bytes.client, c.bytes.server],
    anomalies: c.anomalies,
    durationSeconds: c.durationSeconds,
  };
}

const OPENED = { 1: 'SYN-SENT/SYN-RECEIVED', 2: 'ESTABLISHED/SYN-RECEIVED', 3: 'ESTABLISHED/ESTABLISHED' };
const CLIENT_CLOSES_THREE_WAY = (fin: number) => ({ [fin]: 'FIN-WAIT-1/CLOSE-WAIT', [fin + 1]: 'TIME-WAIT/LAST-ACK', [fin + 2]: 'TIME-WAIT/CLOSED' });

const CORPUS: Record<string, Meaning[]> = {
  'cs_http_ip4and6.pcapng': [
    {
      client: '172.16.16.140 53350', server: '172.16.16.139 80', rolesGuessed: false, firstFrame: 1, packetCount: 10,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['three-way', 'client', false, ['client 8 > 9', 'server 9 > 10'], null],
      outcome: 'closed', timeWait: 'client', bytes: [77, 491], anomalies: {}, durationSeconds: 0.004368,
      states: { ...OPENED, ...CLIENT_CLOSES_THREE_WAY(8) },
    },
    {
      client: '2001:db8:1:2::1002 35023', server: '2001:db8:1:2::1000 80', rolesGuessed: false, firstFrame: 11, packetCount: 10,
      handshake: [true, 0, [11, 12, 13], true, true], teardown: ['three-way', 'client', false, ['client 18 > 19', 'server 19 > 20'], null],
      outcome: 'closed', timeWait: 'client', bytes: [84, 491], anomalies: {}, durationSeconds: 0.004597,
      states: { 11: OPENED[1], 12: OPENED[2], 13: OPENED[3], ...CLIENT_CLOSES_THREE_WAY(18) },
    },
  ],
  // No program listens on port 80: the server's side stays CLOSED and answers the SYN with RST/ACK.
  'cs_tcp_refuseconnection.pcapng': [
    {
      client: '192.168.100.138 3372', server: '192.168.100.1 80', rolesGuessed: false, firstFrame: 1, packetCount: 2,
      handshake: [false, 0, [1], null, null], teardown: ['reset', 'server', false, [], 2],
      outcome: 'refused', timeWait: null, bytes: [0, 0], anomalies: {}, durationSeconds: 0.001316,
      states: { 1: 'SYN-SENT/CLOSED', 2: 'CLOSED/CLOSED' },
    },
  ],
  // Starts mid-stream: the roles are guessed (port 80 is the server's), the server closes first.
  'cs_tcp_teardown.pcapng': [
    {
      client: '172.16.16.128 3363', server: '67.228.110.120 80', rolesGuessed: true, firstFrame: 1, packetCount: 4,
      handshake: [false, 0, [], null, null], teardown: ['four-way', 'server', false, ['server 1 > 2', 'client 3 > 4'], null],
      outcome: 'closed', timeWait: 'server', bytes: [0, 0], anomalies: {}, durationSeconds: 0.541853,
      states: { 1: 'CLOSE-WAIT/FIN-WAIT-1', 2: 'CLOSE-WAIT/FIN-WAIT-2', 3: 'LAST-ACK/TIME-WAIT', 4: 'CLOSED/TIME-WAIT' },
    },
  ],
  'td_dns_tcp.pcap': [
    {
      client: '192.168.1.11 33779', server: '209.87.249.18 53', rolesGuessed: false, firstFrame: 1, packetCount: 11,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['four-way', 'client', false, ['client 8 > 9', 'server 10 > 11'], null],
      outcome: 'closed', timeWait: 'client', bytes: [58, 226], anomalies: {}, durationSeconds: 0.380967,
      states: { ...OPENED, 8: 'FIN-WAIT-1/CLOSE-WAIT', 9: 'FIN-WAIT-2/CLOSE-WAIT', 10: 'TIME-WAIT/LAST-ACK', 11: 'TIME-WAIT/CLOSED' },
    },
  ],
  // The SYN-ACK (2, 3) and the server's FIN (19, 20) were each captured twice, as were six more frames.
  'td_pptp_bigendian.pcap': [
    {
      client: '10.1.1.11 3025', server: '10.1.1.10 1723', rolesGuessed: false, firstFrame: 1, packetCount: 22,
      handshake: [true, 0, [1, 2, 4], true, true], teardown: ['three-way', 'server', false, ['server 19 > 21', 'client 21 > 22'], null],
      outcome: 'closed', timeWait: 'server', bytes: [348, 188], anomalies: { duplicate: 8 }, durationSeconds: 1.199698,
      states: { 1: OPENED[1], 2: OPENED[2], 3: OPENED[2], 4: OPENED[3], 19: 'CLOSE-WAIT/FIN-WAIT-1', 21: 'LAST-ACK/TIME-WAIT', 22: 'CLOSED/TIME-WAIT' },
    },
  ],
  'td_tcp-handshake-nano.pcap': [
    {
      client: '131.155.215.69 46656', server: '137.116.81.94 80', rolesGuessed: false, firstFrame: 1, packetCount: 3,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: [null, null, false, [], null],
      outcome: 'open', timeWait: null, bytes: [0, 0], anomalies: {}, durationSeconds: 0.127609669,
      states: OPENED,
    },
  ],
  // The server aborts with RST/ACK: both sides are CLOSED at once, and no one waits in TIME-WAIT.
  'zk_curl_http_09_rst-abort.pcap': [
    {
      client: '127.0.0.1 49404', server: '127.0.0.1 80', rolesGuessed: false, firstFrame: 1, packetCount: 8,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['reset', 'server', false, [], 8],
      outcome: 'reset', timeWait: null, bytes: [82, 51], anomalies: {}, durationSeconds: 0.000628,
      states: { ...OPENED, 8: 'CLOSED/CLOSED' },
    },
  ],
  // The server's FIN (11) does not acknowledge the client's (10): they crossed. The client sends its FIN
  // again (12). Which of the two FINs arrived is a matter for the states test of corpus.test.ts.
  'zk_get-gzip_simul-close.pcap': [
    {
      client: '141.142.228.5 50153', server: '54.243.118.187 80', rolesGuessed: false, firstFrame: 1, packetCount: 14,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['simultaneous', 'both', false, ['client 10 > 13', 'server 11 > 12'], null],
      outcome: 'closed', timeWait: 'both', bytes: [79, 342], anomalies: { retransmission: 1 }, durationSeconds: 0.081327,
      states: { ...OPENED, 13: 'TIME-WAIT/TIME-WAIT', 14: 'TIME-WAIT/TIME-WAIT' },
    },
  ],
  // The server closes first; the client sends two more data segments before its own FIN: a half-close.
  // The client's ACK in frame 13 does not yet cover the FIN of frame 12: it takes the FIN in only then (14).
  'zk_half-close_http-11-request-then-cruft.pcap': [
    {
      client: '192.168.12.5 51792', server: '192.0.78.212 80', rolesGuessed: false, firstFrame: 1, packetCount: 20,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['four-way', 'server', true, ['server 12 > 14', 'client 19 > 20'], null],
      outcome: 'closed', timeWait: 'server', bytes: [71, 699], anomalies: {}, durationSeconds: 0.437226,
      states: { ...OPENED, 12: 'ESTABLISHED/FIN-WAIT-1', 14: 'CLOSE-WAIT/FIN-WAIT-2', 19: 'LAST-ACK/TIME-WAIT', 20: 'CLOSED/TIME-WAIT' },
    },
  ],
  'zk_http-vlan-0.pcap': [
    {
      client: '141.142.228.5 59856', server: '192.150.187.43 80', rolesGuessed: false, firstFrame: 1, packetCount: 14,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['three-way', 'client', false, ['client 12 > 13', 'server 13 > 14'], null],
      outcome: 'closed', timeWait: 'client', bytes: [136, 5007], anomalies: {}, durationSeconds: 0.211628,
      states: { ...OPENED, ...CLIENT_CLOSES_THREE_WAY(12) },
    },
  ],
  // IPv6 first: refused. Then IPv4, where the server acknowledges the client's data (9) before its FIN (8).
  'zk_irc-353_null-loopback.pcap': [
    {
      client: '::1 65388', server: '::1 6666', rolesGuessed: false, firstFrame: 1, packetCount: 2,
      handshake: [false, 0, [1], null, null], teardown: ['reset', 'server', false, [], 2],
      outcome: 'refused', timeWait: null, bytes: [0, 0], anomalies: {}, durationSeconds: 0.000028,
      states: { 1: 'SYN-SENT/CLOSED', 2: 'CLOSED/CLOSED' },
    },
    {
      client: '127.0.0.1 65389', server: '127.0.0.1 6666', rolesGuessed: false, firstFrame: 3, packetCount: 10,
      handshake: [true, 0, [3, 4, 5], true, true], teardown: ['four-way', 'client', false, ['client 8 > 10', 'server 11 > 12'], null],
      outcome: 'closed', timeWait: 'client', bytes: [5, 0], anomalies: {}, durationSeconds: 0.00017,
      states: { 3: OPENED[1], 4: OPENED[2], 5: OPENED[3], 8: 'FIN-WAIT-1/ESTABLISHED', 10: 'FIN-WAIT-2/CLOSE-WAIT', 11: 'TIME-WAIT/LAST-ACK', 12: 'TIME-WAIT/CLOSED' },
    },
  ],
  'zk_port4242_ipv6.pcap': [
    {
      client: '::1 37927', server: '::1 4242', rolesGuessed: false, firstFrame: 1, packetCount: 8,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: ['three-way', 'client', false, ['client 6 > 7', 'server 7 > 8'], null],
      outcome: 'closed', timeWait: 'client', bytes: [12, 0], anomalies: {}, durationSeconds: 0.000382,
      states: { ...OPENED, ...CLIENT_CLOSES_THREE_WAY(6) },
    },
  ],
  'zk_sll2_openjdk-zeek.org.pcap': [
    {
      client: '192.168.64.6 55058', server: '192.0.78.150 443', rolesGuessed: false, firstFrame: 1, packetCount: 6,
      handshake: [true, 0, [1, 2, 3], true, true], teardown: [null, null, false, [], null],
      outcome: 'open', timeWait: null, bytes: [457, 2920], anomalies: {}, durationSeconds: 0.07878,
      states: OPENED,
    },
  ],
  // Six SYN retransmissions before the SYN-ACK (8). The capture is at the client, and the SYN-ACK echoes
  // no TSval (TSecr 0): whether the SYNs or the server's answers were lost cannot be told, so no SYN is
  // claimed lost and the first one is taken as arrived (the later ones are duplicates); the answered SYN is
  // the latest. At the end the client's FIN (48) is sent five more times (49–53) and never acknowledged in
  // the capture: the server said nothing after it, so it too is taken as arrived (its ACK may be what was
  // lost): the server ends in TIME-WAIT, the client in LAST-ACK.
  'zk_socks_syn-retx.pcap': [
    {
      client: '10.0.0.55 53994', server: '60.190.189.214 8124', rolesGuessed: false, firstFrame: 1, packetCount: 53,
      handshake: [true, 6, [7, 8, 9], true, true], teardown: ['four-way', 'server', false, ['server 46 > 47', 'client 48 > null'], null],
      outcome: 'open', timeWait: 'server', bytes: [3860, 2934], anomalies: { retransmission: 11 }, durationSeconds: 285.816702,
      states: { 1: OPENED[1], 7: OPENED[1], 8: OPENED[2], 9: OPENED[3], 46: 'CLOSE-WAIT/FIN-WAIT-1', 47: 'CLOSE-WAIT/FIN-WAIT-2', 48: 'LAST-ACK/TIME-WAIT', 53: 'LAST-ACK/TIME-WAIT' },
    },
  ],
  // One handshake written three times (QinQ-tagged, single-tagged, untagged): one connection, six duplicates.
  'zk_vlan-pcp-dei.pcapng': [
    {
      client: '192.168.1.100 12345', server: '192.168.1.200 80', rolesGuessed: false, firstFrame: 1, packetCount: 9,
      handshake: [true, 0, [1, 4, 7], true, true], teardown: [null, null, false, [], null],
      outcome: 'open', timeWait: null, bytes: [0, 0], anomalies: { duplicate: 6 }, durationSeconds: 0.000336,
      states: { 1: OPENED[1], 4: OPENED[2], 7: OPENED[3] },
    },
  ],
};

describe('what each capture of the corpus means', () => {
  it('covers every capture', () => {
    expect(Object.keys(CORPUS).sort()).toEqual(corpusFiles());
  });

  it.each(corpusFiles())('%s: every verdict, and the states at the frames that change them', (name) => {
    const connections = analyseCapture([corpusBytes(name)]).connections;
    const expected = CORPUS[name]!;
    expect(connections.map(meaning)).toEqual(expected.map(({ states: _states, durationSeconds, ...rest }) => ({ ...rest, durationSeconds: expect.closeTo(durationSeconds, 9) })));
    connections.forEach((c, i) => {
      const states = Object.fromEntries(c.packets!.map((p) => [p.frame, `${p.states.client}/${p.states.server}`]));
      const wanted = expected[i]!.states;
      expect(Object.fromEntries(Object.keys(wanted).map((frame) => [frame, states[frame]]))).toEqual(wanted);
    });
  });
});
