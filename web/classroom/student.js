// The student's page: join, start the lab, drive both sides, watch each segment arrive, step through them.
import { TEXT, language, worded } from './i18n.js';
import { arrowLabel, drawLadder, packetRowId } from './ladder.js';

const $ = (id) => document.getElementById(id);
const view = { lang: 'en', state: 'none', packets: [], calls: [], current: -1, follow: true, conns: { client: 0, server: 0 }, source: null };
const t = () => TEXT[view.lang];
const TOOL_EVENTS = ['ready', 'settled'];

async function api(method, path, body) {
  const response = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const data = response.headers.get('content-type')?.includes('json') ? await response.json() : {};
  if (!response.ok) throw Object.assign(new Error(worded(view.lang, 'errors', data.code, data.params, data.error ?? response.statusText)), { status: response.status });
  return data;
}

function showError(error) {
  $('error').hidden = !error;
  $('error').textContent = error ? `${t().errorPrefix}${error.message}` : '';
}

function translate() {
  document.documentElement.lang = view.lang;
  document.title = t().title;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t()[node.dataset.t];
  for (const button of document.querySelectorAll('[data-verb]')) button.textContent = t().verbs[button.dataset.verb];
  renderStatus();
  renderPackets();
}

function renderStatus(position) {
  const s = t().state[view.state] ?? view.state;
  $('status').textContent = position ? `${s} (${t().position(position)})` : s;
  const ready = view.state === 'ready';
  $('start').disabled = ready || view.state === 'starting' || view.state === 'queued';
  $('end').disabled = !(ready || view.state === 'starting' || view.state === 'queued');
  for (const button of document.querySelectorAll('[data-verb]')) {
    const needsConn = button.dataset.needs === 'conn';
    button.disabled = !ready || (needsConn && view.conns[button.dataset.side] === 0);
  }
  for (const id of ['command', 'preset']) $(id).disabled = !ready;
  for (const form of ['command-form', 'preset-form']) $(form).querySelector('button').disabled = !ready;
}

function renderPackets() {
  drawLadder($('ladder'), view.packets, view.current, t(), select);
  $('no-packets').hidden = view.packets.length > 0;
  $('slider').max = String(Math.max(0, view.packets.length - 1));
  $('slider').value = String(Math.max(0, view.current));
  $('prev').disabled = view.current <= 0;
  $('next').disabled = view.current >= view.packets.length - 1;
  const head = $('packets').tHead;
  head.innerHTML = '';
  const tr = head.insertRow();
  for (const h of [t().frame, '→', t().flags, 'seq', 'ack', 'len', t().client, t().server]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    tr.append(th);
  }
  const body = $('packets').tBodies[0];
  body.innerHTML = '';
  view.packets.forEach((p, i) => {
    const row = body.insertRow();
    row.id = packetRowId(p);
    if (i === view.current) row.className = 'current';
    for (const v of [p.frame, p.from === 'client' ? `${t().client} → ${t().server}` : `${t().server} → ${t().client}`, p.flags.join(','), `${p.relSeq} (${p.seq})`, `${p.relAck} (${p.ack})`, p.len, p.states.client, p.states.server]) row.insertCell().textContent = String(v);
  });
  renderDetail();
}

function renderDetail() {
  const p = view.packets[view.current];
  const detail = $('detail');
  detail.innerHTML = '';
  if (!p) return;
  const h = document.createElement('h4');
  h.textContent = `${t().frame} ${p.frame}: ${arrowLabel(p)}`;
  const states = document.createElement('p');
  states.textContent = `${t().statesAfter}: ${t().client} ${p.states.client}, ${t().server} ${p.states.server}`;
  detail.append(h, states);
  if (p.header) detail.append(headerTable(p.header));
}

