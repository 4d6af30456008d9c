// One line per step with its duration: live (redrawn while running) on a terminal, plain lines otherwise.

export interface StepTiming {
  step: string;
  ms: number;
  ok: boolean;
}

export interface Progress {
  step<T>(label: string, run: () => Promise<T>): Promise<T>;
  readonly timings: StepTiming[];
}

interface Writable {
  write(text: string): unknown;
}

export function createProgress(out: Writable, { live, quiet = false }: { live: boolean; quiet?: boolean }): Progress {
  const timings: StepTiming[] = [];
  let running = 0;
  return {
    timings,
    async step(label, run) {
      const started = performance.now();
      const line = (mark: string) => `${mark} ${label.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(2)} s`;
      // Steps may overlap (removal runs beside report writing): only the first one animates the live line.
      const animate = live && !quiet && running++ === 0;
      const ticker = animate ? setInterval(() => out.write(`\r\x1b[2K${line('…')}`), 100) : undefined;
      if (animate) out.write(line('…'));
      let ok = false;
      try {
        const result = await run();
        ok = true;
        return result;
      } finally {
        if (live && !quiet) running--;
        clearInterval(ticker);
        timings.push({ step: label, ms: Math.round(performance.now() - started), ok });
        if (!quiet) out.write(`${live ? '\r\x1b[2K' : ''}${line(ok ? '✔' : '✘')}\n`);
      }
    },
  };
}
