// `lab serve` put together: the engine, one classroom, the HTTP server. Returns once it listens; close()
// ends every lab (removing everything) and stops the server.
import { randomBytes, randomInt } from 'node:crypto';
import { availableParallelism, networkInterfaces, totalmem } from 'node:os';
import type { LabConfig } from '../config/lab-config.js';
import { ensureImages } from '../docker/images.js';
import type { ContainerRuntime } from '../docker/runtime.js';
import { findPreset, presetNames } from '../lab/scenarios.js';
import { needsOwnLab } from '../session/preset-in-lab.js';
import { buildApp } from './app.js';
import { Classroom } from './classroom.js';
import type { LabsEnded } from './live-lab.js';
import { sessionStartLab } from './session-live-lab.js';

export interface ServeOptions {
  port: number;
  host: string;
  classCode?: string;
  maxLabs?: number;
  /** Labs made ready before students ask (default: maxLabs). */
  spareLabs?: number;
  idleMinutes: number;
  lang: string;
  onError?: (error: unknown) => void;
}

export interface RunningClassroom {
  studentUrl: string;
  teacherUrl: string;
  /** Null when the server listens on loopback only and no code was asked for. */
  classCode: string | null;
  teacherToken: string;
  maxLabs: number;
  spareLabs: number;
  /** Resolves once the spares made at start are ready (or failed): with how many are, and after how long. */
  sparesReady: Promise<{ ready: number; seconds: number }>;
  /** Ends every lab, removing what each made, and stops the server: how many labs ended, and each removal
   * that failed. */
  close(): Promise<LabsEnded>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** Letters and digits that cannot be mistaken for each other when read off a projector. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A lab per student: about 256 MiB and an eighth of a core each at most, and never more than 64. */
export function defaultMaxLabs(): number {
  return Math.max(2, Math.min(64, availableParallelism() * 16, Math.floor(totalmem() / 2 ** 28)));
}

/** Listening on every interface: the address students type is this machine's address on the room's network. */
function roomAddress(listening: string): string {
  const port = new URL(listening).port;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return lan ? `http://${lan.address}:${port}` : listening;
}

export async function serveClassroom(runtime: ContainerRuntime, config: LabConfig, options: ServeOptions): Promise<RunningClassroom> {
  const images = await ensureImages(runtime, {}); // built and checked once here, not by every lab
  const classCode = options.classCode ?? (LOOPBACK.has(options.host) ? null : Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''));
  const teacherToken = randomBytes(18).toString('base64url');
  const maxLabs = options.maxLabs ?? defaultMaxLabs();
  const spareLabs = Math.min(options.spareLabs ?? maxLabs, maxLabs);
  const classroom = new Classroom({
    maxLabs,
    spareLabs,
    idleMs: options.idleMinutes * 60_000,
    startLab: sessionStartLab({ runtime, config, className: config.name, lang: options.lang, images }),
    onError: options.onError,
  });
  const presets = presetNames().filter((name) => needsOwnLab(findPreset(name)) === null);
  const app = await buildApp({ classroom, classCode, teacherToken, lang: options.lang, presets, onError: options.onError });
  const listening = await app.listen({ port: options.port, host: options.host });
  const address = options.host === '0.0.0.0' || options.host === '::' ? roomAddress(listening) : listening;
  const idle = setInterval(() => void classroom.endIdle(), 30_000);
  idle.unref();
  const started = performance.now();
  classroom.prepareSpares(); // once it listens: a port already taken leaves nothing behind
  const sparesReady = classroom.sparesSettled().then((ready) => ({ ready, seconds: (performance.now() - started) / 1000 }));
  return {
    studentUrl: `${address}/`,
    teacherUrl: `${address}/teacher#token=${teacherToken}`,
    classCode,
    teacherToken,
    maxLabs,
    spareLabs,
    sparesReady,
    async close() {
      clearInterval(idle);
      const ended = await classroom.close();
      await app.close();
      return ended;
    },
  };
}
