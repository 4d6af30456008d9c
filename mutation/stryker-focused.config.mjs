// A quicker mutation run of decode/ and analyse/ with their own tests only (mutation/vitest-focused.config.ts):
// a lower bound of `npm run mutate`'s score, and the TypeScript checker on the product code alone.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/decode/**/*.ts', 'src/analyse/**/*.ts', '!src/**/*.test.ts'],
  vitest: { configFile: 'mutation/vitest-focused.config.ts' },
  tsconfigFile: 'tsconfig.build.json',
  incrementalFile: 'mutation/.cache/incremental-focused.json',
  jsonReporter: { fileName: 'mutation/.cache/mutation.json' },
};
