// Live updates: the server's event stream says when the map changed; the
// page loads the new version. When the stream is lost (a server restart, a
// dropped network), everyone sees it, and the page keeps trying to
// reconnect by itself, catching up on what it missed once it is back.
//
// body[data-live]: "connecting" (also while the browser reconnects),
// "open", or "lost" (the stream is closed: the page retries on its own,
// except after the map was deleted).
import { S, mpath } from './state.js';
import { t } from './i18n.js';
import { $, announce, showError } from './dom.js';
import { reload } from './view.js';
import { loadSnapshots } from './snapshots.js';
import { openFailed } from './app.js';
import { onRoundEvent } from './rounds.js';

let es = null, retry = 0, timer = 0, wasOpen = false, gone = false, lostTimer = 0;

function setLive(state) {
  document.body.dataset.live = state;
  // A moment of reconnecting is normal; a longer one is shown. (The
  // browser retries every second: each failure must not restart the wait.)
  if (state !== 'connecting') { clearTimeout(lostTimer); lostTimer = 0; }
  if (state === 'open') showLost(false);
  else if (state === 'lost') showLost(wasOpen && !gone);
  else if (wasOpen && !lostTimer) lostTimer = setTimeout(() => { lostTimer = 0; showLost(true); }, 1500);
}

function showLost(on) {
  const box = $('live-status');
  if (on && box.hidden) box.textContent = t('liveLost');
  box.hidden = !on;
}

export function listen() {
  clearTimeout(timer);
  timer = 0;
  if (es) es.close();
  es = new EventSource(mpath('/events?token=' + encodeURIComponent(S.token)));
  const mine = es;
  setLive('connecting');
  es.addEventListener('open', () => {
    if (mine !== es) return;
    const back = wasOpen && retry > 0;
    retry = 0;
    clearTimeout(timer);
    timer = 0;
    setLive('open');
    if (back || !$('live-status').hidden) {
      // Whatever changed while the stream was down.
      reload().then(() => announce(t('liveBack')), showError);
    }
    wasOpen = true;
  });
  es.addEventListener('error', () => {
    if (mine !== es || gone) return;
    // After a dropped stream the browser reconnects by itself
    // (CONNECTING); when it gives up (CLOSED) the page tries again,
    // waiting longer each time, up to 15 seconds.
    if (es.readyState === EventSource.CLOSED) {
      setLive('lost');
      retry++;
      clearTimeout(timer);
      timer = setTimeout(() => { timer = 0; listen(); }, Math.min(5000, 500 * 2 ** Math.min(retry, 4)));
    } else {
      // The browser's own retries can stall for a long time after a
      // server restart: start afresh if it has not reconnected soon.
      retry = Math.max(retry, 1);
      setLive('connecting');
      if (!timer) {
        timer = setTimeout(() => {
          timer = 0;
          if (mine === es && es.readyState !== EventSource.OPEN) { retry++; listen(); }
        }, Math.min(5000, 1000 * 2 ** Math.min(retry, 3)));
      }
    }
  });
  es.addEventListener('version', (e) => {
    let v = 0;
    try { v = JSON.parse(e.data).version; } catch { return; }
    if (v !== S.version) reload(v).then(() => announce(t('updated')), showError);
  });
  es.addEventListener('snapshots', () => { loadSnapshots().catch(showError); });
  // a rating round's counts (never its answers), or a round that started,
  // closed or went
  es.addEventListener('round', (e) => {
    let p = null;
    try { p = JSON.parse(e.data); } catch { return; }
    onRoundEvent(p);
  });
  es.addEventListener('deleted', () => {
    gone = true;
    es.close();
    setLive('lost');
    openFailed(t('err_forbidden'));
  });
  // the tokens were rotated: this link stopped working for good, so do not
  // reconnect with it
  es.addEventListener('revoked', () => {
    gone = true;
    es.close();
    setLive('lost');
    openFailed(t('err_revoked'));
  });
}

// relabel puts the lost-connection text in the page's language.
export function relabel() {
  if (!$('live-status').hidden) $('live-status').textContent = t('liveLost');
}

export function stopListening() {
  gone = true;
  clearTimeout(timer);
  if (es) es.close();
}
