// `lab grade`: every student's folder checked; one table of students × questions, and per question how
// many got it right (what to teach again). A damaged or missing submission is listed, never fatal.
import { join } from 'node:path';
import { LabError } from '../errors.js';
import { readAnswersFile } from './answers-file.js';
import { checkWorksheet, type CheckResult } from './check-worksheet.js';
import type { QuizMessages } from './i18n/messages.js';
import { readLabFolder } from './lab-folder.js';
import { QUESTION_IDS, type QuestionId } from './question-ids.js';

export interface GradedStudent {
  dir: string;
  student: string;
  result: CheckResult;
}

export interface ClassGrades {
  students: GradedStudent[];
  /** The error says why, worded by whoever shows it (the CLI, in the user's language). */
  broken: { dir: string; error: LabError }[];
  /** Every question any student was asked, in the worksheet's order, with how many got it right. */
  perQuestion: { id: QuestionId; right: number; asked: number }[];
}

/** `worksheetIds`: the class's choice of questions, as `lab quiz` was given it (else all). Every student is
 * graded on the same worksheet, whatever their answers file holds. */
export function gradeClass(dirs: string[], messages: QuizMessages, worksheetIds: readonly QuestionId[] = QUESTION_IDS): ClassGrades {
  const students: GradedStudent[] = [];
  const broken: ClassGrades['broken'] = [];
  for (const dir of dirs) {
    try {
      const file = join(dir, 'answers.yaml');
      const answers = readAnswersFile(file);
      const result = checkWorksheet(readLabFolder(dir), answers, file, messages, worksheetIds);
      students.push({ dir, student: answers.student || dir, result });
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
      broken.push({ dir, error });
    }
  }
  const tally = new Map<QuestionId, { id: QuestionId; right: number; asked: number }>();
  for (const id of worksheetIds) tally.set(id, { id, right: 0, asked: 0 });
  for (const { result } of students) {
    for (const q of result.questions) {
      const entry = tally.get(q.id)!;
      entry.asked++;
      if (q.correct) entry.right++;
    }
  }
  return { students, broken, perQuestion: [...tally.values()].filter((q) => q.asked > 0) };
}
