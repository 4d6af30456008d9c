// Scenarios are data: the steps each program runs on its connection, plus what the network does.
// The programs only execute the steps (images/common/steps.h); nothing in the orchestrator branches
// on a scenario's name.
import type { Scenario } from '../config/lab-config.js';

export type { Scenario };

/** One connection of a preset's capture, as the analyser must classify it (checked by the end-to-end tests). */
export interface ConnectionExpectation {
  kind: 'four-way' | 'three-way' | 'simultaneous' | 'reset' | null | ('four-way' | 'three-way')[];
  initiator: 'client' | 'server' | 'both' | null;
  halfClose: boolean;
  outcome: 'closed' | 'reset' | 'refused' | 'open';
  /** A list: any of these (how often the kernel retries a SYN in a given time depends on its version). */
  synRetransmissions: number | number[];
  timeWait: 'client' | 'server' | 'both' | null;
  /** Whether the three-way handshake completed, where that is the lesson. */
  handshakeComplete?: boolean;
}

export interface Expectation extends ConnectionExpectation {
  connections: number;
  /** The first `count` connections (in the order they start) differ from the rest: these are theirs. */
  first?: { count: number } & ConnectionExpectation;
}

export interface Preset extends Scenario {
  name: string;
  /** One line for the index page: what this run shows. */
  summary: string;
  /** One line for the README: what the student should look for. */
  lookFor: string;
  expect: Expectation;
}

const ECHO_THEN_WAIT_FOR_FIN = ['write', 'read', 'read-until-eof'];
const closed = { halfClose: false, outcome: 'closed', synRetransmissions: 0, connections: 1 } as const;

