// `lab quiz DIR [--questions id,…] [--config FILE]`: a worksheet about the student's own capture.
import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { QUESTION_IDS, isQuestionId, type QuestionId } from '../../quiz/question-ids.js';
import { worksheetChoice } from '../../quiz/worksheet-choice.js';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import type { CliMessages } from '../i18n/messages.js';

/** `--questions client_isn,synack_ack`: known ids only, each once. */
export function questionList(t: CliMessages) {
  return (value: string): QuestionId[] => {
    const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
    const unknown = ids.find((id) => !isQuestionId(id));
    if (unknown !== undefined || !ids.length) throw new InvalidArgumentError(t.parse.unknownQuestion(unknown ?? '', [...QUESTION_IDS]));
    return [...new Set(ids)] as QuestionId[];
  };
}

export const quizCommand: CommandDefinition = ({ t, io, lang, run }) => {
  const texts = t.commands.quiz;
  return new Command('quiz')
    .argument('<dir>', texts.arguments!.dir)
    .option('--questions <ids>', texts.options.questions, questionList(t))
    .option('--config <file>', texts.options.config)
    .action(
      run(async (dir, options) => {
        const [{ readLabFolder }, { writeWorksheet }, { quizMessagesFor }] = await Promise.all([
          import('../../quiz/lab-folder.js'),
          import('../../quiz/write-worksheet.js'),
          import('../../quiz/i18n/index.js'),
        ]);
        const written = writeWorksheet(readLabFolder(dir), quizMessagesFor(lang), await worksheetChoice(options));
        io.stdout.write(`${t.quiz.wrote(dir, written.files, written.questions.asked.length, written.checkCommand)}\n`);
        if (written.answersKept) io.stdout.write(`${t.quiz.answersKept(dir)}\n`);
        if (written.questions.notApplicable.length) io.stdout.write(`${t.quiz.notApplicable(written.questions.notApplicable)}\n`);
        return EXIT.ok;
      }),
    );
};
