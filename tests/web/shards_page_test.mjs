// The page over a sharded corpus (docs/scale_out.md, "Shards"), run by CTest
// as web_shards_test:
//
//   node shards_page_test.mjs STEMMA_BINARY SEEDS_DIR OUTPUT_DIR
//
// Seed 000 is stored, the corpus written as 2 shards with `stemma shard`, and
// `stemma serve` of the sharded folder driven through Chromium: tracing seed
// 003 highlights the passage it shares with seed 000 and names its source, as
// on the whole corpus; the provenance report, which needs the whole corpus,
// fails in one readable line beside the trace instead of breaking the page.

import fs from 'node:fs';
import path from 'node:path';
import {
  assert, check, launchBrowser, noPlaceholders, runChecks, runStemma as run, screenshotTo,
  seedText as readSeed, startServer, watchPage,
} from './harness.mjs';

const [stemmaBinary, seedsDir, outputDir] = process.argv.slice(2);
if (!stemmaBinary || !seedsDir || !outputDir) {
  console.error('usage: node shards_page_test.mjs STEMMA_BINARY SEEDS_DIR OUTPUT_DIR');
  process.exit(2);
}
if (!fs.existsSync(seedsDir)) {
  console.log(`skipped: the seeds folder ${seedsDir} is absent (../shared/seeds)`);
  process.exit(77);
}

const SHARED_PHRASE = 'peaceful protests were hijacked by terrorist, extremist and criminal groups';

const seedText = (prefix) => readSeed(seedsDir, prefix);

const runStemma = (args) => run(stemmaBinary, args);

async function main() {
  fs.rmSync(outputDir, { recursive: true, force: true });
  fs.mkdirSync(outputDir, { recursive: true });
  const whole = path.join(outputDir, 'whole');
  const sharded = path.join(outputDir, 'sharded');
  runStemma(['init', whole]);
  const input = path.join(outputDir, 'seed-000.jsonl');
  fs.writeFileSync(input, `${JSON.stringify({ id: 'seed-000', outlet: 'The Manila Times', published_at: '2022-01-11', text: seedText('000_') })}\n`);
  runStemma(['add', whole, input]);
  runStemma(['shard', whole, sharded, '--shards', '2']);
  const base = await startServer(stemmaBinary, sharded, outputDir);
  const browser = await launchBrowser();
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  watchPage(page, problems);

  await check('sharded_trace_highlights_shared_passage', async () => {
    await page.goto(`${base}/#/`);
    await page.fill('#article', seedText('003_'));
    await page.click('button:has-text("Trace")');
    await page.waitForSelector('#results:not(.stale) .coverage', { timeout: 15_000 });
    const marked = await page.$eval('#results .article-text', (container) => [...container.childNodes]
      .map((node) => (node.nodeName === 'MARK' ? node.textContent : node.textContent.replace(/[^]/g, '\u0000')))
      .join(''));
    assert(marked.includes(SHARED_PHRASE), `"${SHARED_PHRASE}" is not highlighted`);
    const sources = await page.$$eval('.sources .source', (items) => items.map((item) => item.textContent));
    assert(sources.some((text) => text.includes('The Manila Times')), `no source names The Manila Times: ${JSON.stringify(sources)}`);
    const said = await page.textContent('#results');
    assert(/The provenance report failed: 501: .*needs the whole corpus/.test(said),
      'the report\'s refusal is not shown as one line beside the trace');
    await noPlaceholders(page, 'sharded trace view');
    assert(problems.length === 0, problems.join('; '));
    await screenshotTo(outputDir)(page, 'sharded-trace.png');
  });
}

runChecks(main, outputDir);
