// The worksheet a student answers: Markdown and one self-contained HTML page, from the same questions.
import { escapeHtml } from '../report/escape-html.js';
import type { QuizMessages } from './i18n/messages.js';
import type { WorksheetQuestions } from './worksheet-questions.js';

export interface WorksheetInput {
  questions: WorksheetQuestions;
  /** The capture's path as the student will find it, and the command that checks the answers. */
  capturePath: string;
  checkCommand: string;
  messages: QuizMessages;
}

/** A Markdown code span that holds any text, backticks included. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ` ${text} ` : text}${fence}`;
}

function connectionLabel(q: WorksheetQuestions): string {
  const c = q.facts?.connection;
  return c ? `#${c.index + 1} ${c.client.ip}:${c.client.port} → ${c.server.ip}:${c.server.port}, tcp.stream eq ${c.index}` : '';
}

export function worksheetMarkdown({ questions, capturePath, checkCommand, messages: m }: WorksheetInput): string {
  const lines = [`# ${m.worksheetTitle}`, '', m.worksheetIntro(code(capturePath), connectionLabel(questions), code(checkCommand)), '', `${m.rawNumbersNote} ${m.answerFormat}`, ''];
  questions.asked.forEach(({ question, expected }, i) => {
    lines.push(`${i + 1}. ${m.questions[question.id].prompt} (${code(question.id)})`);
    lines.push(`   - ${m.questions[question.id].where(expected)}; ${m.filter}: ${code(question.filter)}`, '');
  });
  if (questions.notApplicable.length) lines.push(m.notApplicable(questions.notApplicable.join(', ')), '');
  return lines.join('\n');
}

export function worksheetHtml({ questions, capturePath, checkCommand, messages: m }: WorksheetInput): string {
  const items = questions.asked
    .map(
      ({ question, expected }) =>
        `<li><p>${escapeHtml(m.questions[question.id].prompt)} <code>${escapeHtml(question.id)}</code></p>` +
        `<p class="hint">${escapeHtml(m.questions[question.id].where(expected))}; ${escapeHtml(m.filter)}: <code>${escapeHtml(question.filter)}</code></p></li>`,
    )
    .join('\n');
  const left = questions.notApplicable.length ? `<p>${escapeHtml(m.notApplicable(questions.notApplicable.join(', ')))}</p>` : '';
  return `<!doctype html>
<html lang="${escapeHtml(m.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.worksheetTitle)}: ${escapeHtml(capturePath)}</title>
<style>
body { font: 18px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
code { font-family: ui-monospace, monospace; background: #f1f1f1; padding: 0 .2em; overflow-wrap: anywhere; }
li { margin-bottom: 1rem; }
.hint { color: #3a3a3a; margin-top: .25rem; }
@media print { body { margin: 0; } li { break-inside: avoid; } }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(m.worksheetTitle)}</h1>
<p>${escapeHtml(m.worksheetIntro(capturePath, connectionLabel(questions), checkCommand))}</p>
<p>${escapeHtml(`${m.rawNumbersNote} ${m.answerFormat}`)}</p>
<ol>
${items}
</ol>
${left}
</main>
</body>
</html>
`;
}
