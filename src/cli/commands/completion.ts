// `lab completion bash|zsh|fish`: a completion script generated from the commands as registered, so it
// can never list an option that does not exist. Preset names are in the script; the names of running labs
// (for `--name` of `down` and the commands that act on a running lab) are asked for at completion time
// with `lab completion --running-labs`, which lists them from the engine's labels.
import { Command, CommanderError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** What a value of an option or argument completes to. */
type Values = { kind: 'words'; words: string[] } | { kind: 'files' } | { kind: 'labs' } | { kind: 'nothing' };

interface CompletedOption {
  flags: string[];
  description: string;
  values: Values | undefined;
}

interface CompletedCommand {
  name: string;
  description: string;
  options: CompletedOption[];
  argument: Values | undefined;
}

export const completionCommand: CommandDefinition = ({ t, io, env, run }) =>
  new Command('completion')
    .argument('[shell]', t.commands.completion.arguments!.shell)
    .addOption(new Option('--running-labs').hideHelp())
    .action(
      run(async (shell, { runningLabs }, command) => {
        if (runningLabs) {
          io.stdout.write((await labNames(env)).map((name) => `${name}\n`).join(''));
          return EXIT.ok;
        }
        if (shell === undefined) throw new CommanderError(1, 'commander.missingArgument', "error: missing required argument 'shell'");
        if (!(SHELLS as readonly string[]).includes(shell))
          throw new CommanderError(1, 'commander.invalidArgument', `error: command-argument value '${shell}' is invalid for argument 'shell'. Allowed choices are ${SHELLS.join(', ')}.`);
        const { presetNames } = await import('../../lab/scenarios.js');
        const program = command.parent as CommandUnknownOpts;
        io.stdout.write(SCRIPTS[shell as Shell](describe(program, [...presetNames(), 'all'])));
        return EXIT.ok;
      }),
    );

/** The labs on the engine, from their labels; nothing (and no message) when no engine answers. */
async function labNames(env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    const [{ connectRuntime }, { everyLabFilter, LABELS }] = await Promise.all([import('./docker-runtime.js'), import('../../docker/labels.js')]);
    const runtime = await connectRuntime(env);
    const resources = (await Promise.all([runtime.listContainers(everyLabFilter()), runtime.listNetworks(everyLabFilter())])).flat();
    return [...new Set(resources.map((r) => r.labels[LABELS.lab]).filter((name): name is string => Boolean(name)))].sort();
  } catch {
    return [];
  }
}

function describe(program: CommandUnknownOpts, presets: string[]): { commands: CompletedCommand[]; global: CompletedOption[] } {
  const optionsOf = (command: CommandUnknownOpts): CompletedOption[] =>
    (command.options as readonly Option[])
      .filter((option) => !option.hidden)
      .map((option) => ({
        flags: [option.long, option.short].filter((flag): flag is string => Boolean(flag)),
        description: option.description,
        values: !(option.required || option.optional)
          ? undefined
          : option.argChoices
            ? { kind: 'words', words: option.argChoices }
            : option.long === '--scenario'
              ? { kind: 'words', words: presets }
              : option.long === '--name'
                ? { kind: command.name() === 'up' ? 'nothing' : 'labs' } // up names a new lab
                : { kind: 'files' },
      }));
  const commands = (program.commands as readonly CommandUnknownOpts[]).map((command) => {
    const [argument] = command.registeredArguments;
    return {
      name: command.name(),
      description: command.description(),
      options: optionsOf(command),
      argument: argument?.argChoices ? { kind: 'words' as const, words: argument.argChoices } : command.name() === 'completion' ? { kind: 'words' as const, words: [...SHELLS] } : argument ? { kind: 'files' as const } : undefined,
    };
  });
  return { commands, global: [...optionsOf(program), { flags: ['--help', '-h'], description: '', values: undefined }] };
}

