// The class's grades as a spreadsheet (CSV), a terminal table and a page for the teacher.
import { displayWidth, padEndTo, padStartTo } from '../display-width.js';
import { csvTable } from '../report/csv.js';
import { escapeHtml } from '../report/escape-html.js';
import type { ClassGrades } from './grade-class.js';
import type { QuizMessages } from './i18n/messages.js';

export function gradesCsv(grades: ClassGrades): string {
  const ids = grades.perQuestion.map((q) => q.id);
  const rows = [['student', 'folder', 'score', 'total', ...ids]];
  for (const { student, dir, result } of grades.students) {
    const byId = new Map(result.questions.map((q) => [q.id, q.correct ? '1' : '0']));
    rows.push([student, dir, String(result.score), String(result.total), ...ids.map((id) => byId.get(id) ?? '')]);
  }
  return csvTable(rows);
}

/** One column per question, numbered and keyed below: a student's marks always sit under their question's
 * column (· where their capture could not answer it), whatever order or subset their answers file had. */
export function gradesText(grades: ClassGrades, m: QuizMessages, describe: (error: unknown) => string): string {
  const lines: string[] = [];
  const columns = grades.perQuestion.map((q, i) => ({ id: q.id, label: String(i + 1) }));
  const cell = (text: string) => padStartTo(text, 2);
  const nameWidth = Math.max(displayWidth(m.grade.student), ...grades.students.map((s) => displayWidth(s.student)));
  const scoreWidth = Math.max(5, displayWidth(m.grade.score));
  if (grades.students.length) lines.push(`${padEndTo(m.grade.student, nameWidth)}  ${padStartTo(m.grade.score, scoreWidth)}  ${columns.map((c) => cell(c.label)).join(' ')}`.trimEnd());
  for (const { student, result } of grades.students) {
    const byId = new Map(result.questions.map((q) => [q.id, q.correct]));
    const marks = columns.map(({ id }) => cell(!byId.has(id) ? '·' : byId.get(id) ? '✔' : '✘')).join(' ');
    lines.push(`${padEndTo(student, nameWidth)}  ${padStartTo(`${result.score}/${result.total}`, scoreWidth)}  ${marks}`);
  }
  if (!grades.students.length) lines.push(m.grade.noSubmissions);
  if (grades.perQuestion.length) {
    lines.push('', `${m.grade.perQuestion}:`);
    const idWidth = Math.max(...grades.perQuestion.map((q) => q.id.length));
    grades.perQuestion.forEach((q, i) => lines.push(`  ${cell(columns[i]!.label)} ${q.id.padEnd(idWidth)}  ${m.grade.right(q.right, q.asked)}`));
  }
  if (grades.broken.length) {
    lines.push('', `${m.grade.broken}:`);
    for (const b of grades.broken) lines.push(`  ${b.dir}: ${describe(b.error)}`);
  }
  return lines.join('\n') + '\n';
}

export function gradesHtml(grades: ClassGrades, m: QuizMessages, describe: (error: unknown) => string): string {
  const ids = grades.perQuestion.map((q) => q.id);
  const header = [m.grade.student, m.grade.score, ...ids].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = grades.students
    .map(({ student, result }) => {
      const byId = new Map(result.questions.map((q) => [q.id, q]));
      const cells = ids.map((id) => {
        const q = byId.get(id);
        if (!q) return '<td></td>';
        const title = `${m.check.expected}: ${q.expected}; ${m.check.given}: ${q.given || m.check.unanswered}`;
        return `<td title="${escapeHtml(title)}">${q.correct ? `✔ <span class="sr">${escapeHtml(m.check.right)}</span>` : `✘ <span class="sr">${escapeHtml(m.check.wrong)}</span>`}</td>`;
      });
      return `<tr><th scope="row">${escapeHtml(student)}</th><td>${result.score}/${result.total}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  const totals = grades.perQuestion.map((q) => `<td>${escapeHtml(m.grade.right(q.right, q.asked))}</td>`).join('');
  const broken = grades.broken.length
    ? `<h2>${escapeHtml(m.grade.broken)}</h2><ul>${grades.broken.map((b) => `<li><code>${escapeHtml(b.dir)}</code>: ${escapeHtml(describe(b.error))}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(m.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.grade.title)}</title>
<style>
body { font: 18px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem; color: #1a1a1a; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #767676; padding: .25rem .5rem; text-align: center; }
th[scope=row] { text-align: left; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style></head>
<body><main>
<h1>${escapeHtml(m.grade.title)}</h1>
<div class="scroll"><table>
<caption>${escapeHtml(m.grade.title)}</caption>
<thead><tr>${header}</tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row">${escapeHtml(m.grade.perQuestion)}</th><td></td>${totals}</tr></tfoot>
</table></div>
${broken}
</main></body></html>
`;
}
