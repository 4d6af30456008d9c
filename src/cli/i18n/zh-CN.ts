// 命令行的简体中文文本（术语按国内计算机网络教材：三次握手、四次挥手、报文段、抓包……）。
import type { EventLineProblem, SystemReason } from '../../errors.js';
import { socketErrorZh } from '../../report/i18n/socket-errors-zh.js';
import { isProgramProblem, type ProgramProblem } from '../../session/program-problems.js';
import { configDetail } from './zh-CN-config-detail.js';
import type { CliMessages, PresetTexts } from './messages.js';

/** The presets' lines (src/lab/scenarios.ts holds the English ones); a test checks that every preset has one. */
/** Why a program made no call (the code its reply carries). */
const PROGRAM_PROBLEMS_ZH: Record<ProgramProblem, string> = {
  tooManyConnections: '连接数已达上限',
  takesNoArguments: '这个命令不带参数',
  unknownCommand: '未知命令；输入 help 查看命令列表',
  noSuchConnection: '没有这个编号的连接',
  noConnectionYet: '还没有连接',
  connectionClosed: '这个连接已经被本程序关闭',
  stillConnecting: '这个连接还在建立中（它的 connect() 还没有返回）',
  sendNeedsText: 'send 后面要跟要发送的文本：send 文本',
  takesNoText: '这个命令不带文本（只能指定连接，例如 #2）',
  lineTooLong: '输入的一行太长',
};

export const PRESETS: Record<string, PresetTexts> = {
  echo: {
    summary: '原来的实验：服务器回显后先关闭；连接释放用四个独立的报文段。',
    lookFor: 'SYN、SYN+ACK、ACK；回显的数据；然后是服务器的 FIN、客户端的 ACK、200 毫秒后客户端的 FIN、最后的 ACK。服务器最终进入 TIME-WAIT。',
  },
  'client-close': {
    summary: '客户端收到回显后立即先关闭；服务器读到文件结束（EOF）后再关闭。',
    lookFor: '第一个 FIN 现在来自客户端，所以进入 TIME-WAIT 的是客户端。',
  },
  'three-way-close': {
    summary: '服务器先关闭，客户端随即关闭：它的 ACK 搭载在自己的 FIN 上（FIN、FIN+ACK、ACK）。',
    lookFor: '连接释放只有三个报文段：客户端程序关闭时，它的延迟确认还没有发出，于是一个报文段同时带有 ACK 和 FIN。',
  },
  'four-way-close': {
    summary: '客户端先关闭；服务器等 300 毫秒后再关闭：FIN、ACK、FIN、ACK。',
    lookFor: '客户端在 FIN-WAIT-2 停留 300 毫秒，这期间服务器处于 CLOSE-WAIT；然后是服务器的 FIN 和最后的 ACK。',
  },
  'half-close': {
    summary: '客户端发送后调用 shutdown(SHUT_WR)；服务器在收到客户端的 FIN 后继续发送数据，然后关闭。',
    lookFor: '客户端的 FIN 之后服务器仍在发送数据：一个 FIN 只关闭一个方向。',
  },
  reset: {
    summary: '客户端用 SO_LINGER 0 异常终止：close() 发出的是 RST 而不是 FIN。',
    lookFor: '客户端发出一个 RST，完全没有 FIN；双方都不进入 TIME-WAIT。',
  },
  'server-reset': {
    summary: '服务器回显后用 SO_LINGER 0 异常终止：它的 close() 发出 RST。',
    lookFor: '回显之后紧接着服务器的 RST；客户端的 read() 失败，错误为“Connection reset by peer”（连接被对方复位）。',
  },
  refused: {
    summary: '客户端连接一个没有程序监听的端口：SYN 得到的回答是 RST。',
    lookFor: 'SYN，然后是服务器内核发回的 RST+ACK；connect() 失败，错误为“Connection refused”（连接被拒绝）。',
  },
  'syn-retry': {
    summary: '第一个 SYN 在进入服务器时被丢弃；客户端内核约 1 秒后重传它。',
    lookFor: '在 SYN+ACK 之前有两个初始序号（ISN）相同、相隔约一秒的 SYN。',
  },
  'multi-client': {
    summary: '五个客户端同时连接；fork 服务器为每个连接创建一个进程。',
    lookFor: '五条连接，每条有自己的客户端端口；在套接字事件中，每条连接对应一个服务器进程号。',
  },
  ipv6: {
    summary: '在实验的私有网络上用 IPv6 完成同样的回显交换。',
    lookFor: '同样的三次握手和连接释放，地址换成 IPv6；MSS 小 20 字节（IPv6 首部为 40 字节）。',
  },
  'simultaneous-close': {
    summary: '双方同时关闭，两个 FIN 在途中交叉：每一方的 FIN 都在收到对方的 FIN 之前发出。',
    lookFor: '双方各发一个 FIN，谁也没有确认对方的 FIN；双方最终都进入 TIME-WAIT。',
  },
  backlog: {
    summary: '服务器以 backlog 1 监听，并且从不调用 accept()；五个客户端相隔 100 毫秒依次连接。',
    lookFor: '虽然没有人调用 accept()，仍有两次三次握手完成（backlog 1 让全连接队列能容纳两个连接）；队列满了以后，后来客户端的 SYN 得不到回答：服务器把它们丢弃，每个客户端不断重传 SYN，3.5 秒后放弃。',
  },
  fastopen: {
    summary: 'TCP 快速打开（Fast Open）：第一条连接从服务器得到一个 cookie；第二条连接把报文放在 SYN 里发送。',
    lookFor: '第一个 SYN 带有空的 Fast Open 选项（请求 cookie），它的 SYN+ACK 带回 cookie；第二个 SYN 携带 cookie 和报文，它的 SYN+ACK 确认了这些数据（ISN + 1 + 报文长度）。',
  },
};

