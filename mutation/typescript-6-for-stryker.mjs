// Stryker (its tsconfig rewriting and its TypeScript checker) needs the compiler's JavaScript API, which
// TypeScript 7, the project's compiler, no longer has. Stryker's own modules get TypeScript 6 (installed as
// "typescript6"); the project keeps TypeScript 7. Loaded with `node --import` in every Stryker process.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/@stryker-mutator/')) {
      return nextResolve('typescript6', context);
    }
    return nextResolve(specifier, context);
  },
});
