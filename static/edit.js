// Editing: every change goes through write() (one at a time, If-Match on
// the version shown), refused writes are explained by their code, and
// deletions can be undone. What was typed is kept as a draft until the
// server has it.
import { S, fn, rel, fname, mpath, remember } from './state.js';
import { request, ApiError, describe } from './api.js';
import { t, ratingWord } from './i18n.js';
import { $, showAlert, showError, toast, announce } from './dom.js';
import { reload, labelSVG, diagramItem } from './view.js';
import { renderAll, renderLists, renderSelection, renderAttention, renderAbout } from './panels.js';
import { between, clone, undoDelete, pinned } from './doc.js';
import { showMode, openFailed } from './app.js';

let queue = Promise.resolve();
// write runs one change after the ones before it, with If-Match on the
// version the page holds, then reloads. A refused write reloads and tells
// the user why.
export function write(call, { reload: again = true } = {}) {
  const p = queue.then(async () => {
    try {
      const res = await call(S.version);
      if (res.version) S.version = res.version;
      if (again) await reload(res.version || Infinity);
      return res;
    } catch (err) {
      await refused(err);
      throw err;
    }
  });
  queue = p.catch(() => {});
  return p;
}

export const send = (method, suffix, body) => (v) => request(method, mpath(suffix), { token: S.token, body, ifMatch: v });

// refused deals with a change the server turned down, by the error's code,
// and tells the user why.
export async function refused(err) {
  const code = err instanceof ApiError ? err.code : '';
  if (code === 'version_mismatch' || code === 'not_found') {
    try { await reload(); } catch (e2) { console.warn(e2); }
  } else if (code === 'read_only') {
    becomeReadOnly();
  } else if (code === 'forbidden' && S.canEdit) {
    // A server from before read_only answers a view token's write with
    // forbidden, as it answers a token that opens nothing (or a map that
    // is gone): whether the token still reads the map tells them apart.
    try {
      await reload();
    } catch (e2) {
      if (e2 instanceof ApiError && e2.code === 'forbidden') openFailed(describe(e2));
      else showError(err);
      return;
    }
    becomeReadOnly();
    err = new ApiError(err.status, 'read_only', err.message, err.details);
  }
  showError(err);
}

// becomeReadOnly turns the page into a viewer's page: its token reads the
// map but cannot change it (a view link opened as an edit link). The
// address and the list of maps in this browser say so from now on.
export function becomeReadOnly() {
  if (!S.canEdit) return;
  S.canEdit = false;
  S.demoted = true;
  S.viewToken = S.token;
  S.editToken = '';
  history.replaceState(null, '', location.pathname + location.search + '#view=' + S.token);
  if (S.map) {
    remember({ id: S.id, view: S.viewToken, edit: null });
    renderAll();
  }
  showMode();
}

export function select(kind, id, { focus = false } = {}) {
  S.selected = id ? { kind, id } : null;
  labelSVG();
  renderLists();
  renderSelection();
  renderAttention();
  if (focus && id) diagramItem(kind + ':' + id)?.focus({ preventScroll: true });
}

// reveal brings the selection's details and rating buttons into view: in
// the tools column on a wide screen, on the page on a phone.
export function reveal() {
  const target = S.selected?.kind === 'r' ? $('sel-relation') : $('selection');
  const panel = $('panel');
  if (getComputedStyle(panel).overflowY === 'auto' && panel.scrollHeight > panel.clientHeight) {
    const box = target.getBoundingClientRect(), pb = panel.getBoundingClientRect();
    if (box.top < pb.top || box.bottom > pb.bottom) panel.scrollBy({ top: box.top - pb.top - 16, behavior: 'instant' });
    return;
  }
  const r = target.getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) target.scrollIntoView({ block: r.height > innerHeight ? 'start' : 'nearest', behavior: 'instant' });
}

export async function addFunction(name, group) {
  const { data } = await write(send('POST', '/functions', group ? { name, group } : { name }));
  toast(t('added', { name: data.name }));
}

export async function connect(a, b) {
  const existing = between(S.map, a, b);
  if (existing) {
    select('r', existing.id);
    toast(t('alreadyConnected', { a: fname(a), b: fname(b) }));
    return;
  }
  const { data } = await write(send('POST', '/relations', { a, b }));
  select('r', data.id);
  reveal();
  toast(t('connected', { a: fname(a), b: fname(b) }));
}

export async function rate(rid, n) {
  const r = rel(rid);
  if (!r || !S.canEdit) return;
  await write(send('PATCH', '/relations/' + encodeURIComponent(rid), { rating: n || null }));
  announce(t('rated', { a: fname(r.a), b: fname(r.b), rating: ratingWord(n) }));
}

// saveNote saves the note typed for relation rid; the draft goes only
// once the server has it, so a refused save (a conflict, no network)
// leaves the text where it was.
export async function saveNote(rid) {
  const value = $('note').value;
  await write(send('PATCH', '/relations/' + encodeURIComponent(rid), { note: value }));
  S.drafts?.clear('note:' + rid);
  renderSelection();
  toast(t('noteSaved'));
}

// remove deletes a function (with its relations) or a relation and offers
// to undo: the map is put back as it was, with the same ids in the same
// order, so colours and places come back too.
export async function remove(kind, id) {
  const before = clone(S.map);
  await write(send('DELETE', (kind === 'f' ? '/functions/' : '/relations/') + encodeURIComponent(id)));
  const plan = undoDelete(before, kind, id);
  const after = S.version;
  select(null);
  toast(t('deleted', { name: plan.name }), () => undo(plan, after).catch(() => {}));
}

async function undo(plan, after) {
  if (S.version === after) {
    await write(send('PUT', '', plan.document));
  } else {
    for (const [i, [suffix, body]] of plan.steps.entries()) {
      await write(send('POST', suffix, body), { reload: i === plan.steps.length - 1 });
    }
  }
  toast(t('restored', { name: plan.name }));
}

export async function makeCenter(id) {
  await write(send('PATCH', '/functions/' + encodeURIComponent(id), { center: true }));
  toast(t('centerSet', { name: fname(id) }));
}

// relayout starts the map's layout afresh ("Opstil automatisk igen"): the
// server releases every function placed by hand and forgets the layout it
// remembered, in one change, so the automatic layout chosen shows anew.
export async function relayout() {
  await write(send('POST', '/layout/reset'));
  toast(t('relaidOut'));
}

export async function moveTo(id, x, y) {
  await write(send('PATCH', '/functions/' + encodeURIComponent(id), { x, y }));
  announce(t('moved', { name: fname(id) }));
}

export async function saveAbout() {
  const m = S.map;
  const next = { title: $('about-title').value.trim(), task: $('about-task').value.trim(), description: $('about-desc').value.trim() };
  if (!next.title) { showAlert(t('titleRequired')); $('about-title').focus(); return; }
  const body = Object.fromEntries(Object.entries(next).filter(([k, v]) => v !== (m[k] || '')));
  const clear = () => { for (const k of ['about-title', 'about-task', 'about-desc']) S.drafts?.clear(k); };
  if (!Object.keys(body).length) { clear(); renderAbout(); toast(t('noChange')); return; }
  await write(send('PATCH', '', body));
  clear();
  renderAbout();
  remember({ id: S.id, title: S.map.title });
  toast(t('aboutSaved'));
}

export const selectedFunction = () => (S.selected?.kind === 'f' ? fn(S.selected.id) : null);
