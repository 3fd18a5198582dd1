// The workshop page: the front page (create a map, maps opened before) and
// the map page (build, rate, arrange, present, share, download). The diagram
// is the server's SVG, inlined and made interactive through its
// data-function-id / data-relation-id hooks.
//
// What the page is doing shows in attributes, for tests and tools to wait on
// (never a fixed delay):
//   body[data-live]        the live-update stream: "connecting" (also while
//                          the browser reconnects), "open", or "lost" (closed
//                          for good: refused by the server, or the map deleted)
//   #diagram[data-version] the map version whose diagram and panels are shown,
//                          set after each complete render
//   #diagram[aria-busy]    "true" while the map is being (re)loaded
import { t, setLang, getLang, translatePage, ratingWord, num, locale } from './i18n.js';
import { request, ApiError, describe } from './api.js';
import { slug, dispositionName } from './filename.js';

const $ = (id) => document.getElementById(id);
const api = '/api/v1/maps';

// ---- Things kept in this browser only --------------------------------------

const RECENT = 'relationskort.maps';
const prefs = {
  get(k, d) { try { return localStorage.getItem('relationskort.' + k) ?? d; } catch { return d; } },
  set(k, v) { try { localStorage.setItem('relationskort.' + k, v); } catch { /* private mode */ } },
};

function recentMaps() {
  try { return JSON.parse(localStorage.getItem(RECENT) || '[]').filter((m) => m && m.id); } catch { return []; }
}

// remember keeps what entry says about a map: empty values leave the kept
// ones as they are, null removes them.
function remember(entry) {
  const list = recentMaps();
  const merged = { ...(list.find((m) => m.id === entry.id) || {}), seen: Date.now() };
  for (const [k, v] of Object.entries(entry)) {
    if (v === null) delete merged[k];
    else if (v) merged[k] = v;
  }
  const rest = list.filter((m) => m.id !== entry.id);
  try { localStorage.setItem(RECENT, JSON.stringify([merged, ...rest].slice(0, 50))); } catch { /* full */ }
  return merged;
}

function forget(id) {
  try { localStorage.setItem(RECENT, JSON.stringify(recentMaps().filter((m) => m.id !== id))); } catch { /* */ }
}

function mapLink(id, kind, token) {
  return location.origin + '/m/' + encodeURIComponent(id) + '#' + kind + '=' + token;
}

// ---- Messages ------------------------------------------------------------------

function showAlert(text) {
  $('alert-text').textContent = text;
  $('alert').hidden = false;
}

$('alert-close').addEventListener('click', () => { $('alert').hidden = true; });

function showError(err) {
  console.warn(err);
  showAlert(describe(err));
}

let toastTimer = 0;
function toast(text, undo) {
  clearTimeout(toastTimer);
  $('toast-text').textContent = text;
  const btn = $('toast-undo');
  btn.hidden = !undo;
  btn.onclick = undo ? () => { $('toast').hidden = true; undo(); } : null;
  $('toast').hidden = false;
  toastTimer = setTimeout(() => { $('toast').hidden = true; }, undo ? 10000 : 3500);
}

function announce(text) { $('live').textContent = text; }

async function copyFrom(input) {
  const text = input.value;
  if (!text) return;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    input.select();
    if (!document.execCommand('copy')) { showAlert(t('copyFailed')); return; }
  }
  toast(t('copied'));
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('[data-copy]');
  if (b) copyFrom($(b.dataset.copy));
});

// ---- Language ---------------------------------------------------------------------

let onLanguage = () => {};
function applyLang() {
  translatePage();
  const b = $('btn-lang');
  b.textContent = t('langButton');
  b.lang = t('langButtonLang');
  onLanguage();
}
$('btn-lang').addEventListener('click', () => {
  setLang(getLang() === 'da' ? 'en' : 'da');
  prefs.set('lang', getLang());
  applyLang();
});

// ---- Front page ----------------------------------------------------------------------

function front() {
  $('view-front').hidden = false;
  renderRecent();
  onLanguage = renderRecent;
  $('create-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = $('create-title').value.trim();
    if (!title) { showAlert(t('titleRequired')); $('create-title').focus(); return; }
    const btn = e.submitter || e.target.querySelector('button');
    btn.disabled = true;
    try {
      const { data } = await request('POST', api, { body: { title, task: $('create-task').value.trim() } });
      remember({ id: data.id, title: data.title, edit: data.edit_token, view: data.view_token });
      $('created-edit').value = data.edit_url;
      $('created-view').value = data.view_url;
      $('created-open').href = '/m/' + encodeURIComponent(data.id) + '#edit=' + data.edit_token;
      $('created').hidden = false;
      $('alert').hidden = true;
      $('created-h').focus();
      renderRecent();
    } catch (err) {
      showError(err);
    } finally {
      btn.disabled = false;
    }
  });
}

function renderRecent() {
  const list = recentMaps().sort((a, b) => b.seen - a.seen);
  const ul = $('recent-list');
  ul.replaceChildren();
  $('recent-empty').hidden = list.length > 0;
  for (const m of list) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '/m/' + encodeURIComponent(m.id) + (m.edit ? '#edit=' + m.edit : '#view=' + m.view);
    a.textContent = m.title || t('untitled');
    const kind = document.createElement('span');
    kind.className = 'muted';
    kind.textContent = m.edit ? t('canEdit') : t('canView');
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'btn btn-quiet btn-small';
    del.textContent = t('forget');
    del.setAttribute('aria-label', t('forgetLabel', { title: m.title || t('untitled') }));
    del.addEventListener('click', () => { forget(m.id); renderRecent(); });
    li.append(a, kind, del);
    ul.append(li);
  }
}

