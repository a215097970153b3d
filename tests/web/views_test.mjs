// The browser test of the page's views at archive scale (issue 21): the
// largest family's tree fitted, zoomed, panned and collapsed (by keyboard
// too), its list view, change filter and downloads; the Outlets view and its
// edges' families; no horizontal overflow at phone width.
//
//   node views_test.mjs STEMMA_BINARY PAGES_DIR TITLES_TSV OUTPUT_DIR [UNPACK_SCRIPT]
//
// PAGES_DIR holds Chronicling America pages in day folders (data/sample or
// the unpacked Q1 1916); each page becomes a record with its paper and date,
// and the corpus is built once into OUTPUT_DIR/corpus (built again when it
// is missing or was made by another binary or from other pages). With
// UNPACK_SCRIPT (bench/unpack_chronam.sh), a missing PAGES_DIR
// (BUILD/cache/chronam) is unpacked first; the test skips (77) when
// ../shared/data is absent. $STEMMA_WEB_DIR serves web/ from disk.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  assert, check, launchBrowser, noHorizontalOverflow, noPlaceholders, runChecks, runStemma,
  screenshotTo, startServer, watchPage,
} from './harness.mjs';
import { checkOutletsView } from './outlets_checks.mjs';

const [stemmaBinary, pagesDir, titlesPath, outputDir, unpackScript] = process.argv.slice(2);
if (!stemmaBinary || !pagesDir || !titlesPath || !outputDir) {
  console.error('usage: node views_test.mjs STEMMA_BINARY PAGES_DIR TITLES_TSV OUTPUT_DIR [UNPACK_SCRIPT]');
  process.exit(2);
}
const screenshot = screenshotTo(outputDir);

function unpackPages() {
  if (fs.existsSync(path.join(pagesDir, '.complete')) || !unpackScript) return;
  const buildDir = path.dirname(path.dirname(pagesDir));  // BUILD/cache/chronam
  const unpacked = spawnSync('bash', [unpackScript, buildDir], { stdio: 'inherit' });
  if (unpacked.status === 3) {
    console.log('skipped: the Chronicling America archive is absent (../shared/data)');
    process.exit(77);
  }
  if (unpacked.status !== 0) throw new Error(`${unpackScript} failed with ${unpacked.status}`);
}

// One JSON Lines record a page, as bench/chronam_jsonl.py writes them.
function writeRecords(recordsPath) {
  const titles = new Map(fs.readFileSync(titlesPath, 'utf8').split('\n').slice(1)
    .map((line) => line.split('\t')).filter((fields) => fields.length > 1)
    .map(([lccn, name]) => [lccn, name.replace(/[ .]+$/, '')]));
  const out = fs.openSync(recordsPath, 'w');
  let pages = 0;
  for (const day of fs.readdirSync(pagesDir).filter((name) => name.startsWith('1916')).sort()) {
    for (const name of fs.readdirSync(path.join(pagesDir, day)).sort()) {
      const text = fs.readFileSync(path.join(pagesDir, day, name), 'utf8');
      const lccn = name.split('-')[0];
      fs.writeSync(out, `${JSON.stringify({
        id: `${day}/${name}`, outlet: titles.get(lccn) ?? lccn,
        published_at: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, text,
      })}\n`);
      pages += 1;
    }
  }
  fs.closeSync(out);
  return pages;
}

