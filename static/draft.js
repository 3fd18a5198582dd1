// A plain stand-in drawing, used only while the server offers no map.svg
// (404): it follows the same contract (g.function[data-function-id] with a
// circle, g.relation.rating-N[data-relation-id][data-rating] with a line,
// a viewBox) so that the page works the same either way. The server's SVG is
// the real diagram; this is not meant to compete with it.
const NS = 'http://www.w3.org/2000/svg';
const W = 1000, H = 700;
const STROKE = { 1: '#1b7f3b', 2: '#a86400', 3: '#c0262d', 0: '#6b7280' };
const WIDTH = { 1: 6, 2: 4, 3: 7, 0: 3 };
const DASH = { 1: '', 2: '', 3: '14 8', 0: '3 7' };
const FILLS = ['#dcecf0', '#e8e3f3', '#f6e7d6', '#e1eedc', '#f3dfe6', '#e6e6e6'];

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== '' && v != null) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

function positions(map) {
  const pos = new Map();
  const free = [];
  for (const f of [...map.functions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (f.x != null && f.y != null) pos.set(f.id, [f.x, f.y]);
    else if (f.center) pos.set(f.id, [W / 2, H / 2]);
    else free.push(f);
  }
  free.forEach((f, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(free.length, 1);
    pos.set(f.id, [Math.round(W / 2 + 380 * Math.cos(a)), Math.round(H / 2 + 260 * Math.sin(a))]);
  });
  return pos;
}

export function draftSVG(map) {
  const svg = el('svg', { xmlns: NS, viewBox: `0 0 ${W} ${H}`, 'data-source': 'page-draft' });
  svg.append(el('rect', { x: 0, y: 0, width: W, height: H, fill: '#ffffff' }));
  const pos = positions(map);
  const groups = [...new Set(map.functions.map((f) => f.group || ''))].sort();
  for (const r of [...map.relations].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const n = r.rating || 0;
    const g = el('g', { class: 'relation rating-' + (n || 'none'), 'data-relation-id': r.id, 'data-rating': n || '' });
    const [x1, y1] = pos.get(r.a), [x2, y2] = pos.get(r.b);
    g.append(el('line', { x1, y1, x2, y2, stroke: STROKE[n], 'stroke-width': WIDTH[n], 'stroke-dasharray': DASH[n], 'stroke-linecap': 'round' }));
    svg.append(g);
  }
  for (const f of [...map.functions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const [cx, cy] = pos.get(f.id);
    const g = el('g', { class: 'function' + (f.center ? ' center' : ''), 'data-function-id': f.id });
    g.append(el('title', {}, f.name));
    const r = f.center ? 62 : 50;
    g.append(el('circle', { cx, cy, r, fill: f.center ? '#0f5f6e' : FILLS[groups.indexOf(f.group || '') % FILLS.length], stroke: '#33404d', 'stroke-width': 2 }));
    const name = f.name.length > 16 ? f.name.slice(0, 15) + '…' : f.name;
    g.append(el('text', { x: cx, y: cy + 6, 'text-anchor': 'middle', 'font-size': 17, 'font-family': 'system-ui, sans-serif', fill: f.center ? '#ffffff' : '#1f2933' }, name));
    svg.append(g);
  }
  return svg;
}