// ---- Map page: state ----------------------------------------------------------------------

const S = {
  id: '', token: '', canEdit: false, editToken: '', viewToken: '',
  demoted: false, // the "edit" link's token turned out to be a view token
  map: null, version: 0, analysis: null,
  layoutChoice: prefs.get('layout', 'circle'), palette: prefs.get('palette', 'traffic'),
  selected: null, // {kind: 'f' | 'r', id}
  presenting: false, serverPanel: false, snapshots: [],
};

const fn = (id) => S.map.functions.find((f) => f.id === id);
const rel = (id) => S.map.relations.find((r) => r.id === id);
const fname = (id) => (fn(id) || { name: id }).name;
const layout = () => (S.map && S.map.functions.some((f) => f.x != null) ? 'manual' : S.layoutChoice);
const mpath = (suffix = '') => api + '/' + encodeURIComponent(S.id) + suffix;

// ---- Loading --------------------------------------------------------------------------------

let loading = null, wanted = 0, shownVersion = 0;
// reload fetches the map and its diagram and shows them; given a version,
// only if that version is not shown yet. A call while one runs makes it run
// once more if it wants more than that run fetched: the page always ends on
// the newest version, and a write and the event announcing it load the map
// once, not twice (a second load would replace the diagram under the
// user's pointer).
function reload(version = Infinity) {
  wanted = Math.max(wanted, version);
  if (loading) return loading;
  if (wanted <= shownVersion) { wanted = 0; return Promise.resolve(); }
  $('diagram').setAttribute('aria-busy', 'true');
  loading = (async () => {
    while (wanted > shownVersion) {
      wanted = 0;
      await loadOnce();
    }
  })().finally(() => {
    loading = null;
    wanted = 0;
    $('diagram').removeAttribute('aria-busy');
  });
  return loading;
}

async function loadOnce() {
  const { data, version } = await request('GET', mpath(), { token: S.token });
  const shown = version || data.version;
  S.map = data;
  S.version = shown;
  if (S.selected && !(S.selected.kind === 'f' ? fn(S.selected.id) : rel(S.selected.id))) S.selected = null;
  await Promise.all([loadSVG(), loadAnalysis()]);
  renderAll();
  shownVersion = shown;
  $('diagram').dataset.version = String(shown);
}

function svgQuery(extra = {}) {
  const q = new URLSearchParams({ layout: layout(), palette: S.palette, format: 'screen', lang: getLang(), ...extra });
  return q.toString();
}

async function loadSVG() {
  const extra = S.presenting ? { panel: 'attention' } : {};
  const { response } = await request('GET', mpath('/map.svg?' + svgQuery(extra)), { token: S.token, raw: true });
  const svg = parseSVG(await response.text());
  // The server draws the attention panel itself once it knows panel=attention;
  // until then the page shows its own beside the diagram.
  S.serverPanel = S.presenting && hasPanel(svg);
  document.body.classList.toggle('server-panel', S.serverPanel);
  mountSVG(svg);
}

function hasPanel(svg) {
  return !!svg.querySelector('[data-panel], g.panel, g.attention, .attention-panel');
}

// parseSVG turns the server's SVG text into DOM nodes (never innerHTML) and
// drops anything active, as a second line of defence behind the server's
// escaping and the page's CSP.
function parseSVG(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.querySelector('parsererror')) throw new ApiError(500, 'internal', 'bad svg');
  for (const bad of root.querySelectorAll('script, foreignObject, iframe')) bad.remove();
  for (const node of [root, ...root.querySelectorAll('*')]) {
    for (const a of [...node.attributes]) {
      if (/^on/i.test(a.name) || (/href$/i.test(a.name) && /^\s*javascript:/i.test(a.value))) node.removeAttribute(a.name);
    }
  }
  return document.importNode(root, true);
}

async function loadAnalysis() {
  try {
    S.analysis = (await request('GET', mpath('/analysis?lang=' + getLang()), { token: S.token })).data;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code === 'not_found') { S.analysis = null; return; }
    throw err;
  }
}

function mountSVG(svg) {
  const box = $('diagram');
  const focused = document.activeElement && box.contains(document.activeElement)
    ? document.activeElement.closest('[data-function-id], [data-relation-id]') : null;
  const focusKey = focused && (focused.dataset.functionId ? 'f:' + focused.dataset.functionId : 'r:' + focused.dataset.relationId);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', t('diagramLabel', { title: S.map.title }));
  svg.classList.add('map-svg');
  for (const g of svg.querySelectorAll('g.relation[data-relation-id]')) {
    const line = g.querySelector('line');
    if (line) { // a wide invisible twin makes thin lines easy to hit
      const hit = line.cloneNode(false);
      hit.setAttribute('class', 'hit');
      hit.removeAttribute('stroke-dasharray');
      g.append(hit);
    }
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
  }
  for (const g of svg.querySelectorAll('g.function[data-function-id]')) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
  }
  box.replaceChildren(svg);
  box.dataset.source = svg.dataset.source || 'server';
  labelSVG();
  if (focusKey) {
    const [k, id] = [focusKey[0], focusKey.slice(2)];
    const el = box.querySelector(k === 'f' ? `[data-function-id="${CSS.escape(id)}"]` : `[data-relation-id="${CSS.escape(id)}"]`);
    if (el) el.focus({ preventScroll: true });
  }
}

