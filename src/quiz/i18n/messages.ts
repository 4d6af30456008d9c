// Everything the worksheet, `lab check` and `lab grade` say in words, for one language.
import type { Expected, QuestionId } from '../questions.js';

export interface QuestionText {
  prompt: string;
  /** Which packet to look at (shown with the Wireshark filter). */
  where(expected: Expected): string;
  /** Why the expected answer is right, from this capture: one line. */
  reason(expected: Expected, shown: string): string;
}

export interface QuizMessages {
  lang: string;
  worksheetTitle: string;
  /** `capture` and `command` come formatted for the output. */
  worksheetIntro(capture: string, connection: string, command: string): string;
  rawNumbersNote: string;
  answerFormat: string;
  filter: string;
  notApplicable(ids: string): string;
  answersHeader(capture: string, command: string): string;
  questions: Record<QuestionId, QuestionText>;
  check: {
    right: string;
    wrong: string;
    expected: string;
    given: string;
    unanswered: string;
    score(score: number, total: number): string;
    skipped(ids: string): string;
  };
  grade: {
    title: string;
    student: string;
    score: string;
    perQuestion: string;
    right(count: number, total: number): string;
    broken: string;
    noSubmissions: string;
  };
}
