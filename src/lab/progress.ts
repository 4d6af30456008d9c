// One line per step with its duration: live (redrawn while running) on a terminal, plain lines otherwise.
// A step may report what it is doing (the images step: which image is building, at which Dockerfile step):
// on a terminal that detail rides on the live line; otherwise each detail is a line of its own. Columns are
// counted in terminal cells: a Chinese character takes two.
import { eastAsianWidth } from 'get-east-asian-width';

/** The steps `lab up` shows; their words are the CLI's (src/cli/i18n/). */
export type StepId = 'docker' | 'images' | 'network' | 'ready' | 'client' | 'captured' | 'reports' | 'removed' | 'clientRemoved';

export interface StepTiming {
  step: StepId;
  ms: number;
  ok: boolean;
}

/** One Dockerfile instruction the engine started while building an image. */
export interface BuildStep {
  tag: string;
  step: number;
  steps: number;
  instruction: string;
}

/** What a running step may tell: what it is doing now, and what it did when it ends. */
export interface StepReport {
  building(step: BuildStep): void;
  built(tags: string[]): void;
  /** The step waits for the engine's answer to requests it made before (a hung engine may take minutes). */
  waitingForEngine(): void;
}

export interface Progress {
  /** `subject` names what the step is about, e.g. the client's scenario. */
  step<T>(id: StepId, run: (report: StepReport) => Promise<T>, subject?: string): Promise<T>;
  readonly timings: StepTiming[];
}

/** The words of the progress lines, in the user's language. */
export interface ProgressWords {
  step(id: StepId, subject: string | undefined): string;
  building(step: BuildStep): string;
  built(tags: string[]): string;
  waitingForEngine: string;
}

interface Writable {
  write(text: string): unknown;
  columns?: number;
}

export function createProgress(out: Writable, words: ProgressWords, { live, quiet = false }: { live: boolean; quiet?: boolean }): Progress {
  const timings: StepTiming[] = [];
  let running = 0;
  return {
    timings,
    async step(id, run, subject) {
      const label = words.step(id, subject);
      const started = performance.now();
      let detail = '';
      let detailPasses = false; // a wait's detail is over when the step is
      const line = (mark: string) => {
        const text = `${mark} ${label}${' '.repeat(Math.max(1, 29 - cells(label)))}${((performance.now() - started) / 1000).toFixed(2)} s${detail ? `  ${detail}` : ''}`;
        return live ? fitTo(text, (out.columns ?? 80) - 1) : text; // one terminal row, or the redraw scrolls
      };
      // Steps may overlap (removal runs beside report writing): only the first one animates the live line.
      const animate = live && !quiet && running++ === 0;
      const ticker = animate ? setInterval(() => out.write(`\r\x1b[2K${line('…')}`), 100) : undefined;
      if (animate) out.write(line('…'));
      const report: StepReport = {
        building(step) {
          detail = words.building(step);
          if (!live && !quiet) out.write(`  ${detail}\n`);
        },
        built(tags) {
          detail = tags.length ? words.built(tags) : '';
        },
        waitingForEngine() {
          detail = words.waitingForEngine;
          detailPasses = true;
          // On a line of its own unless it rides on this step's live line (removal may run beside the reports').
          if (!quiet && !animate) out.write(`${live ? '\r\x1b[2K' : ''}  ${detail}\n`);
        },
      };
      let ok = false;
      try {
        const result = await run(report);
        ok = true;
        return result;
      } finally {
        if (live && !quiet) running--;
        clearInterval(ticker);
        if (!ok || detailPasses) detail = '';
        timings.push({ step: id, ms: Math.round(performance.now() - started), ok });
        if (!quiet) out.write(`${live ? '\r\x1b[2K' : ''}${line(ok ? '✔' : '✘')}\n`);
      }
    },
  };
}

/** Terminal cells of a progress line. Its text is the CLI's own words, image tags and Dockerfile lines (no
 * emoji, no combining marks), so each character's East Asian Width is exact: string-width's grapheme
 * segmenter and emoji tables took longer to load than everything else `lab up` shows. */
function cells(text: string): number {
  let width = 0;
  for (const character of text) width += eastAsianWidth(character.codePointAt(0)!);
  return width;
}

/** The longest start of `text` that fits in `columns` terminal cells. */
function fitTo(text: string, columns: number): string {
  if (cells(text) <= columns) return text;
  let fitted = '';
  let width = 0;
  for (const character of text) {
    width += eastAsianWidth(character.codePointAt(0)!);
    if (width > columns) break;
    fitted += character;
  }
  return fitted;
}
