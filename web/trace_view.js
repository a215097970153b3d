// The home view: paste or upload an article, trace it, and see every reused
// passage highlighted in the colour of its source, the sources with their
// share of the article, and the alarming changes the copies made. Nothing is
// fetched until the user asks for a trace.

import { api } from './api.js';
import { Utf8Text, countCharacters, mergeRanges } from './bytes.js';
import { changeBadge, changeWords } from './changes.js';
import { el, replaceChildren } from './dom.js';
import { formatDate, isAlarming, outletName, percent } from './format.js';
import { PALETTE_SIZE, renderHighlightedText } from './highlight.js';
import { setTraceState, traceState } from './state.js';

const MAX_BODY_BYTES = 1024 * 1024;  // POST /v1/trace and /v1/report take at most 1 MiB

export function renderTraceView(view) {
  const state = traceState();
  const textarea = el('textarea', {
    id: 'article', name: 'article', rows: 10, spellcheck: 'false',
    placeholder: 'Paste the text of an article here…',
  });
  textarea.value = state.draft ?? state.text ?? '';
  // What is typed but not traced yet survives a visit to another view.
  textarea.addEventListener('input', () => { state.draft = textarea.value; });
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const results = el('div', { id: 'results', class: 'results' });
  const button = el('button', { type: 'submit', class: 'primary' }, 'Trace');
  const form = el('form', { class: 'trace-form' },
    el('label', { for: 'article', class: 'field-label' }, 'Article text'),
    textarea,
    el('div', { class: 'form-row' },
      button,
      fileInput(textarea, status),
      el('span', { class: 'hint hint-keyboard' }, 'Ctrl+Enter traces')),
    status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    trace(textarea.value, { button, status, results });
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });

  replaceChildren(view,
    el('h1', { tabindex: -1 }, 'Where did this article come from?'),
    el('p', { class: 'lede' },
      'Paste an article to find the passages it shares with the stored documents, where each came from, ',
      'and what the copies changed on the way.'),
    form,
    results);
  if (state.trace && state.tracedText === state.text) renderResults(results, state);
}

function fileInput(textarea, status) {
  const input = el('input', { type: 'file', accept: '.txt,text/plain', id: 'article-file', class: 'visually-hidden' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    textarea.value = await file.text();
    status.textContent = `Loaded ${file.name}.`;
    input.value = '';
  });
  return el('label', { class: 'button secondary', for: 'article-file' }, 'Upload a .txt file', input);
}

async function trace(text, { button, status, results }) {
  if (!text.trim()) {
    status.textContent = 'Paste or upload an article first.';
    return;
  }
  if (new TextEncoder().encode(JSON.stringify({ text })).length > MAX_BODY_BYTES) {
    status.textContent = 'This article is over 1 MiB, the most the server traces at once.';
    return;
  }
  button.disabled = true;
  results.classList.add('stale');
  status.textContent = 'Tracing…';
  setTraceState({ text, tracedText: null, trace: null, report: null, reportError: null });
  try {
    // Both at once, shown together: the page is laid out once, without a jump
    // when the report arrives. A failed report still shows the trace.
    const [traced, report] = await Promise.all([
      api.trace(text),
      api.report(text).catch((error) => ({ error })),
    ]);
    if (traceState().text !== text) return;  // a newer trace started
    setTraceState({
      tracedText: text, trace: traced,
      report: report.error ? null : report,
      reportError: report.error ? report.error.message : null,
    });
    renderResults(results, traceState());
    status.textContent = summaryLine(traced);
  } catch (error) {
    status.textContent = `The trace failed. ${error.message}`;
  } finally {
    button.disabled = false;
    results.classList.remove('stale');
  }
}

function summaryLine(traced) {
  const count = traced.passages.length;
  if (!count) return 'No passage of this article was found in the stored documents.';
  return `Found ${count} reused ${count === 1 ? 'passage' : 'passages'}.`;
}

// The sources of a trace, largest share of the article first; a source's
// colour is its rank.
export function sourcesOf(traced, utf8) {
  const bySource = new Map();
  traced.passages.forEach((passage) => {
    const id = passage.source.id;
    if (!bySource.has(id)) bySource.set(id, { doc: passage.source, ranges: [] });
    bySource.get(id).ranges.push([passage.query.begin, passage.query.end]);
  });
  const total = traced.characters || countCharacters(utf8.slice(0, utf8.byteLength)) || 1;
  const sources = [...bySource.values()].map((source) => {
    const characters = mergeRanges(source.ranges)
      .reduce((sum, [begin, end]) => sum + countCharacters(utf8.slice(begin, end)), 0);
    return { doc: source.doc, characters, share: characters / total };
  });
  sources.sort((a, b) => b.share - a.share);
  sources.forEach((source, rank) => { source.colour = rank; });
  return sources;
}

