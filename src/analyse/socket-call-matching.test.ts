// Which of the programs' socket calls belong to which connection: the client's by the connect() that names
// its port, the server's by the accept() and fork() that name the client, the calls around them by process
// (or by connection number in command mode). Cases the lab's presets do not show one by one: port reuse,
// two clients at once, a capture that starts late, command mode, two listeners.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventLines, type SocketEvent } from '../capture/socket-events.js';
import { analyseCapture } from './analyse-capture.js';
import type { Endpoint } from './report-model.js';
import { SocketCallIndex } from './socket-calls.js';

const START = 1_700_000_000_000_000_000n;
const CLIENT = { ip: '10.0.0.1', port: 40000 };
const SERVER = { ip: '10.0.0.2', port: 8899 };

/** An event returning `seconds` after START. */
function event(seconds: number, role: 'client' | 'server', pid: number, call: string, ret: number, details: Record<string, unknown> = {}): SocketEvent {
  return { t: String(START + BigInt(Math.round(seconds * 1e9))), pid, role, call, ret, ...details };
}

const connectTo = (seconds: number, pid: number, localPort: number | undefined, ret = 0, server: Endpoint = SERVER, extra: Record<string, unknown> = {}) =>
  event(seconds, 'client', pid, 'connect', ret, { peer: server.ip, peerPort: server.port, ...(localPort === undefined ? {} : { localPort }), ...extra });
const acceptOf = (seconds: number, pid: number, client: Endpoint = CLIENT, ret = 4, extra: Record<string, unknown> = {}) =>
  event(seconds, 'server', pid, 'accept', ret, { peer: client.ip, peerPort: client.port, ...extra });
const forkFor = (seconds: number, child: number, client: Endpoint = CLIENT) => event(seconds, 'server', child, 'fork', 0, { peer: client.ip, peerPort: client.port });
const listener = (seconds: number, pid: number, port = SERVER.port) => [
  event(seconds, 'server', pid, 'socket', 3),
  event(seconds + 0.001, 'server', pid, 'bind', 0, { port }),
  event(seconds + 0.002, 'server', pid, 'listen', 0, { backlog: 14 }),
];

type Facts = { client?: Endpoint; server?: Endpoint; outcome?: string; complete?: boolean };
function connection({ client = CLIENT, server = SERVER, outcome = 'closed', complete = true }: Facts = {}) {
  return { client, server, outcome, handshake: { complete }, teardown: { rst: null, fins: [] } } as unknown as Parameters<SocketCallIndex['match']>[0];
}

/** `role pid call` of each call matched to the connection that starts `startSeconds` after START. */
function matched(events: SocketEvent[], facts: Facts = {}, startSeconds = 0): string[] {
  const start = START + BigInt(Math.round(startSeconds * 1e9));
  return new SocketCallIndex(events).match(connection(facts), start, null).calls.map((c) => `${c.role} ${c.pid} ${c.call}`);
}

