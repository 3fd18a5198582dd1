// The tools' buttons, fields and keys. Every text field keeps a draft
// (drafts.js) from the first key typed until the server has the text.
import { S, prefs, layout, fn, rel } from './state.js';
import { t } from './i18n.js';
import { $, showAlert, showError, toast } from './dom.js';
import { reload, frame } from './view.js';
import { renderAbout } from './panels.js';
import { select, addFunction, connect, rate, saveNote, remove, makeCenter, relayout, saveAbout } from './edit.js';
import { startPresenting, stopPresenting } from './present.js';
import { showQR, download } from './share.js';
import { saveSnapshot, compareNow } from './snapshots.js';
import { refused } from './edit.js';

// keepDrafts stores what is typed in the fields that have one.
function keepDrafts() {
  const saved = { 'about-title': 'title', 'about-task': 'task', 'about-desc': 'description' };
  for (const id of ['add-name', 'add-group', 'about-title', 'about-task', 'about-desc', 'snap-label']) {
    $(id).addEventListener('input', () => {
      S.drafts?.set(id, $(id).value, saved[id] ? (S.map?.[saved[id]] || '') : '');
      if (saved[id]) renderAbout();
    });
  }
  $('note').addEventListener('input', () => {
    const r = rel($('note').dataset.rid);
    if (!r) return;
    S.drafts?.set('note:' + r.id, $('note').value, r.note || '');
    $('note-draft').hidden = !S.drafts?.has('note:' + r.id, r.note || '');
  });
  // What was typed before a reload comes back.
  for (const id of ['add-name', 'add-group', 'snap-label']) $(id).value = S.drafts?.get(id) ?? '';
}

export function bindControls() {
  keepDrafts();
  $('add-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('add-name').value.trim(), group = $('add-group').value.trim();
    if (!name) { showAlert(t('nameRequired')); $('add-name').focus(); return; }
    // Clear at once, so the next name can be typed while this one is saved;
    // the group too, so that the next function does not silently inherit
    // it. Give both back if saving failed and nothing new was typed.
    $('add-name').value = '';
    $('add-group').value = '';
    $('add-name').focus();
    addFunction(name, group).then(() => {
      if (!$('add-name').value) S.drafts?.clear('add-name');
      if (!$('add-group').value) S.drafts?.clear('add-group');
    }, () => {
      if (!$('add-name').value) $('add-name').value = name;
      if (!$('add-group').value) $('add-group').value = group;
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
    if (S.selected?.kind === 'r') saveNote(S.selected.id).catch(() => {});
  });
  $('btn-del-r').addEventListener('click', () => { if (S.selected?.kind === 'r') remove('r', S.selected.id).catch(() => {}); });
  $('btn-del-f').addEventListener('click', () => { if (S.selected?.kind === 'f') remove('f', S.selected.id).catch(() => {}); });
  $('btn-center').addEventListener('click', () => { if (S.selected?.kind === 'f') makeCenter(S.selected.id).catch(() => {}); });
  $('layout').addEventListener('change', () => {
    S.layoutChoice = $('layout').value;
    prefs.set('layout', S.layoutChoice);
    // While functions are placed by hand the picture stays; the note
    // beside the picker says why and offers to release them.
    if (layout() === 'manual') { $('pinned-text').focus(); toast($('pinned-text').textContent); return; }
    reload().catch(showError);
  });
  $('palette').addEventListener('change', () => {
    S.palette = $('palette').value;
    prefs.set('palette', S.palette);
    reload().catch(showError);
  });
  for (const id of ['btn-relayout', 'btn-unpin']) {
    $(id).addEventListener('click', () => {
      S.layoutChoice = $('layout').value;
      prefs.set('layout', S.layoutChoice);
      relayout().catch(() => {});
    });
  }
  $('btn-enlarge').addEventListener('click', () => {
    S.enlarged = !S.enlarged;
    $('btn-enlarge').setAttribute('aria-pressed', String(S.enlarged));
    $('btn-enlarge').textContent = t(S.enlarged ? 'shrink' : 'enlarge');
    frame();
  });
  $('btn-qr-view').addEventListener('click', () => showQR('view'));
  $('btn-qr-edit').addEventListener('click', () => showQR('edit'));
  for (const b of document.querySelectorAll('[data-download]')) {
    b.addEventListener('click', () => download(b.dataset.download, b).catch(showError));
  }
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
  } else if ((e.key === 'Delete' || e.key === 'Backspace') && s && S.canEdit && (fn(s.id) || rel(s.id))) {
    e.preventDefault();
    remove(s.kind, s.id).catch(() => {});
  } else if (e.key === 'Escape') {
    if (s) select(null);
  }
}


