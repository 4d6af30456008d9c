// `lab quiz`: worksheet.md, worksheet.html and answers.yaml beside the capture. Answers a student has
// already written are never overwritten.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputFile } from '../output-file.js';
import { answersTemplate, parseAnswers } from './answers-file.js';
import type { QuizMessages } from './i18n/messages.js';
import type { LabFolder } from './lab-folder.js';
import type { QuestionId } from './question-ids.js';
import { worksheetHtml, worksheetMarkdown } from './worksheet.js';
import { worksheetQuestions, type WorksheetQuestions } from './worksheet-questions.js';

export interface WrittenWorksheet {
  files: string[];
  questions: WorksheetQuestions;
  /** answers.yaml already held answers, so it was left as it was. */
  answersKept: boolean;
  /** What the student runs to check their answers: it names the class's questions, when they were chosen. */
  checkCommand: string;
}

function writeAtomically(path: string, text: string): void {
  writeOutputFile(path, (fd) => writeFileSync(fd, text));
}

function hasAnswers(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return [...parseAnswers(readFileSync(path, 'utf8'), path).answers.values()].some((a) => a.trim() !== '');
  } catch {
    return true; // a file the student edited into a broken state is still their work
  }
}

export function writeWorksheet(folder: LabFolder, messages: QuizMessages, ids?: readonly QuestionId[]): WrittenWorksheet {
  const questions = worksheetQuestions(folder.report, folder.events, ids);
  const checkCommand = `lab check ${folder.dir}${ids ? ` --questions ${ids.join(',')}` : ''}`;
  const input = { questions, capturePath: folder.capturePath, checkCommand, messages };
  const answersPath = join(folder.dir, 'answers.yaml');
  const files = [join(folder.dir, 'worksheet.md'), join(folder.dir, 'worksheet.html')];
  writeAtomically(files[0]!, worksheetMarkdown(input));
  writeAtomically(files[1]!, worksheetHtml(input));
  const answersKept = hasAnswers(answersPath);
  if (!answersKept) {
    const header = messages.answersHeader(folder.capturePath, checkCommand);
    const asked = questions.asked.map(({ question }) => ({ id: question.id, prompt: messages.questions[question.id].prompt }));
    writeAtomically(answersPath, answersTemplate(header, folder.captureSha256, asked));
    files.push(answersPath);
  }
  return { files, questions, answersKept, checkCommand };
}
