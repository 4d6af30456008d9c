// Ctrl-C (SIGINT), SIGTERM and SIGHUP while a lab runs. The first stops the run: what was created is
// removed, and the command exits 130. A second stops waiting for the engine: every call in flight is
// abandoned, and the user is told what may be left and how to remove it.
import { LabError } from '../errors.js';

export interface Interrupts extends Disposable {
  /** Aborted by the first signal: stop the run, clean up. */
  readonly stop: AbortSignal;
  /** Aborted by the second: stop waiting for the engine. */
  readonly giveUp: AbortSignal;
}

/** What the user is told at each signal, in their language. */
export interface InterruptWords {
  stopping(signal: string): string;
  givingUp(signal: string): string;
  endingSession(signal: string): string;
}

/** `endSession`: an interactive session ends on the first signal as on quit (its outputs are written);
 * the signals after it then stop and give up as above. */
export function trapInterrupts(stderr: { write(text: string): unknown }, labName: string, words: InterruptWords, endSession?: () => void): Interrupts {
  const stop = new AbortController();
  const giveUp = new AbortController();
  let sessionEnded = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (endSession && !sessionEnded) {
      sessionEnded = true;
      stderr.write(words.endingSession(signal));
      endSession();
    } else if (!stop.signal.aborted) {
      stderr.write(words.stopping(signal));
      stop.abort(new LabError('interrupted', { signal }));
    } else if (!giveUp.signal.aborted) {
      stderr.write(words.givingUp(signal));
      giveUp.abort(new LabError('gaveUpWaiting', { signal, lab: labName }));
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']; // SIGHUP: the terminal was closed
  for (const signal of signals) process.on(signal, onSignal);
  return {
    stop: stop.signal,
    giveUp: giveUp.signal,
    [Symbol.dispose]() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
