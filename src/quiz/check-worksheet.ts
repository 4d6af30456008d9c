// `lab check`: the student's answers against their own capture, re-analysed, with the reason for each.
import type { Report } from '../analyse/report-model.js';
import type { SocketEvent } from '../capture/socket-events.js';
import { LabError } from '../errors.js';
import type { Answers } from './answers-file.js';
import { isRight, showExpected } from './check-answer.js';
import type { QuizMessages } from './i18n/messages.js';
import type { LabFolder } from './lab-folder.js';
import type { QuestionId } from './question-ids.js';
import { worksheetQuestions } from './worksheet-questions.js';

export interface QuestionResult {
  id: QuestionId;
  correct: boolean;
  expected: string;
  given: string;
  /** One line from the capture saying why the expected answer is right. */
  reason: string;
}

export interface CheckResult {
  score: number;
  total: number;
  questions: QuestionResult[];
  /** Answered ids that this capture cannot answer: not counted. */
  skipped: QuestionId[];
}

export function checkWorksheet(folder: LabFolder, answers: Answers, answersFile: string, messages: QuizMessages): CheckResult {
  if (answers.captureSha256 !== folder.captureSha256) {
    throw new LabError('answersMismatch', { file: answersFile });
  }
  return checkAnswers(folder.report, folder.events, answers.answers, messages);
}

/** The answers against an analysed capture (a lab folder's, or a live lab's so far). */
export function checkAnswers(report: Report, events: SocketEvent[] | null, answers: ReadonlyMap<QuestionId, string>, messages: QuizMessages): CheckResult {
  const { asked, notApplicable } = worksheetQuestions(report, events, [...answers.keys()]);
  const questions = asked.map(({ question, expected }): QuestionResult => {
    const given = answers.get(question.id)!;
    const shown = showExpected(question.kind, expected);
    return { id: question.id, correct: isRight(question.kind, expected, given), expected: shown, given, reason: messages.questions[question.id].reason(expected, shown) };
  });
  return { score: questions.filter((q) => q.correct).length, total: questions.length, questions, skipped: notApplicable };
}
