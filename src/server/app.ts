// The classroom's HTTP API and pages (Fastify): students join with the class code and get a session
// cookie; every /api/lab route acts only on the caller's own lab; the teacher's routes need the token.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { fastifySSE as fastifySse } from '@fastify/sse';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { PAGE_SCRIPT } from '../report/html/page-script.js';
import { PAGE_STYLE } from '../report/html/page-style.js';
import { ClassroomError, type Classroom, type Student } from './classroom.js';
import { checkOrigin, checkTeacher, CodeGuessGuard, secretMatches } from './http-guards.js';
import { LAB_FILES, LabRequestError, type LabFileName } from './live-lab.js';
import { isQuestionId, QUESTION_IDS } from '../quiz/question-ids.js';
import { studentsCsv, studentSummary } from './teacher-view.js';
import { recordAttempt, studentCheck } from './worksheet-attempts.js';

export interface AppOptions {
  classroom: Classroom;
  /** Null: no code needed (the server listens on loopback only). */
  classCode: string | null;
  teacherToken: string;
  lang: string;
  presets: readonly string[];
  /** Hears what went wrong inside (a 500): the teacher's terminal shows it. */
  onError?: (error: unknown) => void;
  /** Requests per session (or address) per 10 s before 429. */
  rateLimit?: number;
}

