// The map view: loading the map with its diagram and analysis, putting the
// server's SVG into the page (never as HTML text), framing it to what the
// page needs, and labelling its functions and relations.
import { S, fn, rel, fname, layout, mpath } from './state.js';
import { request, ApiError } from './api.js';
import { t, getLang, ratingWord } from './i18n.js';
import { $ } from './dom.js';
import { keepSelection, tabOrder } from './doc.js';
import { renderAll } from './panels.js';
import { presentLayout } from './present.js';
import { renderResult } from './rounds.js';

let loading = null, wanted = 0, shownVersion = 0;
// reload fetches the map and its diagram and shows them; given a version,
// only if that version is not shown yet. A call while one runs makes it run
// once more if it wants more than that run fetched: the page always ends on
// the newest version, and a write and the event announcing it load the map
// once, not twice (a second load would replace the diagram under the
// user's pointer).
export function reload(version = Infinity) {
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
  S.selected = keepSelection(data, S.selected);
  await Promise.all([loadSVG(), loadAnalysis()]);
  renderAll();
  renderResult();
  shownVersion = shown;
  $('diagram').dataset.version = String(shown);
  $('diagram').dataset.round = roundShown() ? S.round.id : '';
}

// roundShown: the presentation shows the result of a rating round, whose
// medians the server draws as the ratings (map.svg?round=).
const roundShown = () => S.presenting && !!S.round;

export function svgQuery(extra = {}) {
  if (roundShown()) extra = { round: S.round.id, ...extra };
  const q = new URLSearchParams({ layout: layout(), palette: S.palette, format: 'screen', lang: getLang(), ...extra });
  return q.toString();
}

async function loadSVG() {
  const extra = S.presenting ? { panel: 'attention' } : {};
  const { response } = await request('GET', mpath('/map.svg?' + svgQuery(extra)), { token: S.token, raw: true });
  const svg = parseSVG(await response.text());
  // The server draws the attention panel once asked for panel=attention;
  // without one the page shows its own beside the diagram.
  S.serverPanel = S.presenting && !!svg.querySelector('text.panel, [data-panel], g.attention-panel');
  document.body.classList.toggle('server-panel', S.serverPanel);
  if (S.presenting) document.body.classList.remove('present-pending');
  mountSVG(svg);
}

// parseSVG turns the server's SVG text into DOM nodes (never innerHTML) and
// drops anything active, as a second line of defence behind the server's
// escaping and the page's CSP.
export function parseSVG(src) {
  const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
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
    const q = new URLSearchParams({ lang: getLang() });
    if (roundShown()) q.set('round', S.round.id);
    S.analysis = (await request('GET', mpath('/analysis?' + q), { token: S.token })).data;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code === 'not_found') { S.analysis = null; return; }
    throw err;
  }
}

const itemSel = (key) => (key[0] === 'f' ? `[data-function-id="${CSS.escape(key.slice(2))}"]` : `[data-relation-id="${CSS.escape(key.slice(2))}"]`);
export const itemKey = (el) => (el.dataset.functionId != null ? 'f:' + el.dataset.functionId : 'r:' + el.dataset.relationId);
export const diagramItem = (key) => $('diagram').querySelector((key[0] === 'f' ? 'g.function' : 'g.relation') + itemSel(key));

