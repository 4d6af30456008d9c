// Prints the mutation score of each source folder from Stryker's JSON report, and "all" over every mutant.
// A surviving mutant listed in equivalent-mutants.yaml (no test can tell it from the original) counts as
// neither killed nor survived (nor as without coverage).
// With report files as arguments (Stryker's mutation.json or incremental.json, e.g. of two runs narrowed with
// --mutate to different folders), it scores them together: a file in a later report replaces the earlier one's.
import { readFileSync } from 'node:fs';
import { calculateMetrics } from 'mutation-testing-metrics';
import type { FileResultDictionary, MutantResult } from 'mutation-testing-report-schema';
import { parse } from 'yaml';

interface Equivalent {
  file: string;
  /** The source line the mutant starts on, trimmed: the same change elsewhere in the file is not covered. */
  line: string;
  mutator: string;
  /** The code that was changed, as it reads in the file. */
  original: string;
  replacement: string;
  reason: string;
}

const here = new URL('./', import.meta.url);
const reportFiles = process.argv.length > 2 ? process.argv.slice(2) : [new URL('.cache/mutation.json', here)];
const report = { files: Object.assign({}, ...reportFiles.map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { files: FileResultDictionary }).files)) as FileResultDictionary };
const equivalents = (parse(readFileSync(new URL('equivalent-mutants.yaml', here), 'utf8')) ?? []) as Equivalent[];

/** The source text a mutant replaced (its location is 1-based lines, 1-based columns). */
function originalText(lines: string[], mutant: MutantResult): string {
  const { start, end } = mutant.location;
  if (start.line === end.line) return lines[start.line - 1]!.slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1]!.slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1]!.slice(0, end.column - 1)].join('\n');
}

const used = new Set<Equivalent>();
const files: FileResultDictionary = {};
for (const [name, file] of Object.entries(report.files)) {
  files[name] = {
    ...file,
    mutants: file.mutants.map((mutant) => {
      // An equivalent mutant is one whether or not a test reaches it.
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') return mutant;
      const lines = file.source.split('\n');
      const original = originalText(lines, mutant);
      const line = lines[mutant.location.start.line - 1]!.trim();
      const listed = equivalents.find((e) => name.endsWith(e.file) && e.line === line && e.mutator === mutant.mutatorName && e.original === original && e.replacement === mutant.replacement);
      if (!listed) return mutant;
      used.add(listed);
      return { ...mutant, status: 'Ignored', statusReason: `equivalent: ${listed.reason}` };
    }),
  };
}

const folderOf = (name: string) => name.split('/').slice(0, -1).join('/');
const folders = [...new Set(Object.keys(files).map(folderOf))].sort();
const rows = [...folders.map((folder) => [folder, calculateMetrics(Object.fromEntries(Object.entries(files).filter(([name]) => folderOf(name) === folder))).metrics] as const), ['all', calculateMetrics(files).metrics] as const];

const pad = (text: string | number, width: number) => String(text).padStart(width);
console.log(`\n${'folder'.padEnd(16)} ${pad('score', 7)} ${pad('killed', 7)} ${pad('timeout', 7)} ${pad('survived', 8)} ${pad('no cov.', 7)} ${pad('equiv.', 6)}`);
for (const [folder, m] of rows) {
  console.log(`${folder.padEnd(16)} ${pad(`${m.mutationScore.toFixed(1)}%`, 7)} ${pad(m.killed, 7)} ${pad(m.timeout, 7)} ${pad(m.survived, 8)} ${pad(m.noCoverage, 7)} ${pad(m.ignored, 6)}`);
}
// Only entries for files this run mutated can be judged (a run may be narrowed with --mutate).
const stale = equivalents.filter((e) => !used.has(e) && Object.keys(files).some((name) => name.endsWith(e.file)));
if (stale.length) console.log(`\n${stale.length} entr${stale.length === 1 ? 'y' : 'ies'} of equivalent-mutants.yaml matched no surviving mutant (the code or its line changed, or a test now kills it): ${stale.map((e) => `${e.file} ${JSON.stringify(e.line)} ${e.mutator} ${JSON.stringify(e.original)}`).join('; ')}`);
