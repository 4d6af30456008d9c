// The explanation carried into Wireshark: a comment for each handshake and teardown packet and each
// anomaly, keyed by frame number.
import type { ConnectionReport, Report } from '../analyse/report-model.js';
import { hex32 } from './header-fields.js';
import type { Messages } from './i18n/messages.js';

export function packetComments(report: Report, m: Messages): Map<number, string> {
  const comments = new Map<number, string[]>();
  const add = (frame: number, text: string) => comments.set(frame, [...(comments.get(frame) ?? []), text]);
  for (const c of report.connections) connectionComments(c, m, add);
  return new Map([...comments].map(([frame, texts]) => [frame, texts.join(' | ')]));
}

function connectionComments(c: ConnectionReport, m: Messages, add: (frame: number, text: string) => void): void {
  const h = c.handshake;
  if (h.syn !== null && h.clientIsn !== null) add(h.syn, m.comment.syn(hex32(h.clientIsn)));
  if (h.synAck !== null && h.serverIsn !== null) add(h.synAck, m.comment.synAck(hex32(h.serverIsn), h.clientIsn === null ? '?' : hex32((h.clientIsn + 1) >>> 0)));
  if (h.finalAck !== null && h.serverIsn !== null) add(h.finalAck, m.comment.ack(hex32((h.serverIsn + 1) >>> 0)));
  const t = c.teardown;
  for (const fin of t.fins) {
    const close = t.initiator === 'both' ? 'crossed' : t.initiator === fin.side ? 'active' : 'passive';
    add(fin.frame, m.comment.fin(m.side[fin.side], close, hex32(fin.seq)));
    if (fin.ackFrame !== null) add(fin.ackFrame, m.comment.finAck(m.side[fin.side], hex32((fin.seq + 1) >>> 0)));
  }
  if (t.rst) add(t.rst.frame, c.outcome === 'refused' ? m.comment.refused : m.comment.rst(m.side[t.rst.from]));
  for (const p of c.packets ?? []) {
    if (p.lost) add(p.frame, p.lostCause ? m.lostBecauseExplain(p.lostCause, p.lostBacklog) : m.lostExplain);
    for (const anomaly of p.anomalies) add(p.frame, m.anomaly[anomaly]);
  }
}
