// The English wording of a lab.yaml (or answers.yaml) mistake's detail, the part after FILE:LINE:COLUMN: PATH.
import type { SystemReason } from '../../errors.js';
import type { ConfigDetail, Expectation, ForbiddenRange, ShownValue, StepRule, SubnetOwner, SubnetProblem } from '../../config/config-detail.js';

/** The yaml library's error codes (its doc.errors[i].code); a code missing here shows the library's message. */
const YAML_SYNTAX: Record<string, string> = {
  ALIAS_PROPS: 'an alias (*name) cannot have an anchor or a tag',
  BAD_ALIAS: 'a bad alias or anchor name (empty, or ending in ":")',
  BAD_DIRECTIVE: 'a bad % directive',
  BAD_DQ_ESCAPE: 'an invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation or an unclosed bracket: the items of a list or mapping start at the same column, what they hold further right, and a [ or { ends with its ] or }',
  BAD_PROP_ORDER: 'an anchor (&name) or tag (!tag) in the wrong place: write it after the "-", "?" or ":"',
  BAD_SCALAR_START: 'a plain value cannot start with this character: put the value in quotes',
  BLOCK_AS_IMPLICIT_KEY: 'a nested mapping or list cannot start on the line of its key: put it on the next lines, indented',
  BLOCK_IN_FLOW: 'a block mapping or list inside [ ] or { }: inside brackets, write the items as a, b or k: v, separated by commas',
  DUPLICATE_KEY: 'a key written twice in the same mapping',
  KEY_OVER_1024_CHARS: 'a key of more than 1024 characters',
  MISSING_CHAR: 'a character is missing here: a closing quote or bracket, a "," between items, a ":" after a key or a space after ":"',
  MULTILINE_IMPLICIT_KEY: 'a key must be on one line (is a ":" or a closing quote missing?)',
  MULTIPLE_ANCHORS: 'a value with more than one anchor (&name)',
  MULTIPLE_DOCS: 'more than one YAML document ("---"): the file holds one',
  MULTIPLE_TAGS: 'a value with more than one tag (!tag)',
  NON_STRING_KEY: 'a key that is a list or a mapping: a key is a plain value',
  RESOURCE_EXHAUSTION: 'the file expands to too much data',
  TAB_AS_INDENT: 'a tab used as indentation: YAML indents with spaces',
  TAG_RESOLVE_FAILED: 'an unknown tag (!tag), or a value its tag cannot read',
  UNEXPECTED_TOKEN: 'an unexpected character here',
  BAD_COLLECTION_TYPE: 'a tag meant for another kind of collection',
};

const RANGES: Record<ForbiddenRange, (cidr: string) => string> = {
  thisNetwork: (cidr) => `${cidr} ("this network")`,
  loopback: (cidr) => `loopback (${cidr})`,
  linkLocal: (cidr) => `link-local (${cidr})`,
  multicast: (cidr) => `multicast (${cidr})`,
  reserved: (cidr) => `reserved and broadcast (${cidr})`,
};

const TYPES: Record<string, string> = { object: 'a mapping', array: 'a list', int: 'an integer' };

function subnet(p: SubnetProblem): string {
  switch (p.kind) {
    case 'notCidr':
      return '"auto" or an IPv4 CIDR such as 10.77.0.0/24';
    case 'octetTooBig':
      return `an IPv4 address of four numbers from 0 to 255 (not ${p.octet}) before the "/"`;
    case 'prefixTooLong':
      return `a prefix length of at most 32 after the "/" (${p.prefix} is more bits than an IPv4 address has)`;
    case 'hostBitsSet':
      return `the subnet's first address: ${p.network}/${p.prefix} (${p.address} has host bits set)`;
    case 'tooSmall':
      return `a subnet of /${p.smallest} or larger: the lab needs the network and broadcast addresses, the gateway, the server and the client (a /${p.prefix} has ${p.addresses} addresses)`;
    case 'forbidden':
      return `a private subnet such as 10.77.0.0/24, outside ${RANGES[p.range](p.cidr)}: a lab network there would disturb the host`;
  }
}

function stepRule(r: StepRule): string {
  switch (r.kind) {
    case 'otherRole':
      return `a ${r.role} step: ${r.steps.join(', ')} (${r.step} is the ${r.role === 'server' ? 'client' : 'server'}'s only)`;
    case 'sleepTooLong':
      return `${r.step}:MS of at most ${r.maxMs} ms`;
    case 'notLast':
      return `${r.step} only as the last step`;
    case 'afterClose':
      return `no ${r.step} after close (step ${r.closeStep}): only ${r.allowed.join(' or ')} may follow it`;
  }
}

