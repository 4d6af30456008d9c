// The live session's command language, shared by its front ends (the terminal, the classroom page):
// a client verb (`connect`, `send hello`, `close #2`), the same verbs after `server` (`server accept`),
// and the session's own words (`status`, `help`, `quit`). Each program verb becomes one line of the
// programs' command mode (images/common/COMMANDS.md).
import { MAX_MESSAGE_BYTES } from '../config/steps.js';
import { nearestWord } from '../nearest-word.js';
import type { ProgramRole } from './program-channel.js';

const VERBS: Record<ProgramRole, readonly string[]> = {
  client: ['connect', 'send', 'recv', 'shutdown', 'close', 'abort'],
  server: ['accept', 'send', 'recv', 'shutdown', 'close', 'abort'],
};

const SESSION_WORDS = ['status', 'help', 'quit', 'server'];

export type ParsedCommand =
  | { kind: 'program'; role: ProgramRole; verb: string; line: string }
  | { kind: 'status' | 'help' | 'quit' | 'empty' }
  /** Not a command: `reason` says why, for the front end to word. */
  | { kind: 'invalid'; reason: 'unknown' | 'server-what' | 'message-too-long' | 'bad-connection'; line: string; nearest?: string };

export function parseCommand(input: string): ParsedCommand {
  const line = input.trim();
  if (!line) return { kind: 'empty' };
  const [first = ''] = line.split(/\s+/);
  const word = first.toLowerCase();
  if (word === 'quit' || word === 'exit') return { kind: 'quit' };
  if (word === 'help' || word === 'status') return { kind: word };
  const role: ProgramRole = word === 'server' ? 'server' : 'client';
  const command = role === 'server' ? line.slice(first.length).trim() : line;
  const verb = (command.split(/\s+/)[0] ?? '').toLowerCase();
  if (!verb) return { kind: 'invalid', reason: 'server-what', line };
  if (!VERBS[role].includes(verb)) {
    const nearest = nearestWord(verb, role === 'server' ? VERBS.server : [...VERBS.client, ...SESSION_WORDS]);
    return { kind: 'invalid', reason: 'unknown', line, ...(nearest && { nearest: role === 'server' ? `server ${nearest}` : nearest }) };
  }
  const afterVerb = command.slice(verb.length).trim();
  const connection = /^#(\S*)/.exec(afterVerb);
  if (connection && !/^[1-9]\d{0,4}$/.test(connection[1]!)) return { kind: 'invalid', reason: 'bad-connection', line };
  if (verb === 'send' && Buffer.byteLength(afterVerb.replace(/^#\d+\s*/, ''), 'utf8') > MAX_MESSAGE_BYTES) return { kind: 'invalid', reason: 'message-too-long', line };
  return { kind: 'program', role, verb, line: `${verb}${afterVerb ? ` ${afterVerb}` : ''}` };
}
