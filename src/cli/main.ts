// The `lab` command line: dispatches to one command, prints an error once, maps it to an exit code.
import { LabError } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';

const USAGE = `usage: lab <command> [options]

commands:
  up       run the experiment in Docker and write out/<name>/ (capture, events, reports)
           [--config FILE] [--scenario S] [--name N] [--out DIR] [--lang en|zh-CN] [--keep] [--json]
  down     remove a lab's containers and network, found by label
           [--name N | --all]
  report   explain every TCP connection of a pcap or pcapng file
           CAPTURE [--format md|html|json|pcapng] [--brief] [-o FILE] [--lang en|zh-CN] [--events FILE...]
  images   build the lab's images if they are missing, or all with --rebuild

exit codes: 0 ok, 1 failed, 2 bad usage or lab.yaml, 3 Docker problem, 4 unreadable capture, 130 interrupted`;

type Command = (args: string[], io: CliIo) => Promise<number>;

// Loaded on demand: `lab report` needs no Docker client, whose modules take longer to load than a
// small capture takes to analyse.
const COMMANDS: Record<string, () => Promise<Command>> = {
  up: async () => (await import('./commands/up.js')).upCommand,
  down: async () => (await import('./commands/down.js')).downCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  images: async () => (await import('./commands/images.js')).imagesCommand,
};

export async function cli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`lab: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await (await load())(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof LabError) {
    io.stderr.write(`lab: ${error.message}\n${error.hint ? `  → ${error.hint}\n` : ''}`);
    return exitCodeFor(error.code);
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`lab: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  io.stderr.write(`lab: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failed;
}