function buildCorpus() {
  const corpusDir = path.join(outputDir, 'corpus');
  const marker = path.join(corpusDir, '.built-by-views-test');
  const stamp = `${fs.statSync(stemmaBinary).mtimeMs} ${path.resolve(pagesDir)}`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === stamp) return corpusDir;
  const recordsPath = path.join(outputDir, 'pages.jsonl');
  const pages = writeRecords(recordsPath);
  fs.rmSync(corpusDir, { recursive: true, force: true });
  runStemma(stemmaBinary, ['init', corpusDir]);
  const started = Date.now();
  runStemma(stemmaBinary, ['add', corpusDir, recordsPath], 900_000);
  console.log(`built the corpus: stemma add of ${pages} pages took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  fs.rmSync(recordsPath);
  fs.writeFileSync(marker, stamp);
  return corpusDir;
}

const nextFrame = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

// How many nodes of the drawing lie (even in part) outside the drawing's box.
function nodesOutside(page) {
  return page.evaluate(() => {
    const drawing = document.querySelector('svg.tree');
    const box = drawing.getBoundingClientRect();
    const nodes = [...drawing.querySelectorAll('.node')];
    const outside = nodes.filter((node) => {
      const rect = node.getBoundingClientRect();
      return rect.left < box.left - 1 || rect.right > box.right + 1 || rect.top < box.top - 1 || rect.bottom > box.bottom + 1;
    });
    return { nodes: nodes.length, outside: outside.length, box: { width: box.width, height: box.height } };
  });
}

const viewBox = (page) => page.$eval('svg.tree', (drawing) => drawing.getAttribute('viewBox').split(' ').map(Number));

// Every document under `docId` in the family (its copies, their copies...).
function descendantsOf(nodes, docId) {
  const found = new Set();
  const stack = [docId];
  while (stack.length) {
    const parent = stack.pop();
    for (const node of nodes) {
      if (node.parent === parent && !found.has(node.doc.id)) {
        found.add(node.doc.id);
        stack.push(node.doc.id);
      }
    }
  }
  return found;
}

async function readDownload(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return fs.readFileSync(await download.path(), 'utf8');
}

async function checkFitAndZoom(page, base, family) {
  const nodes = family.nodes;
  await check('largest_family_fits_the_view_when_opened', async () => {
    await page.goto(`${base}/#/family/${family.id}`);
    await page.waitForSelector('svg.tree .node[data-doc]');
    await nextFrame(page);
    const { nodes: drawn, outside, box } = await nodesOutside(page);
    assert(drawn >= nodes.length, `${drawn} nodes drawn for ${nodes.length} documents`);
    assert(box.width > 200 && box.height > 100, `the drawing is ${box.width}x${box.height} px`);
    assert(outside === 0, `${outside} of ${drawn} nodes lie outside the drawing after fit`);
    await noPlaceholders(page, 'family view');
    await screenshot(page, '11-family-fitted.png');
  });

  await check('keyboard_zooms_pans_and_fits', async () => {
    await page.focus('.tree-viewport');
    const fitted = await viewBox(page);
    await page.keyboard.press('+');
    const zoomed = await viewBox(page);
    assert(zoomed[2] < fitted[2], `after + the view is ${zoomed[2]} units wide, it was ${fitted[2]}: no zoom`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const panned = await viewBox(page);
    assert(panned[0] > zoomed[0] && panned[1] > zoomed[1], `after the arrows the view went from ${zoomed} to ${panned}`);
    await page.keyboard.press('-');
    assert((await viewBox(page))[2] > panned[2], 'after - the view did not widen');
    await page.keyboard.press('0');
    await nextFrame(page);
    const { outside } = await nodesOutside(page);
    assert(outside === 0, `after 0 (fit) ${outside} nodes lie outside the drawing`);
  });

  await check('mouse_wheel_zooms_and_drag_pans', async () => {
    const box = await (await page.$('svg.tree')).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const before = await viewBox(page);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((width) => Number(document.querySelector('svg.tree').getAttribute('viewBox').split(' ')[2]) < width, before[2]);
    const zoomed = await viewBox(page);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 - 60, { steps: 5 });
    await page.mouse.up();
    const dragged = await viewBox(page);
    assert(dragged[0] > zoomed[0] && dragged[1] > zoomed[1], `dragging up-left moved the view from ${zoomed} to ${dragged}`);
    await page.click('button:has-text("Fit")');
  });
}

