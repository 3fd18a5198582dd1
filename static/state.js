// The state of the map page, and what this browser keeps: preferences and
// the maps opened before (localStorage), drafts (sessionStorage).
import { fnById, relById, nameOf, layoutOf } from './doc.js';

export const prefs = {
  get(k, d) { try { return localStorage.getItem('relationskort.' + k) ?? d; } catch { return d; } },
  set(k, v) { try { localStorage.setItem('relationskort.' + k, v); } catch { /* private mode */ } },
};

export const S = {
  id: '', token: '', canEdit: false, editToken: '', viewToken: '',
  demoted: false, // the "edit" link's token turned out to be a view token
  map: null, version: 0, analysis: null,
  layoutChoice: prefs.get('layout', 'force'), palette: prefs.get('palette', 'traffic'),
  selected: null, // {kind: 'f' | 'r', id}
  presenting: false, serverPanel: false, snapshots: [], enlarged: false,
  rounds: [], round: null, // the rating rounds; the closed one whose result is presented
  drafts: null,
};

export const fn = (id) => fnById(S.map, id);
export const rel = (id) => relById(S.map, id);
export const fname = (id) => nameOf(S.map, id);
export const layout = () => layoutOf(S.map, S.layoutChoice);
export const api = '/api/v1/maps';
export const mpath = (suffix = '') => api + '/' + encodeURIComponent(S.id) + suffix;

const RECENT = 'relationskort.maps';

export function recentMaps() {
  try { return JSON.parse(localStorage.getItem(RECENT) || '[]').filter((m) => m && m.id); } catch { return []; }
}

// remember keeps what entry says about a map: empty values leave the kept
// ones as they are, null removes them.
export function remember(entry) {
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

export function forget(id) {
  try { localStorage.setItem(RECENT, JSON.stringify(recentMaps().filter((m) => m.id !== id))); } catch { /* */ }
}

export function mapLink(id, kind, token) {
  return location.origin + '/m/' + encodeURIComponent(id) + '#' + kind + '=' + token;
}
