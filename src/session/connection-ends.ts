// Which connections the live capture has seen end, from the states after each live packet. A preset run
// in a live lab is analysed once the capture holds its teardown: the segments reach us through tcpdump's
// file, tail and the engine's attach some time after the programs' last call, on a busy machine later than
// the preset's settle step (200 ms).
import type { TcpState } from '../analyse/report-model.js';
import type { LivePacket } from './live-packets.js';

const ENDED: ReadonlySet<TcpState> = new Set(['CLOSED', 'TIME-WAIT']);

export class ConnectionEnds {
  /** Client ports whose connection's last captured packet left both sides CLOSED or in TIME-WAIT. */
  private readonly ended = new Set<number>();
  private readonly onChange = new Set<() => void>();

  note(packet: LivePacket): void {
    // A later connection from the same port (a SYN) is not ended.
    if (ENDED.has(packet.states.client) && ENDED.has(packet.states.server)) this.ended.add(packet.clientPort);
    else this.ended.delete(packet.clientPort);
    for (const check of this.onChange) check();
  }

  /** Resolves with true once the connection from each of these client ports has ended in the capture, with
   * false after `limitMs` (the capture then lacks an end, or the connection did not end); rejects when the
   * signal aborts. */
  whenEnded(clientPorts: readonly number[], limitMs: number, signal: AbortSignal): Promise<boolean> {
    const allEnded = () => clientPorts.every((port) => this.ended.has(port));
    if (allEnded()) return Promise.resolve(true);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const settle = (then: () => void) => {
        clearTimeout(timer);
        this.onChange.delete(check);
        signal.removeEventListener('abort', onAbort);
        then();
      };
      const check = () => allEnded() && settle(() => resolve(true));
      const onAbort = () => settle(() => reject(signal.reason));
      const timer = setTimeout(() => settle(() => resolve(false)), limitMs);
      this.onChange.add(check);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