function labelSVG() {
  for (const g of $('diagram').querySelectorAll('g.function[data-function-id]')) {
    const f = fn(g.dataset.functionId);
    if (!f) continue;
    g.setAttribute('aria-label', t(f.center ? 'fnLabelCenter' : 'fnLabel', { name: f.name }));
    g.classList.toggle('is-selected', S.selected?.kind === 'f' && S.selected.id === f.id);
  }
  for (const g of $('diagram').querySelectorAll('g.relation[data-relation-id]')) {
    const r = rel(g.dataset.relationId);
    if (!r) continue;
    g.setAttribute('aria-label', t('relLabel', { a: fname(r.a), b: fname(r.b), rating: ratingWord(r.rating) }));
    g.classList.toggle('is-selected', S.selected?.kind === 'r' && S.selected.id === r.id);
  }
}

// ---- Rendering the panels --------------------------------------------------------------------

function renderAll() {
  const m = S.map;
  document.title = (m.title || t('untitled')) + ' – Relationskort';
  $('map-title').textContent = m.title || t('untitled');
  $('map-task').textContent = m.task || '';
  $('layout').value = S.layoutChoice;
  $('palette').value = S.palette;
  document.body.dataset.palette = S.palette;
  renderAbout();
  labelSVG();
  renderLists();
  renderPickers();
  renderSelection();
  renderAttention();
}

const byName = (a, b) => a.name.localeCompare(b.name, getLang());

function renderLists() {
  const fl = $('function-list');
  fl.replaceChildren();
  for (const f of [...S.map.functions].sort(byName)) {
    const b = itemButton('f', f.id);
    b.append(text('span', f.name));
    if (f.group) b.append(text('span', f.group, 'muted'));
    if (f.center) b.append(text('span', t('centerMark'), 'tag'));
    fl.append(li(b));
  }
  if (!S.map.functions.length) fl.append(li(text('span', t('noFunctions'), 'muted')));
  const rl = $('relation-list');
  rl.replaceChildren();
  const rels = [...S.map.relations].sort((x, y) => (y.rating || 0) - (x.rating || 0)
    || (fname(x.a) + fname(x.b)).localeCompare(fname(y.a) + fname(y.b)));
  for (const r of rels) {
    const b = itemButton('r', r.id);
    b.append(text('span', '', 'swatch swatch-' + (r.rating || 0)));
    b.append(text('span', fname(r.a) + ' – ' + fname(r.b)));
    b.append(text('span', ratingWord(r.rating), 'muted'));
    rl.append(li(b));
  }
  if (!S.map.relations.length) rl.append(li(text('span', t('noRelations'), 'muted')));
  const dl = $('groups');
  dl.replaceChildren(...[...new Set(S.map.functions.map((f) => f.group).filter(Boolean))].sort()
    .map((g) => { const o = document.createElement('option'); o.value = g; return o; }));
}

function itemButton(kind, id) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'item';
  b.dataset.select = kind + ':' + id;
  b.setAttribute('aria-pressed', String(S.selected?.kind === kind && S.selected.id === id));
  return b;
}
function text(tag, s, cls) { const e = document.createElement(tag); e.textContent = s; if (cls) e.className = cls; return e; }
function li(child) { const e = document.createElement('li'); e.append(child); return e; }

function renderPickers() {
  // Rebuild only when the functions changed: a rebuild would close a picker
  // someone has open and lose what they typed to pick.
  const sig = getLang() + '|' + [...S.map.functions].sort(byName).map((f) => f.id + '=' + f.name).join('|');
  if (renderPickers.sig === sig) return;
  renderPickers.sig = sig;
  for (const id of ['connect-a', 'connect-b']) {
    const sel = $(id);
    const keep = sel.value;
    const opts = [new Option(t('choose'), '')];
    for (const f of [...S.map.functions].sort(byName)) opts.push(new Option(f.name, f.id));
    sel.replaceChildren(...opts);
    sel.value = fn(keep) ? keep : '';
  }
}

function renderSelection() {
  const s = S.selected;
  $('sel-none').hidden = !!s;
  $('sel-function').hidden = s?.kind !== 'f';
  $('sel-relation').hidden = s?.kind !== 'r';
  if (s?.kind === 'f') {
    const f = fn(s.id);
    $('sel-f-name').textContent = f.name;
    $('sel-f-group').textContent = f.group || '';
    const c = $('btn-center');
    c.textContent = f.center ? t('isCenter') : t('makeCenter');
    c.disabled = !!f.center;
  } else if (s?.kind === 'r') {
    const r = rel(s.id);
    $('sel-r-name').textContent = fname(r.a) + ' – ' + fname(r.b);
    for (const b of document.querySelectorAll('[data-rate]')) {
      b.setAttribute('aria-pressed', String(Number(b.dataset.rate) === (r.rating || 0)));
      b.disabled = !S.canEdit;
    }
    const note = $('note');
    if (document.activeElement !== note || note.dataset.rid !== r.id) { note.value = r.note || ''; note.dataset.rid = r.id; }
    $('sel-r-note').textContent = S.canEdit ? '' : (r.note || '');
  }
}

