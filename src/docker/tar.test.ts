import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packTar, unpackFirstFile } from './tar.js';

describe('tar', () => {
  it('packs an archive that GNU tar extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-'));
    const data = Buffer.from('x'.repeat(1000));
    writeFileSync(join(dir, 'a.tar'), packTar([{ path: 'server/Dockerfile', data }, { path: 'b', data: Buffer.alloc(0) }]));
    execFileSync('tar', ['-xf', 'a.tar'], { cwd: dir });
    expect(readFileSync(join(dir, 'server/Dockerfile'))).toEqual(data);
    expect(readFileSync(join(dir, 'b')).length).toBe(0);
  });

  it('unpacks the first file of an archive made by GNU tar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-'));
    const bytes = Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0, 1, 2, 3]);
    writeFileSync(join(dir, 'capture.pcap'), bytes);
    const archive = execFileSync('tar', ['-cf', '-', 'capture.pcap'], { cwd: dir });
    expect(unpackFirstFile(archive)).toEqual({ path: 'capture.pcap', data: bytes });
  });

  it('reads back what it packed', () => {
    const data = Buffer.from('hello');
    expect(unpackFirstFile(packTar([{ path: 'f', data }])).data).toEqual(data);
  });
});
