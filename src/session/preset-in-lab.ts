// A preset run inside a live lab, through the programs' command mode: each side's steps (the same steps
// the batch programs run) become socket-call commands on a new connection of its own, both sides at once,
// as the fork server and the client run them. Presets that need a lab of their own (a firewall rule, a
// closed port, IPv6, another backlog, Fast Open) are refused with the reason.
import { splitStep } from '../config/steps.js';
import { findPreset, type Preset } from '../lab/scenarios.js';
import { sleep } from '../waiting.js';
import type { ProgramRole, Reply } from './program-channel.js';

/** What the preset runner needs of the session. */
export interface CommandTarget {
  command(role: ProgramRole, line: string, signal: AbortSignal): Promise<Reply>;
}

/** Why a preset cannot run in a running lab: it changes what the lab itself is. */
export type NeedsOwnLab = 'firewall' | 'closed-port' | 'ipv6' | 'no-accept' | 'fastopen' | 'unknown';

export function needsOwnLab(preset: Preset | undefined): NeedsOwnLab | null {
  if (!preset) return 'unknown';
  if (preset.server.dropFirst) return 'firewall';
  if (preset.client.target === 'closed-port') return 'closed-port';
  if (preset.ipv6) return 'ipv6';
  if (preset.server.accept === false || preset.server.backlog !== undefined) return 'no-accept';
  if (preset.fastOpen) return 'fastopen';
  return null;
}

/** The time a `settle` step waits: the peer's last ACK and TIME-WAIT's first moments reach the capture. */
const SETTLE_MS = 200;
/** How long a read waits for data before the preset gives up on its peer. */
const READ_PATIENCE_MS = 5_000;

/** Runs the preset's steps; resolves with the client ports of the connections it made. */
export async function runPresetInLab(name: string, lab: CommandTarget, message: string, signal: AbortSignal): Promise<number[]> {
  const preset = findPreset(name)!;
  const count = preset.client.count ?? 1;
  const ports = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await sleep(i * (preset.client.stagger ?? 0), signal);
      const connected = await lab.command('client', 'connect', signal);
      return { port: Number(connected.localPort ?? 0), connected };
    }),
  );
  await Promise.all(
    ports.map(async ({ port, connected }) => {
      if (!connected.ok) return;
      const server = await acceptPeer(lab, port, signal);
      await Promise.all([runSteps(lab, 'client', connected.conn!, preset.client.steps, message, signal), server && runSteps(lab, 'server', server, preset.server.steps ?? [], message, signal)]);
    }),
  );
  return ports.filter((p) => p.connected.ok).map((p) => p.port);
}

/** Accepts until the connection from `clientPort` comes out of the queue (the student's own may be ahead). */
async function acceptPeer(lab: CommandTarget, clientPort: number, signal: AbortSignal): Promise<number | null> {
  const deadline = Date.now() + READ_PATIENCE_MS;
  while (Date.now() < deadline) {
    const reply = await lab.command('server', 'accept', signal);
    if (reply.ok && reply.peerPort === clientPort) return reply.conn!;
    if (!reply.ok && !reply.nothingQueued) return null;
  }
  return null;
}

async function runSteps(lab: CommandTarget, role: ProgramRole, conn: number, steps: readonly string[], message: string, signal: AbortSignal): Promise<void> {
  let lastRead = '';
  let lingerZero = false;
  const call = (line: string) => lab.command(role, `${line.split(' ')[0]} #${conn}${line.includes(' ') ? line.slice(line.indexOf(' ')) : ''}`, signal);
  const read = async (untilEof: boolean) => {
    const deadline = Date.now() + READ_PATIENCE_MS;
    while (Date.now() < deadline) {
      const reply = await call('recv');
      if (reply.ok && typeof reply.data === 'string') lastRead = reply.data;
      if (!reply.ok && !reply.nothingToRead) return; // reset, or the connection is gone: the step is over
      if (reply.eof || (reply.ok && !untilEof)) return;
    }
  };
  for (const step of steps) {
    const { name, ms } = splitStep(step);
    if (name === 'read') await read(false);
    else if (name === 'read-until-eof') await read(true);
    else if (name === 'write') await call(`send ${message}`);
    else if (name === 'echo' || name === 'echo-full') await call(`send ${lastRead || message}`);
    else if (name === 'shutdown') await call('shutdown');
    else if (name === 'linger0') lingerZero = true;
    else if (name === 'close') await call(lingerZero ? 'abort' : 'close');
    else if (name === 'sleep') await sleep(ms ?? 0, signal);
    else if (name === 'settle') await sleep(SETTLE_MS, signal);
  }
}
