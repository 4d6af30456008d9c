// The languages of the report; each keeps all of its text in one file.
import { en } from './en.js';
import type { Messages } from './messages.js';
import { zhCN } from './zh-CN.js';

export const LANGUAGES = { en, 'zh-CN': zhCN } as const satisfies Record<string, Messages>;
export type Lang = keyof typeof LANGUAGES;

export function messagesFor(lang: string): Messages {
  return (LANGUAGES as Record<string, Messages>)[lang] ?? en;
}
