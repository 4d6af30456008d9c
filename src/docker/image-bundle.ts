// The offline classroom bundle: one `docker save` archive with the lab's images, and the CLI image when
// this engine has it. Loaded on a machine with no registry and no base image, `lab up` then needs nothing
// else, because the lab's images are found by the same content-hash tags and never rebuilt.
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { LabError, systemReason } from '../errors.js';
import { buildContext, ensureImages, IMAGE_ROLES } from './images.js';
import type { ContainerRuntime, ImageArchives } from './runtime.js';

/** The tag the README's `docker build -t tcp-lab .` gives the CLI image. */
export const CLI_IMAGE = 'tcp-lab:latest';

export interface SavedBundle {
  file: string;
  bytes: number;
  images: string[];
}

/** Builds what is missing, then writes the archive through a temporary file, so FILE is whole or absent. */
export async function saveBundle(runtime: ContainerRuntime & ImageArchives, file: string, signal?: AbortSignal): Promise<SavedBundle> {
  const built = await ensureImages(runtime, { signal });
  const images = IMAGE_ROLES.map((role) => built[role].tag);
  if (await runtime.imageExists(CLI_IMAGE)) images.push(CLI_IMAGE);
  const archive = await runtime.saveImages(images);
  const partial = `${file}.partial-${process.pid}`;
  try {
    if (/\.t?gz$/.test(file)) await pipeline(archive, createGzip(), createWriteStream(partial), { signal });
    else await pipeline(archive, createWriteStream(partial), { signal });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof LabError) throw error;
    throw new LabError('outputUnwritable', { path: file, reason: systemReason(error) }, { cause: error });
  }
  return { file, bytes: (await stat(file)).size, images };
}

export interface LoadedBundle {
  loaded: string[];
  /** This version's lab images that the engine still lacks (a bundle of another version of tcp-lab). */
  missing: string[];
}

export async function loadBundle(runtime: ContainerRuntime & ImageArchives, file: string): Promise<LoadedBundle> {
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch (error) {
    throw new LabError('bundleUnreadable', { path: file, reason: systemReason(error) });
  }
  // Docker loads a gzip archive as it is, Podman does not: unpack it here for both.
  const archive = isGzip(file) ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  const loaded = await runtime.loadImages(archive);
  const tags = await Promise.all(IMAGE_ROLES.map(async (role) => (await buildContext(role)).tag));
  const missing = (await Promise.all(tags.map(async (tag) => ((await runtime.imageExists(tag)) ? null : tag)))).filter((tag) => tag !== null);
  return { loaded, missing };
}

function isGzip(file: string): boolean {
  const magic = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, magic, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return magic[0] === 0x1f && magic[1] === 0x8b;
}
