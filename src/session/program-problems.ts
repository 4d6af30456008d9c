// Why a program in command mode made no socket call: the codes its reply carries (images/common/commands.h
// and the programs' command loops), worded by the CLI in the user's language.
export const PROGRAM_PROBLEMS = [
  'tooManyConnections',
  'takesNoArguments',
  'unknownCommand',
  'noSuchConnection',
  'noConnectionYet',
  'connectionClosed',
  'stillConnecting',
  'sendNeedsText',
  'takesNoText',
  'lineTooLong',
] as const;

export type ProgramProblem = (typeof PROGRAM_PROBLEMS)[number];

export function isProgramProblem(code: unknown): code is ProgramProblem {
  return (PROGRAM_PROBLEMS as readonly unknown[]).includes(code);
}
