// The connections open now, found by a packet's 4-tuple. A Map from the tuple's hash (a small integer,
// not a string built for every packet) to the connection, or to the few whose tuples share that hash.
import type { DecodedPacket } from '../decode/decoded-packet.js';
import { keyHash, TupleView } from './tuple-key.js';

export interface Keyed {
  /** The tuple's key (see TupleView.key). */
  readonly key: string;
  /** Written by the table: it holds this connection now. A field, not a lookup: the tracker asks for every
   * connection it hands on, and a Map lookup there cost more than the rest of the sweep. */
  held?: boolean;
}

export class ConnectionTable<C extends Keyed> {
  private readonly byHash = new Map<number, C | C[]>();
  private readonly tuple = new TupleView();
  private lastHash = 0;

  /** The connection of the packet's 4-tuple, if one is open. Call add() next for a new one. */
  find(packet: DecodedPacket): C | undefined {
    const tuple = this.tuple.read(packet);
    const hash = (this.lastHash = tuple.hash());
    const entry = this.byHash.get(hash);
    if (entry === undefined) return undefined;
    if (!Array.isArray(entry)) return tuple.matches(entry.key) ? entry : undefined;
    for (const connection of entry) if (tuple.matches(connection.key)) return connection;
    return undefined;
  }

  /** The packet last given to find() was sent from its key's first endpoint (see keyEndpoint). */
  sourceFirst(): boolean {
    return this.tuple.sourceFirst;
  }

  /** Whether the client of a new connection is its key's first endpoint, given who sent the packet last given
   * to find(). When both ends are one endpoint, every packet is taken as the client's. */
  clientFirst(clientSent: boolean): boolean {
    return clientSent === this.tuple.sourceFirst || this.tuple.sameEnds;
  }

  /** The key of the packet last given to find(). */
  keyOfLastFound(): string {
    return this.tuple.key();
  }

  /** Adds a connection for the tuple last given to find(), which found none (or the one it replaces,
   * which must be deleted first). */
  add(connection: C): void {
    connection.held = true;
    const hash = this.lastHash;
    const entry = this.byHash.get(hash);
    if (entry === undefined) this.byHash.set(hash, connection);
    else if (Array.isArray(entry)) entry.push(connection);
    else this.byHash.set(hash, [entry, connection]);
  }

  /** True when this connection (not another on the same tuple) is open. */
  holds(connection: C): boolean {
    return connection.held === true;
  }

  delete(connection: C): void {
    connection.held = false;
    const hash = keyHash(connection.key);
    const entry = this.byHash.get(hash);
    if (entry === connection) this.byHash.delete(hash);
    else if (Array.isArray(entry) && entry.includes(connection)) {
      const rest = entry.filter((c) => c !== connection);
      this.byHash.set(hash, rest.length === 1 ? rest[0]! : rest);
    }
  }

  values(): C[] {
    return [...this.byHash.values()].flat() as C[];
  }

  clear(): void {
    for (const connection of this.values()) connection.held = false;
    this.byHash.clear();
  }
}
