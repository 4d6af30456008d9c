// What every command module receives: the outside world, its words, and the wrapper that carries its
// exit code back to cli().
import type { Command, CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliLang } from './i18n/index.js';
import type { CliMessages } from './i18n/messages.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  t: CliMessages;
  /** The language of messages: --lang, else the locale. */
  lang: CliLang;
  /** --lang as given (it also chooses the reports' language over lab.yaml's). */
  askedLang: CliLang | undefined;
  env: NodeJS.ProcessEnv;
  /** An error worded as cli() would print it, in the user's language (for lists of problems). */
  describeError(error: unknown): string;
  /** Wraps an action: its resolved number is the command's exit code. */
  run<A extends unknown[]>(action: (...args: A) => Promise<number>): (...args: A) => Promise<void>;
}

/** A command module's one export: the commander command, with its options and a lazily loading action. */
export type CommandDefinition = (context: CommandContext) => Command<any, any, any> | CommandUnknownOpts;
