// A FIN sent again at another sequence number (a peer that breaks the rules, or a damaged capture): a FIN
// takes one sequence number, fixed once sent (RFC 9293 3.10.7.4), so the first FIN's number is the one an
// acknowledgement must cover; the stray copy changes neither it nor the states.
import { describe, expect, it } from 'vitest';
import { ACK, Capture, Conversation, FIN, PSH } from '../../test/helpers/conversation.ts';
import { analyseCapture } from './analyse-capture.js';

const CLIENT = { ip: '10.0.0.1', port: 40000, isn: 100 };
const SERVER = { ip: '10.0.0.2', port: 80, isn: 500 };

function analysed(play: (c: Conversation) => void) {
  const capture = new Capture(1_700_000_000);
  play(new Conversation(capture, CLIENT, SERVER));
  const [connection] = analyseCapture([capture.pcap()]).connections;
  return connection!;
}

describe('a FIN sent again at another sequence number', () => {
  it('leaves the first FIN’s number: the ACK of it and the server’s FIN end the connection in TIME-WAIT', () => {
    const connection = analysed((c) => {
      c.handshake();
      c.send('client', FIN | ACK); // seq 101: the FIN is number 101, acknowledged by 102
      c.send('client', FIN | ACK, { seq: 5000 });
      c.send('server', ACK, { ack: 102 });
      c.send('server', FIN | ACK, { ack: 102 });
      c.send('client', ACK, { seq: 102 });
    });
    expect(connection.outcome).toBe('closed');
    expect(connection.packets!.map((p) => `${p.states.client}/${p.states.server}`).slice(3)).toEqual([
      'FIN-WAIT-1/CLOSE-WAIT',
      'FIN-WAIT-1/CLOSE-WAIT',
      'FIN-WAIT-2/CLOSE-WAIT',
      'TIME-WAIT/LAST-ACK',
      'TIME-WAIT/CLOSED',
    ]);
  });

  it('takes the first FIN as arrived once an ACK covers it, though data of the server came between', () => {
    const connection = analysed((c) => {
      c.handshake();
      c.send('client', FIN | ACK);
      c.send('server', ACK | PSH, { len: 5, ack: 101 }); // sent before the FIN arrived
      c.send('client', FIN | ACK, { seq: 5000 });
      c.send('server', ACK, { ack: 102 });
    });
    expect(connection.packets!.filter((p) => p.lost)).toEqual([]);
    expect(connection.packets!.at(-1)!.states).toEqual({ client: 'FIN-WAIT-2', server: 'CLOSE-WAIT' });
    expect(connection.outcome).toBe('open');
  });
});
