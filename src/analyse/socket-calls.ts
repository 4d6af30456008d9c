// The programs' socket calls matched to the connection they belong to, and what each one did. Each
// container counts pids from 1 and a server forks a child per connection, so a pid alone names nothing:
// a call is matched by role, by pid, and by the addresses and ports its event names — the client's
// connect() names its local port, the server's accept() and its child's fork() name the client's address
// and port; the calls that follow in the same process belong to the same connection (in command mode, where
// one process drives several connections, the calls that carry the same `conn` number).
import type { SocketEvent } from '../capture/socket-events.js';
import type { CallMeaning, ConnectionReport, Side, SocketCallReport } from './report-model.js';

/** The events of a run, indexed once for every connection of the capture. */
export class SocketCallIndex {
  private readonly byProcess = new Map<string, SocketEvent[]>();
  private readonly positions = new Map<SocketEvent, number>();

  constructor(events: SocketEvent[]) {
    const sorted = [...events].sort((a, b) => (BigInt(a.t) < BigInt(b.t) ? -1 : BigInt(a.t) > BigInt(b.t) ? 1 : 0));
    for (const event of sorted) {
      const key = `${event.role}/${event.pid}`;
      const list = this.byProcess.get(key) ?? [];
      this.positions.set(event, list.length);
      list.push(event);
      this.byProcess.set(key, list);
    }
  }

  /** The calls of the client and server processes that served this connection, with their meaning, and
   * how long after the handshake's final ACK accept() returned. `startNs` is the first packet's time,
   * `finalAck` the final ACK's offset from it. */
  match(c: Omit<ConnectionReport, 'calls' | 'acceptDelay'>, startNs: bigint, finalAck: number | null): { calls: SocketCallReport[]; acceptDelay: number | null } {
    const offset = (e: SocketEvent) => Number(BigInt(e.t) - startNs) / 1e9;
    const nearest = (candidates: SocketEvent[]) => candidates.sort((a, b) => Math.abs(offset(a)) - Math.abs(offset(b)))[0];
    const picked: SocketEvent[] = [];

    // The client: its connect() names the server's address and port and its own port.
    // A Fast Open client connects with sendto(MSG_FASTOPEN).
    const connects = this.find('client', (e) => (e.call === 'connect' || e.call === 'sendto') && e.peer === c.server.ip && e.peerPort === c.server.port);
    const connect = nearest(connects.filter((e) => e.localPort === c.client.port)) ?? nearest(connects.filter((e) => !e.localPort && e.ret < 0 && Math.abs(offset(e)) < 2));
    if (connect) picked.push(...this.around(connect, ['ready', 'socket', 'setsockopt', 'bind'], ['socket', 'connect', 'sendto']));

    // The server: accept() and the child's fork() name the client's address and port.
    const accept = nearest(this.find('server', (e) => e.call === 'accept' && e.ret >= 0 && e.peer === c.client.ip && e.peerPort === c.client.port));
    const fork = nearest(this.find('server', (e) => e.call === 'fork' && e.peer === c.client.ip && e.peerPort === c.client.port));
    const bind = nearest(this.find('server', (e) => e.call === 'bind' && e.port === c.server.port && (!accept || e.pid === accept.pid)));
    // The listening socket's calls end at its first accept() (a server in command mode goes on with the
    // calls of each connection it accepted) or at the process's next socket().
    if (bind) picked.push(...this.around(bind, ['socket', 'setsockopt'], ['socket', 'accept']));
    if (accept) picked.push(accept);
    if (fork) picked.push(...this.around(fork, [], ['fork']));
    else if (accept) picked.push(...this.around(accept, [], ['accept']).slice(1));

    const calls = [...new Set(picked)]
      .sort((a, b) => (BigInt(a.t) < BigInt(b.t) ? -1 : 1))
      .map((e): SocketCallReport => {
        const { t: _t, start, pid, role, call, ret, error, ...details } = e;
        const called = start === undefined ? null : Number(BigInt(start) - startNs) / 1e9;
        return { role, pid, call, ret, ...(error ? { error } : {}), called, returned: offset(e), meaning: 'other', details };
      });
    for (const call of calls) call.meaning = meaningOf(call, calls, c);
    const acceptDelay = c.handshake.complete && finalAck !== null && accept ? offset(accept) - finalAck : null;
    return { calls, acceptDelay };
  }

