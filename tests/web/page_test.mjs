// The browser test of the page served by `stemma serve` (docs/http_api.md),
// run by CTest as web_page_test:
//
//   node page_test.mjs STEMMA_BINARY SEEDS_DIR OUTPUT_DIR
//
// It makes a corpus holding seed 000 in OUTPUT_DIR, serves it on a free
// loopback port with the page built into the binary (or $STEMMA_WEB_DIR's files), drives
// Chromium through the views, and writes screenshots to OUTPUT_DIR for
// developers to look at. Every check has a name; a failed check prints it
// with the reason and the run exits non-zero. The server is always killed.

import fs from 'node:fs';
import path from 'node:path';
import {
  assert, check, launchBrowser, noHorizontalOverflow, noPlaceholders, runChecks, runStemma as run,
  screenshotTo, seedText as readSeed, startServer, watchPage,
} from './harness.mjs';

const [stemmaBinary, seedsDir, outputDir] = process.argv.slice(2);
if (!stemmaBinary || !seedsDir || !outputDir) {
  console.error('usage: node page_test.mjs STEMMA_BINARY SEEDS_DIR OUTPUT_DIR');
  process.exit(2);
}
if (!fs.existsSync(seedsDir)) {
  console.log(`skipped: the seeds folder ${seedsDir} is absent (../shared/seeds)`);
  process.exit(77);
}

const SHARED_PHRASE = 'peaceful protests were hijacked by terrorist, extremist and criminal groups';
const XSS_PAYLOAD = '<script>window.__stemma_pwned = 1</script><img src=x onerror="window.__stemma_pwned=2">';
const SEED_000_META = { id: 'seed-000', outlet: 'The Manila Times', title: 'China lauds end of violence in Kazakhstan', published_at: '2022-01-11' };
const SEED_003_META = {
  id: 'seed-003', outlet: 'Example Observer', published_at: '2022-01-12',
  title: 'Dark forces <img src=x onerror="window.__stemma_pwned=3"> in Central Asia',
};

const seedText = (prefix) => readSeed(seedsDir, prefix);

const runStemma = (args) => run(stemmaBinary, args);
const screenshot = screenshotTo(outputDir);

function makeCorpus(corpusDir, seed000) {
  fs.rmSync(corpusDir, { recursive: true, force: true });
  runStemma(['init', corpusDir]);
  const input = path.join(outputDir, 'seed-000.jsonl');
  fs.writeFileSync(input, `${JSON.stringify({ ...SEED_000_META, text: seed000 })}\n`);
  runStemma(['add', corpusDir, input]);
}

// The page's text where only highlighted characters are kept; the rest
// become NUL, so a phrase is found only if it is highlighted throughout.
function highlightedText(page) {
  return page.$eval('#results .article-text', (container) => {
    let text = '';
    for (const node of container.childNodes) {
      text += node.nodeName === 'MARK' ? node.textContent : node.textContent.replace(/[^]/g, '\u0000');
    }
    return text;
  });
}

async function trace(page, base, text) {
  await page.goto(`${base}/#/`);
  await page.fill('#article', text);
  await page.click('button:has-text("Trace")');
  // The click marks the old results stale at once; waiting for fresh ones
  // keeps a slow answer from being read as the previous trace's.
  await page.waitForSelector('#results:not(.stale) .coverage', { timeout: 15_000 });
}

