// The capture corpus vendored into the repository (test/fixtures/corpus/, sources and licences in its
// SOURCES.txt and licences/), so that the tests run from a plain clone.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const corpusDir = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

export function corpusFiles(): string[] {
  return readdirSync(corpusDir).filter((name) => /\.pcap(ng)?$/.test(name)).sort();
}

export function corpusBytes(name: string): Buffer {
  return readFileSync(corpusDir + name);
}

/** `tcpdump -nn -tt -S -r FILE` of a corpus file, made when the corpus was gathered (see SOURCES.txt). */
export function tcpdumpReference(name: string): string {
  return readFileSync(`${corpusDir}expected/${name}.tcpdump.txt`, 'utf8');
}
