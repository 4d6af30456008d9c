// Display filters that show a student this connection in Wireshark.
import type { ConnectionReport } from '../analyse/report-model.js';

export interface WiresharkFilter {
  filter: string;
  purpose: 'handshakeAndTeardown' | 'stream' | 'conversation' | 'problems';
}

export function wiresharkFilters(c: ConnectionReport): WiresharkFilter[] {
  const ip = c.ipVersion === 6 ? 'ipv6' : 'ip';
  return [
    { filter: 'tcp.flags.syn==1 || tcp.flags.fin==1 || tcp.flags.reset==1', purpose: 'handshakeAndTeardown' },
    { filter: `tcp.stream eq ${c.index}`, purpose: 'stream' },
    { filter: `${ip}.addr==${c.client.ip} && tcp.port==${c.client.port} && ${ip}.addr==${c.server.ip} && tcp.port==${c.server.port}`, purpose: 'conversation' },
    { filter: 'tcp.analysis.flags', purpose: 'problems' },
  ];
}