const RUNNING_LABS = 'lab completion --running-labs 2>/dev/null';
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bashValues(values: Values): string {
  if (values.kind === 'words') return `COMPREPLY=($(compgen -W ${quote(values.words.join(' '))} -- "$cur"))`;
  if (values.kind === 'labs') return `COMPREPLY=($(compgen -W "$(${RUNNING_LABS})" -- "$cur"))`;
  if (values.kind === 'nothing') return 'COMPREPLY=()';
  return 'COMPREPLY=($(compgen -f -- "$cur"))';
}

function bash({ commands, global }: ReturnType<typeof describe>): string {
  const names = commands.map((c) => c.name).join(' ');
  const valueCases = (options: CompletedOption[]) =>
    options
      .filter((o) => o.values)
      .map((o) => `      ${o.flags.join('|')}) ${bashValues(o.values!)}; return ;;`)
      .join('\n');
  const commandCases = commands
    .map((c) => {
      const flags = [...c.options, ...global].flatMap((o) => o.flags).join(' ');
      return [
        `    ${c.name})`,
        `      case "$prev" in\n${valueCases([...c.options, ...global])}\n      esac`,
        `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${quote(flags)} -- "$cur")); return; fi`,
        c.argument ? `      ${bashValues(c.argument)}` : '      COMPREPLY=()',
        '      ;;',
      ].join('\n');
    })
    .join('\n');
  return `# bash completion for lab (generated by \`lab completion bash\`)
_lab() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      --lang) ((i++)) ;;
      -*) ;;
      *) command="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$command" in
    "")
      case "$prev" in
${valueCases(global)}
      esac
      COMPREPLY=($(compgen -W ${quote(`${names} help ${global.flatMap((o) => o.flags).join(' ')}`)} -- "$cur"))
      ;;
    help) COMPREPLY=($(compgen -W ${quote(names)} -- "$cur")) ;;
${commandCases}
  esac
}
complete -o default -F _lab lab
`;
}

function zsh(model: ReturnType<typeof describe>): string {
  // zsh runs the bash function through its bash-completion layer: one script, one behaviour.
  return `#compdef lab
# zsh completion for lab (generated by \`lab completion zsh\`)
autoload -U +X bashcompinit && bashcompinit
${bash(model).replace(/^# bash completion.*\n/, '')}`;
}

function fishValues(values: Values | undefined): string {
  if (!values) return '';
  if (values.kind === 'words') return ` -r -f -a ${quote(values.words.join(' '))}`;
  if (values.kind === 'labs') return ` -r -f -a ${quote(`(${RUNNING_LABS})`)}`;
  if (values.kind === 'nothing') return ' -r -f';
  return ' -r -F';
}

function fishOption(option: CompletedOption, condition: string): string {
  const flags = option.flags.map((flag) => (flag.startsWith('--') ? ` -l ${flag.slice(2)}` : ` -s ${flag.slice(1)}`)).join('');
  return `complete -c lab -n ${quote(condition)}${flags}${fishValues(option.values)}${option.description ? ` -d ${quote(option.description)}` : ''}`;
}

function fish({ commands, global }: ReturnType<typeof describe>): string {
  const names = commands.map((c) => c.name).join(' ');
  const lines = ['# fish completion for lab (generated by `lab completion fish`)', 'complete -c lab -f'];
  for (const c of commands) lines.push(`complete -c lab -n '__fish_use_subcommand' -a ${c.name} -d ${quote(c.description)}`);
  lines.push(`complete -c lab -n '__fish_seen_subcommand_from help' -a ${quote(names)}`);
  for (const option of global) lines.push(fishOption(option, 'true'));
  for (const c of commands) {
    const inCommand = `__fish_seen_subcommand_from ${c.name}`;
    for (const option of c.options) lines.push(fishOption(option, inCommand));
    if (c.argument?.kind === 'words') lines.push(`complete -c lab -n ${quote(inCommand)} -a ${quote(c.argument.words.join(' '))}`);
    if (c.argument?.kind === 'files') lines.push(`complete -c lab -n ${quote(inCommand)} -F`);
  }
  return `${lines.join('\n')}\n`;
}

const SCRIPTS: Record<Shell, (model: ReturnType<typeof describe>) => string> = { bash, zsh, fish };