function renderAttention() {
  const m = S.map, a = S.analysis;
  const count = (n) => m.relations.filter((r) => (r.rating || 0) === n).length;
  const score = a && typeof a.score === 'number' ? a.score : null;
  $('score-value').textContent = score === null ? '–' : num(Math.round(score));
  $('score-hint').textContent = score === null ? t('scoreNone') : t('scoreHint');
  const dl = $('attention-counts');
  const rows = [[t('countFunctions'), m.functions.length, ''], [t('countRelations'), m.relations.length, ''],
    [t('rating1'), count(1), '1'], [t('rating2'), count(2), '2'], [t('rating3'), count(3), '3'], [t('rating0'), count(0), '0']];
  dl.replaceChildren(...rows.flatMap(([k, v, r]) => {
    const dt = document.createElement('dt');
    if (r) dt.append(text('span', '', 'swatch swatch-' + r));
    dt.append(text('span', k));
    return [dt, text('dd', num(v))];
  }));
  // The weakest ties in the order the analysis ranks them (Low before
  // Middle, bridges first), with its reasons; without an analysis, the Low
  // ones by name.
  let weak = a && Array.isArray(a.weakest) ? a.weakest.map((w) => ({
    id: w.relation_id, rating: w.rating, reasons: w.reasons || [], note: w.note || '' }))
    : m.relations.filter((r) => r.rating === 3).map((r) => ({ id: r.id, rating: 3, reasons: [], note: r.note || '' }));
  weak = weak.filter((w) => rel(w.id));
  const shown = weak.slice(0, 5);
  const ol = $('weak-list');
  ol.replaceChildren(...shown.map((w) => {
    const r = rel(w.id);
    const b = itemButton('r', w.id);
    b.classList.add('weak-item');
    const head = document.createElement('span');
    head.className = 'weak-head';
    head.append(text('span', '', 'swatch swatch-' + w.rating), text('strong', fname(r.a) + ' – ' + fname(r.b)),
      text('span', ratingWord(w.rating), 'weak-rating rating-word-' + w.rating));
    b.append(head);
    if (w.reasons.length) b.append(text('span', w.reasons.join(' · '), 'weak-reasons'));
    if (w.note) b.append(text('span', w.note, 'weak-note'));
    return li(b);
  }));
  if (weak.length > shown.length) ol.append(li(text('span', t('weakMore', { n: num(weak.length - shown.length) }), 'muted')));
  $('weak-empty').hidden = weak.length > 0;
}

// ---- Title, task and description ------------------------------------------------------------

let aboutDirty = false;
function renderAbout() {
  const m = S.map;
  // A viewer sees the title and task in the top bar; the section adds the
  // description, and is left out when there is none.
  $('about-text').textContent = S.canEdit ? '' : (m.description || '');
  $('about').hidden = !S.canEdit && !m.description;
  if (aboutDirty) return;
  $('about-title').value = m.title || '';
  $('about-task').value = m.task || '';
  $('about-desc').value = m.description || '';
}

async function saveAbout() {
  const m = S.map;
  const next = { title: $('about-title').value.trim(), task: $('about-task').value.trim(), description: $('about-desc').value.trim() };
  if (!next.title) { showAlert(t('titleRequired')); $('about-title').focus(); return; }
  const body = Object.fromEntries(Object.entries(next).filter(([k, v]) => v !== (m[k] || '')));
  if (!Object.keys(body).length) { aboutDirty = false; toast(t('noChange')); return; }
  await write(send('PATCH', '', body));
  aboutDirty = false;
  renderAbout();
  remember({ id: S.id, title: S.map.title });
  toast(t('aboutSaved'));
}

// ---- Writes ------------------------------------------------------------------------------

