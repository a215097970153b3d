// The corpus: documents to browse and search, one document with its text,
// its stored passages highlighted by the other document, and its provenance
// report.

import { api } from './api.js';
import { Utf8Text } from './bytes.js';
import { renderChain, summariseChanges } from './changes.js';
import { csvButton } from './csv.js';
import { el, externalLink, replaceChildren } from './dom.js';
import { describeDocument, formatBytes, formatDate, outletName, percent } from './format.js';
import { pager } from './family_view.js';
import { renderHighlightedText } from './highlight.js';

const PAGE_SIZE = 50;
const FILTERS = ['q', 'outlet', 'from', 'to'];

export async function renderDocumentsView(view, { params }) {
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? '']));
  const list = el('div', { class: 'card-list', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading…'));
  const count = el('p', { class: 'muted', role: 'status' });
  replaceChildren(view, el('h1', { tabindex: -1 }, 'Documents'), searchForm(filters), count, list);
  const answer = await api.documents({ ...filters, limit: PAGE_SIZE, offset });
  count.textContent = answer.total === 0
    ? 'No document matches.'
    : `${offset + 1}–${offset + answer.documents.length} of ${answer.total.toLocaleString()} documents`;
  replaceChildren(list, answer.documents.map(documentCard));
  list.removeAttribute('aria-busy');
  if (answer.documents.length) list.before(el('div', { class: 'button-row' }, csvButton(`documents-${offset + 1}.csv`, () => documentRows(answer.documents), 'This page as CSV')));
  const kept = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  view.append(pager('#/documents', offset, offset + answer.documents.length < answer.total, kept));
}

function documentRows(documents) {
  return [['id', 'external_id', 'outlet', 'published_at', 'title', 'url', 'bytes'],
    ...documents.map((doc) => [doc.id, doc.external_id ?? '', doc.outlet ?? '', doc.published_at ?? '', doc.title ?? '', doc.url ?? '', doc.byte_length ?? ''])];
}

function searchForm(filters) {
  const field = (name, label, type = 'search', placeholder = '') => el('label', { class: `field field-${name}` },
    el('span', { class: 'field-label' }, label),
    el('input', { type, name, value: filters[name], placeholder }));
  const form = el('form', { class: 'search-form', role: 'search' },
    field('q', 'Search texts, titles, outlets, ids, URLs', 'search', 'e.g. Kazakhstan'),
    field('outlet', 'Outlet (exact)', 'text'),
    field('from', 'Published from', 'date'),
    field('to', 'to', 'date'),
    el('button', { type: 'submit', class: 'primary' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) search.set(name, value);
    }
    const query = search.toString();
    location.hash = query ? `#/documents?${query}` : '#/documents';
  });
  return form;
}

function documentCard(doc) {
  return el('article', { class: 'card document-card' },
    el('h2', { class: 'card-title' }, el('a', { href: `#/document/${doc.id}` }, doc.title || doc.external_id || `Document #${doc.id}`)),
    el('p', { class: 'muted small' },
      [outletName(doc), formatDate(doc.published_at), `doc #${doc.id}`, formatBytes(doc.byte_length ?? 0)].join(' · '),
      copyOf(doc)),
    snippetOf(doc.snippet));
}

// Where the text matched the search: the excerpt with the matched words in
// <mark>. Offsets are bytes of the stored text; `snippet.text` holds the
// excerpt's bytes [begin, end). The text is untrusted, so it only ever
// becomes text nodes.
function snippetOf(snippet) {
  if (!snippet) return null;
  const excerpt = new Utf8Text(snippet.text);
  const at = (offset) => offset - snippet.begin;
  const parts = [];
  let done = snippet.begin;
  for (const [begin, end] of snippet.highlights) {
    parts.push(excerpt.slice(at(done), at(begin)), el('mark', { class: 'hit' }, excerpt.slice(at(begin), at(end))));
    done = end;
  }
  parts.push(excerpt.slice(at(done), at(snippet.end)));
  return el('p', { class: 'snippet' }, '… ', parts, ' …');
}

export async function renderDocumentView(view, { id }) {
  replaceChildren(view, el('p', { class: 'muted' }, 'Loading the document…'));
  const [doc, { passages }] = await Promise.all([api.document(id), api.documentPassages(id)]);
  const utf8 = new Utf8Text(doc.text);
  const colourOf = colourByFirstSeen(passages.map((passage) => passage.other.id));
  const marks = passages.map((passage, index) => ({
    id: index,
    begin: passage.this.begin,
    end: passage.this.end,
    colour: colourOf.get(passage.other.id),
    describe: () => el('div', { class: 'tip' }, el('strong', {}, 'Shared with ' + outletName(passage.other)),
      el('div', {}, describeDocument(passage.other)),
      el('div', { class: 'muted' }, `${percent(passage.identity)} identical · ${passage.matched_tokens} words`)),
    open: () => { location.hash = `#/document/${doc.id}/passage/${index}`; },
  }));
  replaceChildren(view,
    documentHeader(doc),
    el('div', { class: 'results-grid' },
      el('section', { class: 'text-panel', 'aria-label': 'Text' }, el('h2', {}, 'Text'),
        passages.length ? el('p', { class: 'hint' }, 'Highlighted: passages shared with other documents. Click or press Enter to compare.') : null,
        renderHighlightedText(utf8, marks)),
      el('aside', { class: 'sources-panel', 'aria-label': 'Shared passages' },
        el('h2', {}, `Shared passages (${passages.length})`),
        passages.length
          ? el('ol', { class: 'sources' }, passages.map((passage, index) => passageItem(doc, passage, index, colourOf)))
          : el('p', { class: 'muted' }, 'This document shares no passage with another.'))));
}

