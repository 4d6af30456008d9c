// `lab doctor [--out DIR]`: whether `lab up` will work here, one check per line, each failure with its fix.
// The firewall checks run short-lived containers on the engine (src/lab/host-probes.ts), removed after,
// also on Ctrl-C. Exit 0 when lab up will work, 3 when no engine answers, 1 for any other problem.
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../command-context.js';
import { EXIT } from '../exit-codes.js';
import { nonEmpty } from '../option-values.js';

const MIN_FREE_BYTES = 2 ** 30;
const MIN_NODE_MAJOR = 22;

export const doctorCommand: CommandDefinition = ({ t, io, env, run, describeError }) =>
  new Command('doctor').addOption(new Option('--out <dir>', t.commands.doctor.options.out).argParser(nonEmpty(t)).default('out')).action(
    run(async ({ out }) => {
      const [{ readEnvironment }, { connectEngine, runtimeFor }, { BASE_IMAGE, buildContext, IMAGE_ROLES }, probes, { podmanForwardConflict, uncheckedChains }, { podmanNetworkBackend }, { trapInterrupts }] =
        await Promise.all([
          import('../../config/environment.js'),
          import('../../docker/connect.js'),
          import('../../docker/images.js'),
          import('../../lab/host-probes.js'),
          import('../../docker/podman-forwarding.js'),
          import('../../docker/podman-runtime.js'),
          import('../../lab/interrupts.js'),
        ]);
      const texts = t.doctor;
      const names = texts.checks;
      let failures = 0;
      const pass = (check: string, detail: string) => io.stdout.write(`${texts.passed(check, detail)}\n`);
      const fail = (check: string, detail: string, fix: string) => {
        failures++;
        io.stdout.write(`${texts.failed(check, detail, fix)}\n`);
      };

      let engineAnswered = false;
      // A failure is the check's that was running, printed with that check's fix.
      const fixes = { engine: texts.engineFix, images: texts.imagesCheckFix, firewall: texts.firewallCheckFix, forwarding: texts.forwardingCheckFix };
      let checking: keyof typeof fixes = 'engine';
      using interrupts = trapInterrupts(io.stderr, probes.PROBE_LAB, { stopping: t.up.interrupting, givingUp: t.up.givingUp, endingSession: t.up.endingSession });
      try {
        const engine = await connectEngine(readEnvironment(env));
        engineAnswered = true;
        pass(names.engine, texts.engine(engine.product, engine.version, engine.apiVersion, engine.source));
        checking = 'images';
        const runtime = runtimeFor(engine, { giveUp: interrupts.giveUp });
        const tags = Object.fromEntries(await Promise.all(IMAGE_ROLES.map(async (role) => [role, (await buildContext(role)).tag] as const)));
        const present = await Promise.all(Object.values(tags).map((tag) => runtime.imageExists(tag)));
        if (present.every(Boolean)) pass(names.images, texts.imagesBuilt);
        else if (await runtime.imageExists(BASE_IMAGE)) pass(names.images, texts.imagesWillBuild(BASE_IMAGE));
        else fail(names.images, texts.imagesMissing(BASE_IMAGE), texts.imagesFix(BASE_IMAGE));

        // Both firewall checks run in the capture image: before the first lab up builds it, they wait.
        const podman = engine.product === 'Podman';
        const capture = tags.capture!;
        if (!(await runtime.imageExists(capture))) {
          io.stdout.write(`${texts.notTried(names.firewall, texts.needsCaptureImage)}\n`);
          if (podman) io.stdout.write(`${texts.notTried(names.forwarding, texts.needsCaptureImage)}\n`);
        } else {
          checking = 'firewall';
          const rule = await probes.firewallRuleProbe(runtime, capture, interrupts.stop);
          if (rule.exitCode === 0) pass(names.firewall, texts.firewallWorks);
          else fail(names.firewall, texts.firewallFailed(rule.exitCode, rule.output), texts.firewallFix);
          // Docker accepts its own networks' traffic; Podman's netavark does not (src/docker/podman-forwarding.ts).
          if (podman) {
            checking = 'forwarding';
            const [backend, host] = await Promise.all([podmanNetworkBackend(engine.modem), probes.hostForwardingProbe(runtime, capture, interrupts.stop)]);
            const conflict = podmanForwardConflict(backend, host);
            const unchecked = uncheckedChains(backend, host);
            if (conflict) fail(names.forwarding, texts.forwardingConflict(conflict), texts.forwardingFix(conflict));
            else if (unchecked.length) io.stdout.write(`${texts.notTried(names.forwarding, texts.forwardingNotChecked(unchecked))}\n`);
            else pass(names.forwarding, texts.forwardingFine(backend ?? 'netavark', host));
          }
        }
      } catch (error) {
        if (interrupts.stop.aborted) throw error; // Ctrl-C: the probes are removed; exit 130
        fail(names[checking], describeError(error), fixes[checking]);
      }

      const folder = resolve(out);
      const existing = await nearestExisting(folder);
      const space = await statfs(existing);
      const free = space.bavail * space.bsize;
      if (free >= MIN_FREE_BYTES) pass(names.disk, texts.disk((free / 2 ** 30).toFixed(1), existing));
      else fail(names.disk, texts.disk((free / 2 ** 30).toFixed(1), existing), texts.diskFix);

      const node = process.versions.node;
      if (Number(node.split('.')[0]) >= MIN_NODE_MAJOR) pass(names.node, texts.node(node));
      else fail(names.node, texts.node(node), texts.nodeFix);

      try {
        await access(existing, constants.W_OK);
        pass(names.output, texts.output(folder));
      } catch (error) {
        fail(names.output, texts.outputUnwritable(existing, (error as NodeJS.ErrnoException).code ?? (error as Error).message), texts.outputFix);
      }

      io.stdout.write(`${failures ? texts.willNotWork : texts.willWork}\n`);
      return failures === 0 ? EXIT.ok : engineAnswered ? EXIT.failed : EXIT.docker;
    }),
  );

/** The folder itself, or the first of its parents that exists (lab up creates the rest). */
async function nearestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      await access(current);
      return current;
    } catch {
      if (dirname(current) === current) return current;
    }
  }
}
