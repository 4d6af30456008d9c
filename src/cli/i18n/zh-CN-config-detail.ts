// lab.yaml（或 answers.yaml）错误说明的简体中文措辞，即 FILE:LINE:COLUMN: PATH 之后的部分。
import type { SystemReason } from '../../errors.js';
import type { ConfigDetail, Expectation, ForbiddenRange, ShownValue, StepRule, SubnetOwner, SubnetProblem } from '../../config/config-detail.js';

/** yaml 库的错误代码（doc.errors[i].code）；这里没有的代码显示该库自己的（英文）说明。 */
const YAML_SYNTAX: Record<string, string> = {
  ALIAS_PROPS: '别名（*name）不能带锚点或标签',
  BAD_ALIAS: '别名或锚点的名字有误（为空，或以“:”结尾）',
  BAD_DIRECTIVE: '% 指令有误',
  BAD_DQ_ESCAPE: '双引号字符串中有无效的转义序列',
  BAD_INDENT: '缩进有误或括号未闭合：同一列表或映射的各项从同一列开始，它们包含的内容缩进得更靠右，[ 或 { 要以对应的 ] 或 } 结束',
  BAD_PROP_ORDER: '锚点（&name）或标签（!tag）的位置不对：应写在“-”“?”或“:”之后',
  BAD_SCALAR_START: '普通的值不能以这个字符开头：请给值加上引号',
  BLOCK_AS_IMPLICIT_KEY: '嵌套的映射或列表不能和它的键写在同一行：请写在下面几行并缩进',
  BLOCK_IN_FLOW: '[ ] 或 { } 里出现了块状的映射或列表：括号内的各项应写成 a, b 或 k: v，用逗号分隔',
  DUPLICATE_KEY: '同一映射中有重复的键',
  KEY_OVER_1024_CHARS: '键超过了 1024 个字符',
  MISSING_CHAR: '这里缺少一个字符：右引号或右括号、各项之间的“,”、键后面的“:”，或“:”后面的空格',
  MULTILINE_IMPLICIT_KEY: '键必须写在一行内（是否缺少“:”或右引号？）',
  MULTIPLE_ANCHORS: '一个值带有多个锚点（&name）',
  MULTIPLE_DOCS: '有多个 YAML 文档（“---”）：文件中只能有一个',
  MULTIPLE_TAGS: '一个值带有多个标签（!tag）',
  NON_STRING_KEY: '键是列表或映射：键必须是普通的值',
  RESOURCE_EXHAUSTION: '文件展开后的数据量过大',
  TAB_AS_INDENT: '用制表符做了缩进：YAML 只能用空格缩进',
  TAG_RESOLVE_FAILED: '未知的标签（!tag），或标签无法解析这个值',
  UNEXPECTED_TOKEN: '这里出现了意外的字符',
  BAD_COLLECTION_TYPE: '标签用于另一种集合类型',
};

const RANGES: Record<ForbiddenRange, (cidr: string) => string> = {
  thisNetwork: (cidr) => `${cidr}（“本网络”）`,
  loopback: (cidr) => `环回地址（${cidr}）`,
  linkLocal: (cidr) => `链路本地地址（${cidr}）`,
  multicast: (cidr) => `组播地址（${cidr}）`,
  reserved: (cidr) => `保留地址和广播地址（${cidr}）`,
};

const TYPES: Record<string, string> = { number: '数', string: '字符串', boolean: '布尔值（true 或 false）', object: '映射', array: '列表', int: '整数' };
const ROLES = { server: '服务器', client: '客户端' } as const;

function subnet(p: SubnetProblem): string {
  switch (p.kind) {
    case 'notCidr':
      return '"auto" 或 IPv4 CIDR，例如 10.77.0.0/24';
    case 'octetTooBig':
      return `“/”之前是由四个 0 到 255 之间的数组成的 IPv4 地址（${p.octet} 超出了范围）`;
    case 'prefixTooLong':
      return `“/”之后是不超过 32 的前缀长度（${p.prefix} 超过了 IPv4 地址的位数）`;
    case 'hostBitsSet':
      return `子网的第一个地址：${p.network}/${p.prefix}（${p.address} 的主机位不全为 0）`;
    case 'tooSmall':
      return `/${p.smallest} 或更大的子网：实验需要网络地址、广播地址以及网关、服务器和客户端的地址（/${p.prefix} 只有 ${p.addresses} 个地址）`;
    case 'forbidden':
      return `${RANGES[p.range](p.cidr)}之外的私有子网，例如 10.77.0.0/24：实验网络放在那里会干扰主机`;
  }
}

function stepRule(r: StepRule): string {
  switch (r.kind) {
    case 'otherRole':
      return `${ROLES[r.role]}的步骤：${r.steps.join('、')}（${r.step} 只能用于${ROLES[r.role === 'server' ? 'client' : 'server']}）`;
    case 'sleepTooLong':
      return `不超过 ${r.maxMs} 毫秒的 ${r.step}:MS`;
    case 'notLast':
      return `${r.step} 只能是最后一步`;
    case 'afterClose':
      return `close（第 ${r.closeStep} 步）之后不再有 ${r.step}：其后只能是 ${r.allowed.join(' 或 ')}`;
  }
}

