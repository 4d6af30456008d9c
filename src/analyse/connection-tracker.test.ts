// The connection tracker as analyseCapture streams it: which packets make one connection, how long an
// ended one lingers for late retransmissions (5 s of capture time, checked every 4,096 packets), and the
// order in which connections are handed on.
import { describe, expect, it } from 'vitest';
import { ACK, Capture, Conversation, FIN, PSH, SYN } from '../../test/helpers/conversation.ts';
import { analyseCapture } from './analyse-capture.js';
import type { ConnectionReport } from './report-model.js';

const SERVER = { ip: '192.0.2.80', port: 80 };

/** A capture that starts on a whole second, with a client of SERVER at 10.0.0.1 on each port, in that order. */
function clientsOn(...ports: number[]): { capture: Capture; clients: Conversation[] } {
  const capture = new Capture(1_700_000_000);
  return { capture, clients: ports.map((port, i) => new Conversation(capture, { ip: '10.0.0.1', port, isn: 100 * (i + 1) }, { ...SERVER, isn: 500 * (i + 1) })) };
}

/** Every connection as analyseCapture hands it on, in the order it does. */
function streamed(pcap: Buffer, brief = false): ConnectionReport[] {
  const out: ConnectionReport[] = [];
  analyseCapture([pcap], { brief, onConnection: (c) => out.push(c) });
  return out;
}

