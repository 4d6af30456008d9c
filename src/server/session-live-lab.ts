// A student's lab for `lab serve`: a live LabSession (both programs in command mode, tcpdump streaming)
// behind the LiveLab interface. Commands use the terminal's grammar; presets run on new connections of
// their own; the downloads are rendered from what was captured so far.
import { analyseCapture } from '../analyse/analyse-capture.js';
import { CLI_LANGUAGES, LANGUAGE_NAMES, type CliLang } from '../cli/i18n/index.js';
import type { LabConfig } from '../config/lab-config.js';
import type { EnsuredImage, ImageRole } from '../docker/images.js';
import type { ContainerRuntime } from '../docker/runtime.js';
import { LabError } from '../errors.js';
import { findPreset } from '../lab/scenarios.js';
import type { Progress } from '../lab/progress.js';
import { OUTPUT_FILES, renderOutputs } from '../lab/write-outputs.js';
import { checkAnswers } from '../quiz/check-worksheet.js';
import { quizMessagesFor } from '../quiz/i18n/index.js';
import { isQuestionId, type QuestionId } from '../quiz/question-ids.js';
import { worksheetQuestions } from '../quiz/worksheet-questions.js';
import { messagesFor } from '../report/i18n/index.js';
import { parseCommand } from '../session/command-grammar.js';
import { ConnectionEnds } from '../session/connection-ends.js';
import { LabSession, type Collected, type LiveEvent } from '../session/lab-session.js';
import { needsOwnLab, runPresetInLab } from '../session/preset-in-lab.js';
import type { ProgramRole, Reply } from '../session/program-channel.js';
import { LabRequestError, type LabEvent, type LabFileName, type LiveLab, type StartLab } from './live-lab.js';

/** The session's steps are not shown anywhere: the page shows the lab's state instead. */
const silentProgress: Progress = { timings: [], step: (_id, run) => run({ building() {}, built() {}, waitingForEngine() {} }) };

/** The class's name and the lab's number, within a lab name's 40 characters: `lab down --name` takes it. */
export function classLabName(className: string, id: string): string {
  return `${className.slice(0, 40 - 1 - id.length)}-${id}`;
}

const FILE_KEYS: Record<LabFileName, keyof typeof OUTPUT_FILES> = {
  'capture.pcap': 'capture',
  'capture-annotated.pcapng': 'annotated',
  'events.jsonl': 'events',
  'report.json': 'json',
  'report.md': 'markdown',
  'report.html': 'html',
};

export interface SessionLabOptions {
  runtime: ContainerRuntime;
  config: LabConfig;
  /** Prefix of every student's lab name (`lab down --name` needs the full one; `lab down --all` finds all). */
  className: string;
  lang: string;
  /** The images, ensured once when the server starts. */
  images: Record<ImageRole, EnsuredImage>;
}

/** How long a preset's verdict waits for its connections' last segments to arrive in the capture. */
const PRESET_CAPTURE_PATIENCE_MS = 5_000;

/** One text per language of the pages (the page shows the one its reader chose). */
function inEachLanguage(word: (lang: CliLang) => string): Record<CliLang, string> {
  return Object.fromEntries(LANGUAGE_NAMES.map((l) => [l, word(l)])) as Record<CliLang, string>;
}

