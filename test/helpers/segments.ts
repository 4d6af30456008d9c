// One client (10.0.0.1:40000) and its server (10.0.0.2:8899) exchanging segments built byte by byte, and the
// analysis of a capture of them: the cases the corpus does not hold.
import { analyseCapture } from '../../src/analyse/analyse-capture.js';
import { pcapFile, tcpFrame, type SegmentSpec } from './frames.ts';

export const CLIENT = { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 8899 };
export const SERVER = { src: '10.0.0.2', dst: '10.0.0.1', sport: 8899, dport: 40000 };

// Each segment made gets an IP id of its own, so that two of them are never one packet captured twice
// (a test that wants a second capture passes the same segment again).
let ipId = 1;
const segment = (ends: typeof CLIENT, fill: number) => (seq: number, ack: number, flags: number, payload?: number): SegmentSpec => ({
  ...ends,
  seq,
  ack,
  flags,
  ipId: ipId++,
  payload: payload ? Buffer.alloc(payload, fill) : undefined,
});

/** A segment from the client, with `payload` bytes of 'a'. */
export const fromClient = segment(CLIENT, 0x61);
/** A segment from the server, with `payload` bytes of 'b'. */
export const fromServer = segment(SERVER, 0x62);

/** Analyses the segments, captured at second 1000 plus `micros(i)` µs: 10 ms apart unless told. */
export function analyseSegments(segments: SegmentSpec[], micros = (i: number) => i * 10_000) {
  return analyseCapture([pcapFile(segments.map((data, i) => ({ sec: 1000, frac: micros(i), data: tcpFrame(data) })))]);
}
