import { defineConfig } from 'vitest/config';

import { SLOW } from './test/setup/slow-tests.ts';

const setup = 'test/setup/private-tmpdir.ts';

// Three projects: the unit tests beside the code (seconds: run them while you work), the slow unit tests
// against reference programs, and the end-to-end tests that drive the real Docker engine through the built
// CLI, which they build first. `npm test` runs all three.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'], exclude: SLOW, testTimeout: 60_000, globalSetup: [setup] } },
      { test: { name: 'reference', include: SLOW, testTimeout: 60_000, globalSetup: [setup] } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          globalSetup: [setup, 'test/setup/build-dist.ts', 'test/setup/lab-images.ts', 'test/setup/e2e-leftovers.ts'],
        },
      },
    ],
  },
});
