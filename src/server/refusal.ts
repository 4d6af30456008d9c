// Why the classroom server refused a student's request: a code and its parameters, which the classroom pages
// word in the reader's language (web/classroom/i18n.js), and the English sentence beside them for scripts.
export type Refusal =
  | { code: 'join-first'; params: Record<string, never> }
  | { code: 'bad-name'; params: Record<string, never> }
  | { code: 'wrong-code'; params: Record<string, never> }
  | { code: 'too-many-codes'; params: Record<string, never> }
  | { code: 'slow-down'; params: Record<string, never> }
  | { code: 'already-joined'; params: { name: string } }
  | { code: 'name-taken'; params: { name: string } }
  | { code: 'nothing-captured'; params: Record<string, never> }
  | { code: 'lab-not-running'; params: { state: string } }
  | { code: 'shutting-down'; params: Record<string, never> };

export function refusalText(refusal: Refusal): string {
  switch (refusal.code) {
    case 'join-first':
      return 'join the class first (POST /api/join)';
    case 'bad-name':
      return 'a name of 1 to 40 characters, without control characters';
    case 'wrong-code':
      return 'wrong class code';
    case 'too-many-codes':
      return 'too many wrong class codes from this computer; wait a few minutes';
    case 'slow-down':
      return 'too many requests; slow down';
    case 'already-joined':
      return `this browser has already joined as "${refusal.params.name}"`;
    case 'name-taken':
      return `the name "${refusal.params.name}" is taken; choose another, or ask the teacher to free it`;
    case 'nothing-captured':
      return 'your lab has not captured anything yet';
    case 'lab-not-running':
      return `your lab is not running (it is ${refusal.params.state}); start it first`;
    case 'shutting-down':
      return 'the classroom server is shutting down';
  }
}
