// Unit tests of the page's pure modules (no browser): byte ranges over UTF-8
// text, the tidy tree layout and its collapsed subtrees, what is alarming and
// the change filter, CSV quoting, viewBox zoom, the outlet network's edges
// and circle. Run by CTest as web_modules_test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

// web/ has no package.json saying its .js files are ES modules (it is served
// as is), and Node before 20.19 would read them as CommonJS: they are
// imported from .mjs copies of every module of web/, their imports of one
// another renamed to match. Modules that touch the DOM only when called
// (dom.js, zoom.js) import fine.
const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'stemma-web-'));
const webDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web');
for (const name of fs.readdirSync(webDir).filter((file) => file.endsWith('.js'))) {
  const source = fs.readFileSync(path.join(webDir, name), 'utf8').replace(/from '\.\/([\w-]+)\.js'/g, "from './$1.mjs'");
  fs.writeFileSync(path.join(copies, name.replace(/\.js$/, '.mjs')), source);
}
process.on('exit', () => fs.rmSync(copies, { recursive: true, force: true }));

function importWebModule(name) {
  return import(pathToFileURL(path.join(copies, name.replace(/\.js$/, '.mjs'))).href);
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

const { csvField, toCsv } = await importWebModule('csv.js');

test('toCsv quotes fields as RFC 4180 asks and ends lines with CRLF', () => {
  assert.equal(toCsv([['a', 'b'], [1, 'plain']]), 'a,b\r\n1,plain\r\n');
  assert.equal(csvField('Smith, John'), '"Smith, John"');
  assert.equal(csvField('say "no"'), '"say ""no"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\r'), '"cr\r"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(0), '0');
  assert.equal(csvField('é – 🙂'), 'é – 🙂');
});

test('csvField keeps a spreadsheet from running a text as a formula, not a number', () => {
  assert.equal(csvField('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
  assert.equal(csvField('+cmd'), "'+cmd");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('-3.5'), '-3.5', 'a negative number stays a number');
  assert.equal(csvField(-2), '-2');
});

const { clampFactor, fitBox, panBox, zoomBox } = await importWebModule('zoom.js');

test('fitBox shows the bounds with a margin and never magnifies past the view size', () => {
  assert.deepEqual(fitBox({ x: 0, y: 0, width: 1000, height: 400 }, 10), { x: -10, y: -10, width: 1020, height: 420 });
  // A drawing smaller than the view: the box is the view's size, centred on it.
  assert.deepEqual(fitBox({ x: 0, y: 0, width: 100, height: 50 }, 0, { width: 300, height: 150 }), { x: -100, y: -50, width: 300, height: 150 });
});

test('zoomBox keeps the point under the pointer in place; panBox moves the box', () => {
  const box = { x: 0, y: 0, width: 400, height: 200 };
  const zoomed = zoomBox(box, 2, { x: 100, y: 50 });
  assert.deepEqual(zoomed, { x: 50, y: 25, width: 200, height: 100 });
  // The point is at the same share of the box before and after.
  assert.equal((100 - zoomed.x) / zoomed.width, (100 - box.x) / box.width);
  assert.deepEqual(panBox(box, 5, -5), { x: 5, y: -5, width: 400, height: 200 });
  assert.equal(clampFactor(box, 100, box), 400 / 120, 'no closer than about one node across');
  assert.equal(clampFactor(box, 0.01, box), 1 / 3, 'no farther than three times the fitted box');
});

const { visibleItems } = await importWebModule('tree.js');

test('visibleItems hides the subtrees of collapsed nodes and counts what each node holds', () => {
  const items = [
    { key: 'root', parentKey: null }, { key: 'a', parentKey: 'root' }, { key: 'b', parentKey: 'root' },
    { key: 'a1', parentKey: 'a' }, { key: 'a2', parentKey: 'a' }, { key: 'a11', parentKey: 'a1' },
  ];
  const all = visibleItems(items, new Set());
  assert.equal(all.items.length, 6);
  assert.equal(all.descendants.get('root'), 5);
  assert.equal(all.descendants.get('a'), 3);
  assert.equal(all.descendants.has('b'), false, 'a leaf has no toggle');
  const folded = visibleItems(items, new Set(['a']));
  assert.deepEqual(folded.items.map((item) => item.key), ['root', 'a', 'b']);
  const nested = visibleItems(items, new Set(['a1', 'root']));
  assert.deepEqual(nested.items.map((item) => item.key), ['root'], 'a collapsed root hides everything under it');
});

const { changeKinds, isFiltering, nodeMatches } = await importWebModule('change_filter.js');

test('the change filter lets through the kinds ticked, and alarming changes only when asked', () => {
  const dropped = { kind: 'attribution_dropped' };
  const noise = { kind: 'substitution', parent: { text: 'tho' }, child: { text: 'the' } };
  const nodes = [{ changes: [dropped, noise] }, { changes: [noise] }, { changes: [] }];
  const present = changeKinds(nodes);
  assert.deepEqual(present, [{ kind: 'substitution', count: 2 }, { kind: 'attribution_dropped', count: 1 }]);
  const all = { kinds: new Set(['substitution', 'attribution_dropped']), alarmingOnly: false };
  assert.equal(isFiltering(all, present), false, 'every kind ticked filters nothing');
  const alarming = { ...all, alarmingOnly: true };
  assert.equal(isFiltering(alarming, present), true);
  assert.deepEqual(nodes.map((node) => nodeMatches(node, alarming)), [true, false, false], 'OCR noise is not alarming');
  const substitutions = { kinds: new Set(['substitution']), alarmingOnly: false };
  assert.deepEqual(nodes.map((node) => nodeMatches(node, substitutions)), [true, true, false]);
});

const { circleLayout, outletEdges, shareClass } = await importWebModule('outlet_network.js');

test('outletEdges turns each outlet\'s sources into edges, heaviest first, with the dropped share', () => {
  const edges = outletEdges([
    { outlet: 'B', sources: [{ outlet: 'A', passages: 4, attribution_dropped: 1, families: [7, 9] }] },
    { outlet: 'C', sources: [{ outlet: 'A', passages: 10, attribution_dropped: 0, families: [7] }, { outlet: 'B', passages: 4, attribution_dropped: 4, families: [9] }] },
  ]);
  assert.deepEqual(edges.map((edge) => `${edge.source}>${edge.outlet}:${edge.passages}:${edge.share}`), ['A>C:10:0', 'A>B:4:0.25', 'B>C:4:1']);
  assert.deepEqual(edges[1].families, [7, 9]);
  assert.deepEqual([0, 0.05, 0.25, 0.3, 1].map(shareClass), [0, 1, 2, 3, 4]);
});

test('circleLayout puts each outlet at its own place on the circle, the same each time', () => {
  const edges = Array.from({ length: 30 }, (_, index) => ({ source: `S${index % 7}`, outlet: `O${index}`, passages: 30 - index }));
  const first = circleLayout(edges);
  const again = circleLayout([...edges].reverse());
  assert.equal(first.places.size, 37);
  const spots = new Set([...first.places.values()].map(({ x, y }) => `${x.toFixed(3)},${y.toFixed(3)}`));
  assert.equal(spots.size, 37, 'no two outlets share a place');
  assert.deepEqual([...again.places.entries()].sort(), [...first.places.entries()].sort(), 'the order of the edges does not move an outlet');
});

const { placeItems, treeItems } = await importWebModule('tree_view.js');
const { treeOrder } = await importWebModule('family_table.js');

// A family as the API answers it: [id, parent, date], parent null for a root.
function familyNodes(rows, unseen = []) {
  return rows.map(([id, parent, date]) => ({
    doc: { id, outlet: `O${id}`, published_at: date }, parent, unseen_source: unseen.includes(id), changes: [],
  }));
}

test('placeItems packs a forest onto shelves: no overlap, and not one long line', () => {
  // 40 documents copied from unseen sources: 40 trees of two boxes each.
  const nodes = familyNodes(Array.from({ length: 40 }, (_, index) => [index + 1, null, `1916-01-${String(index % 28 + 1).padStart(2, '0')}`]),
    Array.from({ length: 40 }, (_, index) => index + 1));
  const items = treeItems(nodes);
  const { places, bounds } = placeItems(items);
  assert.equal(places.size, 80);
  const spots = new Set([...places.values()].map(({ x, y }) => `${x},${y}`));
  assert.equal(spots.size, 80, 'no two boxes share a place');
  assert.ok(bounds.width < bounds.height * 4, `the forest is ${bounds.width} wide and ${bounds.height} high`);
  for (const { x, y } of places.values()) assert.ok(x >= 0 && y >= 0 && x < bounds.width && y < bounds.height);
});

test('treeOrder lists each copy under what it copied, earliest first, with its generation', () => {
  const nodes = familyNodes([[3, 1, '1916-01-03'], [1, null, '1916-01-01'], [2, 1, '1916-01-02'], [4, 2, '1916-01-04'], [5, 6, '1916-01-05'], [6, 5, '1916-01-06']]);
  const rows = treeOrder(nodes).map(({ node, generation }) => `${node.doc.id}@${generation}`);
  assert.deepEqual(rows.slice(0, 4), ['1@0', '2@1', '4@2', '3@1']);
  assert.equal(rows.length, 6, 'documents in a loop of parents are still listed once');
});
