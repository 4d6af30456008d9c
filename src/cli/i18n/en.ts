// The command line's English text.
import type { EventLineProblem, SystemReason } from '../../errors.js';
import { findPreset } from '../../lab/scenarios.js';
import { isProgramProblem, type ProgramProblem } from '../../session/program-problems.js';
import { configDetail } from './en-config-detail.js';
import type { CliMessages } from './messages.js';

const LIVE_CALLS: Record<string, string> = { connect: 'connect()', accept: 'accept()', send: 'send()', recv: 'recv()', shutdown: 'shutdown(SHUT_WR)', close: 'close()', abort: 'close() after SO_LINGER 0' };
const reason = (r: SystemReason): string => {
  switch (r.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'part of that path is a file, not a folder';
    case 'EEXIST':
      return 'a file of that name is in the way';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return r.message;
  }
};

const FIELDS: Record<Extract<EventLineProblem, { kind: 'field' }>['field'], string> = {
  t: '"t" must be the first key, the call\'s CLOCK_REALTIME time in nanoseconds (digits)',
  start: '"start" must follow "t", the call\'s start time in nanoseconds (digits)',
  role: '"role" must be "server" or "client"',
  call: '"call" must be the socket call\'s name',
  pid: '"pid" must be a process id',
  ret: '"ret" must be the call\'s return value',
  error: '"error" must be text',
};

const eventProblem = (p: EventLineProblem): string => (p.kind === 'notJson' ? `not a JSON event line (${p.detail})` : `${FIELDS[p.field]}, got ${p.got}`);

const EXIT_CODES = `Exit codes:
  0    ok
  1    the experiment or the command failed
  2    bad command line or lab.yaml
  3    Docker problem (engine unreachable, base image missing, build or engine error)
  4    the capture file cannot be read at all
  130  interrupted (Ctrl-C or SIGTERM)`;

/** Why a program made no call (the code its reply carries). */
const PROGRAM_PROBLEMS_EN: Record<ProgramProblem, string> = {
  tooManyConnections: 'too many connections',
  takesNoArguments: 'takes no arguments',
  unknownCommand: 'unknown command; type help for the list',
  noSuchConnection: 'no connection with that number',
  noConnectionYet: 'no connection yet',
  connectionClosed: 'that connection was already closed by this program',
  stillConnecting: 'that connection is still connecting (its connect() has not returned)',
  sendNeedsText: 'send needs the text to send: send TEXT',
  takesNoText: 'takes no text (only a connection, such as #2)',
  lineTooLong: 'line too long',
};