async function checkRootAndCollapse(page, nodes) {
  await check('root_button_centres_the_earliest_document', async () => {
    const root = nodes.find((node) => node.parent == null && !node.unseen_source);
    assert(root, 'the family has no document without a parent');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    await page.click('.tree-toolbar button:has-text("Root")');
    const where = await page.evaluate((id) => {
      const box = document.querySelector('svg.tree').getBoundingClientRect();
      const rect = document.querySelector(`svg.tree .node[data-doc="${id}"]`).getBoundingClientRect();
      return { dx: (rect.left + rect.right) / 2 - (box.left + box.right) / 2, dy: (rect.top + rect.bottom) / 2 - (box.top + box.bottom) / 2,
        focused: document.activeElement?.dataset?.doc };
    }, root.doc.id);
    assert(Math.abs(where.dx) < 2 && Math.abs(where.dy) < 2, `the root is ${where.dx}, ${where.dy} px from the centre`);
    assert(where.focused === String(root.doc.id), `the root is not focused (${where.focused} is)`);
    await page.click('button:has-text("Fit")');
  });

  await check('collapse_and_expand_by_keyboard', async () => {
    const toggles = await page.$$eval('svg.tree .toggle', (items) => items.map((item) => ({
      key: item.dataset.key, hidden: Number(/the (\d+) cop/.exec(item.getAttribute('aria-label'))?.[1]),
    })));
    assert(toggles.length > 0, 'no node has a collapse toggle');
    const biggest = toggles.filter((toggle) => toggle.key.startsWith('doc-')).sort((a, b) => b.hidden - a.hidden)[0];
    const docId = Number(biggest.key.slice(4));
    const under = descendantsOf(nodes, docId);
    assert(under.size === biggest.hidden, `the toggle of doc ${docId} says ${biggest.hidden} copies, the family has ${under.size} under it`);
    const countNodes = () => page.$$eval('svg.tree .node[data-doc]', (items) => items.map((item) => Number(item.dataset.doc)));
    const before = await countNodes();
    await page.focus(`svg.tree .toggle[data-key="${biggest.key}"]`);
    await page.keyboard.press('Enter');
    const collapsed = await countNodes();
    assert(collapsed.length === before.length - under.size, `Enter on the toggle left ${collapsed.length} of ${before.length} nodes, not ${before.length - under.size}`);
    assert(!collapsed.some((id) => under.has(id)), 'a copy under the collapsed node is still drawn');
    const state = await page.evaluate(() => ({ key: document.activeElement?.dataset?.key, expanded: document.activeElement?.getAttribute('aria-expanded') }));
    assert(state.key === biggest.key && state.expanded === 'false', `after Enter the focus is on ${state.key} (aria-expanded ${state.expanded})`);
    await screenshot(page, '12-family-collapsed.png');
    await page.keyboard.press(' ');
    const expanded = await countNodes();
    assert(expanded.length === before.length, `Space on the toggle brought back ${expanded.length} of ${before.length} nodes`);
  });
}

async function checkListAndFilter(page, nodes) {
  await check('list_view_holds_every_document', async () => {
    await page.click('.view-switch button:has-text("List")');
    await page.waitForSelector('.family-table', { state: 'visible' });
    const rows = await page.$$eval('.family-table tbody tr', (items) => items.map((item) => Number(item.dataset.doc)));
    assert(rows.length === nodes.length, `the list has ${rows.length} rows for ${nodes.length} documents`);
    assert(new Set(rows).size === nodes.length, 'a document is listed twice');
    assert(await page.$eval('svg.tree', (drawing) => drawing.getBoundingClientRect().height === 0), 'the drawing is still shown beside the list');
    await page.focus('.family-table tbody tr:nth-child(2) .link-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.node-details h2');
    await screenshot(page, '13-family-list.png');
  });

  await check('alarming_only_filter_keeps_the_copies_with_an_alarming_change', async () => {
    const header = await page.textContent('.view-header');
    const alarms = Number(/(\d+) cop(?:y|ies) with an alarming change/.exec(header)?.[1] ?? 0);
    await page.check('.change-filter input[name="alarming"]');
    const shown = await page.$$eval('.family-table tbody tr:not([hidden])', (items) => items.length);
    const lit = await page.$$eval('svg.tree .node[data-doc]:not(.dimmed)', (items) => items.length);
    assert(shown === alarms && lit === alarms, `alarming only shows ${shown} rows and ${lit} undimmed nodes; the header counts ${alarms}`);
    const status = await page.textContent('.filter-status');
    assert(status.includes(`${alarms} of ${nodes.length}`), `the filter's status reads "${status}"`);
    await page.click('.view-switch button:has-text("Drawing")');
    await screenshot(page, '14-family-alarming-only.png');
    await page.uncheck('.change-filter input[name="alarming"]');
    for (const box of await page.$$('.change-filter input[name="kind"]')) await box.uncheck();
    const dimmed = await page.$$eval('svg.tree .node[data-doc].dimmed', (items) => items.length);
    assert(dimmed === nodes.length, `with no kind ticked ${dimmed} of ${nodes.length} nodes are dimmed`);
    for (const box of await page.$$('.change-filter input[name="kind"]')) await box.check();
    assert((await page.$$('svg.tree .dimmed')).length === 0, 'with every kind ticked some nodes stay dimmed');
  });
}

