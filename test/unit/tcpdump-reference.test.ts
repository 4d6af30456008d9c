// A second reference decode that needs no tshark: expected/<file>.tcpdump.txt, tcpdump's own reading
// (`tcpdump -nn -tt -S`) of every corpus file. Every TCP line must be a packet of the report, with the same
// time, addresses, flags, raw sequence and acknowledgement numbers, window, length and options.
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import type { PacketReport } from '../../src/analyse/report-model.js';
import type { TcpOption } from '../../src/decode/tcp.js';
import { corpusBytes, corpusFiles, tcpdumpReference } from '../helpers/corpus.ts';

interface TcpdumpLine {
  frame: number;
  time: string;
  from: string;
  to: string;
  flags: string;
  seq?: number;
  ack?: number;
  window: number;
  options: string;
  length: number;
}

const TCP_LINE =
  /^(\d+\.\d{6}) .*?IP6? (\S+)\.(\d+) > (\S+)\.(\d+): Flags \[([^\]]*)\](?:, seq (\d+)(?::\d+)?)?(?:, ack (\d+))?, win (\d+)(?:, options \[([^\]]*)\])?, length (\d+)/;

/** The TCP lines of tcpdump's output; the line number is the frame number (tcpdump prints one line per frame). */
function tcpdumpLines(name: string): TcpdumpLine[] {
  return tcpdumpReference(name)
    .split('\n')
    .flatMap((line, i) => {
      const m = TCP_LINE.exec(line);
      if (!m) return [];
      const [, time, srcIp, srcPort, dstIp, dstPort, flags, seq, ack, window, options, length] = m;
      return [{
        frame: i + 1,
        time: time!,
        from: `${srcIp}:${srcPort}`,
        to: `${dstIp}:${dstPort}`,
        flags: flags!,
        ...(seq !== undefined && { seq: Number(seq) }),
        ...(ack !== undefined && { ack: Number(ack) }),
        window: Number(window),
        options: options ?? '',
        length: Number(length),
      }];
    });
}

/** tcpdump's one-letter flags, in the order it prints them. */
function tcpdumpFlags(flags: string[]): string {
  const letters: [string, string][] = [['SYN', 'S'], ['FIN', 'F'], ['PSH', 'P'], ['RST', 'R'], ['URG', 'U'], ['ECE', 'E'], ['CWR', 'W'], ['AE', 'e'], ['ACK', '.']];
  return letters.filter(([name]) => flags.includes(name)).map(([, letter]) => letter).join('') || 'none';
}

function tcpdumpOption(option: TcpOption): string {
  switch (option.name) {
    case 'MSS': return `mss ${option.value}`;
    case 'WS': return `wscale ${option.shift}`;
    case 'SACK_PERM': return 'sackOK';
    case 'TS': return `TS val ${option.tsval} ecr ${option.tsecr}`;
    case 'NOP': return 'nop';
    case 'EOL': return 'eol';
    case 'SACK': return `sack ${option.blocks.length} ${option.blocks.map(([l, r]) => `{${l}:${r}}`).join('')}`;
    default: return `unexpected option ${option.kind}`;
  }
}

/** A packet's time (the connection's start plus its offset) as tcpdump -tt prints it: seconds since the
 * epoch, six decimals. */
function epochMicros(start: { sec: number; nsec: number }, offset: number): string {
  const ns = BigInt(start.sec) * 1_000_000_000n + BigInt(start.nsec) + BigInt(Math.round(offset * 1e9));
  return `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0').slice(0, 6)}`;
}

describe('agreement with tcpdump (expected/*.tcpdump.txt)', () => {
  it.each(corpusFiles())('%s', (name) => {
    const report = analyseCapture([corpusBytes(name)]);
    const ours = report.connections.flatMap((c) =>
      c.packets!.map((p: PacketReport) => {
        const [from, to] = p.from === 'client' ? [c.client, c.server] : [c.server, c.client];
        const flags = tcpdumpFlags(p.flags);
        // tcpdump prints seq only for a segment that occupies sequence space or resets, ack only when ACK is set.
        const printsSeq = p.len > 0 || p.flags.some((f) => f === 'SYN' || f === 'FIN' || f === 'RST');
        return {
          frame: p.frame,
          time: epochMicros(c.startTime, p.offset),
          from: `${from.ip}:${from.port}`,
          to: `${to.ip}:${to.port}`,
          flags,
          ...(printsSeq && { seq: p.seq }),
          ...(p.flags.includes('ACK') && { ack: p.ack }),
          window: p.window,
          options: p.options.map(tcpdumpOption).join(','),
          length: p.len,
        };
      }),
    );
    ours.sort((a, b) => a.frame - b.frame);
    const theirs = tcpdumpLines(name);
    expect(theirs.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
    expect(report.capture.packets).toBe(tcpdumpReference(name).trimEnd().split('\n').length);
  });
});
