// `lab up --interactive`: the terminal front end of a live lab session. The student types socket calls
// (connect, send, server accept, …) and sees each call's result and every packet as it arrives, with both
// sides' states. Input may be a TTY (prompt, history, Ctrl-C) or a pipe (a scripted session); with --json
// every packet, call and result is one JSON line on stdout.
import { createInterface } from 'node:readline';
import type { Side } from '../analyse/report-model.js';
import type { CliIo } from '../cli/io.js';
import type { LivePacket } from '../session/live-packets.js';
import type { LabSession, LiveEvent } from '../session/lab-session.js';
import type { ProgramRole, Reply } from '../session/program-channel.js';

export interface TerminalOptions {
  input: NodeJS.ReadableStream;
  io: CliIo;
  /** A TTY: a prompt and line editing; otherwise lines are read as they come (a pipe). */
  tty: boolean;
  json: boolean;
  /** The session ends itself after this long without a command. */
  idleMs: number;
}

const VERBS: Record<ProgramRole, string[]> = {
  client: ['connect', 'send', 'recv', 'shutdown', 'close', 'abort'],
  server: ['accept', 'send', 'recv', 'shutdown', 'close', 'abort'],
};

const HELP = `commands (each makes one socket call; #N picks a connection, the latest by default):
  connect                 client: socket() + connect(): a new connection #1, #2, …
  send [#N] TEXT          client: send() TEXT
  recv [#N]               client: recv() what has arrived (says so after 200 ms if nothing has)
  shutdown [#N]           client: shutdown(SHUT_WR): a FIN, the socket still reads
  close [#N]              client: close()
  abort [#N]              client: SO_LINGER 0, then close(): an RST instead of a FIN
  server accept           server: accept() the oldest connection of the accept queue
  server send|recv|shutdown|close|abort [#N] …   the same calls on the server's side
  status                  each connection's state on both sides, read from the kernel
  help                    this list
  quit                    write the capture and the reports, remove the lab (also Ctrl-D, Ctrl-C)`;

const CALLS: Record<string, string> = { connect: 'connect()', accept: 'accept()', send: 'send()', recv: 'recv()', shutdown: 'shutdown(SHUT_WR)', close: 'close()', abort: 'close() after SO_LINGER 0' };

export class InteractiveTerminal {
  /** Set when the session ended by Ctrl-C: the outputs are still written, and `lab up` exits 130. */
  interrupted = false;
  private readonly connectionIds = new Map<number, number>();
  private endSession: ((reason: 'interrupted' | 'idle') => void) | undefined;
  private prompting = false;

  constructor(private readonly options: TerminalOptions) {}

  /** Ends the session as if the user had typed quit, but marked interrupted (Ctrl-C). */
  interrupt(): void {
    this.interrupted = true;
    this.endSession?.('interrupted');
  }

  /** Live events from the session, printed as they arrive. */
  readonly onLive = (event: LiveEvent): void => {
    if (this.options.json) {
      if (event.type === 'packet') this.line(JSON.stringify({ type: 'packet', conn: this.connectionId(event.packet.clientPort), ...event.packet }));
      else if (event.type === 'call') this.line(JSON.stringify({ type: 'call', ...event.event }));
      else this.line(JSON.stringify({ type: 'result', role: event.role, ...event.reply }));
      return;
    }
    if (event.type === 'packet') this.line(this.packetLine(event.packet));
    else if (event.type === 'reply') this.line(replyLine(event.role, event.reply));
  };

  /** The drive of `lab up --interactive`: commands until quit, EOF, Ctrl-C or the idle time. */
  async drive(lab: LabSession, signal: AbortSignal): Promise<number> {
    const { io, tty, json, idleMs, input } = this.options;
    const server = lab.plan!.server;
    const address = `${server.ipv6Address ? `[${server.ipv6Address}]` : server.ipv4Address}:${lab.plan!.server.cmd[lab.plan!.server.cmd.indexOf('--port') + 1]}`;
    const backlog = server.cmd[server.cmd.indexOf('--backlog') + 1];
    if (json) this.line(JSON.stringify({ type: 'ready', server: address, backlog: Number(backlog), autoAccept: server.cmd.includes('--auto-accept') }));
    else this.line(`✔ server ${address} listening (backlog ${backlog}), capture running — type help`);

    const rl = createInterface({ input, output: tty ? (io.stdout as NodeJS.WritableStream) : undefined, terminal: tty, prompt: 'lab> ', historySize: 200 });
    const ended = new Promise<'interrupted' | 'idle'>((resolve) => (this.endSession = resolve));
    rl.on('SIGINT', () => this.interrupt()); // a TTY in raw mode: Ctrl-C reaches readline, not the process
    let idle: NodeJS.Timeout | undefined;
    const lines = rl[Symbol.asyncIterator]();
    try {
      for (;;) {
        clearTimeout(idle);
        idle = setTimeout(() => this.endSession?.('idle'), idleMs);
        this.prompt(rl);
        const next = await Promise.race([lines.next(), ended]);
        this.prompting = false;
        if (typeof next === 'string') {
          if (next === 'idle') this.line(`the session was idle for ${Math.round(idleMs / 60_000)} min: ending it`);
          break;
        }
        if (next.done) break;
        if (!(await this.execute(next.value.trim(), lab, signal))) break;
      }
    } finally {
      clearTimeout(idle);
      rl.close();
    }
    return 0;
  }

