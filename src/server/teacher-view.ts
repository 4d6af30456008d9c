// What the teacher's page and CSV show of each student: the lab's state, the presets run, and every
// connection captured so far with its verdict line.
import { csvTable } from '../report/csv.js';
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

export function studentsCsv(rows: StudentSummary[]): string {
  const lines = [['name', 'state', 'presets run', 'connections', 'verdicts', 'worksheet', 'last activity']];
  for (const r of rows) lines.push([r.name, r.state, r.presetsRun.join(' '), String(r.connections.length), r.connections.join(' | '), r.worksheet ?? '', r.lastActivity]);
  return csvTable(lines);
}
