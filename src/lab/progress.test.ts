// The first build's progress: which image is building and its Dockerfile step, from the engine's build
// stream; one live line on a terminal, a line per step otherwise, and what was built when done.
import { describe, expect, it } from 'vitest';
import { ensureImages, parseBuildStep } from '../docker/images.js';
import type { ContainerRuntime } from '../docker/runtime.js';
import stringWidth from 'string-width';
import { en } from '../cli/i18n/en.js';
import { zhCN } from '../cli/i18n/zh-CN.js';
import { createProgress, type ProgressWords } from './progress.js';

const words: ProgressWords = { step: (id, subject) => (subject ? `${en.steps[id]} (${subject})` : en.steps[id]), building: en.building, built: en.built, waitingForEngine: en.waitingForEngine };

/** An engine whose images are missing and whose builds print Docker's and Podman's step lines. */
function buildingEngine(): ContainerRuntime {
  return {
    imageExists: async (tag: string) => tag.startsWith('debian:'),
    buildImage: async (_context: Buffer, _tag: string, _dockerfile: string, _labels: Record<string, string>, _signal?: AbortSignal, onOutput?: (line: string) => void) => {
      for (const line of ['Step 1/2 : FROM debian:bookworm-slim', ' ---> 1234', 'STEP 2/2: RUN make', 'Successfully built 5678']) onOutput?.(line);
    },
  } as unknown as ContainerRuntime;
}

function recorder(columns?: number) {
  let text = '';
  return { out: { write: (t: string) => (text += t), columns }, text: () => text };
}

describe('build progress', () => {
  it('reads the step lines of Docker and Podman', () => {
    expect(parseBuildStep('Step 3/12 : RUN apt-get install -y gcc')).toEqual({ step: 3, steps: 12, instruction: 'RUN apt-get install -y gcc' });
    expect(parseBuildStep('STEP 1/4: FROM debian:bookworm-slim AS build')).toEqual({ step: 1, steps: 4, instruction: 'FROM debian:bookworm-slim AS build' });
    expect(parseBuildStep(' ---> Running in 1234')).toBeUndefined();
  });

  it('prints a line per Dockerfile step when not on a terminal, then what was built', async () => {
    const { out, text } = recorder();
    const progress = createProgress(out, words, { live: false });
    const images = await progress.step('images', (report) => ensureImages(buildingEngine(), { report }));
    const lines = text().trimEnd().split('\n');
    const tags = Object.values(images).map((image) => image.tag);
    expect(lines.slice(0, -1)).toEqual(tags.flatMap((tag) => [`  building ${tag}: step 1/2: FROM debian:bookworm-slim`, `  building ${tag}: step 2/2: RUN make`]));
    expect(lines.at(-1)).toMatch(new RegExp(`^✔ images +\\d+\\.\\d\\d s  built ${tags.join(', ')}$`));
  });

  it('keeps one live line on a terminal, never wider than it', async () => {
    const { out, text } = recorder(100);
    const progress = createProgress(out, words, { live: true });
    await progress.step('images', async (report) => {
      report.building({ tag: 'tcp-lab/server:0123456789ab', step: 7, steps: 9, instruction: 'RUN apt-get install -y --no-install-recommends gcc libc6-dev make' });
      await new Promise((resolve) => setTimeout(resolve, 150)); // one redraw
      report.built([]);
    });
    const frames = text().split('\r\x1b[2K');
    expect(frames.some((frame) => frame.includes('building tcp-lab/server:0123456789ab: step 7/9'))).toBe(true);
    for (const frame of frames) for (const row of frame.split('\n')) expect(stringWidth(row)).toBeLessThan(100);
    expect(frames.at(-1)).toMatch(/^✔ images +\d+\.\d\d s\n$/);
  });

  it('speaks the step names of the CLI’s language, its times in one column (a Chinese character is two cells)', async () => {
    const { out, text } = recorder();
    const zh = createProgress(out, { step: (id, subject) => (subject ? zhCN.stepAbout(zhCN.steps[id], subject) : zhCN.steps[id]), building: zhCN.building, built: zhCN.built, waitingForEngine: zhCN.waitingForEngine }, { live: false });
    await zh.step('docker', async () => {});
    await zh.step('client', async () => {}, 'echo');
    const english = createProgress(out, words, { live: false });
    for (const id of Object.keys(en.steps) as (keyof typeof en.steps)[]) await Promise.all([zh.step(id, async () => {}), english.step(id, async () => {})]);
    const lines = text().trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([expect.stringMatching(/^✔ Docker 引擎 +\d/), expect.stringMatching(/^✔ 客户端（echo） +\d/)]);
    expect(new Set(lines.map((line) => stringWidth(line.slice(0, line.search(/\d+\.\d\d s$/)))))).toEqual(new Set([31]));
  });
});