async function checkFamilyDownloads(page, base, nodes) {
  await check('family_downloads_json_graphml_and_csv', async () => {
    const json = await page.getAttribute('.exports a:has-text("JSON")', 'href');
    const graphml = await page.getAttribute('.exports a:has-text("GraphML")', 'href');
    const jsonBody = await (await fetch(new URL(json, base))).json();
    assert(jsonBody.nodes?.length === nodes.length, `the JSON link ${json} answers ${jsonBody.nodes?.length} nodes`);
    const graphmlBody = await (await fetch(new URL(graphml, base))).text();
    assert(graphmlBody.includes('<graphml'), `the GraphML link ${graphml} answers no GraphML`);
    const csv = await readDownload(page, () => page.click('.exports button:has-text("List as CSV")'));
    const lines = csv.split('\r\n').filter(Boolean);
    assert(lines[0] === 'Generation,Outlet,Published,Document,Copied from,Changes', `the CSV header is ${lines[0]}`);
    assert(lines.length === nodes.length + 1, `the CSV has ${lines.length - 1} rows for ${nodes.length} documents`);
  });
}

// Touches through the DevTools protocol: Playwright's touchscreen only taps.
async function touch(client, type, points) {
  await client.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
}

async function pinchAndDrag(page) {
  const client = await page.context().newCDPSession(page);
  const box = await (await page.$('svg.tree')).boundingBox();
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  const before = await viewBox(page);
  await touch(client, 'touchStart', [[x - 20, y], [x + 20, y]]);
  for (let step = 1; step <= 5; step += 1) await touch(client, 'touchMove', [[x - 20 - step * 15, y], [x + 20 + step * 15, y]]);
  await touch(client, 'touchEnd', []);
  const pinched = await viewBox(page);
  assert(pinched[2] < before[2] * 0.8, `spreading two fingers left the view ${pinched[2]} units wide (was ${before[2]})`);
  await touch(client, 'touchStart', [[x, y]]);
  for (let step = 1; step <= 5; step += 1) await touch(client, 'touchMove', [[x - step * 20, y - step * 10]]);
  await touch(client, 'touchEnd', []);
  const dragged = await viewBox(page);
  assert(dragged[0] > pinched[0] && dragged[1] > pinched[1], `dragging one finger up-left moved the view from ${pinched} to ${dragged}`);
}

async function checkPhone(browser, base, familyId, problems) {
  await check('phone_width_has_no_horizontal_overflow_and_touch_pinches_and_drags', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    const page = await phone.newPage();
    watchPage(page, problems);
    await page.goto(`${base}/#/family/${familyId}`);
    await page.waitForSelector('svg.tree .node[data-doc]');
    await nextFrame(page);
    await noHorizontalOverflow(page, 390, 'family view');
    const { outside } = await nodesOutside(page);
    assert(outside === 0, `on a phone ${outside} nodes lie outside the drawing after fit`);
    await screenshot(page, '21-family-phone.png');
    await pinchAndDrag(page);
    await page.click('.view-switch button:has-text("List")');
    await noHorizontalOverflow(page, 390, 'family list view');
    await screenshot(page, '22-family-list-phone.png');
    await page.goto(`${base}/#/outlets`);
    await page.waitForSelector('svg.network .net-edge', { timeout: 30_000 });
    await noHorizontalOverflow(page, 390, 'outlets view');
    await screenshot(page, '23-outlets-phone.png');
    await page.goto(`${base}/#/families`);
    await page.waitForSelector('.card');
    await noHorizontalOverflow(page, 390, 'families view');
    await phone.close();
  });
}

