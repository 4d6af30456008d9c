// The property every report must have (issue 15): its states, verdicts and named frames say the same
// thing. Returns what contradicts, as short codes with the numbers, empty when the connection is consistent.
import type { ConnectionReport, PacketReport, Side, TcpState } from '../../src/analyse/report-model.js';

const SYN = 0x02;
const ACK = 0x10;
const RST = 0x04;
const done = (state: TcpState) => state === 'CLOSED' || state === 'TIME-WAIT';

export function contradictions(c: ConnectionReport): string[] {
  const found: string[] = [];
  const last = c.states;
  const transitions = c.transitions ?? { client: [], server: [] };
  for (const side of ['client', 'server'] as const)
    if (transitions[side].length && transitions[side].at(-1)!.state !== last[side]) found.push(`${side} ends in ${last[side]}, its transitions in ${transitions[side].at(-1)!.state}`);
  const packets = c.packets ?? [];
  const lastPacket = packets.at(-1);
  if (lastPacket && (lastPacket.states.client !== last.client || lastPacket.states.server !== last.server))
    found.push(`last packet ${lastPacket.frame} shows ${lastPacket.states.client}/${lastPacket.states.server}, the connection ends in ${last.client}/${last.server}`);

  const inTimeWait = (['client', 'server'] as const).filter((side) => last[side] === 'TIME-WAIT');
  const timeWait = inTimeWait.length === 2 ? 'both' : (inTimeWait[0] ?? null);
  if (timeWait !== c.timeWait) found.push(`TIME-WAIT verdict ${c.timeWait}, last states ${last.client}/${last.server}`);
  if (c.timeWaitEndedEarly) {
    const states = transitions[c.timeWaitEndedEarly.side].map((s) => s.state);
    if (last[c.timeWaitEndedEarly.side] !== 'CLOSED' || (states.length && !states.includes('TIME-WAIT'))) found.push(`TIME-WAIT ended early for ${c.timeWaitEndedEarly.side}, but it went ${states.join(' → ')}`);
  }

  if (c.outcome === 'closed' && !(done(last.client) && done(last.server))) found.push(`outcome closed, last states ${last.client}/${last.server}`);
  if (c.outcome === 'open' && done(last.client) && done(last.server) && c.teardown.fins.length === 2) found.push('outcome open, but both sides closed after their FINs');
  if ((c.outcome === 'reset' || c.outcome === 'refused') && !c.teardown.rst) found.push(`outcome ${c.outcome} without an RST`);
  if (c.outcome === 'refused' && transitions.server.some((s) => s.state !== 'CLOSED')) found.push('refused, but the server left CLOSED');
  if (c.outcome === 'refused' && c.handshake.complete) found.push('refused, but the handshake completed');

  const byFrame = new Map(packets.map((p) => [p.frame, p]));
  const role = (name: string, frame: number | null, from: Side, test: (p: PacketReport) => boolean) => {
    const p = frame === null ? undefined : byFrame.get(frame);
    if (frame !== null && packets.length && (!p || p.from !== from || !test(p))) found.push(`${name} frame ${frame} is ${p ? `${p.from} ${p.flags.join(',')}` : 'missing'}`);
  };
  const h = c.handshake;
  role('syn', h.syn, 'client', (p) => (p.flagBits & (SYN | ACK)) === SYN);
  role('synAck', h.synAck, 'server', (p) => (p.flagBits & (SYN | ACK)) === (SYN | ACK));
  role('finalAck', h.finalAck, 'client', (p) => (p.flagBits & (SYN | ACK)) === ACK);

  const rst = c.teardown.rst;
  if (rst) {
    role('rst', rst.frame, rst.from, (p) => (p.flagBits & RST) !== 0);
    if (c.teardown.kind === 'reset' && c.teardown.initiator !== rst.from) found.push(`reset initiated by ${c.teardown.initiator}, but the RST came from ${rst.from}`);
  }
  // An RST the client's TCP dropped changes no state and is no part of the teardown.
  packets.forEach((p, i) => {
    if (!p.anomalies.includes('ignored-rst')) return;
    const before = packets[i - 1]?.states;
    if (before && (before.client !== p.states.client || before.server !== p.states.server)) found.push(`ignored RST frame ${p.frame} changed the states`);
    if (c.teardown.frames.includes(p.frame)) found.push(`ignored RST frame ${p.frame} is named in the teardown`);
  });
  for (const fin of c.teardown.fins) role(`${fin.side} FIN`, fin.frame, fin.side, (p) => p.flags.includes('FIN'));
  return found;
}
