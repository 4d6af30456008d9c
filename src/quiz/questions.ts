// The worksheet's questions: each one's answer is read from the student's own capture. The ids are a
// stable contract (answers.yaml, `lab check --json`, lab.yaml `quiz:`); the wording lives in i18n/.
import type { PacketReport } from '../analyse/report-model.js';
import type { QuestionId } from './question-ids.js';
import { optionOf, type QuizFacts } from './quiz-facts.js';

export type AnswerKind =
  /** A whole number, in decimal or 0x-hex; `hex` says the expected value is shown in hex too (raw sequence numbers). */
  | { type: 'number'; hex: boolean; orNone?: boolean; tolerance?: (expected: number) => number }
  | { type: 'choice'; choices: readonly string[] };

export interface Expected {
  value: number | string;
  /** The frame to look at. */
  frame: number;
  /** A second frame the reason names (the FIN that an ACK acknowledges, the last frame counted). */
  otherFrame?: number;
}

export interface Question {
  id: QuestionId;
  kind: AnswerKind;
  /** A Wireshark display filter that shows the packets to look at. */
  filter: string;
  /** The answer in this capture, or null when the capture cannot answer it (no SYN captured, no FIN…). */
  expected(facts: QuizFacts): Expected | null;
}

const SYN_FILTER = 'tcp.flags.syn==1 && tcp.flags.ack==0';
const SYN_ACK_FILTER = 'tcp.flags.syn==1 && tcp.flags.ack==1';
const FIN_FILTER = 'tcp.flags.fin==1';
const raw = { type: 'number', hex: true } as const;
const plain = { type: 'number', hex: false } as const;
const SEQUENCE_SPACE = 2 ** 32;

function fromPacket(packet: PacketReport | null, value: (p: PacketReport) => number | string | undefined): Expected | null {
  if (!packet) return null;
  const v = value(packet);
  return v === undefined ? null : { value: v, frame: packet.frame };
}

const QUESTIONS: Record<QuestionId, Question> = {
  client_port: { id: 'client_port', kind: plain, filter: SYN_FILTER, expected: (f) => fromPacket(f.syn, () => f.connection.client.port) },
  server_port: { id: 'server_port', kind: plain, filter: SYN_FILTER, expected: (f) => fromPacket(f.syn, () => f.connection.server.port) },
  client_isn: { id: 'client_isn', kind: raw, filter: SYN_FILTER, expected: (f) => fromPacket(f.syn, (p) => p.seq) },
  server_isn: { id: 'server_isn', kind: raw, filter: SYN_ACK_FILTER, expected: (f) => fromPacket(f.synAck, (p) => p.seq) },
  synack_ack: { id: 'synack_ack', kind: raw, filter: SYN_ACK_FILTER, expected: (f) => fromPacket(f.synAck, (p) => p.ack) },
  final_ack_ack: { id: 'final_ack_ack', kind: raw, filter: 'tcp.flags.syn==0 && tcp.seq==1 && tcp.ack==1', expected: (f) => fromPacket(f.finalAck, (p) => p.ack) },
  syn_mss: { id: 'syn_mss', kind: plain, filter: SYN_FILTER, expected: (f) => fromPacket(f.syn, (p) => optionOf(p, 'MSS')?.value) },
  syn_window_scale: {
    id: 'syn_window_scale',
    kind: { type: 'number', hex: false, orNone: true },
    filter: SYN_FILTER,
    expected: (f) => fromPacket(f.syn, (p) => optionOf(p, 'WS')?.shift ?? 'none'),
  },
  syn_header_bytes: { id: 'syn_header_bytes', kind: plain, filter: SYN_FILTER, expected: (f) => fromPacket(f.syn, (p) => p.header.length / 2) },
  first_fin_from: { id: 'first_fin_from', kind: { type: 'choice', choices: ['client', 'server'] }, filter: FIN_FILTER, expected: (f) => fromPacket(f.firstFin, (p) => p.from) },
  first_fin_ack: {
    id: 'first_fin_ack',
    kind: raw,
    filter: FIN_FILTER,
    expected: (f) => {
      const fin = f.connection.teardown.fins[0];
      if (!fin || fin.ackFrame === null) return null;
      return { value: (fin.seq + 1) % SEQUENCE_SPACE, frame: fin.ackFrame, otherFrame: fin.frame };
    },
  },
  teardown_segments: {
    id: 'teardown_segments',
    kind: plain,
    filter: 'tcp.flags.fin==1 || tcp.flags.reset==1',
    expected: (f) => {
      if (!f.firstClosing) return null;
      const counted = (f.connection.packets ?? []).filter((p) => p.frame >= f.firstClosing!.frame && p.duplicateOf === undefined);
      return { value: counted.length, frame: f.firstClosing.frame, otherFrame: counted.at(-1)!.frame };
    },
  },
  time_wait: {
    id: 'time_wait',
    kind: { type: 'choice', choices: ['client', 'server', 'both', 'nobody'] },
    filter: 'tcp.flags.fin==1 || tcp.flags.reset==1',
    expected: (f) => {
      const last = f.connection.packets?.at(-1);
      if (!last || f.connection.outcome === 'open') return null;
      return { value: f.connection.timeWait ?? 'nobody', frame: last.frame };
    },
  },
  accept_delay_us: {
    id: 'accept_delay_us',
    kind: { type: 'number', hex: false, tolerance: (expected) => Math.max(50, Math.abs(expected) * 0.2) },
    filter: 'tcp.flags.syn==1 || (tcp.seq==1 && tcp.ack==1 && tcp.len==0)',
    expected: (f) => (f.finalAck && f.acceptDelayUs !== null ? { value: f.acceptDelayUs, frame: f.finalAck.frame } : null),
  },
};

export function question(id: QuestionId): Question {
  return QUESTIONS[id];
}