function bound(e: Extract<Expectation, { kind: 'bound' }>): string {
  if (e.of === 'string' && e.bound === 'min' && e.limit === 1) return 'a non-empty string';
  if (e.of === 'string' || e.of === 'list') {
    const unit = e.of === 'string' ? 'characters' : 'items';
    return `${e.of === 'string' ? 'a string' : 'a list'} of ${e.bound === 'min' ? 'at least' : 'at most'} ${e.limit} ${unit}`;
  }
  const relation = e.bound === 'min' ? (e.inclusive ? 'at least' : 'greater than') : e.inclusive ? 'at most' : 'less than';
  return `${e.of === 'number' ? 'a number' : 'a value'} ${e.inclusive ? 'of ' : ''}${relation} ${e.limit}`;
}

function expectation(e: Expectation): string {
  switch (e.kind) {
    case 'type':
      return TYPES[e.type] ?? (/^[aeiou]/.test(e.type) ? `an ${e.type}` : `a ${e.type}`);
    case 'oneOf':
      return `one of ${e.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'bound':
      return bound(e);
    case 'labName':
      return `a name of lowercase letters, digits, "-" or "_" (at most ${e.maxChars})`;
    case 'step':
      return `a step: ${e.steps.join(', ')}`;
    case 'stepRule':
      return stepRule(e.rule);
    case 'scenario':
      return 'a preset name or a mapping with server.steps and client.steps';
    case 'serverSteps':
      return 'the steps the server runs on each connection (or accept: false)';
    case 'fastOpenFirstWrite':
      return 'write as the first step with fastOpen (connect and the first write are one sendto() call)';
    case 'fastOpenNoConnectTimeout':
      return 'no connectTimeout with fastOpen (the Fast Open connect is a blocking sendto())';
    case 'scenarioWaits':
      return `waits (both programs' sleeps, the clients' stagger, connectTimeout) of at most ${e.maxMs} ms in all, so the client ends within lab up's 30 s; these add up to ${e.totalMs} ms`;
    case 'messageWithoutNul':
      return `a message without NUL characters (a program argument ends at one): there is one at character ${e.at}`;
    case 'messageTooLong':
      return `a message of at most ${e.maxBytes} bytes in UTF-8 (the server reads it in one read()); this one has ${e.bytes} bytes`;
    case 'subnet':
      return subnet(e.problem);
    case 'acceptableValue':
      return 'an acceptable value';
    case 'answersFile':
      return 'a mapping with student, capture_sha256 and answers';
    case 'singleValue':
      return 'a single value';
    case 'captureSha256':
      return "the capture's SHA-256 (64 hex digits), as the worksheet wrote it";
    case 'answersMapping':
      return 'a mapping of question ids to answers';
    case 'questionId':
      return 'a question id';
    case 'oneAnswer':
      return 'one answer (a number or a word)';
  }
}

function shown(v: ShownValue): string {
  switch (v.type) {
    case 'null':
      return 'null';
    case 'list':
      return 'a list';
    case 'mapping':
      return 'a mapping';
    case 'string':
      return `the string ${JSON.stringify(v.text)}${v.cut ? ` (${v.length} characters)` : ''}`;
    case 'other':
      return v.text;
    default:
      return `${v.type} ${v.text}`;
  }
}

const owner = (o: SubnetOwner): string => (o.kind === 'interface' ? `interface ${o.name}` : 'an existing engine network');

export function configDetail(d: ConfigDetail, reason: (r: SystemReason) => string): string {
  switch (d.kind) {
    case 'unreadable':
      return `cannot read the lab file (${reason(d.reason)})`;
    case 'yamlSyntax':
      return YAML_SYNTAX[d.code] ?? d.message;
    case 'aliasBomb':
      return `the file cannot be read as data: aliases that expand to more than ${d.maxAliases} times their size (an "alias bomb")`;
    case 'unresolvedAlias':
      return `the alias *${d.alias} names no anchor: an anchor &${d.alias} must come before it`;
    case 'notData':
      return `the file cannot be read as data: ${d.message}`;
    case 'unknownKey':
      return d.nearest ? `unknown key "${d.key}": did you mean "${d.nearest}"? (expected one of: ${d.known.join(', ')})` : `unknown key "${d.key}" (a typo?); expected one of: ${d.known.join(', ')}`;
    case 'unknownQuestion':
      return `unknown question "${d.id}"; expected one of: ${d.known.join(', ')}`;
    case 'missing':
      return `missing value: expected ${expectation(d.expected)}`;
    case 'expected':
      return `expected ${expectation(d.expected)}${d.got ? `, got ${shown(d.got)}` : ''}`;
    case 'subnetTaken':
      return `expected a subnet that overlaps no network of this host, got ${d.subnet}, which overlaps ${d.taken} of ${owner(d.owner)}; choose another or use "auto"`;
  }
}
