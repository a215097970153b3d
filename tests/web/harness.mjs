// What the browser tests of the page share: named checks that record their
// failures and go on, `stemma serve` on a free loopback port (the page built
// into the binary, or the files of $STEMMA_WEB_DIR when it is set, so that a
// change to web/ is tested without rebuilding), Chromium through
// playwright-core, and the page-wide checks (overflow, placeholders, errors).

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const failures = [];
let server = null;
let browser = null;

export class CheckFailure extends Error {}

export function assert(condition, message) {
  if (!condition) throw new CheckFailure(message);
}

// Runs one named check; a failure is recorded and the next check still runs.
export async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok      ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    const reason = error instanceof CheckFailure ? error.message : error.stack ?? String(error);
    failures.push(`${name}: ${reason}`);
    console.log(`FAILED  ${name}: ${reason}`);
  }
}

// The text of the seed article whose file name starts with `prefix` ("000_").
export function seedText(seedsDir, prefix) {
  const name = fs.readdirSync(seedsDir).find((file) => file.startsWith(prefix) && file.endsWith('.txt'));
  if (!name) throw new Error(`no seed ${prefix}*.txt in ${seedsDir}`);
  return fs.readFileSync(path.join(seedsDir, name), 'utf8');
}

export function runStemma(stemmaBinary, args, timeout = 60_000) {
  return execFileSync(stemmaBinary, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

// A port the OS says is free, released for the server to take.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(stemmaBinary, corpusDir, outputDir) {
  const port = await freePort();
  const logPath = path.join(outputDir, 'server.log');
  const log = fs.openSync(logPath, 'w');
  const webDir = process.env.STEMMA_WEB_DIR ? ['--web-dir', process.env.STEMMA_WEB_DIR] : [];
  server = spawn(stemmaBinary, ['serve', corpusDir, '--host', '127.0.0.1', '--port', String(port), ...webDir],
    { stdio: ['ignore', log, log] });
  let exited = null;
  server.once('exit', (code, signal) => { exited = `exited with ${signal ?? code}`; });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (exited) break;
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return base;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`stemma serve did not answer /healthz on port ${port} (${exited ?? 'still running'}):\n${fs.readFileSync(logPath, 'utf8')}`);
}

function stopServer() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  server = null;
}

export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    throw new Error(`playwright-core is missing (${error.message}); run scripts/install-deps, ` +
      'which runs npm ci in tests/web');
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  return browser;
}

export async function noHorizontalOverflow(page, width, where) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(scrollWidth <= width + 1, `${where}: the page is ${scrollWidth} px wide in a ${width} px window`);
}

// A missing field shown as "undefined", "null" or "NaN" outside the texts.
export async function noPlaceholders(page, where) {
  const shown = await page.$eval('main', (main) => {
    const copy = main.cloneNode(true);
    copy.querySelectorAll('.article-text, .pane, .inline-diff').forEach((text) => text.remove());
    return copy.textContent;
  });
  const found = /\b(undefined|null|NaN)\b/.exec(shown);
  assert(!found, `${where} shows "${found?.[0]}": …${shown.slice(Math.max(0, found?.index - 60), found?.index + 20)}…`);
}

export function screenshotTo(outputDir) {
  return (page, name) => page.screenshot({ path: path.join(outputDir, name), fullPage: true });
}

// Uncaught exceptions and failed loads of the page's own files are bugs
// whatever view they happen in.
export function watchPage(page, problems) {
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/v1/') && response.status() >= 400) {
      problems.push(`${response.status()} for ${url.pathname}`);
    }
  });
}

// Runs `main`, always kills the server and closes the browser, and exits
// non-zero when a check failed.
export async function runChecks(main, outputDir) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => { stopServer(); process.exit(1); });
  }
  process.on('exit', stopServer);
  try {
    await main();
  } catch (error) {
    failures.push(`setup: ${error.message}`);
    console.log(`FAILED  setup: ${error.message}`);
  } finally {
    stopServer();
    if (browser) await browser.close().catch(() => {});
  }
  if (failures.length) {
    console.error(`\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}\nscreenshots and server.log: ${outputDir}`);
    process.exit(1);
  }
  console.log(`all checks passed; screenshots in ${outputDir}`);
}
