// Capture timestamps as ISO 8601 text with all nine fractional digits.

let cachedSec = NaN;
let cachedPrefix = '';

export function formatTime(sec: number, nsec: number): string {
  if (sec !== cachedSec) {
    const date = new Date(sec * 1000);
    cachedSec = sec;
    // A damaged file can hold a time no calendar reaches: show the raw seconds instead.
    cachedPrefix = Number.isNaN(date.getTime()) ? `${sec}` : date.toISOString().slice(0, 19);
  }
  const fraction = String(nsec).padStart(9, '0');
  return cachedPrefix.length === 19 ? `${cachedPrefix}.${fraction}Z` : `${cachedPrefix}.${fraction}`;
}
