// The page's two languages, Danish first. The words are in words-da.js and
// words-en.js; this module picks the language and fills in the page.
import da from './words-da.js';
import en from './words-en.js';

export const dict = { da, en };

let lang = 'da';

export function getLang() { return lang; }

export function setLang(l) { lang = dict[l] ? l : 'da'; }

// t returns the text for key in the current language, with {name} filled
// from vars; the key itself when no language has it.
export function t(key, vars = {}) {
  const s = dict[lang][key] ?? dict.da[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

// has tells whether key is a word of the page.
export function has(key) { return key in dict.da; }

// translatePage fills every element marked with data-i18n (text) and
// data-i18n-aria-label (accessible name).
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
}

// The Danish/English word for a rating (0 or null: not rated).
export function ratingWord(r) { return t('rating' + (r || 0)); }

// locale is the BCP 47 tag for numbers and dates in the current language.
export function locale() { return lang === 'en' ? 'en-GB' : 'da-DK'; }

// num formats a number with the language's decimal comma or point and at
// most digits decimals.
export function num(x, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(x);
}

// when says when something happened, for a room: "i dag kl. 14.32", or the
// date and time.
export function when(iso, now = new Date()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(d);
  if (d.toDateString() === now.toDateString()) return t('changedToday', { time });
  const date = new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  return t('changedAt', { date, time });
}
