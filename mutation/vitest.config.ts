import { defineConfig } from 'vitest/config';
import { SLOW } from '../test/setup/slow-tests.ts';

// The unit tests that run in-process, for the mutation run. Left out, because every mutant they cover
// would pay their cost: the slow ones (the Chromium tests, the tshark cross-check and the report
// renderers' tests with a tshark process per file, the damaged-capture fuzzing).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    exclude: SLOW,
    testTimeout: 60_000,
    globalSetup: ['test/setup/private-tmpdir.ts'],
  },
});