const LIVE_CALLS: Record<string, string> = { connect: 'connect()', accept: 'accept()', send: 'send()', recv: 'recv()', shutdown: 'shutdown(SHUT_WR)', close: 'close()', abort: 'SO_LINGER 为 0 时的 close()' };
const reason = (r: SystemReason): string => {
  switch (r.code) {
    case 'ENOENT':
      return '文件或文件夹不存在';
    case 'EACCES':
    case 'EPERM':
      return '没有权限';
    case 'EISDIR':
      return '这是一个文件夹';
    case 'ENOTDIR':
      return '路径中的某一部分是文件而不是文件夹';
    case 'EEXIST':
      return '有一个同名的文件挡在那里';
    case 'EDQUOT':
      return '超出了磁盘配额';
    case 'ENOSPC':
      return '设备上没有剩余空间';
    case 'EROFS':
      return '文件系统是只读的';
    default:
      return r.message;
  }
};

const FIELDS: Record<Extract<EventLineProblem, { kind: 'field' }>['field'], string> = {
  t: '"t" 必须是第一个键：调用的 CLOCK_REALTIME 时间，单位纳秒（数字）',
  start: '"start" 必须紧跟 "t"：调用开始的时间，单位纳秒（数字）',
  role: '"role" 必须是 "server" 或 "client"',
  call: '"call" 必须是套接字调用的名称',
  pid: '"pid" 必须是进程号',
  ret: '"ret" 必须是调用的返回值',
  error: '"error" 必须是文本',
};

const eventProblem = (p: EventLineProblem): string => (p.kind === 'notJson' ? `不是 JSON 格式的事件行（${p.detail}）` : `${FIELDS[p.field]}，实际是 ${p.got}`);

const EXIT_CODES = `退出码：
  0    成功
  1    实验或命令失败
  2    命令行或 lab.yaml 有误
  3    Docker 问题（连不上引擎、缺少基础镜像、构建或引擎出错）
  4    抓包文件完全无法读取
  130  被中断（Ctrl-C 或 SIGTERM）`;

