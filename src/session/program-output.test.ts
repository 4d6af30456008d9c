import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AttachedStreams } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { waitForLine } from '../lab/wait-for-log.js';
import { fakeEngine } from '../../test/helpers/fake-runtime.ts';
import { ProgramOutput } from './program-output.js';

function attached(): AttachedStreams & { stdout: PassThrough; stderr: PassThrough } {
  const streams = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), close: () => void streams.stdout.destroy() };
  return streams;
}

const options = () => ({ timeoutMs: 2_000, signal: new AbortController().signal });

describe('ProgramOutput', () => {
  it('keeps both streams whole, a line split across chunks and a character split across them too', async () => {
    const streams = attached();
    const output = new ProgramOutput(streams);
    const ready = output.lineMatching(/"call":"ready"/);
    const line = Buffer.from('{"call":"ready","msg":"你好"}\n');
    streams.stdout.write(line.subarray(0, 26)); // inside 你
    streams.stderr.write('warning\n');
    expect(output.state).toBe('open');
    streams.stdout.write(line.subarray(26));
    expect(await ready).toBe('seen');
    streams.stdout.end();
    expect(await output.over).toBe('ended');
    expect(output.printed()).toEqual({ stdout: line.toString('utf8'), stderr: 'warning\n' });
    expect(await output.lineMatching(/warning/)).toBe('seen'); // a line seen before the wait began
  });

  it('tells an output that ended (the process exited) from one whose attach dropped', async () => {
    const ended = new ProgramOutput(attached());
    const dropped = attached();
    const output = new ProgramOutput(dropped);
    const waiting = output.lineMatching(/never/);
    dropped.close();
    expect(await waiting).toBe('dropped');
    expect(output.state).toBe('dropped');
    expect(ended.state).toBe('open');
  });
});

describe('waitForLine', () => {
  it('fails with the exit code and the last lines when the program exits before the line', async () => {
    const engine = fakeEngine({ clientExit: 3 });
    const streams = attached();
    const output = new ProgramOutput(streams);
    streams.stderr.write('labclient: --host is required\n');
    streams.stdout.end();
    const error = await waitForLine(engine.runtime, 'lab-x-client', output, 'clientReady', /"call":"ready"/, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError<'containerExitedFirst'>).params).toEqual({ what: 'clientReady', exitCode: 3, printed: 'labclient: --host is required' });
  });

  it('follows the program’s log instead when the attach drops first', async () => {
    const engine = fakeEngine();
    const streams = attached();
    const output = new ProgramOutput(streams);
    streams.close();
    await expect(waitForLine(engine.runtime, 'lab-x-server', output, 'serverListening', /"call":"listen"/, options())).resolves.toBeUndefined();
    expect(engine.openLogFollows.size).toBe(0);
  });
});
