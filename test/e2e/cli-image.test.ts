// The CLI image (tcp-lab, built by .ci/run before the tests) driven as the README's alias drives it, in a
// folder owned by another user: `lab up --interactive` over a pipe (docker run -i), and `lab capture`
// through a second container of the image, read live by tshark. Outputs belong to the folder's owner.
import { chownSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_IMAGE } from '../../src/docker/image-bundle.js';
import { engineOrSkip, leftovers } from '../helpers/engine.ts';
import { tsharkAvailable } from '../helpers/tshark.ts';

const runtime = await engineOrSkip();
const imageBuilt = runtime ? await runtime.imageExists(CLI_IMAGE) : false;
if (runtime && !imageBuilt) {
  if (process.env.CI === 'true') throw new Error(`the CLI image ${CLI_IMAGE} is required under CI (.ci/run builds it)`);
  console.warn(`no ${CLI_IMAGE} image: skipping its tests (docker build -t tcp-lab .)`);
}
const OWNER = 4321;

describe.runIf(imageBuilt && tsharkAvailable())('the CLI image: lab up --interactive over a pipe, lab capture read by tshark', () => {
  it('connect shows the handshake in the session and in tshark; quit writes outputs owned by the folder’s owner', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lab-image-'));
    chownSync(folder, OWNER, OWNER);
    const image = (args: string[]) => execa('docker', ['run', '--rm', '-i', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', `${folder}:/lab`, '-w', '/lab', CLI_IMAGE, ...args], { reject: false });

    const session = image(['up', '--interactive', '--name', 'img-live']);
    let printed = '';
    const until = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => pattern.test(printed) && (session.stdout!.off('data', onData), resolve());
        const onData = (chunk: Buffer) => ((printed += chunk.toString()), check());
        session.stdout!.on('data', onData);
        check();
      });
    await until(/listening \(backlog \d+\), capture running/);

    const reader = execa('sh', ['-c', `docker run --rm -i -v /var/run/docker.sock:/var/run/docker.sock ${CLI_IMAGE} capture --name img-live | tshark -l -i - -T fields -e tcp.flags.str`], { reject: false });
    let seen = '';
    const threeSegments = new Promise<void>((resolve) =>
      reader.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.split('\n').filter(Boolean).length >= 3) resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the capture's container started and streams
    session.stdin!.write('connect\n');
    await until(/client ──SYN seq=0 [^]*SYN,ACK seq=0 ack=1[^]*client ──ACK seq=1 ack=1 /);
    await threeSegments; // tshark saw them before quit
    expect(seen.split('\n').filter(Boolean).slice(0, 3).map((flags) => flags.replace(/[·\s]/g, ''))).toEqual(['S', 'AS', 'A']);

    session.stdin!.write('quit\n');
    const result = await session;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect((await reader).exitCode).toBe(0); // the stream ended with the lab
    const dir = join(folder, 'out', 'img-live');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).connections[0].handshake.complete).toBe(true);
    for (const path of [join(folder, 'out'), dir, ...readdirSync(dir).map((file) => join(dir, file))]) {
      expect([statSync(path).uid, statSync(path).gid], path).toEqual([OWNER, OWNER]);
    }
    expect(await leftovers(runtime!, 'img-live')).toEqual([]);
    await execa('rm', ['-rf', folder]);
  });
});
