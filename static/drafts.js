// Drafts: what someone has typed and not saved yet, kept per map and per
// item in the tab's storage (sessionStorage), so that it survives a refused
// write, a change of selection, a lost connection and a reload. Pure: the
// storage is passed in (anything with getItem, setItem, removeItem).
//
// A draft remembers the saved value it started from (base). When the saved
// value and the typed one are equal there is nothing to keep.
export class Drafts {
  constructor(storage, scope) {
    this.storage = storage;
    this.prefix = 'relationskort.draft.' + scope + '.';
  }

  read(key) {
    try {
      const raw = this.storage?.getItem(this.prefix + key);
      if (raw == null) return null;
      const d = JSON.parse(raw);
      return d && typeof d.value === 'string' ? d : null;
    } catch { return null; }
  }

  // get returns the draft of key, or null.
  get(key) { return this.read(key)?.value ?? null; }

  // value is what a field shows: the draft if there is one, else saved.
  value(key, saved = '') { return this.get(key) ?? (saved ?? ''); }

  // has tells whether key has a draft that differs from saved.
  has(key, saved) {
    const v = this.get(key);
    return v !== null && v !== (saved ?? '');
  }

  // set keeps value as the draft of key; typed back to the saved value, the
  // draft goes.
  set(key, value, saved = '') {
    if (value === (saved ?? '')) { this.clear(key); return; }
    const old = this.read(key);
    const base = old ? old.base : (saved ?? '');
    try { this.storage?.setItem(this.prefix + key, JSON.stringify({ value, base })); } catch { /* full or private */ }
  }

  clear(key) {
    try { this.storage?.removeItem(this.prefix + key); } catch { /* */ }
  }
}
