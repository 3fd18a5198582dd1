// The workshop page: the front page (create a map, empty or from an
// example; maps opened before) and the map page (build, rate, arrange,
// present, share, download). The diagram is the server's SVG, inlined and
// made interactive through its data-function-id / data-relation-id hooks.
// The work is split by job: state.js and doc.js (the map document),
// api.js and messages.js (the API and its errors in words), view.js (the
// diagram), panels.js (the tools column), edit.js, controls.js and
// diagram.js (editing), present.js, live.js, drafts.js, share.js,
// snapshots.js, front.js.
//
// What the page is doing shows in attributes, for tests and tools to wait on
// (never a fixed delay):
//   body[data-live]        the live-update stream (live.js): "connecting",
//                          "open", or "lost"
//   #diagram[data-version] the map version whose diagram and panels are shown,
//                          set after each complete render
//   #diagram[aria-busy]    "true" while the map is being (re)loaded
import { t, setLang, getLang, translatePage } from './i18n.js';
import { request, ApiError, describe } from './api.js';
import { $, bindCommon, showError } from './dom.js';
import { S, prefs, recentMaps, remember, mapLink, mpath } from './state.js';
import { Drafts } from './drafts.js';
import { reload } from './view.js';
import { renderAll } from './panels.js';
import { becomeReadOnly } from './edit.js';
import { bindControls } from './controls.js';
import { bindDiagram } from './diagram.js';
import { listen, relabel, stopListening } from './live.js';
import { loadSnapshots, renderSnapshots, compareNow } from './snapshots.js';
import { front, notFound } from './front.js';
import { bindRounds, loadRounds, relabelRounds } from './rounds.js';
import { participantPage } from './participant.js';

let onLanguage = () => {};
function applyLang() {
  translatePage();
  const b = $('btn-lang');
  b.textContent = t('langButton');
  b.lang = t('langButtonLang');
  $('btn-enlarge').textContent = t(S.enlarged ? 'shrink' : 'enlarge');
  onLanguage();
}

// showMode shows what the page's token allows: editing, or viewing only,
// and the links it can share.
export function showMode() {
  document.body.classList.toggle('readonly', !S.canEdit);
  $('readonly-note').hidden = S.canEdit;
  $('mode-badge').textContent = t(S.canEdit ? 'modeEdit' : 'modeView');
  $('share-view').value = S.viewToken ? mapLink(S.id, 'view', S.viewToken) : '';
  $('share-view').closest('.linkrow').querySelector('.copyfield').hidden = !S.viewToken;
  $('share-view-missing').hidden = !!S.viewToken;
  $('btn-qr-view').hidden = !S.viewToken;
  $('share-edit').value = S.editToken ? mapLink(S.id, 'edit', S.editToken) : '';
}

export function openFailed(msg) {
  $('view-map').hidden = true;
  document.body.classList.remove('map-open', 'presenting', 'server-panel');
  $('topbar-map').hidden = true;
  $('btn-present').hidden = true;
  $('live-status').hidden = true;
  $('view-error').hidden = false;
  $('error-text').textContent = msg;
}

// tokens reads the link's key from the address (#edit=… or #view=…), or
// what this browser remembers of the map.
function tokens(id) {
  const frag = new URLSearchParams(location.hash.slice(1));
  const known = recentMaps().find((m) => m.id === id) || {};
  let edit = frag.get('edit') || '';
  const view = frag.get('view') || known.view || '';
  if (!edit && !frag.get('view') && known.edit) edit = known.edit;
  return { edit, view, token: edit || view };
}

async function mapPage(id) {
  S.id = id;
  const k = tokens(id);
  S.editToken = k.edit;
  S.viewToken = k.view;
  S.canEdit = !!S.editToken;
  S.token = k.token;
  if (!S.token) { openFailed(t('noToken')); return; }
  let storage = null;
  try { storage = sessionStorage; } catch { /* no storage: drafts live as long as the fields */ }
  S.drafts = new Drafts(storage, id);
  // Opening another link of this map in the tab (the edit link where the
  // view link was) opens the map with that link.
  addEventListener('hashchange', () => {
    if (tokens(id).token !== S.token) { stopListening(); location.reload(); }
  });
  if (S.editToken && !S.viewToken) {
    // The view token is derived from the edit token: ask for the link.
    try {
      const { data } = await request('GET', mpath('/links'), { token: S.editToken });
      S.viewToken = data.view_token || '';
    } catch (err) {
      // read_only (or forbidden, from a server before read_only): the
      // token cannot edit, and loading the map below tells whether it can
      // read. Anything else leaves the view link unknown, and loading decides.
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
    relabel();
    if (S.map) { renderAll(); renderSnapshots(); relabelRounds(); reload().catch(showError); }
    if (!$('compare').hidden) compareNow($('compare').dataset.from).catch(showError);
  };
  onLanguage();
  bindDiagram();
  bindControls();
  bindRounds();
  try {
    await reload();
  } catch (err) {
    openFailed(describe(err));
    return;
  }
  remember({ id, title: S.map.title, edit: S.demoted ? null : S.editToken, view: S.viewToken });
  loadSnapshots().catch(showError);
  loadRounds().catch(showError);
  listen();
}

// ---- Start ---------------------------------------------------------------

bindCommon();
$('btn-lang').addEventListener('click', () => {
  setLang(getLang() === 'da' ? 'en' : 'da');
  prefs.set('lang', getLang());
  applyLang();
});
setLang(prefs.get('lang', 'da'));
applyLang();
const route = /^\/m\/([^/]+)\/?$/.exec(location.pathname);
const roundRoute = /^\/r\/([^/]+)\/?$/.exec(location.pathname);
if (route) mapPage(decodeURIComponent(route[1]));
else if (roundRoute) participantPage(decodeURIComponent(roundRoute[1]), (f) => { onLanguage = f; });
else if (location.pathname === '/' || location.pathname === '/index.html') front((f) => { onLanguage = f; });
else notFound();
