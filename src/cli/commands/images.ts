// `lab images [--rebuild]`
import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';

export const imagesCommand: CommandDefinition = ({ t, io, env, run }) =>
  new Command('images').option('--rebuild', t.commands.images.options.rebuild).action(
    run(async ({ rebuild = false }) => {
      const [{ ensureImages }, { connectRuntime }] = await Promise.all([import('../../docker/images.js'), import('./docker-runtime.js')]);
      const images = await ensureImages(await connectRuntime(env), { rebuild });
      for (const image of Object.values(images)) io.stdout.write(`${image.tag.padEnd(32)} ${image.built ? t.images.built : t.images.upToDate}\n`);
      return EXIT.ok;
    }),
  );
