// The server's defences that are not a library's: the Origin check on state changes, the teacher's
// token compared in constant time, and a lock-out for addresses that keep guessing the class code.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ClassroomError } from './classroom.js';

/** A browser sends Origin on every cross-site POST; a request that changes state must come from our own
 * page (scripts and graders send no Origin at all). */
export function checkOrigin(request: FastifyRequest): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) throw new ClassroomError(403, 'cross-origin request refused');
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Equal-length digests, so neither the token's length nor its first differing byte shows in the timing. */
export function secretMatches(given: string | undefined, secret: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(secret));
}

export function checkTeacher(request: FastifyRequest, token: string): void {
  const header = request.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  if (!secretMatches(given, token)) throw new ClassroomError(401, 'the teacher token is missing or wrong (Authorization: Bearer TOKEN)');
}

/** Counts wrong class codes per address; after `limit` within `windowMs`, that address waits. */
export class CodeGuessGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(address: string): void {
    if (this.recent(address).length >= this.limit) throw ClassroomError.refused(429, { code: 'too-many-codes', params: {} });
  }

  fail(address: string): void {
    this.failures.set(address, [...this.recent(address), this.now()]);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }
}
