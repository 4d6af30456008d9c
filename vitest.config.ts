import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests beside the code, and end-to-end tests that drive the real Docker engine
// through the built CLI, which they build first.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'], testTimeout: 60_000, globalSetup: ['test/setup/private-tmpdir.ts'] } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          globalSetup: ['test/setup/private-tmpdir.ts', 'test/setup/build-dist.ts'],
        },
      },
    ],
  },
});
