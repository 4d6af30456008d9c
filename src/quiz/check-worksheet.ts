// `lab check`: the student's answers against their own capture, re-analysed, with the reason for each.
// The worksheet's questions are the class's choice (or all) that the capture can answer, never the ids
// the answers file happens to hold: a question left out of the file is a question not answered.
import type { Report } from '../analyse/report-model.js';
import type { SocketEvent } from '../capture/socket-events.js';
import { LabError } from '../errors.js';
import type { Answers } from './answers-file.js';
import { isRight, showExpected } from './check-answer.js';
import type { QuizMessages } from './i18n/messages.js';
import type { LabFolder } from './lab-folder.js';
import { QUESTION_IDS, type QuestionId } from './question-ids.js';
import { worksheetQuestions } from './worksheet-questions.js';

export interface QuestionResult {
  id: QuestionId;
  correct: boolean;
  /** False when the answer is missing or blank: wrong, and shown as "not answered". */
  answered: boolean;
  expected: string;
  given: string;
  /** Which packet to look at: the worksheet's hint, which never holds the answer. */
  where: string;
  /** One line from the capture saying why the expected answer is right. */
  reason: string;
}

export interface CheckResult {
  score: number;
  /** Every question on the worksheet, answered or not. */
  total: number;
  questions: QuestionResult[];
  /** Questions the class chose that this capture cannot answer: not asked, not counted. */
  skipped: QuestionId[];
  /** Answers to questions that are not on this worksheet: not counted. */
  ignored: QuestionId[];
}

/** `worksheetIds`: the class's choice of questions (`--questions`, lab.yaml `quiz.questions`), else all. */
export function checkWorksheet(folder: LabFolder, answers: Answers, answersFile: string, messages: QuizMessages, worksheetIds?: readonly QuestionId[]): CheckResult {
  if (answers.captureSha256 !== folder.captureSha256) {
    throw new LabError('answersMismatch', { file: answersFile });
  }
  return checkAnswers(folder.report, folder.events, answers.answers, messages, worksheetIds);
}

/** The answers against an analysed capture (a lab folder's, or a live lab's so far). */
export function checkAnswers(
  report: Report,
  events: SocketEvent[] | null,
  answers: ReadonlyMap<QuestionId, string>,
  messages: QuizMessages,
  worksheetIds: readonly QuestionId[] = QUESTION_IDS,
): CheckResult {
  const { asked, notApplicable } = worksheetQuestions(report, events, worksheetIds);
  const questions = asked.map(({ question, expected }): QuestionResult => {
    const given = answers.get(question.id) ?? '';
    const answered = given.trim() !== '';
    const shown = showExpected(question.kind, expected);
    const text = messages.questions[question.id];
    return { id: question.id, correct: answered && isRight(question.kind, expected, given), answered, expected: shown, given, where: text.where(expected), reason: text.reason(expected, shown) };
  });
  const onWorksheet = new Set<QuestionId>([...worksheetIds]);
  return {
    score: questions.filter((q) => q.correct).length,
    total: questions.length,
    questions,
    skipped: notApplicable,
    ignored: [...answers.keys()].filter((id) => !onWorksheet.has(id)),
  };
}