let queue = Promise.resolve();
// write runs one change after the ones before it, with If-Match on the
// version the page holds, then reloads. A 412 reloads and tells the user.
function write(call, { reload: again = true } = {}) {
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

// refused deals with a change the server turned down, by the error's code,
// and tells the user why.
async function refused(err) {
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
function becomeReadOnly() {
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

const send = (method, suffix, body) => (v) => request(method, mpath(suffix), { token: S.token, body, ifMatch: v });

function select(kind, id, { focus = false } = {}) {
  S.selected = id ? { kind, id } : null;
  labelSVG();
  renderLists();
  renderSelection();
  renderAttention();
  if (focus && id) {
    const el = $('diagram').querySelector(kind === 'f' ? `[data-function-id="${CSS.escape(id)}"]` : `[data-relation-id="${CSS.escape(id)}"]`);
    if (el) el.focus({ preventScroll: true });
  }
}

async function addFunction(name, group) {
  const { data } = await write(send('POST', '/functions', { name, group }));
  toast(t('added', { name: data.name }));
}

async function connect(a, b) {
  const existing = S.map.relations.find((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));
  if (existing) {
    select('r', existing.id);
    toast(t('alreadyConnected', { a: fname(a), b: fname(b) }));
    return;
  }
  const { data } = await write(send('POST', '/relations', { a, b }));
  select('r', data.id);
  toast(t('connected', { a: fname(a), b: fname(b) }));
}

async function rate(rid, n) {
  const r = rel(rid);
  if (!r || !S.canEdit) return;
  await write(send('PATCH', '/relations/' + encodeURIComponent(rid), { rating: n || null }));
  announce(t('rated', { a: fname(r.a), b: fname(r.b), rating: ratingWord(n) }));
}

function functionBody(f) {
  const b = { id: f.id, name: f.name };
  if (f.group) b.group = f.group;
  if (f.center) b.center = true;
  if (f.note) b.note = f.note;
  if (f.x != null && f.y != null) { b.x = f.x; b.y = f.y; }
  return b;
}
function relationBody(r) {
  const b = { id: r.id, a: r.a, b: r.b, rating: r.rating || null };
  if (r.note) b.note = r.note;
  return b;
}

async function deleteFunction(id) {
  const f = { ...fn(id) };
  const rels = S.map.relations.filter((r) => r.a === id || r.b === id).map((r) => ({ ...r }));
  await write(send('DELETE', '/functions/' + encodeURIComponent(id)));
  select(null);
  toast(t('deleted', { name: f.name }), async () => {
    await write(send('POST', '/functions', functionBody(f)), { reload: rels.length === 0 });
    for (const [i, r] of rels.entries()) {
      await write(send('POST', '/relations', relationBody(r)), { reload: i === rels.length - 1 });
    }
    toast(t('restored', { name: f.name }));
  });
}

async function deleteRelation(id) {
  const r = { ...rel(id) };
  const label = fname(r.a) + ' – ' + fname(r.b);
  await write(send('DELETE', '/relations/' + encodeURIComponent(id)));
  select(null);
  toast(t('deleted', { name: label }), async () => {
    await write(send('POST', '/relations', relationBody(r)));
    toast(t('restored', { name: label }));
  });
}

// ---- Diagram interaction --------------------------------------------------------------

let drag = null, suppressClick = false;

function toSVG(svg, e) {
  const p = svg.createSVGPoint();
  p.x = e.clientX; p.y = e.clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse());
}

function onPointerDown(e) {
  const g = e.target.closest('g.function[data-function-id]');
  if (!g || !S.canEdit || S.presenting || e.button !== 0) return;
  const svg = g.ownerSVGElement, circle = g.querySelector('circle');
  if (!circle) return;
  const id = g.dataset.functionId;
  const cx = Number(circle.getAttribute('cx')), cy = Number(circle.getAttribute('cy'));
  const lines = [];
  for (const r of S.map.relations.filter((r) => r.a === id || r.b === id)) {
    for (const line of $('diagram').querySelectorAll(`g.relation[data-relation-id="${CSS.escape(r.id)}"] line`)) {
      const d1 = Math.hypot(line.x1.baseVal.value - cx, line.y1.baseVal.value - cy);
      const d2 = Math.hypot(line.x2.baseVal.value - cx, line.y2.baseVal.value - cy);
      const end = d1 <= d2 ? '1' : '2';
      lines.push({ line, end, x: Number(line.getAttribute('x' + end)), y: Number(line.getAttribute('y' + end)) });
    }
  }
  drag = { g, id, svg, cx, cy, start: toSVG(svg, e), sx: e.clientX, sy: e.clientY, moved: false, lines };
  g.setPointerCapture(e.pointerId);
}

function onPointerMove(e) {
  if (!drag) return;
  if (!drag.moved && Math.hypot(e.clientX - drag.sx, e.clientY - drag.sy) < 5) return;
  drag.moved = true;
  drag.g.classList.add('dragging');
  const p = toSVG(drag.svg, e);
  const dx = p.x - drag.start.x, dy = p.y - drag.start.y;
  drag.dx = dx; drag.dy = dy;
  drag.g.setAttribute('transform', `translate(${dx} ${dy})`);
  for (const l of drag.lines) {
    l.line.setAttribute('x' + l.end, l.x + dx);
    l.line.setAttribute('y' + l.end, l.y + dy);
  }
}

async function onPointerUp() {
  if (!drag) return;
  const d = drag;
  drag = null;
  if (!d.moved) return;
  suppressClick = true;
  setTimeout(() => { suppressClick = false; }, 0);
  const x = Math.round(d.cx + d.dx), y = Math.round(d.cy + d.dy);
  try {
    await write(send('PATCH', '/functions/' + encodeURIComponent(d.id), { x, y }));
    announce(t('moved', { name: fname(d.id) }));
  } catch { /* shown by write */ }
}

function activate(target) {
  if (S.presenting) return;
  const fg = target.closest('g.function[data-function-id]');
  const rg = target.closest('g.relation[data-relation-id]');
  if (fg) {
    const id = fg.dataset.functionId;
    if (S.selected?.kind === 'f' && S.selected.id !== id && S.canEdit) {
      connect(S.selected.id, id).catch(() => {});
    } else if (S.selected?.kind === 'f' && S.selected.id === id) {
      select(null);
    } else {
      select('f', id);
      revealSelection();
    }
  } else if (rg) {
    select('r', rg.dataset.relationId);
    revealSelection();
  } else {
    select(null);
  }
}

// revealSelection scrolls the tools column (not the page) so that the rating
// buttons of what was just chosen in the diagram are in view.
function revealSelection() {
  const panel = $('panel');
  if (panel.scrollHeight <= panel.clientHeight || getComputedStyle(panel).overflowY !== 'auto') return;
  const box = $('selection').getBoundingClientRect(), pb = panel.getBoundingClientRect();
  if (box.top < pb.top || box.bottom > pb.bottom) {
    panel.scrollBy({ top: box.top - pb.top - 16, behavior: 'smooth' });
  }
}

function bindDiagram() {
  const box = $('diagram');
  box.addEventListener('pointerdown', onPointerDown);
  box.addEventListener('pointermove', onPointerMove);
  box.addEventListener('pointerup', onPointerUp);
  box.addEventListener('pointercancel', () => { drag = null; reload().catch(showError); });
  box.addEventListener('click', (e) => { if (!suppressClick) activate(e.target); });
  box.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target.closest('[data-function-id], [data-relation-id]')) {
      e.preventDefault();
      activate(e.target);
    }
  });
}

