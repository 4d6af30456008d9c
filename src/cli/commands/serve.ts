// `lab serve [--port 8080] [--host 127.0.0.1] [--class-code C] [--max-labs N] [--spare-labs N] [--idle MIN]`: the class in a
// browser, one live lab per student. Ctrl-C ends every lab, removes everything and exits 130.
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import type { CliMessages } from '../i18n/messages.js';
import { minutes, nonEmpty } from '../option-values.js';

function wholeNumber(t: CliMessages, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(t.parse.wholeNumber(min, max));
    return n;
  };
}

function classCode(t: CliMessages) {
  return (value: string): string => {
    if (!/^[A-Za-z0-9_-]{4,64}$/.test(value)) throw new InvalidArgumentError(t.parse.classCode);
    return value;
  };
}

export const serveCommand: CommandDefinition = ({ t, io, env, lang, askedLang, run, describeError }) => {
  const texts = t.commands.serve;
  return new Command('serve')
    .addOption(new Option('--port <port>', texts.options.port).argParser(wholeNumber(t, 0, 65535)).default(8080))
    .addOption(new Option('--host <address>', texts.options.host).argParser(nonEmpty(t)).default('127.0.0.1'))
    .addOption(new Option('--class-code <code>', texts.options.classCode).argParser(classCode(t)))
    .addOption(new Option('--max-labs <n>', texts.options.maxLabs).argParser(wholeNumber(t, 1, 500)))
    .addOption(new Option('--spare-labs <n>', texts.options.spareLabs).argParser(wholeNumber(t, 0, 500)))
    .addOption(new Option('--idle <minutes>', texts.options.idle).argParser(minutes(t)).default(20))
    .option('--config <file>', texts.options.config, nonEmpty(t))
    .action(
      run(async (options) => {
        const [{ loadConfigFile }, { connectRuntime }, { serveClassroom }] = await Promise.all([
          import('../../config/load-config.js'),
          import('./docker-runtime.js'),
          import('../../server/serve-classroom.js'),
        ]);
        const config = await loadConfigFile(options.config ?? 'lab.yaml', { required: options.config !== undefined });
        const reportLang = askedLang ?? config.report.lang;
        const classroom = await serveClassroom(await connectRuntime(env), config, {
          port: options.port,
          host: options.host,
          classCode: options.classCode,
          maxLabs: options.maxLabs,
          spareLabs: options.spareLabs,
          idleMinutes: options.idle,
          lang: reportLang ?? lang,
          onError: (error) => io.stderr.write(`${t.errorPrefix}${describeError(error)}\n`),
        });
        io.stdout.write(`${t.serve.started(classroom.studentUrl, classroom.classCode, classroom.teacherUrl, classroom.maxLabs, classroom.spareLabs)}\n`);
        let stopping = false;
        if (classroom.spareLabs) {
          void classroom.sparesReady.then(({ ready, seconds }) => stopping || io.stdout.write(`${t.serve.sparesReady(ready, classroom.spareLabs, seconds)}\n`));
        }
        const signal = await new Promise<string>((resolve) => {
          for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve(s));
        });
        stopping = true;
        io.stderr.write(`${t.serve.stopping(signal)}\n`);
        const started = performance.now();
        const { ended, failures } = await classroom.close();
        for (const failure of failures) io.stderr.write(`${t.errorPrefix}${describeError(failure)}\n`);
        io.stderr.write(`${failures.length ? t.serve.leftBehind(failures.length) : t.serve.stopped(ended, (performance.now() - started) / 1000)}\n`);
        return EXIT.interrupted;
      }),
    );
};
