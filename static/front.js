// The front page: a new map, empty or from one of the example maps
// embedded in the server (/examples/NAME.json), and the maps this browser
// opened before. Also the page for an address that does not exist.
import { t } from './i18n.js';
import { request } from './api.js';
import { $, showAlert, showError } from './dom.js';
import { api, remember, recentMaps, forget } from './state.js';

// The example maps, by file name; their titles are words of the page.
export const examples = ['demens', 'boern-unge', 'borger-arbejdsmarked', 'flyafgang'];
const exampleKey = (name) => 'example_' + name.replace(/-/g, '_');

export function front(setOnLanguage) {
  $('view-front').hidden = false;
  const again = () => { renderRecent(); renderExamples(); };
  again();
  setOnLanguage(again);
  $('create-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = $('create-title').value.trim();
    if (!title) { showAlert(t('titleRequired')); $('create-title').focus(); return; }
    await create(e.submitter || e.target.querySelector('button'), { title, task: $('create-task').value.trim() });
  });
  $('example-list').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-example]');
    if (!b) return;
    try {
      const { data } = await request('GET', '/examples/' + encodeURIComponent(b.dataset.example) + '.json');
      await create(b, data);
    } catch (err) {
      showError(err);
    }
  });
}

// create makes a map from doc and shows its two links.
async function create(btn, doc) {
  btn.disabled = true;
  try {
    const { data } = await request('POST', api, { body: doc });
    remember({ id: data.id, title: data.title, edit: data.edit_token, view: data.view_token });
    $('created-edit').value = data.edit_url;
    $('created-view').value = data.view_url;
    $('created-open').href = '/m/' + encodeURIComponent(data.id) + '#edit=' + data.edit_token;
    $('created').hidden = false;
    $('created').dataset.id = data.id;
    $('alert').hidden = true;
    $('created-h').focus();
    renderRecent();
  } catch (err) {
    showError(err);
  } finally {
    btn.disabled = false;
  }
}

function renderExamples() {
  $('example-list').replaceChildren(...examples.map((name) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn example';
    b.dataset.example = name;
    b.textContent = t(exampleKey(name));
    li.append(b);
    return li;
  }));
}

function renderRecent() {
  const list = recentMaps().sort((a, b) => b.seen - a.seen);
  const ul = $('recent-list');
  ul.replaceChildren();
  $('recent-empty').hidden = list.length > 0;
  for (const m of list) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '/m/' + encodeURIComponent(m.id) + (m.edit ? '#edit=' + m.edit : '#view=' + m.view);
    a.textContent = m.title || t('untitled');
    const kind = document.createElement('span');
    kind.className = 'muted';
    kind.textContent = m.edit ? t('canEdit') : t('canView');
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'btn btn-quiet btn-small';
    del.textContent = t('forget');
    del.setAttribute('aria-label', t('forgetLabel', { title: m.title || t('untitled') }));
    del.addEventListener('click', () => { forget(m.id); renderRecent(); });
    li.append(a, kind, del);
    ul.append(li);
  }
}

// notFound is the page for an address the site does not have.
export function notFound() {
  $('view-notfound').hidden = false;
  document.title = t('notFoundTitle') + ' – Relationskort';
}
