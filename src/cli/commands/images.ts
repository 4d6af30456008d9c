// `lab images [--rebuild]`
import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';

export const imagesCommand: CommandDefinition = ({ t, io, env, run }) =>
  new Command('images').option('--rebuild', t.commands.images.options.rebuild).action(
    run(async ({ rebuild = false }) => {
      const [{ ensureImages }, { createProgress }, { readEnvironment }, { connectRuntime }] = await Promise.all([
        import('../../docker/images.js'),
        import('../../lab/progress.js'),
        import('../../config/environment.js'),
        import('./docker-runtime.js'),
      ]);
      const runtime = await connectRuntime(env);
      // A first build takes minutes: show which image is building and its Dockerfile step.
      const progress = createProgress(io.stderr, { step: (id) => t.steps[id], building: t.building, built: t.built }, { live: readEnvironment(env).isTty });
      const images = await progress.step('images', (report) => ensureImages(runtime, { rebuild, report }));
      for (const image of Object.values(images)) io.stdout.write(`${image.tag.padEnd(32)} ${image.built ? t.images.built : t.images.upToDate}\n`);
      return EXIT.ok;
    }),
  );
