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

describe('event lines, field by field', () => {
  const t = '1795516868093674670';
  const start = '1795516868093000001';
  /** The problem a user's file with this one line has, as facts. */
  const problemOf = (text: string) => {
    try {
      parseEventLines(text, 'events.jsonl');
    } catch (error) {
      return (error as LabError<'eventsInvalid'>).params;
    }
    return null;
  };

  it('keeps both nanosecond times exact, and writes them back as bare numbers', () => {
    const text = `{"t":${t},"start":${start},"pid":7,"role":"client","call":"connect","ret":-1,"error":"ECONNREFUSED"}`;
    const events = parseEventLines(text, 'events.jsonl');
    expect(events).toEqual([{ t, start, pid: 7, role: 'client', call: 'connect', ret: -1, error: 'ECONNREFUSED' }]);
    expect(toJsonLines(events)).toBe(`${text}\n`);
  });

  it('skips lines that are not JSON objects, in a user’s file too', () => {
    expect(parseEventLines(`listening on 8899\n\n${line('')}\n`, 'events.jsonl')).toHaveLength(1);
  });

  it.each([
    ['t with letters after its digits', `{"t":"12a","pid":1,"role":"server","call":"socket","ret":3}`, 't', '"12a"'],
    ['t with letters before its digits', `{"t":"a12","pid":1,"role":"server","call":"socket","ret":3}`, 't', '"a12"'],
    ['a start that is not digits', `{"t":1,"start":"12a","pid":1,"role":"server","call":"socket","ret":3}`, 'start', '"12a"'],
    ['a start with letters before its digits', `{"t":1,"start":"a12","pid":1,"role":"server","call":"socket","ret":3}`, 'start', '"a12"'],
    ['a missing role', `{"t":1,"pid":1,"call":"socket","ret":3}`, 'role', 'undefined'],
    ['a start that is a list', `{"t":1,"start":[1],"pid":1,"role":"server","call":"socket","ret":3}`, 'start', '[1]'],
    ['a call that is a number', `{"t":1,"pid":1,"role":"server","call":5,"ret":3}`, 'call', '5'],
    ['a pid that is not a whole number', `{"t":1,"pid":1.5,"role":"server","call":"socket","ret":3}`, 'pid', '1.5'],
    ['an error that is not a string', `{"t":1,"pid":1,"role":"server","call":"socket","ret":-1,"error":111}`, 'error', '111'],
  ])('%s is a problem of that field, with the value found', (_, text, field, got) => {
    expect(problemOf(text)).toEqual({ file: 'events.jsonl', line: 1, problem: { kind: 'field', field, got } });
  });

  it('merges both programs’ events by time, keeping the order of events at the same nanosecond', () => {
    const event = (time: string, call: string) => ({ t: time, pid: 1, role: 'server' as const, call, ret: 0 });
    const server = [event('10000000000000000002', 'accept'), event('10000000000000000005', 'read')];
    const client = [event('10000000000000000001', 'connect'), event('10000000000000000005', 'write'), event('10000000000000000009', 'close')];
    expect(mergeEvents(server, client).map((e) => e.call)).toEqual(['connect', 'accept', 'read', 'write', 'close']);
  });

  it('puts a user’s file whose lines are not in time order on the time line, lines of the same nanosecond in file order', () => {
    const at = (time: string, call: string) => `{"t":${time},"pid":1,"role":"client","call":"${call}","ret":0}`;
    // Times that differ only past a double's precision (2^53): compared as numbers, they would be equal.
    const text = [at('1795516868093674673', 'close'), at('1795516868093674671', 'connect'), at('1795516868093674672', 'write'), at('1795516868093674671', 'getsockopt'), at('1795516868093674672', 'read')].join('\n');
    expect(mergeEvents(parseEventLines(text, 'events.jsonl')).map((e) => e.call)).toEqual(['connect', 'getsockopt', 'write', 'read', 'close']);
  });

  it('writes both times back as bare numbers wherever they stand in an event, and no other field', () => {
    const event = { pid: 1, role: 'client' as const, call: 'connect', ret: 0, start, t, peer: { t: '5' }, note: '{"t":"6"}' };
    expect(toJsonLines([event])).toBe(`{"pid":1,"role":"client","call":"connect","ret":0,"start":${start},"t":${t},"peer":{"t":"5"},"note":"{\\"t\\":\\"6\\"}"}\n`);
    const { start: _start, ...withoutStart } = event;
    expect(toJsonLines([withoutStart, { t: '7', pid: 2, role: 'server', call: 'close', ret: 0 }])).toBe(`{"pid":1,"role":"client","call":"connect","ret":0,"t":${t},"peer":{"t":"5"},"note":"{\\"t\\":\\"6\\"}"}\n{"t":7,"pid":2,"role":"server","call":"close","ret":0}\n`);
  });
});
