// The capture as it arrives: tcpdump's pcap bytes streamed from the capture container's stdout, its
// messages ("listening on …", the closing packet counts) from its stderr.
import type { AttachedStreams } from '../docker/runtime.js';
import { DockerError } from '../errors.js';

export class CaptureStream {
  private readonly chunks: Buffer[] = [];
  private readonly messages: string[] = [];
  private readonly listeners = new Set<(chunk: Buffer) => void>();
  /** Resolves when tcpdump says it is listening; rejects if its output ends first. */
  readonly listening: Promise<void>;
  /** Resolves when the stream has ended: tcpdump flushed its last packet and exited, or we detached. */
  readonly ended: Promise<void>;

  constructor(private readonly streams: AttachedStreams) {
    streams.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      for (const listener of this.listeners) listener(chunk);
    });
    let partial = '';
    let onLine: (line: string) => void = () => {};
    streams.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        this.messages.push(line);
        onLine(line);
      }
    });
    this.ended = new Promise((resolve) => streams.stdout.on('end', resolve).on('close', resolve));
    this.listening = new Promise((resolve, reject) => {
      onLine = (line) => /listening on/.test(line) && resolve();
      this.ended.then(() => reject(new DockerError('tcpdumpEndedFirst', { printed: this.messages.slice(-3).join(' | ') })));
    });
    this.listening.catch(() => {});
  }

  /** Every byte received so far: a valid pcap file up to the last whole packet tcpdump flushed. */
  bytes(): Buffer {
    // Kept as one piece: asking again while nothing new arrived copies nothing (the teacher page polls).
    if (this.chunks.length !== 1) this.chunks.splice(0, this.chunks.length, Buffer.concat(this.chunks));
    return this.chunks[0]!;
  }

  /** Calls onChunk with each new piece of the pcap as it arrives; returns a function that stops it. */
  follow(onChunk: (chunk: Buffer) => void): () => void {
    this.listeners.add(onChunk);
    return () => this.listeners.delete(onChunk);
  }

  /** What tcpdump printed on stderr, e.g. "0 packets dropped by kernel". */
  lines(): string[] {
    return [...this.messages];
  }

  detach(): void {
    this.streams.close();
  }
}
