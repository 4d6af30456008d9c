// What each of the programs' socket calls did, from the call, its result and where the connection stood
// when it returned: one client call after its connect() at a time, against the connection's facts.
import { describe, expect, it } from 'vitest';
import type { SocketEvent } from '../capture/socket-events.js';
import type { ConnectionReport, FinReport, RstReport } from './report-model.js';
import { SocketCallIndex } from './socket-calls.js';

const START = 1_700_000_000_000_000_000n;
const CLIENT = { ip: '10.0.0.1', port: 40000 };
const SERVER = { ip: '10.0.0.2', port: 8899 };

/** An event returning `seconds` after the connection's first packet. */
function event(seconds: number, role: 'client' | 'server', pid: number, call: string, ret: number, details: Record<string, unknown> = {}): SocketEvent {
  return { t: String(START + BigInt(Math.round(seconds * 1e9))), pid, role, call, ret, ...details };
}

type Facts = { outcome?: ConnectionReport['outcome']; rst?: RstReport | null; fins?: FinReport[]; complete?: boolean };

function connection({ outcome = 'closed', rst = null, fins = [], complete = true }: Facts = {}) {
  return { client: CLIENT, server: SERVER, outcome, handshake: { complete }, teardown: { rst, fins } } as unknown as Parameters<SocketCallIndex['match']>[0];
}

const connect = (ret = 0, error?: string) => event(1, 'client', 1, 'connect', ret, { peer: SERVER.ip, peerPort: SERVER.port, localPort: CLIENT.port, ...(error ? { error } : {}) });

/** The meaning of each client call: connect() at 1 s, then `calls` (returning at 2 s, 3 s ...). */
function meanings(calls: [string, number, string?][], facts: Facts = {}, first = connect()): string[] {
  const events = [first, ...calls.map(([call, ret, error], i) => event(2 + i, 'client', 1, call, ret, error ? { error } : {}))];
  return new SocketCallIndex(events).match(connection(facts), START, null).calls.map((c) => c.meaning);
}

const fin = (side: 'client' | 'server', offset: number) => ({ side, offset }) as FinReport;