describe('the client’s calls', () => {
  const run = [
    event(-0.002, 'client', 1, 'socket', 3),
    connectTo(0.001, 1, CLIENT.port),
    event(0.002, 'client', 1, 'write', 5),
    event(0.2, 'client', 1, 'close', 0),
    ...listener(-1, 1),
    acceptOf(0.0015, 1),
    forkFor(0.0016, 7),
    event(0.0017, 'server', 7, 'read', 5),
    event(0.3, 'server', 7, 'close', 0),
  ];
  const expected = [
    'server 1 socket', 'server 1 bind', 'server 1 listen', 'client 1 socket', 'client 1 connect', 'server 1 accept', 'server 7 fork', 'server 7 read', 'client 1 write', 'client 1 close', 'server 7 close',
  ];

  it('are the same whatever order the events come in (one time line, each process in the order of its calls)', () => {
    expect(matched(run)).toEqual(expected);
    expect(matched([...run].reverse())).toEqual(expected);
    expect(matched([...run.slice(5), ...run.slice(0, 5)])).toEqual(expected);
  });

  it('keep the order a process wrote them in when two returned in the same nanosecond', () => {
    const sameInstant = [connectTo(1, 1, CLIENT.port), event(1, 'client', 1, 'write', 5), event(1, 'client', 1, 'close', 0)];
    expect(matched(sameInstant)).toEqual(['client 1 connect', 'client 1 write', 'client 1 close']);
  });

  it('a port used again later: each connection gets the connect() nearest to it, its preparing calls, and its calls up to the next socket()', () => {
    // A client that binds a fixed local port (SO_REUSEADDR) and connects twice, ten seconds apart.
    const attempt = (at: number) => [
      event(at, 'client', 1, 'socket', 3),
      event(at + 0.0001, 'client', 1, 'setsockopt', 0, { option: 'SO_REUSEADDR' }),
      event(at + 0.0002, 'client', 1, 'bind', 0, { port: CLIENT.port }),
      connectTo(at + 0.001, 1, CLIENT.port),
      event(at + 0.002, 'client', 1, 'write', 5),
      event(at + 0.2, 'client', 1, 'close', 0),
    ];
    const events = [...attempt(0), ...attempt(10)];
    const one = ['client 1 socket', 'client 1 setsockopt', 'client 1 bind', 'client 1 connect', 'client 1 write', 'client 1 close'];
    expect(matched(events, {}, 0)).toEqual(one);
    const second = new SocketCallIndex(events).match(connection(), START + 10_000_000_000n, null).calls;
    expect(second.map((c) => `${c.role} ${c.pid} ${c.call}`)).toEqual(one);
    expect(second.find((c) => c.call === 'connect')!.returned).toBeCloseTo(0.001, 9);
  });

  it('a process’s next connection starts at its next connect() or Fast Open sendto(), even without a socket() event', () => {
    const events = [
      connectTo(0.001, 1, 40001),
      event(0.002, 'client', 1, 'write', 5),
      event(1, 'client', 1, 'sendto', 5, { peer: SERVER.ip, peerPort: SERVER.port, localPort: 40002, flags: 'MSG_FASTOPEN' }),
      event(1.001, 'client', 1, 'read', 5),
      connectTo(2.001, 1, 40003),
      event(2.002, 'client', 1, 'close', 0),
    ];
    expect(matched(events, { client: { ip: CLIENT.ip, port: 40001 } })).toEqual(['client 1 connect', 'client 1 write']);
    expect(matched(events, { client: { ip: CLIENT.ip, port: 40002 } }, 1)).toEqual(['client 1 sendto', 'client 1 read']);
    expect(matched(events, { client: { ip: CLIENT.ip, port: 40003 } }, 2)).toEqual(['client 1 connect', 'client 1 close']);
  });

  it('only connect() and sendto() start a connection: another call that names the server and the port does not', () => {
    // A capture that starts late: the program's getpeername() (from an events file of its own) is nearer to it than connect().
    const events = [connectTo(-0.5, 1, CLIENT.port), event(-0.1, 'client', 1, 'getpeername', 0, { peer: SERVER.ip, peerPort: SERVER.port, localPort: CLIENT.port }), event(0.2, 'client', 1, 'write', 5)];
    expect(matched(events, { complete: false })).toEqual(['client 1 connect', 'client 1 getpeername', 'client 1 write']);
  });

  it('never takes a connect() to another server, or to another port of this one, from the same local port', () => {
    // Linux shares an ephemeral port between connections to different destinations.
    const events = [
      connectTo(0.0005, 1, CLIENT.port, 0, { ip: '10.0.0.3', port: SERVER.port }),
      connectTo(0.0006, 2, CLIENT.port, 0, { ip: SERVER.ip, port: 8900 }),
      connectTo(0.002, 3, CLIENT.port),
    ];
    expect(matched(events)).toEqual(['client 3 connect']);
  });

  it('a connection whose connect() is not among the events gets none of the other clients’ connects', () => {
    const events = [
      connectTo(0.001, 1, 40001), // another client, established at the same moment
      connectTo(1.5, 2, 40002, -1, SERVER, { errno: 'ETIMEDOUT', error: 'Connection timed out', gaveUpAfterMs: 1500 }), // another that gave up
      connectTo(0.5, 3, undefined, 0), // an established one whose event names no port
    ];
    expect(matched(events, { client: { ip: CLIENT.ip, port: 40009 } })).toEqual([]);
  });

  it('a failed connect() whose event names no port (its socket lost it) is the failed connection’s, if it returned within 2 s of its first packet', () => {
    const refused = (at: number, pid = 1) => connectTo(at, pid, undefined, -1, SERVER, { errno: 'ECONNREFUSED', error: 'Connection refused' });
    const established = connectTo(0.0005, 2, 40001);
    expect(matched([established, refused(0.001)], { outcome: 'refused' })).toEqual(['client 1 connect']);
    expect(matched([established, refused(1.999)], { outcome: 'refused' })).toEqual(['client 1 connect']);
    expect(matched([established, refused(2)], { outcome: 'refused' })).toEqual([]);
    expect(matched([established, refused(10)], { outcome: 'refused' })).toEqual([]);
    // Of two, the nearer.
    const calls = new SocketCallIndex([refused(1.5, 3), refused(0.001, 4)]).match(connection({ outcome: 'refused' }), START, null).calls;
    expect(calls.map((c) => [c.pid, c.meaning])).toEqual([[4, 'connect-refused']]);
  });
});