  private find(role: Side, test: (e: SocketEvent) => boolean): SocketEvent[] {
    const found: SocketEvent[] = [];
    for (const [key, list] of this.byProcess) if (key.startsWith(`${role}/`)) for (const e of list) if (test(e)) found.push(e);
    return found;
  }

  /** The event, the calls of its process just before it that prepared it (`before`), and every call after
   * it up to the next one that starts another connection (`next`). */
  private around(event: SocketEvent, before: string[], next: string[]): SocketEvent[] {
    const list = this.byProcess.get(`${event.role}/${event.pid}`)!;
    if (typeof event.conn === 'number') return list.filter((e) => e.conn === event.conn);
    const at = this.positions.get(event)!;
    let from = at;
    while (from > 0 && before.includes(list[from - 1]!.call)) from--;
    let to = at + 1;
    while (to < list.length && !next.includes(list[to]!.call)) to++;
    return list.slice(from, to);
  }
}

const RESET = /reset|broken pipe/i;

/** What the call did, from the call, its result and where the connection stood when it returned. */
function meaningOf(call: SocketCallReport, calls: SocketCallReport[], c: Omit<ConnectionReport, 'calls' | 'acceptDelay'>): CallMeaning {
  const failed = call.ret < 0;
  switch (call.call) {
    case 'socket':
    case 'bind':
    case 'listen':
    case 'setsockopt':
      return call.call;
    case 'fork':
      return failed ? 'fork-failed' : 'fork';
    case 'connect':
      if (!failed) return 'connect-established';
      if (c.outcome === 'refused' || /refused/i.test(call.error ?? '')) return 'connect-refused';
      return call.details.errno === 'ETIMEDOUT' ? 'connect-timed-out' : 'connect-failed';
    case 'accept':
      return failed ? 'accept-failed' : 'accept-established';
    case 'sendto':
      return !failed ? 'connect-fast-open' : c.outcome === 'refused' || /refused/i.test(call.error ?? '') ? 'connect-refused' : 'connect-failed';
    case 'read':
    case 'recv':
      return call.ret > 0 ? 'read-data' : call.ret === 0 ? 'read-eof' : RESET.test(call.error ?? '') ? 'read-reset' : 'read-failed';
    case 'write':
    case 'send':
      return !failed ? 'write-data' : RESET.test(call.error ?? '') ? 'write-reset' : 'write-failed';
    case 'shutdown':
      return 'shutdown-fin';
    case 'close': {
      const rst = c.teardown.rst;
      if (rst && rst.from !== call.role && rst.offset <= call.returned) return 'close-after-reset';
      const ownFin = c.teardown.fins.find((f) => f.side === call.role);
      // After a failed connect() there is no connection: close() only releases the descriptor, and sends
      // nothing (an RST from this side afterwards is its kernel answering a SYN-ACK that came too late).
      // A FIN of its own means the handshake finished just as connect() gave up, and close() sent it.
      if (!ownFin && calls.some((other) => other.role === call.role && other.pid === call.pid && other.call === 'connect' && other.ret < 0 && other.returned <= call.returned)) return 'close-not-connected';
      const shutdown = calls.some((other) => other.role === call.role && other.pid === call.pid && other.call === 'shutdown' && other.ret === 0 && other.returned <= call.returned);
      // An RST of its own within a millisecond is close()'s, unless close() had sent a FIN before it (the
      // kernel then resets for data that came after). A FIN that shutdown() sent leaves close() nothing to
      // send but that RST (SO_LINGER 0, or unread data).
      if (rst && rst.from === call.role && rst.offset <= call.returned + 0.001 && (!ownFin || ownFin.offset > rst.offset || shutdown)) return 'close-rst';
      return shutdown ? 'close-after-shutdown' : 'close-fin';
    }
    case 'ready':
      return 'tool-ready';
    case 'settled':
      return 'tool-settled';
    default:
      return 'other';
  }
}
