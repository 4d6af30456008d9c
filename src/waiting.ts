// Waiting with a deadline and an abort signal: the one implementation every layer uses.
import { TimeoutError, type WaitingFor } from './errors.js';

/** Settles with the promise, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Like abortable, and rejects with a TimeoutError after `ms`; `printed` (what the awaited program said so
 * far) is read when the time is up. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: WaitingFor, signal?: AbortSignal, printed?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms, printed?.())), ms);
  });
  return abortable(Promise.race([promise, timeout]), signal).finally(() => clearTimeout(timer));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return abortable(new Promise((resolve) => setTimeout(resolve, ms)), signal);
}