export const PRESETS: Preset[] = [
  {
    name: 'echo',
    summary: 'The experiment as it was: the server echoes and closes first; four separate teardown segments.',
    lookFor: 'SYN, SYN-ACK, ACK; the echo; then FIN from the server, the client’s ACK, the client’s FIN 200 ms later, the last ACK. The server ends in TIME-WAIT.',
    server: { steps: ['read', 'echo', 'close'] },
    client: { steps: [...ECHO_THEN_WAIT_FOR_FIN, 'sleep:200', 'close', 'settle'] },
    expect: { ...closed, kind: 'four-way', initiator: 'server', timeWait: 'server' },
  },
  {
    name: 'client-close',
    summary: 'The client closes first, right after it receives the echo; the server closes when it reads end-of-file.',
    lookFor: 'the first FIN now comes from the client, so the client is the one that ends in TIME-WAIT.',
    server: { steps: ['read', 'echo', 'read-until-eof', 'close'] },
    client: { steps: ['write', 'read', 'close', 'settle'] },
    expect: { ...closed, kind: ['three-way', 'four-way'], initiator: 'client', timeWait: 'client' },
  },
  {
    name: 'three-way-close',
    summary: 'The server closes first and the client closes at once: its ACK rides on its own FIN (FIN, FIN+ACK, ACK).',
    lookFor: 'only three teardown segments: the client’s delayed ACK was still pending when its program closed, so one segment carries both.',
    server: { steps: ['read', 'echo', 'close'] },
    client: { steps: [...ECHO_THEN_WAIT_FOR_FIN, 'close', 'settle'] },
    expect: { ...closed, kind: 'three-way', initiator: 'server', timeWait: 'server' },
  },
  {
    name: 'four-way-close',
    summary: 'The client closes first; the server waits 300 ms before it closes: FIN, ACK, FIN, ACK.',
    lookFor: 'the client in FIN-WAIT-2 for 300 ms while the server sits in CLOSE-WAIT; then the server’s FIN and the last ACK.',
    server: { steps: ['read', 'echo', 'read-until-eof', 'sleep:300', 'close'] },
    client: { steps: ['write', 'read', 'close', 'settle'] },
    expect: { ...closed, kind: 'four-way', initiator: 'client', timeWait: 'client' },
  },
  {
    name: 'half-close',
    summary: 'The client calls shutdown(SHUT_WR) after sending; the server keeps sending after the client’s FIN, then closes.',
    lookFor: 'data from the server after the client’s FIN: a FIN closes one direction only.',
    server: { steps: ['read', 'echo', 'read-until-eof', 'write', 'close'] },
    client: { steps: ['write', 'shutdown', 'read-until-eof', 'close', 'settle'] },
    expect: { ...closed, kind: 'four-way', initiator: 'client', halfClose: true, timeWait: 'client' },
  },
  {
    name: 'reset',
    summary: 'The client aborts with SO_LINGER 0: close() sends an RST instead of a FIN.',
    lookFor: 'one RST from the client and no FIN at all; nobody enters TIME-WAIT.',
    server: { steps: ['read', 'echo', 'read-until-eof', 'close'] },
    client: { steps: ['write', 'read', 'linger0', 'close', 'settle'] },
    expect: { ...closed, kind: 'reset', initiator: 'client', outcome: 'reset', timeWait: null },
  },
  {
    name: 'server-reset',
    summary: 'The server aborts with SO_LINGER 0 after the echo: its close() sends an RST.',
    lookFor: 'the RST from the server right after the echo; the client’s read() fails with “Connection reset by peer”.',
    server: { steps: ['read', 'echo', 'sleep:50', 'linger0', 'close'] },
    client: { steps: [...ECHO_THEN_WAIT_FOR_FIN, 'close', 'settle'] },
    expect: { ...closed, kind: 'reset', initiator: 'server', outcome: 'reset', timeWait: null },
  },
  {
    name: 'refused',
    summary: 'The client connects to a port where nothing listens: the SYN is answered by an RST.',
    lookFor: 'SYN, then RST+ACK from the server’s kernel; connect() fails with “Connection refused”.',
    server: { steps: ['read', 'echo', 'close'] },
    client: { steps: ['write', 'read', 'close', 'settle'], target: 'closed-port' },
    expect: { ...closed, kind: 'reset', initiator: 'server', outcome: 'refused', timeWait: null },
  },
  {
    name: 'syn-retry',
    summary: 'The first SYN is dropped on the way in; the client’s kernel sends it again about 1 s later.',
    lookFor: 'two SYNs with the same ISN, one second apart, before the SYN-ACK.',
    server: { steps: ['read', 'echo', 'close'], dropFirst: 'syn' },
    client: { steps: [...ECHO_THEN_WAIT_FOR_FIN, 'sleep:200', 'close', 'settle'] },
    expect: { ...closed, kind: 'four-way', initiator: 'server', timeWait: 'server', synRetransmissions: 1 },
  },
  {
    name: 'multi-client',
    summary: 'Five clients connect at once; the fork server serves each in its own process.',
    lookFor: 'five connections, each with its own client port; in the events, one server pid per connection.',
    server: { steps: ['read', 'echo', 'close'] },
    client: { steps: [...ECHO_THEN_WAIT_FOR_FIN, 'sleep:200', 'close', 'settle'], count: 5 },
    expect: { ...closed, kind: 'four-way', initiator: 'server', timeWait: 'server', connections: 5 },
  },
  {
    name: 'ipv6',
    summary: 'The echo exchange over IPv6 on the lab’s private network.',
    lookFor: 'the same handshake and teardown with IPv6 addresses; the MSS is 20 bytes smaller (the IPv6 header is 40 bytes).',
    server: { steps: ['read', 'echo', 'close'] },
    client: { steps: [...ECHO_THEN_WAIT_FOR_FIN, 'sleep:200', 'close', 'settle'] },
    ipv6: true,
    expect: { ...closed, kind: 'four-way', initiator: 'server', timeWait: 'server' },
  },
  {
    name: 'simultaneous-close',
    summary: 'Both sides close at once and their FINs cross: each FIN leaves before the other’s arrives.',
    lookFor: 'a FIN from each side, neither acknowledging the other’s; both pass through CLOSING and both end in TIME-WAIT.',
    // To make the FINs cross on every run, the server's namespace drops the client's first FIN (the
    // capture still sees it): the server closes 150 ms later without having received it, and the
    // client's retransmitted FIN arrives after that, as if the first had been slow on the wire.
    server: { steps: ['read', 'echo', 'sleep:150', 'close'], dropFirst: 'fin' },
    client: { steps: ['write', 'read', 'sleep:50', 'close', 'settle'] },
    expect: { ...closed, kind: 'simultaneous', initiator: 'both', timeWait: 'both' },
  },
  {
    name: 'backlog',
    summary: 'The server listens with backlog 1 and never calls accept(); five clients connect, 100 ms apart.',
    lookFor: 'two handshakes complete though nobody calls accept() (backlog 1 lets the accept queue hold two); the later clients’ SYNs get no answer while the queue is full: the server drops them, and each client sends its SYN again until it gives up after 3.5 s.',
    server: { accept: false, backlog: 1 },
    client: { steps: ['write', 'sleep:100', 'close'], count: 5, stagger: 100, connectTimeout: 3500 },
    expect: {
      ...closed,
      connections: 5,
      // The first two: established and sent their message (the server's kernel acknowledged it, no program
      // read it), then the client's FIN, which the server never answers with its own: it never accepted.
      first: { ...closed, count: 2, handshakeComplete: true, kind: null, initiator: 'client', outcome: 'open', timeWait: null },
      // The other three: SYNs only, each sent again about once a second (Linux 6.5 and later retry linearly
      // at first; older kernels after 1 s and 3 s) until the client gives up after 3.5 s.
      handshakeComplete: false,
      kind: null,
      initiator: null,
      outcome: 'open',
      timeWait: null,
      synRetransmissions: [2, 3],
    },
  },
  {
    name: 'fastopen',
    summary: 'TCP Fast Open: the first connection gets a cookie from the server; the second sends its message inside the SYN.',
    lookFor: 'in the first SYN an empty Fast Open option (a cookie request) and in its SYN-ACK the cookie; the second SYN carries the cookie and the message, and its SYN-ACK acknowledges them (ISN + 1 + the message’s length).',
    server: { steps: ['read', 'echo', 'read-until-eof', 'close'] },
    client: { steps: ['write', 'read', 'close', 'settle'], count: 2, stagger: 300 },
    fastOpen: true,
    expect: { ...closed, kind: ['three-way', 'four-way'], initiator: 'client', timeWait: 'client', connections: 2 },
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}

export function presetNames(): string[] {
  return PRESETS.map((preset) => preset.name);
}
