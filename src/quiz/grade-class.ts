// `lab grade`: every student's folder checked; one table of students × questions, and per question how
// many got it right (what to teach again). A damaged or missing submission is listed, never fatal.
import { join } from 'node:path';
import { LabError } from '../errors.js';
import { readAnswersFile } from './answers-file.js';
import { checkWorksheet, type CheckResult } from './check-worksheet.js';
import type { QuizMessages } from './i18n/messages.js';
import { readLabFolder } from './lab-folder.js';
import type { QuestionId } from './question-ids.js';

export interface GradedStudent {
  dir: string;
  student: string;
  result: CheckResult;
}

export interface ClassGrades {
  students: GradedStudent[];
  /** The error says why, worded by whoever shows it (the CLI, in the user's language). */
  broken: { dir: string; error: LabError }[];
  /** Every question any student was asked, in first-seen order, with how many got it right. */
  perQuestion: { id: QuestionId; right: number; asked: number }[];
}

export function gradeClass(dirs: string[], messages: QuizMessages): ClassGrades {
  const students: GradedStudent[] = [];
  const broken: ClassGrades['broken'] = [];
  for (const dir of dirs) {
    try {
      const file = join(dir, 'answers.yaml');
      const answers = readAnswersFile(file);
      const result = checkWorksheet(readLabFolder(dir), answers, file, messages);
      students.push({ dir, student: answers.student || dir, result });
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
      broken.push({ dir, error });
    }
  }
  const tally = new Map<QuestionId, { id: QuestionId; right: number; asked: number }>();
  for (const { result } of students) {
    for (const q of result.questions) {
      const entry = tally.get(q.id) ?? { id: q.id, right: 0, asked: 0 };
      entry.asked++;
      if (q.correct) entry.right++;
      tally.set(q.id, entry);
    }
  }
  return { students, broken, perQuestion: [...tally.values()] };
}
