// Capture timestamps as ISO 8601 text with all nine fractional digits.

export function formatTime(sec: number, nsec: number): string {
  const date = new Date(sec * 1000);
  // A damaged file can hold a time no calendar reaches: show the raw seconds instead.
  if (Number.isNaN(date.getTime())) return `${sec}.${String(nsec).padStart(9, '0')}`;
  return `${date.toISOString().slice(0, 19)}.${String(nsec).padStart(9, '0')}Z`;
}
