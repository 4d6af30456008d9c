// Which questions a worksheet asks of one capture: the class's choice (or all), minus those the capture
// cannot answer (a refused connection has no final ACK; without events.jsonl there is no accept()).
import type { SocketEvent } from '../capture/socket-events.js';
import type { Report } from '../analyse/report-model.js';
import { QUESTION_IDS, type QuestionId } from './question-ids.js';
import { question, type Expected, type Question } from './questions.js';
import { quizFacts, type QuizFacts } from './quiz-facts.js';

export interface AskedQuestion {
  question: Question;
  expected: Expected;
}

export interface WorksheetQuestions {
  facts: QuizFacts | null;
  asked: AskedQuestion[];
  notApplicable: QuestionId[];
}

export function worksheetQuestions(report: Report, events: SocketEvent[] | null, ids: readonly QuestionId[] = QUESTION_IDS): WorksheetQuestions {
  const facts = quizFacts(report, events);
  const asked: AskedQuestion[] = [];
  const notApplicable: QuestionId[] = [];
  for (const id of ids) {
    const expected = facts && question(id).expected(facts);
    if (expected) asked.push({ question: question(id), expected });
    else notApplicable.push(id);
  }
  return { facts, asked, notApplicable };
}
