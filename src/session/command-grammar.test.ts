// The live session's command language: what each front end sends to which program.
import { describe, expect, it } from 'vitest';
import { parseCommand } from './command-grammar.js';

/** The suggestion for a line that is no command. */
const parseCmdNearest = (line: string) => {
  const parsed = parseCommand(line);
  return parsed.kind === 'invalid' ? parsed.nearest : 'not invalid';
};

describe('the live session command grammar', () => {
  it('sends client verbs to the client and `server …` to the server, with the connection and text', () => {
    expect(parseCommand('connect')).toEqual({ kind: 'program', role: 'client', verb: 'connect', line: 'connect' });
    expect(parseCommand('  Send #2 hello world ')).toEqual({ kind: 'program', role: 'client', verb: 'send', line: 'send #2 hello world' });
    expect(parseCommand('server accept')).toEqual({ kind: 'program', role: 'server', verb: 'accept', line: 'accept' });
    expect(parseCommand('server close #1')).toEqual({ kind: 'program', role: 'server', verb: 'close', line: 'close #1' });
  });

  it('knows its own words and refuses what no program does', () => {
    expect(parseCommand('')).toEqual({ kind: 'empty' });
    expect(parseCommand('status').kind).toBe('status');
    expect(parseCommand('quit').kind).toBe('quit');
    expect(parseCommand('exit').kind).toBe('quit');
    expect(parseCommand('accept')).toMatchObject({ kind: 'invalid', reason: 'unknown' }); // accept is the server's
    expect(parseCommand('server connect')).toMatchObject({ kind: 'invalid', reason: 'unknown' });
    expect(parseCommand('server')).toMatchObject({ kind: 'invalid', reason: 'server-what' });
    expect(parseCommand('close #0')).toMatchObject({ kind: 'invalid', reason: 'bad-connection' });
    expect(parseCommand('close #x')).toMatchObject({ kind: 'invalid', reason: 'bad-connection' });
  });

  it('suggests the command a typo was meant to be, on the side it was typed for', () => {
    expect(parseCommand('server accpt')).toMatchObject({ kind: 'invalid', reason: 'unknown', nearest: 'server accept' });
    expect(parseCommand('conect')).toMatchObject({ kind: 'invalid', reason: 'unknown', nearest: 'connect' });
    expect(parseCmdNearest('stauts')).toBe('status');
    expect(parseCmdNearest('xyzzy')).toBe(undefined); // nothing close: no guess
  });

  it('limits a message by its bytes in UTF-8, as lab.yaml does', () => {
    expect(parseCommand(`send ${'中'.repeat(333)}`).kind).toBe('program'); // 999 bytes
    expect(parseCommand(`send ${'中'.repeat(334)}`)).toMatchObject({ kind: 'invalid', reason: 'message-too-long' });
  });
});
