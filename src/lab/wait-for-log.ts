// Waits until a container prints a line matching a pattern (e.g. tcpdump's "listening on").
import { LabError, TimeoutError } from '../errors.js';
import type { ContainerRuntime } from '../docker/runtime.js';

export async function waitForLog(
  runtime: ContainerRuntime,
  id: string,
  what: string,
  pattern: RegExp,
  { timeoutMs, signal }: { timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  const seen: string[] = [];
  let follower: { stop(): void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopWaiting = new AbortController(); // an open wait request would keep the process alive
  try {
    await new Promise<void>((resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => reject(new TimeoutError(`${what} (it printed: ${seen.slice(-5).join(' | ') || 'nothing'})`, timeoutMs)), timeoutMs);
      runtime
        .followLogs(id, (_stream, line) => {
          seen.push(line);
          if (pattern.test(line)) resolve();
        })
        .then((f) => (follower = f), reject);
      runtime.waitContainer(id, stopWaiting.signal).then(
        (code) => reject(new LabError('EXPERIMENT', `${what}: the container exited (code ${code}) first; it printed: ${seen.slice(-5).join(' | ') || 'nothing'}`)),
        () => {},
      );
    });
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    follower?.stop();
    stopWaiting.abort();
  }
}
