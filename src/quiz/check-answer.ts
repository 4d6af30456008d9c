// One answer against the capture's: numbers in decimal or 0x-hex, words in any case.
import type { AnswerKind, Expected } from './questions.js';

/** The expected value as a student would write it: raw sequence numbers in hex and decimal. */
export function showExpected(kind: AnswerKind, expected: Expected): string {
  const v = expected.value;
  if (kind.type === 'number' && kind.hex && typeof v === 'number') return `0x${v.toString(16)} (${v})`;
  return String(v);
}

/** The number a student wrote, or null when it is not one. Fractions only where a tolerance applies. */
export function parseNumber(given: string, allowFraction: boolean): number | null {
  const text = given.trim().toLowerCase().replace(/_/g, '');
  if (/^0x[0-9a-f]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text) || (allowFraction && /^\d+\.\d+$/.test(text))) return Number(text);
  return null;
}

export function isRight(kind: AnswerKind, expected: Expected, given: string): boolean {
  const word = given.trim().toLowerCase();
  if (kind.type === 'choice') return word === expected.value;
  if (kind.orNone && (word === 'none' || expected.value === 'none')) return word === expected.value;
  const number = parseNumber(given, kind.tolerance !== undefined);
  if (number === null || typeof expected.value !== 'number') return false;
  const tolerance = kind.tolerance?.(expected.value) ?? 0;
  return Math.abs(number - expected.value) <= tolerance;
}