function typing(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('dialog[open]')) return;
  const s = S.selected;
  if (e.key === 'Escape' && S.presenting) { stopPresenting(); return; }
  if (S.presenting) return;
  if (/^[0-3]$/.test(e.key) && s?.kind === 'r' && S.canEdit) {
    e.preventDefault();
    rate(s.id, Number(e.key)).catch(() => {});
  } else if ((e.key === 'Delete' || e.key === 'Backspace') && s && S.canEdit) {
    e.preventDefault();
    (s.kind === 'f' ? deleteFunction(s.id) : deleteRelation(s.id)).catch(() => {});
  } else if (e.key === 'Escape') {
    if (s) select(null);
  }
}

// ---- Controls --------------------------------------------------------------------------------

function bindControls() {
  $('add-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('add-name').value.trim();
    if (!name) { showAlert(t('nameRequired')); $('add-name').focus(); return; }
    // Clear at once, so the next name can be typed while this one is saved;
    // give it back if saving failed and nothing new was typed.
    $('add-name').value = '';
    $('add-name').focus();
    addFunction(name, $('add-group').value.trim()).catch(() => {
      if (!$('add-name').value) $('add-name').value = name;
    });
  });
  $('connect-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const a = $('connect-a').value, b = $('connect-b').value;
    if (S.map.functions.length < 2) { showAlert(t('needTwo')); return; }
    if (!a || !b || a === b) { showAlert(t('pickTwo')); return; }
    connect(a, b).catch(() => {});
  });
  document.addEventListener('click', (e) => {
    const b = e.target.closest('[data-select]');
    if (!b) return;
    const [kind, ...rest] = b.dataset.select.split(':');
    select(kind, rest.join(':'));
  });
  for (const b of document.querySelectorAll('[data-rate]')) {
    b.addEventListener('click', () => { if (S.selected?.kind === 'r') rate(S.selected.id, Number(b.dataset.rate)).catch(() => {}); });
  }
  $('note-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (S.selected?.kind !== 'r') return;
    write(send('PATCH', '/relations/' + encodeURIComponent(S.selected.id), { note: $('note').value }))
      .then(() => toast(t('noteSaved')), () => {});
  });
  $('btn-del-r').addEventListener('click', () => { if (S.selected?.kind === 'r') deleteRelation(S.selected.id).catch(() => {}); });
  $('btn-del-f').addEventListener('click', () => { if (S.selected?.kind === 'f') deleteFunction(S.selected.id).catch(() => {}); });
  $('btn-center').addEventListener('click', () => {
    if (S.selected?.kind !== 'f') return;
    const id = S.selected.id;
    write(send('PATCH', '/functions/' + encodeURIComponent(id), { center: true }))
      .then(() => toast(t('centerSet', { name: fname(id) })), () => {});
  });
  $('layout').addEventListener('change', () => {
    S.layoutChoice = $('layout').value;
    prefs.set('layout', S.layoutChoice);
    if (layout() !== 'manual') reload().catch(showError);
  });
  $('palette').addEventListener('change', () => {
    S.palette = $('palette').value;
    prefs.set('palette', S.palette);
    reload().catch(showError);
  });
  $('btn-relayout').addEventListener('click', async () => {
    S.layoutChoice = $('layout').value;
    prefs.set('layout', S.layoutChoice);
    const pinned = S.map.functions.filter((f) => f.x != null);
    try {
      for (const [i, f] of pinned.entries()) {
        await write(send('PATCH', '/functions/' + encodeURIComponent(f.id), { x: null, y: null }), { reload: i === pinned.length - 1 });
      }
      if (!pinned.length) await reload();
      toast(t('relaidOut'));
    } catch { /* shown by write */ }
  });
  $('btn-qr-view').addEventListener('click', () => showQR('view'));
  $('btn-qr-edit').addEventListener('click', () => showQR('edit'));
  for (const b of document.querySelectorAll('[data-download]')) {
    b.addEventListener('click', () => download(b.dataset.download, b).catch(showError));
  }
  $('about-form').addEventListener('input', () => { aboutDirty = true; });
  $('about-form').addEventListener('submit', (e) => { e.preventDefault(); saveAbout().catch(() => {}); });
  $('btn-edit-about').addEventListener('click', () => {
    $('about').scrollIntoView({ block: 'start', behavior: 'smooth' });
    $('about-title').focus({ preventScroll: true });
  });
  $('snap-form').addEventListener('submit', (e) => { e.preventDefault(); saveSnapshot().catch(refused); });
  $('snap-list').addEventListener('click', (e) => {
    const b = e.target.closest('[data-compare]');
    if (b) compareNow(b.dataset.compare).catch(showError);
  });
  $('compare-close').addEventListener('click', () => { $('compare').hidden = true; });
  $('compare-open').addEventListener('click', () => $('compare-dialog').showModal());
  $('btn-print').addEventListener('click', () => window.print());
  $('btn-present').addEventListener('click', startPresenting);
  $('btn-exit-present').addEventListener('click', stopPresenting);
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement) stopPresenting();
  });
  document.addEventListener('keydown', onKey);
}

// Presentation shows the server's picture as large as the screen allows: it
// has its own title, legend and footer, and (with panel=attention) the
// weakest ties, so the page adds nothing but a way out.
function startPresenting() {
  select(null);
  S.presenting = true;
  document.body.classList.add('presenting');
  if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
  $('btn-exit-present').focus();
  reload().catch(showError);
}

