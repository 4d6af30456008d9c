// The `lab` command line as a function: parses with commander, runs one command, prints an error once in
// the user's language, and maps it to an exit code.
import { CommanderError } from '@commander-js/extra-typings';
import { LabError, type Nested } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { CLI_LANGUAGES, isLanguage, langArgument, localeLanguage } from './i18n/index.js';
import type { CliMessages } from './i18n/messages.js';
import type { CliIo } from './io.js';
import { buildProgram, COMMAND_NAMES } from './program.js';
import { OutputClosed } from './sync-output.js';

export async function cli(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const asked = langArgument(argv);
  const askedLang = asked !== undefined && isLanguage(asked) ? asked : undefined;
  const lang = askedLang ?? localeLanguage(env);
  const t = CLI_LANGUAGES[lang];
  let exitCode: number = EXIT.ok;
  const program = buildProgram({
    io,
    t,
    lang,
    askedLang,
    env,
    describeError: (error) => worded(t).message(error),
    run:
      (action) =>
      async (...args) => {
        exitCode = await action(...args);
      },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return printError(error, argv, t, io);
  }
}

/** Errors in the user's language; an error that another wraps is worded the same way. */
function worded(t: CliMessages): Nested {
  const nested: Nested = {
    message: (e) => (e instanceof LabError ? t.errors[(e as LabError).key]((e as LabError).params as never, nested) : e instanceof Error ? e.message : String(e)),
    hint: (e) => (e instanceof LabError ? t.hints[(e as LabError).key]?.((e as LabError).params as never, nested) : undefined),
  };
  return nested;
}

function printError(error: unknown, argv: string[], t: CliMessages, io: CliIo): number {
  const nested = worded(t);
  // The reader of our output went away (`lab report … | head`): end quietly, as every Unix tool does.
  if (error instanceof OutputClosed) return EXIT.ok;
  if (error instanceof CommanderError) {
    // Help and version were printed by commander; `lab` alone printed the help to stderr (exit 2).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const named = argv.find((arg) => COMMAND_NAMES.includes(arg));
    const command = named && error.code !== 'commander.unknownCommand' ? `lab ${named}` : 'lab';
    io.stderr.write(`${t.errorPrefix}${parseMessage(error, t)}\n  → ${t.help.moreHelp(command)}\n`);
    return EXIT.usage;
  }
  if (error instanceof LabError) {
    const hint = nested.hint(error);
    io.stderr.write(`${t.errorPrefix}${nested.message(error)}\n${hint ? `  → ${hint}\n` : ''}`);
    return exitCodeFor((error as LabError).code);
  }
  io.stderr.write(`${t.errorPrefix}${t.unexpected(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  return EXIT.failed;
}

/** Commander's English message, worded again in the user's language from the facts it names. */
function parseMessage(error: CommanderError, t: CliMessages): string {
  const text = error.message.replace(/^error: /, '');
  const suggestion = (message: string, nearest: string | undefined) => (nearest ? `${message}${t.parse.didYouMean(nearest)}` : message);
  const reason = (why: string) => {
    const choices = why.match(/^Allowed choices are (.*)\.$/);
    return choices ? t.parse.choices(choices[1]!.split(', ')) : why;
  };
  let m: RegExpMatchArray | null;
  switch (error.code) {
    case 'commander.unknownCommand':
      if ((m = text.match(/^unknown command '(.*?)'(?:\n\(Did you mean (.*)\?\))?$/s))) return suggestion(t.parse.unknownCommand(m[1]!), m[2]);
      break;
    case 'commander.unknownOption':
      if ((m = text.match(/^unknown option '(.*?)'(?:\n\(Did you mean (.*)\?\))?$/s))) return suggestion(t.parse.unknownOption(m[1]!), m[2]);
      break;
    case 'commander.missingArgument':
      if ((m = text.match(/^missing required argument '(.*)'$/))) return t.parse.missingArgument(m[1]!);
      break;
    case 'commander.optionMissingArgument':
      if ((m = text.match(/^option '(.*)' argument missing$/))) return t.parse.optionMissingArgument(flagOf(m[1]!));
      break;
    case 'commander.invalidArgument':
      if ((m = text.match(/^option '(.*?)' argument '(.*)' is invalid\. (.*)$/s))) return t.parse.invalidValue(flagOf(m[1]!), m[2]!, reason(m[3]!));
      if ((m = text.match(/^command-argument value '(.*)' is invalid for argument '(.*)'\. (.*)$/s))) return t.parse.invalidValue(m[2]!, m[1]!, reason(m[3]!));
      break;
    case 'commander.excessArguments':
      if ((m = text.match(/: (.*)\.$/))) return t.parse.excessArguments(m[1]!.split(', '));
      break;
    case 'commander.conflictingOption':
      if ((m = text.match(/^option '(.*)' cannot be used with option '(.*)'$/))) return t.parse.conflicting(flagOf(m[1]!), flagOf(m[2]!));
      break;
  }
  return text;
}

/** An option as the user knows it: "-o, --output <file>" → "--output". */
function flagOf(flags: string): string {
  return flags.match(/--[\w-]+/)?.[0] ?? flags.split(/[ ,]/)[0]!;
}
