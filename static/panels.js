// The tools column: lists, pickers, the selection with its rating buttons
// and note, the attention panel, title and task. Fields show a draft when
// there is one (drafts.js), never overwriting what someone is typing.
import { S, fn, rel, fname, layout } from './state.js';
import { t, getLang, ratingWord, num, when } from './i18n.js';
import { $, text, li } from './dom.js';
import { labelSVG } from './view.js';
import { counts, pinned } from './doc.js';
import { presentFrame } from './present.js';

export function renderAll() {
  const m = S.map;
  document.title = (m.title || t('untitled')) + ' – Relationskort';
  $('page-title').textContent = m.title || t('untitled');
  $('map-task').textContent = m.task || '';
  $('layout').value = S.layoutChoice;
  $('palette').value = S.palette;
  document.body.dataset.palette = S.palette;
  $('map-status').textContent = m.updated_at ? t('lastChanged', { when: when(m.updated_at) }) : '';
  renderAbout();
  labelSVG();
  renderLists();
  renderPickers();
  renderSelection();
  renderAttention();
  renderPinned();
  presentFrame();
}

const byName = (a, b) => a.name.localeCompare(b.name, getLang());

export function renderLists() {
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

let pickerSig = '';
function renderPickers() {
  // Rebuild only when the functions changed: a rebuild would close a picker
  // someone has open and lose what they typed to pick.
  const sig = getLang() + '|' + [...S.map.functions].sort(byName).map((f) => f.id + '=' + f.name).join('|');
  if (pickerSig === sig) return;
  pickerSig = sig;
  for (const id of ['connect-a', 'connect-b']) {
    const sel = $(id);
    const keep = sel.value;
    const opts = [new Option(t('choose'), '')];
    for (const f of [...S.map.functions].sort(byName)) opts.push(new Option(f.name, f.id));
    sel.replaceChildren(...opts);
    sel.value = fn(keep) ? keep : '';
  }
}

export function renderSelection() {
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
    showNote(r);
    $('sel-r-note').textContent = S.canEdit ? '' : (r.note || '');
  }
}

// showNote puts the selected relation's note in the field: the draft typed
// for it if there is one, else the saved note; what is being typed in the
// field for this relation stays as it is.
function showNote(r) {
  const note = $('note');
  const key = 'note:' + r.id;
  if (!(document.activeElement === note && note.dataset.rid === r.id)) {
    note.value = S.drafts ? S.drafts.value(key, r.note || '') : (r.note || '');
    note.dataset.rid = r.id;
  }
  $('note-draft').hidden = !(S.drafts && S.drafts.has(key, r.note || ''));
}

export function renderAttention() {
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
  $('weak-list').replaceChildren(...shown.map((w) => {
    const r = rel(w.id);
    const b = itemButton('r', w.id);
    b.classList.add('weak-item');
    const head = document.createElement('span');
    head.className = 'weak-head';
    head.append(text('span', '', 'swatch swatch-' + w.rating), text('strong', fname(r.a) + ' – ' + fname(r.b)),
      text('span', ratingWord(w.rating), 'weak-rating rating-word-' + w.rating));
    b.append(head);
    // The first reason repeats the rating, which the head shows.
    const reasons = w.reasons.filter((x) => !/^(vurderet|rated) /i.test(x));
    if (reasons.length) b.append(text('span', reasons.join('. ') + '.', 'weak-reasons'));
    if (w.note) b.append(text('span', w.note, 'weak-note'));
    return li(b);
  }));
  if (weak.length > shown.length) $('weak-list').append(li(text('span', t('weakMore', { n: num(weak.length - shown.length) }), 'muted')));
  $('weak-empty').hidden = weak.length > 0;
}

// renderPinned explains, next to the layout picker, why a change of
// layout shows nothing while functions are placed by hand, and offers to
// release them.
function renderPinned() {
  const n = pinned(S.map).length;
  $('pinned-note').hidden = !n;
  $('pinned-text').textContent = n === 1 ? t('pinnedOne') : t('pinnedMany', { n: num(n) });
  $('btn-relayout').hidden = !!n;
  if (n) $('layout').setAttribute('aria-describedby', 'pinned-text');
  else $('layout').removeAttribute('aria-describedby');
  document.body.dataset.layout = layout();
}

export function renderAbout() {
  const m = S.map;
  // A viewer sees the title and task in the top bar; the section adds the
  // description, and is left out when there is none.
  $('about-text').textContent = S.canEdit ? '' : (m.description || '');
  $('about').hidden = !S.canEdit && !m.description;
  for (const [id, k] of [['about-title', 'title'], ['about-task', 'task'], ['about-desc', 'description']]) {
    const el = $(id);
    if (document.activeElement === el) continue;
    el.value = S.drafts ? S.drafts.value(id, m[k] || '') : (m[k] || '');
  }
  const draft = S.drafts && ['title', 'task', 'description'].some((k) => S.drafts.has('about-' + (k === 'description' ? 'desc' : k), m[k] || ''));
  $('about-draft').hidden = !draft;
}

// statusLine is what the presentation's footer says: how far the map is,
// and when it was last changed.
export function statusLine() {
  const c = counts(S.map);
  return t('presentFoot', { functions: num(c.functions), relations: num(c.relations), rated: num(c.rated),
    when: when(S.map.updated_at) });
}