function stopPresenting() {
  if (!S.presenting) return;
  S.presenting = false;
  document.body.classList.remove('presenting', 'server-panel');
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  $('btn-present').focus();
  reload().catch(showError);
}

async function showQR(kind) {
  const tok = kind === 'edit' ? S.editToken : S.viewToken;
  if (!tok) { showAlert(t('viewUnknown')); return; }
  try {
    const { response } = await request('GET', mpath('/qr.svg?link=' + kind), {
      token: S.token, raw: true, headers: { 'X-Link-Token': tok } });
    const url = URL.createObjectURL(await response.blob());
    const img = new Image();
    img.src = url;
    img.alt = t(kind === 'edit' ? 'qrEditTitle' : 'qrViewTitle');
    img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    $('qr-box').replaceChildren(img);
    $('qr-h').textContent = t(kind === 'edit' ? 'qrEditTitle' : 'qrViewTitle');
    $('qr-link').textContent = mapLink(S.id, kind, tok);
    $('qr-dialog').showModal();
  } catch (err) {
    showError(err);
  }
}

// What each download button fetches: the pictures as the page shows them
// (with the attention panel, for a meeting), the data in the language of
// the page.
function downloadPath(kind) {
  switch (kind) {
    case 'svg': case 'png':
      return mpath('/map.' + kind + '?' + svgQuery({ panel: 'attention' }));
    case 'csv-relations': case 'csv-functions':
      return mpath('/export?' + new URLSearchParams({ format: 'csv', table: kind.slice(4), lang: getLang(), palette: S.palette }));
    default:
      return mpath('/export?' + new URLSearchParams({ format: kind, lang: getLang(), palette: S.palette }));
  }
}

// fileName takes the name the server gives (Content-Disposition), or makes
// one from the title by the server's slug rule. map.svg and map.png call
// every picture relationskort.svg/.png, which names no map: there the title
// does.
function fileName(response, kind) {
  const given = dispositionName(response.headers.get('Content-Disposition'));
  if (given && !/^relationskort\.(svg|png)$/.test(given)) return given;
  const ext = kind.startsWith('csv-') ? '-' + kind.slice(4) + '.csv' : '.' + kind;
  return slug(S.map.title) + ext;
}

async function download(kind, button) {
  const status = $('download-status');
  status.textContent = t('downloading', { format: button.textContent });
  delete status.dataset.type;
  button.disabled = true;
  try {
    const { response } = await request('GET', downloadPath(kind), { token: S.token, raw: true });
    const blob = await response.blob();
    const name = fileName(response, kind);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = t('downloaded', { name });
    status.dataset.type = blob.type;
    status.dataset.size = String(blob.size);
    status.dataset.kind = kind;
  } catch (err) {
    status.textContent = '';
    if (err instanceof ApiError && err.code === 'not_found') err.missingRoute = true;
    throw err;
  } finally {
    button.disabled = false;
  }
}

// ---- Snapshots and comparison ---------------------------------------------------------------

async function loadSnapshots() {
  try {
    S.snapshots = (await request('GET', mpath('/snapshots'), { token: S.token })).data.snapshots || [];
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') { $('snapshots').hidden = true; return; }
    throw err;
  }
  renderSnapshots();
}

function renderSnapshots() {
  const ul = $('snap-list');
  const fmt = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
  ul.replaceChildren(...[...S.snapshots].reverse().map((sn) => {
    const e = document.createElement('li');
    const info = document.createElement('div');
    info.className = 'snap-info';
    info.append(text('strong', sn.label || t('untitled')),
      text('span', t('snapMeta', { date: fmt.format(new Date(sn.created_at)), version: num(sn.version) }), 'muted'));
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-small';
    b.dataset.compare = sn.id;
    b.textContent = t('compareNow');
    b.setAttribute('aria-label', t('compareNowLabel', { label: sn.label || t('untitled') }));
    e.append(info, b);
    return e;
  }));
  $('snap-empty').hidden = S.snapshots.length > 0;
}

async function saveSnapshot() {
  const label = $('snap-label').value.trim();
  if (!label) { showAlert(t('snapRequired')); $('snap-label').focus(); return; }
  const btn = $('snap-form').querySelector('button');
  btn.disabled = true;
  try {
    await request('POST', mpath('/snapshots'), { token: S.token, body: { label } });
    $('snap-label').value = '';
    await loadSnapshots();
    toast(t('snapSaved', { label }));
  } finally {
    btn.disabled = false;
  }
}

