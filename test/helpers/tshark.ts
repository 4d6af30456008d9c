// tshark, the reference decoder. Absent locally the tests that need it are skipped with a message;
// under CI=true they fail instead, because .ci/run installs it.
import { execFileSync } from 'node:child_process';

export function tsharkAvailable(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('tshark is required under CI (apt-get install -y tshark)');
    console.warn('tshark not found: skipping the tshark cross-checks (apt-get install -y tshark)');
    return false;
  }
}

/** One row per packet with the named fields, e.g. ['frame.number', 'tcp.stream']. */
export function tsharkFields(file: string, fields: string[], extraArgs: string[] = []): string[][] {
  const out = execFileSync('tshark', ['-r', file, ...extraArgs, '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'));
}
