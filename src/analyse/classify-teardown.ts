// How a connection ended, from the facts the builder gathered, by the definitions of the report:
// three-way (the passive side's first acknowledgement of the FIN carries its own FIN), four-way (it
// acknowledges first, sends its FIN later), simultaneous (its FIN does not acknowledge the initiator's:
// they crossed), reset (an RST before both FINs were acknowledged; the RST's sender initiated it).
import type { Outcome, Side, TeardownKind } from './report-model.js';

export interface TeardownFacts {
  firstFinSide: Side | null;
  /** null until the passive side sends a FIN. */
  passiveFinAcksInitiatorFin: boolean | null;
  passiveFirstAckHasFin: boolean | null;
  bothFinsAcknowledged: boolean;
  rst: { from: Side; afterClose: boolean } | null;
  synAckSeen: boolean;
  clientSynSeen: boolean;
}

export interface TeardownVerdict {
  kind: TeardownKind | null;
  initiator: Side | 'both' | null;
  outcome: Outcome;
  timeWait: Side | 'both' | null;
}

export function classifyTeardown(f: TeardownFacts): TeardownVerdict {
  const resetEnded = f.rst !== null && !f.rst.afterClose;
  const refused = f.rst !== null && f.rst.from === 'server' && f.clientSynSeen && !f.synAckSeen;
  let kind: TeardownKind | null = null;
  let initiator: Side | 'both' | null = f.firstFinSide;
  if (resetEnded) [kind, initiator] = ['reset', f.rst!.from];
  else if (f.firstFinSide && f.passiveFinAcksInitiatorFin !== null) {
    if (!f.passiveFinAcksInitiatorFin) [kind, initiator] = ['simultaneous', 'both'];
    else kind = f.passiveFirstAckHasFin ? 'three-way' : 'four-way';
  }
  const outcome: Outcome = refused ? 'refused' : resetEnded ? 'reset' : f.bothFinsAcknowledged ? 'closed' : 'open';
  // The side that sent the first FIN waits in TIME-WAIT once the teardown completed (both, when they crossed).
  const timeWait = outcome === 'closed' ? (kind === 'simultaneous' ? 'both' : f.firstFinSide) : null;
  return { kind, initiator, outcome, timeWait };
}