/** The TCP header field by field: its bytes in hex, the field's name, and what they say. */
function headerTable(hex) {
  const bytes = hex.match(/../g).map((b) => parseInt(b, 16));
  const number = (from, to) => bytes.slice(from, to).reduce((n, b) => n * 256 + b, 0);
  const f = t().fields;
  const flagNames = ['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'].filter((_, i) => bytes[13] & (0x80 >> i));
  const headerLength = (bytes[12] >> 4) * 4;
  const rows = [
    [0, 2, f.srcPort, number(0, 2)],
    [2, 4, f.dstPort, number(2, 4)],
    [4, 8, f.seq, number(4, 8)],
    [8, 12, f.ack, number(8, 12)],
    [12, 13, f.dataOffset, `${bytes[12] >> 4} × 4 = ${headerLength}`],
    [13, 14, f.flags, flagNames.join(', ')],
    [14, 16, f.window, number(14, 16)],
    [16, 18, f.checksum, `0x${hex.slice(32, 36)}`],
    [18, 20, f.urgent, number(18, 20)],
    ...(bytes.length > 20 ? [[20, bytes.length, f.options, `${bytes.length - 20}`]] : []),
  ];
  const table = document.createElement('table');
  table.className = 'header-bytes';
  table.createCaption().textContent = t().header;
  const head = table.createTHead().insertRow();
  for (const h of [t().bytesColumn, t().fieldColumn, t().valueColumn]) head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: h }));
  const body = table.createTBody();
  for (const [from, to, name, value] of rows) {
    const row = body.insertRow();
    row.insertCell().textContent = hex.slice(from * 2, to * 2).match(/../g).join(' ');
    row.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: name }));
    row.insertCell().textContent = String(value);
  }
  return table;
}

/** A text the server gives in every language, or once. */
function inLanguage(text) {
  return typeof text === 'object' && text !== null ? text[view.lang] ?? text.en : text;
}

function select(i) {
  view.current = Math.max(0, Math.min(i, view.packets.length - 1));
  view.follow = view.current === view.packets.length - 1;
  $('follow').setAttribute('aria-pressed', String(view.follow));
  renderPackets();
}

function logItem(list, text) {
  const li = document.createElement('li');
  li.textContent = text;
  $(list).append(li);
}

function onEvent(type, data) {
  if (type === 'state' || type === 'ended') {
    view.state = data.state;
    renderStatus(data.position);
    if (data.reason) logItem('results', worded(view.lang, 'ended', data.reasonCode, data.reasonParams, data.reason));
    if (type === 'ended') view.conns = { client: 0, server: 0 };
  } else if (type === 'packet') {
    view.packets.push(data);
    if (view.follow) view.current = view.packets.length - 1;
    renderPackets();
  } else if (type === 'call') {
    // ready and settled are the lab's own events, not socket calls of the programs.
    if (TOOL_EVENTS.includes(data.call)) return;
    logItem('calls', `${t()[data.side] ?? data.side}: ${data.call}() = ${data.ret}${data.error ? ` (${data.error})` : ''}`);
  } else if (type === 'result') {
    noteConnections(data);
    logItem('results', inLanguage(data.text) ?? data.command ?? '');
  }
}

/** Which side has an open connection, from the results of connect/accept/close/abort. */
function noteConnections(result) {
  const side = result.side;
  if (!side || !(side in view.conns)) return;
  if ((result.cmd === 'connect' || result.cmd === 'accept') && result.ok) view.conns[side]++;
  if ((result.cmd === 'close' || result.cmd === 'abort') && result.ok) view.conns[side] = Math.max(0, view.conns[side] - 1);
  renderStatus();
}

function follow() {
  view.source?.close();
  view.packets = [];
  view.current = -1;
  for (const list of ['calls', 'results']) $(list).innerHTML = '';
  const source = new EventSource('/api/lab/stream');
  for (const type of ['packet', 'call', 'state', 'result', 'ended']) source.addEventListener(type, (e) => onEvent(type, JSON.parse(e.data)));
  view.source = source;
}

function showRevealed(revealed) {
  $('worksheet-rules').hidden = revealed;
  $('answers-revealed').hidden = !revealed;
}

/** The questions about the capture so far (it may answer more of them now); answers typed stay. */
async function loadWorksheet() {
  showError(null);
  try {
    const { questions, revealed } = await api('GET', `/api/lab/worksheet?lang=${encodeURIComponent(view.lang)}`);
    showRevealed(revealed);
    const list = $('worksheet');
    const typed = new Map([...list.querySelectorAll('input')].map((input) => [input.name, input.value]));
    list.innerHTML = '';
    for (const q of questions) {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const input = Object.assign(document.createElement('input'), { name: q.id, id: `answer-${q.id}`, autocomplete: 'off', spellcheck: false, value: typed.get(q.id) ?? '' });
      label.append(Object.assign(document.createElement('span'), { textContent: q.prompt }), input);
      const hint = Object.assign(document.createElement('p'), { textContent: `${q.where}; Wireshark: ${q.filter}` });
      const note = Object.assign(document.createElement('p'), { id: `note-${q.id}` });
      note.setAttribute('aria-live', 'polite');
      li.append(label, hint, note);
      list.append(li);
    }
    $('worksheet-form').hidden = questions.length === 0;
  } catch (error) {
    showError(error);
  }
}