  /** Runs one command line; false when it ends the session. */
  private async execute(line: string, lab: LabSession, signal: AbortSignal): Promise<boolean> {
    if (!line) return true;
    const [first = '', ...rest] = line.split(/\s+/);
    const verb = first.toLowerCase();
    if (verb === 'quit' || verb === 'exit') return false;
    if (verb === 'help') {
      this.line(HELP);
      return true;
    }
    if (verb === 'status') {
      for (const role of ['client', 'server'] as const) this.showReply(role, await lab.command(role, 'status', signal));
      return true;
    }
    const role: ProgramRole = verb === 'server' ? 'server' : 'client';
    const command = role === 'server' ? rest.join(' ') : line;
    const commandVerb = (command.split(/\s+/)[0] ?? '').toLowerCase();
    if (!VERBS[role].includes(commandVerb)) {
      this.line(role === 'server' && !commandVerb ? 'server what? type help' : `unknown command "${line}"; type help for the list`);
      return true;
    }
    this.showReply(role, await lab.command(role, command, signal));
    return true;
  }

  private showReply(role: ProgramRole, reply: Reply): void {
    if (this.options.json) this.line(JSON.stringify({ type: 'result', role, ...reply }));
    else this.line(replyLine(role, reply));
  }

  private packetLine(p: LivePacket): string {
    const label = `${p.flags.join(',')} seq=${p.seq}${p.ack !== null ? ` ack=${p.ack}` : ''}${p.len ? ` len=${p.len}` : ''}`;
    const width = 36;
    const arrow = p.from === 'client' ? `client ──${label} ${'─'.repeat(Math.max(2, width - label.length))}▶ server` : `client ◀── ${label} ${'─'.repeat(Math.max(1, width - label.length - 1))} server`;
    const changed = p.changed.map((side: Side) => `${side} ${p.states[side]}`).join(', ');
    const id = this.connectionIds.size > 1 || this.connectionId(p.clientPort) > 1 ? `#${this.connectionId(p.clientPort)} ` : '';
    return `  +${p.time.toFixed(6)}  ${id}${arrow}${changed ? `   ${changed}` : ''}`;
  }

  /** Connections are numbered as their first packet appears, as the client numbers its connects. */
  private connectionId(clientPort: number): number {
    let id = this.connectionIds.get(clientPort);
    if (id === undefined) this.connectionIds.set(clientPort, (id = this.connectionIds.size + 1));
    return id;
  }

  private prompt(rl: ReturnType<typeof createInterface>): void {
    if (!this.options.tty) return;
    this.prompting = true;
    rl.prompt();
  }

  /** One line of output; on a TTY the prompt is redrawn below it when a packet arrives while it waits. */
  private line(text: string): void {
    const { stdout } = this.options.io;
    if (this.options.tty && this.prompting) stdout.write(`\r\x1b[2K${text}\nlab> `);
    else stdout.write(`${text}\n`);
  }
}

function replyLine(role: ProgramRole, r: Reply): string {
  const who = `  ${role}:`;
  if (r.problem) return `${who} ${r.problem}`;
  if (r.cmd === 'status') return statusLines(role, r);
  const call = CALLS[r.cmd] ?? `${r.cmd}()`;
  const conn = r.conn !== undefined ? ` #${r.conn}` : '';
  if (r.pending) return `${who} ${call}${conn} still in progress after 1 s (its SYN is not answered; the kernel retransmits it)`;
  if (!r.ok) {
    if (r.nothingToRead) return `${who} ${call}${conn}: nothing to read (waited 200 ms)`;
    if (r.nothingQueued) return `${who} ${call}: the accept queue is empty (waited 200 ms)`;
    return `${who} ${call}${conn} = ${r.ret} ${r.errno} (${r.error})${r.late ? ', at last' : ''}`;
  }
  const late = r.late ? ', at last' : '';
  if (r.cmd === 'recv') return r.eof ? `${who} recv()${conn} = 0: the peer's FIN, end of stream` : `${who} recv()${conn} = ${r.ret}: ${JSON.stringify(r.data)}`;
  if (r.cmd === 'accept') return `${who} accept() = ${r.ret}: connection #${r.conn} from ${r.peer}:${r.peerPort}${r.auto ? ' (--auto-accept)' : ''}`;
  if (r.cmd === 'connect') return `${who} connect() = ${r.ret}: connection #${r.conn}, local port ${r.localPort}${late}`;
  return `${who} ${call}${conn} = ${r.ret}`;
}

function statusLines(role: ProgramRole, r: Reply): string {
  const connections = (r.connections as { conn: number; state: string; localPort: number; peerPort: number }[] | undefined) ?? [];
  const lines = connections.map((c) => `  ${role} #${c.conn}: ${c.state} (port ${c.localPort} ↔ ${c.peerPort})`);
  const listen = r.listen as { port: number; state: string; acceptQueue: number; backlog: number } | undefined;
  if (listen) lines.push(`  server: ${listen.state} on port ${listen.port}, accept queue ${listen.acceptQueue} of backlog ${listen.backlog}`);
  return lines.length ? lines.join('\n') : `  ${role}: no connection`;
}