describe('the server’s calls', () => {
  it('two clients on different hosts with the same port: each connection gets the accept() and fork() that name its address', () => {
    const other = { ip: '10.0.0.5', port: CLIENT.port };
    const events = [...listener(-1, 1), acceptOf(0.0004, 1, other), forkFor(0.0005, 3, other), acceptOf(0.002, 1), forkFor(0.0021, 2), event(0.003, 'server', 2, 'read', 5)];
    const { calls, acceptDelay } = new SocketCallIndex(events).match(connection(), START, 0.001);
    expect(calls.map((c) => `${c.role} ${c.pid} ${c.call}`)).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'server 1 accept', 'server 2 fork', 'server 2 read']);
    expect(calls.find((c) => c.call === 'accept')!.returned).toBeCloseTo(0.002, 9);
    expect(acceptDelay).toBeCloseTo(0.001, 9);
  });

  it('a capture that starts after accept(): accept() and fork() are still the connection’s, each as itself', () => {
    const events = [...listener(-5, 1), acceptOf(-0.5, 1), forkFor(-0.4995, 7), event(0.001, 'server', 7, 'write', 5)];
    const calls = new SocketCallIndex(events).match(connection({ complete: false }), START, null).calls;
    expect(calls.map((c) => `${c.role} ${c.pid} ${c.call} ${c.meaning}`)).toEqual([
      'server 1 socket socket', 'server 1 bind bind', 'server 1 listen listen', 'server 1 accept accept-established', 'server 7 fork fork', 'server 7 write write-data',
    ]);
  });

  it('a failed accept() is not the connection’s, even when its event names the client', () => {
    const aborted = acceptOf(0.0015, 1, CLIENT, -1, { errno: 'ECONNABORTED', error: 'Software caused connection abort' });
    const { calls, acceptDelay } = new SocketCallIndex([...listener(-1, 1), aborted]).match(connection(), START, 0.001);
    expect(calls.map((c) => c.call)).toEqual(['socket', 'bind', 'listen']);
    expect(acceptDelay).toBeNull();
  });

  it('fork() failed (no child): the parent’s calls after accept() up to its next accept() are the connection’s', () => {
    const other = { ip: CLIENT.ip, port: 40002 };
    const failedFork = (at: number) => event(at, 'server', 1, 'fork', -1, { errno: 'EAGAIN', error: 'Resource temporarily unavailable' });
    const events = [...listener(-1, 1), acceptOf(0.002, 1), failedFork(0.0021), acceptOf(0.5, 1, other), failedFork(0.5001)];
    expect(matched(events)).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'server 1 accept', 'server 1 fork']);
    expect(new SocketCallIndex(events).match(connection(), START, null).calls.map((c) => c.meaning).slice(-2)).toEqual(['accept-established', 'fork-failed']);
    expect(new SocketCallIndex(events).match(connection({ client: other }), START + 499_000_000n, null).calls.map((c) => c.returned)).toEqual([-1.499, -1.498, -1.497, 0.001, 0.0011].map((x) => expect.closeTo(x, 9)));
  });

  it('a child pid used again (the pids wrapped around): each fork() starts only its own connection’s calls', () => {
    const other = { ip: CLIENT.ip, port: 40002 };
    const events = [
      ...listener(-1, 1),
      acceptOf(0.002, 1),
      forkFor(0.0021, 7),
      event(0.003, 'server', 7, 'close', 0),
      acceptOf(5, 1, other),
      forkFor(5.0001, 7, other),
      event(5.001, 'server', 7, 'read', 5),
    ];
    expect(matched(events)).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'server 1 accept', 'server 7 fork', 'server 7 close']);
  });

  it('only bind() names the listening port: another call of the listening socket with a port in its event is not it', () => {
    const events = [...listener(-5, 1), event(-2, 'server', 1, 'getsockname', 0, { port: SERVER.port }), acceptOf(0.002, 1)];
    expect(matched(events)).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'server 1 getsockname', 'server 1 accept']);
  });

  it('accept() returning descriptor 0 (the server had closed its standard input) accepted the connection', () => {
    const calls = new SocketCallIndex([...listener(-1, 1), acceptOf(0.002, 1, CLIENT, 0)]).match(connection(), START, 0.001).calls;
    expect(calls.map((c) => `${c.call} ${c.meaning}`)).toEqual(['socket socket', 'bind bind', 'listen listen', 'accept accept-established']);
  });

  it('a connection refused on a port nobody listens on gets none of the listening server’s calls (the lab’s refused preset)', () => {
    const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/presets/refused/${name}`, import.meta.url));
    const events = parseEventLines(fixture('events.jsonl').toString('utf8'));
    expect(events.filter((e) => e.call === 'bind').map((e) => e.port)).toEqual([8899]);
    const [refused] = analyseCapture([fixture('capture.pcap')], { events }).connections;
    expect(refused!.server.port).toBe(8900);
    expect(refused!.calls!.map((c) => `${c.role} ${c.call} ${c.meaning}`)).toEqual(['client ready tool-ready', 'client socket socket', 'client connect connect-refused']);
  });

  it('two listeners on one port (SO_REUSEPORT): the connection gets the listening calls of the process that accepted it', () => {
    const events = [...listener(-0.8, 1), ...listener(-0.4, 5), acceptOf(0.002, 1), forkFor(0.0021, 9)];
    expect(matched(events)).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'server 1 accept', 'server 9 fork']);
  });

  it('a server listening on two ports: each connection gets the listening calls of its port', () => {
    const events = [...listener(-1, 1, 443), ...listener(-0.9, 1), acceptOf(0.002, 1), forkFor(0.0021, 9)];
    expect(matched(events)).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'server 1 accept', 'server 9 fork']);
    expect(matched(events, { client: { ip: CLIENT.ip, port: 40005 }, server: { ip: SERVER.ip, port: 443 } })).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen']);
    expect(new SocketCallIndex(events).match(connection(), START, null).calls[0]!.returned).toBeCloseTo(-0.9, 9);
  });

  it('a Fast Open listener: its setsockopt(TCP_FASTOPEN) between socket() and bind() is one of the listening calls', () => {
    const events = [
      event(-1, 'server', 1, 'socket', 3),
      event(-0.999, 'server', 1, 'setsockopt', 0, { option: 'TCP_FASTOPEN', queue: 16 }),
      event(-0.998, 'server', 1, 'bind', 0, { port: SERVER.port }),
      event(-0.997, 'server', 1, 'listen', 0, { backlog: 14 }),
      acceptOf(0.002, 1),
      forkFor(0.0021, 7),
    ];
    expect(matched(events)).toEqual(['server 1 socket', 'server 1 setsockopt', 'server 1 bind', 'server 1 listen', 'server 1 accept', 'server 7 fork']);
  });

  it('a client that binds the port number the server listens on: the server’s listening calls are the server’s', () => {
    // Both containers count pids from 1, and a client may bind a fixed port (BGP uses 179 on both ends).
    const client = { ip: CLIENT.ip, port: SERVER.port };
    const events = [
      ...listener(-5, 1),
      event(-0.0003, 'client', 1, 'socket', 3),
      event(-0.0002, 'client', 1, 'bind', 0, { port: SERVER.port }),
      connectTo(0.001, 1, SERVER.port),
      acceptOf(0.002, 1, client),
    ];
    expect(matched(events, { client })).toEqual(['server 1 socket', 'server 1 bind', 'server 1 listen', 'client 1 socket', 'client 1 bind', 'client 1 connect', 'server 1 accept']);
  });
});

describe('command mode (one process drives several connections, its events carry the connection’s number)', () => {
  // The client connects #1 and #2, the server accepts both; their calls interleave in one process each.
  const other = { ip: CLIENT.ip, port: 40002 };
  const events = [
    ...listener(-1, 1),
    event(-0.5, 'client', 1, 'ready', 0),
    event(-0.0002, 'client', 1, 'socket', 3, { conn: 1 }),
    connectTo(0.001, 1, CLIENT.port, 0, SERVER, { conn: 1 }),
    event(0.0018, 'client', 1, 'socket', 4, { conn: 2 }),
    connectTo(0.002, 1, other.port, 0, SERVER, { conn: 2 }),
    acceptOf(0.003, 1, CLIENT, 4, { conn: 1 }),
    acceptOf(0.004, 1, other, 5, { conn: 2 }),
    event(0.005, 'client', 1, 'send', 5, { conn: 1 }),
    event(0.006, 'client', 1, 'shutdown', 0, { conn: 1, how: 'SHUT_WR' }),
    event(0.007, 'client', 1, 'send', 5, { conn: 2 }),
    event(0.008, 'server', 1, 'recv', 5, { conn: 2 }),
    event(0.009, 'server', 1, 'setsockopt', 0, { conn: 2, option: 'SO_LINGER', linger: 0 }),
    event(0.01, 'server', 1, 'close', 0, { conn: 2 }),
    event(0.011, 'server', 1, 'recv', 0, { conn: 1 }),
    event(0.012, 'server', 1, 'close', 0, { conn: 1 }),
    event(0.013, 'client', 1, 'close', 0, { conn: 1 }),
  ];

  it('gives each connection only the calls with its number, and the listening calls', () => {
    // The server's close() of #1 sends its own FIN: the client's shutdown() (pid 1 as well, but the other side) does not make it one after a shutdown.
    const first = new SocketCallIndex(events).match({ ...connection(), teardown: { rst: null, fins: [{ side: 'client', offset: 0.006 }, { side: 'server', offset: 0.012 }] } } as never, START, 0.0025).calls;
    expect(first.map((c) => `${c.role} ${c.call} ${c.meaning}`)).toEqual([
      'server socket socket', 'server bind bind', 'server listen listen', 'client socket socket', 'client connect connect-established', 'server accept accept-established',
      'client send write-data', 'client shutdown shutdown-fin', 'server recv read-eof', 'server close close-fin', 'client close close-after-shutdown',
    ]);
    expect(matched(events, { client: other }, 0.0015)).toEqual([
      'server 1 socket', 'server 1 bind', 'server 1 listen', 'client 1 socket', 'client 1 connect', 'server 1 accept', 'client 1 send', 'server 1 recv', 'server 1 setsockopt', 'server 1 close',
    ]);
  });
});
