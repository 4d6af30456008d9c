// A connection's verdict in one line, for the terminal summary of lab up and the index of every preset.
import type { ConnectionReport } from '../analyse/report-model.js';

export type Verdict = Pick<ConnectionReport, 'handshake' | 'teardown' | 'outcome' | 'timeWait'>;

export function verdictLine(c: Verdict): string {
  const t = c.teardown;
  const retries = c.handshake.synRetransmissions;
  return [
    `handshake ${c.handshake.complete ? 'complete' : 'incomplete'}${retries ? ` after ${retries} SYN retransmission(s)` : ''}`,
    `teardown ${t.kind ?? 'none'}${t.initiator ? ` started by ${t.initiator}` : ''}${t.halfClose ? ', half-close' : ''}`,
    c.outcome,
    `TIME-WAIT: ${c.timeWait ?? 'nobody'}`,
  ].join('; ');
}
