// `lab images [--rebuild]`
import { parseArgs } from 'node:util';
import { ensureImages } from '../../docker/images.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { connectRuntime } from './docker-runtime.js';

export async function imagesCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { rebuild: { type: 'boolean', default: false } } });
  const images = await ensureImages(await connectRuntime(), { rebuild: values.rebuild });
  for (const image of Object.values(images)) io.stdout.write(`${image.tag.padEnd(32)} ${image.built ? 'built' : 'up to date'}\n`);
  return EXIT.ok;
}
