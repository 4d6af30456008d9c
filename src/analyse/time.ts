// Capture timestamps as ISO 8601 text with all nine fractional digits.

export function formatTime(sec: number, nsec: number): string {
  const iso = new Date(sec * 1000).toISOString(); // 2026-11-24T10:00:00.000Z
  return `${iso.slice(0, 19)}.${String(nsec).padStart(9, '0')}Z`;
}
