// The participants' page of a rating round (/r/{rid}#join=TOKEN), made for
// a phone: "Hvem er du?" (the function one answers for), then one relation
// at a time with big Høj / Middel / Lav / Ved ikke buttons, the optional
// dimension questions, "3 af 7", back and change; a reload picks up where
// the participant was (the participant token is kept in sessionStorage);
// a closed round says thank you. The state is answers.js.
//
// What the page is doing shows in attributes, for tests to wait on:
//   #view-round[data-step]     loading, who, ask, done, closed or error
//   #view-round[data-pending]  answers not yet stored by the server
import { t } from './i18n.js';
import { request, ApiError, describe } from './api.js';
import { $, text } from './dom.js';
import * as A from './answers.js';

let rid = '', token = '', st = null, round = null, invite = null, joinTok = '', storage = null;
const queue = new Map(); // relation id → the newest body not yet sent
const busy = new Set(); // relations with a PUT in flight
const rpath = (suffix) => '/api/v1/rounds/' + encodeURIComponent(rid) + suffix;

export async function participantPage(id, setOnLanguage) {
  rid = id;
  document.body.classList.add('round-page-open');
  $('view-round').hidden = false;
  try { storage = sessionStorage; } catch { storage = null; }
  setOnLanguage(render);
  bind();
  setPending();
  step('loading');
  const kept = storage && A.saved(storage, rid);
  if (kept) {
    try {
      const { data } = await request('GET', rpath('/me'), { token: kept.token });
      token = kept.token;
      start(data);
      return;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 403)) { fail(describe(err)); return; }
      A.forget(storage, rid); // a deleted round, or a token from elsewhere: join again
    }
  }
  joinTok = A.joinToken(location.hash);
  if (!joinTok) { fail(t('roundNoToken')); return; }
  try {
    invite = (await request('GET', rpath(''), { token: joinTok })).data;
    round = invite.round;
    render();
  } catch (err) {
    fail(describe(err));
  }
}

function step(name) { $('view-round').dataset.step = name; }

function fail(msg) {
  $('round-error').textContent = msg;
  step('error');
  render();
}

// start shows the participant's part (the reply to joining or to /me).
function start(me) {
  round = me.round;
  st = { ...A.newState(me), map_title: me.map_title };
  render();
}

async function joinAs(from, button) {
  button.disabled = true;
  try {
    const { data } = await request('POST', rpath('/participants'), { token: joinTok, body: { from } });
    token = data.participant_token;
    if (storage) A.save(storage, rid, { token, from });
    start(data);
    $('round-question').focus();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'conflict') { fail(t('roundFull')); return; }
    if (err instanceof ApiError && err.code === 'round_closed') { round = { ...round, status: 'closed' }; render(); return; }
    fail(describe(err));
  } finally {
    button.disabled = false;
  }
}

// render draws the step the state is in.
function render() {
  const v = $('view-round');
  if (v.dataset.step === 'error') { show('round-error-box'); return; }
  if (!round) { show('round-loading'); return; }
  $('round-title').textContent = round.title;
  $('round-map').textContent = (invite || st || {}).map_title || '';
  if (round.status !== 'open') { step('closed'); show('round-closed'); return; }
  if (!st) { step('who'); show('round-who'); renderWho(); return; }
  if (A.done(st)) { step('done'); show('round-done'); renderDone(); return; }
  step('ask');
  show('round-ask');
  renderAsk();
}

function show(id) {
  for (const part of ['round-loading', 'round-who', 'round-ask', 'round-done', 'round-closed', 'round-error-box']) $(part).hidden = part !== id;
}

function renderWho() {
  $('round-who-hint').textContent = t('roundWhoHint', { n: round.min_group });
  $('round-functions').replaceChildren(...invite.functions.map((f) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn round-choice';
    b.dataset.from = f.id;
    b.append(text('strong', f.name), text('span', t('roundWhoRelations', { n: f.relations }), 'muted'));
    const li = document.createElement('li');
    li.append(b);
    return li;
  }));
}

// question puts "Hvordan oplever du samarbejdet med {name}?" in the
// heading, the name in bold.
function question(name) {
  const [before, after = ''] = t('roundQuestion', { name: '\u0000' }).split('\u0000');
  $('round-question').replaceChildren(before, text('strong', name), after);
}

