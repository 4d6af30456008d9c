// The steps each program runs on its connection: what scenario.server.steps and scenario.client.steps may
// hold, where each may appear and its limits. images/common/steps.h has the programs' own copy of this
// table (STEP_TABLE), which they check --steps against; steps.test.ts reads it so the two cannot drift.
import type { StepRule } from './config-detail.js';

export type StepRole = 'server' | 'client';
/** On the open socket (before close), anywhere, or only as the last step. */
export type StepPlace = 'open-socket' | 'anywhere' | 'last';

export interface StepDefinition {
  name: string;
  roles: readonly StepRole[];
  place: StepPlace;
  /** Above 0: the step is written `name:MS`, with MS at most this. */
  maxMs: number;
}

const BOTH = ['server', 'client'] as const;

export const STEP_TABLE: readonly StepDefinition[] = [
  { name: 'read', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'write', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'echo', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'echo-full', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'read-until-eof', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'shutdown', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'linger0', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'close', roles: BOTH, place: 'open-socket', maxMs: 0 },
  { name: 'sleep', roles: BOTH, place: 'anywhere', maxMs: 10_000 },
  { name: 'settle', roles: ['client'], place: 'last', maxMs: 0 },
];

/** The programs' limits (MAX_STEPS and MAX_MESSAGE_BYTES in steps.h): one read() takes the whole message. */
export const MAX_STEPS = 30;
export const MAX_MESSAGE_BYTES = 1000;
/** The client must be done within lab up's 30 s: everything a scenario waits on purpose (both programs'
 * sleeps, the clients' stagger, a connect timeout) must leave time for the exchange itself. */
export const MAX_SCENARIO_WAIT_MS = 20_000;

/** "sleep:200" → { name: "sleep", ms: 200 }. */
export function splitStep(step: string): { name: string; ms: number | undefined } {
  const [name, ms] = step.split(':');
  return { name: name!, ms: ms === undefined ? undefined : Number(ms) };
}

export function stepDefinition(name: string): StepDefinition | undefined {
  return STEP_TABLE.find((step) => step.name === name);
}

/** How each step is written, for messages: read, write, …, sleep:MS, settle. */
export function stepSyntax(role?: StepRole): string[] {
  return STEP_TABLE.filter((s) => !role || s.roles.includes(role)).map((s) => (s.maxMs ? `${s.name}:MS` : s.name));
}

export const STEP_PATTERN = new RegExp(`^(${STEP_TABLE.map((s) => (s.maxMs ? `${s.name}:\\d{1,9}` : s.name)).join('|')})$`);

export interface StepProblem {
  index: number;
  rule: StepRule;
}

/** Checks a role's list against the table: role, place and duration of each step. The spelling of each
 * step is the schema's (STEP_PATTERN); this is what the spelling cannot say. */
export function stepProblems(steps: readonly string[], role: StepRole): StepProblem[] {
  const problems: StepProblem[] = [];
  let closedAt = -1;
  steps.forEach((step, index) => {
    const { name, ms } = splitStep(step);
    const def = stepDefinition(name);
    if (!def) return;
    if (!def.roles.includes(role)) problems.push({ index, rule: { kind: 'otherRole', step: name, role, steps: stepSyntax(role) } });
    else if (ms !== undefined && ms > def.maxMs) problems.push({ index, rule: { kind: 'sleepTooLong', step: name, maxMs: def.maxMs } });
    else if (def.place === 'last' && index !== steps.length - 1) problems.push({ index, rule: { kind: 'notLast', step: name } });
    else if (def.place === 'open-socket' && closedAt >= 0) problems.push({ index, rule: { kind: 'afterClose', step: name, closeStep: closedAt + 1, allowed: afterClose(role) } });
    if (name === 'close' && closedAt < 0) closedAt = index;
  });
  return problems;
}

function afterClose(role: StepRole): string[] {
  return STEP_TABLE.filter((s) => s.place !== 'open-socket' && s.roles.includes(role)).map((s) => s.name);
}

/** The milliseconds a list of steps sleeps in all. */
export function sleepTotal(steps: readonly string[]): number {
  return steps.reduce((sum, step) => sum + (splitStep(step).ms ?? 0), 0);
}
