// `lab grade DIR… [--csv FILE] [--html FILE] [--questions id,…] [--config FILE]`: every student's folder
// checked on the same worksheet (the class's questions, never those a student's file happens to list).
import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { nonEmpty } from '../option-values.js';
import { worksheetChoice } from '../../quiz/worksheet-choice.js';
import { questionList } from './quiz.js';

export const gradeCommand: CommandDefinition = ({ t, io, lang, run, describeError }) => {
  const texts = t.commands.grade;
  return new Command('grade')
    .argument('<dirs...>', texts.arguments!.dirs)
    .option('--csv <file>', texts.options.csv, nonEmpty(t))
    .option('--html <file>', texts.options.html, nonEmpty(t))
    .option('--questions <ids>', texts.options.questions, questionList(t))
    .option('--config <file>', texts.options.config)
    .action(
      run(async (dirs, options) => {
        const [{ gradeClass }, { gradesCsv, gradesHtml, gradesText }, { quizMessagesFor }, { writeOutputFile }, { writeSync }] = await Promise.all([
          import('../../quiz/grade-class.js'),
          import('../../quiz/grades-report.js'),
          import('../../quiz/i18n/index.js'),
          import('../../output-file.js'),
          import('node:fs'),
        ]);
        const m = quizMessagesFor(lang);
        const grades = gradeClass(dirs, m, await worksheetChoice(options));
        const describe = (error: unknown) => describeError(error);
        io.stdout.write(gradesText(grades, m, describe));
        if (options.csv) writeOutputFile(options.csv, (fd) => writeSync(fd, gradesCsv(grades)));
        if (options.html) writeOutputFile(options.html, (fd) => writeSync(fd, gradesHtml(grades, m, describe)));
        return EXIT.ok;
      }),
    );
};
