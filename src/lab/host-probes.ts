// One-shot containers of the capture image that ask the engine's host what `lab up` will meet there:
// whether a preset's firewall rule goes in (the same iptables command and capability as in a lab, in a
// namespace of its own), and how the host firewalls bridged traffic (read in the host's own network
// namespace, so the answer is the engine host's even through the CLI image or from a remote engine).
// Each probe carries lab labels (lab "doctor"): `lab down --name doctor` finds one left by a crash.
import { resourceLabels } from '../docker/labels.js';
import { LabError } from '../errors.js';
import { HOST_FORWARDING_SCRIPT, parseHostForwarding, type HostForwarding } from '../docker/podman-forwarding.js';
import { lateAnswer, type ContainerRuntime, type ContainerSpec } from '../docker/runtime.js';
import { abortable, withTimeout } from '../waiting.js';
import { removeRun } from './lab-down.js';
import { dropFirstRule, LIMITS, newRunId } from './plan.js';

export const PROBE_LAB = 'doctor';
const PROBE_TIMEOUT_MS = 20_000;
const MiB = 1024 * 1024;

export interface ProbeResult {
  exitCode: number;
  output: string;
}

type ProbeSpec = Pick<ContainerSpec, 'image' | 'entrypoint' | 'cmd' | 'networkMode' | 'capAdd'>;

/** Runs the probe to its end and removes it, whatever happens. */
async function runProbe(runtime: ContainerRuntime, role: string, spec: ProbeSpec, signal?: AbortSignal): Promise<ProbeResult> {
  const run = newRunId();
  const container: ContainerSpec = {
    ...LIMITS,
    ...spec,
    name: `lab-${PROBE_LAB}-${run}-${role}`,
    labels: resourceLabels({ lab: PROBE_LAB, run, role, scenario: role }),
    // iptables-legacy takes its lock in /run; the root file system stays read-only.
    tmpfs: { '/run': 1 * MiB },
    pidsLimit: 16,
    memoryBytes: 64 * MiB,
  };
  let created: Promise<string> | undefined;
  let result: ProbeResult;
  try {
    created = runtime.createContainer(container);
    const id = await abortable(created, signal);
    await abortable(runtime.startContainer(id), signal);
    const exitCode = await withTimeout(runtime.waitContainer(id, signal), PROBE_TIMEOUT_MS, 'probe', signal);
    const log = await abortable(runtime.logs(id), signal);
    result = { exitCode, output: `${log.stdout}${log.stderr}`.trim() };
  } catch (error) {
    const removal = await removeProbe(runtime, run, created);
    // The probe's own failure stays the error; a failed removal is added to it.
    throw removal ? new LabError('cleanupFailedToo', { error, cleanup: removal.error }, { cause: error }) : error;
  }
  const removal = await removeProbe(runtime, run, created);
  if (removal) throw new LabError('removalIncomplete', { error: removal.error, left: [container.name], lab: PROBE_LAB }, { cause: removal.error });
  return result;
}

/** Removes the probe's run once its creation has settled (on Ctrl-C, or past its deadline, the engine may still
 * be creating it, and a label sweep before it lands would miss the container); says how the removal failed, if
 * it did. */
async function removeProbe(runtime: ContainerRuntime, run: string, created: Promise<string> | undefined): Promise<{ error: unknown } | undefined> {
  await created?.catch((error: unknown) => lateAnswer(error)?.catch(() => {}));
  try {
    await removeRun(runtime, run);
    return undefined;
  } catch (error) {
    return { error };
  }
}

/** A preset's rule (drop the first SYN) installed as `lab up` installs it: iptables as root in the capture
 * image, with NET_ADMIN and NET_RAW and nothing else. Exit code 0 when it went in. */
export function firewallRuleProbe(runtime: ContainerRuntime, captureImage: string, signal?: AbortSignal): Promise<ProbeResult> {
  const [program, ...args] = dropFirstRule({ segment: 'syn', port: 80 }, false);
  return runProbe(runtime, 'firewall', { image: captureImage, entrypoint: [program!], cmd: args, networkMode: 'none', capAdd: ['NET_ADMIN', 'NET_RAW'] }, signal);
}

/** The host's bridge netfilter sysctl and FORWARD policies, read (never changed) in its network namespace. */
export async function hostForwardingProbe(runtime: ContainerRuntime, captureImage: string, signal?: AbortSignal): Promise<HostForwarding> {
  const { output } = await runProbe(
    runtime,
    'forwarding',
    { image: captureImage, entrypoint: ['/bin/sh', '-c'], cmd: [HOST_FORWARDING_SCRIPT], networkMode: 'host', capAdd: ['NET_ADMIN', 'NET_RAW'] },
    signal,
  );
  return parseHostForwarding(output);
}