/** One question's result: right or wrong and where to look; the expected answer only once revealed. */
function resultNote(q) {
  if (q.correct) return `✔ ${t().right}`;
  const verdict = q.answered ? t().wrong : t().notAnswered;
  return q.expected === undefined ? `✘ ${verdict} — ${t().lookAt}: ${q.where}` : `✘ ${verdict}: ${t().expected} ${q.expected} — ${q.reason}`;
}

async function checkAnswers() {
  showError(null);
  const answers = Object.fromEntries([...$('worksheet').querySelectorAll('input')].map((input) => [input.name, input.value]));
  try {
    const result = await api('POST', '/api/lab/answers', { answers, lang: view.lang });
    // The capture grew since the questions were loaded: show the questions it now answers too.
    if (result.questions.some((q) => !$(`note-${q.id}`))) await loadWorksheet();
    showRevealed(result.revealed);
    const notes = [t().score(result.score, result.total)];
    if (!result.recorded) notes.push(t().notRecorded);
    if (result.ignored.length) notes.push(t().notOnWorksheet(result.ignored.join(', ')));
    $('worksheet-score').textContent = notes.join(' ');
    for (const q of result.questions) {
      const note = $(`note-${q.id}`);
      if (note) note.textContent = resultNote(q);
    }
  } catch (error) {
    showError(error);
  }
}

async function run(command) {
  showError(null);
  try {
    await api('POST', '/api/lab/command', { command });
  } catch (error) {
    showError(error);
  }
}

function joined(me) {
  $('join').hidden = true;
  $('lab').hidden = false;
  $('who').textContent = me.name;
  view.state = me.lab.state;
  renderStatus(me.lab.position);
  follow();
}

async function main() {
  const config = await api('GET', '/api/config');
  view.lang = localStorage.getItem('tcp-lab-lang') ? language() : config.lang;
  $('code-label').hidden = !config.codeRequired;
  $('code').required = config.codeRequired;
  for (const name of config.presets) $('preset').append(new Option(name, name));
  translate();
  const me = await api('GET', '/api/me');
  if (me.name !== null) joined(me);
  $('join-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(null);
    try {
      joined(await api('POST', '/api/join', { name: $('name').value, code: $('code').value }));
    } catch (error) {
      showError(error);
    }
  });
  $('start').addEventListener('click', () => api('POST', '/api/lab').catch(showError));
  $('end').addEventListener('click', () => api('DELETE', '/api/lab').catch(showError));
  for (const button of document.querySelectorAll('[data-verb]')) {
    button.addEventListener('click', () => {
      const verb = button.dataset.verb;
      const text = verb === 'send' ? ` ${$('message').value}` : '';
      run(`${button.dataset.side === 'server' ? 'server ' : ''}${verb}${text}`);
    });
  }
  $('command-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run($('command').value);
    $('command').select();
  });
  $('preset-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(null);
    try {
      // Its verdicts arrive on the stream, as a result in the reader's language.
      await api('POST', '/api/lab/scenario', { scenario: $('preset').value });
    } catch (error) {
      showError(error);
    }
  });
  $('load-worksheet').addEventListener('click', loadWorksheet);
  $('worksheet-form').addEventListener('submit', (e) => {
    e.preventDefault();
    checkAnswers();
  });
  $('prev').addEventListener('click', () => select(view.current - 1));
  $('next').addEventListener('click', () => select(view.current + 1));
  $('slider').addEventListener('input', () => select(Number($('slider').value)));
  $('follow').addEventListener('click', () => select(view.packets.length - 1));
  $('lang').addEventListener('click', () => {
    view.lang = view.lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('tcp-lab-lang', view.lang);
    translate();
  });
}

main().catch(showError);
