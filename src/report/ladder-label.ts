// The label on one arrow of a ladder diagram: flags, relative numbers and length.
import type { PacketReport } from '../analyse/report-model.js';

export function ladderLabel(p: PacketReport): string {
  const parts = [p.flags.join(', ') || '—', `seq=${p.relSeq}`];
  if (p.flags.includes('ACK')) parts.push(`ack=${p.relAck}`);
  if (p.len) parts.push(`len=${p.len}`);
  return parts.join(' ');
}
