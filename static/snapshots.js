// Snapshots: the map kept under a label, and the comparison of one with
// the map now (summary and the server's before/after picture).
import { S, mpath } from './state.js';
import { request, ApiError } from './api.js';
import { t, getLang, num, locale } from './i18n.js';
import { $, text, showError, toast, showAlert } from './dom.js';

export async function loadSnapshots() {
  try {
    S.snapshots = (await request('GET', mpath('/snapshots'), { token: S.token })).data.snapshots || [];
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') { $('snapshots').hidden = true; return; }
    throw err;
  }
  renderSnapshots();
}

export function renderSnapshots() {
  const ul = $('snap-list');
  const fmt = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
  ul.replaceChildren(...[...S.snapshots].reverse().map((sn) => {
    const e = document.createElement('li');
    const info = document.createElement('div');
    info.className = 'snap-info';
    info.append(text('strong', sn.label || t('untitled')),
      text('span', t('snapMeta', { date: fmt.format(new Date(sn.created_at)) }), 'muted'));
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

export async function saveSnapshot() {
  const label = $('snap-label').value.trim();
  if (!label) { showAlert(t('snapRequired')); $('snap-label').focus(); return; }
  const btn = $('snap-form').querySelector('button');
  btn.disabled = true;
  try {
    await request('POST', mpath('/snapshots'), { token: S.token, body: { label } });
    $('snap-label').value = '';
    S.drafts?.clear('snap-label');
    await loadSnapshots();
    toast(t('snapSaved', { label }));
  } finally {
    btn.disabled = false;
  }
}

let compareURL = '';
export async function compareNow(sid) {
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
