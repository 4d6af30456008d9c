// A second, independent capture of a lab's traffic for end-to-end tests: tcpdump in its own container on the
// engine host's network namespace, listening on every interface. It owns no lab label, so it lives on when
// the lab removes its containers and network, and it is stopped with a signal only after the lab has ended;
// its e2e label lets the next run remove it if this one is killed first (test/setup/e2e-leftovers.ts).
// On "any" each bridged segment is seen twice (entering the bridge from the sender's veth, leaving it to
// the receiver's); `outbound` keeps the copy that was delivered to the receiving container.
import { randomBytes } from 'node:crypto';
import type { ContainerRuntime } from '../../src/docker/runtime.js';
import { LIMITS } from '../../src/lab/plan.js';
import { withTimeout } from '../../src/waiting.js';
import { e2eLabels } from '../setup/e2e-leftovers.ts';

export interface SecondCapture {
  /** Stops tcpdump with SIGINT and resolves with the pcap it wrote, and its closing counters. */
  stop(): Promise<{ pcap: Buffer; stats: string[] }>;
  /** Removes the container (idempotent; for the test's cleanup, also after a failure). */
  remove(): Promise<void>;
}

/** Starts tcpdump on the host's interfaces for TCP segments to or from `port`; resolves once it listens. */
export async function startSecondCapture(runtime: ContainerRuntime, captureImage: string, port: number): Promise<SecondCapture> {
  const id = await runtime.createContainer({
    ...LIMITS,
    name: `lab-e2e-second-capture-${randomBytes(4).toString('hex')}`,
    image: captureImage,
    entrypoint: ['tcpdump'],
    // Only the headers are compared: with 200 bytes a packet, its 16 MiB kernel buffer holds tens of
    // thousands, so that this capture itself loses nothing on a loaded test machine.
    cmd: ['--immediate-mode', '-U', '-n', '-s', '200', '-B', '16384', '-i', 'any', '-w', '-', `outbound and tcp port ${port}`],
    labels: e2eLabels(),
    networkMode: 'host',
    capAdd: ['NET_RAW', 'SETUID', 'SETGID'],
    cpus: 1, // a whole CPU, as the lab's own capture has; an engine on a 1-CPU machine refuses more
    pidsLimit: 16,
    memoryBytes: 128 * 1024 * 1024,
  });
  const removed = { done: false };
  const remove = async () => {
    if (removed.done) return;
    removed.done = true;
    await runtime.removeContainer(id);
  };
  try {
    const streams = await runtime.attach(id);
    const chunks: Buffer[] = [];
    let stderr = '';
    streams.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => streams.stdout.on('end', resolve).on('close', resolve));
    const listening = new Promise<void>((resolve, reject) => {
      streams.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (/listening on any/.test(stderr)) resolve();
      });
      ended.then(() => reject(new Error(`the second tcpdump ended before listening: ${stderr.trim() || 'it printed nothing'}`)));
    });
    await runtime.startContainer(id);
    await withTimeout(listening, 15_000, 'tcpdumpStart');
    return {
      async stop() {
        await runtime.signalContainer(id, 'SIGINT'); // tcpdump flushes its last packets, prints its counters and exits
        await withTimeout(ended, 10_000, 'tcpdumpStop');
        return { pcap: Buffer.concat(chunks), stats: stderr.split('\n').filter((line) => /packets/.test(line)) };
      },
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
