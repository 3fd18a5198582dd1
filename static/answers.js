// The participant's answers in a rating round, as pure state: which
// relation is shown, what has been answered, how far along the participant
// is, what to send, and what this tab keeps across a reload. No DOM and no
// network: participant.js draws it and talks to the server; node tests
// (test/answers.test.js) check it.
//
// state = {
//   relations: [{relation_id, to, to_name}]   the participant's, in order
//   questions: ['overall', …dimensions]        what the round asks
//   answers:   {relation_id: {question: 1|2|3|null}}  null: "ved ikke"
//   index:     the relation shown, 0…relations.length (= done)
// }

export const OVERALL = 'overall';

// newState starts from what the server says (the reply to joining or to
// /me) and shows the first relation not yet answered.
export function newState(me) {
  const s = {
    relations: me.relations || [],
    questions: (me.round && me.round.questions) || [OVERALL],
    answers: clone(me.answers || {}),
    index: 0,
  };
  s.index = firstOpen(s);
  return s;
}

function clone(answers) {
  const out = {};
  for (const [rid, a] of Object.entries(answers)) out[rid] = { ...a };
  return out;
}

// answered tells whether relation rid has its overall answer (a rating or
// "ved ikke"): the dimension questions are optional.
export function answered(s, rid) {
  const a = s.answers[rid];
  return !!a && Object.prototype.hasOwnProperty.call(a, OVERALL);
}

// firstOpen is the index of the first relation without an answer, or
// relations.length when every one has one.
export function firstOpen(s) {
  const i = s.relations.findIndex((r) => !answered(s, r.relation_id));
  return i < 0 ? s.relations.length : i;
}

export const done = (s) => s.index >= s.relations.length;
export const current = (s) => (done(s) ? null : s.relations[s.index]);
export const dimensions = (s) => s.questions.filter((q) => q !== OVERALL);

// progress is what the page shows: "3 af 7" for the relation shown, and
// how many are answered (for the bar).
export function progress(s) {
  const total = s.relations.length;
  return {
    position: Math.min(s.index + 1, total),
    total,
    answered: s.relations.filter((r) => answered(s, r.relation_id)).length,
  };
}

// valid says whether v is an answer the server takes: 1, 2, 3 or null.
export const valid = (v) => v === null || v === 1 || v === 2 || v === 3;

// answer sets the answer to question q about relation rid and returns the
// new state (the old one is left as it was) and the body to PUT: every
// answer about that relation, since the PUT replaces them all.
export function answer(s, rid, q, value) {
  if (!valid(value)) throw new RangeError('an answer is 1, 2, 3 or null');
  if (!s.questions.includes(q)) throw new RangeError('the round does not ask ' + q);
  const answers = clone(s.answers);
  answers[rid] = { ...(answers[rid] || {}), [q]: value };
  const next = { ...s, answers };
  return { state: next, body: bodyFor(next, rid) };
}

// bodyFor is the PUT body for relation rid.
export function bodyFor(s, rid) {
  const a = {};
  for (const q of s.questions) {
    if (s.answers[rid] && Object.prototype.hasOwnProperty.call(s.answers[rid], q)) a[q] = s.answers[rid][q];
  }
  return { answers: a };
}

// After an overall answer: with no dimension questions the next relation
// comes at once; with some, the participant presses "Næste".
export const advancesAlone = (s) => dimensions(s).length === 0;

// next shows the next relation (or done), back the one before; goTo a
// given relation (to change its answer).
export const next = (s) => ({ ...s, index: Math.min(s.index + 1, s.relations.length) });
export const back = (s) => ({ ...s, index: Math.max(s.index - 1, 0) });
export function goTo(s, rid) {
  const i = s.relations.findIndex((r) => r.relation_id === rid);
  return i < 0 ? s : { ...s, index: i };
}

// The tab keeps the participant token under the round's key in
// sessionStorage: a reload picks up where the participant was, and
// closing the tab forgets it. (The token is never put in the address,
// which might be shared.)
export const storageKey = (rid) => 'relationskort.round.' + rid;

export function saved(storage, rid) {
  try {
    const v = JSON.parse(storage.getItem(storageKey(rid)) || 'null');
    return v && typeof v.token === 'string' && v.token ? v : null;
  } catch {
    return null;
  }
}

export function save(storage, rid, value) {
  try { storage.setItem(storageKey(rid), JSON.stringify(value)); } catch { /* private mode: the page still works */ }
}

export function forget(storage, rid) {
  try { storage.removeItem(storageKey(rid)); } catch { /* nothing kept */ }
}

// joinToken reads the join token from the address's fragment (#join=…).
export function joinToken(hash) {
  return new URLSearchParams(String(hash || '').replace(/^#/, '')).get('join') || '';
}

// retryDelay is how long to wait before sending an answer again after the
// nth failure (from 1), in ms: the Retry-After the server gave, else a
// growing pause, at most 10 s.
export function retryDelay(n, retryAfterSeconds) {
  const ra = Number(retryAfterSeconds);
  if (ra > 0) return Math.min(ra, 30) * 1000;
  return Math.min(10000, 500 * 2 ** Math.max(0, n - 1));
}