let compareURL = '';
async function compareNow(sid) {
  const sn = S.snapshots.find((x) => x.id === sid);
  const label = (sn && sn.label) || t('untitled');
  const q = new URLSearchParams({ from: sid, to: 'current' });
  const { data: c } = await request('GET', mpath('/compare?' + q), { token: S.token });
  $('compare-h').textContent = t('compareTitle', { label });
  const score = (x) => num(Math.round(x));
  if (c.score_before != null && c.score_after != null) {
    let line = t('compareScore', { before: score(c.score_before), after: score(c.score_after) });
    if (c.score_change_pct != null) {
      line += ' (' + new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' })
        .format(c.score_change_pct / 100) + ')';
    }
    $('compare-score').textContent = line;
  } else {
    $('compare-score').textContent = t('compareScoreNone');
  }
  const k = c.counts || {};
  const rows = [['compareImproved', k.improved, 'up'], ['compareWorsened', k.worsened, 'down'],
    ['compareAdded', k.added], ['compareRemoved', k.removed], ['compareRated', k.rated]]
    .filter(([, n], i) => i < 2 || n > 0);
  $('compare-counts').replaceChildren(...rows.map(([key, n, cls]) => {
    const e = document.createElement('li');
    if (cls) e.className = 'change-' + cls + (n ? ' nonzero' : '');
    e.append(text('span', t(key)), text('strong', num(n || 0)));
    return e;
  }));
  $('compare').hidden = false;
  $('compare').dataset.from = sid;
  // The before/after picture.
  $('compare-figure').hidden = true;
  if (compareURL) { URL.revokeObjectURL(compareURL); compareURL = ''; }
  try {
    const pic = new URLSearchParams({ from: sid, to: 'current', lang: getLang(), palette: S.palette });
    const { response } = await request('GET', mpath('/compare.svg?' + pic), { token: S.token, raw: true });
    const blob = await response.blob();
    if (!/svg/.test(blob.type)) return;
    compareURL = URL.createObjectURL(blob);
    for (const img of [$('compare-img'), $('compare-big')]) {
      img.src = compareURL;
      img.alt = t('compareAlt', { label });
    }
    $('compare-dialog-h').textContent = t('compareTitle', { label });
    $('compare-figure').hidden = false;
  } catch (err) {
    showError(err);
  }
}

// ---- Live updates -------------------------------------------------------------------------------

function setLive(state) { document.body.dataset.live = state; }

function listen() {
  const es = new EventSource(mpath('/events?token=' + encodeURIComponent(S.token)));
  setLive('connecting');
  es.addEventListener('open', () => setLive('open'));
  // After a dropped stream the browser reconnects by itself (CONNECTING);
  // when the server refuses the stream it gives up (CLOSED).
  es.addEventListener('error', () => setLive(es.readyState === EventSource.CLOSED ? 'lost' : 'connecting'));
  es.addEventListener('version', (e) => {
    let v = 0;
    try { v = JSON.parse(e.data).version; } catch { return; }
    if (v !== S.version) {
      reload(v).then(() => announce(t('updated')), showError);
    }
  });
  es.addEventListener('snapshots', () => { loadSnapshots().catch(showError); });
  es.addEventListener('deleted', () => {
    es.close();
    setLive('lost');
    openFailed(t('err_forbidden'));
  });
}

// showMode shows what the page's token allows: editing, or viewing only,
// and the links it can share.
function showMode() {
  document.body.classList.toggle('readonly', !S.canEdit);
  $('readonly-note').hidden = S.canEdit;
  $('mode-badge').textContent = t(S.canEdit ? 'modeEdit' : 'modeView');
  $('share-view').value = S.viewToken ? mapLink(S.id, 'view', S.viewToken) : '';
  $('share-view').closest('.linkrow').querySelector('.copyfield').hidden = !S.viewToken;
  $('share-view-missing').hidden = !!S.viewToken;
  $('btn-qr-view').hidden = !S.viewToken;
  $('share-edit').value = S.editToken ? mapLink(S.id, 'edit', S.editToken) : '';
}

function openFailed(msg) {
  $('view-map').hidden = true;
  document.body.classList.remove('map-open');
  $('topbar-map').hidden = true;
  $('btn-present').hidden = true;
  $('view-error').hidden = false;
  $('error-text').textContent = msg;
}

// ---- Map page ----------------------------------------------------------------------------------

async function mapPage(id) {
  S.id = id;
  const frag = new URLSearchParams(location.hash.slice(1));
  const known = recentMaps().find((m) => m.id === id) || {};
  S.editToken = frag.get('edit') || '';
  S.viewToken = frag.get('view') || known.view || '';
  if (!S.editToken && !frag.get('view') && known.edit) S.editToken = known.edit;
  S.canEdit = !!S.editToken;
  S.token = S.editToken || S.viewToken;
  if (!S.token) { openFailed(t('noToken')); return; }
  if (S.editToken && !S.viewToken) {
    // The view token is derived from the edit token: ask for the link.
    try {
      const { data } = await request('GET', mpath('/links'), { token: S.editToken });
      S.viewToken = data.view_token || '';
    } catch (err) {
      // read_only (or forbidden, from a server before read_only): the
      // token cannot edit, and loading the map below tells whether it can
      // read. Anything else (conflict: the view token cannot be derived; no
      // network) leaves the view link unknown, and loading decides.
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'read_only' || code === 'forbidden') becomeReadOnly();
    }
  }
  $('view-map').hidden = false;
  document.body.classList.add('map-open');
  $('topbar-map').hidden = false;
  $('btn-present').hidden = false;
  $('mode-badge').hidden = false;
  onLanguage = () => {
    showMode();
    if (S.map) { renderAll(); renderSnapshots(); reload().catch(showError); }
    if (!$('compare').hidden) compareNow($('compare').dataset.from).catch(showError);
  };
  onLanguage();
  bindDiagram();
  bindControls();
  try {
    await reload();
  } catch (err) {
    openFailed(describe(err));
    return;
  }
  remember({ id, title: S.map.title, edit: S.demoted ? null : S.editToken, view: S.viewToken });
  loadSnapshots().catch(showError);
  listen();
}

// ---- Start ---------------------------------------------------------------------------------------

setLang(prefs.get('lang', 'da'));
applyLang();
const m = /^\/m\/([^/]+)\/?$/.exec(location.pathname);
if (m) mapPage(decodeURIComponent(m[1]));
else front();
