// A connection's verdict in one line, for the terminal summary of lab up and the index of every preset.
import type { ConnectionReport } from '../analyse/report-model.js';
import { en } from './i18n/en.js';
import type { Messages } from './i18n/messages.js';

export type Verdict = Pick<ConnectionReport, 'handshake' | 'teardown' | 'outcome' | 'timeWait' | 'bytes'>;

export function verdictLine(c: Verdict, m: Messages = en): string {
  return m.verdict(c);
}
