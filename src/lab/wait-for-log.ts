// Waits until a program prints a line matching a pattern (e.g. the server's listen), in its log or on its
// attached stream.
import type { ContainerRuntime } from '../docker/runtime.js';
import type { ProgramOutput } from '../session/program-output.js';
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

/** Waits until a program prints a line matching a pattern on the stream attached before it started (see
 * ProgramOutput); fails with its exit code if it exits first. Should the attach drop, its log is followed. */
export async function waitForLine(
  runtime: ContainerRuntime,
  id: string,
  output: ProgramOutput,
  what: WaitingFor,
  pattern: RegExp,
  { timeoutMs, signal }: { timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  const outcome = await withTimeout(output.lineMatching(pattern), timeoutMs, what, signal, () => output.lastLines());
  if (outcome === 'seen') return;
  if (outcome === 'dropped') return waitForLog(runtime, id, what, pattern, { timeoutMs, signal });
  const exitCode = await withTimeout(runtime.waitContainer(id, signal), timeoutMs, what, signal);
  throw new LabError('containerExitedFirst', { what, exitCode, printed: output.lastLines() });
}
