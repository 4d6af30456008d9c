// A connection that never opened: its SYN is in the capture, but no handshake completed and no byte of data
// flowed. Such a connection is not "still open" when the capture ends, and it has nothing to tear down.
// (A capture that began after the SYN has no SYN in it: that connection was open, only not seen opening.)
import type { ConnectionReport } from '../analyse/report-model.js';

export function neverEstablished(c: Pick<ConnectionReport, 'handshake' | 'bytes' | 'outcome'>): boolean {
  return c.outcome === 'open' && !c.handshake.complete && c.handshake.syn !== null && c.bytes.client === 0 && c.bytes.server === 0;
}
