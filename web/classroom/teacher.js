// The teacher's page: every student's lab, live (polled every two seconds), with their verdicts.
import { TEXT, language, worded } from './i18n.js';

const $ = (id) => document.getElementById(id);
let lang = 'en';
let timer = null;
/** The teacher has revealed the worksheet's answers to the class (the server says so at each poll). */
let revealed = false;
const t = () => TEXT[lang];

async function teacherFetch(path, method = 'GET') {
  const response = await fetch(path, { method, headers: { authorization: `Bearer ${$('token').value}` } });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error ?? response.statusText);
  return response;
}

function showError(error) {
  $('error').hidden = !error;
  $('error').textContent = error ? `${t().errorPrefix}${error.message}` : '';
}

function translate() {
  document.documentElement.lang = lang;
  document.title = t().teacherTitle;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t()[node.dataset.t];
  const head = $('students').tHead.rows[0];
  head.innerHTML = '';
  for (const key of ['name', 'state', 'presets', 'connections', 'first', 'latest', 'attempts', 'active', 'free']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t().columns[key];
    head.append(th);
  }
  showRevealed(revealed);
}

function showRevealed(answersRevealed) {
  revealed = answersRevealed;
  $('reveal').disabled = revealed;
  $('reveal').textContent = revealed ? t().revealed : t().reveal;
}

let shown = '';

async function refresh() {
  try {
    const { students, answersRevealed } = await (await teacherFetch('/api/teacher/students')).json();
    showError(null);
    showRevealed(answersRevealed);
    // Rebuilt only when something changed, and the focused "free" button keeps the focus: a keyboard or
    // screen-reader user is not thrown back to the top of the page by every two-second poll.
    const rendered = JSON.stringify([lang, students]);
    if (rendered === shown) return;
    shown = rendered;
    const focused = document.activeElement?.closest('#students') ? document.activeElement.getAttribute('aria-label') : null;
    const body = $('students').tBodies[0];
    body.innerHTML = '';
    for (const s of students) {
      const row = body.insertRow();
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = s.name;
      row.append(name);
      row.insertCell().textContent = `${t().state[s.state] ?? s.state}${s.position ? ` (${t().position(s.position)})` : ''}${s.reason ? `: ${worded(lang, 'ended', s.reasonCode, s.reasonParams, s.reason)}` : ''}`;
      row.insertCell().textContent = s.presetsRun.join(', ');
      const list = document.createElement('ol');
      for (const verdict of s.connections) list.append(Object.assign(document.createElement('li'), { textContent: verdict }));
      row.insertCell().append(list);
      row.insertCell().textContent = s.worksheet?.first ?? '';
      row.insertCell().textContent = s.worksheet?.latest ?? '';
      row.insertCell().textContent = s.worksheet ? String(s.worksheet.attempts) : '';
      row.insertCell().textContent = new Date(s.lastActivity).toLocaleTimeString(lang);
      const free = Object.assign(document.createElement('button'), { type: 'button', textContent: t().free });
      free.setAttribute('aria-label', `${t().free}: ${s.name}`);
      free.addEventListener('click', () => teacherFetch(`/api/teacher/students/${encodeURIComponent(s.name)}`, 'DELETE').then(refresh, showError));
      row.insertCell().append(free);
      if (free.getAttribute('aria-label') === focused) free.focus();
    }
  } catch (error) {
    showError(error);
  }
}

function main() {
  lang = language();
  translate();
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromUrl) $('token').value = fromUrl;
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearInterval(timer);
    refresh();
    timer = setInterval(refresh, 2000);
  });
  if (fromUrl) $('token-form').requestSubmit();
  $('csv').addEventListener('click', async () => {
    try {
      const blob = await (await teacherFetch('/api/teacher/students.csv')).blob();
      const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: 'students.csv' });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      showError(error);
    }
  });
  $('reveal').addEventListener('click', async () => {
    if (!confirm(t().revealConfirm)) return;
    try {
      showRevealed((await (await teacherFetch('/api/teacher/reveal-answers', 'POST')).json()).answersRevealed);
    } catch (error) {
      showError(error);
    }
  });
  $('lang').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('tcp-lab-lang', lang);
    translate();
    refresh();
  });
}

main();
