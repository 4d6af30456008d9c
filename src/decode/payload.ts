// What one layer found inside itself: the next protocol (as an EtherType) and where its bytes are.
// Tunnels fill it in, so that the next layer is decoded as if it had come straight off the wire.
import type { DecodeProblem, UndecodedEncapsulation } from './decoded-packet.js';

export interface Payload {
  etherType: number;
  /** The payload is d[offset, end). */
  offset: number;
  end: number;
}

/** A layer's outcome: null when `Payload` was filled in, the problem that stopped it, the encapsulation
 * it does not go into, or END for a packet that carries no TCP (a PPP control packet, say). */
export type LayerOutcome = null | DecodeProblem | UndecodedEncapsulation | typeof END;
export const END = 'end';