export const en: CliMessages = {
  lang: 'en',
  program: {
    description: 'Capture the TCP three-way handshake and four-way teardown in Docker and explain every packet.',
    exitCodes: EXIT_CODES,
  },
  help: {
    titles: { 'Usage:': 'Usage:', 'Arguments:': 'Arguments:', 'Options:': 'Options:', 'Commands:': 'Commands:', 'Global Options:': 'Global Options:' },
    examples: 'Examples:',
    default: (value) => `default: ${value}`,
    choices: (values) => `choices: ${values.join(', ')}`,
    helpOption: 'show this help',
    versionOption: 'print the version',
    helpCommand: 'show the help of a command',
    langOption: 'language of messages and reports; without it, the locale decides: LC_ALL, else LC_MESSAGES, else LANG (else en)',
    moreHelp: (command) => `run \`${command} --help\` for its usage`,
    aside: (text, notes) => (notes.length ? `${text} (${notes.join('; ')})` : text),
  },
  commands: {
    up: {
      description: 'run the experiment in Docker and write OUT/NAME/ (capture, events, reports)',
      examples: ['lab up                          # the echo experiment, into out/handshake/', 'lab up --scenario all --lang zh-CN   # every preset, reports in Chinese'],
      options: {
        config: 'the lab file (default: lab.yaml in this folder, if there is one)',
        scenario: 'a preset (see `lab scenarios`) or "all" (default: from lab.yaml, else echo)',
        name: 'the lab’s name: containers, network and output folder (default: from lab.yaml, else handshake)',
        out: 'the output folder (default: from lab.yaml, else out)',
        keep: 'leave the server and tcpdump running (remove them with `lab down`)',
        json: 'print a machine-readable result on stdout',
        open: 'open report.html in the default browser when done',
        interactive: 'drive the programs yourself, one socket call per command; packets are shown as they arrive',
        autoAccept: 'with --interactive: the server accepts every connection as it arrives',
        idle: 'with --interactive: end the session after this many minutes without a command',
        wireshark: 'with --interactive: show the live capture in Wireshark on this machine while you drive',
      },
    },
    down: {
      description: 'remove a lab’s containers and network, found by their labels (also after a crash)',
      examples: ['lab down --name handshake', 'lab down --all        # every lab on this engine'],
      options: { name: 'the lab to remove', all: 'remove every lab’s containers and networks' },
    },
    report: {
      description: 'explain every TCP connection of a pcap or pcapng file (no Docker needed)',
      examples: ['lab report capture.pcap -o report.md', 'lab report out/handshake/capture.pcap --format html --events out/handshake/events.jsonl -o report.html'],
      arguments: { capture: 'the pcap or pcapng file' },
      options: {
        format: 'what to write: md, html and json to stdout unless -o; pcapng is the annotated capture',
        output: 'write to this file instead of stdout (never the capture itself)',
        events: 'socket-call events (events.jsonl) to put on the time line; may be repeated',
        brief: 'leave out the packet list',
        open: 'open the written report in the default browser (HTML unless --format says otherwise; without -o, in a temporary folder)',
      },
    },
    images: {
      description: 'build the lab’s images if they are missing (tagged by a hash of their build context)',
      examples: ['lab images', 'lab images --rebuild', 'lab images --save tcp-lab-bundle.tar', 'lab images --load tcp-lab-bundle.tar'],
      options: {
        rebuild: 'build all images again',
        save: 'write the offline classroom bundle: one archive with the lab’s images and the CLI image when present (gzip if FILE ends in .gz)',
        load: 'load a bundle written by --save; lab up then needs no registry and no base image',
      },
    },
    doctor: {
      description: 'check that lab up will work here: the engine, the images, the firewall presets, the host firewall (Podman), free disk, Node, the output folder; each problem with its fix',
      examples: ['lab doctor', 'DOCKER_HOST=unix:///run/podman/podman.sock lab doctor'],
      options: { out: 'the output folder that lab up would write into' },
    },
    scenarios: {
      description: 'list the scenario presets: what each shows and which packets to look at',
      examples: ['lab scenarios', 'lab scenarios --json'],
      options: { json: 'print them as JSON' },
    },
    quiz: {
      description: "write a worksheet about the lab's own capture: questions, hints and an answers file",
      examples: ['lab quiz out/handshake', 'lab quiz out/handshake --questions client_isn,synack_ack,time_wait', 'lab --lang zh-CN quiz out/handshake'],
      arguments: { dir: 'the lab\'s output folder (it holds capture.pcap)' },
      options: { questions: 'ask only these questions, in this order (ids separated by commas)', config: 'the lab file whose `quiz.questions` chooses the questions (default: lab.yaml when present)' },
    },
    check: {
      description: 'check the answers against the capture (re-analysed): right or wrong, why, and the score',
      examples: ['lab check out/handshake', 'lab check out/handshake my-answers.yaml --json', 'lab check out/handshake --questions client_isn,synack_ack,time_wait'],
      arguments: { dir: "the lab's output folder", answers: 'the answers file (default: DIR/answers.yaml)' },
      options: {
        json: 'print {"score", "total", "questions": [{"id", "correct", "answered", "expected", "given", "reason"}], "skipped", "ignored"}',
        questions: "the worksheet's questions, as lab quiz was given them (ids separated by commas; default: all the capture can answer)",
        config: 'the lab file whose `quiz.questions` are the worksheet\'s questions (default: lab.yaml when present)',
      },
    },
    grade: {
      description: "grade a class: one folder per student (capture.pcap and answers.yaml); what to teach again",
      examples: ['lab grade handed-in/*', 'lab grade handed-in/* --csv grades.csv --html grades.html'],
      arguments: { dirs: "the students' folders" },
      options: {
        csv: 'also write the table as CSV',
        html: 'also write the table as a page',
        questions: "the worksheet's questions, as lab quiz was given them (ids separated by commas; default: all each capture can answer)",
        config: 'the lab file whose `quiz.questions` are the worksheet\'s questions (default: lab.yaml when present)',
      },
    },
    completion: {
      description: 'print a shell completion script (commands, options, presets, running labs)',
      examples: ['lab completion bash > ~/.local/share/bash-completion/completions/lab', 'lab completion fish > ~/.config/fish/completions/lab.fish'],
      arguments: { shell: 'bash, zsh or fish' },
      options: {},
    },
    serve: {
      description: 'the class in a browser: every student their own live lab, a page for the teacher',
      examples: ['lab serve', 'lab serve --host 0.0.0.0 --class-code tcp42 --max-labs 30'],
      options: {
        port: 'the HTTP port',
        host: 'the address to listen on; any other than 127.0.0.1 needs a class code (one is made up when not given)',
        classCode: 'the code students type to join (4 to 64 letters, digits, "-" or "_")',
        maxLabs: 'labs running at once, spares included; the others wait in a queue (default: from the cores and memory)',
        spareLabs: 'labs made ready when the server starts, and again as students take them, so that a student’s lab is ready at once (default: --max-labs; 0: each lab starts when its student asks)',
        idle: 'a lab idle this many minutes ends itself',
        config: 'the lab file whose server, message and report settings every lab uses (default: lab.yaml when present)',
      },
    },
    capture: {
      description: 'stream a running lab’s capture as pcap: the packets so far, then live (lab up --interactive, or --keep)',
      examples: ['lab capture --wireshark', 'lab capture | wireshark -k -i -', 'lab capture --name handshake -w live.pcap'],
      options: { name: 'the running lab', write: 'write to this file instead of stdout', wireshark: 'show it live in Wireshark on this machine (wireshark -k -i -)' },
    },
  },
  parse: {
    unknownCommand: (name) => `unknown command "${name}"`,
    unknownOption: (flag) => `unknown option "${flag}"`,
    didYouMean: (suggestion) => `; did you mean ${suggestion}?`,
    missingArgument: (name) => `missing the argument ${name}`,
    optionMissingArgument: (flag) => `${flag} needs a value`,
    invalidValue: (flag, value, why) => `${flag} "${value}": ${why}`,
    choices: (values) => `expected one of ${values.join(', ')}`,
    excessArguments: (extra) => `too many arguments: ${extra.join(' ')}`,
    conflicting: (a, b) => `give either ${a} or ${b}, not both`,
    emptyValue: 'the value is empty',
    wholeNumber: (min, max) => `a whole number from ${min} to ${max}`,
    classCode: 'a class code is 4 to 64 letters, digits, "-" or "_"',
    invalidName: 'a name is lowercase letters, digits, "-" or "_" (at most 40), starting with a letter or digit',
    unknownQuestion: (id, known) => `unknown question "${id}"; the questions are: ${known.join(', ')}`,
    positiveMinutes: 'a number of minutes greater than 0',
  },
  wrote: (path) => `wrote ${path}`,
  errorPrefix: 'lab: ',
  unexpected: (detail) => `unexpected error (please report it): ${detail}`,
  waitingFor: {
    engineAnswer: 'an answer',
    serverListening: 'the server to listen',
    clientReady: 'the client to start',
    tcpdumpStart: 'tcpdump to start',
    clientFinish: 'the client to finish',
    tcpdumpStop: 'tcpdump to stop',
    programAnswer: 'a lab program to answer a command',
    probe: "lab doctor's check container to finish",
  },
  errors: {
    // A file that cannot be read has no line to point at.
    config: (p) => (p.detail.kind === 'unreadable' ? `${p.file}: ` : `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}`) + configDetail(p.detail, reason),
    keepWithAll: () => '--keep keeps one lab running; it cannot be combined with --scenario all',
    configValue: (p) => `${p.path}: ${configDetail(p.detail, reason)}`,
    labFolderCaptureUnreadable: (p) => `${p.path}: cannot read the capture (${reason(p.reason)})`,
    answersUnreadable: (p) => `${p.file}: cannot read the answers (${reason(p.reason)})`,
    answersMismatch: (p) => `${p.file} does not belong to this capture: its capture_sha256 is not the SHA-256 of capture.pcap`,
    invalidOverride: (p) => `invalid value for ${p.option}: ${configDetail(p.detail, reason)}`,
    pcapngNeedsOutput: () => 'pcapng is binary: give -o FILE (or redirect stdout to a file)',
    eventsInvalid: (p) => `${p.file}:${p.line}: ${eventProblem(p.problem)}`,
    bundleUnreadable: (p) => `cannot read the bundle ${p.path}: ${reason(p.reason)}`,
    eventsUnreadable: (p) => `cannot read the events file ${p.path}: ${reason(p.reason)}`,
    outputIsInput: (p) => `-o ${p.path} is the capture being read: writing there would destroy it`,
    interactiveWithAll: () => '--interactive drives one lab; it cannot be combined with --scenario all',
    interactiveOnly: (p) => `${p.option} belongs to --interactive`,
    noRunningCapture: (p) => `no running capture of lab "${p.lab}"`,
    programEnded: (p) => `the ${p.role} program ended before it answered "${p.command}"`,
    captureUnreadable: (p) => `cannot read the capture ${p.path}: ${reason(p.reason)}`,
    captureEmpty: (p) => `not a capture file: it is empty or shorter than any capture header (at byte ${p.offset})`,
    captureShorterThanPcapHeader: (p) => `not a capture file: shorter than a pcap header (at byte ${p.offset})`,
    notACapture: (p) =>
      `not a pcap or pcapng file: it starts with ${p.magic} (pcap starts with d4 c3 b2 a1 or a1 b2 c3 d4, pcapng with 0a 0d 0d 0a) (at byte ${p.offset})`,
    pcapngByteOrder: (p) => `pcapng section header with an unknown byte-order magic (at byte ${p.offset})`,
    pcapngBlockLength: (p) => `pcapng block with an impossible length ${p.length} (at byte ${p.offset})`,
    dockerUnreachable: (p) => `no Docker engine answered. Tried:\n  ${p.tried.join('\n  ')}`,
    dockerNotAnswering: (p) => `the Docker engine at ${p.source} did not answer: ${p.failure}`,
    dockerConfigInvalid: (p) => `${p.file} is not valid JSON (${p.detail}), so the current Docker context cannot be read`,
    dockerContextUnreadable: (p) => `Docker context "${p.name}" (${p.from}): ${p.reason.code === 'ENOENT' ? 'there is no such context' : reason(p.reason)} (${p.file})`,
    dockerContextWithoutEndpoint: (p) => `Docker context "${p.name}" (${p.from}) has no Docker endpoint in ${p.file}`,
    dockerAddressInvalid: (p) => `${p.source} is not an engine address`,
    dockerCertificatesMissing: (p) => `${p.source}: DOCKER_TLS_VERIFY is set but ${p.dir ?? 'DOCKER_CERT_PATH (unset)'} holds no ca.pem, cert.pem and key.pem`,
    dockerEngine: (p) => `Docker engine: ${p.what} failed: ${p.detail}`,
    dockerNoAnswer: (p) => `Docker engine: ${p.what} got no answer within ${p.seconds} s`,
    dockerCommand: (p) => `${p.what} failed (exit ${p.exitCode}): ${p.output}`,
    captureNotStreamed: (p) => `the engine sent no capture of lab "${p.lab}"${p.output ? `, but: ${p.output}` : ''}`,
    tcpdumpEndedFirst: (p) => `tcpdump ended before it started capturing; it printed: ${p.printed || 'nothing'}`,
    baseImageMissing: (p) => `the base image ${p.image} is not on this Docker engine, so the lab's images cannot be built`,
    imageBuild: (p) => `building ${p.tag} failed: ${p.detail}\n--- last build output ---\n${p.output.join('\n')}`,
    noFreeSubnet: (p) => `no free subnet left in ${p.range} for another lab`,
    podmanForwardDropped: (p) => `timed out after ${p.ms} ms waiting for the client to finish. ${en.doctor.forwardingConflict(p)}`,
    outputUnwritable: (p) => `cannot write ${p.path}: ${reason(p.reason)}`,
    outputFolderUnwritable: (p) => `cannot write into ${p.path}: ${reason(p.reason)}`,
    outputBusy: (p) => `another lab up (pid ${p.pid}) is writing ${p.dir} right now`,
    outputLockFailed: (p) => `could not take the lock ${p.file}`,
    timeout: (p) => `timed out after ${p.ms} ms waiting for ${en.waitingFor[p.what]}${p.printed !== undefined ? ` (it printed: ${p.printed})` : ''}`,
    containerExitedFirst: (p) => `${en.waitingFor[p.what]}: the container exited (code ${p.exitCode}) first; it printed: ${p.printed}`,
    clientFailed: (p) => `the client exited with code ${p.exitCode}: ${p.output}`,
    clientFailedKept: (p) => `the client exited with code ${p.exitCode}: ${p.output}\nkept ${p.kept.join(' and ')}: they show what happened`,
    cleanupFailedToo: (p, nested) => `${nested.message(p.error)}; then ${nested.message(p.cleanup)}`,
    stillRunning: (p, nested) => `${nested.message(p.error)}\nthe server and the capture are still running (--keep)`,
    removalIncomplete: (p, nested) => `${nested.message(p.error)}; the lab may not be fully removed${p.left.length ? ` (${p.left.join(', ')})` : ''}`,
    reportsKeptRemovalFailed: (p, nested) => `${nested.message(p.error)}\nthe experiment itself ran to its end: its reports were written to ${p.folder}`,
    interrupted: (p) => `interrupted by ${p.signal}`,
    interruptedAndRemoved: (p, nested) => `${nested.message(p.error)}; everything this run created was removed`,
    gaveUpWaiting: (p) => `stopped waiting for the Docker engine (${p.signal} twice)`,
  },
  hints: {
    captureNotStreamed: (p) => `Nothing was written. The lab's capture container may have run out of processes or memory: end other \`lab capture\` runs of this lab, or remove it (\`lab down --name ${p.lab}\`) and start it again.`,
    tcpdumpEndedFirst: () => 'tcpdump says why above: check the capture\'s interface and filter, and that the engine grants the capture container NET_RAW.',
    noRunningCapture: (p) => `Start one with \`lab up --interactive --name ${p.lab}\` or \`lab up --keep --name ${p.lab}\`, or name the running lab with --name.`,
    dockerUnreachable: () =>
      'Start Docker (Linux: `sudo systemctl start docker`, or run `dockerd`; macOS/Windows: open Docker Desktop) or Podman ' +
      '(`systemctl --user start podman.socket`), or set DOCKER_HOST to the engine, e.g. DOCKER_HOST=unix:///run/user/1000/docker.sock. ' +
      'If the socket exists but is refused, add yourself to the docker group.',
    dockerNotAnswering: () => 'Start that engine or correct the address; to use the local engine instead, unset DOCKER_HOST and DOCKER_CONTEXT (or run `docker context use default`).',
    dockerConfigInvalid: () => 'Correct the file, or run `docker context use default`.',
    dockerContextUnreadable: () => 'List the contexts with `docker context ls`, and choose one with `docker context use NAME` (or DOCKER_CONTEXT=NAME).',
    dockerContextWithoutEndpoint: () => 'Recreate it: docker context create NAME --docker host=unix:///var/run/docker.sock',
    dockerAddressInvalid: () => 'Write it as unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST, or unset DOCKER_HOST to use the local engine.',
    dockerCertificatesMissing: () => 'Set DOCKER_CERT_PATH to the folder with the certificates, or unset DOCKER_TLS_VERIFY.',
    dockerNoAnswer: () => 'The engine is overloaded or hung: check `docker info`, restart the engine if it does not answer, then run the lab again.',
    baseImageMissing: (p) => `Pull it (docker pull ${p.image}) or, without registry access, build it from Debian's packages: sudo scripts/offline-base.sh`,
    outputFolderUnwritable: () => 'Choose another output folder with --out DIR (or `output:` in lab.yaml).',
    outputBusy: () => 'Wait for it to finish, or give this run another --name or --out.',
    cleanupFailedToo: (p, nested) => nested.hint(p.cleanup) ?? nested.hint(p.error),
    stillRunning: (p) => `Remove them with: lab down --name ${p.lab}`,
    removalIncomplete: (p) => `Remove what is left with: lab down --name ${p.lab}`,
    interruptedAndRemoved: (p, nested) => nested.hint(p.error),
    reportsKeptRemovalFailed: (p, nested) => nested.hint(p.error),
    gaveUpWaiting: (p) => `Remove what is left with: lab down --name ${p.lab}`,
    labFolderCaptureUnreadable: () => 'give a lab output folder, such as out/handshake (it holds capture.pcap)',
    answersMismatch: () => 'answer the worksheet made from this capture (lab quiz DIR writes a new one)',
    noFreeSubnet: () => 'Remove old labs with `lab down --all`, or set network.subnet in lab.yaml.',
    podmanForwardDropped: (p) => `${en.doctor.forwardingFix(p)} Then \`lab doctor\` says whether lab up will work.`,
  },
  steps: {
    docker: 'docker engine',
    images: 'images',
    network: 'network',
    ready: 'server + capture ready',
    client: 'client',
    captured: 'capture collected',
    reports: 'reports written',
    removed: 'removed',
    clientRemoved: 'client removed (--keep)',
  },
  stepAbout: (step, subject) => `${step} (${subject})`,
  building: (b) => `building ${b.tag}: step ${b.step}/${b.steps}: ${b.instruction}`,
  built: (images) => `built ${images.join(', ')}`,
  waitingForEngine: 'waiting for the engine’s answer, to remove what it was creating (a second Ctrl-C stops waiting)',
  up: {
    scenarioHeading: (name) => `\n${name}\n`,
    wrote: (scenario, dir, files) => `${scenario}: wrote ${dir}/ (${files.join(', ')})`,
    interactiveRun: 'your session',
    connection: (index, verdict) => `connection ${index + 1}: ${verdict}`,
    captureCut: (bytes, spaceMiB) => `the capture stops at ${bytes} bytes: the lab's capture space (${spaceMiB} MiB) was full, so later packets were not captured`,
    droppedByKernel: (packets) => `tcpdump says the kernel dropped ${packets} packet${packets === 1 ? '' : 's'} it had no room for (the machine was busy): the capture lacks ${packets === 1 ? 'it' : 'them'}, and a gap the report marks “previous segment not captured” may be one of them rather than a loss on the wire; run the lab again on a quieter machine`,
    settleGaveUp: (seconds) => `the client waited ${seconds} s for its connection's teardown to end, in vain: the capture stops before the teardown is over`,
    openCapture: (command) => `open the capture in Wireshark: ${command}`,
    kept: (name) => `server and capture are still running (--keep); remove them with: lab down --name ${name}`,
    interrupting: (signal) => `\n${signal}: stopping and removing what this lab created… (${signal} again to stop waiting)\n`,
    givingUp: (signal) => `\n${signal} again: no longer waiting for the Docker engine\n`,
    endingSession: (signal) => `\n${signal}: ending the session; writing what was captured (${signal} again to stop without it)\n`,
    wroteIndex: (path) => `\nwrote ${path}\n`,
  },
  live: {
    sides: { client: 'client', server: 'server' },
    ready: (address, backlog) => `✔ server ${address} listening (backlog ${backlog}), capture running — type help`,
    help: `commands (each makes one socket call; #N picks a connection, the latest by default):
  connect                 client: socket() + connect(): a new connection #1, #2, …
  send [#N] TEXT          client: send() TEXT
  recv [#N]               client: recv() what has arrived (says so after 200 ms if nothing has)
  shutdown [#N]           client: shutdown(SHUT_WR): a FIN, the socket still reads
  close [#N]              client: close()
  abort [#N]              client: SO_LINGER 0, then close(): an RST instead of a FIN
  server accept           server: accept() the oldest connection of the accept queue
  server send|recv|shutdown|close|abort [#N] …   the same calls on the server's side
  status                  each connection's state on both sides, read from the kernel
  help                    this list
  quit                    write the capture and the reports, remove the lab (also Ctrl-D, Ctrl-C)`,
    unknownCommand: (line, nearest) => `unknown command "${line}"; ${nearest ? `did you mean "${nearest}"? (help lists them all)` : 'type help for the list'}`,
    serverWhat: 'server what? type help',
    messageTooLong: (maxBytes) => `the message is too long: at most ${maxBytes} bytes in UTF-8 (the server reads it in one read())`,
    badConnection: (line) => `"${line}": a connection is written #1, #2, …`,
    idleEnded: (minutes) => `the session was idle for ${minutes} min: ending it`,
    problem: PROGRAM_PROBLEMS_EN,
    reply: (role, r) => {
      const who = `  ${role}:`;
      if (isProgramProblem(r.code)) return `${who} ${PROGRAM_PROBLEMS_EN[r.code]}`;
      if (r.problem) return `${who} ${r.problem}`;
      const call = LIVE_CALLS[r.cmd] ?? `${r.cmd}()`;
      const conn = r.conn !== undefined ? ` #${r.conn}` : '';
      if (r.pending) return `${who} ${call}${conn} still in progress after 1 s (its SYN is not answered; the kernel retransmits it)`;
      if (!r.ok && r.nothingToRead) return `${who} ${call}${conn}: nothing to read (waited 200 ms)`;
      if (!r.ok && r.nothingQueued) return `${who} ${call}: the accept queue is empty (waited 200 ms)`;
      if (!r.ok) return `${who} ${call}${conn} = ${r.ret} ${r.errno} (${r.error})${r.late ? ', at last' : ''}`;
      if (r.cmd === 'recv') return r.eof ? `${who} recv()${conn} = 0: the peer's FIN, end of stream` : `${who} recv()${conn} = ${r.ret}: ${JSON.stringify(r.data)}`;
      if (r.cmd === 'accept') return `${who} accept() = ${r.ret}: connection #${r.conn} from ${r.peer}:${r.peerPort}${r.auto ? ' (--auto-accept)' : ''}`;
      if (r.cmd === 'connect') return `${who} connect() = ${r.ret}: connection #${r.conn}, local port ${r.localPort}${r.late ? ', at last' : ''}`;
      return `${who} ${call}${conn} = ${r.ret}`;
    },
    connectionState: (role, conn, state, local, peer) => `  ${role} #${conn}: ${state} (port ${local} ↔ ${peer})`,
    listening: (state, port, queued, backlog) => `  server: ${state} on port ${port}, accept queue ${queued} of backlog ${backlog}`,
    noConnection: (role) => `  ${role}: no connection`,
    neverArrived: (frame, receiver) => `  frame ${frame} was lost after capture: it never reached the ${receiver}, whose state stayed as it was`,
  },
  capture: { ended: (lab) => `lab capture: lab "${lab}" ended\n` },
  serve: {
    started: (studentUrl, classCode, teacherUrl, maxLabs, spareLabs) =>
      [
        `students: open ${studentUrl}${classCode ? ` and type the class code ${classCode}` : ' (this computer only: --host 0.0.0.0 opens it to the room)'}`,
        `teacher:  ${teacherUrl}`,
        `at most ${maxLabs} ${maxLabs === 1 ? 'lab' : 'labs'} at once${spareLabs ? `; making ${spareLabs} ready for the first students` : ''}; Ctrl-C ends every lab and removes everything`,
      ].join('\n'),
    sparesReady: (ready, wanted, seconds) =>
      `${ready} of ${wanted} ${wanted === 1 ? 'lab' : 'labs'} ready after ${seconds.toFixed(1)} s: a student who starts now has one at once${ready < wanted ? ' (the others could not start: see above)' : ''}`,
    stopping: (signal) => `${signal}: ending every lab and removing everything…`,
    stopped: (labs, seconds) => `${labs} ${labs === 1 ? 'lab' : 'labs'} ended and removed in ${seconds.toFixed(1)} s; nothing is left`,
    leftBehind: (labs) => `${labs} ${labs === 1 ? 'lab' : 'labs'} could not be removed completely (see above): remove what is left with lab down --all`,
  },
  down: {
    removed: (names) => `removed ${names.join(', ')}`,
    nothingToRemove: (name) => `nothing to remove (${name === undefined ? 'no lab resources' : `no resources of lab "${name}"`})`,
  },
  images: {
    built: 'built',
    upToDate: 'up to date',
    saved: (file, mebibytes, images) => `wrote ${file} (${mebibytes} MiB): ${images.join(', ')}`,
    loadElsewhere: (file) => `on another machine: lab images --load ${file} (or docker load -i ${file})`,
    loaded: (images) => `loaded ${images.length ? images.join(', ') : 'nothing new'}`,
    complete: 'every lab image is here: lab up needs no registry and no base image',
    lacks: (missing, baseImage) => `the bundle lacks ${missing.join(', ')} (made by another version of tcp-lab): lab up will build them, which needs ${baseImage}`,
  },
  scenarios: { lookFor: (text) => `look for: ${text}` },
  doctor: {
    checks: { engine: 'engine', images: 'images', firewall: 'firewall presets', forwarding: 'host firewall', disk: 'free disk', node: 'Node.js', output: 'output folder' },
    passed: (check, detail) => `✔ ${check}: ${detail}`,
    failed: (check, detail, fix) => `✘ ${check}: ${detail}\n  → ${fix}`,
    notTried: (check, detail) => `– ${check}: ${detail}`,
    needsCaptureImage: 'not checked yet: it runs in the capture image, which the first lab up builds; run lab doctor again after it',
    firewallWorks: 'iptables in a container put in the rule a preset uses (drop the first SYN)',
    firewallFailed: (exitCode, output) => `iptables in a container could not put in the rule a preset uses (exit ${exitCode}): ${output || 'no output'}`,
    firewallFix:
      'The presets syn-retry and fin-retry need iptables in the containers: load the kernel modules (sudo modprobe -a nf_tables xt_statistic), and use a rootful engine that grants NET_ADMIN; the other presets work without it.',
    forwardingFine: (backend, host) =>
      backend === 'cni'
        ? "Podman's CNI firewall plugin accepts the lab network's traffic"
        : host.bridgeNfCallIptables !== true
          ? `bridged traffic between containers does not go through iptables (net.bridge.bridge-nf-call-iptables ${host.bridgeNfCallIptables === false ? '= 0' : 'unset: br_netfilter is not loaded'})`
          : "the FORWARD chain accepts the lab network's bridged traffic (its policy is ACCEPT, or a rule accepts Podman's bridges)",
    forwardingConflict: (c) =>
      `This host passes bridged traffic between containers through iptables (net.bridge.bridge-nf-call-iptables = 1) and its FORWARD chain drops what no rule accepts (policy DROP in ${c.dropIn.join(' and ')}, as Docker sets it), ` +
      `but Podman's ${c.backend} adds no accepting rule for the lab's internal network: the client's SYNs are dropped before they reach the server.`,
    forwardingFix: (c) =>
      `Accept the traffic between containers on Podman's bridges: ${c.dropIn.map((variant) => `sudo ${variant} -I ${c.chain} -i podman+ -o podman+ -j ACCEPT`).join(' and ')}; ` +
      'or use the Docker engine that runs here (unset DOCKER_HOST); or, when nothing on this host needs bridged traffic firewalled, sudo sysctl net.bridge.bridge-nf-call-iptables=0.',
    forwardingNotChecked: (chains) =>
      `not checked: ${chains.map((c) => `${c.variant} could not list the FORWARD chain (${c.reason})`).join('; ')}, so whether the host drops the lab network's bridged traffic is not known; ` +
      `if lab up's client times out, read the chain yourself: ${chains.map((c) => `sudo ${c.variant} -S FORWARD`).join(' and ')}`,
    engine: (product, version, apiVersion, source) => `${product} ${version} (API ${apiVersion}), found at ${source}`,
    engineFix: 'Start Docker or Podman, or point DOCKER_HOST or DOCKER_CONTEXT at a running engine (README: Which engine).',
    imagesCheckFix: 'The engine answered but could not say which images it holds: look at its log (journalctl -u docker, or -u podman), then run lab doctor again.',
    firewallCheckFix:
      "The check's short-lived container (the capture image, without a network) did not run to its end: look at the engine's log (journalctl -u docker, or -u podman), remove what it left with lab down --name doctor, then run lab doctor again.",
    forwardingCheckFix:
      "The check's short-lived container (the capture image, in the host's network namespace) did not run to its end: look at the engine's log (journalctl -u docker, or -u podman), remove what it left with lab down --name doctor, then run lab doctor again.",
    imagesBuilt: 'the lab images are built',
    imagesWillBuild: (baseImage) => `${baseImage} is here; lab up builds the lab images from it first (a few minutes, once)`,
    imagesMissing: (baseImage) => `neither the lab images nor their base image ${baseImage} are on this engine`,
    imagesFix: (baseImage) => `Load a classroom bundle (lab images --load FILE), pull ${baseImage}, or build it from Debian's packages: sudo scripts/offline-base.sh`,
    disk: (gibibytes, path) => `${gibibytes} GiB free in ${path}`,
    diskFix: 'Free at least 1 GiB (the images take about 300 MiB, each run a few hundred KiB).',
    node: (version) => `Node.js ${version}`,
    nodeFix: 'Install Node.js 22 or later, or run tcp-lab as an image with only Docker (README: Only Docker).',
    output: (path) => `${path} can be written`,
    outputUnwritable: (path, reason) => `${path} cannot be written: ${reason}`,
    outputFix: 'Run lab in a folder you can write to, or choose another with --out DIR (or output: in lab.yaml).',
    willWork: 'lab up will work here',
    willNotWork: 'lab up will not work here until the problems above are fixed',
  },
  quiz: {
    wrote: (dir, files, questions, command) => `wrote a worksheet of ${questions} questions in ${dir}: ${files.map((f) => f.split('/').pop()).join(', ')}; answer in answers.yaml, then run: ${command}`,
    answersKept: (dir) => `${dir}/answers.yaml already holds answers: it was left as it was`,
    notApplicable: (ids) => `left out, because this capture cannot answer them: ${ids.join(', ')}`,
  },
  presets: (name) => {
    const preset = findPreset(name)!;
    return { summary: preset.summary, lookFor: preset.lookFor };
  },
  open: { failed: (file, opener) => `could not open ${file} with ${opener}; open it yourself` },
  wireshark: {
    missing: (pkg) => `Wireshark is not installed, so the capture is not shown live; install it (Debian/Ubuntu: sudo apt install ${pkg}; macOS: brew install --cask wireshark) — the lab goes on without it`,
    noDisplay: 'no display (DISPLAY and WAYLAND_DISPLAY are unset), so Wireshark cannot open a window; the lab goes on without it',
    stopped: (why) => `Wireshark stopped (${why}); the lab goes on without it`,
    exitCode: (code) => `exit code ${code}`,
  },
};
