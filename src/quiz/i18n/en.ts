// The worksheet in English.
import type { QuizMessages } from './messages.js';

const sideName = (v: unknown) => (v === 'client' ? 'the client' : v === 'server' ? 'the server' : String(v));

export const en: QuizMessages = {
  lang: 'en',
  worksheetTitle: 'Worksheet: your own TCP connection',
  worksheetIntro: (capture, connection, command) =>
    `These questions are about your capture ${capture} (${connection}). The kernel picked its ports, sequence numbers and times, so your answers are yours alone. Open the capture in Wireshark, write each answer in answers.yaml, then run ${command}.`,
  rawNumbersNote:
    'Wireshark shows relative sequence and acknowledgement numbers by default; the questions ask for the raw values: "Sequence Number (raw)" (tcp.seq_raw) and "Acknowledgment number (raw)" (tcp.ack_raw).',
  answerFormat: 'Numbers may be written in decimal or in hexadecimal with 0x.',
  filter: 'Wireshark filter',
  notApplicable: (ids) => `Left out because this capture cannot answer them: ${ids}.`,
  answersHeader: (capture, command) =>
    `tcp-lab worksheet answers for ${capture}: write each answer after its colon (numbers in decimal or 0x-hex), then run: ${command}`,
  questions: {
    client_port: {
      prompt: "What is the client's TCP port?",
      where: (e) => `frame ${e.frame}, the SYN: its source port`,
      reason: (e, v) => `frame ${e.frame} (the SYN): its source port is the client's port, ${v}`,
    },
    server_port: {
      prompt: "What is the server's TCP port?",
      where: (e) => `frame ${e.frame}, the SYN: its destination port`,
      reason: (e, v) => `frame ${e.frame} (the SYN): its destination port is the server's port, ${v}`,
    },
    client_isn: {
      prompt: "What is the client's initial sequence number (ISN), raw?",
      where: (e) => `frame ${e.frame}, the SYN: its sequence number`,
      reason: (e, v) => `frame ${e.frame} (the SYN): its sequence number is the client's ISN = ${v}`,
    },
    server_isn: {
      prompt: "What is the server's initial sequence number (ISN), raw?",
      where: (e) => `frame ${e.frame}, the SYN-ACK: its sequence number`,
      reason: (e, v) => `frame ${e.frame} (the SYN-ACK): its sequence number is the server's ISN = ${v}`,
    },
    synack_ack: {
      prompt: "What is the SYN-ACK's acknowledgement number, raw?",
      where: (e) => `frame ${e.frame}, the SYN-ACK`,
      reason: (e, v) => `frame ${e.frame}'s acknowledgement number is the client's ISN + 1 = ${v}: the SYN carries no data but consumes one sequence number`,
    },
    final_ack_ack: {
      prompt: "What is the acknowledgement number of the handshake's third segment (the ACK), raw?",
      where: (e) => `frame ${e.frame}, the handshake's ACK`,
      reason: (e, v) => `frame ${e.frame}'s acknowledgement number is the server's ISN + 1 = ${v}`,
    },
    syn_mss: {
      prompt: 'What maximum segment size (MSS) does the SYN announce, in bytes?',
      where: (e) => `frame ${e.frame}, the SYN: its options`,
      reason: (e, v) => `frame ${e.frame} (the SYN) carries option kind 2, MSS = ${v} bytes`,
    },
    syn_window_scale: {
      prompt: 'What shift count does the SYN\'s window scale option carry? (write "none" when it has none)',
      where: (e) => `frame ${e.frame}, the SYN: its options`,
      reason: (e, v) =>
        e.value === 'none' ? `frame ${e.frame} (the SYN) carries no window scale option` : `frame ${e.frame} (the SYN) carries option kind 3, window scale with shift count ${v} (factor 2^${v})`,
    },
    syn_header_bytes: {
      prompt: "How long is the SYN's TCP header, in bytes?",
      where: (e) => `frame ${e.frame}, the SYN: the data offset (header length) field`,
      reason: (e, v) => `frame ${e.frame} (the SYN): data offset ${Number(e.value) / 4} × 4 = ${v} bytes (20 fixed + ${Number(e.value) - 20} of options)`,
    },
    first_fin_from: {
      prompt: 'Which side sends the first FIN? (client or server)',
      where: (e) => `frame ${e.frame}, the first FIN`,
      reason: (e) => `frame ${e.frame}, the first FIN, is sent by ${sideName(e.value)}`,
    },
    first_fin_ack: {
      prompt: 'What is the acknowledgement number, raw, of the segment that acknowledges the first FIN?',
      where: (e) => `frame ${e.frame}, which acknowledges the FIN of frame ${e.otherFrame}`,
      reason: (e, v) => `frame ${e.frame} acknowledges the FIN of frame ${e.otherFrame}: its sequence number + 1 = ${v}, because a FIN consumes one sequence number`,
    },
    teardown_segments: {
      prompt: 'How many segments are there from the first FIN (or the RST that ended the connection, if it came first) to the end of the capture?',
      where: (e) => `from frame ${e.frame} on`,
      reason: (e, v) => `frames ${e.frame} to ${e.otherFrame}: ${v} segments from the first FIN or the RST that ended the connection to the end (segments captured twice counted once)`,
    },
    time_wait: {
      prompt: 'Which side ends in TIME-WAIT? (client, server, both or nobody)',
      where: (e) => `the teardown, up to frame ${e.frame}`,
      reason: (e) =>
        e.value === 'nobody'
          ? `after frame ${e.frame} nobody is in TIME-WAIT: an RST ended the connection, or it never finished closing`
          : e.value === 'both'
            ? `after frame ${e.frame} both sides are in TIME-WAIT: each sent its FIN before it received the other's`
            : `after frame ${e.frame} ${sideName(e.value)} is in TIME-WAIT: it sent the first FIN and acknowledged the other side's FIN`,
    },
    accept_delay_us: {
      prompt: "How many microseconds pass from the handshake's final ACK to the server's accept() returning?",
      where: (e) => `frame ${e.frame} (the final ACK) and the accept() line of events.jsonl (its "t" is in nanoseconds)`,
      reason: (e, v) => `from frame ${e.frame} (the final ACK) to accept() returning: ${v} µs; answers within ±20 % or ±50 µs count`,
    },
  },
  check: {
    right: 'right',
    wrong: 'wrong',
    expected: 'expected',
    given: 'given',
    unanswered: 'not answered',
    answer: (given, expected) => `given: ${given}${expected === null ? '' : `; expected: ${expected}`}`,
    score: (score, total) => `score: ${score} of ${total}`,
    skipped: (ids) => `not checked (this capture cannot answer them): ${ids}`,
    ignored: (ids) => `not counted, because they are not on this worksheet: ${ids}`,
  },
  grade: {
    title: 'Worksheet results',
    student: 'student',
    score: 'score',
    perQuestion: 'right answers per question',
    right: (count, total) => `${count} of ${total}`,
    broken: 'submissions that could not be graded',
    noSubmissions: 'no submission could be graded',
  },
};
