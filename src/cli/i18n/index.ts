// The command line's languages, and which one a run speaks: `--lang`, else the locale, else English.
import { en } from './en.js';
import type { CliMessages } from './messages.js';
import { zhCN } from './zh-CN.js';

export const CLI_LANGUAGES = { en, 'zh-CN': zhCN } as const satisfies Record<string, CliMessages>;
export type CliLang = keyof typeof CLI_LANGUAGES;
export const LANGUAGE_NAMES = Object.keys(CLI_LANGUAGES) as CliLang[];

export function isLanguage(value: string): value is CliLang {
  return Object.hasOwn(CLI_LANGUAGES, value);
}

/** `--lang X` or `--lang=X` anywhere before `--`; an invalid value is left to the parser to reject. */
export function langArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg === '--lang') return argv[i + 1];
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** The POSIX locale for messages: LC_ALL wins over LC_MESSAGES, which wins over LANG. */
export function localeLanguage(env: NodeJS.ProcessEnv): CliLang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh[_-](CN|SG|Hans)/i.test(locale) ? 'zh-CN' : 'en';
}
