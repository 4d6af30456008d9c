// PPP's protocol field (RFC 1661), as carried in PPPoE session frames (RFC 2516) and in PPTP's
// enhanced GRE (RFC 2637): IPv4 (0x0021) and IPv6 (0x0057) are decoded; control protocols end there.
import type { DecodeProblem } from './decoded-packet.js';
import { undecodedPppProtocol } from './encapsulations.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link-layer.js';
import { END, type LayerOutcome, type Payload } from './payload.js';

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;
const PPPOE_SESSION_CODE = 0x00;

const problem = (layer: 'pppoe' | 'ppp', offset: number, message: string): DecodeProblem => ({ layer, offset, message });

/** A PPPoE session header (version/type 0x11, code 0, session id, length), then PPP. */
export function decodePppoeSession(d: Uint8Array, at: number, end: number, next: Payload): LayerOutcome {
  if (end - at < 6) return problem('pppoe', at, `PPPoE header needs 6 bytes, ${Math.max(0, end - at)} present`);
  if (d[at] !== 0x11) return problem('pppoe', at, `version and type are 0x${d[at]!.toString(16)}, not 0x11`);
  if (d[at + 1] !== PPPOE_SESSION_CODE) return END; // a session frame always has code 0; anything else is discovery
  const length = (d[at + 4]! << 8) | d[at + 5]!;
  // The length field bounds PPP's payload: what follows it is Ethernet padding.
  return decodePpp(d, at + 6, Math.min(end, at + 6 + length), next);
}

/** PPP: optional address and control (0xff 0x03), then a 1- or 2-byte protocol field (an odd first
 * byte means the compressed, 1-byte form). */
export function decodePpp(d: Uint8Array, at: number, end: number, next: Payload): LayerOutcome {
  if (end - at >= 2 && d[at] === 0xff && d[at + 1] === 0x03) at += 2;
  if (end - at < 1) return problem('ppp', at, 'PPP frame ends before its protocol field');
  let protocol = d[at]!;
  if ((protocol & 1) === 0) {
    if (end - at < 2) return problem('ppp', at, 'PPP frame ends inside its protocol field');
    protocol = (protocol << 8) | d[at + 1]!;
    at += 2;
  } else at += 1;
  if (protocol !== PPP_IPV4 && protocol !== PPP_IPV6) return undecodedPppProtocol(protocol) ?? END;
  next.etherType = protocol === PPP_IPV4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
  next.offset = at;
  next.end = end;
  return null;
}