function bound(e: Extract<Expectation, { kind: 'bound' }>): string {
  if (e.of === 'string' && e.bound === 'min' && e.limit === 1) return '非空字符串';
  if (e.of === 'string') return `${e.bound === 'min' ? '至少' : '至多'} ${e.limit} 个字符的字符串`;
  if (e.of === 'list') return `${e.bound === 'min' ? '至少' : '至多'} ${e.limit} 项的列表`;
  const relation = e.bound === 'min' ? (e.inclusive ? '不小于' : '大于') : e.inclusive ? '不大于' : '小于';
  return `${relation} ${e.limit} 的${e.of === 'number' ? '数' : '值'}`;
}

function expectation(e: Expectation): string {
  switch (e.kind) {
    case 'type':
      return TYPES[e.type] ?? e.type;
    case 'oneOf':
      return `以下之一：${e.values.map((v) => JSON.stringify(v)).join('、')}`;
    case 'bound':
      return bound(e);
    case 'labName':
      return `由小写字母、数字、“-”或“_”组成的名称（至多 ${e.maxChars} 个字符）`;
    case 'step':
      return `一个步骤：${e.steps.join('、')}`;
    case 'stepRule':
      return stepRule(e.rule);
    case 'scenario':
      return '预设场景的名称，或含有 server.steps 和 client.steps 的映射';
    case 'serverSteps':
      return '服务器在每个连接上执行的步骤（或 accept: false）';
    case 'fastOpenFirstWrite':
      return '使用 fastOpen 时第一步是 write（建立连接和第一次写是同一个 sendto() 调用）';
    case 'fastOpenNoConnectTimeout':
      return '使用 fastOpen 时不设 connectTimeout（Fast Open 的建立连接是阻塞的 sendto()）';
    case 'scenarioWaits':
      return `所有等待（双方程序的 sleep、各客户端的 stagger、connectTimeout）合计不超过 ${e.maxMs} 毫秒，使客户端在 lab up 的 30 秒内结束；这里合计 ${e.totalMs} 毫秒`;
    case 'messageWithoutNul':
      return `不含 NUL 字符的消息（程序参数在 NUL 处结束）：第 ${e.at} 个字符是 NUL`;
    case 'messageTooLong':
      return `按 UTF-8 编码至多 ${e.maxBytes} 字节的消息（服务器用一次 read() 读取）；这条消息有 ${e.bytes} 字节`;
    case 'subnet':
      return subnet(e.problem);
    case 'acceptableValue':
      return '有效的值';
    case 'answersFile':
      return '含有 student、capture_sha256 和 answers 的映射';
    case 'singleValue':
      return '单个值';
    case 'captureSha256':
      return '工作单上写的抓包文件 SHA-256（64 个十六进制数字）';
    case 'answersMapping':
      return '从题目编号到答案的映射';
    case 'questionId':
      return '题目编号';
    case 'oneAnswer':
      return '一个答案（一个数或一个词）';
  }
}

/** "应为" before a value that starts in Latin letters or digits takes a space, as Chinese text sets them apart. */
const afterWord = (text: string): string => (/^[\u3000-\u9fff]/.test(text) ? text : ` ${text}`);

function shown(v: ShownValue): string {
  switch (v.type) {
    case 'null':
      return 'null';
    case 'list':
      return '一个列表';
    case 'mapping':
      return '一个映射';
    case 'string':
      return `字符串 ${JSON.stringify(v.text)}${v.cut ? `（共 ${v.length} 个字符）` : ''}`;
    case 'number':
      return `数 ${v.text}`;
    case 'boolean':
      return `布尔值 ${v.text}`;
    case 'other':
      return v.text;
  }
}

const owner = (o: SubnetOwner): string => (o.kind === 'interface' ? `网络接口 ${o.name} ` : '引擎中已有的网络');

export function configDetail(d: ConfigDetail, reason: (r: SystemReason) => string): string {
  switch (d.kind) {
    case 'unreadable':
      return `无法读取实验文件（${reason(d.reason)}）`;
    case 'yamlSyntax':
      return YAML_SYNTAX[d.code] ?? d.message;
    case 'aliasBomb':
      return `文件无法读取为数据：别名展开后超过原大小的 ${d.maxAliases} 倍（“别名炸弹”）`;
    case 'unresolvedAlias':
      return `别名 *${d.alias} 没有对应的锚点：锚点 &${d.alias} 必须出现在它之前`;
    case 'notData':
      return `文件无法读取为数据：${d.message}`;
    case 'unknownKey':
      return d.nearest ? `未知的键 "${d.key}"：是不是想写 "${d.nearest}"？（应为以下之一：${d.known.join('、')}）` : `未知的键 "${d.key}"（拼写错误？）；应为以下之一：${d.known.join('、')}`;
    case 'unknownQuestion':
      return `未知的题目 "${d.id}"；应为以下之一：${d.known.join('、')}`;
    case 'missing':
      return `缺少值：应为${afterWord(expectation(d.expected))}`;
    case 'expected':
      return `应为${afterWord(expectation(d.expected))}${d.got ? `，实际是${afterWord(shown(d.got))}` : ''}`;
    case 'subnetTaken':
      return `应为不与本机任何网络重叠的子网，实际是 ${d.subnet}，它与${owner(d.owner)}的 ${d.taken} 重叠；请换一个子网，或使用 "auto"`;
  }
}