describe('the meaning of a socket call', () => {
  it('reads and writes: data, end of file, a reset, another failure', () => {
    expect(meanings([['read', 5], ['recv', 3], ['read', 0], ['read', -1, 'Connection reset by peer'], ['read', -1, 'Bad file descriptor']])).toEqual([
      'connect-established', 'read-data', 'read-data', 'read-eof', 'read-reset', 'read-failed',
    ]);
    expect(meanings([['write', 5], ['send', 5], ['write', -1, 'Broken pipe'], ['write', -1, 'No space left on device']])).toEqual([
      'connect-established', 'write-data', 'write-data', 'write-reset', 'write-failed',
    ]);
  });

  it('connect() refused (by its error, or a refused connection), failed otherwise; sendto() is a Fast Open connect', () => {
    expect(meanings([], {}, connect(-1, 'Connection refused'))).toEqual(['connect-refused']);
    expect(meanings([], { outcome: 'refused' }, connect(-1, 'Connection timed out'))).toEqual(['connect-refused']);
    expect(meanings([], {}, connect(-1, 'Connection timed out'))).toEqual(['connect-failed']);
    const sendto = (ret: number, error?: string) => ({ ...connect(ret, error), call: 'sendto' });
    expect(meanings([], {}, sendto(5))).toEqual(['connect-fast-open']);
    expect(meanings([], {}, sendto(-1, 'Connection refused'))).toEqual(['connect-refused']);
    expect(meanings([], { outcome: 'refused' }, sendto(-1, 'Connection timed out'))).toEqual(['connect-refused']);
    expect(meanings([], {}, sendto(-1, 'Connection timed out'))).toEqual(['connect-failed']);
  });

  it('close(): a FIN, after shutdown(), after the peer’s reset, or an RST of its own', () => {
    expect(meanings([['close', 0]])).toEqual(['connect-established', 'close-fin']);
    expect(meanings([['shutdown', 0], ['close', 0]])).toEqual(['connect-established', 'shutdown-fin', 'close-after-shutdown']);
    expect(meanings([['shutdown', -1], ['close', 0]]).at(-1)).toBe('close-fin'); // a failed shutdown() sent nothing
    expect(meanings([['close', 0]], { rst: { from: 'server', frame: 9, offset: 1.5 } }).at(-1)).toBe('close-after-reset');
    expect(meanings([['close', 0]], { rst: { from: 'server', frame: 9, offset: 2.5 } }).at(-1)).toBe('close-fin'); // the reset came later
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 9, offset: 2.0005 } }).at(-1)).toBe('close-rst');
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 9, offset: 2.002 } }).at(-1)).toBe('close-fin'); // an RST well after close()
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 9, offset: 2.0005 }, fins: [fin('client', 2)] }).at(-1)).toBe('close-fin');
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 9, offset: 2.0005 }, fins: [fin('client', 2.001)] }).at(-1)).toBe('close-rst');
  });

  it('connect() that gave up (ETIMEDOUT): no connection, so close() sends nothing, even when an RST of this side follows', () => {
    const timedOut = connect(-1, 'Connection timed out');
    timedOut.errno = 'ETIMEDOUT';
    expect(meanings([['close', 0]], {}, timedOut)).toEqual(['connect-timed-out', 'close-not-connected']);
    expect(meanings([['close', 0]], {}, connect(-1, 'Network is unreachable'))).toEqual(['connect-failed', 'close-not-connected']);
    // The SYN-ACK came after the client had given up: its kernel, with no socket left, answers it with an RST.
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 5, offset: 2.0005 } }, timedOut).at(-1)).toBe('close-not-connected');
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 5, offset: 3 } }, timedOut).at(-1)).toBe('close-not-connected');
    // The handshake finished just as connect() gave up: the socket was connected, and close() sent its FIN.
    expect(meanings([['close', 0]], { fins: [fin('client', 2)] }, timedOut).at(-1)).toBe('close-fin');
    // close() returning in the same nanosecond as the failed connect() still follows it.
    const sameInstant = [timedOut, { ...event(1, 'client', 1, 'close', 0) }];
    expect(new SocketCallIndex(sameInstant).match(connection(), START, null).calls.map((c) => c.meaning)).toEqual(['connect-timed-out', 'close-not-connected']);
  });

  it('close() with SO_LINGER 0 aborts: its RST leaves before close() returns, or within a millisecond of it', () => {
    expect(meanings([['setsockopt', 0], ['close', 0]], { rst: { from: 'client', frame: 9, offset: 2.9999 } })).toEqual(['connect-established', 'setsockopt', 'close-rst']);
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 9, offset: 2 + 0.001 } }).at(-1)).toBe('close-rst');
    // shutdown() sent the FIN, close() then aborts (SO_LINGER 0), or finds unread data: its RST.
    expect(meanings([['shutdown', 0], ['setsockopt', 0], ['close', 0]], { rst: { from: 'client', frame: 9, offset: 3.9999 }, fins: [fin('client', 2)] })).toEqual(['connect-established', 'shutdown-fin', 'setsockopt', 'close-rst']);
    expect(meanings([['shutdown', 0], ['read', 5], ['close', 0]], { rst: { from: 'client', frame: 9, offset: 4.0005 }, fins: [fin('client', 2)] }).at(-1)).toBe('close-rst');
    expect(meanings([['shutdown', 0], ['read', 0], ['close', 0]], { rst: { from: 'client', frame: 9, offset: 4.5 }, fins: [fin('client', 2)] }).at(-1)).toBe('close-after-shutdown');
    // An abort after the peer's FIN: the peer's FIN is not one of its own.
    expect(meanings([['read', 0], ['close', 0]], { rst: { from: 'client', frame: 9, offset: 3.0005 }, fins: [fin('server', 1.5)] })).toEqual(['connect-established', 'read-eof', 'close-rst']);
  });

  it('close(): the peer’s RST is never close()’s own; one captured in the same instant as close() returned came first', () => {
    expect(meanings([['close', 0]], { rst: { from: 'server', frame: 9, offset: 2.0005 } }).at(-1)).not.toBe('close-rst');
    expect(meanings([['close', 0]], { rst: { from: 'server', frame: 9, offset: 2 } }).at(-1)).toBe('close-after-reset');
    // The FIN, then an RST in the same microsecond (data that arrived after close()): close() sent the FIN.
    expect(meanings([['close', 0]], { rst: { from: 'client', frame: 9, offset: 2.0005 }, fins: [fin('client', 2.0005)] }).at(-1)).toBe('close-fin');
    // shutdown() and close() returning in the same nanosecond: the FIN left with shutdown().
    const events = [connect(), event(2, 'client', 1, 'shutdown', 0), event(2, 'client', 1, 'close', 0)];
    expect(new SocketCallIndex(events).match(connection({ fins: [fin('client', 2)] }), START, null).calls.map((c) => c.meaning)).toEqual(['connect-established', 'shutdown-fin', 'close-after-shutdown']);
  });

  it('the client’s failed connect() says nothing of the server’s close() (both programs may run as pid 1)', () => {
    const timedOut = { ...connect(-1, 'Connection timed out'), errno: 'ETIMEDOUT' };
    const server = [
      event(-1, 'server', 1, 'socket', 3),
      event(-0.999, 'server', 1, 'bind', 0, { port: SERVER.port }),
      event(-0.998, 'server', 1, 'listen', 0),
      event(1.0002, 'server', 1, 'accept', 4, { peer: CLIENT.ip, peerPort: CLIENT.port }),
      event(1.5, 'server', 1, 'close', 0),
    ];
    const calls = new SocketCallIndex([timedOut, ...server]).match(connection(), START, null).calls;
    expect(calls.map((c) => `${c.role} ${c.call} ${c.meaning}`).slice(-3)).toEqual(['client connect connect-timed-out', 'server accept accept-established', 'server close close-fin']);
  });

  it('a server child that goes on to another host once it has closed the client’s connection: its later calls say nothing of that close()', () => {
    const child = [
      event(1.7, 'server', 1, 'accept', 4, { peer: CLIENT.ip, peerPort: CLIENT.port }),
      event(1.8, 'server', 7, 'fork', 0, { peer: CLIENT.ip, peerPort: CLIENT.port }),
      event(2, 'server', 7, 'close', 0),
      event(2.1, 'server', 7, 'socket', 4),
      event(2.2, 'server', 7, 'connect', 0, { peer: '10.0.0.9', peerPort: 80 }),
      event(2.3, 'server', 7, 'shutdown', 0),
      event(2.4, 'server', 7, 'connect', -1, { peer: '10.0.0.9', peerPort: 81, errno: 'ECONNREFUSED', error: 'Connection refused' }),
    ];
    const calls = new SocketCallIndex(child).match(connection(), START, null).calls;
    expect(calls.find((c) => c.call === 'close')!.meaning).toBe('close-fin');
  });

  it('the listening process’s calls say nothing of the child’s close(): a shutdown() of the listening socket (it sends nothing), a connect() on it that failed', () => {
    const server = [
      event(-1, 'server', 1, 'socket', 3),
      event(-0.999, 'server', 1, 'bind', 0, { port: SERVER.port }),
      event(-0.998, 'server', 1, 'listen', 0),
      event(-0.5, 'server', 1, 'shutdown', 0, { how: 'SHUT_WR' }),
      event(-0.4, 'server', 1, 'connect', -1, { errno: 'EINVAL', error: 'Invalid argument' }),
      event(1.7, 'server', 1, 'accept', 4, { peer: CLIENT.ip, peerPort: CLIENT.port }),
      event(1.8, 'server', 7, 'fork', 0, { peer: CLIENT.ip, peerPort: CLIENT.port }),
      event(2, 'server', 7, 'close', 0),
    ];
    const calls = new SocketCallIndex(server).match(connection({ fins: [] }), START, null).calls;
    expect(calls.map((c) => `${c.pid} ${c.call}`)).toEqual(['1 socket', '1 bind', '1 listen', '1 shutdown', '1 connect', '1 accept', '7 fork', '7 close']);
    expect(calls.at(-1)!.meaning).toBe('close-fin');
  });

  it('the tools’ own events, and calls it has no meaning for', () => {
    const ready = event(0.5, 'client', 1, 'ready', 0);
    const events = [ready, connect(), event(2, 'client', 1, 'settled', 0), event(3, 'client', 1, 'ioctl', 0)];
    expect(new SocketCallIndex(events).match(connection(), START, null).calls.map((c) => c.meaning)).toEqual(['tool-ready', 'connect-established', 'tool-settled', 'other']);
  });
});

