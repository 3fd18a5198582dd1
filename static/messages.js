// Error messages in the page's language. Pure: given an error from the API
// ({status, code, details}) and a t() that looks up words, it makes the
// sentence to show. Every code the API gives has its own text; a code this
// page does not know yet falls back to a text for its HTTP status, so the
// user never sees the server's English. Field details are put in words
// ("Navnet på funktion nr. 2: …"), known English messages translated, and
// any other one replaced by a sentence that names the field.

// codes the page has a text for (err_<code>); the rest go by status.
export const codes = ['malformed', 'bad_parameter', 'bad_request', 'unauthorized', 'forbidden', 'read_only',
  'not_found', 'conflict', 'version_mismatch', 'too_large', 'unsupported_media_type', 'invalid',
  'rate_limited', 'unavailable', 'internal', 'method_not_allowed', 'timeout', 'network',
  'too_complex', 'request_timeout', 'revoked', 'round_closed', 'round_open'];

const statusKeys = [400, 401, 403, 404, 405, 408, 409, 412, 413, 415, 422, 429];

// errorKey is the word key of the main sentence for an error.
export function errorKey(code, status, { missingRoute = false } = {}) {
  if (missingRoute && status === 404) return 'err_missing';
  if (codes.includes(code)) return 'err_' + code;
  if (statusKeys.includes(status)) return 'err_status_' + status;
  if (status >= 500) return 'err_status_5xx';
  return 'err_status_other';
}

// The server's English messages about a field that the page knows, each
// with the word key of its translation and the values to fill in.
const patterns = [
  [/^"(.*)" is already the name of functions\[\d+\]/, 'msg_nameTaken', (m) => ({ name: m[1] })],
  [/^"(.*)" is already the id of/, 'msg_idTaken', (m) => ({ id: m[1] })],
  [/is already the centre/, 'msg_centerTaken'],
  [/^must be 1, 2, 3 or null/, 'msg_rating'],
  [/^(rating )?must be (1, 2 or 3|an integer)/, 'msg_rating'],
  [/a relation joins two different functions/, 'msg_selfLoop'],
  [/already joins .* \(one relation per pair\)/, 'msg_pairTaken'],
  [/the id of a function in this map|no function in this map has the id/, 'msg_noFunction'],
  [/^is required$/, 'msg_required'],
  [/^x and y are given together/, 'msg_xy'],
  [/^must be a number between (-?\d+) and (-?\d+)/, 'msg_range', (m) => ({ min: m[1], max: m[2] })],
  [/^must be at most (\d+) characters, not (\d+)/, 'msg_tooLong', (m) => ({ max: m[1], n: m[2] })],
  [/^must be valid UTF-8/, 'msg_utf8'],
  [/^must be a single line/, 'msg_singleLine'],
  [/^contains the control character/, 'msg_control'],
  [/^must be 1–64 characters of/, 'msg_idChars'],
  [/^is not a known field/, 'msg_unknownField'],
  [/^must be an? (string|number|list|object)/, 'msg_type'],
  [/^must be true or false/, 'msg_bool'],
  [/^must be (one of )?[\w-]+( or |, )/, 'msg_oneOf'],
];

// problemText translates one English message about a field, or gives the
// generic sentence.
export function problemText(message, t) {
  for (const [re, key, vars] of patterns) {
    const m = re.exec(String(message || ''));
    if (m) return t(key, vars ? vars(m) : {});
  }
  return t('msg_generic');
}

// fieldWords puts a field path of the API in words: "functions[1].name" is
// "navnet på funktion nr. 2", "title" is "titlen".
export function fieldWords(path, t, has) {
  const parts = String(path || '').match(/[A-Za-z_]+|\[\d+\]/g) || [];
  let owner = '', field = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const next = parts[i + 1];
    if (next && next.startsWith('[') && (p === 'functions' || p === 'relations')) {
      owner = t('owner_' + p, { n: Number(next.slice(1, -1)) + 1 });
      i++;
    } else if (!p.startsWith('[')) {
      field = p;
    }
  }
  const word = field ? (has('field_' + field) ? t('field_' + field) : t('field_unknown')) : '';
  if (word && owner) return t(has('fieldOf_' + field) ? 'fieldOf_' + field : 'fieldOf', { field: word, owner });
  if (word) return t('fieldAlone', { field: word });
  return owner;
}

const upper = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// detailText is one field problem as a sentence part.
export function detailText(detail, t, has) {
  const field = fieldWords(detail.field, t, has);
  const problem = problemText(detail.message, t);
  return upper(field ? t('detailLine', { field, problem }) : problem);
}

// describeError is the whole message for an error of the API (an object
// with status, code, details, missingRoute) or any other thrown value.
export function describeError(err, t, has = () => true) {
  if (!err || typeof err.status !== 'number') return t('err_unknown');
  let msg = t(errorKey(err.code, err.status, err));
  const details = (err.details || []).filter((d) => d && (d.field || d.message)).slice(0, 5)
    .map((d) => detailText(d, t, has));
  if (details.length) msg += ' ' + details.join('. ') + '.';
  return msg;
}
