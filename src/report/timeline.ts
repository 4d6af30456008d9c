// The programs' socket calls placed on the capture's time line, per connection.
import type { ConnectionReport, PacketReport } from '../analyse/report-model.js';
import type { SocketEvent } from '../capture/socket-events.js';

export interface TimedEvent {
  event: SocketEvent;
  /** Seconds since the connection's first packet (negative: before it). */
  offset: number;
}

/** Nanoseconds since the epoch of a packet's ISO time (nine fractional digits). */
export function packetTimeNs(packet: { time: string }): bigint {
  const ms = Date.parse(`${packet.time.slice(0, 19)}Z`);
  const fraction = packet.time.slice(20, 29);
  if (Number.isNaN(ms) || !/^\d+$/.test(fraction)) return 0n; // a damaged timestamp (see formatTime)
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

/** The events of the processes that served this connection: matched by the client's port. */
export function connectionEvents(connection: ConnectionReport, events: SocketEvent[]): TimedEvent[] {
  const clientPort = connection.client.port;
  const pids = new Set<number>();
  for (const e of events) {
    if (e.role === 'client' && e.call === 'connect' && e.localPort === clientPort) pids.add(e.pid);
    if (e.role === 'server' && e.call === 'fork' && e.peerPort === clientPort) pids.add(e.pid);
  }
  const first = connection.packets?.[0];
  if (!first) return [];
  const origin = packetTimeNs(first);
  const mine = events.filter(
    (e) => pids.has(e.pid) || (e.role === 'server' && (['socket', 'bind', 'listen'].includes(e.call) || (e.call === 'accept' && e.peerPort === clientPort))),
  );
  return mine.map((event) => ({ event, offset: Number(BigInt(event.t) - origin) / 1e9 }));
}

export type TimelineEntry = { kind: 'packet'; packet: PacketReport; offset: number } | { kind: 'event'; event: TimedEvent; offset: number };

/** Packets and socket calls in time order. */
export function mergeTimeline(packets: PacketReport[], events: TimedEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...packets.map((packet) => ({ kind: 'packet' as const, packet, offset: packet.offset })),
    ...events.map((event) => ({ kind: 'event' as const, event, offset: event.offset })),
  ];
  return entries.sort((a, b) => a.offset - b.offset);
}

/** How long after the handshake's final ACK accept() returned: the experiment's key remark, measured. */
export function acceptDelay(connection: ConnectionReport, events: TimedEvent[]): number | null {
  const finalAckFrame = connection.handshake.complete ? connection.handshake.frames.at(-1) : undefined;
  const finalAck = connection.packets?.find((p) => p.frame === finalAckFrame);
  const accept = events.find((e) => e.event.call === 'accept' && e.event.ret >= 0);
  if (!finalAck || !accept) return null;
  return accept.offset - finalAck.offset;
}
