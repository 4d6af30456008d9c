// The completion scripts, run for real by bash: what a Tab offers after each prefix.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetNames } from '../lab/scenarios.js';
import { cli } from './main.js';

async function script(shell: string): Promise<string> {
  let stdout = '';
  expect(await cli(['completion', shell], { stdout: { write: (t) => (stdout += String(t)) }, stderr: { write() {} }, env: {} })).toBe(0);
  return stdout;
}

const dir = mkdtempSync(join(tmpdir(), 'completion-'));
writeFileSync(join(dir, 'lab.bash'), await script('bash'));
// A stand-in `lab` for the running labs, as the engine would list them.
writeFileSync(join(dir, 'lab'), '#!/bin/sh\n[ "$1 $2" = "completion --running-labs" ] && printf "alpha\\nbeta\\n"\n');
chmodSync(join(dir, 'lab'), 0o755);

/** What bash offers for the command line `words` (the last one is being completed). */
function complete(...words: string[]): string[] {
  const program = `source ${join(dir, 'lab.bash')}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _lab; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', program], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('completes commands, options and their values', () => {
    expect(complete('lab', 'rep')).toEqual(['report']);
    expect(complete('lab', 'report', '--fo')).toEqual(['--format']);
    expect(complete('lab', 'report', '--format', '')).toEqual(['md', 'html', 'json', 'pcapng']);
    expect(complete('lab', '--lang', 'zh-CN', 'down', '--n')).toEqual(['--name']);
    expect(complete('lab', 'up', '--lang', '')).toEqual(['en', 'zh-CN']);
    expect(complete('lab', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('lab', 'help', 'sc')).toEqual(['scenarios']);
  });

  it('offers every preset (and all) for --scenario, and nothing for a new lab name', () => {
    expect(complete('lab', 'up', '--scenario', '')).toEqual([...presetNames(), 'all']);
    expect(complete('lab', 'up', '--scenario', 'thr')).toEqual(['three-way-close']);
    expect(complete('lab', 'up', '--name', '')).toEqual([]);
  });

  it('offers the running labs for lab down --name, as `lab completion --running-labs` lists them', () => {
    expect(complete('lab', 'down', '--name', '')).toEqual(['alpha', 'beta']);
    expect(complete('lab', 'down', '--name', 'b')).toEqual(['beta']);
  });
});

describe('zsh and fish completion', () => {
  it('zsh runs the same completion through its bash layer', async () => {
    const zsh = await script('zsh');
    expect(zsh).toMatch(/^#compdef lab\n/);
    expect(zsh).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh).toContain('complete -o default -F _lab lab');
  });

  it('fish knows the commands, the options with their values and the running labs', async () => {
    const fish = await script('fish');
    expect(fish).toContain("complete -c lab -n '__fish_use_subcommand' -a report -d 'explain every TCP connection");
    expect(fish).toContain("complete -c lab -n '__fish_seen_subcommand_from report' -l format -r -f -a 'md html json pcapng'");
    expect(fish).toContain("complete -c lab -n '__fish_seen_subcommand_from down' -l name -r -f -a '(lab completion --running-labs 2>/dev/null)'");
    expect(fish).toContain(`-l scenario -r -f -a '${[...presetNames(), 'all'].join(' ')}'`);
    expect(fish).toContain("complete -c lab -n '__fish_seen_subcommand_from report' -l output -s o -r -F");
  });

  it('refuses another shell, naming the ones it knows (exit 2)', async () => {
    let stderr = '';
    const code = await cli(['completion', 'tcsh'], { stdout: { write() {} }, stderr: { write: (t) => (stderr += String(t)) }, env: {} });
    expect([code, stderr]).toEqual([2, 'lab: shell "tcsh": expected one of bash, zsh, fish\n  → run `lab completion --help` for its usage\n']);
  });
});
