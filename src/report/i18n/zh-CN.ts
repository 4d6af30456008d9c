// 报告的简体中文文本（术语按国内计算机网络教材：三次握手、四次挥手、序号、确认号……）。
import type { ConnectionReport } from '../../analyse/report-model.js';
import { encapsulationValue } from '../encapsulation-value.js';
import { neverEstablished } from '../never-established.js';
import type { Messages } from './messages.js';
import { socketErrorZh } from './socket-errors-zh.js';

const side = (s: string) => (s === 'client' ? '客户端' : s === 'server' ? '服务器' : s);
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const power = (exponent: number) => `2${[...String(exponent)].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
const FLAG_NAMES: Record<string, string> = {
  AE: 'AE（ECN）',
  CWR: 'CWR（ECN 拥塞窗口减小）',
  ECE: 'ECE（ECN 回显）',
  URG: '紧急位 URG',
  ACK: '确认位 ACK',
  PSH: '推送位 PSH',
  RST: '复位位 RST',
  SYN: '同步位 SYN',
  FIN: '终止位 FIN',
};

// What each preset of `lab up --scenario all` shows (src/lab/scenarios.ts has the English lines).
const PRESET_SUMMARIES: Record<string, string> = {
  echo: '原实验的做法：服务器回显后先关闭；连接释放是四个独立的报文段。',
  'client-close': '客户端收到回显后立即先关闭；服务器读到文件结束（EOF）后再关闭。',
  'three-way-close': '服务器先关闭，客户端随即关闭：它的确认搭载在自己的 FIN 上（FIN、FIN+ACK、ACK）。',
  'four-way-close': '客户端先关闭；服务器等 300 毫秒后才关闭：FIN、ACK、FIN、ACK。',
  'half-close': '客户端发送后调用 shutdown(SHUT_WR)；服务器在收到客户端的 FIN 之后继续发送，然后关闭。',
  reset: '客户端设置 SO_LINGER 为 0 后中止连接：close() 发出 RST 而不是 FIN。',
  'server-reset': '服务器回显后设置 SO_LINGER 为 0 中止连接：它的 close() 发出 RST。',
  refused: '客户端连接一个没有程序监听的端口：SYN 得到的回答是 RST。',
  'syn-retry': '第一个 SYN 在进入服务器时被丢弃；客户端内核约 1 秒后重传它。',
  'multi-client': '五个客户端同时连接；fork 服务器为每个连接创建一个进程。',
  ipv6: '在实验的私有网络上用 IPv6 完成同样的回显。',
  'simultaneous-close': '双方同时关闭，FIN 交叉而过：每一方的 FIN 都在收到对方的 FIN 之前发出。',
  backlog: '服务器以 backlog 1 监听且从不调用 accept()；五个客户端每隔 100 毫秒依次连接。',
  fastopen: 'TCP 快速打开（TFO）：第一条连接从服务器得到 cookie；第二条连接把消息放在 SYN 里发送。',
  custom: 'lab.yaml 中自行编写的场景。',
};

export const zhCN: Messages = {
  lang: 'zh-CN',
  title: 'TCP 连接逐包解读',
  intro: (file, packets, connections) => `抓包文件 ${file}：共 ${packets} 帧，${connections} 条 TCP 连接。`,
  captureWarnings: '关于抓包文件的警告',
  throughTunnel: (tunnel, n) =>
    `${n} 个 TCP 报文段经由${{ pppoe: ' PPPoE 会话（以太网上的 PPP）', gre: ' GRE 隧道（IP 协议号 47）', vxlan: ' VXLAN 隧道（UDP 端口 4789）', 'ip-in-ip': ' IP-in-IP 隧道' }[tunnel]}传输：` +
    '下面的连接是隧道内层的连接，地址和端口都是内层报文段的。',
  captureWarning: (w) => {
    switch (w.code) {
      case 'recordLengthImpossible':
        return `第 ${w.frame} 帧（位于第 ${w.byte} 字节）声称抓到 ${w.length} 字节，这不可能；在此处停止读取`;
      case 'endsInRecordHeader':
        return `文件在第 ${w.frame} 帧的记录头中间结束（位于第 ${w.byte} 字节）；已解析它之前的 ${w.frame - 1} 帧`;
      case 'cutInPacket':
        return `文件在第 ${w.frame} 帧中间被截断（位于第 ${w.byte} 字节：${w.length} 字节中只有 ${w.present} 字节）；已解析它之前的 ${w.frame - 1} 帧`;
      case 'blockLengthImpossible':
        return `位于第 ${w.byte} 字节的块长度不可能（${w.length}）；读完 ${w.packets} 帧后在此处停止`;
      case 'endsInBlockHeader':
        return `文件在第 ${w.byte} 字节处的块头中间结束；已解析它之前的 ${w.packets} 帧`;
      case 'endsInSectionHeader':
        return `文件在第 ${w.byte} 字节处的节头中间结束`;
      case 'cutInBlock':
        return `文件在第 ${w.byte} 字节处的块中间被截断（${w.length} 字节中只有 ${w.present} 字节）；已解析它之前的 ${w.packets} 帧`;
      case 'timestampResolutionImpossible':
        return `接口 ${w.interfaceId} 的时间戳精度不可能（if_tsresol ${w.tsresol}）；按微秒处理`;
      case 'blockTooShort':
        return `第 ${w.frame} 帧：位于第 ${w.byte} 字节的块太短，放不下帧的头部；已跳过`;
      case 'unknownInterface':
        return `第 ${w.frame} 帧指向接口 ${w.interfaceId}，但没有接口块描述它；已跳过`;
      case 'packetsNotDecoded':
        return `有 ${w.count} 帧没能完整解码；JSON 报告的 problems 列出了每一帧停在哪一层、哪个字节偏移`;
      case 'captureSpaceFull':
        return `抓包文件在 ${w.bytes} 字节处截止：实验的抓包空间（${w.spaceBytes / 1024 / 1024} MiB）已满，之后的分组没有被捕获；本报告只分析此前的分组`;
      case 'droppedByKernel':
        return `tcpdump 报告内核丢弃了 ${w.packets} 个分组（机器繁忙，缓冲区已满）：抓包文件中缺少这些分组，标为“前一个报文段没有被抓到”的空缺可能就是它们，而不是线路上的丢失`;
    }
  },
  notDecoded: (e) =>
    `${e.frames} 帧使用了未解码的封装：${{ ethertype: '以太网类型（EtherType）', 'ip-protocol': 'IP 协议号', 'udp-port': 'UDP 端口', 'ppp-protocol': 'PPP 协议号' }[e.field]} ` +
    `${encapsulationValue(e)}${e.name ? `（${e.name}）` : ''}，最早出现在第 ${e.firstFrame} 帧；其中即使有 TCP，本报告也未分析。`,
  noConnections: '这个抓包文件里没有 TCP 连接。',
  connectionTitle: (index, client, server) => `连接 ${index + 1}：${client} → ${server}`,
  frameRef: (frame) => `帧 ${frame}`,
  parenthesised: (text) => `（${text}）`,
  list: (items) => items.join('、'),
  withFrame: (text, frame) => `${text}（帧 ${frame}）`,
  frameList: (frames) => `帧：${frames.join('、')}`,
  processName: (who, pid) => `${side(who)}（pid ${pid}）`,
  side: { client: '客户端', server: '服务器' },
  rolesGuessed: '抓包从这条连接的中途开始，所以角色是推测的：使用知名端口（或较小端口号）的一方被当作服务器。',
  summary: {
    outcome: '结果',
    handshake: '三次握手',
    teardown: '连接释放',
    timeWait: '进入 TIME-WAIT 的一方',
    bytes: '数据字节数（客户端 → 服务器 / 服务器 → 客户端）',
    complete: '完整',
    incomplete: '不完整',
    notCaptured: '未抓到（抓包开始得晚了）',
    refused: '未建立（被拒绝）',
    none: '无',
  },
  teardownSummary: (kind, initiator) => {
    const text = zhCN.teardownKind[kind];
    return initiator === 'both' ? `${text}（双方同时发起）` : initiator ? `${text}（由${side(initiator)}发起）` : text;
  },
  outcome: {
    closed: '已关闭：双方的 FIN 都得到了确认',
    reset: '被复位：一个 RST 终止了连接',
    refused: '被拒绝：SYN 得到的回答是 RST（该端口上没有程序在监听）',
    open: '未关闭：抓包在连接关闭之前就结束了',
  },
  outcomeNotEstablished: '未建立：抓包期间三次握手没有完成',
  teardownKind: {
    'four-way': '四次挥手（FIN、ACK、FIN、ACK）',
    'three-way': '三个报文段（FIN、FIN+ACK、ACK）',
    simultaneous: '同时关闭（双方的 FIN 交叉而过）',
    reset: '复位（RST）',
  },
  state: {
    CLOSED: 'CLOSED（关闭）',
    LISTEN: 'LISTEN（监听）',
    'SYN-SENT': 'SYN-SENT（同步已发送）',
    'SYN-RECEIVED': 'SYN-RECEIVED（同步已接收）',
    ESTABLISHED: 'ESTABLISHED（已建立连接）',
    'FIN-WAIT-1': 'FIN-WAIT-1（终止等待 1）',
    'FIN-WAIT-2': 'FIN-WAIT-2（终止等待 2）',
    'CLOSE-WAIT': 'CLOSE-WAIT（关闭等待）',
    CLOSING: 'CLOSING（正在关闭）',
    'LAST-ACK': 'LAST-ACK（最后确认）',
    'TIME-WAIT': 'TIME-WAIT（时间等待）',
  },
  sections: {
    ladder: '时序图',
    packets: '全部报文段',
    handshake: '三次握手',
    synHeader: 'SYN 报文段的 TCP 首部（逐字节）',
    options: 'SYN 的选项',
    optionBytes: '选项（逐字节）',
    rules: '用本次抓包的数字验证规则',
    teardown: '连接释放（挥手）',
    timeline: '同一时间轴上的套接字调用',
    anomalies: '异常',
    checksums: '校验和',
    wireshark: '在 Wireshark 中看什么',
  },
  columns: {
    frame: '帧',
    time: '时间（秒）',
    direction: '方向',
    flags: '标志位',
    seq: '序号（相对 / 原始）',
    ack: '确认号（相对 / 原始）',
    len: '长度',
    window: '窗口',
    states: '客户端 / 服务器状态',
    notes: '备注',
    field: '字段',
    bytes: '抓包中的字节',
    value: '值',
    meaning: '含义',
    call: '调用',
  },
  handshakeSteps: [
    'SYN（客户端 → 服务器）：SYN=1，ACK=0，连接请求，携带客户端的初始序号（ISN）。',
    'SYN, ACK（服务器 → 客户端）：SYN=1，ACK=1；确认号为客户端的 ISN + 1，并携带服务器自己的 ISN。',
    'ACK（客户端 → 服务器）：SYN=0，ACK=1；确认号为服务器的 ISN + 1。连接建立。',
  ],
  finalAckLost: (step, lostFrame) =>
    `${step}客户端的第一个 ACK（帧 ${lostFrame}）没有到达服务器的 TCP：客户端已处于 ESTABLISHED，服务器却仍处于 SYN-RECEIVED，于是重传了它的 SYN-ACK（Linux 先等 1 秒，之后每次等待时间加倍）；本 ACK 应答的是那一份，服务器到这时才进入 ESTABLISHED，连接才能被 accept() 取走。`,
  handshakeMissing: '抓包中没有这条连接完整的三次握手。',
  fastOpenExplain: (f) =>
    `TCP 快速打开（TFO，RFC 7413）：客户端的 SYN ${f.cookie === 'presented' ? '出示了服务器以前给它的 cookie' : f.cookie === 'requested' ? '请求一个快速打开 cookie' : '使用了快速打开'}${f.synData ? `，并携带了 ${f.synData} 字节数据` : ''}${f.cookieGranted ? '；SYN-ACK 给了它一个供以后连接使用的 cookie' : ''}。${f.dataAccepted === true ? '服务器接受了这些数据：它的 SYN-ACK 确认的是 ISN + 1 + 数据长度，数据比三次握手之后再发送早一个往返时间到达程序。' : f.dataAccepted === false ? '服务器没有接受这些数据：它的 SYN-ACK 只确认 ISN + 1，所以客户端在三次握手之后重新发送了数据。' : ''}SYN 本身占用一个序号，但不是数据：客户端的字节数从 ISN + 1 开始计算。`,
  synRetransmissions: (count, gaps, resentAfterRst) =>
    `客户端一共发送了 ${count + 1} 次 SYN：${count} 次重传，初始序号相同，因为没有及时收到 SYN-ACK。${gaps.length ? `本次抓包中各次之间的等待时间：${gaps.map((g) => `${g.toFixed(2)} 秒`).join('、')}。` : ''}${resentAfterRst ? `帧 ${resentAfterRst.syn} 紧跟在帧 ${resentAfterRst.rst} 之后发出：那个 RST 的确认号是客户端不能接受的，Linux 这时把重传计时器设为最小值（TCP_TIMEOUT_MIN，两个时钟节拍），不再等满第一个 1 秒（只在还没有重传过 SYN 时这样做）。` : ''}RFC 6298 规定重传计时器初值为 1 秒，每次超时后加倍（指数退避）；Linux 6.5 起先按初值 1 秒重传 net.ipv4.tcp_syn_linear_timeouts 次（默认 4 次），之后才开始加倍。`,
  fieldName: {
    srcPort: '源端口',
    dstPort: '目的端口',
    seq: '序号',
    ack: '确认号',
    dataOffset: '数据偏移（及保留位）',
    flags: '标志位',
    window: '窗口',
    checksum: '校验和',
    urgent: '紧急指针',
    options: '选项',
  },
  headerField: (id, value, { from, isSyn, ackSet, headerLength, windowShift, checksumWrong }) => {
    const port = (who: string) => (who === 'client' ? '（客户端的临时端口）' : '（服务器监听的端口）');
    switch (id) {
      case 'srcPort':
        return `源端口 ${value}${port(from)}`;
      case 'dstPort':
        return `目的端口 ${value}${port(from === 'client' ? 'server' : 'client')}`;
      case 'seq':
        return isSyn ? '序号：初始序号（ISN）' : '序号';
      case 'ack':
        return ackSet ? '确认号：期望收到对方的下一个字节的序号' : '确认号：ACK=0 时无效';
      case 'dataOffset':
        return `数据偏移：高 4 位 = ${value} → ${value} × 4 = ${headerLength} 字节的首部，所以有 ${headerLength - 20} 字节的选项`;
      case 'flags':
        return '标志位（见下面的各个位）';
      case 'window':
        if (isSyn) return `窗口：发送方还能接收 ${value} 字节（SYN 中的窗口从不扩大）`;
        return windowShift === null
          ? `窗口：发送方还能接收 ${value} 字节`
          : `窗口：字段值 ${value} × ${power(windowShift)}（移位值取自这一方的 SYN）= ${value * 2 ** windowShift} 字节，发送方还能接收这么多`;
      case 'checksum':
        return `校验和：覆盖伪首部、TCP 首部和数据${checksumWrong ? '；与抓到的字节不符（见“校验和”一节）' : ''}`;
      case 'urgent':
        return '紧急指针（仅在 URG=1 时有意义）';
      case 'options':
        return `选项：其余的 ${value} 字节`;
    }
  },
  flagBits: (bits) => `标志位：${bits.map((b) => `${FLAG_NAMES[b.name] ?? b.name} = ${b.set ? 1 : 0}`).join('，')}（AE、CWR、ECE 是 ECN 显式拥塞通知位）`,
  option: (o) => {
    switch (o.name) {
      case 'MSS':
        return `MSS ${o.value}：发送方愿意接收的最大报文段长度`;
      case 'WS':
        return `窗口扩大选项：移位值 S=${o.shift}（扩大因子 ${power(o.shift as number)}=${o.multiplier}），此后这一方通告的窗口要乘以 ${o.multiplier}`;
      case 'SACK_PERM':
        return '允许 SACK：发送方支持选择确认';
      case 'SACK':
        return `SACK 块 ${(o.blocks as [number, number][]).map(([l, r]) => `${l}-${r}`).join('、')}`;
      case 'TS':
        return `时间戳：TSval ${o.tsval}，TSecr ${o.tsecr}`;
      case 'NOP':
        return 'NOP（填充，用于对齐下一个选项）';
      case 'EOL':
        return '选项表结束';
      case 'MALFORMED':
        return `格式错误的选项（类型 ${o.kind}）：${o.reason}`;
      default:
        return `选项类型 ${o.kind}（${o.bytes || '无数据'}）`;
    }
  },
  rule: {
    synAck: (ack, isn, ok) => `SYN-ACK 的确认号 ${ack} = 客户端 ISN ${isn} + 1 ${ok ? '✓' : '✗'}（SYN 报文段不携带数据，但要消耗一个序号）`,
    synAckFastOpen: (ack, isn, bytes, ok) => `SYN-ACK 的确认号 ${ack} = 客户端 ISN ${isn} + 1 + ${bytes} 字节快速打开数据 ${ok ? '✓' : '✗'}（SYN 消耗一个序号，数据每字节消耗一个序号）`,
    finalAck: (ack, isn, ok) => `最后一个 ACK 的确认号 ${ack} = 服务器 ISN ${isn} + 1 ${ok ? '✓' : '✗'}（服务器的 SYN 同样消耗一个序号）`,
    fin: (who, seq, ackFrame, ack) =>
      ackFrame === null
        ? `${who}的 FIN 占用序号 ${seq}；抓包中没有对它的确认 ✗`
        : `${who}的 FIN 占用序号 ${seq}；帧 ${ackFrame} 的确认号 ${ack} = ${seq} + 1 ✓`,
  },
  teardownExplain: (c: ConnectionReport) => {
    const t = c.teardown;
    const lines: string[] = [];
    if (t.kind === 'reset') {
      lines.push(
        c.outcome === 'refused'
          ? `服务器用 RST 回答了 SYN（帧 ${t.rst?.frame}）：端口 ${c.server.port} 上没有程序在监听，所以 connect() 失败，返回“Connection refused”（连接被拒绝）。`
          : `${side(t.rst?.from ?? t.initiator ?? '')}发送了 RST（帧 ${t.rst?.frame}），连接立即终止，没有 FIN 交换。程序在 SO_LINGER 设为 0 时关闭套接字，或者关闭时接收缓冲区里还有没读取的数据，就会这样做。`,
      );
    } else if (t.initiator === 'both') {
      const closing = (['client', 'server'] as const).filter((s) => c.transitions?.[s].some((x) => x.state === 'CLOSING'));
      lines.push('双方都是主动关闭：每一方都在收到对方的 FIN 之前发出了自己的 FIN。');
      if (closing.length === 2) lines.push('随后每一方都在自己的 FIN 还没有被确认时收到了对方的 FIN，所以双方都经过了 CLOSING 状态。');
      else if (closing.length === 1)
        lines.push(`只有${side(closing[0]!)}经过了 CLOSING 状态（它在自己的 FIN 还没有被确认时收到了对方的 FIN）；${side(closing[0] === 'client' ? 'server' : 'client')}的 FIN 先被确认，经过的是 FIN-WAIT-2。`);
    } else if (t.initiator) {
      const active = side(t.initiator);
      const passive = side(t.initiator === 'client' ? 'server' : 'client');
      const fin = t.fins.find((f) => f.side === t.initiator);
      lines.push(`由${active}发起连接释放：它的程序先调用了 close()（或 shutdown()），所以它的 FIN 先发出（主动关闭）；${passive}是被动关闭。`);
      if (t.kind === 'three-way')
        lines.push(`这次抓包只有三个报文段而不是四个：${active}的 FIN 到达时，${passive}的程序立即关闭，于是内核的确认搭载在${passive}自己的 FIN 上（FIN+ACK），而没有单独发送。`);
      if (t.kind === 'four-way' && fin?.ackWith === 'data')
        lines.push(`${passive}用一个数据报文段（帧 ${fin.ackFrame}）确认了 FIN：它还有数据要发送，等到它的程序关闭时才发出自己的 FIN。`);
      else if (t.kind === 'four-way' && fin?.ackDelay != null)
        lines.push(
          fin.ackDelay < 0.001
            ? `这次抓包是四个独立的报文段（四次挥手）：${passive}立即确认了 FIN（${(fin.ackDelay * 1e6).toFixed(0)} 微秒之后），等到它的程序关闭时才发出自己的 FIN。`
            : `这次抓包是四个独立的报文段（四次挥手）：${passive}在 ${(fin.ackDelay * 1e3).toFixed(1)} 毫秒之后才确认 FIN（延迟确认：Linux 会把单独的确认推迟最多约 40 毫秒，希望能和数据一起发送），等到它的程序关闭时才发出自己的 FIN。`,
        );
      if (!t.kind) lines.push(`抓包中${passive}始终没有发出自己的 FIN，所以连接释放没有完成。`);
    } else {
      lines.push(neverEstablished(c) ? '连接没有建立（三次握手没有完成），所以也没有连接释放。' : '没有抓到 FIN 或 RST：抓包结束时连接仍然打开。');
    }
    if (t.halfClose) lines.push(`半关闭：在${side(t.initiator ?? '')}的 FIN 之后，另一方还在继续发送数据。FIN 只表示“我不再发送”，另一个方向在它自己的 FIN 之前仍然是打开的。`);
    return lines;
  },
  timeWaitExplain: (c) => {
    const ended = c.timeWaitEndedEarly;
    const endedText = ended ? `${side(ended.side)}本来处于 TIME-WAIT，帧 ${ended.rstFrame} 的 RST 提前结束了它：Linux 在 TIME-WAIT 状态接受 RST（net.ipv4.tcp_rfc1337 = 0；RFC 1337 讨论了这样做的风险）。` : '';
    if (c.timeWait === null) return ended ? endedText : '这次抓包结束时没有一方处于 TIME-WAIT。';
    const who = c.timeWait === 'both' ? '双方都进入 TIME-WAIT（时间等待）：双方都是主动关闭，每一方都' : `${side(c.timeWait)}进入 TIME-WAIT（时间等待）：主动关闭的一方`;
    return `${who}要等待 2MSL 才释放连接，这样万一最后的 ACK 丢失还可以重发，并让这条连接残留在网络中的报文段在同样的端口被重新使用之前全部消失。RFC 9293 规定 MSL 为 2 分钟（2MSL = 4 分钟）；Linux 固定等待 60 秒。${endedText}`;
  },
  whyTwoFins: '为什么每个方向各要一个 FIN：TCP 是全双工的，每个方向都要用自己的 FIN 单独关闭。内核对 FIN 的确认可以立即发出，也可以推迟（延迟确认）；而自己的 FIN 只有在程序调用 close() 或 shutdown() 时才会发出。',
  backlog: (backlog) => `服务器调用 listen() 时 backlog 为 ${backlog}：这是已经由内核完成三次握手、等待 accept() 取走的连接队列的长度。`,
  acceptDelay: (micros) => `accept() 在三次握手的最后一个 ACK 之后 ${micros.toFixed(0)} 微秒才返回：三次握手是内核在 listen() 之后、accept() 返回之前完成的；程序拿到的只是已经建立好的连接。`,
  callMeaning: (call) => {
    switch (call.meaning) {
      case 'socket':
        return 'socket() 创建套接字';
      case 'bind':
        return 'bind() 绑定地址和端口';
      case 'listen':
        return `listen()：从此内核开始应答 SYN，并把完成三次握手的连接放入队列等待 accept()（backlog ${call.details.backlog ?? '?'}）`;
      case 'setsockopt':
        return 'setsockopt() 设置套接字选项';
      case 'connect-established':
        return 'connect() 发出 SYN，在收到 SYN-ACK 之后返回（最后的 ACK 由内核发出）';
      case 'connect-refused':
        return 'connect() 失败：SYN 得到的回答是 RST，没有 SYN-ACK';
      case 'connect-fast-open':
        return `sendto(MSG_FASTOPEN) 在一次调用里建立连接并发送数据：有以前连接得到的 cookie 时，数据随 SYN 一起发出（接收了 ${call.ret} 字节）`;
      case 'connect-failed':
        return 'connect() 失败：没有建立连接';
      case 'connect-timed-out':
        return 'connect() 失败（ETIMEDOUT，连接超时）：SYN 及其重传都没有等到 SYN-ACK，客户端放弃了，连接没有建立';
      case 'accept-established':
        return 'accept() 返回一个内核已经完成三次握手的连接';
      case 'accept-failed':
        return 'accept() 失败';
      case 'fork':
        return 'fork()：子进程处理这个连接';
      case 'fork-failed':
        return 'fork() 失败：没有子进程处理这个连接，服务器关闭了它';
      case 'read-data':
        return `${call.call}() 读到 ${call.ret} 字节数据`;
      case 'read-eof':
        return `${call.call}() = 0：文件结束——对方的 FIN 到了，对方不再发送（这一方仍然可以发送）`;
      case 'read-reset':
        return `${call.call}() 失败：对方的 RST 复位了连接`;
      case 'read-failed':
        return `${call.call}() 失败`;
      case 'write-data':
        return `${call.call}()：内核接收了 ${call.ret} 字节并发送出去`;
      case 'write-reset':
        return `${call.call}() 失败：连接已被对方复位或关闭`;
      case 'write-failed':
        return `${call.call}() 失败`;
      case 'shutdown-fin':
        return 'shutdown(SHUT_WR) 发出 FIN，但仍然可以读';
      case 'close-fin':
        return 'close() 发出 FIN';
      case 'close-rst':
        return 'close() 发出 RST 而不是 FIN（SO_LINGER 为 0，或接收缓冲区里还有没读取的数据）';
      case 'close-after-shutdown':
        return 'close()：FIN 已经随 shutdown() 发出，close() 只释放描述符';
      case 'close-after-reset':
        return 'close()：连接已经被复位，不再发送任何报文段';
      case 'close-not-connected':
        return 'close()：connect() 已经失败，没有需要释放的连接；不发送任何报文段，只释放描述符';
      case 'tool-ready':
        return '实验工具的客户端已启动，等待开始信号';
      case 'tool-settled':
        return `实验工具读取了内核的连接表：${call.details.state ?? '?'}`;
      default:
        return `${call.call}()`;
    }
  },
  toolEvent: (who) => `实验工具（${who}）`,
  callTimesNote: '每个调用按它被调用的时刻排列；阻塞过的调用同时给出调用和返回的时刻（调用–返回）。',
  noEvents: '没有提供套接字事件（lab up 会把它们写入 events.jsonl；用 --events 传入）。',
  anomaly: {
    retransmission: '重传：因为没有及时收到确认，同样的字节（或 SYN/FIN）又发送了一次',
    'duplicate-ack': '重复确认：接收方再次确认同一个字节，说明后面的报文段到了而前面的还没到',
    'out-of-order': '乱序：这个报文段填补了前面留下的空缺',
    'zero-window': '零窗口：接收方的缓冲区满了，发送方必须等待',
    'previous-segment-not-captured': '前一个报文段没有被抓到：序号出现了空缺（抓包漏掉了报文段）',
    'keep-alive': '保活：探测对方是否还在的报文段',
    duplicate: '同一个报文段被抓到了两次（例如在两个接口上，或者带和不带 VLAN 标签）；只计一次',
    'ignored-rst': '被忽略的 RST：它到达时客户端处于 SYN-SENT，却没有确认客户端的 SYN（没有 ACK 位，或者确认号不在 ISS + 1 … SND.NXT 之内），所以客户端的 TCP 丢弃了它，继续等待 SYN-ACK（RFC 9293 §3.10.7.3）；它既没有拒绝连接，也没有复位连接',
  },
  anomalyShort: {
    retransmission: '重传',
    'duplicate-ack': '重复确认',
    'out-of-order': '乱序',
    'zero-window': '零窗口',
    'previous-segment-not-captured': '前一报文段未抓到',
    'keep-alive': '保活',
    duplicate: '重复抓取',
    'ignored-rst': '被忽略的 RST',
  },
  wrongChecksum: { ipv4: 'IPv4 首部校验和错误', tcp: 'TCP 校验和错误' },
  checksumNote: ({ tcp, ipv4, packets }) =>
    (tcp ? `${packets} 个报文段中有 ${tcp} 个的 TCP 校验和（覆盖伪首部、TCP 首部和数据）与抓到的字节不符。` : '') +
    (ipv4 ? `${packets} 个分组中有 ${ipv4} 个的 IPv4 首部校验和不符。` : '') +
    '在发送主机上抓包时，看到的是网卡填写校验和之前的报文段（发送校验和卸载：内核把校验和留给硬件计算）；在容器之间的 veth 对上，校验和根本不会被填写。所以这种抓包中的校验和错误通常是卸载造成的，而不是数据损坏；接收方的应答表明报文段是否被接受。',
  callError: (errno, text) => socketErrorZh(errno, text),
  lost: '抓到后丢失',
  lostExplain: '抓到了但对方没有收到：发送方又发送了一次，而接收方的行为表明它没有收到这一份（它的应答没有确认它，它在这个 ACK 之后又重传了自己的 SYN-ACK，它的 SYN-ACK 回显的是后一份的时间戳，或者在接收方抓包而它根本没有应答）；抓包点在丢失的地方之前。',
  lostBecause: (cause, backlog) => (cause === 'scenario-firewall' ? '抓到后被场景的防火墙规则丢弃' : `服务器内核丢弃：全连接队列（accept 队列）已满（backlog ${backlog}）`),
  lostBecauseExplain: (cause, backlog) =>
    cause === 'scenario-firewall'
      ? '抓到了但对方没有收到：tcpdump 抓到它之后，场景的防火墙规则（服务器网络命名空间中的 iptables）把它丢弃了，所以接收方的状态没有改变，发送方又发送了一次。'
      : `抓到了但对方没有收到：监听套接字的全连接队列（accept 队列）已满（backlog ${backlog}；Linux 最多排队 backlog + 1 个已完成三次握手的连接，而没有进程调用 accept()），服务器内核丢弃了这个 SYN 报文段。它既不发送 SYN-ACK 也不发送 RST（net.ipv4.tcp_abort_on_overflow = 0），所以服务器对这个连接仍处于 LISTEN 状态，客户端再次发送 SYN。`,
  wiresharkIntro: '在 Wireshark 中打开抓包文件，试试这些显示过滤器：',
  comment: {
    syn: (isn) => `三次握手 1/3：SYN——客户端请求建立连接；初始序号 ${isn}`,
    synAck: (isn, ack) => `三次握手 2/3：SYN-ACK——服务器同意；初始序号 ${isn}，确认号 ${ack} = 客户端 ISN + 1`,
    ack: (ack) => `三次握手 3/3：ACK——确认号 ${ack} = 服务器 ISN + 1；连接建立（accept() 现在可以返回它）`,
    fin: (who, close, seq) =>
      `连接释放：${who}的 FIN（${close === 'active' ? '先关闭的一方：主动关闭' : close === 'crossed' ? '主动关闭：在对方的 FIN 到达之前发出' : '被动关闭'}）；FIN 占用序号 ${seq}`,
    finAck: (who, ack) => `连接释放：确认${who}的 FIN（确认号 ${ack} = FIN + 1）`,
    rst: (who) => `${who}发送 RST：连接立即终止，没有 FIN`,
    refused: '用 RST 回答 SYN：该端口上没有程序在监听（连接被拒绝）',
  },
  html: {
    toggleRaw: '显示原始序号',
    largeText: '大字号',
    printDetails: '打印每个报文段的首部',
    headerBytes: (frame, length) => `帧 ${frame}：TCP 首部，${length} 字节`,
    packetHeaders: '每个报文段的 TCP 首部（逐字节）',
    ladderName: (connection) => `${connection}的时序图`,
    ladderHelp: '每个箭头是一个报文段，按时间顺序排列；点击箭头可跳到下面“全部报文段”表中对应的一行。',
    legend: '箭头',
    legendKind: {
      handshake: '三次握手（SYN、SYN-ACK、ACK）',
      data: '数据',
      ack: '纯确认',
      teardown: '连接释放（FIN、RST）',
      anomaly: '重传或其他异常（虚线）',
      lost: '抓到后丢失（点线，以叉号结束）',
    },
    statePrefix: (who) => `${who}：`,
    direction: (from) => (from === 'client' ? '客户端 → 服务器' : '服务器 → 客户端'),
    captionSynHeader: (frame) => `SYN 报文段（帧 ${frame}）的首部字段`,
    captionPackets: '这条连接的全部报文段',
    captionTimeline: '按时间顺序排列的报文段和套接字调用',
    captionOptions: 'SYN 的选项（逐字节）',
  },
  index: {
    title: 'TCP 实验：连接建立与释放的各种情形',
    columns: ['场景', '演示内容', '抓包结果'],
    presetSummary: (name, english) => PRESET_SUMMARIES[name] ?? english,
    connections: (count, first) => `${count} 条连接；第 1 条：${first}`,
    noConnection: '没有连接',
  },
  verdict: (c) => {
    const t = c.teardown;
    const retries = c.handshake.synRetransmissions;
    const afterRetries = retries ? `（SYN 重传 ${retries} 次）` : '';
    if (c.outcome === 'refused') return `连接被拒绝：SYN 得到的回答是 RST${afterRetries}`;
    const teardown =
      t.kind === null ? '未抓到连接释放' : t.kind === 'reset' ? `被${side(t.rst?.from ?? t.initiator ?? '')}复位（RST）` : `连接释放：${zhCN.teardownSummary(t.kind, t.initiator)}${t.halfClose ? '，半关闭' : ''}`;
    const outcome = { closed: ['结果：已关闭'], reset: [], open: [neverEstablished(c) ? '抓包结束时连接尚未建立' : '抓包结束时连接仍然打开'], refused: [] }[c.outcome];
    return [`三次握手${c.handshake.complete ? '完整' : '不完整'}${afterRetries}`, teardown, ...outcome, `进入 TIME-WAIT：${c.timeWait === null ? '无' : c.timeWait === 'both' ? '双方' : side(c.timeWait)}`].join('；');
  },
  filters: {
    handshakeAndTeardown: '只看三次握手和四次挥手的报文段',
    stream: '只看这条连接（“统计 → 会话”列出所有流）',
    conversation: '按地址和端口筛选这条连接',
    problems: '重传、重复确认等异常',
  },
};
