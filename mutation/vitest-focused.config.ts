import { defineConfig } from 'vitest/config';

// The decoder's and analyser's own tests, for a quicker mutation run of decode/ and analyse/
// (mutation/stryker-focused.config.mjs): the CLI, server, session and worksheet tests that also reach
// this code are left out, so its score is a lower bound of the full run's. One process, modules shared
// between files (isolate: false): each mutant's run then costs a fraction of the full configuration's.
export default defineConfig({
  test: {
    include: [
      'src/analyse/**/*.test.ts',
      'src/decode/**/*.test.ts',
      'src/capture/**/*.test.ts',
      'src/report/**/*.test.ts',
      'test/unit/analyser-verdicts.test.ts',
      'test/unit/corpus.test.ts',
      'test/unit/corpus-meaning.test.ts',
      'test/unit/tcpdump-reference.test.ts',
      'test/unit/report-consistency.test.ts',
      'test/unit/tracker-at-scale.test.ts',
      'test/unit/tracker-many-connections.test.ts',
    ],
    exclude: ['src/decode/tunnels-vs-tshark.test.ts', 'src/capture/pcap-writer.test.ts'],
    testTimeout: 60_000,
    isolate: false,
    globalSetup: ['test/setup/private-tmpdir.ts'],
  },
});
