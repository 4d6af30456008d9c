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
    expect(error.message).toContain('expected one of: steps, count, target');
  });

  it('reports YAML syntax errors with their position', () => {
    const error = errorOf('name: a\nserver: [1, 2\n');
    expect(error.line).toBeGreaterThanOrEqual(2);
  });

  it('names the file it read', () => {
    expect(errorOf('name: Bad Name', 'labs/x.yaml').message).toMatch(/^labs\/x\.yaml:1:7: name: /);
  });
});
