// The classroom without a registry, on Podman: the offline bundle saved from the Docker engine is loaded
// into a Podman engine that has no image at all (no base image either), and `lab up` then runs there: the
// echo, a firewall preset, and the cleanup after Ctrl-C.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_IMAGE } from '../../src/docker/image-bundle.js';
import { BASE_IMAGE, buildContext, IMAGE_ROLES } from '../../src/docker/images.js';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';
import { podmanAvailable, startPodman, type PodmanService } from '../helpers/podman.ts';
import { tsharkAvailable, tsharkFields } from '../helpers/tshark.ts';

const docker = await engineOrSkip();

describe.runIf(docker && podmanAvailable())('offline bundle, then lab up on Podman (podman system service, rootful)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bundle-'));
  const bundle = join(dir, 'tcp-lab-images.tar');
  const out = join(dir, 'out');
  let podman: PodmanService;
  const labOnPodman = (args: string[]) => lab(args, { env: podman.env });

  beforeAll(async () => {
    podman = await startPodman();
  });
  afterAll(async () => {
    await podman?.stop();
    rmSync(dir, { recursive: true, force: true }); // the bundle is hundreds of MiB
  });

  it('lab images --save writes one archive with the lab images (and the CLI image when the engine has it)', async () => {
    const saved = await lab(['images', '--save', bundle]);
    expect(saved.exitCode, String(saved.stderr)).toBe(0);
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', bundle, 'manifest.json'], { encoding: 'utf8' })) as { RepoTags: string[] }[];
    const tags = manifest.flatMap((image) => image.RepoTags);
    const labTags = await Promise.all(IMAGE_ROLES.map(async (role) => (await buildContext(role)).tag));
    expect(tags).toEqual(expect.arrayContaining(labTags));
    expect(tags.includes(CLI_IMAGE)).toBe(await docker!.imageExists(CLI_IMAGE));
    expect(tags).not.toContain(BASE_IMAGE);
  });

  it('lab images --load on an engine with no image at all, and lab up works without the base image', async () => {
    expect(podman.product).toBe('Podman');
    expect(await podman.runtime.imageExists(BASE_IMAGE)).toBe(false);
    const loaded = await labOnPodman(['images', '--load', bundle]);
    expect(loaded.exitCode, String(loaded.stderr)).toBe(0);
    expect(String(loaded.stdout)).toMatch(/every lab image is here/);

    const result = await labOnPodman(['up', '--name', 'pm-echo', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stderr)).toMatch(/images\s/);
    expect(await podman.runtime.imageExists(BASE_IMAGE)).toBe(false); // nothing was built
    const summary = JSON.parse(String(result.stdout));
    expect(summary.connections[0]).toMatchObject({
      outcome: 'closed',
      handshake: { complete: true },
      teardown: { kind: 'four-way', initiator: 'server' },
      timeWait: 'server',
      bytes: { client: 5, server: 5 },
    });
    for (const file of ['capture.pcap', 'events.jsonl', 'report.json', 'report.md', 'report.html']) expect(existsSync(join(out, 'pm-echo', file))).toBe(true);
    expect(await leftovers(podman.runtime, 'pm-echo')).toEqual([]);
  });

  it('lab doctor on Podman: a preset rule goes in, and the host firewall lets the lab network through (its CNI firewall plugin here)', async () => {
    const result = await labOnPodman(['doctor']);
    expect(result.exitCode, String(result.stdout)).toBe(0);
    expect(String(result.stdout)).toMatch(/^✔ engine: Podman /m);
    expect(String(result.stdout)).toMatch(/^✔ firewall presets: /m);
    expect(String(result.stdout)).toMatch(/^✔ host firewall: /m);
    expect(await leftovers(podman.runtime, 'doctor')).toEqual([]);
  });

  it('a firewall preset on Podman: iptables in the server’s namespace drops the first SYN, the capture holds both', async () => {
    const result = await labOnPodman(['up', '--name', 'pm-syn', '--scenario', 'syn-retry', '--out', out, '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(JSON.parse(String(result.stdout)).connections[0].handshake).toMatchObject({ complete: true, synRetransmissions: 1 });
    if (tsharkAvailable()) {
      const syns = tsharkFields(join(out, 'pm-syn', 'capture.pcap'), ['tcp.seq_raw'], ['-Y', 'tcp.flags.syn==1 && tcp.flags.ack==0']);
      expect(syns).toHaveLength(2);
      expect(syns[0]).toEqual(syns[1]); // the retransmission carries the same ISN
    }
    expect(await leftovers(podman.runtime, 'pm-syn')).toEqual([]);
  });

  it('SIGINT once the containers run removes everything on Podman and exits 130', async () => {
    const child = labOnPodman(['up', '--name', 'pm-int', '--out', out]);
    child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('server + capture ready') && child.kill('SIGINT'));
    const result = await child;
    expect(result.exitCode, String(result.stderr)).toBe(130);
    expect(await leftovers(podman.runtime, 'pm-int')).toEqual([]);
  });

  it('lab down removes a lab kept with --keep: the server with the capture that joined its namespace', async () => {
    const kept = await labOnPodman(['up', '--name', 'pm-keep', '--out', out, '--keep']);
    expect(kept.exitCode, String(kept.stderr)).toBe(0);
    expect(await leftovers(podman.runtime, 'pm-keep')).toHaveLength(3);
    const down = await labOnPodman(['down', '--name', 'pm-keep']);
    expect(down.exitCode, String(down.stderr)).toBe(0);
    expect(await leftovers(podman.runtime, 'pm-keep')).toEqual([]);
    expect(readFileSync(join(out, 'pm-keep', 'report.md'), 'utf8')).toMatch(/TIME-WAIT/);
  });
});
