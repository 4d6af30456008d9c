// `lab up --interactive`: the terminal front end of a live lab session. The student types socket calls
// (connect, send, server accept, …) and sees each call's result and every packet as it arrives, with both
// sides' states. Input may be a TTY (prompt, history, Ctrl-C) or a pipe (a scripted session); with --json
// every packet, call and result is one JSON line on stdout.
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import type { Side } from '../analyse/report-model.js';
import { MAX_MESSAGE_BYTES } from '../config/steps.js';
import type { CliIo } from '../cli/io.js';
import type { LiveTexts } from '../cli/i18n/messages.js';
import { parseCommand } from '../session/command-grammar.js';
import type { LivePacket } from '../session/live-packets.js';
import type { LabSession, LiveEvent } from '../session/lab-session.js';
import type { ProgramRole, Reply } from '../session/program-channel.js';

/** A call's segments have all been captured once none has arrived for this long… */
const CAPTURE_QUIET_MS = 40;
/** …or after this long, whatever comes (a SYN retransmitted for seconds is printed when it comes). */
const CAPTURE_SETTLE_MAX_MS = 300;

export interface TerminalOptions {
  input: NodeJS.ReadableStream;
  io: CliIo;
  /** A TTY: a prompt and line editing; otherwise lines are read as they come (a pipe). */
  tty: boolean;
  json: boolean;
  /** The session ends itself after this long without a command. */
  idleMs: number;
  /** Its words, in the user's language. */
  words: LiveTexts;
}

export class InteractiveTerminal {
  /** Set when the session ended by Ctrl-C: the outputs are still written, and `lab up` exits 130. */
  interrupted = false;
  private readonly connectionIds = new Map<number, number>();
  private endSession: ((reason: 'interrupted' | 'idle') => void) | undefined;
  private prompting = false;
  /** When the capture last delivered a segment (performance.now()). */
  private lastPacketAt = 0;

  constructor(private readonly options: TerminalOptions) {}

  /** Ends the session as if the user had typed quit, but marked interrupted (Ctrl-C). */
  interrupt(): void {
    this.interrupted = true;
    this.endSession?.('interrupted');
  }

  /** Live events from the session, printed as they arrive. */
  readonly onLive = (event: LiveEvent): void => {
    if (event.type === 'packet') this.lastPacketAt = performance.now();
    if (this.options.json) {
      if (event.type === 'packet') this.line(JSON.stringify({ type: 'packet', conn: this.connectionId(event.packet.clientPort), ...event.packet }));
      else if (event.type === 'call') this.line(JSON.stringify({ type: 'call', ...event.event }));
      else this.line(JSON.stringify({ type: 'result', role: event.role, ...event.reply }));
      return;
    }
    if (event.type === 'packet') this.line(this.packetLine(event.packet));
    else if (event.type === 'reply') this.line(this.replyLine(event.role, event.reply));
  };

  /** The drive of `lab up --interactive`: commands until quit, EOF, Ctrl-C or the idle time. */
  async drive(lab: LabSession, signal: AbortSignal): Promise<number> {
    const { io, tty, json, idleMs, input, words } = this.options;
    const server = lab.plan!.server;
    const address = `${server.ipv6Address ? `[${server.ipv6Address}]` : server.ipv4Address}:${lab.plan!.server.cmd[lab.plan!.server.cmd.indexOf('--port') + 1]}`;
    const backlog = server.cmd[server.cmd.indexOf('--backlog') + 1];
    if (json) this.line(JSON.stringify({ type: 'ready', server: address, backlog: Number(backlog), autoAccept: server.cmd.includes('--auto-accept') }));
    else this.line(words.ready(address, backlog!));

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
          if (next === 'idle') this.line(words.idleEnded(Math.round(idleMs / 60_000)));
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
    const command = parseCommand(line);
    const words = this.options.words;
    switch (command.kind) {
      case 'empty':
        return true;
      case 'quit':
        return false;
      case 'help':
        this.line(words.help);
        return true;
      case 'status':
        for (const role of ['client', 'server'] as const) this.showReply(role, await lab.command(role, 'status', signal));
        return true;
      case 'invalid': {
        const why = { unknown: words.unknownCommand(line, command.nearest), 'server-what': words.serverWhat, 'message-too-long': words.messageTooLong(MAX_MESSAGE_BYTES), 'bad-connection': words.badConnection(line) };
        this.line(why[command.reason]);
        return true;
      }
      case 'program': {
        const reply = await lab.command(command.role, command.line, signal);
        await this.captureSettled(signal);
        this.showReply(command.role, reply);
        return true;
      }
    }
  }

  /** Waits until the capture has been quiet for a moment (at most a fraction of a second): the segments a
   * call caused reach the capture a little after the call returns, and are printed before its result, in the
   * order they happened, also when commands come faster than a person types (a pipe). */
  private async captureSettled(signal: AbortSignal): Promise<void> {
    const start = performance.now();
    for (;;) {
      const now = performance.now();
      const quiet = now - Math.max(this.lastPacketAt, start);
      if (quiet >= CAPTURE_QUIET_MS || now - start >= CAPTURE_SETTLE_MAX_MS || signal.aborted) return;
      await delay(CAPTURE_QUIET_MS - quiet);
    }
  }

  private showReply(role: ProgramRole, reply: Reply): void {
    if (this.options.json) this.line(JSON.stringify({ type: 'result', role, ...reply }));
    else this.line(this.replyLine(role, reply));
  }

  private replyLine(role: ProgramRole, reply: Reply): string {
    const words = this.options.words;
    const who = words.sides[role];
    if (reply.cmd !== 'status' || reply.problem) return words.reply(who, reply);
    const connections = (reply.connections as { conn: number; state: string; localPort: number; peerPort: number }[] | undefined) ?? [];
    const lines = connections.map((c) => words.connectionState(who, c.conn, c.state, c.localPort, c.peerPort));
    const listen = reply.listen as { port: number; state: string; acceptQueue: number; backlog: number } | undefined;
    if (listen) lines.push(words.listening(listen.state, listen.port, listen.acceptQueue, listen.backlog));
    return lines.length ? lines.join('\n') : words.noConnection(who);
  }

  private packetLine(p: LivePacket): string {
    const label = `${p.flags.join(',')} seq=${p.seq}${p.ack !== null ? ` ack=${p.ack}` : ''}${p.len ? ` len=${p.len}` : ''}`;
    const width = 36;
    const { client, server } = this.options.words.sides;
    const arrow = p.from === 'client' ? `${client} ──${label} ${'─'.repeat(Math.max(2, width - label.length))}▶ ${server}` : `${client} ◀── ${label} ${'─'.repeat(Math.max(1, width - label.length - 1))} ${server}`;
    const changed = p.changed.map((side: Side) => `${this.options.words.sides[side]} ${p.states[side]}`).join(', ');
    const id = this.connectionIds.size > 1 || this.connectionId(p.clientPort) > 1 ? `#${this.connectionId(p.clientPort)} ` : '';
    const lost = p.neverArrived.map((s) => `\n  ${this.options.words.neverArrived(s.frame, this.options.words.sides[s.from === 'client' ? 'server' : 'client'])}`).join('');
    return `  +${p.time.toFixed(6)}  ${id}${arrow}${changed ? `   ${changed}` : ''}${lost}`;
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

