// `lab images [--rebuild | --save FILE | --load FILE]`
import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { nonEmpty } from '../option-values.js';

export const imagesCommand: CommandDefinition = ({ t, io, env, run }) => {
  const texts = t.commands.images;
  return new Command('images')
    .addOption(new Option('--rebuild', texts.options.rebuild).conflicts(['save', 'load']))
    .addOption(new Option('--save <file>', texts.options.save).argParser(nonEmpty(t)).conflicts('load'))
    .addOption(new Option('--load <file>', texts.options.load).argParser(nonEmpty(t)))
    .action(
      run(async ({ rebuild = false, save, load }) => {
        const [{ BASE_IMAGE, ensureImages }, { loadBundle, saveBundle }, { createProgress }, { readEnvironment }, { connectRuntime }] = await Promise.all([
          import('../../docker/images.js'),
          import('../../docker/image-bundle.js'),
          import('../../lab/progress.js'),
          import('../../config/environment.js'),
          import('./docker-runtime.js'),
        ]);
        const runtime = await connectRuntime(env);
        if (load !== undefined) {
          const { loaded, missing } = await loadBundle(runtime, load);
          io.stdout.write(`${t.images.loaded(loaded)}\n${missing.length ? t.images.lacks(missing, BASE_IMAGE) : t.images.complete}\n`);
          return EXIT.ok;
        }
        // A first build takes minutes: show which image is building and its Dockerfile step.
        const progress = createProgress(io.stderr, { step: (id) => t.steps[id], building: t.building, built: t.built, waitingForEngine: t.waitingForEngine }, { live: readEnvironment(env).isTty });
        const images = await progress.step('images', (report) => ensureImages(runtime, { rebuild, report }));
        if (save !== undefined) {
          const bundle = await saveBundle(runtime, save);
          io.stdout.write(`${t.images.saved(bundle.file, Math.round(bundle.bytes / 2 ** 20), bundle.images)}\n${t.images.loadElsewhere(bundle.file)}\n`);
          return EXIT.ok;
        }
        for (const image of Object.values(images)) io.stdout.write(`${image.tag.padEnd(32)} ${image.built ? t.images.built : t.images.upToDate}\n`);
        return EXIT.ok;
      }),
    );
};
