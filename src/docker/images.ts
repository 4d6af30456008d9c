// The lab's images, tagged by a hash of their build context: an unchanged image is never rebuilt.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../errors.js';
import type { StepReport } from '../lab/progress.js';
import { LABELS } from './labels.js';
import type { ContainerRuntime } from './runtime.js';
import type { TarFile } from './tar.js';

export const IMAGE_ROLES = ['server', 'client', 'capture'] as const;
export type ImageRole = (typeof IMAGE_ROLES)[number];
export const BASE_IMAGE = 'debian:bookworm-slim';

const imagesDir = fileURLToPath(new URL('../../images/', import.meta.url));

export interface BuildContext {
  role: ImageRole;
  tag: string;
  files: TarFile[];
  dockerfile: string;
}

/** The files of images/<role>/ plus images/common/ (shared C headers), with a tag naming their hash. */
export async function buildContext(role: ImageRole, dir = imagesDir): Promise<BuildContext> {
  const files = [...(await filesUnder(dir, join(dir, role))), ...(await filesUnder(dir, join(dir, 'common')))];
  files.sort((a, b) => a.path.localeCompare(b.path));
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\0${file.data.length}\0`).update(file.data);
  return { role, tag: `tcp-lab/${role}:${hash.digest('hex').slice(0, 12)}`, files, dockerfile: `${role}/Dockerfile` };
}

async function filesUnder(root: string, dir: string): Promise<TarFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  const files = entries.filter((entry) => entry.isFile());
  return Promise.all(
    files.map(async (entry) => {
      const full = join(entry.parentPath, entry.name);
      return { path: relative(root, full), data: await readFile(full) };
    }),
  );
}

export interface EnsuredImage {
  role: ImageRole;
  tag: string;
  built: boolean;
}

/** Builds the images that are missing (or all, with rebuild). One after the other, so that the server's
 * and the client's identical compiler stage is built once and then taken from the layer cache. `report`
 * hears each Dockerfile step as the engine starts it, and which images were built. */
export async function ensureImages(
  runtime: ContainerRuntime,
  { rebuild = false, signal, report }: { rebuild?: boolean; signal?: AbortSignal; report?: StepReport } = {},
): Promise<Record<ImageRole, EnsuredImage>> {
  const contexts = await Promise.all(IMAGE_ROLES.map((role) => buildContext(role)));
  const missing = rebuild ? contexts : (await Promise.all(contexts.map(async (c) => ((await runtime.imageExists(c.tag)) ? null : c)))).filter((c) => c !== null);
  if (missing.length && !(await runtime.imageExists(BASE_IMAGE))) throw new LabError('baseImageMissing', { image: BASE_IMAGE });
  for (const c of missing) {
    signal?.throwIfAborted();
    const onOutput = (line: string) => {
      const step = parseBuildStep(line);
      if (step) report?.building({ tag: c.tag, ...step });
    };
    const { packTar } = await import('./tar.js'); // only to build: a warm `lab up` needs just the hashes
    await runtime.buildImage(await packTar(c.files), c.tag, c.dockerfile, { [LABELS.contextHash]: c.tag.split(':')[1]! }, signal, onOutput);
  }
  report?.built(missing.map((c) => c.tag));
  const result = {} as Record<ImageRole, EnsuredImage>;
  for (const c of contexts) result[c.role] = { role: c.role, tag: c.tag, built: missing.includes(c) };
  return result;
}

/** "Step 3/12 : RUN make" (Docker's builder) or "STEP 3/12: RUN make" (Podman's). */
export function parseBuildStep(line: string): { step: number; steps: number; instruction: string } | undefined {
  const match = line.match(/^step (\d+)\/(\d+)\s*: (.*)$/i);
  return match ? { step: Number(match[1]), steps: Number(match[2]), instruction: match[3]!.trim() } : undefined;
}