// A summary's `duplicate_of` is the first stored document with the same (or
// nearly the same) text, when this one is a copy of it; null otherwise.
function isCopy(doc) {
  return doc.duplicate_of != null;
}

function copyOf(doc) {
  if (!isCopy(doc)) return null;
  return [' · ', el('a', { href: `#/document/${doc.duplicate_of}` }, `same text as doc #${doc.duplicate_of}`)];
}

function colourByFirstSeen(ids) {
  const colours = new Map();
  for (const id of ids) if (!colours.has(id)) colours.set(id, colours.size);
  return colours;
}

function documentHeader(doc) {
  const facts = [
    ['Outlet', doc.outlet || '—'], ['Published', formatDate(doc.published_at)], ['Document', `#${doc.id}`],
    ['External id', doc.external_id || '—'], ['URL', doc.url ? externalLink(doc.url) : '—'],
    ['Length', formatBytes(doc.byte_length ?? 0)],
  ];
  if (isCopy(doc)) facts.push(['Same text as', el('a', { href: `#/document/${doc.duplicate_of}` }, `document #${doc.duplicate_of}`)]);
  return el('header', { class: 'view-header' },
    el('p', { class: 'breadcrumbs' }, el('a', { href: '#/documents' }, '← Documents')),
    el('h1', { tabindex: -1 }, doc.title || doc.external_id || `Document #${doc.id}`),
    el('dl', { class: 'facts' }, facts.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])),
    el('p', {}, el('a', { class: 'button secondary', href: `#/document/${doc.id}/report` }, 'Provenance report')));
}

function passageItem(doc, passage, index, colourOf) {
  return el('li', { class: `source s${colourOf.get(passage.other.id) % 8}` },
    el('span', { class: 'swatch', 'aria-hidden': 'true' }),
    el('div', { class: 'source-body' },
      el('a', { class: 'source-name', href: `#/document/${doc.id}/passage/${index}` }, outletName(passage.other)),
      el('div', { class: 'muted small' }, `${formatDate(passage.other.published_at)} · doc #${passage.other.id} · ${percent(passage.identity)} identical`),
      passage.other.title ? el('div', { class: 'source-title' }, passage.other.title) : null));
}

// The provenance report of a stored document: its text with each passage
// marked by its earliest source, and each passage's chain of copies.
export async function renderDocumentReportView(view, { id }) {
  replaceChildren(view, el('p', { class: 'muted' }, 'Loading the report…'));
  const [doc, report] = await Promise.all([api.document(id), api.documentReport(id)]);
  const utf8 = new Utf8Text(doc.text);
  const colourOf = colourByFirstSeen(report.passages.map((passage) => passage.earliest_source?.id));
  const items = report.passages.map((passage, index) => el('li', { class: 'report-passage', id: `passage-${index}` },
    el('h3', {}, `Passage ${index + 1}: from ${outletName(passage.earliest_source)}, ${formatDate(passage.earliest_source?.published_at)}`),
    el('blockquote', { class: 'excerpt' }, utf8.slice(passage.query.begin, passage.query.end)),
    el('p', { class: 'muted small' }, summariseChanges(passage.changes),
      passage.family != null ? [' · ', el('a', { href: `#/family/${passage.family}` }, `family #${passage.family}`)] : null),
    renderChain({ chain: passage.chain, changes: passage.changes, articleId: report.article ?? doc.id, articleLabel: outletName(doc), documents: report.documents })));
  const marks = report.passages.map((passage, index) => ({
    id: index, begin: passage.query.begin, end: passage.query.end,
    colour: colourOf.get(passage.earliest_source?.id),
    alarm: passage.changes?.some((change) => change.kind === 'attribution_dropped'),
    describe: () => el('div', { class: 'tip' }, el('strong', {}, `Earliest source: ${outletName(passage.earliest_source)}`),
      el('div', {}, summariseChanges(passage.changes))),
    open: () => document.getElementById(`passage-${index}`)?.scrollIntoView({ block: 'start' }),
  }));
  const coverage = report.characters ? report.covered_characters / report.characters : 0;
  replaceChildren(view,
    el('header', { class: 'view-header' },
      el('p', { class: 'breadcrumbs' }, el('a', { href: `#/document/${doc.id}` }, `← ${outletName(doc)} (doc #${doc.id})`)),
      el('h1', { tabindex: -1 }, `Provenance of “${doc.title || doc.external_id || `document #${doc.id}`}”`),
      el('p', { class: 'muted' }, `${percent(coverage)} of its characters come from earlier documents, in ${report.passages.length} passages.`)),
    el('section', { class: 'text-panel' }, renderHighlightedText(utf8, marks)),
    el('h2', {}, 'Passages'),
    items.length ? el('ol', { class: 'report-passages' }, items) : el('p', { class: 'muted' }, 'No passage comes from an earlier document.'));
}
