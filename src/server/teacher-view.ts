// What the teacher's page and CSV show of each student: the lab's state, the presets run, and every
// connection captured so far with its verdict line.
import { csvTable } from '../report/csv.js';
import type { Classroom, LabState, Student } from './classroom.js';
import { scoreText } from './worksheet-attempts.js';

export interface StudentSummary {
  name: string;
  state: LabState;
  position?: number;
  reason?: string;
  presetsRun: string[];
  connections: string[];
  /** The worksheet's first checked score and latest one ("7/12"), and how many checks; null before any. */
  worksheet: { first: string; latest: string; attempts: number } | null;
  lastActivity: string;
}

export async function studentSummary(classroom: Classroom, student: Student): Promise<StudentSummary> {
  const connections = student.lab ? await student.lab.verdicts().catch(() => []) : [];
  return { name: student.name, ...classroom.labStatus(student), presetsRun: [...student.presetsRun], connections, worksheet: student.worksheet && { first: scoreText(student.worksheet.first), latest: scoreText(student.worksheet.latest), attempts: student.worksheet.attempts }, lastActivity: new Date(student.lastActivity).toISOString() };
}

export function studentsCsv(rows: StudentSummary[]): string {
  const lines = [['name', 'state', 'presets run', 'connections', 'verdicts', 'worksheet first', 'worksheet latest', 'worksheet attempts', 'last activity']];
  for (const r of rows) {
    const w = r.worksheet;
    lines.push([r.name, r.state, r.presetsRun.join(' '), String(r.connections.length), r.connections.join(' | '), w?.first ?? '', w?.latest ?? '', String(w?.attempts ?? 0), r.lastActivity]);
  }
  return csvTable(lines);
}
