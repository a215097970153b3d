// Unit tests of the page's pure modules (no browser): byte ranges over UTF-8
// text and the tidy tree layout. Run by CTest as web_modules_test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

// web/ has no package.json saying its .js files are ES modules (it is served
// as is), and Node before 20.19 would read them as CommonJS: they are
// imported from .mjs copies. Neither imports another module.
async function importWebModule(name) {
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web', name);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'stemma-web-'));
  const copy = path.join(folder, name.replace(/\.js$/, '.mjs'));
  fs.copyFileSync(source, copy);
  try {
    return await import(pathToFileURL(copy).href);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const { Utf8Text, countCharacters, cutIntoRuns, mergeRanges } = await importWebModule('bytes.js');
const { layoutTree } = await importWebModule('tree.js');

test('Utf8Text slices by byte offsets, not UTF-16 indexes', () => {
  const text = new Utf8Text('café – “quoted” 🙂 end');
  assert.equal(text.byteLength, 31);
  assert.equal(text.slice(0, 5), 'café');      // é is two bytes
  assert.equal(text.slice(6, 9), '–');         // three bytes
  assert.equal(text.slice(23, 27), '🙂');      // four bytes, two UTF-16 units
  assert.equal(text.slice(28, 99), 'end');     // clamped to the text
  assert.equal(text.slice(9, 3), '');          // an inverted range is empty
});

test('countCharacters counts code points', () => {
  assert.equal(countCharacters('a🙂é'), 3);
});

test('mergeRanges unites overlapping and touching ranges', () => {
  assert.deepEqual(mergeRanges([[10, 20], [0, 5], [5, 8], [15, 30], [40, 40]]), [[0, 8], [10, 30]]);
});

test('cutIntoRuns tiles the text and names the ranges covering each run', () => {
  assert.deepEqual(cutIntoRuns(10, [[2, 6], [4, 8]]), [
    { begin: 0, end: 2, covering: [] },
    { begin: 2, end: 4, covering: [0] },
    { begin: 4, end: 6, covering: [0, 1] },
    { begin: 6, end: 8, covering: [1] },
    { begin: 8, end: 10, covering: [] },
  ]);
});

test('layoutTree puts leaves in columns and parents over their children', () => {
  const items = [
    { key: 'root', parentKey: null, order: 0 },
    { key: 'a', parentKey: 'root', order: 1 },
    { key: 'b', parentKey: 'root', order: 2 },
    { key: 'a1', parentKey: 'a', order: 3 },
    { key: 'a2', parentKey: 'a', order: 4 },
  ];
  const { positions, columns, depth } = layoutTree(items, (x, y) => x.order - y.order);
  assert.equal(columns, 3);
  assert.equal(depth, 2);
  assert.deepEqual(positions.get('a1'), { column: 0, depth: 2 });
  assert.deepEqual(positions.get('a2'), { column: 1, depth: 2 });
  assert.deepEqual(positions.get('a'), { column: 0.5, depth: 1 });
  assert.deepEqual(positions.get('b'), { column: 2, depth: 1 });
  assert.deepEqual(positions.get('root'), { column: 1.25, depth: 0 });
});

test('layoutTree places every node once, even in a loop of parents or with a missing parent', () => {
  const items = [
    { key: 'x', parentKey: 'y' }, { key: 'y', parentKey: 'x' },
    { key: 'orphan', parentKey: 'gone' }, { key: 'self', parentKey: 'self' },
  ];
  const { positions } = layoutTree(items);
  assert.equal(positions.size, 4);
  const places = [...positions.values()].map(({ column, depth }) => `${column}@${depth}`);
  assert.equal(new Set(places).size, places.length, 'no two nodes share a place');
});

const { isAlarming } = await importWebModule('format.js');

// "Alarming" is what a reader fears (issue 21): credit, sentences, headline,
// and substitutions of names, numbers and entities, never OCR noise.
test('isAlarming raises credit, sentence and entity changes, not OCR noise or case', () => {
  const substitution = (before, after) => ({ kind: 'substitution', parent: { text: before }, child: { text: after } });
  for (const kind of ['attribution_dropped', 'attribution_changed', 'sentence_inserted', 'sentence_deleted', 'headline_changed']) {
    assert.equal(isAlarming({ kind }), true, kind);
  }
  assert.equal(isAlarming(substitution('Chinese nationals', 'foreign nationals')), true);
  assert.equal(isAlarming(substitution('7,939', '8,000')), true);
  assert.equal(isAlarming(substitution('Wang Yi', 'the minister')), true);
  assert.equal(isAlarming(substitution('tho', 'the')), false, 'an OCR misreading');
  assert.equal(isAlarming(substitution('Ballns', 'Salins')), false, 'an OCR misreading of a name');
  assert.equal(isAlarming(substitution('RUSSIA', 'Russia')), false, 'case only');
  assert.equal(isAlarming(substitution('colour', 'color')), false, 'a spelling variant');
  assert.equal(isAlarming(substitution('said', 'stated')), false, 'no name, number or entity');
  assert.equal(isAlarming({ kind: 'attribution_added' }), false);
});
