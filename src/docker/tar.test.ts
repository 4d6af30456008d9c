import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packTar } from './tar.js';

describe('tar', () => {
  it('packs an archive that GNU tar extracts byte for byte, the same bytes for the same files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-'));
    const data = Buffer.from('x'.repeat(1000));
    const files = [{ path: 'server/Dockerfile', data }, { path: 'b', data: Buffer.alloc(0) }, { path: `${'long/'.repeat(30)}name.h`, data }];
    const archive = await packTar(files);
    writeFileSync(join(dir, 'a.tar'), archive);
    execFileSync('tar', ['-xf', 'a.tar'], { cwd: dir });
    expect(readFileSync(join(dir, 'server/Dockerfile'))).toEqual(data);
    expect(readFileSync(join(dir, 'b')).length).toBe(0);
    expect(readFileSync(join(dir, files[2]!.path))).toEqual(data);
    expect(await packTar(files)).toEqual(archive);
  });
});
