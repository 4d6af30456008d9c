// `lab down [--name N | --all]`
import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { labName } from '../option-values.js';

export const downCommand: CommandDefinition = ({ t, io, env, run }) => {
  const texts = t.commands.down;
  return new Command('down')
    .addOption(new Option('--name <name>', texts.options.name).argParser(labName(t)).default('handshake').conflicts('all'))
    .option('--all', texts.options.all)
    .action(
      run(async ({ name, all = false }) => {
        const [{ labDown }, { connectRuntime }] = await Promise.all([import('../../lab/lab-down.js'), import('./docker-runtime.js')]);
        const removed = await labDown(await connectRuntime(env), all ? { all: true } : { lab: name });
        const names = [...removed.containers, ...removed.networks];
        io.stdout.write(`${names.length ? t.down.removed(names) : t.down.nothingToRemove(all ? undefined : name)}\n`);
        return EXIT.ok;
      }),
    );
};
