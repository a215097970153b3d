// The watches of the corpus and their latest alerts (docs/http_api.md,
// "Watches"). Each alert opens the side-by-side of the copy with what was
// watched when both are stored documents, else the copied document with its
// passages marked. Stored texts are untrusted: they only become text nodes.

import { api } from './api.js';
import { summariseChanges } from './changes.js';
import { csvButton } from './csv.js';
import { el, replaceChildren } from './dom.js';
import { formatDate, outletName } from './format.js';

const LATEST_PER_WATCH = 5;

export async function renderWatchesView(view) {
  const list = el('div', { class: 'card-list', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(view, el('h1', { tabindex: -1 }, 'Watches'),
    el('p', { class: 'muted' }, 'Each add checks its new documents against these watches (stemma watch add).'), list);
  const [{ watches }, alerts] = await Promise.all([api.watches(), allAlerts()]);
  if (watches.length === 0) {
    replaceChildren(list, el('p', { class: 'muted' }, 'No watch yet: stemma watch add DIR --text FILE.'));
  } else {
    replaceChildren(list, await Promise.all(watches.map((watch) => watchCard(watch, alerts))));
    if (alerts.length) list.before(el('div', { class: 'button-row' }, csvButton('alerts.csv', () => alertRows(alerts), 'Every alert as CSV')));
  }
  list.removeAttribute('aria-busy');
}

function alertRows(alerts) {
  return [['id', 'watch', 'document', 'outlet', 'published_at', 'passages', 'matched_words', 'changes'],
    ...alerts.map((alert) => [alert.id, alert.watch, alert.document.id, alert.document.outlet ?? '', alert.document.published_at ?? '',
      alert.passages.length, alert.passages.reduce((sum, passage) => sum + passage.matched_tokens, 0),
      (alert.changes ?? []).map((change) => change.kind).join('; ')])];
}

// Every alert, oldest first, page by page.
async function allAlerts() {
  const alerts = [];
  for (let since = 0; ;) {
    const page = await api.alerts({ since, limit: 1000 });
    alerts.push(...page.alerts);
    if (page.alerts.length < 1000) return alerts;
    since = page.last;
  }
}

function watched(watch) {
  if (watch.kind === 'document') return `document #${watch.document}`;
  if (watch.kind === 'outlet') return `copies of ${watch.outlet} by other outlets`;
  return `a text of ${watch.text.length.toLocaleString()} characters`;
}

async function watchCard(watch, alerts) {
  const own = alerts.filter((alert) => alert.watch === watch.name).reverse().slice(0, LATEST_PER_WATCH);
  const items = await Promise.all(own.map(alertItem));
  return el('article', { class: 'card watch-card' },
    el('h2', { class: 'card-title' }, watch.name),
    el('p', { class: 'muted small' }, `Watches ${watched(watch)} · ${watch.alerts} alert${watch.alerts === 1 ? '' : 's'} · at least ${watch.min_tokens} matched words`),
    items.length ? el('ul', { class: 'alert-list' }, items) : el('p', { class: 'muted' }, 'No alert yet.'));
}

// Where an alert opens: the stored passage between the copy and the watched
// document when there is one, else the copy.
async function alertLink(alert) {
  const doc = alert.document.id;
  const source = alert.passages[0]?.watched.doc;
  if (source == null) return `#/document/${doc}`;
  const { passages } = await api.documentPassages(doc);
  const at = alert.passages[0].document;
  const index = passages.findIndex((passage) => passage.other.id === source
    && passage.this.begin < at.end && at.begin < passage.this.end);
  return index >= 0 ? `#/document/${doc}/passage/${index}` : `#/document/${doc}`;
}

async function alertItem(alert) {
  const words = alert.passages.reduce((sum, passage) => sum + passage.matched_tokens, 0);
  const document = alert.document;
  return el('li', { class: 'alert-item' },
    el('a', { href: await alertLink(alert) },
      `#${alert.id}: ${outletName(document)}, ${formatDate(document.published_at)} (doc #${document.id})`),
    el('span', { class: 'muted small' }, ` · ${alert.passages.length} passage${alert.passages.length === 1 ? '' : 's'}, ${words} words · ${summariseChanges(alert.changes)}`));
}
