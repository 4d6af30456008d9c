// The template gives, byte for byte, what JSON.stringify gives for the same connection.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseCapture } from '../analyse/analyse-capture.js';
import type { ConnectionReport } from '../analyse/report-model.js';
import { parseEventLines } from '../capture/socket-events.js';
import { connectionJson } from './connection-json.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);
const inFolder = (folder: string) =>
  readdirSync(new URL(folder, fixtures))
    .filter((name) => /\.pcap(ng)?$/.test(name))
    .map((name) => `${folder}${name}`);
const captures = [...inFolder('corpus/'), ...inFolder('encapsulations/')];
/** Lab runs with their programs' events: connections with calls and acceptDelay. */
const runs = ['final-ack-dropped/', 'lab-up-echo/', ...readdirSync(new URL('presets/', fixtures), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((preset) => `presets/${preset.name}/`)];

function connections(capture: string, brief: boolean, events?: string): ConnectionReport[] {
  const bytes = readFileSync(new URL(capture, fixtures));
  return analyseCapture([bytes], { brief, events: events === undefined ? undefined : parseEventLines(readFileSync(new URL(events, fixtures), 'utf8')) }).connections;
}

describe('connectionJson', () => {
  it.each(captures.flatMap((capture) => [false, true].map((brief) => [capture, brief] as const)))('writes %s (brief: %s) as JSON.stringify does', (capture, brief) => {
    const all = connections(capture, brief);
    for (const connection of all) expect(connectionJson(connection)).toBe(JSON.stringify(connection));
  });

  it.each(runs)('writes the lab run in %s, with its socket calls, as JSON.stringify does', (run) => {
    const all = connections(`${run}capture.pcap`, false, `${run}events.jsonl`);
    expect(all.some((connection) => connection.calls?.length)).toBe(true);
    for (const connection of all) expect(connectionJson(connection)).toBe(JSON.stringify(connection));
  });

  it('writes the fields most connections leave empty or null as JSON.stringify does', () => {
    const [plain] = connections('corpus/cs_tcp_teardown.pcapng', true);
    const connection: ConnectionReport = {
      ...plain!,
      handshake: { ...plain!.handshake, clientIsn: null, synAckAcknowledgesIsn: null, fastOpen: { cookie: 'presented', cookieGranted: true, synData: 12, dataAccepted: false } },
      teardown: {
        kind: 'reset',
        initiator: 'both',
        halfClose: true,
        frames: [7, 9, 12],
        fins: [{ side: 'server', frame: 7, resent: [9, 11], seq: 4294967295, ackFrame: null, ackDelay: null, ackWith: null, offset: 0.1 + 0.2 }],
        rst: { frame: 12, from: 'client', offset: 2.5e-7 },
      },
      timeWait: null,
      timeWaitEndedEarly: { side: 'server', rstFrame: 12 },
      anomalies: { 'duplicate-ack': 2, retransmission: 1 },
      acceptDelay: null,
    };
    expect(connectionJson(connection)).toBe(JSON.stringify(connection));
    expect(connectionJson({ ...connection, acceptDelay: 0.000125 })).toBe(JSON.stringify({ ...connection, acceptDelay: 0.000125 }));
  });

  it('writes a time that is not a finite number as null, as JSON.stringify does', () => {
    const [plain] = connections('corpus/cs_tcp_teardown.pcapng', true);
    const connection: ConnectionReport = { ...plain!, durationSeconds: Number.NaN, acceptDelay: Number.POSITIVE_INFINITY };
    expect(connectionJson(connection)).toBe(JSON.stringify(connection));
  });
});
