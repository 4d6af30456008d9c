// A table as CSV for a spreadsheet: cells quoted where needed, and never read as a formula (a student
// named "=HYPERLINK(…)" stays text).

function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvTable(rows: (string | number)[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
