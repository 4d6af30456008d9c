// lab.yaml's limits, each accepted at its limit and refused one past it with a mistake at the value
// (file:line:column) that says what was expected and what was found. The schema is imported afresh in each
// test (see freshImport): it is built when its module loads.
import { describe, expect, it } from 'vitest';
import { freshImport } from '../../test/helpers/fresh-import.ts';

const fresh = () => freshImport(async () => ({ ...(await import('./load-config.js')), ...(await import('../errors.js')) }));
const load = async () => (await fresh()).parseConfig;
const scenario = (server: string, client: string) => `scenario:\n  server: { steps: [read]${server} }\n  client: { steps: [write]${client} }\n`;

async function mistakeIn(text: string): Promise<string> {
  const { parseConfig, ConfigError } = await fresh();
  try {
    parseConfig(text, 'lab.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a lab.yaml mistake');
}

describe('a written-out scenario’s limits', () => {
  it.each([
    ['server', 'backlog', 1, 4096, 37],
    ['client', 'count', 1, 20, 36],
    ['client', 'stagger', 0, 5000, 38],
    ['client', 'connectTimeout', 100, 10_000, 45],
  ] as const)('%s.%s: from %d to %d', async (role, key, min, max, column) => {
    const line = role === 'server' ? 2 : 3;
    const text = (value: number) => (role === 'server' ? scenario(`, ${key}: ${value}`, '') : scenario('', `, ${key}: ${value}`));
    const parseConfig = await load();
    for (const value of [min, max]) expect(parseConfig(text(value)).scenario).toMatchObject({ [role]: { [key]: value } });
    expect(await mistakeIn(text(min - 1))).toBe(`lab.yaml:${line}:${column}: scenario.${role}.${key}: expected a number of at least ${min}, got number ${min - 1}`);
    expect(await mistakeIn(text(max + 1))).toBe(`lab.yaml:${line}:${column}: scenario.${role}.${key}: expected a number of at most ${max}, got number ${max + 1}`);
  });

  it('steps: at least one, at most 30', async () => {
    expect(await mistakeIn('scenario:\n  server: { steps: [] }\n  client: { steps: [write] }\n')).toBe('lab.yaml:2:20: scenario.server.steps: expected a list of at least 1 items, got a list');
    const steps = (n: number) => `[${Array(n).fill('write').join(', ')}]`;
    expect((await load())(`scenario:\n  server: { steps: [read] }\n  client: { steps: ${steps(30)} }\n`).scenario).toMatchObject({ client: { steps: Array(30).fill('write') } });
    expect(await mistakeIn(`scenario:\n  server: { steps: [read] }\n  client: { steps: ${steps(31)} }\n`)).toBe('lab.yaml:3:20: scenario.client.steps: expected a list of at most 30 items, got a list');
  });

  it('the client connects to the server or to a closed port; the first SYN or FIN may be dropped', async () => {
    const parseConfig = await load();
    for (const target of ['server', 'closed-port']) expect(parseConfig(scenario('', `, target: ${target}`)).scenario).toMatchObject({ client: { target } });
    expect(await mistakeIn(scenario('', ', target: nowhere'))).toBe('lab.yaml:3:37: scenario.client.target: expected one of "server", "closed-port", got the string "nowhere"');
    for (const segment of ['syn', 'fin']) expect(parseConfig(scenario(`, dropFirst: ${segment}`, '')).scenario).toMatchObject({ server: { dropFirst: segment } });
    expect(await mistakeIn(scenario(', dropFirst: ack', ''))).toBe('lab.yaml:2:39: scenario.server.dropFirst: expected one of "syn", "fin", got the string "ack"');
  });

  it('Fast Open takes no connect timeout (its connect is a blocking sendto())', async () => {
    const text = (fastOpen: boolean) => `scenario:\n  fastOpen: ${fastOpen}\n  server: { steps: [read] }\n  client: { steps: [write], connectTimeout: 500 }\n`;
    expect((await load())(text(false)).scenario).toMatchObject({ client: { connectTimeout: 500 } });
    expect(await mistakeIn(text(true))).toBe('lab.yaml:4:45: scenario.client.connectTimeout: expected no connectTimeout with fastOpen (the Fast Open connect is a blocking sendto()), got number 500');
  });

  it('every wait of the scenario adds up to at most 20 s: both programs’ sleeps, the clients’ stagger, the connect timeout', async () => {
    // 5000 + 5000 + 1000 × (3 clients - 1) + 8000 = 20000 ms
    const text = (timeout: number) => `scenario:\n  server: { steps: [read, "sleep:5000", close] }\n  client: { steps: [write, "sleep:5000", close], count: 3, stagger: 1000, connectTimeout: ${timeout} }\n`;
    expect((await load())(text(8000)).scenario).toMatchObject({ client: { connectTimeout: 8000 } });
    expect(await mistakeIn(text(8001))).toBe(
      "lab.yaml:3:20: scenario.client.steps: expected waits (both programs' sleeps, the clients' stagger, connectTimeout) of at most 20000 ms in all, so the client ends within lab up's 30 s; these add up to 20001 ms",
    );
  });
});

describe('the message', () => {
  it('is at most 1000 bytes in UTF-8', async () => {
    expect((await load())(`message: ${'a'.repeat(1000)}\n`).message).toHaveLength(1000);
    expect(await mistakeIn(`message: ${'a'.repeat(1001)}\n`)).toMatch(/^lab\.yaml:1:10: message: expected a message of at most 1000 bytes in UTF-8/);
  });

  it('holds no NUL, not even as its first character', async () => {
    expect(await mistakeIn('message: "\\0hi"\n')).toMatch(/^lab\.yaml:1:10: message: expected a message without NUL characters \(a program argument ends at one\): there is one at character 1\b/);
  });
});

describe('the defaults and the worksheet’s questions', () => {
  it('an empty lab.yaml, or a network section without its subnet: subnet auto', async () => {
    const parseConfig = await load();
    expect(parseConfig('').network).toEqual({ subnet: 'auto' });
    expect(parseConfig('network: {}\n').network).toEqual({ subnet: 'auto' });
  });

  it('scenario: a preset’s name, or all of them', async () => {
    const parseConfig = await load();
    expect(parseConfig('scenario: all\n').scenario).toBe('all');
    expect(parseConfig('scenario: four-way-close\n').scenario).toBe('four-way-close');
    expect(await mistakeIn('scenario: alll\n')).toMatch(/^lab\.yaml:1:11: scenario: expected one of "echo", .*"fastopen", "all", got the string "alll"$/);
  });

  it('quiz.questions: one or more of the known questions, in the class’s order', async () => {
    const { QUESTION_IDS } = await import('../quiz/question-ids.js');
    const [first, second] = QUESTION_IDS;
    expect((await load())(`quiz:\n  questions: [${second}, ${first}]\n`).quiz).toEqual({ questions: [second, first] });
    expect(await mistakeIn('quiz:\n  questions: []\n')).toBe('lab.yaml:2:14: quiz.questions: expected a list of at least 1 items, got a list');
  });
});
