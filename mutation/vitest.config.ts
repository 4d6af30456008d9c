import { defineConfig } from 'vitest/config';

// The unit tests that run in-process, for the mutation run. Left out, because every mutant they cover
// would pay their cost: the Chromium tests (the report's and the classroom's pages), the tshark
// cross-check and the report renderers' tests (a tshark process per file), and the damaged-capture
// fuzzing (thousands of analyses per test).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
    exclude: ['test/unit/html-in-browser.test.ts', 'test/unit/classroom-pages.test.ts', 'test/unit/report-renderers.test.ts', 'test/unit/tshark-crosscheck.test.ts', 'test/unit/robustness.test.ts'],
    testTimeout: 60_000,
    globalSetup: ['test/setup/private-tmpdir.ts'],
  },
});
