// Working in the diagram: click or tap a function or a relation to select
// it, a second function to connect, drag a circle to move it (its lines,
// rating badges and numbers go along), and the keyboard's way through it.
import { S } from './state.js';
import { $ } from './dom.js';
import { reload, order, frame } from './view.js';
import { select, connect, reveal, moveTo } from './edit.js';
import { showError } from './dom.js';

let drag = null, suppressClick = false;

function toSVG(svg, e) {
  const p = svg.createSVGPoint();
  p.x = e.clientX; p.y = e.clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse());
}

const num = (el, a) => Number(el.getAttribute(a));

function onPointerDown(e) {
  const g = e.target.closest('g.function[data-function-id]');
  if (!g || !S.canEdit || S.presenting || e.button !== 0) return;
  const svg = g.ownerSVGElement, circle = g.querySelector('circle');
  if (!circle) return;
  const id = g.dataset.functionId;
  const cx = num(circle, 'cx'), cy = num(circle, 'cy');
  const lines = [], halves = [];
  for (const rg of $('diagram').querySelectorAll('g.relation[data-relation-id]')) {
    if (rg.dataset.a !== id && rg.dataset.b !== id && !S.map.relations.some((r) => r.id === rg.dataset.relationId && (r.a === id || r.b === id))) continue;
    for (const line of rg.querySelectorAll('line')) {
      const d1 = Math.hypot(num(line, 'x1') - cx, num(line, 'y1') - cy);
      const d2 = Math.hypot(num(line, 'x2') - cx, num(line, 'y2') - cy);
      const end = d1 <= d2 ? '1' : '2';
      lines.push({ line, end, x: num(line, 'x' + end), y: num(line, 'y' + end) });
    }
    // The badge and the attention number sit on the line's middle, which
    // moves half as far as the circle.
    const rid = CSS.escape(rg.dataset.relationId);
    halves.push(...$('diagram').querySelectorAll(`g.badge-group[data-relation-id="${rid}"], g.marker[data-relation-id="${rid}"]`));
  }
  drag = { g, id, svg, cx, cy, start: toSVG(svg, e), sx: e.clientX, sy: e.clientY, moved: false, lines, halves };
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
  for (const h of drag.halves) h.setAttribute('transform', `translate(${dx / 2} ${dy / 2})`);
}

async function onPointerUp() {
  if (!drag) return;
  const d = drag;
  drag = null;
  if (!d.moved) return;
  suppressClick = true;
  setTimeout(() => { suppressClick = false; }, 0);
  try {
    await moveTo(d.id, Math.round(d.cx + d.dx), Math.round(d.cy + d.dy));
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
      reveal();
    }
  } else if (rg) {
    select('r', rg.dataset.relationId);
    reveal();
  } else {
    select(null);
  }
}

// ---- The keyboard's way: functions, then their relations -----------------

let tabbing = false;

function tabbables() {
  return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length && !$('diagram').contains(el));
}

// leave moves the focus to the first tabbable after the diagram (dir 1)
// or the last before it (dir -1).
function leave(dir) {
  const box = $('diagram');
  const all = tabbables();
  const after = all.filter((el) => box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = all.filter((el) => box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  const to = dir > 0 ? (after[0] || all[0]) : (before[before.length - 1] || all[all.length - 1]);
  to?.focus();
}

function onTab(e) {
  const item = e.target.closest('[data-function-id], [data-relation-id]');
  if (!item) return;
  const list = order();
  const next = list[list.indexOf(item) + (e.shiftKey ? -1 : 1)];
  e.preventDefault();
  if (next) next.focus();
  else leave(e.shiftKey ? -1 : 1);
}

export function bindDiagram() {
  const box = $('diagram');
  box.addEventListener('pointerdown', onPointerDown);
  box.addEventListener('pointermove', onPointerMove);
  box.addEventListener('pointerup', onPointerUp);
  box.addEventListener('pointercancel', () => { if (drag) { drag = null; reload().catch(showError); } });
  box.addEventListener('click', (e) => { if (!suppressClick) activate(e.target); });
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) { onTab(e); return; }
    if ((e.key === 'Enter' || e.key === ' ') && e.target.closest('[data-function-id], [data-relation-id]')) {
      e.preventDefault();
      activate(e.target);
    }
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Tab') tabbing = e.shiftKey ? -1 : 1; }, true);
  document.addEventListener('pointerdown', () => { tabbing = false; }, true);
  // Tabbing into the diagram starts at its first function (or, backwards,
  // its last item), whatever the drawing order.
  box.addEventListener('focusin', (e) => {
    if (!tabbing || (e.relatedTarget && box.contains(e.relatedTarget))) return;
    const list = order();
    const want = tabbing > 0 ? list[0] : list[list.length - 1];
    if (want && want !== e.target) want.focus();
  });
  document.addEventListener('keyup', (e) => { if (e.key === 'Tab') tabbing = false; }, true);
  let resizing = 0;
  addEventListener('resize', () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => frame());
  });
}
