// The TCP Fast Open cookie option of a SYN or SYN-ACK (RFC 7413): kind 34, or the experimental kind 254
// with magic 0xF989 that older kernels and tools sent. Read in place, like the window scale shift.
import type { TcpHeader } from '../decode/decoded-packet.js';
import { findTcpOption } from '../decode/tcp.js';

const TFO = 34;
const EXPERIMENTAL = 254;
const TFO_MAGIC = 0xf989;

/** 'requested' for an empty cookie option (a client asking for one), 'presented' for one that carries a
 * cookie, null when there is none. */
export function fastOpenCookie(d: Uint8Array, tcp: TcpHeader): 'requested' | 'presented' | null {
  return findTcpOption(d, tcp, (kind, at, length) => {
    if (kind === TFO) return length > 2 ? 'presented' : 'requested';
    if (kind === EXPERIMENTAL && length >= 4 && ((d[at + 2]! << 8) | d[at + 3]!) === TFO_MAGIC) return length > 4 ? 'presented' : 'requested';
    return undefined;
  });
}
