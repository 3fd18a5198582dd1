// node --test static/test/: the page's error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeError, errorKey, fieldWords, problemText, codes } from '../messages.js';
import { dict, setLang, t, has } from '../i18n.js';

// Every code the API can give: the enum of the Error schema in openapi.json,
// which the API's conformance test holds the server to.
const spec = JSON.parse(readFileSync(new URL('../../api/openapi.json', import.meta.url), 'utf8'));
const apiCodes = spec.components.schemas.Error.properties.error.properties.code.enum;

test('every API code has its own text in both languages', () => {
  assert.ok(apiCodes.length >= 15, 'the codes of openapi.json');
  for (const code of apiCodes) {
    assert.ok(codes.includes(code), code);
    for (const lang of ['da', 'en']) assert.ok(dict[lang]['err_' + code], `${lang}: err_${code}`);
  }
});

test('a code the page does not know falls back on its status', () => {
  const tests = [
    [['payload_too_deep', 413], 'err_status_413'], [['timeout', 504], 'err_timeout'], [['gateway', 504], 'err_status_5xx'],
    [['slow_down', 429], 'err_status_429'], [['', 400], 'err_status_400'], [['teapot', 418], 'err_status_other'],
    [['not_found', 404], 'err_not_found'], [['', 0], 'err_status_other'],
  ];
  for (const [[code, status], want] of tests) assert.equal(errorKey(code, status), want, `errorKey(${code}, ${status})`);
  assert.equal(errorKey('not_found', 404, { missingRoute: true }), 'err_missing');
});

test('fields are put in words', () => {
  setLang('da');
  assert.equal(fieldWords('functions[1].name', t, has), 'navnet på funktion nr. 2');
  assert.equal(fieldWords('relations[3].rating', t, has), 'vurderingen af relation nr. 4');
  assert.equal(fieldWords('title', t, has), 'titlen');
  assert.equal(fieldWords('functions[0].colour_of_hat', t, has), 'et felt på funktion nr. 1');
  assert.equal(fieldWords('relations[2]', t, has), 'relation nr. 3');
  setLang('en');
  assert.equal(fieldWords('functions[1].name', t, has), 'the name of function no. 2');
  setLang('da');
});

test('known English messages are translated, others replaced', () => {
  setLang('da');
  assert.equal(problemText('"hjemmeplejen" is already the name of functions[1] (names are unique, ignoring case)', t),
    '„hjemmeplejen“ er allerede navnet på en anden funktion (store og små bogstaver regnes for ens)');
  assert.equal(problemText('must be at most 80 characters, not 95', t), 'må højst være 80 tegn (der er 95)');
  assert.equal(problemText('the moon is made of cheese', t), 'er ikke i orden');
});

test('the duplicate name of the issue reads as Danish', () => {
  setLang('da');
  const err = { status: 422, code: 'invalid', details: [{ field: 'functions[1].name',
    message: '"hjemmeplejen" is already the name of functions[0] (names are unique, ignoring case)' }] };
  const msg = describeError(err, t, has);
  assert.equal(msg, 'Ændringen blev ikke gemt, fordi den ikke følger reglerne for et relationskort. '
    + 'Navnet på funktion nr. 2: „hjemmeplejen“ er allerede navnet på en anden funktion (store og små bogstaver regnes for ens).');
  assert.doesNotMatch(msg, /already|unique|functions\[/);
});

test('no English reaches a Danish message, whatever the server says', () => {
  setLang('da');
  const err = { status: 413, code: 'drawing_too_large', details: [{ field: 'functions', message: 'too many functions to draw' }] };
  const msg = describeError(err, t, has);
  assert.match(msg, /^Det er for stort til at blive gemt\. Funktionerne: er ikke i orden\.$/);
  assert.equal(describeError(new Error('boom'), t, has), 'Der skete en uventet fejl. Prøv igen.');
  assert.equal(describeError({ status: 0, code: 'network' }, t, has).slice(0, 30), 'Ingen forbindelse til serveren');
});

test('every word is in both languages', () => {
  assert.deepEqual(Object.keys(dict.en).sort(), Object.keys(dict.da).sort());
});
