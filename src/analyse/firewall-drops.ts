// The lab knows why a segment it captured never arrived: its scenario's firewall rule drops it after
// tcpdump has seen it. A lost segment that the rule matches gets that cause; one it does not match keeps
// none (as every lost segment of a capture the lab did not make).
import { TCP_FLAGS } from '../decode/decoded-packet.js';
import type { ConnectionReport, FirewallDrop } from './report-model.js';

const { SYN, ACK, FIN, RST } = TCP_FLAGS;

export function markFirewallDrops(connection: ConnectionReport, drops: readonly FirewallDrop[]): void {
  for (const packet of connection.packets ?? []) {
    if (!packet.lost || packet.from !== 'client') continue;
    const bits = packet.flagBits;
    // iptables --syn: SYN set, ACK, RST and FIN clear; --tcp-flags FIN FIN: FIN set.
    const matches = (drop: FirewallDrop) => drop.port === packet.dstPort && (drop.segment === 'syn' ? (bits & (SYN | ACK | RST | FIN)) === SYN : (bits & FIN) !== 0);
    if (drops.some(matches)) packet.lostCause = 'scenario-firewall';
  }
}
