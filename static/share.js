// Sharing: the QR codes of the links, and the downloads (pictures as the
// page shows them, with the attention panel; data in the page's language).
import { S, mpath, mapLink } from './state.js';
import { request, ApiError } from './api.js';
import { t, getLang } from './i18n.js';
import { $, showAlert, showError } from './dom.js';
import { svgQuery } from './view.js';
import { slug, dispositionName } from './filename.js';

export async function showQR(kind) {
  const tok = kind === 'edit' ? S.editToken : S.viewToken;
  if (!tok) { showAlert(t('viewUnknown')); return; }
  try {
    const { response } = await request('GET', mpath('/qr.svg?link=' + kind), {
      token: S.token, raw: true, headers: { 'X-Link-Token': tok } });
    const url = URL.createObjectURL(await response.blob());
    const img = new Image();
    img.src = url;
    img.alt = t(kind === 'edit' ? 'qrEditTitle' : 'qrViewTitle');
    img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    $('qr-box').replaceChildren(img);
    $('qr-h').textContent = t(kind === 'edit' ? 'qrEditTitle' : 'qrViewTitle');
    $('qr-link').textContent = mapLink(S.id, kind, tok);
    $('qr-dialog').showModal();
  } catch (err) {
    showError(err);
  }
}

// What each download button fetches: the pictures as the page shows them
// (with the attention panel, for a meeting), the data in the language of
// the page.
function downloadPath(kind) {
  switch (kind) {
    case 'svg': case 'png':
      return mpath('/map.' + kind + '?' + svgQuery({ panel: 'attention' }));
    case 'csv-relations': case 'csv-functions':
      return mpath('/export?' + new URLSearchParams({ format: 'csv', table: kind.slice(4), lang: getLang(), palette: S.palette }));
    default:
      return mpath('/export?' + new URLSearchParams({ format: kind, lang: getLang(), palette: S.palette }));
  }
}

// fileName takes the name the server gives (Content-Disposition), or makes
// one from the title by the server's slug rule. map.svg and map.png call
// every picture relationskort.svg/.png, which names no map: there the title
// does.
function fileName(response, kind) {
  const given = dispositionName(response.headers.get('Content-Disposition'));
  if (given && !/^relationskort\.(svg|png)$/.test(given)) return given;
  const ext = kind.startsWith('csv-') ? '-' + kind.slice(4) + '.csv' : '.' + kind;
  return slug(S.map.title) + ext;
}

export async function download(kind, button) {
  const status = $('download-status');
  status.textContent = t('downloading', { format: button.textContent });
  delete status.dataset.type;
  button.disabled = true;
  try {
    const { response } = await request('GET', downloadPath(kind), { token: S.token, raw: true });
    const blob = await response.blob();
    const name = fileName(response, kind);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = t('downloaded', { name });
    status.dataset.type = blob.type;
    status.dataset.size = String(blob.size);
    status.dataset.kind = kind;
  } catch (err) {
    status.textContent = '';
    if (err instanceof ApiError && err.code === 'not_found') err.missingRoute = true;
    throw err;
  } finally {
    button.disabled = false;
  }
}
