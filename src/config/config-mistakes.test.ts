// What a lab.yaml mistake carries, as facts (the detail the CLI words in either language): what was
// expected, the value found as a message shows it, the key path, and the line and column it points at.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { presetNames } from '../lab/scenarios.js';
import { defaultLabConfig, labConfigSchema } from './lab-config.js';
import { loadConfigFile, overrideIssueDetail, parseConfig } from './load-config.js';

function mistake(text: string) {
  try {
    parseConfig(text);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { line: error.line, column: error.column, path: error.path, detail: error.params.detail };
  }
  throw new Error('no ConfigError');
}

/** The settings without where they came from (a symbol-keyed origin). */
const settings = (config: unknown) => JSON.parse(JSON.stringify(config));
const typeOf = (type: string) => ({ kind: 'type', type });
const bound = (bound: 'min' | 'max', of: string, limit: number) => ({ kind: 'bound', bound, of, limit, inclusive: true });

describe('the value found, as a message shows it', () => {
  it.each([
    ['a list', 'server: { port: [1] }', { type: 'list' }],
    ['a mapping', 'server: { port: { a: 1 } }', { type: 'mapping' }],
    ['a string', 'server: { port: "x" }', { type: 'string', text: 'x', length: 1, cut: false }],
    ['a boolean', 'server: { port: true }', { type: 'boolean', text: 'true' }],
  ])('%s', (_, text, got) => {
    expect(mistake(text)).toEqual({ line: 1, column: 17, path: 'server.port', detail: { kind: 'expected', expected: typeOf('number'), got } });
  });

  it('a number where a string belongs', () => {
    expect(mistake('name: 5').detail).toEqual({ kind: 'expected', expected: typeOf('string'), got: { type: 'number', text: '5' } });
  });

  it('null where one of a few values belongs', () => {
    expect(mistake('report: { lang: null }').detail).toMatchObject({ kind: 'expected', got: { type: 'null' } });
  });

  it('a string of 60 characters in full, a longer one cut to its start with its length', () => {
    expect(mistake(`report: { lang: ${'x'.repeat(60)} }`).detail).toMatchObject({ got: { type: 'string', text: 'x'.repeat(60), length: 60, cut: false } });
    expect(mistake(`report: { lang: ${'y'.repeat(61)} }`).detail).toMatchObject({ got: { type: 'string', text: `${'y'.repeat(59)}…`, length: 61, cut: true } });
  });
});

