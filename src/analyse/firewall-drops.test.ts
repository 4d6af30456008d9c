// The causes a lab gives to the segments it knows are dropped after the capture point: only a lost segment
// the client sent to the dropping port, of the kind the drop names (a SYN, or a FIN), gets one.
import { describe, expect, it } from 'vitest';
import { ACK, Capture, Conversation, FIN, SYN } from '../../test/helpers/conversation.ts';
import { analyseCapture } from './analyse-capture.js';
import type { KnownDrop, PacketReport } from './report-model.js';

const CLIENT = { ip: '10.0.0.1', port: 40000, isn: 1_000 };
const SERVER = { ip: '10.0.0.2', port: 8899, isn: 5_000 };

/** Captured at the server, as a lab captures: the first SYN and the client's first FIN go unanswered and are
 * sent again, so both are lost; the server's first FIN is lost too (the client's ACK after it does not
 * acknowledge it, and it goes again). */
function lossyConversation(): Capture {
  const capture = new Capture();
  const talk = new Conversation(capture, CLIENT, SERVER);
  talk.send('client', SYN);
  talk.send('client', SYN, { seq: CLIENT.isn, after: 1 });
  talk.send('server', SYN | ACK);
  talk.send('client', ACK);
  const clientFin = talk.nextSeq('client');
  talk.send('client', FIN | ACK);
  talk.send('client', FIN | ACK, { seq: clientFin, after: 0.2 });
  talk.send('server', ACK);
  const serverFin = talk.nextSeq('server');
  talk.send('server', FIN | ACK);
  talk.send('client', ACK, { ack: serverFin });
  talk.send('server', FIN | ACK, { seq: serverFin, after: 0.2 });
  talk.send('client', ACK);
  return capture;
}

function lostPackets(drops?: readonly KnownDrop[]): Pick<PacketReport, 'frame' | 'from' | 'lostCause' | 'lostBacklog'>[] {
  const [connection] = analyseCapture([lossyConversation().pcap()], { capturedAtServer: true, drops }).connections;
  return connection!.packets!.filter((p) => p.lost).map(({ frame, from, lostCause, lostBacklog }) => ({ frame, from, lostCause, lostBacklog }));
}

describe('known drops', () => {
  it('the conversation loses the first SYN (frame 1), the client’s first FIN (5) and the server’s first FIN (8), with no cause of their own', () => {
    expect(lostPackets()).toEqual([
      { frame: 1, from: 'client', lostCause: undefined, lostBacklog: undefined },
      { frame: 5, from: 'client', lostCause: undefined, lostBacklog: undefined },
      { frame: 8, from: 'server', lostCause: undefined, lostBacklog: undefined },
    ]);
  });

  it('a full accept queue explains the lost SYN to its port, with the backlog; not the FINs, nor the SYN sent again', () => {
    expect(lostPackets([{ segment: 'syn', port: SERVER.port, cause: 'accept-queue-full', backlog: 3 }])).toEqual([
      { frame: 1, from: 'client', lostCause: 'accept-queue-full', lostBacklog: 3 },
      { frame: 5, from: 'client', lostCause: undefined, lostBacklog: undefined },
      { frame: 8, from: 'server', lostCause: undefined, lostBacklog: undefined },
    ]);
  });

  it('a firewall rule on FINs explains the client’s lost FIN only, without a backlog; one on SYNs the lost SYN only', () => {
    expect(lostPackets([{ segment: 'fin', port: SERVER.port, cause: 'scenario-firewall' }])).toEqual([
      { frame: 1, from: 'client', lostCause: undefined, lostBacklog: undefined },
      { frame: 5, from: 'client', lostCause: 'scenario-firewall', lostBacklog: undefined },
      { frame: 8, from: 'server', lostCause: undefined, lostBacklog: undefined },
    ]);
    expect(lostPackets([{ segment: 'syn', port: SERVER.port, cause: 'scenario-firewall' }]).map((p) => p.lostCause)).toEqual(['scenario-firewall', undefined, undefined]);
  });

  it('a drop on another port explains nothing; one on the client’s port does not reach the server’s segments', () => {
    expect(lostPackets([{ segment: 'syn', port: 9999, cause: 'accept-queue-full', backlog: 3 }, { segment: 'fin', port: 9999, cause: 'scenario-firewall' }]).map((p) => p.lostCause)).toEqual([undefined, undefined, undefined]);
    expect(lostPackets([{ segment: 'fin', port: CLIENT.port, cause: 'scenario-firewall' }]).map((p) => p.lostCause)).toEqual([undefined, undefined, undefined]);
  });

  it('the first matching drop gives the cause', () => {
    const drops: KnownDrop[] = [
      { segment: 'syn', port: SERVER.port, cause: 'scenario-firewall' },
      { segment: 'syn', port: SERVER.port, cause: 'accept-queue-full', backlog: 3 },
    ];
    expect(lostPackets(drops)[0]).toEqual({ frame: 1, from: 'client', lostCause: 'scenario-firewall', lostBacklog: undefined });
  });
});
