// 练习单的简体中文文本（术语按国内计算机网络教材：初始序号、确认号、报文段、首部……）。
import type { QuizMessages } from './messages.js';

const sideName = (v: unknown) => (v === 'client' ? '客户端' : v === 'server' ? '服务器' : String(v));

export const zhCN: QuizMessages = {
  lang: 'zh-CN',
  worksheetTitle: '练习单：你自己的 TCP 连接',
  worksheetIntro: (capture, connection, command) =>
    `这些问题针对你自己的抓包文件 ${capture}（${connection}）。端口号、序号和时间都由内核随机选取，所以答案只属于你。用 Wireshark 打开抓包文件，把每个答案写进 answers.yaml，然后运行 ${command}。`,
  rawNumbersNote:
    'Wireshark 默认显示相对序号和相对确认号；这里问的是原始值：“Sequence Number (raw)”（tcp.seq_raw）和“Acknowledgment number (raw)”（tcp.ack_raw）。',
  answerFormat: '数字可以写成十进制，也可以写成以 0x 开头的十六进制。',
  filter: 'Wireshark 过滤器',
  notApplicable: (ids) => `以下问题无法用这个抓包文件回答，已省略：${ids}。`,
  answersHeader: (capture, command) => `tcp-lab 练习单答案（抓包文件 ${capture}）：在每个冒号后写答案（数字用十进制或 0x 十六进制），然后运行：${command}`,
  questions: {
    client_port: {
      prompt: '客户端的 TCP 端口号是多少？',
      where: (e) => `第 ${e.frame} 帧（SYN 报文段）的源端口`,
      reason: (e, v) => `第 ${e.frame} 帧（SYN 报文段）的源端口就是客户端的端口号：${v}`,
    },
    server_port: {
      prompt: '服务器的 TCP 端口号是多少？',
      where: (e) => `第 ${e.frame} 帧（SYN 报文段）的目的端口`,
      reason: (e, v) => `第 ${e.frame} 帧（SYN 报文段）的目的端口就是服务器的端口号：${v}`,
    },
    client_isn: {
      prompt: '客户端的初始序号（ISN，原始值）是多少？',
      where: (e) => `第 ${e.frame} 帧（SYN 报文段）的序号`,
      reason: (e, v) => `第 ${e.frame} 帧（SYN 报文段）的序号就是客户端的初始序号：${v}`,
    },
    server_isn: {
      prompt: '服务器的初始序号（ISN，原始值）是多少？',
      where: (e) => `第 ${e.frame} 帧（SYN+ACK 报文段）的序号`,
      reason: (e, v) => `第 ${e.frame} 帧（SYN+ACK 报文段）的序号就是服务器的初始序号：${v}`,
    },
    synack_ack: {
      prompt: 'SYN+ACK 报文段的确认号（原始值）是多少？',
      where: (e) => `第 ${e.frame} 帧（SYN+ACK 报文段）`,
      reason: (e, v) => `第 ${e.frame} 帧的确认号 = 客户端的初始序号 + 1 = ${v}：SYN 报文段不携带数据，但要消耗一个序号`,
    },
    final_ack_ack: {
      prompt: '三次握手的第三个报文段（ACK）的确认号（原始值）是多少？',
      where: (e) => `第 ${e.frame} 帧（握手的 ACK 报文段）`,
      reason: (e, v) => `第 ${e.frame} 帧的确认号 = 服务器的初始序号 + 1 = ${v}`,
    },
    syn_mss: {
      prompt: 'SYN 报文段通告的最大报文段长度（MSS）是多少字节？',
      where: (e) => `第 ${e.frame} 帧（SYN 报文段）的选项`,
      reason: (e, v) => `第 ${e.frame} 帧（SYN 报文段）带有类型 2 的选项：MSS = ${v} 字节`,
    },
    syn_window_scale: {
      prompt: 'SYN 报文段的窗口扩大选项中，移位值 S 是多少？（没有该选项时写 none）',
      where: (e) => `第 ${e.frame} 帧（SYN 报文段）的选项`,
      reason: (e, v) =>
        e.value === 'none' ? `第 ${e.frame} 帧（SYN 报文段）没有窗口扩大选项` : `第 ${e.frame} 帧（SYN 报文段）带有类型 3 的窗口扩大选项：移位值 S=${v}（扩大因子 2^${v}）`,
    },
    syn_header_bytes: {
      prompt: 'SYN 报文段的 TCP 首部长度是多少字节？',
      where: (e) => `第 ${e.frame} 帧（SYN 报文段）的数据偏移（首部长度）字段`,
      reason: (e, v) => `第 ${e.frame} 帧（SYN 报文段）：数据偏移 ${Number(e.value) / 4} × 4 = ${v} 字节（固定部分 20 字节 + 选项 ${Number(e.value) - 20} 字节）`,
    },
    first_fin_from: {
      prompt: '哪一方先发送 FIN？（client 或 server）',
      where: (e) => `第 ${e.frame} 帧（第一个 FIN）`,
      reason: (e) => `第 ${e.frame} 帧是第一个 FIN，由${sideName(e.value)}发送`,
    },
    first_fin_ack: {
      prompt: '确认第一个 FIN 的报文段，其确认号（原始值）是多少？',
      where: (e) => `第 ${e.frame} 帧，它确认第 ${e.otherFrame} 帧的 FIN`,
      reason: (e, v) => `第 ${e.frame} 帧确认第 ${e.otherFrame} 帧的 FIN：确认号 = FIN 的序号 + 1 = ${v}，因为 FIN 要消耗一个序号`,
    },
    teardown_segments: {
      prompt: '从第一个 FIN（如果结束连接的 RST 在它之前，则从那个 RST）到抓包结束，一共有多少个报文段？',
      where: (e) => `从第 ${e.frame} 帧开始`,
      reason: (e, v) => `第 ${e.frame} 帧到第 ${e.otherFrame} 帧：从第一个 FIN 或结束连接的 RST 到结束共 ${v} 个报文段（被抓到两次的报文段只算一次）`,
    },
    time_wait: {
      prompt: '哪一方最后处于 TIME-WAIT 状态？（client、server、both 或 nobody）',
      where: (e) => `连接释放过程，直到第 ${e.frame} 帧`,
      reason: (e) =>
        e.value === 'nobody'
          ? `第 ${e.frame} 帧之后没有一方处于 TIME-WAIT：连接被 RST 终止，或没有关闭完成`
          : e.value === 'both'
            ? `第 ${e.frame} 帧之后双方都处于 TIME-WAIT：每一方都是在收到对方的 FIN 之前发出了自己的 FIN`
            : `第 ${e.frame} 帧之后${sideName(e.value)}处于 TIME-WAIT：它先发出 FIN，并确认了对方的 FIN`,
    },
    accept_delay_us: {
      prompt: '从三次握手的最后一个 ACK 到服务器的 accept() 返回，经过了多少微秒？',
      where: (e) => `第 ${e.frame} 帧（最后一个 ACK）和 events.jsonl 中 accept() 那一行（"t" 的单位是纳秒）`,
      reason: (e, v) => `从第 ${e.frame} 帧（最后一个 ACK）到 accept() 返回：${v} 微秒；误差在 ±20% 或 ±50 微秒以内都算对`,
    },
  },
  check: {
    right: '正确',
    wrong: '错误',
    expected: '正确答案',
    given: '你的答案',
    unanswered: '未作答',
    answer: (given, expected) => `你的答案：${given}${expected === null ? '' : `；正确答案：${expected}`}`,
    score: (score, total) => `得分：${score} / ${total}`,
    skipped: (ids) => `未检查（这个抓包文件无法回答）：${ids}`,
    ignored: (ids) => `不计分（不在这份练习单上）：${ids}`,
  },
  grade: {
    title: '练习单成绩',
    student: '学生',
    score: '得分',
    perQuestion: '每道题答对的人数',
    right: (count, total) => `${count} / ${total}`,
    broken: '无法评分的提交',
    noSubmissions: '没有可以评分的提交',
  },
};
