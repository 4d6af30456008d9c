// Mutation testing as a benchmark (`npm run mutate`, see the README): how many small, plausible bugs
// the unit tests notice. Slow on two cores, so it is not part of `npm test`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/decode/**/*.ts',
    'src/analyse/**/*.ts',
    'src/capture/**/*.ts',
    'src/config/**/*.ts',
    // The cleanup: labels that find a lab's resources, `lab down`, and labUp's removal on every path out.
    'src/docker/labels.ts',
    'src/lab/lab-down.ts',
    'src/lab/lab-up.ts',
    'src/cli/commands/down.ts',
    'src/cli/exit-codes.ts',
    // The report's escaping.
    'src/report/escape-html.ts',
    '!src/**/*.test.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'mutation/vitest.config.ts' },
  checkers: ['typescript'],
  // Only in TypeScript: by default Stryker also writes "// @ts-nocheck" into the HTML report snapshots.
  disableTypeChecks: '{src,test}/**/*.ts',
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: 'mutation/.cache/incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'mutation/.cache/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: 'mutation/.cache/tmp',
  cleanTempDir: 'always',
};
