// Everything the worksheet, `lab check` and `lab grade` say in words, for one language.
import type { QuestionId } from '../question-ids.js';
import type { Expected } from '../questions.js';

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
    /** The student's answer and, when it was wrong, the expected one. */
    answer(given: string, expected: string | null): string;
    score(score: number, total: number): string;
    skipped(ids: string): string;
    /** Answers to questions that are not on the worksheet. */
    ignored(ids: string): string;
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