describe('the server’s calls and the accept delay', () => {
  const server = [
    event(0.1, 'server', 1, 'socket', 3),
    event(0.2, 'server', 1, 'bind', 0, { port: SERVER.port }),
    event(0.3, 'server', 1, 'listen', 0),
    event(1.7, 'server', 1, 'accept', 4, { peer: CLIENT.ip, peerPort: CLIENT.port }),
    event(1.8, 'server', 1, 'fork', 2, { peer: CLIENT.ip, peerPort: CLIENT.port }),
  ];

  it('names the listening socket’s calls, accept() and the child’s fork()', () => {
    const { calls } = new SocketCallIndex([...server, connect()]).match(connection(), START, 1.5);
    expect(calls.map((c) => `${c.role} ${c.call} ${c.meaning}`)).toEqual([
      'server socket socket', 'server bind bind', 'server listen listen', 'client connect connect-established', 'server accept accept-established', 'server fork fork',
    ]);
  });

  it('is how long after the final ACK accept() returned, when the handshake completed', () => {
    expect(new SocketCallIndex(server).match(connection(), START, 1.5).acceptDelay).toBeCloseTo(0.2, 9);
    expect(new SocketCallIndex(server).match(connection({ complete: false }), START, 1.5).acceptDelay).toBeNull();
    expect(new SocketCallIndex(server).match(connection(), START, null).acceptDelay).toBeNull();
  });
});
