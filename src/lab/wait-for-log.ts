// Waits until a container prints a line matching a pattern (e.g. tcpdump's "listening on").
import type { ContainerRuntime } from '../docker/runtime.js';
import { LabError, type WaitingFor } from '../errors.js';
import { withTimeout } from '../waiting.js';

export async function waitForLog(
  runtime: ContainerRuntime,
  id: string,
  what: WaitingFor,
  pattern: RegExp,
  { timeoutMs, signal }: { timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  const seen: string[] = [];
  const printed = () => seen.slice(-5).join(' | ') || 'nothing';
  let follower: { stop(): void } | undefined;
  let over = false; // a follow the engine answers after the wait is over is stopped at once: it would keep the process alive
  const stopWaiting = new AbortController(); // an open wait request would keep the process alive
  const matched = new Promise<void>((resolve, reject) => {
    runtime
      .followLogs(id, (_stream, line) => {
        seen.push(line);
        if (pattern.test(line)) resolve();
      })
      .then((f) => (over ? f.stop() : (follower = f)), reject);
    runtime.waitContainer(id, stopWaiting.signal).then(
      (code) => reject(new LabError('containerExitedFirst', { what, exitCode: code, printed: printed() })),
      () => {},
    );
  });
  try {
    await withTimeout(matched, timeoutMs, what, signal, printed);
  } finally {
    over = true;
    follower?.stop();
    stopWaiting.abort();
  }
}
