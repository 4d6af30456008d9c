// "did you mean …?" for a word that is unknown (a key of lab.yaml, a command of the live session): the known
// word within two edits (insert, delete, replace, or swap two neighbours, as typing goes wrong), the nearest first.

/** The known word nearest to `typed` within two edits, or undefined when none is that close. */
export function nearestWord(typed: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(typed.toLowerCase(), key.toLowerCase());
    if (distance <= 2 && distance < (best?.distance ?? Infinity)) best = { key, distance };
  }
  return best?.key;
}

/** Optimal string alignment distance: Levenshtein plus the swap of two adjacent letters. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}
