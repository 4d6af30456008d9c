// The packets and measurements a worksheet asks about, found in one connection of the analysed capture.
import type { ConnectionReport, PacketReport, Report } from '../analyse/report-model.js';
import type { SocketEvent } from '../capture/socket-events.js';
import { SocketCallIndex } from '../analyse/socket-calls.js';

export interface QuizFacts {
  connection: ConnectionReport;
  /** 1-based, as the report numbers connections; Wireshark's tcp.stream is this minus one. */
  connectionNumber: number;
  syn: PacketReport | null;
  synAck: PacketReport | null;
  /** The handshake's third segment, when the handshake completed. */
  finalAck: PacketReport | null;
  /** The first FIN or RST its receiver took: where the connection starts to end. */
  firstClosing: PacketReport | null;
  firstFin: PacketReport | null;
  /** From the handshake's final ACK to accept() returning, in µs; null without events or an accept(). */
  acceptDelayUs: number | null;
}

/** The connection a lab's worksheet is about: the first whose handshake completed, else the first. */
export function quizFacts(report: Report, events: SocketEvent[] | null): QuizFacts | null {
  const connection = report.connections.find((c) => c.handshake.complete) ?? report.connections[0];
  if (!connection) return null;
  const packets = connection.packets ?? [];
  const has = (p: PacketReport, flag: string) => p.flags.includes(flag);
  const byFrame = (frame: number | undefined) => packets.find((p) => p.frame === frame) ?? null;
  const h = connection.handshake;
  const syn = byFrame(h.syn ?? undefined);
  const synAck = byFrame(h.synAck ?? undefined);
  const finalAck = h.complete ? byFrame(h.finalAck ?? undefined) : null;
  // The teardown's RST is the first its receiver took (not one the client dropped in SYN-SENT, nor a copy).
  const firstClosing = packets.find((p) => has(p, 'FIN') || p.frame === connection.teardown.rst?.frame) ?? null;
  const firstFin = byFrame(connection.teardown.fins[0]?.frame);
  // The analysis matched the calls when it was given the events; otherwise match them here.
  const start = BigInt(connection.startTime.sec) * 1_000_000_000n + BigInt(connection.startTime.nsec);
  const delay = connection.acceptDelay ?? (events ? new SocketCallIndex(events).match(connection, start, finalAck?.offset ?? null).acceptDelay : null);
  return {
    connection,
    connectionNumber: connection.index + 1,
    syn,
    synAck,
    finalAck,
    firstClosing,
    firstFin,
    acceptDelayUs: delay === null ? null : Math.round(delay * 1e6),
  };
}

/** The value of a TCP option of a packet, or undefined when the packet does not carry it. */
export function optionOf<K extends 'MSS' | 'WS'>(packet: PacketReport, name: K) {
  return packet.options.find((o) => o.name === name) as Extract<PacketReport['options'][number], { name: K }> | undefined;
}
