// Presentation: the map for a room, on a projector. The server draws the
// picture with its attention panel (panel=attention): the weakest ties,
// numbered, with the same numbers on the lines. The page shows the title
// and task as its heading, the map on the left and the legend with the
// panel on the right, each enlarged to fill the screen, so that the panel
// can be read from the back of the room; and a footer that says how far
// the map is and when it last changed.
import { S } from './state.js';
import { t } from './i18n.js';
import { $, showError } from './dom.js';
import { reload, regions, fitTargets, fit, setViewBox } from './view.js';
import { select } from './edit.js';
import { statusLine } from './panels.js';

export function startPresenting() {
  select(null);
  S.presenting = true;
  // Until the picture with the server's panel has come, neither panel shows.
  document.body.classList.add('presenting', 'present-pending');
  if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
  $('btn-exit-present').focus();
  presentFrame();
  reload().catch(showError);
}

export function stopPresenting() {
  if (!S.presenting) return;
  S.presenting = false;
  S.round = null;
  document.body.classList.remove('presenting', 'server-panel', 'present-pending');
  $('present-side').replaceChildren();
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  $('btn-present').focus();
  reload().catch(showError);
}

// presentFrame fills the presentation's heading and footer.
export function presentFrame() {
  if (!S.map) return;
  $('present-title').textContent = S.map.title || t('untitled');
  $('present-task').textContent = S.round ? S.round.title : S.map.task || '';
  $('present-foot').textContent = S.round ? t('roundPresentFoot', { title: S.round.title }) : statusLine();
}

let side = null, content = null;
// presentLayout splits the server's picture in two views: the map
// (#diagram, cropped to it) and a copy cropped to the legend and panel
// (#present-side), sized so that both fill the screen.
export function presentLayout(svg) {
  const box = $('present-side');
  ({ content, side } = regions(svg));
  if (!S.serverPanel || !content || !side) {
    box.replaceChildren();
    if (content) setViewBox(svg, content);
    fit(svg, $('diagram'));
    fitTargets(svg);
    return;
  }
  setViewBox(svg, content);
  const copy = svg.cloneNode(true);
  // The copy is for the eyes: the map's own SVG says everything to a
  // screen reader, and the copy has no ids or hooks of its own.
  for (const g of copy.querySelectorAll('g.relations, g.functions, g.badges, g.marker[data-relation-id], title, desc, text.title, text.task, text.footer')) g.remove();
  for (const el of [copy, ...copy.querySelectorAll('[id], [tabindex], [role], [aria-label]')]) {
    for (const a of ['id', 'tabindex', 'role', 'aria-label']) el.removeAttribute(a);
  }
  copy.setAttribute('aria-hidden', 'true');
  copy.setAttribute('focusable', 'false');
  copy.setAttribute('viewBox', [side.x, side.y, side.width, side.height].map(Math.round).join(' '));
  copy.classList.add('side-svg');
  box.replaceChildren(copy);
  sizeSide();
}

// sizeSide gives the side view the width at which its height fills the
// row, at most 45 % of the screen: the panel's text is then as large as
// the screen allows.
export function sizeSide() {
  const box = $('present-side');
  if (!S.presenting || !side || !box.firstChild) return;
  const h = $('diagram').clientHeight || box.clientHeight;
  const w = Math.min(innerWidth * 0.45, side.width * (h / side.height));
  box.style.width = Math.floor(w) + 'px';
  fit(box.firstChild, box);
  const svg = $('diagram').querySelector('svg');
  if (svg) fit(svg, $('diagram'));
  fitTargets();
}

addEventListener('resize', () => { if (S.presenting) sizeSide(); });
