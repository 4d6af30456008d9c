// Each kind of error ends `lab` with the exit code the README documents: 2 usage or lab.yaml, 3 Docker,
// 4 an unreadable capture, 130 interrupted, 1 anything else that failed.
import { describe, expect, it } from 'vitest';
import type { LabErrorCode } from '../errors.js';
import { exitCodeFor } from './exit-codes.js';

const DOCUMENTED: Record<LabErrorCode, number> = {
  CONFIG: 2,
  USAGE: 2,
  DOCKER_UNREACHABLE: 3,
  DOCKER: 3,
  BASE_IMAGE_MISSING: 3,
  IMAGE_BUILD: 3,
  CAPTURE_FORMAT: 4,
  INTERRUPTED: 130,
  TIMEOUT: 1,
  EXPERIMENT: 1,
  OUTPUT: 1,
  ANSWERS_MISMATCH: 1,
};

describe('exit codes', () => {
  it.each(Object.entries(DOCUMENTED))('%s exits %i', (code, exit) => {
    expect(exitCodeFor(code as LabErrorCode)).toBe(exit);
  });
});
