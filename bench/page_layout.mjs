// How long the page takes to lay out and draw a family's tree of 10, 100
// and 1,000 documents (issue 21), on seeded synthetic trees of three shapes:
// a deep chain (each copy of the one before, now and then a branch), a wide
// fan (every copy of the root, some of those copied once more) and a mixed
// tree (each document copies a random earlier one, recent ones likelier).
//
//   node bench/page_layout.mjs [STEMMA_BINARY]
//
// Always: layoutTree + visibleItems (web/tree.js) in Node, median of 21 runs.
// With STEMMA_BINARY: in Chromium (playwright-core from tests/web), the
// page's renderTreeDrawing builds the SVG, it is put in the page and laid
// out (a forced layout), and fitted; median of 9 runs. The page is served by
// `stemma serve --web-dir web` on an empty corpus.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [10, 100, 1000];
const SHAPES = ['chain', 'fan', 'mixed'];
const KINDS = ['substitution', 'sentence_inserted', 'sentence_deleted', 'attribution_dropped', 'headline_changed'];

// mulberry32: a small seeded generator, so every run draws the same trees.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parentOf(shape, index, next) {
  if (index === 0) return null;
  if (shape === 'chain') return next() < 0.1 ? Math.floor(next() * index) : index - 1;
  if (shape === 'fan') return next() < 0.8 || index < 2 ? 0 : 1 + Math.floor(next() * (index - 1));
  return Math.max(0, index - 1 - Math.floor(next() * next() * index));  // mixed: recent parents likelier
}

// Family nodes as GET /v1/families/{id} answers them.
export function syntheticFamily(shape, size, seed = 21) {
  const next = random(seed + size * 7 + SHAPES.indexOf(shape));
  return Array.from({ length: size }, (_, index) => {
    const parent = parentOf(shape, index, next);
    const day = String(1 + Math.floor((index * 90) / size)).padStart(2, '0');
    const changes = parent == null ? [] : Array.from({ length: Math.floor(next() * 3) }, () => ({
      kind: KINDS[Math.floor(next() * KINDS.length)], parent: { text: 'a' }, child: { text: 'b' },
    }));
    return {
      doc: { id: index + 1, outlet: `Outlet ${Math.floor(next() * 300)}`, published_at: `1916-01-${day}`, title: '' },
      parent: parent == null ? null : parent + 1, unseen_source: false, confidence: 0.8, evidence: [], changes,
    };
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeInNode() {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stemma-bench-')), 'tree.mjs');
  fs.copyFileSync(path.join(ROOT, 'web/tree.js'), copy);
  const { layoutTree, visibleItems } = await import(pathToFileURL(copy).href);
  const rows = [];
  for (const shape of SHAPES) {
    for (const size of SIZES) {
      const items = syntheticFamily(shape, size).map((node) => ({ key: node.doc.id, parentKey: node.parent, node }));
      const byDate = (a, b) => (a.node.doc.published_at < b.node.doc.published_at ? -1 : a.key - b.key);
      const runs = Array.from({ length: 21 }, () => {
        const started = performance.now();
        layoutTree(visibleItems(items, new Set()).items, byDate);
        return performance.now() - started;
      });
      rows.push({ shape, size, layout_ms: median(runs) });
    }
  }
  return rows;
}

async function startServer(stemma) {
  const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'stemma-bench-corpus-'));
  execFileSync(stemma, ['init', path.join(corpus, 'c')], { stdio: 'ignore' });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(stemma, ['serve', path.join(corpus, 'c'), '--host', '127.0.0.1', '--port', String(port),
    '--web-dir', path.join(ROOT, 'web')], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { server, base };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  server.kill('SIGKILL');
  throw new Error('stemma serve did not start');
}

// In the page: build the drawing, put it in, force a layout, fit. Milliseconds per step.
async function drawOnce(nodes) {
  const { renderTreeDrawing } = await import('/tree_view.js');
  const host = document.querySelector('main');
  const started = performance.now();
  const drawing = renderTreeDrawing(nodes, () => {});
  const built = performance.now();
  host.replaceChildren(drawing.element);
  drawing.element.querySelector('svg').getBoundingClientRect();
  const laidOut = performance.now();
  drawing.element.querySelector('button[title^="Show the whole"]').click();
  drawing.element.querySelector('svg').getBoundingClientRect();
  const fitted = performance.now();
  return { build: built - started, layout: laidOut - built, total: fitted - started };
}

async function timeInChromium(stemma) {
  const { chromium } = await import(pathToFileURL(path.join(ROOT, 'tests/web/node_modules/playwright-core/index.mjs')).href);
  const { server, base } = await startServer(stemma);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/#/watches`);
    await page.waitForSelector('main h1');
    const rows = [];
    for (const shape of SHAPES) {
      for (const size of SIZES) {
        const nodes = syntheticFamily(shape, size);
        const runs = [];
        for (let run = 0; run < 9; run += 1) runs.push(await page.evaluate(drawOnce, nodes));
        rows.push({ shape, size, build_ms: median(runs.map((r) => r.build)), dom_layout_ms: median(runs.map((r) => r.layout)), total_ms: median(runs.map((r) => r.total)) });
      }
    }
    return rows;
  } finally {
    await browser.close();
    server.kill('SIGKILL');
  }
}

const format = (rows) => rows.map((row) => Object.entries(row)
  .map(([name, value]) => `${name}=${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`).join(' ')).join('\n');

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('# layoutTree + visibleItems in Node (median of 21)');
  console.log(format(await timeInNode()));
  if (process.argv[2]) {
    console.log('# renderTreeDrawing in Chromium: build the SVG, lay it out, fit (median of 9)');
    console.log(format(await timeInChromium(process.argv[2])));
  }
}
