// The facilitator's side of a rating round, in the map page's tools:
// start a round, show its join link and QR code (full screen), watch the
// count of participants and answers per function as they come (the event
// stream's "round" events: counts only), close it, and show the result map
// in presentation (map.svg?round=…: the round's medians as the ratings).
//
// Signals for tests and tools:
//   #rounds[data-open]          the id of the open round, "" when none
//   #rounds[data-participants]  participants of the open round
//   #rounds[data-answers]       relations they answered
//   #diagram[data-round]        the round whose result the diagram shows
import { S, mpath } from './state.js';
import { request, ApiError } from './api.js';
import { t, num, locale } from './i18n.js';
import { $, text, showAlert, showError, toast, announce } from './dom.js';
import { relationsOf } from './doc.js';
import { startPresenting } from './present.js';

let live = null; // the open round: {round, progress, joinURL}

export function bindRounds() {
  const sel = $('round-min');
  sel.replaceChildren(...Array.from({ length: 10 }, (_, i) => {
    const o = document.createElement('option');
    o.value = String(i + 1);
    return o;
  }));
  sel.value = '3';
  labelMin();
  $('round-form').addEventListener('submit', (e) => { e.preventDefault(); startRound().catch(showError); });
  $('btn-round-close').addEventListener('click', () => closeRound().catch(showError));
  $('btn-round-qr').addEventListener('click', () => showRoundQR().catch(showError));
  $('round-list').addEventListener('click', (e) => {
    const show = e.target.closest('[data-round-show]');
    if (show) showResult(show.dataset.roundShow).catch(showError);
    const del = e.target.closest('[data-round-delete]');
    if (del) deleteRound(del.dataset.roundDelete).catch(showError);
  });
  $('qr-dialog').addEventListener('close', () => $('qr-dialog').classList.remove('qr-full'));
}

function labelMin() {
  for (const o of $('round-min').options) o.textContent = t('roundMinGroupUnit', { n: o.value });
}

// relabel puts the panel in the page's language.
export function relabelRounds() {
  labelMin();
  renderList();
  renderLive();
}

export async function loadRounds() {
  try {
    S.rounds = (await request('GET', mpath('/rounds'), { token: S.token })).data.rounds || [];
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) { $('rounds').hidden = true; return; }
    throw err;
  }
  const open = S.rounds.find((r) => r.status === 'open');
  if (open) {
    const { data } = await request('GET', mpath('/rounds/' + encodeURIComponent(open.id)), { token: S.token });
    live = { round: data, progress: data.progress, joinURL: data.join_url || '' };
  } else {
    live = null;
  }
  renderList();
  renderLive();
}

async function startRound() {
  const title = $('round-name').value.trim();
  if (!title) { showAlert(t('roundTitleRequired')); $('round-name').focus(); return; }
  const body = { title, min_group: Number($('round-min').value) };
  if ($('round-dimensions').checked) body.questions = ['overall', 'samarbejde', 'videndeling', 'kendskab', 'problemloesning', 'innovation', 'respekt'];
  const btn = $('round-form').querySelector('button[type=submit]');
  btn.disabled = true;
  try {
    await request('POST', mpath('/rounds'), { token: S.token, body });
    $('round-name').value = '';
    await loadRounds();
    toast(t('roundStarted', { title }));
  } finally {
    btn.disabled = false;
  }
}

async function closeRound() {
  if (!live) return;
  const { round } = live;
  if (!await ask(t('roundCloseConfirm', { title: round.title }), t('roundClose'))) return;
  $('btn-round-close').disabled = true;
  try {
    await request('POST', mpath('/rounds/' + encodeURIComponent(round.id) + '/close'), { token: S.token });
    await loadRounds();
    announce(t('roundClosed', { title: round.title }));
    toast(t('roundClosed', { title: round.title }));
  } finally {
    $('btn-round-close').disabled = false;
  }
}

async function deleteRound(rid) {
  const r = (S.rounds || []).find((x) => x.id === rid);
  if (!r || !await ask(t('roundDeleteConfirm', { title: r.title }), t('roundDelete'))) return;
  await request('DELETE', mpath('/rounds/' + encodeURIComponent(rid)), { token: S.token });
  await loadRounds();
  toast(t('roundDeleted', { title: r.title }));
}

// ask asks the facilitator to confirm what cannot be undone, in the
// page's own dialog; it resolves true for yes.
function ask(question, yes) {
  const d = $('round-confirm');
  $('round-confirm-text').textContent = question;
  $('round-confirm-ok').textContent = yes;
  d.returnValue = '';
  d.showModal();
  return new Promise((done) => d.addEventListener('close', () => done(d.returnValue === 'ok'), { once: true }));
}

