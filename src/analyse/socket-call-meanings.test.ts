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
