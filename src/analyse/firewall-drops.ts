// The lab knows why a segment it captured never arrived: its scenario's firewall rule drops it after
// tcpdump has seen it, or (a server that never accepts) the server's kernel drops SYNs while the accept queue
// is full. A lost segment that a known drop matches gets its cause; one none matches keeps none (as every
// lost segment of a capture the lab did not make).
import { TCP_FLAGS } from '../decode/decoded-packet.js';
import type { ConnectionReport, KnownDrop } from './report-model.js';

const { SYN, ACK, FIN, RST } = TCP_FLAGS;

export function markKnownDrops(connection: ConnectionReport, drops: readonly KnownDrop[]): void {
  for (const packet of connection.packets ?? []) {
    if (!packet.lost || packet.from !== 'client') continue;
    const bits = packet.flagBits;
    // iptables --syn: SYN set, ACK, RST and FIN clear; --tcp-flags FIN FIN: FIN set.
    const drop = drops.find((d) => d.port === packet.dstPort && (d.segment === 'syn' ? (bits & (SYN | ACK | RST | FIN)) === SYN : (bits & FIN) !== 0));
    if (!drop) continue;
    packet.lostCause = drop.cause;
    if (drop.cause === 'accept-queue-full') packet.lostBacklog = drop.backlog;
  }
}
