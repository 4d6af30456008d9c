// `lab down [--name N | --all]`
import { parseArgs } from 'node:util';
import { LabError } from '../../errors.js';
import { labDown } from '../../lab/lab-down.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { connectRuntime } from './docker-runtime.js';

export async function downCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, all: { type: 'boolean', default: false } } });
  if (values.name && values.all) throw new LabError('USAGE', 'give either --name N or --all, not both');
  const name = values.all ? undefined : (values.name ?? 'handshake');
  const removed = await labDown(await connectRuntime(), name);
  const count = removed.containers.length + removed.networks.length;
  io.stdout.write(
    count
      ? `removed ${[...removed.containers, ...removed.networks].join(', ')}\n`
      : `nothing to remove (${values.all ? 'no lab resources' : `no resources of lab "${name}"`})\n`,
  );
  return EXIT.ok;
}