describe('what was expected', () => {
  it.each([
    ['a port below 1', 'server: { port: 0 }', 'server.port', bound('min', 'number', 1)],
    ['a port above 65535', 'server: { port: 70000 }', 'server.port', bound('max', 'number', 65535)],
    ['an empty output folder', 'output: ""', 'output', bound('min', 'string', 1)],
  ])('%s: a bound', (_, text, path, expected) => {
    expect(mistake(text)).toMatchObject({ path, detail: { kind: 'expected', expected } });
  });

  it.each([
    ['backlog', 'server', 1, 4096],
    ['count', 'client', 1, 20],
    ['stagger', 'client', 0, 5000],
    ['connectTimeout', 'client', 100, 10_000],
  ] as const)('a written-out scenario’s %s: from %s’s', (key, side, min, max) => {
    const at = (value: number) => {
      const sides = { server: 'server: { steps: [read] }', client: 'client: { steps: [write] }' };
      return `scenario:\n  ${side === 'server' ? `server: { steps: [read], ${key}: ${value} }` : sides.server}\n  ${side === 'client' ? `client: { steps: [write], ${key}: ${value} }` : sides.client}\n`;
    };
    expect(mistake(at(min - 1))).toMatchObject({ path: `scenario.${side}.${key}`, detail: { expected: bound('min', 'number', min) } });
    expect(mistake(at(max + 1))).toMatchObject({ path: `scenario.${side}.${key}`, detail: { expected: bound('max', 'number', max) } });
    expect(settings(parseConfig(at(min)).scenario)[side][key]).toBe(min);
    expect(settings(parseConfig(at(max)).scenario)[side][key]).toBe(max);
  });

  it('lists: at least one question, at most 30 steps', () => {
    expect(mistake('quiz: { questions: [] }')).toMatchObject({ path: 'quiz.questions', detail: { expected: bound('min', 'list', 1), got: { type: 'list' } } });
    const steps = Array(31).fill('read').join(', ');
    expect(mistake(`scenario:\n  server: { steps: [read] }\n  client: { steps: [${steps}] }\n`)).toMatchObject({ path: 'scenario.client.steps', detail: { expected: bound('max', 'list', 30) } });
  });

  it('a missing value: what belongs there, no value found', () => {
    expect(mistake('server:\n  port:\n')).toEqual({ line: 2, column: 8, path: 'server.port', detail: { kind: 'missing', expected: typeOf('number') } });
  });

  it('missing server steps point at the server’s mapping, the nearest thing the file has', () => {
    expect(mistake('scenario:\n  server: { backlog: 1 }\n  client: { steps: [write] }\n')).toEqual({ line: 2, column: 11, path: 'scenario.server.steps', detail: { kind: 'missing', expected: { kind: 'serverSteps' } } });
  });

  it('a rule about a whole list names the rule, not the list', () => {
    const text = 'scenario:\n  server: { steps: [read, sleep:10000, sleep:10000, close] }\n  client: { steps: [write, read, sleep:5000, close] }\n';
    expect(mistake(text)).toEqual({ line: 3, column: 20, path: 'scenario.client.steps', detail: { kind: 'expected', expected: { kind: 'scenarioWaits', maxMs: 20_000, totalMs: 25_000 } } });
  });

  it('a scenario that is neither a preset nor a mapping', () => {
    expect(mistake('scenario: [1]')).toEqual({ line: 1, column: 11, path: 'scenario', detail: { kind: 'expected', expected: { kind: 'scenario' }, got: { type: 'list' } } });
  });

  it('a file that is not a mapping: at the top level, where its content starts', () => {
    expect(mistake('# a lab\n- a\n- b\n')).toEqual({ line: 2, column: 1, path: '(top level)', detail: { kind: 'expected', expected: typeOf('object'), got: { type: 'list' } } });
  });
});

describe('YAML syntax', () => {
  it('a key written twice is a mistake at the second, with the library’s message and not its own position', () => {
    expect(mistake('name: a\nname: b\n')).toEqual({ line: 2, column: 1, path: '', detail: { kind: 'yamlSyntax', code: 'DUPLICATE_KEY', message: 'Map keys must be unique' } });
  });
});

describe('a scenario written out, judged as one (not as a preset name)', () => {
  it('an unknown key beside server and client', () => {
    expect(mistake('scenario:\n  server: { steps: [read] }\n  client: { steps: [write] }\n  colour: red\n')).toEqual({
      line: 4,
      column: 3,
      path: 'scenario.colour',
      detail: { kind: 'unknownKey', key: 'colour', known: ['server', 'client', 'ipv6', 'fastOpen'] },
    });
  });

  it('steps that are not a list', () => {
    expect(mistake('scenario:\n  server: { steps: 5 }\n  client: { steps: [write] }\n')).toEqual({
      line: 2,
      column: 20,
      path: 'scenario.server.steps',
      detail: { kind: 'expected', expected: typeOf('array'), got: { type: 'number', text: '5' } },
    });
  });

  it('a preset name that is none: the presets and "all"', () => {
    expect(mistake('scenario: ekko')).toEqual({
      line: 1,
      column: 11,
      path: 'scenario',
      detail: { kind: 'expected', expected: { kind: 'oneOf', values: [...presetNames(), 'all'] }, got: { type: 'string', text: 'ekko', length: 4, cut: false } },
    });
  });
});

