// Docker multiplexes a container's stdout and stderr into frames (8-byte header: stream, 0, 0, 0, size).

export type LogStream = 'stdout' | 'stderr';

/** Splits a multiplexed log buffer into the text of each stream. */
export function demultiplex(buffer: Buffer): Record<LogStream, string> {
  const out: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream: LogStream = buffer[offset] === 2 ? 'stderr' : 'stdout';
    const size = buffer.readUInt32BE(offset + 4);
    out[stream].push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}

/** Incrementally turns multiplexed chunks into whole lines, for following a live log. */
export class LogLineSplitter {
  private pending = Buffer.alloc(0);
  private partial: Record<LogStream, string> = { stdout: '', stderr: '' };

  constructor(private readonly onLine: (stream: LogStream, line: string) => void) {}

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream: LogStream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      const lines = (this.partial[stream] + this.pending.subarray(8, 8 + size).toString('utf8')).split('\n');
      this.partial[stream] = lines.pop()!;
      for (const line of lines) this.onLine(stream, line);
      this.pending = this.pending.subarray(8 + size);
    }
  }
}
