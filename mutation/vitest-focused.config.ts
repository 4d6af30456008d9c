import { defineConfig } from 'vitest/config';
// The analyser's and decoder's own tests (a subset of mutation/vitest.config.ts): a lower bound of its score.
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
    ],
    exclude: ['src/decode/tunnels-vs-tshark.test.ts', 'src/capture/pcap-writer.test.ts'],
    testTimeout: 60_000,
    globalSetup: ['test/setup/private-tmpdir.ts'],
  },
});
