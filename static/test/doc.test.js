// node --test static/test/: the map document, undo and the order of keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutOf, between, undoDelete, documentBody, keepSelection, tabOrder, counts, clone, pinned } from '../doc.js';

const map = () => ({
  title: 'Demens', task: 'Opgave', functions: [
    { id: 'hp', name: 'Hjemmeplejen', group: 'Kommune' }, { id: 'laege', name: 'Egen læge', group: 'Almen praksis', x: 10, y: 20 },
    { id: 'geri', name: 'Geriatri', group: 'Region', center: true }],
  relations: [{ id: 'r1', a: 'hp', b: 'laege', rating: 3, note: 'Medicin' }, { id: 'r2', a: 'geri', b: 'hp', rating: null }],
});

test('layout: by hand while anything is pinned, else the choice', () => {
  const m = map();
  assert.equal(layoutOf(m, 'force'), 'manual');
  assert.equal(pinned(m).length, 1);
  delete m.functions[1].x; delete m.functions[1].y;
  assert.equal(layoutOf(m, 'force'), 'force');
  assert.equal(layoutOf(null, 'circle'), 'circle');
});

test('between finds a relation either way round', () => {
  assert.equal(between(map(), 'laege', 'hp').id, 'r1');
  assert.equal(between(map(), 'laege', 'geri'), undefined);
});

test('undoing a deleted function puts the map back in its order, ids and all', () => {
  const before = map();
  const plan = undoDelete(before, 'f', 'hp');
  assert.equal(plan.name, 'Hjemmeplejen');
  assert.deepEqual(plan.document.functions.map((f) => f.id), ['hp', 'laege', 'geri'], 'the order decides colours and places');
  assert.deepEqual(plan.document.functions[1], { id: 'laege', name: 'Egen læge', group: 'Almen praksis', x: 10, y: 20 });
  assert.deepEqual(plan.document.relations[0], { id: 'r1', a: 'hp', b: 'laege', rating: 3, note: 'Medicin' });
  assert.deepEqual(plan.steps.map(([p, b]) => p + ':' + b.id), ['/functions:hp', '/relations:r1', '/relations:r2']);
  assert.equal(plan.document.task, 'Opgave');
});

test('undoing a deleted relation', () => {
  const plan = undoDelete(map(), 'r', 'r1');
  assert.equal(plan.name, 'Hjemmeplejen – Egen læge');
  assert.deepEqual(plan.steps, [['/relations', { id: 'r1', a: 'hp', b: 'laege', rating: 3, note: 'Medicin' }]]);
});

test('the document body leaves out what the server adds', () => {
  const m = { ...map(), id: 'x', version: 4, created_at: 'then' };
  assert.deepEqual(Object.keys(documentBody(m)).sort(), ['functions', 'relations', 'task', 'title']);
});

test('the selection is kept while its item exists', () => {
  const m = map();
  assert.deepEqual(keepSelection(m, { kind: 'r', id: 'r1' }), { kind: 'r', id: 'r1' });
  assert.equal(keepSelection(m, { kind: 'f', id: 'gone' }), null);
  assert.equal(keepSelection(m, null), null);
});

test('the keyboard visits each function, then its relations', () => {
  const m = map();
  assert.deepEqual(tabOrder(['hp', 'laege', 'geri'], m.relations), ['f:hp', 'r:r1', 'r:r2', 'f:laege', 'f:geri']);
  assert.deepEqual(tabOrder(['geri', 'laege'], m.relations), ['f:geri', 'r:r2', 'f:laege', 'r:r1']);
});

test('counts for the room, and a clone that does not share', () => {
  const m = map();
  assert.deepEqual(counts(m), { functions: 3, relations: 2, rated: 1 });
  const c = clone(m);
  c.functions[0].name = 'x';
  assert.equal(m.functions[0].name, 'Hjemmeplejen');
});
