// Why a student's lab ended: a code and its parameters, which the classroom pages word in the reader's
// language (web/classroom/i18n.js), and the English sentence kept beside them for scripts and the CSV.
export type LabEndReason =
  | { code: 'ended-by-student'; params: Record<string, never> }
  | { code: 'name-freed'; params: Record<string, never> }
  | { code: 'idle'; params: { minutes: number } }
  | { code: 'could-not-start'; params: { detail: string } }
  | { code: 'server-stopped'; params: Record<string, never> };

export function labEndReasonText(reason: LabEndReason): string {
  switch (reason.code) {
    case 'ended-by-student':
      return 'ended by the student';
    case 'name-freed':
      return 'the teacher freed this name';
    case 'idle':
      return `idle for ${reason.params.minutes} ${reason.params.minutes === 1 ? 'minute' : 'minutes'}`;
    case 'could-not-start':
      return `the lab could not start: ${reason.params.detail}`;
    case 'server-stopped':
      return 'the classroom server stopped';
  }
}

/** The fields a status or an `ended` event carries: `reason` in English, `reasonCode` and `reasonParams` to word it. */
export function labEndReasonFields(reason: LabEndReason): { reason: string; reasonCode: LabEndReason['code']; reasonParams: LabEndReason['params'] } {
  return { reason: labEndReasonText(reason), reasonCode: reason.code, reasonParams: reason.params };
}
