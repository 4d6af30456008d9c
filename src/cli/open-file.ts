// `--open`: shows a written file (report.html) with the desktop's default application, through the
// platform's own opener. A missing opener or a failure is said and the command still succeeds: the file
// is written, and the message names it.
import { execa } from 'execa';
import type { CliMessages } from './i18n/messages.js';
import type { CliIo } from './io.js';

/** The opener and its arguments for a file, per platform. */
export function opener(file: string, platform: NodeJS.Platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [file]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', file]]; // start's first quoted argument is a window title
  return ['xdg-open', [file]];
}

export async function openFile(file: string, { env, io, t, platform = process.platform }: { env: NodeJS.ProcessEnv; io: CliIo; t: CliMessages; platform?: NodeJS.Platform }): Promise<void> {
  const [command, args] = opener(file, platform);
  const result = await execa(command, args, { env, extendEnv: false, stdio: 'ignore', reject: false, windowsVerbatimArguments: platform === 'win32' });
  if (result.failed) io.stderr.write(`${t.open.failed(file, command)}\n`);
}
