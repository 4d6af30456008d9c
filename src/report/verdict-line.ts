// What a connection's one-line verdict (Messages.verdict: lab up's summary, the index of every preset, the
// classroom's pages) is made of.
import type { ConnectionReport } from '../analyse/report-model.js';

export type Verdict = Pick<ConnectionReport, 'handshake' | 'teardown' | 'outcome' | 'timeWait' | 'bytes'>;
