// The step table of lab.yaml's schema against the C programs' own (images/common/steps.h), and the rules
// the schema derives from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshImport } from '../../test/helpers/fresh-import.ts';
import { PRESETS } from '../lab/scenarios.js';
import { scenarioSchema } from './lab-config.js';
import { MAX_MESSAGE_BYTES, MAX_STEPS, stepProblems, stepSyntax, type StepDefinition } from './steps.js';

/** The table and the pattern are built when the module loads: imported afresh, as each test sees them. */
const steps = () => freshImport(() => import('./steps.js'));

const header = readFileSync(new URL('../../images/common/steps.h', import.meta.url), 'utf8');

/** STEP_TABLE as the C compiler sees it: `[STEP_X] = { "name", FOR_SERVER | FOR_CLIENT, PLACE, MAX_MS },`. */
function cTable(): StepDefinition[] {
  const body = /STEP_TABLE\[STEP_COUNT\] = \{([\s\S]*?)\n\};/.exec(header)![1]!;
  const places: Record<string, StepDefinition['place']> = { ON_OPEN_SOCKET: 'open-socket', ANYWHERE: 'anywhere', LAST_ONLY: 'last' };
  return [...body.matchAll(/\[STEP_\w+\] = \{ "([^"]+)", ([A-Z_| ]+), (\w+), (\d+) \},/g)].map(([, name, roles, place, maxMs]) => ({
    name: name!,
    roles: (['server', 'client'] as const).filter((role) => roles!.includes(role === 'server' ? 'FOR_SERVER' : 'FOR_CLIENT')),
    place: places[place!]!,
    maxMs: Number(maxMs),
  }));
}

function cDefine(name: string): number {
  return Number(new RegExp(`#define ${name} (\\d+)`).exec(header)![1]);
}

describe('the step table', () => {
  it('is the C programs’ table, entry for entry', async () => {
    const { STEP_TABLE } = await steps();
    const enumerated = /enum step_id \{([^}]*)\}/.exec(header)![1]!.split(',').map((s) => s.trim()).filter((s) => s && s !== 'STEP_COUNT');
    const table = cTable();
    expect(table).toHaveLength(enumerated.length); // every step the C side knows is in the parsed table
    expect(table).toEqual(STEP_TABLE.map((step) => ({ ...step, roles: [...step.roles] })));
  });

  it('has the C programs’ limits', () => {
    expect(cDefine('MAX_STEPS')).toBe(MAX_STEPS);
    expect(cDefine('MAX_MESSAGE_BYTES')).toBe(MAX_MESSAGE_BYTES);
    expect(cDefine('BUF_SIZE')).toBeGreaterThanOrEqual(MAX_MESSAGE_BYTES); // one read() takes the whole message
  });

  it('refuses a step of the other role, a last step elsewhere, a socket step after close and a long sleep', () => {
    expect(stepProblems(['read', 'settle'], 'server')).toEqual([{ index: 1, rule: { kind: 'otherRole', step: 'settle', role: 'server', steps: expect.not.arrayContaining(['settle']) } }]);
    expect(stepProblems(['write', 'settle', 'read', 'close'], 'client')).toEqual([{ index: 1, rule: { kind: 'notLast', step: 'settle' } }]);
    expect(stepProblems(['read', 'close', 'sleep:10', 'write'], 'server')).toEqual([{ index: 3, rule: { kind: 'afterClose', step: 'write', closeStep: 2, allowed: ['sleep'] } }]);
    expect(stepProblems(['close', 'close'], 'client')[0]!.rule).toEqual({ kind: 'afterClose', step: 'close', closeStep: 1, allowed: ['sleep', 'settle'] });
    expect(stepProblems(['write', 'sleep:99999', 'close'], 'client')).toEqual([{ index: 1, rule: { kind: 'sleepTooLong', step: 'sleep', maxMs: 10000 } }]);
    expect(stepProblems(['write', 'read', 'sleep:200', 'close', 'sleep:5', 'settle'], 'client')).toEqual([]);
  });

  it('spells each step as the programs parse it: a name, and for sleep a duration of up to nine digits', async () => {
    const { STEP_PATTERN } = await steps();
    for (const step of ['read', 'echo-full', 'read-until-eof', 'linger0', 'settle', 'sleep:0', 'sleep:200', 'sleep:123456789']) expect(step).toMatch(STEP_PATTERN);
    for (const step of ['', 'sleep', 'sleep:', 'sleep:1234567890', 'sleep:-1', 'read:5', 'settle:5', 'xread', 'readx', 'read,write', 'Read']) expect(step).not.toMatch(STEP_PATTERN);
  });

  it('writes the steps for messages, each role its own', () => {
    const common = ['read', 'write', 'echo', 'echo-full', 'read-until-eof', 'shutdown', 'linger0', 'close', 'sleep:MS'];
    expect(stepSyntax('server')).toEqual(common);
    expect(stepSyntax('client')).toEqual([...common, 'settle']);
    expect(stepSyntax()).toEqual([...common, 'settle']);
  });

  it('names the first close when a socket step comes after it, however many follow', () => {
    expect(stepProblems(['close', 'close', 'close'], 'client').map((p) => [p.index, p.rule.kind === 'afterClose' && p.rule.closeStep])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(stepProblems(['write', 'close', 'read', 'close'], 'server').map((p) => [p.index, p.rule.kind === 'afterClose' && p.rule.closeStep])).toEqual([
      [2, 2],
      [3, 2],
    ]);
  });

  it('admits every preset', () => {
    for (const { name: _name, summary: _summary, lookFor: _lookFor, expect: _expect, ...scenario } of PRESETS) {
      expect(scenarioSchema.safeParse(scenario).error?.issues, _name).toBeUndefined();
    }
  });
});
