// Runs a command under GNU time and returns wall seconds and peak memory.
import { execa } from 'execa';

export interface Measurement {
  seconds: number;
  peakMiB: number;
  stdout: string;
}

export async function measure(command: string, args: string[]): Promise<Measurement> {
  const result = await execa('/usr/bin/time', ['-f', '__TIME__ %e %M', command, ...args], { reject: true, maxBuffer: 1 << 30 });
  const line = result.stderr.split('\n').find((l) => l.startsWith('__TIME__'));
  if (!line) throw new Error(`no timing from /usr/bin/time: ${result.stderr.slice(-400)}`);
  const [, seconds, kib] = line.split(' ');
  return { seconds: Number(seconds), peakMiB: Number(kib) / 1024, stdout: result.stdout };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