// The report passage telling the story of a trace passage: the one whose
// query range overlaps it most.
export function reportPassageFor(passage, report) {
  let best = null;
  let bestOverlap = 0;
  for (const candidate of report?.passages ?? []) {
    const overlap = Math.min(passage.query.end, candidate.query.end) -
      Math.max(passage.query.begin, candidate.query.begin);
    if (overlap > bestOverlap) {
      best = candidate;
      bestOverlap = overlap;
    }
  }
  return best;
}

function renderResults(results, state) {
  const traced = state.trace;
  const utf8 = new Utf8Text(state.tracedText);
  const sources = sourcesOf(traced, utf8);
  const colourOf = new Map(sources.map((source) => [source.doc.id, source.colour]));
  const marks = traced.passages.map((passage, index) => ({
    id: index,
    begin: passage.query.begin,
    end: passage.query.end,
    colour: colourOf.get(passage.source.id),
    alarm: hasAlarm(reportPassageFor(passage, state.report)),
    describe: () => describePassage(passage),
    open: () => { location.hash = `#/trace/passage/${index}`; },
  }));
  replaceChildren(results,
    renderCoverage(traced, sources),
    renderAlarms(state),
    el('div', { class: 'results-grid' },
      el('section', { class: 'text-panel', 'aria-label': 'The article, reused passages highlighted' },
        el('h2', {}, 'The article'),
        traced.passages.length
          ? el('p', { class: 'hint' }, 'Hover a highlighted passage to see its source; click it or press Enter to compare.')
          : null,
        renderHighlightedText(utf8, marks)),
      renderSources(sources)));
}

function hasAlarm(reportPassage) {
  return Boolean(reportPassage?.changes?.some((change) => change.kind === 'attribution_dropped'));
}

function renderCoverage(traced, sources) {
  const coverage = traced.coverage ?? 0;
  return el('div', { class: 'coverage' },
    el('p', { class: 'coverage-figure' }, el('strong', {}, percent(coverage)), ' of the article'),
    el('p', { class: 'coverage-detail' },
      `${(traced.covered_characters ?? 0).toLocaleString()} of ${(traced.characters ?? 0).toLocaleString()} characters `,
      `appear in ${sources.length} stored ${sources.length === 1 ? 'document' : 'documents'}, `,
      `in ${traced.passages.length} ${traced.passages.length === 1 ? 'passage' : 'passages'}.`));
}

// Dropped or changed attributions and substitutions, named before anything
// else: they are what a reader of a copied article most needs to know.
function renderAlarms(state) {
  const box = el('div', { class: 'alarms', 'aria-live': 'polite' });
  if (state.reportError) {
    box.append(el('p', { class: 'muted' }, `The provenance report failed: ${state.reportError}`));
    return box;
  }
  if (!state.report) return box;
  const items = [];
  state.report.passages.forEach((reportPassage) => {
    for (const change of reportPassage.changes ?? []) {
      if (!isAlarming(change)) continue;
      const index = state.trace.passages.findIndex((passage) => reportPassageFor(passage, state.report) === reportPassage);
      items.push(el('li', {}, changeBadge(change), ' ', changeWords(change),
        index >= 0 ? [' ', el('a', { href: `#/trace/passage/${index}` }, 'compare')] : null));
    }
  });
  if (items.length) box.append(el('h2', {}, 'What the copies changed'), el('ul', { class: 'changes' }, items));
  return box;
}

function describePassage(passage) {
  const source = passage.source;
  return el('div', { class: 'tip' },
    el('strong', {}, outletName(source)),
    el('div', {}, `${formatDate(source.published_at)} · doc #${source.id}`),
    source.title ? el('div', { class: 'tip-title' }, source.title) : null,
    el('div', { class: 'muted' },
      `${percent(passage.identity)} identical · ${passage.query.tokens} words`,
      passage.via != null ? ` · a copy of doc #${passage.via}` : ''));
}

function renderSources(sources) {
  const list = el('ol', { class: 'sources' }, sources.map((source) => el('li', { class: `source s${source.colour % PALETTE_SIZE}` },
    el('span', { class: 'swatch', 'aria-hidden': 'true' }),
    el('div', { class: 'source-body' },
      el('a', { class: 'source-name', href: `#/document/${source.doc.id}` }, outletName(source.doc)),
      el('div', { class: 'muted small' }, `${formatDate(source.doc.published_at)} · doc #${source.doc.id}`),
      source.doc.title ? el('div', { class: 'source-title' }, source.doc.title) : null,
      el('div', { class: 'share' },
        shareBar(source.share),
        el('span', { class: 'share-figure' }, `${percent(source.share)} of the article`))))));
  return el('aside', { class: 'sources-panel', 'aria-label': 'Sources' },
    el('h2', {}, 'Sources'),
    sources.length ? list : el('p', { class: 'muted' }, 'None: no passage of this article is in the corpus.'));
}

function shareBar(share) {
  const fill = el('span', { class: 'share-fill' });
  fill.style.width = `${Math.min(100, Math.max(0, share * 100)).toFixed(1)}%`;
  return el('span', { class: 'share-bar', 'aria-hidden': 'true' }, fill);
}
