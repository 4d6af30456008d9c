// Socket calls matched to their connection on a real multi-client run: both containers count pids from 1,
// so a pid alone would mix connections up (issue 17 item 3).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventLines } from '../capture/socket-events.js';
import { analyseCapture } from './analyse-capture.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/presets/multi-client/${name}`, import.meta.url));

describe('SocketCallIndex', () => {
  it('gives each connection only its own calls, by role, pid and the ports the events name', () => {
    const events = parseEventLines(fixture('events.jsonl').toString('utf8'));
    const { connections } = analyseCapture([fixture('capture.pcap')], { events });
    expect(connections).toHaveLength(5);
    const serverChildren = new Set<number>();
    for (const c of connections) {
      const calls = c.calls!;
      const named = calls.filter((k) => k.call === 'connect' || k.call === 'accept' || k.call === 'fork');
      expect(named.map((k) => `${k.role} ${k.call}`)).toEqual(expect.arrayContaining(['client connect', 'server accept', 'server fork']));
      for (const k of named) expect(k.details.localPort ?? k.details.peerPort).toBe(c.client.port);
      const child = named.find((k) => k.call === 'fork')!.pid;
      expect(serverChildren.has(child)).toBe(false);
      serverChildren.add(child);
      // Every server call after the fork is the child's; every client call is the connecting process's.
      const client = named.find((k) => k.call === 'connect')!.pid;
      expect(calls.filter((k) => k.role === 'client').every((k) => k.pid === client)).toBe(true);
      expect(calls.filter((k) => k.role === 'server' && k.returned > named.find((n) => n.call === 'fork')!.returned).every((k) => k.pid === child)).toBe(true);
      expect(c.acceptDelay).toBeGreaterThan(0);
    }
  });
});
