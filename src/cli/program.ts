// The registration file: every `lab` command, in the order `lab --help` lists them.
//
// To add a command:
//   1. Write src/cli/commands/NAME.ts exporting a CommandDefinition:
//        export const nameCommand: CommandDefinition = ({ t, io, run }) =>
//          new Command('name').option('--flag <v>', t.commands.name.options.flag).action(run(async (options) => {
//            const { work } = await import('../../somewhere/heavy.js'); // load heavy modules here, not at the top
//            …; return EXIT.ok;
//          }));
//      Keep the module's top-level imports light (commander, errors, i18n): `lab --help` and `lab report`
//      must not load the Docker client (lazy-loading.test.ts checks it).
//   2. Give it words in src/cli/i18n/messages.ts, en.ts and zh-CN.ts: `commands.NAME` (description,
//      examples, options). The description and examples are added here; exit codes are in every help.
//   3. Add one line to COMMANDS below.
// Throw LabError(key, params) (src/errors.ts) for what a user can cause; cli() prints it once, worded in the
// user's language, and maps it to the exit code.
import { readFileSync } from 'node:fs';
import { Command, Help, Option } from '@commander-js/extra-typings';
import type { CommandContext, CommandDefinition } from './command-context.js';
import { captureCommand } from './commands/capture.js';
import { checkCommand } from './commands/check.js';
import { completionCommand } from './commands/completion.js';
import { doctorCommand } from './commands/doctor.js';
import { downCommand } from './commands/down.js';
import { gradeCommand } from './commands/grade.js';
import { imagesCommand } from './commands/images.js';
import { quizCommand } from './commands/quiz.js';
import { reportCommand } from './commands/report.js';
import { scenariosCommand } from './commands/scenarios.js';
import { serveCommand } from './commands/serve.js';
import { upCommand } from './commands/up.js';
import { LANGUAGE_NAMES } from './i18n/index.js';
import type { CliMessages, CommandName } from './i18n/messages.js';

const COMMANDS: Record<CommandName, CommandDefinition> = {
  up: upCommand,
  down: downCommand,
  report: reportCommand,
  images: imagesCommand,
  scenarios: scenariosCommand,
  serve: serveCommand,
  capture: captureCommand,
  quiz: quizCommand,
  check: checkCommand,
  grade: gradeCommand,
  completion: completionCommand,
  doctor: doctorCommand,
};

export const COMMAND_NAMES = Object.keys(COMMANDS);

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

export function buildProgram(context: CommandContext): Command<[], { lang?: string }> {
  const { t, io } = context;
  const program = new Command('lab')
    .description(t.program.description)
    .version(VERSION, '-V, --version', t.help.versionOption)
    .helpOption('-h, --help', t.help.helpOption)
    .helpCommand('help [command]', t.help.helpCommand)
    .addOption(new Option('--lang <lang>', t.help.langOption).choices(LANGUAGE_NAMES))
    .showSuggestionAfterError()
    .exitOverride()
    // cli() prints the errors itself, in the user's language; commander only writes help and the version.
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text), outputError: () => {} })
    .configureHelp(localisedHelp(t))
    .addHelpText('after', `\n${t.program.exitCodes}`);
  for (const [name, define] of Object.entries(COMMANDS) as [CommandName, CommandDefinition][]) {
    const texts = t.commands[name];
    const command = define(context);
    command
      .copyInheritedSettings(program)
      .description(texts.description)
      .addHelpText('after', `\n${t.help.examples}\n${texts.examples.map((line) => `  ${line}`).join('\n')}\n\n${t.program.exitCodes}`);
    program.addCommand(command);
  }
  return program;
}

/** Commander's help with its titles and the default/choices notes in the user's language. */
function localisedHelp(t: CliMessages): Partial<Help> {
  const notes = (choices: readonly string[] | undefined, defaultValue: unknown, defaultDescription: string | undefined) => {
    const notes: string[] = [];
    if (choices) notes.push(t.help.choices([...choices]));
    const empty = defaultValue === undefined || defaultValue === false || (Array.isArray(defaultValue) && !defaultValue.length);
    if (!empty) notes.push(t.help.default(defaultDescription ?? String(defaultValue)));
    return notes;
  };
  return {
    showGlobalOptions: true,
    styleTitle: (title) => (t.help.titles as Record<string, string>)[title] ?? title,
    optionDescription: (option) => t.help.aside(option.description, notes(option.argChoices, option.defaultValue, option.defaultValueDescription)),
    argumentDescription: (argument) => t.help.aside(argument.description, notes(argument.argChoices, argument.defaultValue, argument.defaultValueDescription)),
  };
}
