// The worksheet in a classroom: every check a student makes is an attempt; the teacher sees the first
// score, the latest and how many. Until the teacher reveals the answers, a student learns only right or
// wrong and where to look, never the expected value (which would hand it to the next attempt).
import type { CheckResult } from '../quiz/check-worksheet.js';

export interface WorksheetScore {
  score: number;
  total: number;
}

export interface WorksheetAttempts {
  first: WorksheetScore;
  latest: WorksheetScore;
  attempts: number;
}

/** What the student's page receives of one check. */
export interface StudentCheck extends WorksheetScore {
  /** The teacher has revealed the answers: expected values and reasons are included. */
  revealed: boolean;
  /** Counted on the teacher's page (checks after the reveal are not). */
  recorded: boolean;
  questions: { id: string; correct: boolean; answered: boolean; where: string; expected?: string; reason?: string }[];
  skipped: string[];
  ignored: string[];
}

export function recordAttempt(previous: WorksheetAttempts | null, { score, total }: WorksheetScore): WorksheetAttempts {
  const latest = { score, total };
  return previous ? { first: previous.first, latest, attempts: previous.attempts + 1 } : { first: latest, latest, attempts: 1 };
}

export function studentCheck(result: CheckResult, revealed: boolean, recorded: boolean): StudentCheck {
  return {
    score: result.score,
    total: result.total,
    revealed,
    recorded,
    questions: result.questions.map(({ id, correct, answered, where, expected, reason }) => (revealed ? { id, correct, answered, where, expected, reason } : { id, correct, answered, where })),
    skipped: result.skipped,
    ignored: result.ignored,
  };
}

/** "7/12", as the teacher's page and CSV show a score. */
export function scoreText(s: WorksheetScore): string {
  return `${s.score}/${s.total}`;
}
