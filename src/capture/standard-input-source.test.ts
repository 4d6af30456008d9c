// Standard input ("-") as a capture source. A test cannot swap its own standard input, so the file system
// calls are faked here: which descriptor is examined and read, that standard input is never closed, what
// an error names, and how a pipe set to non-blocking (EAGAIN) is waited out.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fs = vi.hoisted(() => ({ openSync: vi.fn(), fstatSync: vi.fn(), readSync: vi.fn(), closeSync: vi.fn() }));
vi.mock('node:fs', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:fs')>()), ...fs }));

const { openCaptureSource } = await import('./capture-source.js');

const systemError = (code: string) => Object.assign(new Error(`${code}: from the system`), { code });

beforeEach(() => {
  vi.resetAllMocks();
  fs.fstatSync.mockReturnValue({ isDirectory: () => false });
});

describe('a capture read from standard input', () => {
  it('reads descriptor 0, opens no file, and leaves standard input open when done', () => {
    fs.readSync.mockReturnValueOnce(3);
    const source = openCaptureSource('-');
    const buffer = new Uint8Array(10);
    expect(source.read(buffer, 2, 8)).toBe(3);
    expect(fs.fstatSync).toHaveBeenCalledWith(0);
    expect(fs.readSync).toHaveBeenCalledWith(0, buffer, 2, 8, null);
    source.close();
    expect(fs.openSync).not.toHaveBeenCalled();
    expect(fs.closeSync).not.toHaveBeenCalled();
  });

  it('is named "standard input" when it cannot be read', () => {
    fs.readSync.mockImplementation(() => {
      throw systemError('EIO');
    });
    const source = openCaptureSource('-');
    expect(() => source.read(new Uint8Array(10), 0, 10)).toThrow(
      expect.objectContaining({ key: 'captureUnreadable', params: { path: 'standard input', reason: { code: 'EIO', message: 'EIO: from the system' } } }) as Error,
    );
    fs.fstatSync.mockImplementation(() => {
      throw systemError('EBADF');
    });
    expect(() => openCaptureSource('-')).toThrow(expect.objectContaining({ params: expect.objectContaining({ path: 'standard input' }) }) as Error);
  });

  it('waits out a pipe set to non-blocking and reads again', () => {
    fs.readSync
      .mockImplementationOnce(() => {
        throw systemError('EAGAIN');
      })
      .mockImplementationOnce(() => {
        throw systemError('EAGAIN');
      })
      .mockReturnValueOnce(5);
    expect(openCaptureSource('-').read(new Uint8Array(10), 0, 10)).toBe(5);
    expect(fs.readSync).toHaveBeenCalledTimes(3);
  });
});
