import { describe, expect, it } from 'vitest';
import { LabError } from '../errors.js';
import { mergeEvents, parseEventLines, toJsonLines } from './socket-events.js';

const line = (fields: string) => `{"t":1795516868093674670,"pid":1,"role":"server","call":"socket","ret":3${fields}}`;

describe('event lines', () => {
  it('keeps the nanosecond time exact and skips stray program output', () => {
    const events = parseEventLines(`listening\n${line(',"family":"AF_INET"')}\n`);
    expect(events).toEqual([{ t: '1795516868093674670', pid: 1, role: 'server', call: 'socket', ret: 3, family: 'AF_INET' }]);
    expect(toJsonLines(events)).toBe(line(',"family":"AF_INET"') + '\n');
  });

  it.each([
    ['a non-numeric time', '{"t":"abc","pid":1,"role":"server","call":"socket","ret":3}', /^events\.jsonl:2: "t" must be .* got "abc"$/],
    ['a time that is not the first key', '{"pid":1,"t":5,"role":"server","call":"socket","ret":3}', /^events\.jsonl:2: "t" must be the first key/],
    ['a broken line', '{"t":1,', /^events\.jsonl:2: not a JSON event line/],
    ['an unknown role', '{"t":1,"pid":1,"role":"proxy","call":"socket","ret":3}', /^events\.jsonl:2: "role" must be "server" or "client", got "proxy"$/],
    ['a missing return value', '{"t":1,"pid":1,"role":"client","call":"connect"}', /^events\.jsonl:2: "ret" must be/],
  ])('names the file and line of %s in a user’s file, as a usage error', (_what, bad, message) => {
    const read = () => parseEventLines(`${line('')}\n${bad}\n`, 'events.jsonl');
    expect(read).toThrow(message);
    expect(read).toThrow(expect.objectContaining({ code: 'USAGE' }) as LabError);
    // In the programs' own output, such a line is not an event and is left out.
    expect(mergeEvents(parseEventLines(`${line('')}\n${bad}\n`))).toHaveLength(1);
  });
});