// showRoundQR shows the join link's QR code over the whole screen, for
// the room to scan.
async function showRoundQR() {
  if (!live) return;
  const { response } = await request('GET', mpath('/rounds/' + encodeURIComponent(live.round.id) + '/qr.svg'), { token: S.token, raw: true });
  const url = URL.createObjectURL(await response.blob());
  const img = new Image();
  img.src = url;
  img.alt = t('roundQRTitle', { title: live.round.title });
  img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
  $('qr-box').replaceChildren(img);
  $('qr-h').textContent = t('roundQRTitle', { title: live.round.title });
  $('qr-link').textContent = live.joinURL;
  $('qr-dialog').classList.add('qr-full');
  $('qr-dialog').showModal();
}

// onRoundEvent takes a "round" event of the stream: new counts of the open
// round, or a round that started, closed or went.
export function onRoundEvent(progress) {
  if (live && progress.round_id === live.round.id && progress.status === 'open') {
    live.progress = progress;
    renderLive();
    return;
  }
  loadRounds().catch(showError);
}

function renderLive() {
  const box = $('round-live');
  const root = $('rounds');
  if (!live) {
    box.hidden = true;
    root.dataset.open = '';
    $('round-form').hidden = false;
    return;
  }
  const p = live.progress || { participants: 0, answers: 0, functions: [] };
  box.hidden = false;
  $('round-form').hidden = true;
  root.dataset.open = live.round.id;
  root.dataset.participants = String(p.participants);
  root.dataset.answers = String(p.answers);
  $('round-live-title').textContent = live.round.title;
  $('round-live-totals').textContent = t('roundTotals', { participants: num(p.participants), answers: num(p.answers) });
  $('round-link').value = live.joinURL;
  const by = new Map(p.functions.map((f) => [f.function_id, f]));
  const rows = (S.map ? S.map.functions : []).filter((f) => relationsOf(S.map, f.id).length > 0).map((f) => {
    const c = by.get(f.id) || { participants: 0, answers: 0 };
    const expected = c.participants * relationsOf(S.map, f.id).length;
    const tr = document.createElement('tr');
    tr.dataset.functionId = f.id;
    tr.dataset.participants = String(c.participants);
    tr.append(text('th', f.name), text('td', num(c.participants)),
      text('td', c.participants ? t('roundAnswersOf', { answers: num(c.answers), expected: num(expected) }) : '–'));
    tr.firstChild.scope = 'row';
    return tr;
  });
  $('round-live-rows').replaceChildren(...rows);
}

function renderList() {
  const closed = (S.rounds || []).filter((r) => r.status === 'closed').reverse();
  const fmt = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
  $('round-list').replaceChildren(...closed.map((r) => {
    const li = document.createElement('li');
    const info = document.createElement('div');
    info.className = 'snap-info';
    info.append(text('strong', r.title), text('span', fmt.format(new Date(r.closed_at || r.created_at)), 'muted'));
    const show = document.createElement('button');
    show.type = 'button';
    show.className = 'btn btn-small';
    show.dataset.roundShow = r.id;
    show.textContent = t('roundShowResult');
    show.setAttribute('aria-label', t('roundShowResultLabel', { title: r.title }));
    li.append(info, show);
    if (S.canEdit) {
      const del = document.createElement('button');
      del.type = 'button';
      del.className = 'btn btn-small btn-danger';
      del.dataset.roundDelete = r.id;
      del.textContent = t('roundDelete');
      del.setAttribute('aria-label', t('roundDeleteLabel', { title: r.title }));
      li.append(del);
    }
    return li;
  }));
  $('round-list-empty').hidden = (S.rounds || []).length > 0;
}

// showResult presents the map as the round found it, and lists its
// disputed and one-sided relations in the tools.
export async function showResult(rid) {
  const r = (S.rounds || []).find((x) => x.id === rid);
  if (!r) return;
  S.round = r;
  startPresenting();
}

// renderResult lists the round's disputed and one-sided relations from
// the analysis of the round (analysis?round=), as view.js loaded it.
export function renderResult() {
  const box = $('round-result');
  const at = S.round && S.analysis && S.analysis.round;
  if (!at) { box.hidden = true; return; }
  box.hidden = false;
  $('round-result-h').textContent = t('roundResultTitle', { title: S.round.title });
  const lists = [];
  for (const [key, ties] of [['roundDisputed', at.disputed], ['roundOneSided', at.one_sided]]) {
    if (!ties.length) continue;
    const ol = document.createElement('ol');
    ol.className = 'round-ties';
    ol.dataset.kind = key;
    for (const tie of ties) {
      const li = document.createElement('li');
      li.dataset.relationId = tie.relation_id;
      li.append(text('strong', tie.a_name + ' – ' + tie.b_name));
      for (const reason of tie.reasons) li.append(text('span', reason, 'weak-reasons'));
      ol.append(li);
    }
    lists.push(text('h4', t(key)), ol);
  }
  $('round-result-lists').replaceChildren(...lists);
  $('round-result-none').hidden = lists.length > 0;
}
