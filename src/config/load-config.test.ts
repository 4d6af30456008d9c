import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseConfig } from './load-config.js';

function errorOf(text: string, file?: string): ConfigError {
  try {
    parseConfig(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('gives the experiment defaults for an empty file', () => {
    const config = parseConfig('');
    expect(config).toMatchObject({ name: 'handshake', scenario: 'echo', message: 'hello', output: 'out' });
    expect(config.server).toEqual({ port: 8899, backlog: 14 });
  });

  it('reads the project lab.yaml', async () => {
    const { readFile } = await import('node:fs/promises');
    const config = parseConfig(await readFile(new URL('../../lab.yaml', import.meta.url), 'utf8'));
    expect(config.server.port).toBe(8899);
  });

  it('reports a wrong type with line, column, key path and what was expected', () => {
    const error = errorOf('name: x\nserver:\n  port: "eighty"\n');
    expect([error.line, error.column, error.path]).toEqual([3, 9, 'server.port']);
    expect(error.message).toBe('lab.yaml:3:9: server.port: expected a number, got the string "eighty"');
  });

  it('reports a missing value', () => {
    const error = errorOf('server:\n  port:\n  backlog: 14\n');
    expect(error.path).toBe('server.port');
    expect(error.message).toContain('missing value: expected a number');
    expect(error.line).toBe(2);
  });

  it('reports an unknown key at the key, with the keys it could have meant', () => {
    const error = errorOf('server:\n  prot: 8899\n');
    expect([error.line, error.column, error.path]).toEqual([2, 3, 'server.prot']);
    expect(error.message).toContain('unknown key "prot"');
    expect(error.message).toContain('port, backlog');
  });

  it('suggests the key that was meant when an unknown one is a typo away from it', () => {
    const typo = errorOf('senario: echo\n');
    expect(typo.params.detail).toMatchObject({ kind: 'unknownKey', key: 'senario', nearest: 'scenario' });
    expect(typo.message).toContain('did you mean "scenario"?');
    expect(errorOf('server:\n  prot: 8899\n').params.detail).toMatchObject({ nearest: 'port' }); // two letters swapped
    expect(errorOf('colour: red\n').params.detail).not.toHaveProperty('nearest'); // nothing close
  });

  it('reports the first mistake in the file, not the first the schema checks', () => {
    const error = errorOf('name: lab\nsenario: echo\nserver:\n  port: 70000\n');
    expect([error.line, error.path]).toEqual([2, 'senario']);
    expect(errorOf('server:\n  port: 70000\nname: ""\n').line).toBe(2);
  });

  it('reports an unknown top-level key', () => {
    const error = errorOf('name: ok\nmesage: hi\n');
    expect([error.line, error.column, error.path]).toEqual([2, 1, 'mesage']);
  });

  it('reports out-of-range numbers and bad enums', () => {
    expect(errorOf('server: { port: 70000 }').path).toBe('server.port');
    const lang = errorOf('report:\n  lang: fr\n');
    expect(lang.message).toContain('expected one of "en", "zh-CN", got the string "fr"');
    expect([lang.line, lang.column]).toEqual([2, 9]);
  });

  it('reports a bad subnet', () => {
    expect(errorOf('network:\n  subnet: 10.0.0.0\n').message).toContain('IPv4 CIDR');
  });

  it('accepts a scenario written out as steps', () => {
    const config = parseConfig('scenario:\n  server: { steps: [read, echo, close] }\n  client: { steps: [write, read, close, settle], count: 2 }\n');
    expect(config.scenario).toEqual({ server: { steps: ['read', 'echo', 'close'] }, client: { steps: ['write', 'read', 'close', 'settle'], count: 2 } });
  });

  it('reports a bad step of a written-out scenario at the step', () => {
    const error = errorOf('scenario:\n  server:\n    steps: [read, ecko, close]\n  client:\n    steps: [write]\n');
    expect([error.line, error.column, error.path]).toEqual([3, 19, 'scenario.server.steps.1']);
    expect(error.message).toContain('expected a step: read, write, echo');
    expect(error.message).toContain('got the string "ecko"');
  });

  it('reports an unknown key inside a written-out scenario', () => {
    const error = errorOf('scenario:\n  server: { steps: [read] }\n  client: { steps: [write], clients: 3 }\n');
    expect(error.path).toBe('scenario.client.clients');
    expect(error.message).toContain('expected one of: steps, count, stagger, connectTimeout, target');
  });

  it('reports YAML syntax errors with their position', () => {
    // The list opened on line 2 is still open where the file ends (line 3, column 1).
    const unclosed = errorOf('name: a\nserver: [1, 2\n', 'lab.yaml');
    expect([unclosed.line, unclosed.column]).toEqual([3, 1]);
    expect(unclosed.params.detail).toEqual({ kind: 'yamlSyntax', code: 'BAD_INDENT', message: expect.stringContaining('end with a ]') });
    expect(unclosed.message).toMatch(/^lab\.yaml:3:1: bad indentation or an unclosed bracket: .*a \[ or \{ ends with its \] or \}$/);
    const unclosedAtTop = errorOf('[1, 2\n', 'lab.yaml');
    expect(unclosedAtTop.message).toMatch(/^lab\.yaml:2:1: a character is missing here: a closing quote or bracket/);
    const nested = errorOf('name: a\n  bad: indent\n', 'lab.yaml');
    expect([nested.line, nested.column, nested.params.detail]).toEqual([1, 7, expect.objectContaining({ code: 'BLOCK_AS_IMPLICIT_KEY' })]);
    expect(nested.message).toBe('lab.yaml:1:7: a nested mapping or list cannot start on the line of its key: put it on the next lines, indented');
  });

  it('limits the message by its UTF-8 bytes, as the programs read it', () => {
    expect(parseConfig(`message: ${'中'.repeat(333)}\n`).message).toHaveLength(333); // 999 bytes
    const error = errorOf(`name: x\nmessage: ${'中'.repeat(400)}\n`);
    expect([error.line, error.column, error.path]).toEqual([2, 10, 'message']);
    expect(error.message).toContain('expected a message of at most 1000 bytes in UTF-8 (the server reads it in one read()); this one has 1200 bytes');
  });

  it('refuses a NUL in the message, with its position', () => {
    const error = errorOf('message: "hel\\0lo"\n');
    expect([error.line, error.column, error.path]).toEqual([1, 10, 'message']);
    expect(error.message).toContain('without NUL characters (a program argument ends at one): there is one at character 4');
  });

  it('cuts a long value in a message instead of repeating it', () => {
    const error = errorOf(`message: ${'x'.repeat(1_000_000)}\n`);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toContain('(1000000 characters)');
    expect(errorOf(`${'k'.repeat(100_000)}: 1\n`).message.length).toBeLessThan(600);
  });

  it('reports an alias bomb as a mistake in the file, at its first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const error = errorOf(`${levels.join('\n')}\n`);
    expect([error.line, error.column]).toEqual([2, 8]); // b: &b [*a, …
    expect(error.message).toContain('alias bomb');
  });

  it('gives an unknown preset its position, naming the presets', () => {
    const error = errorOf('name: x\nscenario: ekko\n');
    expect([error.line, error.column, error.path]).toEqual([2, 11, 'scenario']);
    expect(error.message).toContain('"echo"');
    expect(error.message).toContain('"all"');
    expect(errorOf('scenario: [1]\n').message).toContain('expected a preset name or a mapping with server.steps and client.steps, got a list');
  });

  it('refuses steps the programs cannot run, at the step', () => {
    const settle = errorOf('scenario:\n  server: { steps: [read, echo, close] }\n  client: { steps: [write, settle, read, close] }\n');
    expect([settle.line, settle.path]).toEqual([3, 'scenario.client.steps.1']);
    expect(settle.message).toContain('expected settle only as the last step, got the string "settle"');
    const sleep = errorOf('scenario:\n  server: { steps: [read, echo, close] }\n  client: { steps: [write, read, sleep:99999, close] }\n');
    expect(sleep.path).toBe('scenario.client.steps.2');
    expect(sleep.message).toContain('sleep:MS of at most 10000 ms');
    const total = errorOf('scenario:\n  server: { steps: [read, sleep:10000, sleep:10000, close] }\n  client: { steps: [write, read, sleep:5000, close] }\n');
    expect(total.path).toBe('scenario.client.steps');
    expect(total.message).toContain('these add up to 25000 ms');
    expect(errorOf('scenario:\n  server: { steps: [read, settle] }\n  client: { steps: [write] }\n').path).toBe('scenario.server.steps.1');
  });

  it('asks for server steps unless the server never accepts, and fastOpen for a first write', () => {
    expect(errorOf('scenario:\n  server: { backlog: 1 }\n  client: { steps: [write] }\n').message).toContain('missing value: expected the steps the server runs');
    expect(parseConfig('scenario:\n  server: { backlog: 1, accept: false }\n  client: { steps: [write, close], count: 3, stagger: 50 }\n').scenario).toMatchObject({ server: { accept: false } });
    const fastOpen = errorOf('scenario:\n  fastOpen: true\n  server: { steps: [read] }\n  client: { steps: [read, write] }\n');
    expect(fastOpen.path).toBe('scenario.client.steps.0');
  });

  it('refuses subnets that are malformed, too small or would disturb the host, at the subnet', () => {
    const at = (subnet: string) => errorOf(`network:\n  subnet: ${subnet}\n`);
    expect([at('10.0.0.0/33').line, at('10.0.0.0/33').column, at('10.0.0.0/33').path]).toEqual([2, 11, 'network.subnet']);
    expect(at('10.0.0.0/33').message).toContain('prefix length of at most 32');
    expect(at('999.1.1.1/24').message).toContain('from 0 to 255 (not 999)');
    expect(at('10.0.0.5/24').message).toContain('10.0.0.0/24 (10.0.0.5 has host bits set)');
    expect(at('10.0.0.0/30').message).toContain('a subnet of /29 or larger');
    expect(at('0.0.0.0/0').message).toContain('outside 0.0.0.0/8');
    expect(at('127.0.0.0/8').message).toContain('loopback');
    expect(at('169.254.0.0/16').message).toContain('link-local');
    expect(at('239.1.0.0/16').message).toContain('multicast');
    expect(parseConfig('network:\n  subnet: 10.77.0.0/29\n').network.subnet).toBe('10.77.0.0/29');
  });

  it('refuses a subnet that overlaps one of the host’s interfaces', () => {
    const host = { hostSubnets: [{ owner: { kind: 'interface' as const, name: 'eth0' }, cidr: '192.168.1.0/24' }] };
    expect(() => parseConfig('network:\n  subnet: 192.168.0.0/16\n', 'lab.yaml', host)).toThrow(
      'lab.yaml:2:11: network.subnet: expected a subnet that overlaps no network of this host, got 192.168.0.0/16, which overlaps 192.168.1.0/24 of interface eth0',
    );
    expect(parseConfig('network:\n  subnet: 192.168.2.0/24\n', 'lab.yaml', host).network.subnet).toBe('192.168.2.0/24');
  });

  it('names the file it read', () => {
    expect(errorOf('name: Bad Name', 'labs/x.yaml').message).toMatch(/^labs\/x\.yaml:1:7: name: /);
  });
});