function renderAsk() {
  const rel = A.current(st);
  const p = A.progress(st);
  $('round-progress').textContent = t('roundProgress', { position: p.position, total: p.total });
  $('round-bar').max = p.total;
  $('round-bar').value = p.answered;
  question(rel.to_name);
  const mine = st.answers[rel.relation_id] || {};
  pressed($('round-overall'), mine, A.OVERALL);
  const dims = A.dimensions(st);
  $('round-dims').hidden = dims.length === 0;
  $('round-dim-list').replaceChildren(...dims.map((q) => {
    const fs = document.createElement('fieldset');
    fs.className = 'round-dim';
    fs.dataset.question = q;
    fs.append(text('legend', t('q_' + q)));
    for (const [value, word] of [[1, 'rating1'], [2, 'rating2'], [3, 'rating3'], [null, 'roundDontKnow']]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn round-dim-btn' + (value ? ' rate rate-' + value : ' rate rate-0');
      b.dataset.answer = value === null ? 'null' : String(value);
      b.textContent = t(word);
      fs.append(b);
    }
    pressed(fs, mine, q);
    return fs;
  }));
  $('round-back').disabled = st.index === 0;
  $('round-next').disabled = !A.answered(st, rel.relation_id);
}

// pressed marks the button of box that holds the answer to q.
function pressed(box, mine, q) {
  const has = Object.prototype.hasOwnProperty.call(mine, q);
  for (const b of box.querySelectorAll('[data-answer]')) {
    b.setAttribute('aria-pressed', String(has && String(mine[q]) === b.dataset.answer));
  }
}

function renderDone() {
  $('round-summary').replaceChildren(...st.relations.map((r) => {
    const li = document.createElement('li');
    const a = st.answers[r.relation_id];
    const word = !A.answered(st, r.relation_id) ? t('roundNotAnswered')
      : a.overall === null ? t('roundDontKnow') : t('rating' + a.overall);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-small';
    b.dataset.change = r.relation_id;
    b.textContent = t('roundChange');
    b.setAttribute('aria-label', t('roundChangeLabel', { name: r.to_name }));
    li.append(text('span', r.to_name), text('strong', word), b);
    return li;
  }));
}

// choose stores one answer: at once in the page, then on the server.
function choose(q, value) {
  const rel = A.current(st);
  if (!rel) return;
  const { state, body } = A.answer(st, rel.relation_id, q, value);
  st = state;
  send(rel.relation_id, body);
  if (q === A.OVERALL && A.advancesAlone(st)) st = A.next(st);
  render();
  if (q === A.OVERALL && A.advancesAlone(st)) $('round-question').focus();
}

function setPending() {
  $('view-round').dataset.pending = String(queue.size + busy.size);
  $('round-saving').textContent = queue.size + busy.size ? t('roundSaving') : '';
}

// send puts the newest answers about a relation to the server, one request
// at a time per relation, again after a failure that may pass (a lost
// connection, the server busy or over a limit).
function send(relID, body) {
  queue.set(relID, body);
  setPending();
  if (!busy.has(relID)) flush(relID, 1);
}

async function flush(relID, attempt) {
  const body = queue.get(relID);
  if (!body) { setPending(); return; }
  queue.delete(relID);
  busy.add(relID);
  setPending();
  try {
    await request('PUT', rpath('/responses/' + encodeURIComponent(relID)), { token, body });
    $('round-retry').hidden = true;
    busy.delete(relID);
    flush(relID, 1);
  } catch (err) {
    busy.delete(relID);
    if (err instanceof ApiError && err.code === 'round_closed') {
      queue.clear();
      round = { ...round, status: 'closed' };
      setPending();
      render();
      return;
    }
    const again = err instanceof ApiError && (err.status === 0 || err.status === 429 || err.status >= 500);
    if (!again) { setPending(); fail(describe(err)); return; }
    if (!queue.has(relID)) queue.set(relID, body);
    $('round-retry').hidden = false;
    setPending();
    const wait = A.retryDelay(attempt, err.retryAfter);
    setTimeout(() => { if (!busy.has(relID)) flush(relID, attempt + 1); }, wait);
  }
}

function bind() {
  $('round-functions').addEventListener('click', (e) => {
    const b = e.target.closest('[data-from]');
    if (b) joinAs(b.dataset.from, b);
  });
  $('round-overall').addEventListener('click', (e) => {
    const b = e.target.closest('[data-answer]');
    if (b) choose(A.OVERALL, b.dataset.answer === 'null' ? null : Number(b.dataset.answer));
  });
  $('round-dim-list').addEventListener('click', (e) => {
    const b = e.target.closest('[data-answer]');
    const fs = b && b.closest('[data-question]');
    if (fs) choose(fs.dataset.question, b.dataset.answer === 'null' ? null : Number(b.dataset.answer));
  });
  $('round-back').addEventListener('click', () => { st = A.back(st); render(); $('round-question').focus(); });
  $('round-next').addEventListener('click', () => { st = A.next(st); render(); focusStep(); });
  $('round-summary').addEventListener('click', (e) => {
    const b = e.target.closest('[data-change]');
    if (b) { st = A.goTo(st, b.dataset.change); render(); $('round-question').focus(); }
  });
}

function focusStep() {
  if (A.done(st)) $('round-done-h').focus();
  else $('round-question').focus();
}
