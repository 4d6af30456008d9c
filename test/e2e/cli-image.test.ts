// The CLI image (tcp-lab, built by .ci/run before the tests) driven as the README's alias drives it, in a
// folder owned by another user: `lab up --interactive` over a pipe (docker run -i), and `lab capture`
// through a second container of the image, read live by tshark. Outputs belong to the folder's owner.
import { chownSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_IMAGE } from '../../src/docker/image-bundle.js';
import { labDown } from '../../src/lab/lab-down.js';
import { engineOrSkip, leftovers } from '../helpers/engine.ts';
import { tsharkAvailable } from '../helpers/tshark.ts';

const runtime = await engineOrSkip();
const imageBuilt = runtime ? await runtime.imageExists(CLI_IMAGE) : false;
if (runtime && !imageBuilt) {
  if (process.env.CI === 'true') throw new Error(`the CLI image ${CLI_IMAGE} is required under CI (.ci/run builds it)`);
  console.warn(`no ${CLI_IMAGE} image: skipping its tests (docker build -t tcp-lab .)`);
}
const OWNER = 4321;
const LAB = 'img-live';
/** The CLI's own containers (named, so that a failed test can remove them), and the folder of the run. */
const cliContainers = [`${LAB}-session-${process.pid}`, `${LAB}-capture-${process.pid}`];
let folder: string | undefined;

// Whatever happened: the CLI's containers (the lab's process among them), then the lab, then the folder.
afterEach(async () => {
  await execa('docker', ['rm', '-f', ...cliContainers], { reject: false });
  if (runtime) await labDown(runtime, { lab: LAB });
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

describe.runIf(imageBuilt && tsharkAvailable())('the CLI image: lab up --interactive over a pipe, lab capture read by tshark', () => {
  it('connect shows the handshake in the session and in tshark; quit writes outputs owned by the folder’s owner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-image-'));
    folder = dir;
    chownSync(dir, OWNER, OWNER);
    const [sessionContainer, captureContainer] = cliContainers as [string, string];
    const session = execa('docker', ['run', '--rm', '-i', '--name', sessionContainer, '-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', `${dir}:/lab`, '-w', '/lab', CLI_IMAGE, 'up', '--interactive', '--name', LAB], { reject: false });
    let printed = '';
    const until = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => pattern.test(printed) && (session.stdout!.off('data', onData), resolve());
        const onData = (chunk: Buffer) => ((printed += chunk.toString()), check());
        session.stdout!.on('data', onData);
        check();
      });
    await until(/listening \(backlog \d+\), capture running/);

    // The capture's stream goes to tshark through this process, which sees its first bytes (the pcap header,
    // sent once the stream is live): the connect waits for them.
    const capture = execa('docker', ['run', '--rm', '--name', captureContainer, '-v', '/var/run/docker.sock:/var/run/docker.sock', CLI_IMAGE, 'capture', '--name', LAB], { reject: false, buffer: false });
    const tshark = execa('tshark', ['-l', '-i', '-', '-T', 'fields', '-e', 'tcp.flags.str'], { reject: false });
    const streaming = new Promise<void>((resolve) => capture.stdout!.once('data', () => resolve()));
    capture.stdout!.pipe(tshark.stdin!);
    let seen = '';
    const threeSegments = new Promise<void>((resolve) =>
      tshark.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.split('\n').filter(Boolean).length >= 3) resolve();
      }),
    );
    await streaming;
    session.stdin!.write('connect\n');
    await until(/client ──SYN seq=0 [^]*SYN,ACK seq=0 ack=1[^]*client ──ACK seq=1 ack=1 /);
    await threeSegments; // tshark saw them before quit
    expect(seen.split('\n').filter(Boolean).slice(0, 3).map((flags) => flags.replace(/[·\s]/g, ''))).toEqual(['S', 'AS', 'A']);

    session.stdin!.write('quit\n');
    const result = await session;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect((await capture).exitCode).toBe(0); // the stream ended with the lab
    expect((await tshark).exitCode).toBe(0);
    const out = join(dir, 'out', LAB);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).connections[0].handshake.complete).toBe(true);
    for (const path of [join(dir, 'out'), out, ...readdirSync(out).map((file) => join(out, file))]) {
      expect([statSync(path).uid, statSync(path).gid], path).toEqual([OWNER, OWNER]);
    }
    expect(await leftovers(runtime!, LAB)).toEqual([]);
  });
});