describe('a value given on the command line', () => {
  it('names its key path with dots, as the options table does (report.lang is --lang)', () => {
    expect(overrideIssueDetail(labConfigSchema.safeParse({ report: { lang: 'fr' } }).error!).path).toBe('report.lang');
  });

  it('shows no value that the check did not report', () => {
    expect(overrideIssueDetail(labConfigSchema.safeParse({ output: '' }).error!)).toEqual({ path: 'output', detail: { kind: 'expected', expected: bound('min', 'string', 1) } });
  });
});

describe('unknown keys', () => {
  it('at the top level: the keys lab.yaml has', () => {
    expect(mistake('# a lab\nnmae: x\n')).toEqual({
      line: 2,
      column: 1,
      path: 'nmae',
      detail: { kind: 'unknownKey', key: 'nmae', known: ['name', 'scenario', 'message', 'output', 'server', 'network', 'report', 'quiz'], nearest: 'name' },
    });
  });

  it('inside a section with defaults, and inside a written-out scenario', () => {
    expect(mistake('network: { subnet: auto, mask: 24 }')).toMatchObject({ path: 'network.mask', detail: { key: 'mask', known: ['subnet'] } });
    expect(mistake('scenario:\n  server: { steps: [read], stepz: [] }\n  client: { steps: [write] }\n')).toMatchObject({
      line: 2,
      column: 28,
      path: 'scenario.server.stepz',
      detail: { key: 'stepz', known: ['steps', 'dropFirst', 'backlog', 'accept'], nearest: 'steps' },
    });
  });

  it('a long key is cut in the detail and in the path', () => {
    const key = 'k'.repeat(100);
    expect(mistake(`${key}: 1`)).toMatchObject({ path: `${'k'.repeat(59)}…`, detail: { key: `${'k'.repeat(59)}…` } });
  });
});

describe('values written out that are the defaults or their alternatives', () => {
  it('subnet auto, and a client connecting to the server or to a closed port', () => {
    expect(parseConfig('network: { subnet: auto }').network.subnet).toBe('auto');
    for (const target of ['server', 'closed-port']) {
      expect(parseConfig(`scenario:\n  server: { steps: [read] }\n  client: { steps: [write], target: ${target} }\n`).scenario).toMatchObject({ client: { target } });
    }
  });
});

describe('files with no settings', () => {
  it.each([['an empty file', ''], ['only a comment', '# nothing here\n']])('%s gives the defaults', (_, text) => {
    expect(settings(parseConfig(text))).toEqual(settings(defaultLabConfig()));
  });

  it('an alias with no anchor before it is named at the alias, not taken for an alias bomb', () => {
    expect(mistake('server: &srv { port: 8899 }\nname: x\noutput: *out\n')).toEqual({ line: 3, column: 9, path: '', detail: { kind: 'unresolvedAlias', alias: 'out' } });
    expect(mistake('output: *srv\nserver: &srv { port: 8899 }\n')).toMatchObject({ line: 1, column: 9, detail: { kind: 'unresolvedAlias', alias: 'srv' } });
  });

  it('an alias bomb: the limit on aliases', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    expect(mistake(levels.join('\n'))).toEqual({ line: 2, column: 8, path: '', detail: { kind: 'aliasBomb', maxAliases: 100 } });
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'load-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing lab.yaml that nobody named gives the defaults; one named is an error', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(settings(await loadConfigFile(missing, { required: false }))).toEqual(settings(defaultLabConfig()));
    // The file as a whole is at fault: no key path.
    await expect(loadConfigFile(missing, { required: true })).rejects.toMatchObject({ file: missing, line: 1, column: 1, path: '', params: { detail: { kind: 'unreadable', reason: { code: 'ENOENT' } } } });
  });

  it('a folder where the file should be is an error even when nobody named it', async () => {
    await expect(loadConfigFile(dir, { required: false })).rejects.toMatchObject({ params: { detail: { kind: 'unreadable', reason: { code: 'EISDIR' } } } });
  });

  it('reads the file it is given', async () => {
    const file = join(dir, 'lab.yaml');
    writeFileSync(file, 'name: mine\n');
    expect((await loadConfigFile(file, { required: true })).name).toBe('mine');
  });
});
