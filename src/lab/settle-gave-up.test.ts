import { describe, expect, it } from 'vitest';
import type { SocketEvent } from '../capture/socket-events.js';
import { settleGaveUpAfter } from './settle-gave-up.js';

const settled = (state: string, start: string, t: string, role: 'client' | 'server' = 'client'): SocketEvent => ({ t, start, pid: 1, role, call: 'settled', ret: 0, state });

describe('settleGaveUpAfter', () => {
  it('is undefined when every wait found the teardown over', () => {
    expect(settleGaveUpAfter([settled('TIME-WAIT', '1000000000', '1300000000'), settled('CLOSED', '1000000000', '1001000000')])).toBeUndefined();
    expect(settleGaveUpAfter([])).toBeUndefined();
  });

  it('gives the longest wait that gave up, in seconds, from the event’s span', () => {
    const events = [settled('TIME-WAIT', '0', '9000000000'), settled('timeout', '1796054437834926882', '1796054442835426882'), settled('timeout', '2000000000', '7300000000')];
    expect(settleGaveUpAfter(events)).toBe(5.3);
  });

  it('reads only the client’s settled events', () => {
    expect(settleGaveUpAfter([settled('timeout', '0', '5000000000', 'server')])).toBeUndefined();
    expect(settleGaveUpAfter([{ t: '5000000000', start: '0', pid: 1, role: 'client', call: 'read', ret: 0, state: 'timeout' }])).toBeUndefined();
  });
});