async function main() {
  fs.mkdirSync(outputDir, { recursive: true });
  const seed000 = seedText('000_');
  const seed003 = seedText('003_');
  const corpusDir = path.join(outputDir, 'corpus');
  makeCorpus(corpusDir, seed000);
  const base = await startServer(stemmaBinary, corpusDir, outputDir);
  const browser = await launchBrowser();
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watchPage(page, problems);

  await check('page_loads_without_calling_the_api', async () => {
    const apiCalls = [];
    page.on('request', (request) => { if (new URL(request.url()).pathname.startsWith('/v1/')) apiCalls.push(request.url()); });
    await page.goto(`${base}/`);
    await page.waitForSelector('#article');
    await page.waitForLoadState('networkidle');
    assert(apiCalls.length === 0, `the home view called the API on load: ${apiCalls.join(', ')}`);
    page.removeAllListeners('request');
  });

  await check('trace_highlights_shared_passage', async () => {
    await trace(page, base, seed003);
    const marked = await highlightedText(page);
    assert(marked.includes(SHARED_PHRASE), `"${SHARED_PHRASE}" is not highlighted`);
    const sources = await page.$$eval('.sources .source', (items) => items.map((item) => item.textContent));
    assert(sources.some((text) => text.includes('The Manila Times')), `the sources list does not name The Manila Times: ${JSON.stringify(sources)}`);
    await noPlaceholders(page, 'trace view');
    const coverage = await page.textContent('.coverage');
    assert(/\d+%/.test(coverage), `no coverage figure: "${coverage}"`);
    await page.hover('#results mark');
    const tooltip = await page.textContent('#tooltip');
    for (const expected of ['The Manila Times', SEED_000_META.title, 'doc #1']) {
      assert(tooltip.includes(expected), `hovering a passage does not name "${expected}": "${tooltip}"`);
    }
    await screenshot(page, '01-trace.png');
  });

  await check('side_by_side_opens_on_enter', async () => {
    await page.mouse.move(0, 0);
    await page.focus('#results mark');  // passages are reached and opened with the keyboard
    await page.keyboard.press('Enter');
    await page.waitForSelector('.side-by-side .pane .passage');
    const panes = await page.$$eval('.pane', (nodes) => nodes.map((node) => ({
      text: node.textContent, passage: node.querySelector('.passage').textContent,
    })));
    assert(panes.length === 2, `${panes.length} panes, not 2`);
    assert(panes[0].text.includes('China lauds end of violence'), 'the left pane does not hold the source, seed 000');
    assert(panes[1].text.includes('Dark forces unwilling'), 'the right pane does not hold the article, seed 003');
    for (const [index, pane] of panes.entries()) {
      assert(pane.passage.includes(SHARED_PHRASE), `pane ${index} does not mark the shared passage`);
    }
    const story = await page.textContent('.story').catch(() => '');
    assert(story.includes('The Manila Times'), `the chain of copies does not name The Manila Times: "${story}"`);
    await noPlaceholders(page, 'side-by-side view');
    await screenshot(page, '02-side-by-side.png');
  });

  await check('side_by_side_scrolls_together', async () => {
    const [left, right] = await page.$$('.pane');
    await left.scrollIntoViewIfNeeded();
    const leftBefore = await left.evaluate((pane) => pane.scrollTop);
    const rightBefore = await right.evaluate((pane) => pane.scrollTop);
    const box = await left.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((start) => document.querySelectorAll('.pane')[1].scrollTop !== start, rightBefore, { timeout: 3000 })
      .catch(() => {});
    const leftAfter = await left.evaluate((pane) => pane.scrollTop);
    const rightAfter = await right.evaluate((pane) => pane.scrollTop);
    assert(leftAfter !== leftBefore, `the left pane did not scroll (it stayed at ${leftBefore})`);
    assert(rightAfter < rightBefore, `the right pane went from ${rightBefore} to ${rightAfter} when the left went up from ${leftBefore} to ${leftAfter}`);
  });

  await check('untrusted_text_is_escaped', async () => {
    const sharedLine = seed000.split('\n').find((line) => line.includes(SHARED_PHRASE));
    await trace(page, base, `Breaking ${XSS_PAYLOAD}\n\n${sharedLine}\n`);
    const text = await page.textContent('#results .article-text');
    assert(text.includes('<script>window.__stemma_pwned = 1</script>'), 'the literal <script> text is not shown');
    assert(text.includes('<img src=x'), 'the literal <img> text is not shown');
    assert((await page.$$('#results .article-text script, #results .article-text img')).length === 0, 'the article made elements');
    assert((await page.$$('#results mark')).length > 0, 'the shared text is not highlighted');
    const pwned = await page.evaluate(() => window.__stemma_pwned);
    assert(pwned === undefined, `window.__stemma_pwned is ${pwned}: the article's markup ran`);
  });

  let token = '';
  await check('add_document_with_token', async () => {
    token = fs.readFileSync(path.join(corpusDir, 'ACCESS_TOKEN'), 'utf8').trim();
    // A watch on seed 000 (document 1) first, for the Watches view below.
    const watch = await fetch(`${base}/v1/watches`, {
      method: 'POST', body: JSON.stringify({ name: 'manila', document: 1, min_tokens: 10 }),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    assert(watch.status === 201, `POST /v1/watches answered ${watch.status}`);
    const body = `${JSON.stringify({ ...SEED_003_META, text: seed003 })}\n`;
    const refused = await fetch(`${base}/v1/documents`, { method: 'POST', body });
    assert(refused.status === 401, `a write without the token got ${refused.status}, not 401`);
    const response = await fetch(`${base}/v1/documents`, {
      method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
    });
    const answer = await response.json();
    assert(response.ok && answer.documents_added === 1, `POST /v1/documents answered ${response.status} ${JSON.stringify(answer)}`);
  });

  await check('family_tree_drawn', async () => {
    const { families } = await (await fetch(`${base}/v1/families`)).json();
    assert(families?.length > 0, 'GET /v1/families lists no family after seed 003 was added');
    await page.goto(`${base}/#/family/${families[0].id}`);
    await page.waitForSelector('svg.tree .node[data-doc]');
    const nodes = await page.$$('svg.tree .node[data-doc]');
    assert(nodes.length >= 2, `the tree has ${nodes.length} document nodes, not 2 or more`);
    assert((await page.$$('svg.tree .edge path')).length >= 1, 'the tree has no edge');
    const labels = await page.$$eval('svg.tree .node[data-doc]', (groups) => groups.map((group) => group.textContent));
    assert(labels.some((label) => label.includes('The Manila Times') && label.includes('2022-01-11')),
      `no node is labelled The Manila Times, 2022-01-11: ${JSON.stringify(labels)}`);
    await noPlaceholders(page, 'family view');
    await nodes[nodes.length - 1].focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.node-details h2');
    assert(await page.evaluate(() => window.__stemma_pwned) === undefined, 'a stored title ran as markup');
    await screenshot(page, '03-family.png');
  });

  await check('watch_view_lists_alerts_and_opens_the_side_by_side', async () => {
    await page.goto(`${base}/#/watches`);
    await page.waitForSelector('.watch-card .alert-item a');
    const cards = await page.$$eval('.watch-card', (nodes) => nodes.map((node) => node.textContent));
    assert(cards.length === 1 && cards[0].includes('manila') && cards[0].includes('1 alert'),
      `the Watches view shows ${JSON.stringify(cards)}`);
    const item = await page.textContent('.alert-item');
    assert(item.includes('Example Observer') && item.includes('doc #2'), `the alert reads ${JSON.stringify(item)}`);
    assert(await page.evaluate(() => window.__stemma_pwned) === undefined, 'a stored title ran as markup');
    await screenshot(page, '03b-watches.png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.csv-button')]);
    const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
    assert(csv[0] === 'id,watch,document,outlet,published_at,passages,matched_words,changes' && csv[1].startsWith('1,manila,2,Example Observer,'),
      `the alerts CSV reads ${JSON.stringify(csv.slice(0, 2))}`);
    await page.focus('.alert-item a');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.side-by-side .pane .passage');
    const heading = await page.textContent('h1');
    assert(heading.includes('The Manila Times'), `the alert opened "${heading}", not the passage shared with The Manila Times`);
  });

  await check('documents_list_and_search', async () => {
    await page.goto(`${base}/#/documents`);
    await page.waitForSelector('.document-card');
    let cards = await page.$$eval('.document-card', (nodes) => nodes.map((node) => node.textContent));
    assert(cards.length === 2, `the documents page lists ${cards.length} documents, not 2`);
    assert(cards.some((card) => card.includes('<img src=x')), 'the stored title with markup is not shown as text');
    await screenshot(page, '04-documents.png');
    await page.fill('input[name="q"]', 'manila');
    await page.press('input[name="q"]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.document-card').length === 1, null, { timeout: 5000 });
    cards = await page.$$eval('.document-card', (nodes) => nodes.map((node) => node.textContent));
    assert(cards[0].includes('The Manila Times'), `searching "manila" found ${JSON.stringify(cards)}`);
    assert(await page.evaluate(() => window.__stemma_pwned) === undefined, 'a stored title ran as markup');
    // A word only in the text of seed 000: found, with the word marked in its snippet.
    await page.fill('input[name="q"]', 'tileuberdi');
    await page.press('input[name="q"]', 'Enter');
    // The previous search's cards also carry a marked snippet: wait for this search's.
    await page.waitForFunction(
      () => [...document.querySelectorAll('.document-card .snippet mark')].some((mark) => mark.textContent === 'Tileuberdi'),
      null, { timeout: 5000 }).catch(() => {});
    const marked = await page.$$eval('.document-card .snippet mark', (nodes) => nodes.map((node) => node.textContent));
    assert(marked.length === 1 && marked[0] === 'Tileuberdi', `the snippet marks ${JSON.stringify(marked)}, not "Tileuberdi"`);
    await screenshot(page, '04b-documents-text-search.png');
  });

  await check('document_page_shows_text_and_passages', async () => {
    await page.click('.document-card a');
    await page.waitForSelector('.article-text, .error');
    const error = await page.$('.error');
    assert(!error, `the document page failed: ${error && await error.textContent()}`);
    const text = await page.textContent('.article-text');
    assert(text.includes('China lauds end of violence'), 'the document page does not show the text of seed 000');
    assert((await page.$$('.article-text mark')).length > 0, 'the document page highlights no stored passage');
    assert(await page.$('a[href$="/report"]'), 'the document page has no link to its report');
  });

  await check('phone_width_has_no_horizontal_overflow', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    const phonePage = await phone.newPage();
    watchPage(phonePage, problems);
    await trace(phonePage, base, seed003);
    await noHorizontalOverflow(phonePage, 390, 'trace view');
    await screenshot(phonePage, '05-trace-phone.png');
    await phonePage.click('#results mark');
    await phonePage.waitForSelector('.side-by-side .pane .passage');
    await noHorizontalOverflow(phonePage, 390, 'side-by-side view');
    await screenshot(phonePage, '06-side-by-side-phone.png');
    await phonePage.goto(`${base}/#/documents`);
    await phonePage.waitForSelector('.document-card');
    await noHorizontalOverflow(phonePage, 390, 'documents view');
    await phonePage.goto(`${base}/#/watches`);
    await phonePage.waitForSelector('.watch-card .alert-item');
    await noHorizontalOverflow(phonePage, 390, 'watches view');
    await phone.close();
  });

  await check('no_page_errors', async () => {
    assert(problems.length === 0, problems.join('; '));
  });
}

await runChecks(main, outputDir);