export function sessionStartLab({ runtime, config, className, lang, images }: SessionLabOptions): StartLab {
  return async (id, emit, signal) => {
    const labConfig: LabConfig = { ...config, name: classLabName(className, id) };
    const connections = new Map<number, number>();
    const connectionId = (clientPort: number) => {
      if (!connections.has(clientPort)) connections.set(clientPort, connections.size + 1);
      return connections.get(clientPort)!;
    };
    // A result worded as the terminal words it, in each language the page can switch to.
    const result = (role: ProgramRole, reply: Reply): LabEvent => ({ ...reply, type: 'result', side: role, text: inEachLanguage((l) => CLI_LANGUAGES[l].live.reply(CLI_LANGUAGES[l].live.sides[role], reply).trim()) });
    const ends = new ConnectionEnds();
    const onLive = (event: LiveEvent) => {
      if (event.type === 'packet') {
        ends.note(event.packet);
        const { rawSeq, rawAck, seq, ack, ...packet } = event.packet;
        emit({ ...packet, type: 'packet', connection: connectionId(packet.clientPort), seq: rawSeq, ack: rawAck, relSeq: seq, relAck: ack ?? 0, offset: packet.time });
      } else if (event.type === 'call') {
        const { t, start, role, ...call } = event.event;
        emit({ ...call, type: 'call', side: role, start: start ?? t, end: t });
      } else emit(result(event.role, event.reply));
    };
    const lab = new LabSession(runtime, labConfig, { ...findPreset('echo')!, name: 'interactive' }, silentProgress, { mode: { kind: 'interactive', autoAccept: false }, onLive, images });
    try {
      await lab.start(signal);
    } catch (error) {
      // A removal that fails too is said with the start's failure: something of the lab may be left.
      await lab.remove().catch((cleanup: unknown) => {
        throw new LabError('cleanupFailedToo', { error, cleanup });
      });
      throw error;
    }
    let final: Collected | undefined;
    const snapshot = () => final ?? lab.snapshot();
    // The teacher's page asks for every lab's verdicts every few seconds: a lab that captured nothing new
    // since is not analysed again.
    let analysed: { size: string; report: ReturnType<typeof analyseCapture>; events: Collected['events'] } | undefined;
    const analysedSoFar = () => {
      const { pcap, events } = snapshot();
      const size = `${pcap.length} ${events.length}`;
      if (analysed?.size !== size) analysed = { size, report: analyseCapture([pcap], { events, capturedAtServer: true }), events };
      return analysed;
    };
    const ending = new AbortController();

    const live: LiveLab = {
      async command(line, requestSignal) {
        const parsed = parseCommand(line);
        if (parsed.kind === 'invalid') throw new LabRequestError(`${parsed.reason === 'message-too-long' ? 'the message is too long' : parsed.reason === 'bad-connection' ? 'a connection is written #N' : 'unknown command'}: "${line.slice(0, 80)}"`);
        if (final) throw new LabRequestError('the lab has ended', 409);
        const signal = AbortSignal.any([requestSignal, ending.signal]);
        if (parsed.kind !== 'program') {
          if (parsed.kind !== 'status') throw new LabRequestError(`"${line.slice(0, 80)}" is not a socket call here; use the buttons, or DELETE /api/lab to end the lab`);
          const replies = await Promise.all((['client', 'server'] as const).map(async (role) => result(role, await lab.command(role, 'status', signal))));
          for (const reply of replies) emit(reply);
          return { type: 'status', client: replies[0], server: replies[1] };
        }
        const reply = result(parsed.role, await lab.command(parsed.role, parsed.line, signal));
        emit(reply);
        return reply;
      },
      async scenario(name, requestSignal) {
        const preset = findPreset(name);
        const reason = needsOwnLab(preset);
        if (reason === 'unknown') throw new LabRequestError(`unknown preset "${name.slice(0, 40)}"`);
        if (reason) throw new LabRequestError(`the preset "${name}" needs a lab of its own (${reason}): run it with lab up --scenario ${name}`, 409);
        if (final) throw new LabRequestError('the lab has ended', 409);
        const signal = AbortSignal.any([requestSignal, ending.signal]);
        const ports = await runPresetInLab(name, lab, config.message, signal);
        await ends.whenEnded(ports, PRESET_CAPTURE_PATIENCE_MS, signal); // analysed as it is if the capture lacks an end then
        const { report } = renderOutputs(snapshot(), lang);
        const mine = report.connections.filter((c) => ports.includes(c.client.port));
        const verdicts = mine.map((c) => messagesFor(lang).verdict(c));
        emit({ type: 'result', scenario: name, verdicts, text: inEachLanguage((l) => `${name}: ${mine.map((c) => messagesFor(l).verdict(c)).join(' · ')}`) });
        return { scenario: name, connections: mine.map((c, i) => ({ client: c.client, verdict: verdicts[i] })) };
      },
      async file(name) {
        const data = renderOutputs(snapshot(), lang).contents[FILE_KEYS[name]];
        return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      },
      async worksheet(lang) {
        const { report, events } = analysedSoFar();
        const m = quizMessagesFor(lang);
        return worksheetQuestions(report, events, config.quiz?.questions).asked.map(({ question, expected }) => ({ id: question.id, prompt: m.questions[question.id].prompt, where: m.questions[question.id].where(expected), filter: question.filter }));
      },
      async checkAnswers(answers, lang) {
        const { report, events } = analysedSoFar();
        const given = new Map(Object.entries(answers).filter((entry): entry is [QuestionId, string] => isQuestionId(entry[0])));
        return checkAnswers(report, events, given, quizMessagesFor(lang), config.quiz?.questions);
      },
      async verdicts() {
        return analysedSoFar().report.connections.map((c) => `#${c.index + 1} ${c.client.port}: ${messagesFor(lang).verdict(c)}`);
      },
      async end() {
        if (final) return;
        ending.abort();
        try {
          final = await lab.collect(AbortSignal.timeout(15_000), { keep: false });
        } catch {
          final = lab.snapshot();
        } finally {
          await lab.remove();
        }
      },
    };
    return live;
  };
}