const COOKIE = 'lab_session';
const BODY_LIMIT = 16 * 1024;
const webDir = fileURLToPath(new URL('../../web/classroom/', import.meta.url));

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const body = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ body: { type: 'object', required, additionalProperties: false, properties } });

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { classroom } = options;
  const guard = new CodeGuessGuard();
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, ajv: { customOptions: { removeAdditional: false } } });
  await app.register(fastifyCookie);
  await app.register(fastifySse, { heartbeatInterval: 15_000 });
  await app.register(fastifyRateLimit, {
    max: options.rateLimit ?? 100,
    timeWindow: 10_000,
    keyGenerator: (request) => request.cookies[COOKIE] ?? request.ip,
    errorResponseBuilder: () => ClassroomError.refused(429, { code: 'slow-down', params: {} }),
  });
  await app.register(fastifyStatic, { root: webDir, prefix: '/assets/', index: false });
  // The report's stylesheet and script, shared by the classroom's pages (palette, focus ring, ladder,
  // large-text toggle, table boxes that take focus while they scroll).
  app.get('/assets/page.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(PAGE_STYLE));
  app.get('/assets/page.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').send(PAGE_SCRIPT));

  app.addHook('onRequest', async (request) => checkOrigin(request));
  app.setErrorHandler((error: FastifyError | ClassroomError | LabRequestError, _request, reply) => {
    const status = error instanceof ClassroomError || error instanceof LabRequestError ? error.status : (error as FastifyError).statusCode;
    if (status && status < 500) return reply.code(status).send({ error: error.message, ...(error instanceof ClassroomError ? error.wording : undefined) });
    options.onError?.(error);
    return reply.code(500).send({ error: 'internal error; the other labs carry on' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));

  const me = (request: FastifyRequest): Student => {
    const student = classroom.student(request.cookies[COOKIE]);
    if (!student) throw ClassroomError.refused(401, { code: 'join-first', params: {} });
    return student;
  };
  /** Aborted when the browser goes away before the answer is sent (a request's own 'close' comes too early). */
  const abortOnClose = (reply: FastifyReply) => {
    const controller = new AbortController();
    reply.raw.on('close', () => reply.raw.writableFinished || controller.abort());
    return controller.signal;
  };

  app.get('/', (_request, reply) => reply.sendFile('student.html'));
  app.get('/teacher', (_request, reply) => reply.sendFile('teacher.html'));
  app.get('/api/config', async () => ({ lang: options.lang, codeRequired: options.classCode !== null, presets: options.presets }));

  app.post<{ Body: { name: string; code?: string } }>('/api/join', { schema: body({ name: text(40), code: { type: 'string', maxLength: 64 } }, ['name']) }, async (request, reply) => {
    guard.check(request.ip);
    if (options.classCode !== null && !secretMatches(request.body.code, options.classCode)) {
      guard.fail(request.ip);
      throw ClassroomError.refused(403, { code: 'wrong-code', params: {} });
    }
    const sessionId = request.cookies[COOKIE] ?? randomBytes(18).toString('base64url');
    const student = classroom.join(request.body.name, sessionId);
    reply.setCookie(COOKIE, sessionId, { httpOnly: true, sameSite: 'strict', path: '/' });
    return { name: student.name, lab: classroom.labStatus(student) };
  });
  /** Whether this browser has joined (a page asks before it shows the join form): never a 401. */
  app.get('/api/me', async (request) => {
    const student = classroom.student(request.cookies[COOKIE]);
    return student ? { name: student.name, lab: classroom.labStatus(student) } : { name: null };
  });

  app.post('/api/lab', async (request, reply) => reply.code(202).send(classroom.requestLab(me(request))));
  app.get('/api/lab', async (request) => classroom.labStatus(me(request)));
  app.delete('/api/lab', async (request) => {
    const student = me(request);
    await classroom.endLab(student, { code: 'ended-by-student', params: {} });
    return classroom.labStatus(student);
  });
  app.post<{ Body: { command: string } }>('/api/lab/command', { schema: body({ command: text(2000) }) }, async (request, reply) => {
    const lab = classroom.readyLab(me(request));
    return lab.command(request.body.command, abortOnClose(reply));
  });
  app.post<{ Body: { scenario: string } }>('/api/lab/scenario', { schema: body({ scenario: text(40) }) }, async (request, reply) => {
    const student = me(request);
    const result = await classroom.readyLab(student).scenario(request.body.scenario, abortOnClose(reply));
    student.presetsRun.push(request.body.scenario);
    return result;
  });
  const language = (lang: string | undefined) => (lang === 'en' || lang === 'zh-CN' ? lang : options.lang);
  app.get<{ Querystring: { lang?: string } }>('/api/lab/worksheet', async (request) => {
    const student = me(request);
    if (!student.lab) throw ClassroomError.refused(409, { code: 'nothing-captured', params: {} });
    return { questions: await student.lab.worksheet(language(request.query.lang)), revealed: classroom.answersRevealed };
  });
  app.post<{ Body: { answers: Record<string, string>; lang?: string } }>(
    '/api/lab/answers',
    { schema: body({ answers: { type: 'object', maxProperties: 64, additionalProperties: { type: 'string', maxLength: 64 } }, lang: { type: 'string', maxLength: 8 } }, ['answers']) },
    async (request) => {
      const student = me(request);
      const unknown = Object.keys(request.body.answers).find((id) => !isQuestionId(id));
      if (unknown !== undefined) {
        const params = { question: unknown.slice(0, 40), questions: [...QUESTION_IDS] };
        throw new ClassroomError(400, `unknown question "${params.question}"; the questions are: ${QUESTION_IDS.join(', ')}`, { code: 'unknown-question', params });
      }
      if (!student.lab) throw ClassroomError.refused(409, { code: 'nothing-captured', params: {} });
      const result = await student.lab.checkAnswers(request.body.answers, language(request.body.lang));
      const revealed = classroom.answersRevealed;
      if (!revealed) student.worksheet = recordAttempt(student.worksheet, result);
      return studentCheck(result, revealed, !revealed);
    },
  );
  app.get<{ Params: { file: string } }>('/api/lab/files/:file', async (request, reply) => {
    const student = me(request);
    const name = request.params.file;
    if (!Object.hasOwn(LAB_FILES, name)) throw new ClassroomError(404, `no such file; one of: ${Object.keys(LAB_FILES).join(', ')}`);
    if (!student.lab) throw ClassroomError.refused(409, { code: 'nothing-captured', params: {} });
    const bytes = await student.lab.file(name as LabFileName);
    return reply.type(LAB_FILES[name as LabFileName]).header('content-disposition', `attachment; filename="${name}"`).send(bytes);
  });
  app.get('/api/lab/stream', { sse: 'only' }, async (request, reply) => streamEvents(me(request), reply));

  app.get('/api/teacher/students', async (request) => {
    checkTeacher(request, options.teacherToken);
    return { students: await Promise.all(classroom.students().map((s) => studentSummary(classroom, s))), answersRevealed: classroom.answersRevealed };
  });
  app.get('/api/teacher/students.csv', async (request, reply) => {
    checkTeacher(request, options.teacherToken);
    const rows = await Promise.all(classroom.students().map((s) => studentSummary(classroom, s)));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="students.csv"').send(studentsCsv(rows));
  });
  /** Shows every student the worksheet's expected answers from now on; the scores recorded so far stay. */
  app.post('/api/teacher/reveal-answers', async (request) => {
    checkTeacher(request, options.teacherToken);
    classroom.answersRevealed = true;
    return { answersRevealed: true };
  });
  app.delete<{ Params: { name: string } }>('/api/teacher/students/:name', async (request) => {
    checkTeacher(request, options.teacherToken);
    if (!(await classroom.free(request.params.name))) throw new ClassroomError(404, 'no student of that name');
    return { freed: request.params.name };
  });
  return app;
}

/** Everything after the browser's Last-Event-ID, then each new event as it happens. */
async function streamEvents(student: Student, reply: FastifyReply): Promise<void> {
  reply.sse.keepAlive();
  reply.sse.sendHeaders(); // now, not at the first event: a student without a lab has none yet
  const lastId = Number(reply.sse.lastEventId ?? 0) || 0;
  let sending = Promise.resolve();
  const send = (entry: { id: number; event: { type: string } }) => {
    sending = sending.then(() => (reply.sse.isConnected ? reply.sse.send({ id: String(entry.id), event: entry.event.type, data: entry.event }) : undefined)).catch(() => {});
  };
  // History and subscription in the same tick: no event can fall between them.
  for (const entry of student.events.since(lastId)) send(entry);
  const stop = student.events.subscribe(send);
  reply.sse.onClose(stop);
}
