import { describe, expect, it } from 'vitest';
import type { ContainerRuntime } from './runtime.js';
import { buildContext, ensureImages } from './images.js';

describe('images', () => {
  it('tags each image by the hash of its build context, including the shared C headers', async () => {
    const [server, client] = await Promise.all([buildContext('server'), buildContext('client')]);
    expect(server.tag).toMatch(/^tcp-lab\/server:[0-9a-f]{12}$/);
    expect(server.tag.split(':')[1]).not.toBe(client.tag.split(':')[1]);
    expect((await buildContext('server')).tag).toBe(server.tag);
    expect(server.dockerfile).toBe('server/Dockerfile');
  });

  it('points at the offline-base script when the base image is missing', async () => {
    const built: string[] = [];
    const runtime = { imageExists: async () => false, buildImage: async (_c: Buffer, tag: string) => void built.push(tag) } as unknown as ContainerRuntime;
    await expect(ensureImages(runtime)).rejects.toMatchObject({ code: 'BASE_IMAGE_MISSING', hint: expect.stringContaining('scripts/offline-base.sh') });
    expect(built).toEqual([]);
  });

  it('builds nothing when every image exists', async () => {
    const built: string[] = [];
    const runtime = { imageExists: async () => true, buildImage: async (_c: Buffer, tag: string) => void built.push(tag) } as unknown as ContainerRuntime;
    const images = await ensureImages(runtime);
    expect(Object.values(images).map((i) => i.built)).toEqual([false, false, false]);
    expect(built).toEqual([]);
  });
});