async function checkListDownloads(page, base) {
  await check('families_and_documents_lists_download_as_csv', async () => {
    await page.goto(`${base}/#/families`);
    await page.waitForSelector('.card');
    const families = await readDownload(page, () => page.click('button.csv-button'));
    assert(families.startsWith('id,size,first_published,last_published,outlets,snippet\r\n'), `the families CSV starts ${JSON.stringify(families.slice(0, 80))}`);
    await page.goto(`${base}/#/documents`);
    await page.waitForSelector('.document-card');
    const documents = await readDownload(page, () => page.click('button.csv-button'));
    assert(documents.startsWith('id,external_id,outlet,published_at,title,url,bytes\r\n'), `the documents CSV starts ${JSON.stringify(documents.slice(0, 80))}`);
  });
}

// The sample's story of the Portuguese cabinet (11 March 1916): its copies
// differ from their parents by OCR misreadings and a spelling ("Portuguese
// cabinet has" / "Portugese cabinet had") only. The substitutions are shown,
// and no copy counts as alarming (web/format.js, isAlarming).
const OCR_ONLY_ROOT = '19160311/sn84022472-ed-1_seq-1.txt';

async function checkOcrNoiseIsNotAlarming(page, base) {
  await check('ocr_noise_alone_is_not_alarming', async () => {
    const { families } = await (await fetch(`${base}/v1/families?limit=1000`)).json();
    let found = null;
    for (const summary of families) {
      const family = await (await fetch(`${base}/v1/families/${summary.id}`)).json();
      const rooted = family.nodes.some((node) => node.parent === null && node.doc.external_id === OCR_ONLY_ROOT);
      const misread = family.nodes.some((node) => node.changes.some((change) => change.kind === 'substitution' && /Portugese/.test(change.child.text)));
      if (rooted && misread) { found = family; break; }
    }
    assert(found, `no family rooted at ${OCR_ONLY_ROOT} with the "Portugese" misreading`);
    await page.goto(`${base}/#/family/${found.id}`);
    await page.waitForSelector('svg.tree .node');
    const header = await page.textContent('.view-header');
    assert(!/alarming change/.test(header), `family #${found.id} counts alarming copies: ${header}`);
    const badges = await page.$$eval('.family-table .badge', (items) => items.map((item) => item.textContent));
    assert(badges.some((text) => text.includes('substitution')), `its substitutions are not shown: ${badges.join(', ')}`);
    assert(!badges.some((text) => text.includes('⚠')), `a change is marked alarming: ${badges.join(', ')}`);
  });
}

async function main() {
  fs.mkdirSync(outputDir, { recursive: true });
  unpackPages();
  const corpusDir = buildCorpus();
  const base = await startServer(stemmaBinary, corpusDir, outputDir);
  const { families } = await (await fetch(`${base}/v1/families?limit=1`)).json();
  const family = await (await fetch(`${base}/v1/families/${families[0].id}`)).json();
  console.log(`the largest family: #${family.id}, ${family.nodes.length} documents`);
  const browser = await launchBrowser();
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  watchPage(page, problems);
  await checkFitAndZoom(page, base, family);
  await checkRootAndCollapse(page, family.nodes);
  await checkListAndFilter(page, family.nodes);
  await checkFamilyDownloads(page, base, family.nodes);
  await checkOutletsView(page, base, { check, assert, screenshot, readDownload });
  await checkListDownloads(page, base);
  if (!unpackScript) await checkOcrNoiseIsNotAlarming(page, base);  // a page of the sample
  await checkPhone(browser, base, family.id, problems);
  await check('no_page_errors', async () => {
    assert(problems.length === 0, problems.join('; '));
  });
}

await runChecks(main, outputDir);
