import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncOutput } from './sync-output.js';

describe('syncOutput', () => {
  it('writes small pieces, multi-byte text and pieces larger than its buffer, in order', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sync-output-')), 'out.json');
    const pieces = [
      ...Array.from({ length: 50_000 }, (_, i) => `{"n":${i}},\n`),
      '三次握手 → 四次挥手\n',
      'x'.repeat(3 << 20),
      ...Array.from({ length: 1000 }, (_, i) => `é${i}`),
    ];
    const fd = openSync(path, 'w');
    const out = syncOutput(fd);
    for (const piece of pieces) out.write(piece);
    out.flush();
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe(pieces.join(''));
  });

  it('writes bytes between text, small and larger than its buffer', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sync-output-')), 'out.bin');
    const pieces = [Buffer.from('head'), Uint8Array.of(0, 1, 2, 255), 'text', Buffer.alloc(3 << 20, 7), Uint8Array.of(9)];
    const fd = openSync(path, 'w');
    const out = syncOutput(fd);
    for (const piece of pieces) out.write(piece);
    out.flush();
    closeSync(fd);
    expect(readFileSync(path)).toEqual(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
  });
});
