// `lab check DIR [ANSWERS] [--json] [--questions id,…] [--config FILE]`: the student's answers against their
// capture, re-analysed, on the worksheet's questions (chosen as `lab quiz` chose them). It shows the expected
// answers: it is the student's own check at home, and `lab report` on the same capture shows them anyway; a
// class whose first answers count uses `lab serve`'s worksheet or `lab grade` on the handed-in files.
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { worksheetChoice } from '../../quiz/worksheet-choice.js';
import { questionList } from './quiz.js';

export const checkCommand: CommandDefinition = ({ t, io, lang, run }) => {
  const texts = t.commands.check;
  return new Command('check')
    .argument('<dir>', texts.arguments!.dir)
    .argument('[answers]', texts.arguments!.answers)
    .option('--json', texts.options.json)
    .option('--questions <ids>', texts.options.questions, questionList(t))
    .option('--config <file>', texts.options.config)
    .action(
      run(async (dir, answersPath, options) => {
        const [{ readLabFolder }, { readAnswersFile }, { checkWorksheet }, { quizMessagesFor }] = await Promise.all([
          import('../../quiz/lab-folder.js'),
          import('../../quiz/answers-file.js'),
          import('../../quiz/check-worksheet.js'),
          import('../../quiz/i18n/index.js'),
        ]);
        const file = answersPath ?? join(dir, 'answers.yaml');
        const answers = readAnswersFile(file);
        const m = quizMessagesFor(lang);
        const result = checkWorksheet(readLabFolder(dir), answers, file, m, await worksheetChoice(options));
        if (options.json) {
          const questions = result.questions.map(({ id, correct, answered, expected, given, reason }) => ({ id, correct, answered, expected, given, reason }));
          io.stdout.write(`${JSON.stringify({ score: result.score, total: result.total, questions, skipped: result.skipped, ignored: result.ignored })}\n`);
          return EXIT.ok;
        }
        const width = Math.max(...result.questions.map((q) => q.id.length), 0);
        for (const q of result.questions) {
          const verdict = q.correct ? `✔ ${m.check.right}` : `✘ ${m.check.wrong}`;
          const given = q.answered ? q.given : m.check.unanswered;
          io.stdout.write(`${verdict}  ${q.id.padEnd(width)}  ${m.check.answer(given, q.correct ? null : q.expected)}\n    ${q.reason}\n`);
        }
        if (result.skipped.length) io.stdout.write(`${m.check.skipped(result.skipped.join(', '))}\n`);
        if (result.ignored.length) io.stdout.write(`${m.check.ignored(result.ignored.join(', '))}\n`);
        io.stdout.write(`${m.check.score(result.score, result.total)}\n`);
        return EXIT.ok;
      }),
    );
};
