// `lab report … | head`: when the reader goes away the command ends quietly (exit 0, nothing on stderr),
// as every Unix tool does. The reader is a FIFO whose read end is closed before the report is written.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../test/helpers/corpus.ts';
import { cli } from './main.js';

/** A file descriptor whose reader has gone: every write fails with EPIPE. */
function closedPipe(): number {
  const fifo = join(mkdtempSync(join(tmpdir(), 'closed-pipe-')), 'fifo');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  return writer;
}

describe('a closed standard output', () => {
  it.each(['md', 'html', 'json'])('ends lab report --format %s quietly', async (format) => {
    const fd = closedPipe();
    let stderr = '';
    const code = await cli(['report', `${corpusDir}cs_http_ip4and6.pcapng`, '--format', format], { stdout: { write() {}, fd }, stderr: { write: (t) => (stderr += String(t)) }, env: {} });
    closeSync(fd);
    expect([code, stderr]).toEqual([0, '']);
  });
});
