// A worksheet answered as a student would in Wireshark: every number read off tshark's dissection of the
// capture (raw fields) and, for accept(), the events file — never from tcp-lab's own analysis.
import { readFileSync } from 'node:fs';
import type { QuestionId } from '../../src/quiz/question-ids.ts';
import { tsharkFields } from './tshark.ts';

const FIELDS = ['frame.number', 'frame.time_epoch', 'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.hdr_len', 'tcp.options.mss_val', 'tcp.options.wscale.shift'] as const;
type Row = Record<(typeof FIELDS)[number], string>;

const flags = (r: Row) => Number.parseInt(r['tcp.flags'], 16);
const [FIN, SYN, RST, ACK] = [0x01, 0x02, 0x04, 0x10];
const epochNs = (time: string) => {
  const [sec, frac = ''] = time.split('.');
  return BigInt(sec!) * 1_000_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 9));
};

/** The answers for the capture's first connection (tcp.stream 0): what the worksheet asks about. */
export function answersFromTshark(capture: string, events: string | null): Partial<Record<QuestionId, string>> {
  const rows = tsharkFields(capture, [...FIELDS], ['-Y', 'tcp.stream eq 0']).map((r) => Object.fromEntries(FIELDS.map((f, i) => [f, r[i] ?? ''])) as Row);
  const syn = rows.find((r) => (flags(r) & (SYN | ACK)) === SYN);
  const synAck = rows.find((r) => (flags(r) & (SYN | ACK)) === (SYN | ACK));
  const clientPort = syn?.['tcp.srcport'];
  const fromClient = (r: Row) => r['tcp.srcport'] === clientPort;
  const finalAck = synAck && rows.find((r) => fromClient(r) && flags(r) === ACK && Number(r['tcp.ack_raw']) === Number(synAck['tcp.seq_raw']) + 1);
  const fins = rows.filter((r) => flags(r) & FIN);
  const firstFin = fins[0];
  const finAck = firstFin && rows.find((r) => r['tcp.srcport'] === firstFin['tcp.dstport'] && flags(r) & ACK && Number(r['tcp.ack_raw']) === (Number(firstFin['tcp.seq_raw']) + 1) % 2 ** 32);
  const firstClosing = rows.find((r) => flags(r) & (FIN | RST));
  const side = (r: Row) => (fromClient(r) ? 'client' : 'server');
  const answers: Partial<Record<QuestionId, string>> = {};
  if (syn) {
    Object.assign(answers, {
      client_port: syn['tcp.srcport'],
      server_port: syn['tcp.dstport'],
      client_isn: syn['tcp.seq_raw'],
      syn_header_bytes: syn['tcp.hdr_len'],
      syn_window_scale: syn['tcp.options.wscale.shift'] || 'none',
    });
    if (syn['tcp.options.mss_val']) answers.syn_mss = syn['tcp.options.mss_val'];
  }
  if (synAck) Object.assign(answers, { server_isn: synAck['tcp.seq_raw'], synack_ack: synAck['tcp.ack_raw'] });
  if (finalAck) answers.final_ack_ack = finalAck['tcp.ack_raw'];
  if (firstFin) answers.first_fin_from = side(firstFin);
  if (finAck) answers.first_fin_ack = finAck['tcp.ack_raw'];
  if (firstClosing) answers.teardown_segments = String(rows.filter((r) => Number(r['frame.number']) >= Number(firstClosing['frame.number'])).length);
  if (rows.some((r) => flags(r) & RST)) answers.time_wait = 'nobody';
  else if (fins.length >= 2) {
    // Both sides wait when the second FIN left before its sender had the first one acknowledged.
    const second = fins.find((r) => side(r) !== side(firstFin!))!;
    const crossed = !(flags(second) & ACK) || Number(second['tcp.ack_raw']) !== (Number(firstFin!['tcp.seq_raw']) + 1) % 2 ** 32;
    answers.time_wait = crossed ? 'both' : side(firstFin!);
  }
  if (events && finalAck) {
    const accept = readFileSync(events, 'utf8').split('\n').find((l) => l.includes('"call":"accept"') && /"ret":\d/.test(l));
    if (accept) answers.accept_delay_us = String(Number(BigInt(/"t":(\d+)/.exec(accept)![1]!) - epochNs(finalAck['frame.time_epoch'])) / 1000);
  }
  return answers;
}
