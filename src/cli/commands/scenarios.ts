// `lab scenarios [--json]`: the presets, one line each: what it shows and which packets to look at.
import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';

export const scenariosCommand: CommandDefinition = ({ t, io, run }) =>
  new Command('scenarios').option('--json', t.commands.scenarios.options.json).action(
    run(async ({ json = false }) => {
      const { PRESETS } = await import('../../lab/scenarios.js');
      const presets = PRESETS.map(({ name }) => ({ name, ...t.presets(name) }));
      if (json) {
        io.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
        return EXIT.ok;
      }
      const width = Math.max(...presets.map((p) => p.name.length));
      for (const p of presets) io.stdout.write(`${p.name.padEnd(width)}  ${p.summary}\n${' '.repeat(width)}  ${t.scenarios.lookFor(p.lookFor)}\n`);
      return EXIT.ok;
    }),
  );
