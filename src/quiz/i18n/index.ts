// The worksheet's languages, chosen like the report's.
import { en } from './en.js';
import type { QuizMessages } from './messages.js';
import { zhCN } from './zh-CN.js';

const QUIZ_LANGUAGES: Record<string, QuizMessages> = { en, 'zh-CN': zhCN };

export function quizMessagesFor(lang: string): QuizMessages {
  return Object.hasOwn(QUIZ_LANGUAGES, lang) ? QUIZ_LANGUAGES[lang]! : en;
}
