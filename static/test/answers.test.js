// node --test static/test/: the participant's answers in a rating round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as A from '../answers.js';

const me = (answers = {}, questions = ['overall']) => ({
  round: { id: 'q1', status: 'open', questions },
  relations: [
    { relation_id: 'r1', to: 'laege', to_name: 'Egen læge' },
    { relation_id: 'r5', to: 'sygepleje', to_name: 'Hjemmesygeplejen' },
    { relation_id: 'r7', to: 'borger', to_name: 'Borgeren' },
  ],
  answers,
});

test('a new participant starts at the first relation', () => {
  const s = A.newState(me());
  assert.equal(s.index, 0);
  assert.equal(A.current(s).to_name, 'Egen læge');
  assert.deepEqual(A.progress(s), { position: 1, total: 3, answered: 0 });
  assert.equal(A.done(s), false);
});

test('after a reload the page shows the first relation not answered', () => {
  const s = A.newState(me({ r1: { overall: 3 }, r5: { overall: null } }));
  assert.equal(s.index, 2, 'a "ved ikke" is an answer');
  assert.deepEqual(A.progress(s), { position: 3, total: 3, answered: 2 });
  const all = A.newState(me({ r1: { overall: 3 }, r5: { overall: 1 }, r7: { overall: 2 } }));
  assert.equal(A.done(all), true);
  assert.equal(A.current(all), null);
  assert.deepEqual(A.progress(all), { position: 3, total: 3, answered: 3 });
});

test('an answer gives a new state and the whole body for its relation', () => {
  const s = A.newState(me({}, ['overall', 'respekt']));
  const { state, body } = A.answer(s, 'r1', 'overall', 2);
  assert.deepEqual(body, { answers: { overall: 2 } });
  assert.equal(A.answered(state, 'r1'), true);
  assert.equal(A.answered(s, 'r1'), false, 'the old state is left as it was');
  const again = A.answer(state, 'r1', 'respekt', null);
  assert.deepEqual(again.body, { answers: { overall: 2, respekt: null } }, 'a PUT replaces all: send both');
  const changed = A.answer(again.state, 'r1', 'overall', 1);
  assert.deepEqual(changed.body, { answers: { overall: 1, respekt: null } });
});

test('only a dimension does not count as answered', () => {
  const s = A.newState(me({}, ['overall', 'respekt']));
  const { state } = A.answer(s, 'r1', 'respekt', 3);
  assert.equal(A.answered(state, 'r1'), false);
  assert.equal(A.progress(state).answered, 0);
});

test('answers the server would refuse are refused here', () => {
  const s = A.newState(me());
  for (const bad of [0, 4, '3', undefined, 1.5]) {
    assert.throws(() => A.answer(s, 'r1', 'overall', bad), RangeError, String(bad));
  }
  assert.throws(() => A.answer(s, 'r1', 'respekt', 1), RangeError, 'a question the round does not ask');
});

test('next, back and change', () => {
  let s = A.newState(me());
  assert.equal(A.advancesAlone(s), true);
  assert.equal(A.advancesAlone(A.newState(me({}, ['overall', 'innovation']))), false);
  s = A.next(A.next(A.next(A.next(s))));
  assert.equal(s.index, 3, 'not past done');
  assert.equal(A.done(s), true);
  s = A.back(s);
  assert.equal(A.current(s).relation_id, 'r7');
  s = A.back(A.back(A.back(s)));
  assert.equal(s.index, 0, 'not before the first');
  s = A.goTo(s, 'r5');
  assert.deepEqual(A.progress(s), { position: 2, total: 3, answered: 0 });
  assert.equal(A.goTo(s, 'nope'), s);
});

test('a function without relations is done at once', () => {
  const s = A.newState({ round: { questions: ['overall'] }, relations: [], answers: {} });
  assert.equal(A.done(s), true);
  assert.deepEqual(A.progress(s), { position: 0, total: 0, answered: 0 });
});

test('the tab keeps the participant token, and only a token', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  assert.equal(A.saved(storage, 'q1'), null);
  A.save(storage, 'q1', { token: 'tok', from: 'laege' });
  assert.deepEqual(A.saved(storage, 'q1'), { token: 'tok', from: 'laege' });
  assert.equal(A.saved(storage, 'q2'), null, 'one round does not see another');
  store.set(A.storageKey('q3'), '{not json');
  assert.equal(A.saved(storage, 'q3'), null);
  store.set(A.storageKey('q4'), '{"token":""}');
  assert.equal(A.saved(storage, 'q4'), null);
  A.forget(storage, 'q1');
  assert.equal(A.saved(storage, 'q1'), null);
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() { throw new Error('denied'); } };
  assert.equal(A.saved(broken, 'q1'), null);
  A.save(broken, 'q1', { token: 'x' });
  A.forget(broken, 'q1');
});

test('the join token comes from the fragment', () => {
  assert.equal(A.joinToken('#join=abc-_123'), 'abc-_123');
  assert.equal(A.joinToken('join=abc'), 'abc');
  assert.equal(A.joinToken('#view=abc'), '');
  assert.equal(A.joinToken(''), '');
});

test('answers that failed are sent again, waiting longer each time', () => {
  assert.equal(A.retryDelay(1), 500);
  assert.equal(A.retryDelay(3), 2000);
  assert.equal(A.retryDelay(20), 10000);
  assert.equal(A.retryDelay(1, '4'), 4000, 'the server’s Retry-After wins');
  assert.equal(A.retryDelay(1, '3600'), 30000);
});