function mountSVG(svg) {
  const box = $('diagram');
  const focused = document.activeElement && box.contains(document.activeElement)
    ? document.activeElement.closest('[data-function-id], [data-relation-id]') : null;
  const focusKey = focused && itemKey(focused);
  // The page owns the SVG's ids from here: the page's heading is
  // #page-title, the SVG keeps #map-title and #map-desc (a contract).
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.removeAttribute('aria-labelledby');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', t('diagramLabel', { title: S.map.title }));
  svg.classList.add('map-svg');
  // Functions above every relation (the server draws the Low ones last, to
  // stand out), so that a relation's wide tap area never covers a circle.
  const fns = svg.querySelector('g.functions');
  const rels = [...svg.querySelectorAll('g.relations')].pop();
  if (fns && rels && (fns.compareDocumentPosition(rels) & Node.DOCUMENT_POSITION_FOLLOWING)) rels.after(fns);
  for (const g of svg.querySelectorAll('g.relation[data-relation-id]')) {
    const lines = g.querySelectorAll('line');
    const line = lines[0];
    if (line) { // a wide invisible twin makes thin lines easy to hit
      const hit = line.cloneNode(false);
      hit.setAttribute('class', 'hit');
      hit.removeAttribute('stroke-dasharray');
      // a round's one-sided tie is drawn in two halves: the twin spans both
      const last = lines[lines.length - 1];
      hit.setAttribute('x2', last.getAttribute('x2'));
      hit.setAttribute('y2', last.getAttribute('y2'));
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
  frame(svg);
  labelSVG();
  if (S.presenting) presentLayout(svg);
  if (focusKey) diagramItem(focusKey)?.focus({ preventScroll: true });
}

// ---- Framing ------------------------------------------------------------
// The server's picture is a whole slide: title, task, map, legend, panel,
// footer. The page has its own title and task, so it shows the map and the
// legend only (on a phone, the map only), as large as its box allows.

function union(boxes) {
  const bs = boxes.filter((b) => b && b.width > 0 && b.height > 0);
  if (!bs.length) return null;
  const x = Math.min(...bs.map((b) => b.x)), y = Math.min(...bs.map((b) => b.y));
  return { x, y, width: Math.max(...bs.map((b) => b.x + b.width)) - x, height: Math.max(...bs.map((b) => b.y + b.height)) - y };
}
const boxOf = (els) => union(els.map((e) => { try { return e.getBBox(); } catch { return null; } }));
const pad = (b, p) => b && { x: b.x - p, y: b.y - p, width: b.width + 2 * p, height: b.height + 2 * p };
const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

// regions finds, in the drawn SVG, the map (content) and the legend with
// the attention panel (side). Either may be null.
export function regions(svg) {
  const q = (s) => [...svg.querySelectorAll(s)];
  const content = pad(boxOf(q('g.relations, g.functions, g.badges, g.marker[data-relation-id]')), 16);
  const sideEls = q('text.legend, text.panel, g.marker:not([data-relation-id])');
  let side = null;
  if (sideEls.length) {
    const minX = Math.min(...sideEls.map((e) => e.getBBox().x));
    const head = boxOf(q('text.title, text.task'));
    const foot = boxOf(q('text.footer'));
    const top = head ? head.y + head.height : -Infinity, bottom = foot ? foot.y : Infinity;
    const frameEls = q('g.frame > line, g.frame > circle, g.frame > text, g.frame > rect').filter((e) => {
      const b = e.getBBox();
      return b.x >= minX - 2 && b.y > top && b.y + b.height < bottom;
    });
    side = pad(boxOf([...sideEls, ...frameEls]), 12);
    sideEls.push(...frameEls);
  }
  return { content, side, sideEls };
}

let framed = { key: '', box: null, shift: null };
// frame sets the viewBox: the map with the legend moved beside it, or on a
// narrow screen the map alone, so that a map drawn in a corner of the
// canvas still fills the page's box. While the same picture is shown (the
// same map, layout chosen, colours, language), the legend keeps its place
// and the frame only grows, so that a circle dropped by hand lands under
// the pointer.
export function frame(svg = $('diagram').querySelector('svg')) {
  if (!svg || S.presenting) { fitTargets(svg); return; }
  const { content, side, sideEls } = regions(svg);
  const narrow = $('diagram').clientWidth < 700;
  const key = [S.id, S.layoutChoice, S.palette, getLang(), narrow].join('|');
  let moved = side;
  if (!narrow && content && side) {
    let shift = framed.key === key ? framed.shift : null;
    if (!shift) {
      const dx = content.x + content.width + 8 - side.x;
      shift = { x: dx < 0 ? dx : 0, y: dx < 0 ? content.y - side.y : 0 };
    }
    framed.shift = shift;
    if (shift.x || shift.y) {
      const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      g.setAttribute('class', 'page-legend');
      g.setAttribute('transform', `translate(${Math.round(shift.x)} ${Math.round(shift.y)})`);
      sideEls[0].before(g);
      g.append(...sideEls);
      moved = { ...side, x: side.x + shift.x, y: side.y + shift.y };
    }
  }
  const need = narrow ? content : union([content, moved]);
  if (need) {
    const box = framed.key === key && framed.box && inside(need, framed.box) ? framed.box : need;
    framed = { key, box, shift: framed.shift };
    setViewBox(svg, box);
  }
  enlarge(svg);
  if (!S.enlarged && innerWidth >= 900) fit(svg, $('diagram'));
  fitTargets(svg);
}

export function setViewBox(svg, box) {
  if (!svg.dataset.full) svg.dataset.full = svg.getAttribute('viewBox') || '';
  svg.setAttribute('viewBox', [box.x, box.y, box.width, box.height].map((v) => Math.round(v)).join(' '));
}

// fit sizes svg to the largest size of its viewBox's shape that its box
// holds: no letterbox, where the parts of the picture outside the viewBox
// would show.
export function fit(svg, box, maxWidth = Infinity) {
  const vb = svg.viewBox.baseVal;
  const w = Math.min(box.clientWidth, maxWidth), h = box.clientHeight;
  if (!vb || !vb.width || !w || !h) return;
  const s = Math.min(w / vb.width, h / vb.height);
  svg.style.width = Math.floor(vb.width * s) + 'px';
  svg.style.height = Math.floor(vb.height * s) + 'px';
}

// The printed page has no header of its own: it shows the whole picture,
// with the server's title and task.
addEventListener('beforeprint', () => {
  const svg = $('diagram')?.querySelector('svg');
  if (!svg?.dataset.full) return;
  svg.setAttribute('viewBox', svg.dataset.full);
  svg.style.removeProperty('width');
  svg.style.removeProperty('height');
  svg.querySelector('g.page-legend')?.removeAttribute('transform');
});
addEventListener('afterprint', () => frame());

// enlarge shows the map at a size where the smallest name is at least 12
// px, in a box that scrolls (and pinch-zooms) on a phone.
function enlarge(svg) {
  const box = $('diagram');
  box.classList.toggle('enlarged', S.enlarged);
  svg.style.removeProperty('height');
  if (!S.enlarged) { svg.style.removeProperty('width'); return; }
  const sizes = [...svg.querySelectorAll('g.function text')].map((e) => parseFloat(e.getAttribute('font-size'))).filter((x) => x > 0);
  const smallest = sizes.length ? Math.min(...sizes) : 16;
  const vb = svg.viewBox.baseVal;
  svg.style.width = Math.ceil(Math.max(box.clientWidth, vb.width * 12.5 / smallest)) + 'px';
}

// fitTargets makes every relation's invisible tap line at least 44 px wide
// on the screen, whatever the picture's scale.
export function fitTargets(svg = $('diagram').querySelector('svg')) {
  if (!svg) return;
  const scale = svg.getScreenCTM()?.a || 1;
  svg.style.setProperty('--hit', Math.max(22, Math.ceil(46 / scale)) + 'px');
}

// labelSVG names the diagram's items for screen readers and marks the
// selected one. A function's name comes from its <title> (its visible text
// may be hyphenated over lines, which an aria-label would not match).
export function labelSVG() {
  const box = $('diagram');
  for (const g of box.querySelectorAll('g.function[data-function-id]')) {
    const f = fn(g.dataset.functionId);
    if (!f) continue;
    let title = g.querySelector(':scope > title');
    if (!title) { title = document.createElementNS('http://www.w3.org/2000/svg', 'title'); g.prepend(title); }
    title.textContent = t(f.center ? 'fnLabelCenter' : 'fnLabel', { name: f.name }) + (f.group ? ' (' + f.group + ')' : '');
    g.classList.toggle('is-selected', S.selected?.kind === 'f' && S.selected.id === f.id);
  }
  for (const g of box.querySelectorAll('g.relation[data-relation-id]')) {
    const r = rel(g.dataset.relationId);
    if (!r) continue;
    g.setAttribute('aria-label', t('relLabel', { a: fname(r.a), b: fname(r.b), rating: ratingWord(r.rating) }));
    g.classList.toggle('is-selected', S.selected?.kind === 'r' && S.selected.id === r.id);
  }
}

// order is the keyboard's way through the diagram: each function, then
// its relations.
export function order() {
  const box = $('diagram');
  const fids = [...box.querySelectorAll('g.function[data-function-id]')].map((g) => g.dataset.functionId);
  const rels = [...box.querySelectorAll('g.relation[data-relation-id]')].map((g) => rel(g.dataset.relationId)).filter(Boolean);
  return tabOrder(fids, rels).map(diagramItem).filter(Boolean);
}
