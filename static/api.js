// A small client of the JSON API: the token goes in the Authorization
// header (never in a URL), writes carry If-Match, errors become ApiError
// with the code of the body {"error":{"code","message","details"}}.
import { t, has } from './i18n.js';
import { describeError } from './messages.js';

export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// request calls the API and returns {data, version, response}. opts:
// token, body (JSON-encoded), ifMatch (a version), headers, raw (return the
// Response unread).
export async function request(method, path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.token) headers.Authorization = 'Bearer ' + opts.token;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.ifMatch) headers['If-Match'] = '"' + opts.ifMatch + '"';
  let res;
  try {
    res = await fetch(path, {
      method, headers, cache: 'no-store',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', String(e));
  }
  const version = parseVersion(res.headers.get('ETag'));
  if (!res.ok) {
    let info = {};
    try { info = (await res.json()).error || {}; } catch { /* not JSON */ }
    // The page decides by the code alone, never by the (English) message.
    const e = new ApiError(res.status, info.code || '', info.message || res.statusText, info.details || []);
    e.retryAfter = res.headers.get('Retry-After'); // seconds, on 429 and 503
    throw e;
  }
  if (opts.raw) return { response: res, version };
  const text = res.status === 204 ? '' : await res.text();
  return { data: text ? JSON.parse(text) : null, version, response: res };
}

function parseVersion(tag) {
  if (!tag) return 0;
  const m = /(\d+)/.exec(tag);
  return m ? Number(m[1]) : 0;
}

// describe turns an error into a sentence in the page's language, with the
// fields at fault named in words.
export function describe(err) { return describeError(err, t, has); }