describe('ConnectionTracker', () => {
  it('hands on the connections still open at the end in order of their first packet, also when their 4-tuples share a hash', () => {
    // Three clients of 192.0.2.80:80 whose 4-tuples share the table's hash (see connection-table.test.ts).
    const capture = new Capture();
    const [x, y] = ['10.64.83.179', '10.80.251.2'].map((ip, i) => new Conversation(capture, { ip, port: 1024, isn: 1000 * (i + 1) }, { ...SERVER, isn: 5000 }));
    const z = new Conversation(capture, { ip: '10.0.0.9', port: 2000, isn: 3000 }, { ...SERVER, isn: 7000 });
    x!.handshake();
    z.handshake();
    y!.handshake();
    x!.fourWayClose('client');
    // The first client's port is used again (a new ISN): its old connection is handed on at once.
    const again = new Conversation(capture, { ip: '10.64.83.179', port: 1024, isn: 900_000 }, { ...SERVER, isn: 9000 });
    again.handshake();
    expect(streamed(capture.pcap()).map((c) => [c.index, `${c.client.ip} ${c.handshake.clientIsn}`])).toEqual([
      [0, '10.64.83.179 1000'],
      [1, '10.0.0.9 3000'],
      [2, '10.80.251.2 2000'],
      [3, '10.64.83.179 900000'],
    ]);
  });

  it('gives each connection its own server port when one server address listens on two ports, one connection after the other', () => {
    // Consecutive connections to one server share its endpoint only while the address and the port are the same.
    const capture = new Capture();
    const ports = [80, 8080, 8080, 80];
    ports.forEach((port, i) => new Conversation(capture, { ip: '10.0.0.9', port: 40_000 + i, isn: 1000 * (i + 1) }, { ...SERVER, port, isn: 5000 }).handshake());
    expect(streamed(capture.pcap()).map((c) => `${c.server.ip}:${c.server.port}`)).toEqual(ports.map((port) => `${SERVER.ip}:${port}`));
  });

  it('gives each connection its own server address when consecutive servers listen on one port', () => {
    // The latest server's address is compared byte by byte: the last byte, the first, IPv6 addresses, and an
    // IPv4 address whose bytes begin the IPv6 one before it (2001:0db8).
    const capture = new Capture();
    const servers = ['192.0.2.80', '192.0.2.81', '192.0.2.81', '10.0.2.81', '2001:db8::a00:251', '2001:db8::a00:252', '32.1.13.184', '192.0.2.80'];
    servers.forEach((ip, i) => new Conversation(capture, { ip: ip.includes(':') ? '2001:db8::9' : '10.0.0.9', port: 40_000 + i, isn: 1000 * (i + 1) }, { ip, port: 80, isn: 5000 }).handshake());
    expect(streamed(capture.pcap()).map((c) => c.server.ip)).toEqual(servers);
  });

  it('shares one server endpoint between consecutive connections to the same server, and only then', () => {
    // IPv6 servers that differ only in their first bytes (the client sends, so the server's address is the
    // destination: its bytes follow the source's in the header).
    const capture = new Capture();
    const servers = ['192.0.2.80', '192.0.2.80', '2001:db8::a00:251', '2001:db8::a00:251', '3001:db8::a00:251', '192.0.2.80'];
    servers.forEach((ip, i) => new Conversation(capture, { ip: ip.includes(':') ? '2001:db8::9' : '10.0.0.9', port: 40_000 + i, isn: 1000 * (i + 1) }, { ip, port: 80, isn: 5000 }).handshake());
    const connections = streamed(capture.pcap());
    expect(connections.map((c) => c.server.ip)).toEqual(servers);
    expect(connections.map((c, i) => i > 0 && c.server === connections[i - 1]!.server)).toEqual([false, true, false, true, false, false]);
  });

  it('guesses the roles of a connection seen from the middle by its ports: the lower one is the server’s, and with equal ports the first sender is the client', () => {
    const roles = (from: [string, number], to: [string, number]) => {
      const capture = new Capture();
      new Conversation(capture, { ip: from[0], port: from[1], isn: 100 }, { ip: to[0], port: to[1], isn: 500 }).send('client', ACK | PSH, { len: 10 });
      const [c] = analyseCapture([capture.pcap()]).connections;
      return `${c!.client.ip}:${c!.client.port} -> ${c!.server.ip}:${c!.server.port}${c!.rolesGuessed ? ' (guessed)' : ''}`;
    };
    // A server's answer, from its well-known port or from a port above 1024.
    expect(roles(['10.0.0.2', 443], ['10.0.0.1', 50000])).toBe('10.0.0.1:50000 -> 10.0.0.2:443 (guessed)');
    expect(roles(['10.0.0.2', 8899], ['10.0.0.1', 40000])).toBe('10.0.0.1:40000 -> 10.0.0.2:8899 (guessed)');
    // rsh: the client binds a privileged port too (512-1023), above the service's 514.
    expect(roles(['10.0.0.1', 1022], ['10.0.0.2', 514])).toBe('10.0.0.1:1022 -> 10.0.0.2:514 (guessed)');
    expect(roles(['10.0.0.2', 514], ['10.0.0.1', 1022])).toBe('10.0.0.1:1022 -> 10.0.0.2:514 (guessed)');
    // BGP between two routers: port 179 at both ends.
    expect(roles(['10.0.0.2', 179], ['10.0.0.1', 179])).toBe('10.0.0.2:179 -> 10.0.0.1:179 (guessed)');
  });

  it('starts a new connection when the client sends a SYN with a new ISN on a 4-tuple still open (it restarted; the server holds a half-open connection)', () => {
    const capture = new Capture();
    const old = new Conversation(capture, { ip: '10.0.0.1', port: 40000, isn: 100 }, { ...SERVER, isn: 500 });
    old.handshake();
    old.send('client', ACK | PSH, { len: 10 });
    old.send('server', ACK);
    const restarted = new Conversation(capture, { ip: '10.0.0.1', port: 40000, isn: 777_000 }, { ...SERVER, isn: 900 });
    restarted.send('client', SYN);
    const connections = analyseCapture([capture.pcap()]).connections;
    expect(connections.map((c) => [c.handshake.clientIsn, c.packetCount, c.outcome])).toEqual([
      [100, 5, 'open'],
      [777_000, 1, 'open'],
    ]);
  });

  it('hands on an ended connection quiet for more than 5 s before a late segment of it, whether or not a check has come since', () => {
    // Few packets: no check (every 4,096) comes between the close and the FIN resent 7 s later. The FIN
    // starts a connection of its own, as it would after a check: the report does not depend on the count.
    const { capture, clients: [ended] } = clientsOn(40000);
    ended.handshake();
    ended.fourWayClose('client');
    const busy = new Conversation(capture, { ip: '10.0.0.2', port: 40001, isn: 10_000 }, { ...SERVER, isn: 20_000 });
    busy.handshake();
    capture.pause(7);
    busy.send('client', ACK | PSH, { len: 10, after: 0.1 });
    ended.send('server', FIN | ACK, { seq: ended.nextSeq('server') - 1 });
    ended.send('client', ACK);
    expect(streamed(capture.pcap()).map((c) => [c.index, c.client.port, c.packetCount])).toEqual([
      [0, 40000, 7],
      [1, 40001, 4],
      [2, 40000, 2],
    ]);
  });

  it('hands on the quiet ended connections in the order they ended when a late segment of a later one comes before any check', () => {
    const { capture, clients: [first, second] } = clientsOn(40000, 40001);
    first.handshake();
    second.handshake();
    first.fourWayClose('client');
    second.fourWayClose('client');
    capture.pause(7);
    second.send('server', FIN | ACK, { seq: second.nextSeq('server') - 1 });
    expect(streamed(capture.pcap()).map((c) => [c.index, c.client.port])).toEqual([
      [0, 40000],
      [1, 40001],
      [2, 40001],
    ]);
  });

  it('hands on quiet ended connections at a check, not at every packet: a capture that ends before any check hands them on with the open ones, in order of first packet', () => {
    // The second connection ends before the first; both are quiet for more than 5 s when a third one's packets come.
    const { capture, clients: [first, second, third] } = clientsOn(40000, 40001, 40002);
    first.handshake();
    second.handshake();
    second.fourWayClose('client');
    first.fourWayClose('client');
    capture.pause(7);
    third.handshake();
    expect(streamed(capture.pcap()).map((c) => [c.index, c.client.port])).toEqual([
      [0, 40000],
      [1, 40001],
      [2, 40002],
    ]);
  });

  it('keeps an ended connection for 5 s of capture time: a FIN resent then still joins it; once quiet it is handed on at the next check', () => {
    const { capture, clients: [ended] } = clientsOn(40000);
    ended.handshake();
    ended.fourWayClose('client'); // frames 1-7, all in the capture's first second
    const busy = new Conversation(capture, { ip: '10.0.0.2', port: 40001, isn: 10_000 }, { ...SERVER, isn: 20_000 });
    busy.handshake();
    while (capture.frameCount < 4095) busy.send('client', ACK | PSH, { len: 10, after: 0.0001 });
    // The tracker looks at its ended connections every 4,096 packets; the 4,096th comes exactly 5 s (in
    // whole seconds, as the check counts) after the ended connection's last packet.
    capture.pause(5 - 0.5);
    busy.send('client', ACK | PSH, { len: 10, after: 0.1 });
    // The server sends its FIN again: the first connection's, which is still kept.
    ended.send('server', FIN | ACK, { seq: ended.nextSeq('server') - 1 });
    ended.send('client', ACK);
    // Six quiet seconds for the ended connection; at the next check it is handed on while the busy one
    // goes on.
    capture.pause(6);
    while (capture.frameCount < 8192 + 10) busy.send('client', ACK | PSH, { len: 10, after: 0.0001 });
    const pcap = capture.pcap();
    // Read in pieces: the ended connection is handed on while the rest of the capture is still unread.
    const pieces = Math.ceil(pcap.length / 16384);
    let read = 0;
    function* chunks() {
      for (; read < pieces; read++) yield pcap.subarray(read * 16384, (read + 1) * 16384);
    }
    const handedOn: [number, boolean][] = [];
    const report = analyseCapture(chunks(), { brief: true, onConnection: (c) => handedOn.push([c.index, read < pieces - 1]) });
    expect(report.capture.tcpPackets).toBe(8202);
    expect(handedOn).toEqual([
      [0, true],
      [1, false],
    ]);
    expect(streamed(pcap).map((c) => [c.index, c.packetCount, c.outcome, c.anomalies.retransmission ?? 0])).toEqual([
      [0, 9, 'closed', 1],
      [1, 8202 - 9, 'open', 0],
    ]);
  });
});