export const zhCN: CliMessages = {
  lang: 'zh-CN',
  program: {
    description: '在 Docker 中抓取 TCP 三次握手和四次挥手，并逐个报文段加以解释。',
    exitCodes: EXIT_CODES,
  },
  help: {
    titles: { 'Usage:': '用法：', 'Arguments:': '参数：', 'Options:': '选项：', 'Commands:': '命令：', 'Global Options:': '全局选项：' },
    examples: '示例：',
    default: (value) => `默认：${value}`,
    choices: (values) => `可选：${values.join('、')}`,
    helpOption: '显示本帮助',
    versionOption: '显示版本号',
    helpCommand: '显示某个命令的帮助',
    langOption: '提示信息和报告的语言；不给出时按区域设置决定：先看 LC_ALL，其次 LC_MESSAGES，最后 LANG（都没有则为 en）',
    moreHelp: (command) => `运行 \`${command} --help\` 查看用法`,
    aside: (text, notes) => (notes.length ? `${text}（${notes.join('；')}）` : text),
  },
  commands: {
    up: {
      description: '在 Docker 中运行实验，写出 OUT/NAME/（抓包文件、套接字事件、报告）',
      examples: ['lab up                          # 回显实验，写入 out/handshake/', 'lab up --scenario all --lang zh-CN   # 运行全部预设场景，报告用中文'],
      options: {
        config: '实验配置文件（默认：当前文件夹中的 lab.yaml，如果有）',
        scenario: '预设场景（见 `lab scenarios`）或 "all"（默认：取自 lab.yaml，否则 echo）',
        name: '实验名称：用于容器、网络和输出文件夹（默认：取自 lab.yaml，否则 handshake）',
        out: '输出文件夹（默认：取自 lab.yaml，否则 out）',
        keep: '实验结束后保留服务器和 tcpdump 容器（用 `lab down` 删除）',
        json: '在标准输出上打印机器可读的结果',
        open: '完成后用默认浏览器打开 report.html',
        interactive: '自己驱动两个程序，每条命令调用一次套接字函数；数据包一到就显示',
        autoAccept: '与 --interactive 一起用：服务器一有连接到达就 accept()',
        idle: '与 --interactive 一起用：这么多分钟没有命令就结束会话',
        wireshark: '与 --interactive 一起用：一边操作，一边在本机的 Wireshark 中实时显示抓包',
      },
    },
    down: {
      description: '删除某个实验的容器和网络（按标签查找，程序崩溃后也能删除）',
      examples: ['lab down --name handshake', 'lab down --all        # 这个引擎上的所有实验'],
      options: { name: '要删除的实验名称', all: '删除所有实验的容器和网络' },
    },
    report: {
      description: '解释 pcap 或 pcapng 抓包文件中的每一条 TCP 连接（不需要 Docker）',
      examples: ['lab report capture.pcap -o report.md', 'lab report out/handshake/capture.pcap --format html --events out/handshake/events.jsonl -o report.html'],
      arguments: { capture: 'pcap 或 pcapng 抓包文件' },
      options: {
        format: '输出格式：md、html、json 默认写到标准输出（除非给出 -o）；pcapng 是带注释的抓包文件',
        output: '写入这个文件而不是标准输出（不能是被读取的抓包文件本身）',
        events: '放到时间线上的套接字调用事件（events.jsonl），可以重复给出',
        brief: '不列出每个报文段',
        open: '用默认浏览器打开写出的报告（除非 --format 另有指定，否则为 HTML；没有 -o 时写到临时文件夹）',
      },
    },
    images: {
      description: '构建缺少的实验镜像（镜像标签取自构建上下文的哈希值）',
      examples: ['lab images', 'lab images --rebuild', 'lab images --save tcp-lab-bundle.tar', 'lab images --load tcp-lab-bundle.tar'],
      options: {
        rebuild: '重新构建全部镜像',
        save: '写出离线课堂包：一个归档文件，含实验镜像，以及已构建时的命令行工具镜像（文件名以 .gz 结尾时用 gzip 压缩）',
        load: '载入 --save 写出的离线包；之后 lab up 不需要镜像仓库，也不需要基础镜像',
      },
    },
    doctor: {
      description: '检查 lab up 能否在这里运行：容器引擎、镜像、防火墙预设、主机防火墙（Podman）、剩余磁盘空间、Node.js、输出文件夹；每个问题都给出解决办法',
      examples: ['lab doctor', 'DOCKER_HOST=unix:///run/podman/podman.sock lab doctor'],
      options: { out: 'lab up 将要写入的输出文件夹' },
    },
    scenarios: {
      description: '列出预设场景：每个场景演示什么，应该看哪些报文段',
      examples: ['lab scenarios', 'lab scenarios --json'],
      options: { json: '以 JSON 格式输出' },
    },
    quiz: {
      description: '根据本次实验自己的抓包生成练习单：问题、提示和答案文件',
      examples: ['lab quiz out/handshake', 'lab quiz out/handshake --questions client_isn,synack_ack,time_wait', 'lab --lang zh-CN quiz out/handshake'],
      arguments: { dir: '实验的输出文件夹（其中有 capture.pcap）' },
      options: { questions: '只问这些问题，按给出的顺序（问题编号用逗号分隔）', config: '用其中的 `quiz.questions` 选择问题的实验文件（默认：存在时为 lab.yaml）' },
    },
    check: {
      description: '对照抓包文件（重新分析）检查答案：对或错、原因和得分',
      examples: ['lab check out/handshake', 'lab check out/handshake my-answers.yaml --json', 'lab check out/handshake --questions client_isn,synack_ack,time_wait'],
      arguments: { dir: '实验的输出文件夹', answers: '答案文件（默认：DIR/answers.yaml）' },
      options: {
        json: '输出 {"score", "total", "questions": [{"id", "correct", "answered", "expected", "given", "reason"}], "skipped", "ignored"}',
        questions: '练习单的问题，与传给 lab quiz 的相同（问题编号用逗号分隔；默认：抓包文件能回答的全部问题）',
        config: '其中的 `quiz.questions` 就是练习单问题的实验文件（默认：存在时为 lab.yaml）',
      },
    },
    grade: {
      description: '给全班评分：每个学生一个文件夹（capture.pcap 和 answers.yaml）；看出哪些内容需要再讲',
      examples: ['lab grade handed-in/*', 'lab grade handed-in/* --csv grades.csv --html grades.html'],
      arguments: { dirs: '学生们的文件夹' },
      options: {
        csv: '另外把成绩表写成 CSV',
        html: '另外把成绩表写成网页',
        questions: '练习单的问题，与传给 lab quiz 的相同（问题编号用逗号分隔；默认：每个抓包文件能回答的全部问题）',
        config: '其中的 `quiz.questions` 就是练习单问题的实验文件（默认：存在时为 lab.yaml）',
      },
    },
    completion: {
      description: '输出 shell 自动补全脚本（命令、选项、预设场景、正在运行的实验）',
      examples: ['lab completion bash > ~/.local/share/bash-completion/completions/lab', 'lab completion fish > ~/.config/fish/completions/lab.fish'],
      arguments: { shell: 'bash、zsh 或 fish' },
      options: {},
    },
    serve: {
      description: '在浏览器中上课：每个学生一个自己的实时实验，教师有一个总览页面',
      examples: ['lab serve', 'lab serve --host 0.0.0.0 --class-code tcp42 --max-labs 30'],
      options: {
        port: 'HTTP 端口',
        host: '监听的地址；除 127.0.0.1 以外都需要班级口令（未给出时自动生成）',
        classCode: '学生加入时输入的口令（4 到 64 个字母、数字、"-" 或 "_"）',
        maxLabs: '同时运行的实验数（含备用实验）；其余的排队等待（默认：按 CPU 核数和内存计算）',
        spareLabs: '服务器启动时预先准备好的实验数，学生取用后随即补足，学生开始时实验立即可用（默认：与 --max-labs 相同；0：学生请求时才启动）',
        idle: '实验空闲这么多分钟后自动结束',
        config: '每个实验使用其中服务器、消息和报告设置的实验文件（默认：存在时为 lab.yaml）',
      },
    },
    capture: {
      description: '以 pcap 格式输出正在运行的实验的抓包：先是已抓到的数据包，然后实时跟随（lab up --interactive 或 --keep）',
      examples: ['lab capture --wireshark', 'lab capture | wireshark -k -i -', 'lab capture --name handshake -w live.pcap'],
      options: { name: '正在运行的实验', write: '写到这个文件而不是标准输出', wireshark: '在本机的 Wireshark 中实时显示（wireshark -k -i -）' },
    },
  },
  parse: {
    unknownCommand: (name) => `未知命令 "${name}"`,
    unknownOption: (flag) => `未知选项 "${flag}"`,
    didYouMean: (suggestion) => `；你是不是想用 ${suggestion}？`,
    missingArgument: (name) => `缺少参数 ${name}`,
    optionMissingArgument: (flag) => `${flag} 需要一个值`,
    invalidValue: (flag, value, why) => `${flag} "${value}"：${why}`,
    choices: (values) => `应为 ${values.join('、')} 之一`,
    excessArguments: (extra) => `参数太多：${extra.join(' ')}`,
    conflicting: (a, b) => `${a} 和 ${b} 只能给出一个`,
    emptyValue: '值为空',
    wholeNumber: (min, max) => `${min} 到 ${max} 之间的整数`,
    classCode: '班级口令由 4 到 64 个字母、数字、"-" 或 "_" 组成',
    invalidName: '名称只能由小写字母、数字、"-" 和 "_" 组成（最多 40 个字符），并以字母或数字开头',
    unknownQuestion: (id, known) => `没有问题 "${id}"；可用的问题有：${known.join('、')}`,
    positiveMinutes: '应为大于 0 的分钟数',
  },
  wrote: (path) => `已写出 ${path}`,
  errorPrefix: 'lab：',
  unexpected: (detail) => `意外错误（请报告这个问题）：${detail}`,
  waitingFor: {
    engineAnswer: '引擎应答',
    serverListening: '服务器开始监听',
    clientReady: '客户端启动',
    tcpdumpStart: 'tcpdump 开始抓包',
    clientFinish: '客户端结束',
    tcpdumpStop: 'tcpdump 停止',
    programAnswer: '实验程序回答命令',
    probe: 'lab doctor 的检查容器结束',
  },
  errors: {
    config: (p) => (p.detail.kind === 'unreadable' ? `${p.file}：` : `${p.file}:${p.line}:${p.column}：${p.path ? `${p.path}：` : ''}`) + configDetail(p.detail, reason),
    keepWithAll: () => '--keep 只保留一个实验继续运行，不能与 --scenario all 一起使用',
    configValue: (p) => `${p.path}：${configDetail(p.detail, reason)}`,
    labFolderCaptureUnreadable: (p) => `${p.path}：无法读取抓包文件（${reason(p.reason)}）`,
    answersUnreadable: (p) => `${p.file}：无法读取答案（${reason(p.reason)}）`,
    answersMismatch: (p) => `${p.file} 不属于这个抓包文件：其中的 capture_sha256 不是 capture.pcap 的 SHA-256`,
    invalidOverride: (p) => `${p.option} 的值无效：${configDetail(p.detail, reason)}`,
    pcapngNeedsOutput: () => 'pcapng 是二进制格式：请给出 -o 文件（或把标准输出重定向到文件）',
    eventsInvalid: (p) => `${p.file}:${p.line}：${eventProblem(p.problem)}`,
    bundleUnreadable: (p) => `无法读取离线包 ${p.path}：${reason(p.reason)}`,
    eventsUnreadable: (p) => `无法读取事件文件 ${p.path}：${reason(p.reason)}`,
    outputIsInput: (p) => `-o ${p.path} 就是正在读取的抓包文件：写入会把它毁掉`,
    interactiveWithAll: () => '--interactive 只驱动一个实验，不能与 --scenario all 一起使用',
    interactiveOnly: (p) => `${p.option} 只能与 --interactive 一起使用`,
    noRunningCapture: (p) => `实验 "${p.lab}" 没有正在运行的抓包`,
    programEnded: (p) => `${p.role === 'server' ? '服务器' : '客户端'}程序在回答 "${p.command}" 之前就结束了`,
    captureUnreadable: (p) => `无法读取抓包文件 ${p.path}：${reason(p.reason)}`,
    captureEmpty: (p) => `不是抓包文件：文件为空或比任何抓包文件头都短（第 ${p.offset} 字节处）`,
    captureShorterThanPcapHeader: (p) => `不是抓包文件：比 pcap 文件头还短（第 ${p.offset} 字节处）`,
    notACapture: (p) =>
      `不是 pcap 或 pcapng 文件：它以 ${p.magic} 开头（pcap 以 d4 c3 b2 a1 或 a1 b2 c3 d4 开头，pcapng 以 0a 0d 0d 0a 开头）（第 ${p.offset} 字节处）`,
    pcapngByteOrder: (p) => `pcapng 节头块的字节序标记无法识别（第 ${p.offset} 字节处）`,
    pcapngBlockLength: (p) => `pcapng 块的长度 ${p.length} 不可能成立（第 ${p.offset} 字节处）`,
    dockerUnreachable: (p) => `没有 Docker 引擎应答。尝试过：\n  ${p.tried.join('\n  ')}`,
    dockerNotAnswering: (p) => `${p.source} 处的 Docker 引擎没有应答：${p.failure}`,
    dockerConfigInvalid: (p) => `${p.file} 不是有效的 JSON（${p.detail}），因此无法读取当前的 Docker 上下文`,
    dockerContextUnreadable: (p) => `Docker 上下文 "${p.name}"（${p.from}）：${p.reason.code === 'ENOENT' ? '没有这个上下文' : reason(p.reason)}（${p.file}）`,
    dockerContextWithoutEndpoint: (p) => `Docker 上下文 "${p.name}"（${p.from}）在 ${p.file} 中没有 Docker 端点`,
    dockerAddressInvalid: (p) => `${p.source} 不是有效的引擎地址`,
    dockerCertificatesMissing: (p) => `${p.source}：设置了 DOCKER_TLS_VERIFY，但 ${p.dir ?? 'DOCKER_CERT_PATH（未设置）'} 中没有 ca.pem、cert.pem 和 key.pem`,
    dockerEngine: (p) => `Docker 引擎：${p.what} 失败：${p.detail}`,
    dockerNoAnswer: (p) => `Docker 引擎：${p.what} 在 ${p.seconds} 秒内没有应答`,
    dockerCommand: (p) => `${p.what} 失败（退出码 ${p.exitCode}）：${p.output}`,
    captureNotStreamed: (p) => `Docker 引擎没有送来实验 "${p.lab}" 的抓包${p.output ? `，而是：${p.output}` : ''}`,
    tcpdumpEndedFirst: (p) => `tcpdump 在开始抓包之前就结束了；它的输出：${p.printed || '无'}`,
    baseImageMissing: (p) => `这个 Docker 引擎上没有基础镜像 ${p.image}，所以无法构建实验镜像`,
    imageBuild: (p) => `构建 ${p.tag} 失败：${p.detail}\n--- 构建输出的最后几行 ---\n${p.output.join('\n')}`,
    noFreeSubnet: (p) => `${p.range} 中已没有空闲子网可供新的实验使用`,
    podmanForwardDropped: (p) => `等待客户端结束超时（${p.ms} 毫秒）。${zhCN.doctor.forwardingConflict(p)}`,
    outputUnwritable: (p) => `无法写入 ${p.path}：${reason(p.reason)}`,
    outputFolderUnwritable: (p) => `无法写入文件夹 ${p.path}：${reason(p.reason)}`,
    outputBusy: (p) => `另一个 lab up（进程号 ${p.pid}）正在写入 ${p.dir}`,
    outputLockFailed: (p) => `无法获得锁文件 ${p.file}`,
    timeout: (p) => `等待${zhCN.waitingFor[p.what]}超时（${p.ms} 毫秒）${p.printed !== undefined ? `；它的输出：${p.printed}` : ''}`,
    containerExitedFirst: (p) => `等待${zhCN.waitingFor[p.what]}时，容器先退出了（退出码 ${p.exitCode}）；它的输出：${p.printed}`,
    clientFailed: (p) => `客户端退出，退出码 ${p.exitCode}：${p.output}`,
    clientFailedKept: (p) => `客户端退出，退出码 ${p.exitCode}：${p.output}\n已保留 ${p.kept.join(' 和 ')}：从中可以看出发生了什么`,
    cleanupFailedToo: (p, nested) => `${nested.message(p.error)}；随后 ${nested.message(p.cleanup)}`,
    stillRunning: (p, nested) => `${nested.message(p.error)}\n服务器和抓包容器仍在运行（--keep）`,
    removalIncomplete: (p, nested) => `${nested.message(p.error)}；实验可能没有被完全删除${p.left.length ? `（${p.left.join('、')}）` : ''}`,
    reportsKeptRemovalFailed: (p, nested) => `${nested.message(p.error)}\n实验本身已完整运行：报告已写入 ${p.folder}`,
    interrupted: (p) => `被 ${p.signal} 中断`,
    interruptedAndRemoved: (p, nested) => `${nested.message(p.error)}；这次运行创建的一切都已删除`,
    gaveUpWaiting: (p) => `不再等待 Docker 引擎（收到两次 ${p.signal}）`,
  },
  hints: {
    captureNotStreamed: (p) => `没有写出任何内容。这个实验的抓包容器可能已用尽进程数或内存：请结束这个实验的其他 \`lab capture\`，或者删除它（\`lab down --name ${p.lab}\`）后重新启动。`,
    tcpdumpEndedFirst: () => 'tcpdump 的输出说明了原因：请检查抓包的网络接口和过滤表达式，以及引擎是否给了抓包容器 NET_RAW 权限。',
    noRunningCapture: (p) => `先用 \`lab up --interactive --name ${p.lab}\` 或 \`lab up --keep --name ${p.lab}\` 启动一个，或者用 --name 指定正在运行的实验。`,
    dockerUnreachable: () =>
      '请启动 Docker（Linux：`sudo systemctl start docker` 或运行 `dockerd`；macOS/Windows：打开 Docker Desktop）或 Podman（`systemctl --user start podman.socket`），' +
      '或把 DOCKER_HOST 设为引擎的地址，例如 DOCKER_HOST=unix:///run/user/1000/docker.sock。' +
      '如果套接字存在但连接被拒绝，请把自己加入 docker 用户组。',
    dockerNotAnswering: () => '请启动那个引擎或改正地址；要改用本机的引擎，请取消设置 DOCKER_HOST 和 DOCKER_CONTEXT（或运行 `docker context use default`）。',
    dockerConfigInvalid: () => '请改正这个文件，或运行 `docker context use default`。',
    dockerContextUnreadable: () => '用 `docker context ls` 列出上下文，再用 `docker context use NAME`（或 DOCKER_CONTEXT=NAME）选择一个。',
    dockerContextWithoutEndpoint: () => '请重新创建它：docker context create NAME --docker host=unix:///var/run/docker.sock',
    dockerAddressInvalid: () => '请写成 unix:///path/to/docker.sock、tcp://HOST:PORT 或 ssh://USER@HOST，或者取消设置 DOCKER_HOST 以使用本机的引擎。',
    dockerCertificatesMissing: () => '请把 DOCKER_CERT_PATH 设为存放证书的文件夹，或取消设置 DOCKER_TLS_VERIFY。',
    dockerNoAnswer: () => '引擎过载或已挂起：请用 `docker info` 检查，引擎没有应答时重启它，然后重新运行实验。',
    baseImageMissing: (p) => `请拉取它（docker pull ${p.image}）；没有镜像仓库时，用 Debian 软件包构建：sudo scripts/offline-base.sh`,
    outputFolderUnwritable: () => '请用 --out DIR（或 lab.yaml 中的 `output:`）换一个输出文件夹。',
    outputBusy: () => '请等它结束，或者给这次运行换一个 --name 或 --out。',
    cleanupFailedToo: (p, nested) => nested.hint(p.cleanup) ?? nested.hint(p.error),
    stillRunning: (p) => `删除它们：lab down --name ${p.lab}`,
    removalIncomplete: (p) => `删除剩下的部分：lab down --name ${p.lab}`,
    interruptedAndRemoved: (p, nested) => nested.hint(p.error),
    reportsKeptRemovalFailed: (p, nested) => nested.hint(p.error),
    gaveUpWaiting: (p) => `删除剩下的部分：lab down --name ${p.lab}`,
    labFolderCaptureUnreadable: () => '请给出一个实验输出文件夹，例如 out/handshake（其中有 capture.pcap）',
    answersMismatch: () => '请回答由这个抓包文件生成的练习单（lab quiz DIR 会重新生成）',
    noFreeSubnet: () => '用 `lab down --all` 删除旧的实验，或在 lab.yaml 中设置 network.subnet。',
    podmanForwardDropped: (p) => `${zhCN.doctor.forwardingFix(p)}之后运行 \`lab doctor\`，它会告诉你 lab up 能否运行。`,
  },
  steps: {
    docker: 'Docker 引擎',
    images: '镜像',
    network: '网络',
    ready: '服务器和抓包已就绪',
    client: '客户端',
    captured: '已取回抓包文件',
    reports: '报告已写出',
    removed: '已删除',
    clientRemoved: '已删除客户端（--keep）',
  },
  stepAbout: (step, subject) => `${step}（${subject}）`,
  building: (b) => `正在构建 ${b.tag}：第 ${b.step}/${b.steps} 步：${b.instruction}`,
  built: (images) => `已构建 ${images.join('、')}`,
  waitingForEngine: '正在等待 Docker 引擎的应答，以便删除它正在创建的内容（第二次按 Ctrl-C 即停止等待）',
  up: {
    scenarioHeading: (name) => `\n${name}\n`,
    wrote: (scenario, dir, files) => `${scenario}：已写出 ${dir}/（${files.join('、')}）`,
    interactiveRun: '本次交互实验',
    connection: (index, verdict) => `连接 ${index + 1}：${verdict}`,
    captureCut: (bytes, spaceMiB) => `抓包文件在 ${bytes} 字节处截止：实验的抓包空间（${spaceMiB} MiB）已满，之后的分组没有被捕获`,
    droppedByKernel: (packets) => `tcpdump 报告内核丢弃了 ${packets} 个分组（机器繁忙，缓冲区已满）：抓包文件中缺少这些分组，报告中“前一个报文段没有被抓到”的空缺可能就是它们，而不是线路上的丢失；请在较空闲的机器上重做实验`,
    settleGaveUp: (seconds) => `客户端等待连接释放结束等了 ${seconds} 秒仍未结束：抓包在连接释放完成之前就截止了`,
    openCapture: (command) => `用 Wireshark 打开抓包文件：${command}`,
    kept: (name) => `服务器和抓包容器仍在运行（--keep）；删除它们：lab down --name ${name}`,
    interrupting: (signal) => `\n${signal}：正在停止并删除这个实验创建的一切……（再按一次 ${signal} 就不再等待）\n`,
    givingUp: (signal) => `\n再次收到 ${signal}：不再等待 Docker 引擎\n`,
    endingSession: (signal) => `\n${signal}：结束会话，写出已抓到的内容（再按一次 ${signal} 则不写出直接停止）\n`,
    wroteIndex: (path) => `\n已写出 ${path}\n`,
  },
  live: {
    sides: { client: '客户端', server: '服务器' },
    ready: (address, backlog) => `✔ 服务器 ${address} 正在监听（backlog ${backlog}），抓包已开始 — 输入 help 查看命令`,
    help: `命令（每条命令调用一次套接字函数；#N 指定连接，默认是最新的连接）：
  connect                 客户端：socket() + connect()：新建连接 #1、#2……
  send [#N] 文本          客户端：send() 发送文本
  recv [#N]               客户端：recv() 读取已到达的数据（200 毫秒内没有数据就如实说明）
  shutdown [#N]           客户端：shutdown(SHUT_WR)：发送 FIN，套接字仍可读
  close [#N]              客户端：close()
  abort [#N]              客户端：设置 SO_LINGER 为 0 再 close()：发送 RST 而不是 FIN
  server accept           服务器：accept() 取出全连接队列（accept 队列）中最早的连接
  server send|recv|shutdown|close|abort [#N] ……   服务器一方的相同调用
  status                  从内核读出每个连接在两端的状态
  help                    显示本列表
  quit                    写出抓包文件和报告，删除实验（也可以按 Ctrl-D 或 Ctrl-C）`,
    unknownCommand: (line, nearest) => `未知命令 "${line}"；${nearest ? `是不是想输入 "${nearest}"？（输入 help 查看全部命令）` : '输入 help 查看命令列表'}`,
    serverWhat: 'server 后面要跟一个命令；输入 help 查看',
    messageTooLong: (maxBytes) => `消息太长：按 UTF-8 编码最多 ${maxBytes} 字节（服务器用一次 read() 读完）`,
    badConnection: (line) => `"${line}"：连接的写法是 #1、#2……`,
    idleEnded: (minutes) => `会话已空闲 ${minutes} 分钟：自动结束`,
    problem: PROGRAM_PROBLEMS_ZH,
    reply: (role, r) => {
      const who = `  ${role}：`;
      if (isProgramProblem(r.code)) return `${who}${PROGRAM_PROBLEMS_ZH[r.code]}`;
      if (r.problem) return `${who}${r.problem}`;
      const call = LIVE_CALLS[r.cmd] ?? `${r.cmd}()`;
      const conn = r.conn !== undefined ? ` #${r.conn}` : '';
      if (r.pending) return `${who}${call}${conn} 1 秒后仍未完成（SYN 没有得到应答，内核正在重传）`;
      if (!r.ok && r.nothingToRead) return `${who}${call}${conn}：没有可读的数据（等待了 200 毫秒）`;
      if (!r.ok && r.nothingQueued) return `${who}${call}：全连接队列为空（等待了 200 毫秒）`;
      if (!r.ok) return `${who}${call}${conn} = ${r.ret} ${r.errno}（${socketErrorZh(r.errno, r.error ?? '')}）${r.late ? '，最终结果' : ''}`;
      if (r.cmd === 'recv') return r.eof ? `${who}recv()${conn} = 0：收到对端的 FIN，数据流结束` : `${who}recv()${conn} = ${r.ret}：${JSON.stringify(r.data)}`;
      if (r.cmd === 'accept') return `${who}accept() = ${r.ret}：来自 ${r.peer}:${r.peerPort} 的连接 #${r.conn}${r.auto ? '（--auto-accept）' : ''}`;
      if (r.cmd === 'connect') return `${who}connect() = ${r.ret}：连接 #${r.conn}，本地端口 ${r.localPort}${r.late ? '，最终结果' : ''}`;
      return `${who}${call}${conn} = ${r.ret}`;
    },
    connectionState: (role, conn, state, local, peer) => `  ${role} #${conn}：${state}（端口 ${local} ↔ ${peer}）`,
    listening: (state, port, queued, backlog) => `  服务器：端口 ${port} 处于 ${state}，全连接队列 ${queued}/${backlog}（backlog）`,
    neverArrived: (frame, receiver) => `  帧 ${frame} 在抓包之后丢失：它没有到达${receiver}，${receiver}的状态没有改变`,
    noConnection: (role) => `  ${role}：没有连接`,
  },
  capture: { ended: (lab) => `lab capture：实验 "${lab}" 已结束\n` },
  serve: {
    started: (studentUrl, classCode, teacherUrl, maxLabs, spareLabs) =>
      [
        `学生：打开 ${studentUrl}${classCode ? `，输入班级口令 ${classCode}` : '（仅限本机；用 --host 0.0.0.0 向机房开放）'}`,
        `教师：${teacherUrl}`,
        `最多同时运行 ${maxLabs} 个实验${spareLabs ? `；正在为最先开始的学生准备 ${spareLabs} 个实验` : ''}；按 Ctrl-C 结束所有实验并删除一切`,
      ].join('\n'),
    sparesReady: (ready, wanted, seconds) =>
      `${seconds.toFixed(1)} 秒后已准备好 ${ready}/${wanted} 个实验：学生现在开始即可立即使用${ready < wanted ? '（其余未能启动，原因见上文）' : ''}`,
    stopping: (signal) => `${signal}：正在结束所有实验并删除一切……`,
    stopped: (labs, seconds) => `已结束并删除 ${labs} 个实验，用时 ${seconds.toFixed(1)} 秒；没有留下任何东西`,
    leftBehind: (labs) => `有 ${labs} 个实验未能完全删除（见上文）：请用 lab down --all 删除剩下的部分`,
  },
  down: {
    removed: (names) => `已删除 ${names.join('、')}`,
    nothingToRemove: (name) => `没有可删除的内容（${name === undefined ? '没有任何实验的资源' : `没有实验 "${name}" 的资源`}）`,
  },
  images: {
    built: '已构建',
    upToDate: '已是最新',
    saved: (file, mebibytes, images) => `已写出 ${file}（${mebibytes} MiB）：${images.join('、')}`,
    loadElsewhere: (file) => `在另一台机器上运行：lab images --load ${file}（或 docker load -i ${file}）`,
    loaded: (images) => (images.length ? `已载入 ${images.join('、')}` : '没有载入新的镜像'),
    complete: '实验所需的镜像已全部就绪：lab up 不需要镜像仓库，也不需要基础镜像',
    lacks: (missing, baseImage) => `离线包中缺少 ${missing.join('、')}（它来自另一个版本的 tcp-lab）：lab up 会构建它们，这需要 ${baseImage}`,
  },
  scenarios: { lookFor: (text) => `看点：${text}` },
  doctor: {
    checks: { engine: '容器引擎', images: '镜像', firewall: '防火墙预设', forwarding: '主机防火墙', disk: '剩余磁盘空间', node: 'Node.js', output: '输出文件夹' },
    passed: (check, detail) => `✔ ${check}：${detail}`,
    failed: (check, detail, fix) => `✘ ${check}：${detail}\n  → ${fix}`,
    notTried: (check, detail) => `– ${check}：${detail}`,
    needsCaptureImage: '尚未检查：这项检查在抓包镜像中运行，而抓包镜像由第一次 lab up 构建；之后请再运行一次 lab doctor',
    firewallWorks: '容器中的 iptables 成功加入了预设所用的规则（丢弃第一个 SYN）',
    firewallFailed: (exitCode, output) => `容器中的 iptables 无法加入预设所用的规则（退出码 ${exitCode}）：${output || '没有输出'}`,
    firewallFix:
      '预设 syn-retry 和 fin-retry 需要在容器中使用 iptables：请加载内核模块（sudo modprobe -a nf_tables xt_statistic），并使用能授予 NET_ADMIN 的 rootful 引擎；其他预设不需要它。',
    forwardingFine: (backend, host) =>
      backend === 'cni'
        ? 'Podman 的 CNI 防火墙插件放行实验网络中的流量'
        : host.bridgeNfCallIptables !== true
          ? `容器之间的桥接流量不经过 iptables（net.bridge.bridge-nf-call-iptables ${host.bridgeNfCallIptables === false ? '= 0' : '未设置：br_netfilter 模块没有加载'}）`
          : 'FORWARD 链放行实验网络中的桥接流量（它的默认策略是 ACCEPT，或者有规则放行 Podman 的网桥）',
    forwardingConflict: (c) =>
      `这台主机让容器之间的桥接流量经过 iptables（net.bridge.bridge-nf-call-iptables = 1），而它的 FORWARD 链丢弃所有没有规则放行的分组（${c.dropIn.join(' 和 ')} 中的默认策略为 DROP，这是 Docker 设置的），` +
      `但 Podman 的 ${c.backend} 没有为实验的内部网络添加放行规则：客户端的 SYN 报文段在到达服务器之前就被丢弃了。`,
    forwardingFix: (c) =>
      `请放行 Podman 网桥上容器之间的流量：${c.dropIn.map((variant) => `sudo ${variant} -I ${c.chain} -i podman+ -o podman+ -j ACCEPT`).join(' 和 ')}；` +
      '或者改用这里正在运行的 Docker 引擎（取消 DOCKER_HOST）；如果这台主机上没有什么需要对桥接流量做防火墙过滤，也可以运行 sudo sysctl net.bridge.bridge-nf-call-iptables=0。',
    forwardingNotChecked: (chains) =>
      `未检查：${chains.map((c) => `${c.variant} 无法列出 FORWARD 链（${c.reason}）`).join('；')}，因此不知道主机是否丢弃实验网络中的桥接流量；` +
      `如果 lab up 的客户端超时，请自己查看这条链：${chains.map((c) => `sudo ${c.variant} -S FORWARD`).join(' 和 ')}`,
    engine: (product, version, apiVersion, source) => `${product} ${version}（API ${apiVersion}），位于 ${source}`,
    engineFix: '请启动 Docker 或 Podman，或者让 DOCKER_HOST 或 DOCKER_CONTEXT 指向一个正在运行的引擎（见 README 的 Which engine 一节）。',
    imagesCheckFix: '引擎有应答，但没能列出它的镜像：请查看引擎的日志（journalctl -u docker，或 -u podman），然后再运行一次 lab doctor。',
    firewallCheckFix: '这项检查所用的临时容器（抓包镜像，没有网络）没有运行完：请查看引擎的日志（journalctl -u docker，或 -u podman），用 lab down --name doctor 删除它留下的部分，然后再运行一次 lab doctor。',
    forwardingCheckFix: '这项检查所用的临时容器（抓包镜像，位于主机的网络命名空间中）没有运行完：请查看引擎的日志（journalctl -u docker，或 -u podman），用 lab down --name doctor 删除它留下的部分，然后再运行一次 lab doctor。',
    imagesBuilt: '实验镜像已构建',
    imagesWillBuild: (baseImage) => `已有 ${baseImage}；lab up 会先用它构建实验镜像（只需一次，约几分钟）`,
    imagesMissing: (baseImage) => `这个引擎上既没有实验镜像，也没有它们的基础镜像 ${baseImage}`,
    imagesFix: (baseImage) => `请载入离线课堂包（lab images --load 文件），或拉取 ${baseImage}，或用 Debian 软件包构建它：sudo scripts/offline-base.sh`,
    disk: (gibibytes, path) => `${path} 所在磁盘还剩 ${gibibytes} GiB`,
    diskFix: '请至少腾出 1 GiB（镜像约占 300 MiB，每次实验只写几百 KiB）。',
    node: (version) => `Node.js ${version}`,
    nodeFix: '请安装 Node.js 22 或更高版本，或者只用 Docker、以镜像方式运行 tcp-lab（见 README 的 Only Docker 一节）。',
    output: (path) => `${path} 可以写入`,
    outputUnwritable: (path, reason) => `${path} 无法写入：${reason}`,
    outputFix: '请在你能写入的文件夹中运行 lab，或者用 --out 目录（或 lab.yaml 中的 output:）另选一个。',
    willWork: 'lab up 可以在这里运行',
    willNotWork: '在解决上面的问题之前，lab up 无法在这里运行',
  },
  quiz: {
    wrote: (dir, files, questions, command) => `已在 ${dir} 中写好含 ${questions} 道题的练习单：${files.map((f) => f.split('/').pop()).join('、')}；在 answers.yaml 中作答，然后运行：${command}`,
    answersKept: (dir) => `${dir}/answers.yaml 中已经有答案，保持原样未覆盖`,
    notApplicable: (ids) => `以下问题无法用这个抓包文件回答，已省略：${ids.join('、')}`,
  },
  presets: (name) => PRESETS[name]!,
  open: { failed: (file, opener) => `无法用 ${opener} 打开 ${file}；请自行打开` },
  wireshark: {
    missing: (pkg) => `没有安装 Wireshark，所以无法实时显示抓包；请安装（Debian/Ubuntu：sudo apt install ${pkg}；macOS：brew install --cask wireshark）。实验不受影响，继续进行`,
    noDisplay: '没有图形显示（DISPLAY 和 WAYLAND_DISPLAY 都未设置），Wireshark 无法打开窗口；实验不受影响，继续进行',
    stopped: (why) => `Wireshark 已停止（${why}）；实验不受影响，继续进行`,
    exitCode: (code) => `退出码 ${code}`,
  },
};
