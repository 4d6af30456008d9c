// What the teacher's page and CSV show of each student: the lab's state, the presets run, and every
// connection captured so far with its verdict line.
import type { Classroom, LabState, Student } from './classroom.js';

export interface StudentSummary {
  name: string;
  state: LabState;
  position?: number;
  reason?: string;
  presetsRun: string[];
  connections: string[];
  /** The last worksheet check ("7/12"), or null. */
  worksheet: string | null;
  lastActivity: string;
}

export async function studentSummary(classroom: Classroom, student: Student): Promise<StudentSummary> {
  const connections = student.lab ? await student.lab.verdicts().catch(() => []) : [];
  return { name: student.name, ...classroom.labStatus(student), presetsRun: [...student.presetsRun], connections, worksheet: student.worksheetScore && `${student.worksheetScore.score}/${student.worksheetScore.total}`, lastActivity: new Date(student.lastActivity).toISOString() };
}

/** A spreadsheet cell: quoted where needed, and never read as a formula. */
function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function studentsCsv(rows: StudentSummary[]): string {
  const lines = [['name', 'state', 'presets run', 'connections', 'verdicts', 'worksheet', 'last activity']];
  for (const r of rows) lines.push([r.name, r.state, r.presetsRun.join(' '), String(r.connections.length), r.connections.join(' | '), r.worksheet ?? '', r.lastActivity]);
  return lines.map((line) => line.map(csvCell).join(',')).join('\n') + '\n';
}
