// node --test static/test/: drafts of what was typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Drafts } from '../drafts.js';

function memory() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
}

test('a draft is kept per map and item until cleared', () => {
  const st = memory();
  const a = new Drafts(st, 'map1'), b = new Drafts(st, 'map2');
  a.set('note:r1', 'Medicinlister', '');
  a.set('note:r2', 'Andet', 'gammel');
  assert.equal(a.get('note:r1'), 'Medicinlister');
  assert.equal(a.value('note:r2', 'gammel'), 'Andet');
  assert.equal(b.get('note:r1'), null, 'another map has its own drafts');
  assert.equal(a.value('note:r3', 'gemt'), 'gemt', 'no draft: the saved value');
  a.clear('note:r1');
  assert.equal(a.get('note:r1'), null);
});

test('a draft survives a reload (a new Drafts on the same storage)', () => {
  const st = memory();
  new Drafts(st, 'm').set('add-name', 'Hjemmeplejen');
  assert.equal(new Drafts(st, 'm').get('add-name'), 'Hjemmeplejen');
});

test('typing back the saved value leaves no draft', () => {
  const d = new Drafts(memory(), 'm');
  d.set('about-title', 'Ny', 'Gammel');
  assert.ok(d.has('about-title', 'Gammel'));
  d.set('about-title', 'Gammel', 'Gammel');
  assert.equal(d.get('about-title'), null);
  assert.ok(!d.has('about-title', 'Gammel'));
});

test('a draft stays when the saved value changes under it (a conflict)', () => {
  const d = new Drafts(memory(), 'm');
  d.set('note:r1', 'Min tekst', 'før');
  assert.equal(d.value('note:r1', 'en andens tekst'), 'Min tekst');
  assert.ok(d.has('note:r1', 'en andens tekst'));
});

test('no storage, or a broken one, is no error', () => {
  const none = new Drafts(null, 'm');
  none.set('x', 'y');
  assert.equal(none.get('x'), null);
  const broken = { getItem: () => '{not json', setItem: () => { throw new Error('full'); }, removeItem: () => {} };
  const d = new Drafts(broken, 'm');
  assert.equal(d.get('x'), null);
  d.set('x', 'y');
});
