// Small helpers of the page: elements, messages (alert, toast, screen
// reader announcements) and the copy buttons.
import { t } from './i18n.js';
import { describe } from './api.js';

export const $ = (id) => document.getElementById(id);

export function text(tag, s, cls) {
  const e = document.createElement(tag);
  e.textContent = s;
  if (cls) e.className = cls;
  return e;
}

export function li(child) { const e = document.createElement('li'); e.append(child); return e; }

export function showAlert(s) {
  $('alert-text').textContent = s;
  $('alert').hidden = false;
}

export function showError(err) {
  console.warn(err);
  showAlert(describe(err));
}

let toastTimer = 0;
// toast says briefly what happened, with an undo button when undo is given.
export function toast(s, undo) {
  clearTimeout(toastTimer);
  $('toast-text').textContent = s;
  const btn = $('toast-undo');
  btn.hidden = !undo;
  btn.onclick = undo ? () => { $('toast').hidden = true; undo(); } : null;
  $('toast').hidden = false;
  place($('toast'));
  toastTimer = setTimeout(() => { $('toast').hidden = true; }, undo ? 10000 : 3500);
}

// place puts the toast at the top of the diagram on a wide screen, clear
// of the help line below it and of the tools beside it; elsewhere the
// style sheet puts it at the top of the screen.
function place(el) {
  const d = $('diagram');
  const r = d && !d.closest('[hidden]') && innerWidth >= 900 ? d.getBoundingClientRect() : null;
  if (r && r.width) {
    el.style.top = Math.max(8, Math.round(r.top + 8)) + 'px';
    el.style.left = Math.round(r.left + r.width / 2) + 'px';
  } else {
    el.style.removeProperty('top');
    el.style.removeProperty('left');
  }
}

export function announce(s) { $('live').textContent = s; }

async function copyFrom(input) {
  const value = input.value;
  if (!value) return;
  try {
    await navigator.clipboard.writeText(value);
  } catch {
    input.select();
    if (!document.execCommand('copy')) { showAlert(t('copyFailed')); return; }
  }
  toast(t('copied'));
}

export function bindCommon() {
  $('alert-close').addEventListener('click', () => { $('alert').hidden = true; });
  document.addEventListener('click', (e) => {
    const b = e.target.closest('[data-copy]');
    if (b) copyFrom($(b.dataset.copy));
  });
}
