// One connection as compact JSON: the text JSON.stringify gives for it, written from a template per object.
// JSON.stringify walks each object's properties in C++ and was about a fifth of `lab report --format json
// --brief`'s instructions; a template reads fields the compiler knows. The parts most connections lack
// (fastOpen, anomalies, transitions, calls, packets) still go through JSON.stringify.
// The model's strings need no escaping: addresses, and names from fixed lists (side, state, kind, outcome).
import type { ConnectionReport, Endpoint, FinReport, HandshakeReport, RstReport, TeardownReport } from '../analyse/report-model.js';

/** Every field of ConnectionReport, in the order written: a field added to the model fails the type check
 * here until it is written too. */
const WRITTEN = ['index', 'client', 'server', 'rolesGuessed', 'ipVersion', 'firstFrame', 'startTime', 'durationSeconds', 'packetCount', 'handshake', 'teardown', 'outcome', 'timeWait', 'timeWaitEndedEarly', 'states', 'bytes', 'anomalies', 'transitions', 'calls', 'acceptDelay', 'packets'] as const;
type Unwritten = Exclude<keyof ConnectionReport, (typeof WRITTEN)[number]>;
const everyFieldWritten: [Unwritten] extends [never] ? true : Unwritten = true;
void everyFieldWritten;

export function connectionJson(c: ConnectionReport): string {
  const { startTime, states, bytes } = c;
  let text = `{"index":${c.index},"client":${endpoint(c.client)},"server":${endpoint(c.server)},"rolesGuessed":${c.rolesGuessed},"ipVersion":${c.ipVersion},"firstFrame":${c.firstFrame},"startTime":{"sec":${startTime.sec},"nsec":${startTime.nsec}},"durationSeconds":${seconds(c.durationSeconds)},"packetCount":${c.packetCount},"handshake":${handshake(c.handshake)},"teardown":${teardown(c.teardown)},"outcome":"${c.outcome}","timeWait":${name(c.timeWait)},"timeWaitEndedEarly":${c.timeWaitEndedEarly ? `{"side":"${c.timeWaitEndedEarly.side}","rstFrame":${c.timeWaitEndedEarly.rstFrame}}` : 'null'},"states":{"client":"${states.client}","server":"${states.server}"},"bytes":{"client":${bytes.client},"server":${bytes.server}},"anomalies":${anomalies(c.anomalies)}`;
  // Present or absent as a whole (JSON.stringify leaves out a property that is undefined).
  if (c.transitions !== undefined) text += `,"transitions":${JSON.stringify(c.transitions)}`;
  if (c.calls !== undefined) text += `,"calls":${JSON.stringify(c.calls)}`;
  if (c.acceptDelay !== undefined) text += `,"acceptDelay":${c.acceptDelay === null ? 'null' : seconds(c.acceptDelay)}`;
  if (c.packets !== undefined) text += `,"packets":${JSON.stringify(c.packets)}`;
  return `${text}}`;
}

function endpoint(e: Endpoint): string {
  return `{"ip":"${e.ip}","port":${e.port}}`;
}

function handshake(h: HandshakeReport): string {
  return `{"complete":${h.complete},"synRetransmissions":${h.synRetransmissions},"clientIsn":${h.clientIsn},"serverIsn":${h.serverIsn},"syn":${h.syn},"synAck":${h.synAck},"finalAck":${h.finalAck},"lostFinalAck":${h.lostFinalAck},"synAckAcknowledgesIsn":${h.synAckAcknowledgesIsn},"finalAckAcknowledgesIsn":${h.finalAckAcknowledgesIsn},"fastOpen":${h.fastOpen === null ? 'null' : JSON.stringify(h.fastOpen)}}`;
}

function teardown(t: TeardownReport): string {
  let fins = '';
  for (let i = 0; i < t.fins.length; i++) fins += i ? `,${fin(t.fins[i]!)}` : fin(t.fins[i]!);
  return `{"kind":${name(t.kind)},"initiator":${name(t.initiator)},"halfClose":${t.halfClose},"frames":[${t.frames.join(',')}],"fins":[${fins}],"rst":${t.rst ? rst(t.rst) : 'null'}}`;
}

function fin(f: FinReport): string {
  return `{"side":"${f.side}","frame":${f.frame},"resent":[${f.resent.join(',')}],"seq":${f.seq},"ackFrame":${f.ackFrame},"ackDelay":${f.ackDelay === null ? 'null' : seconds(f.ackDelay)},"ackWith":${name(f.ackWith)},"offset":${seconds(f.offset)}}`;
}

function rst(r: RstReport): string {
  return `{"frame":${r.frame},"from":"${r.from}","offset":${seconds(r.offset)}}`;
}

/** Counts by kind, in the order first seen; most connections have none. */
function anomalies(counts: ConnectionReport['anomalies']): string {
  for (const _ in counts) return JSON.stringify(counts);
  return '{}';
}

function name(value: string | null): string {
  return value === null ? 'null' : `"${value}"`;
}

/** A time worked out by arithmetic, as JSON writes numbers (one that is not finite as null). */
function seconds(value: number): string {
  return Number.isFinite(value) ? `${value}` : 'null';
}
