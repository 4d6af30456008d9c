// The shared corpus of real captures (../shared/corpus beside the project root).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const corpusDir = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

export function corpusFiles(): string[] {
  return readdirSync(corpusDir).filter((name) => /\.pcap(ng)?$/.test(name)).sort();
}

export function corpusBytes(name: string): Buffer {
  return readFileSync(corpusDir + name);
}
