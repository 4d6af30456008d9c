// A client waits for its connections' teardown to be over before it ends (settle), so that the capture
// holds the whole teardown. When a wait gave up, the capture ends before that teardown: lab up says so.
import type { SocketEvent } from '../capture/socket-events.js';

/** How long, in seconds, the longest wait for a teardown that never ended lasted; undefined when every
 * client's wait ended with the teardown (its 'settled' event names the state it found, or 'timeout'). */
export function settleGaveUpAfter(events: readonly SocketEvent[]): number | undefined {
  const waits = events
    .filter((event) => event.role === 'client' && event.call === 'settled' && event.state === 'timeout' && event.start !== undefined)
    .map((event) => Number(BigInt(event.t) - BigInt(event.start!)) / 1e9);
  return waits.length ? Math.max(...waits) : undefined;
}
