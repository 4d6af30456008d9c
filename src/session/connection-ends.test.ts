import { describe, expect, it } from 'vitest';
import type { TcpState } from '../analyse/report-model.js';
import { ConnectionEnds } from './connection-ends.js';
import type { LivePacket } from './live-packets.js';

const packet = (clientPort: number, client: TcpState, server: TcpState) => ({ clientPort, states: { client, server } }) as LivePacket;
const never = new AbortController().signal;

describe('ConnectionEnds', () => {
  it('resolves once every named connection has ended in the capture, whichever side is in TIME-WAIT', async () => {
    const ends = new ConnectionEnds();
    ends.note(packet(40000, 'ESTABLISHED', 'ESTABLISHED'));
    let done: boolean | undefined;
    const waiting = ends.whenEnded([40000, 40001], 5_000, never).then((value) => (done = value));
    ends.note(packet(40000, 'TIME-WAIT', 'CLOSED'));
    await Promise.resolve();
    expect(done).toBeUndefined(); // 40001 has not ended
    ends.note(packet(40001, 'FIN-WAIT-2', 'CLOSE-WAIT'));
    ends.note(packet(40001, 'CLOSED', 'TIME-WAIT'));
    expect(await waiting).toBe(true);
  });

  it('answers at once for connections that ended before the wait, and takes a new SYN from the port as open', async () => {
    const ends = new ConnectionEnds();
    ends.note(packet(40000, 'CLOSED', 'CLOSED')); // a reset
    expect(await ends.whenEnded([40000], 5_000, never)).toBe(true);
    ends.note(packet(40000, 'SYN-SENT', 'SYN-RECEIVED'));
    expect(await ends.whenEnded([40000], 20, never)).toBe(false);
  });

  it('gives up with false after its limit while a side is still open, and rejects when the signal aborts', async () => {
    const ends = new ConnectionEnds();
    ends.note(packet(40000, 'FIN-WAIT-2', 'CLOSE-WAIT'));
    expect(await ends.whenEnded([40000], 20, never)).toBe(false);
    const abort = new AbortController();
    const waiting = ends.whenEnded([40000], 5_000, abort.signal);
    abort.abort(new Error('the lab has ended'));
    await expect(waiting).rejects.toThrow('the lab has ended');
  });
});
