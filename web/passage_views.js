// The side-by-side views of one passage: a passage of the traced article
// against its source (with the passage's chain of copies and family), and a
// stored passage between two stored documents.

import { api } from './api.js';
import { Utf8Text } from './bytes.js';
import { renderChain, summariseChanges } from './changes.js';
import { appendChildren, el, replaceChildren } from './dom.js';
import { describeDocument, formatDate, outletName } from './format.js';
import { renderInlineDiff, renderSideBySide } from './side_by_side.js';
import { traceState } from './state.js';
import { reportPassageFor } from './trace_view.js';

export async function renderTracePassageView(view, { index }) {
  const state = traceState();
  const passages = state.trace?.passages ?? [];
  const passage = passages[index];
  if (!passage || state.tracedText == null) {
    replaceChildren(view, el('h1', { tabindex: -1 }, 'No such passage'),
      el('p', {}, 'Nothing traced in this tab has this passage. ', el('a', { href: '#/' }, 'Trace an article'), '.'));
    return;
  }
  const loading = el('p', { class: 'muted' }, 'Loading the source…');
  replaceChildren(view, passageHeader(passage, index, passages.length), loading);
  const source = await api.document(passage.source.id);
  const left = { heading: documentHeading(source, 'Source'), utf8: new Utf8Text(source.text), range: [passage.source.begin, passage.source.end] };
  const right = { heading: el('div', {}, el('span', { class: 'pane-role' }, 'This article'), ' (pasted)'), utf8: new Utf8Text(state.tracedText), range: [passage.query.begin, passage.query.end] };
  const edits = passage.edits.map((edit) => ({ op: edit.op, left: edit.source, right: edit.query }));
  loading.replaceWith(
    renderStory(reportPassageFor(passage, state.report), state.report, state.reportError),
    el('h2', {}, 'Side by side'),
    renderSideBySide({ left, right, edits, legend: {
      leftOnly: 'in the source, left out of the article',
      rightOnly: 'added by the article',
      substitute: 'a word swapped for another',
    } }),
    el('h2', {}, 'The passage, edit by edit'),
    renderInlineDiff(left, right, edits));
}

function passageHeader(passage, index, count) {
  const previous = index > 0 ? el('a', { href: `#/trace/passage/${index - 1}` }, '← Previous passage') : null;
  const next = index + 1 < count ? el('a', { href: `#/trace/passage/${index + 1}` }, 'Next passage →') : null;
  return el('header', { class: 'view-header' },
    el('p', { class: 'breadcrumbs' }, el('a', { href: '#/', dataset: { back: 'trace' } }, '← Back to the article')),
    el('h1', { tabindex: -1 }, `Passage ${index + 1} of ${count}: from ${outletName(passage.source)}`),
    el('p', { class: 'muted' }, `${passage.matched_tokens} words matched · ${Math.round(passage.identity * 100)}% identical`,
      passage.via != null ? ` · ${outletName(passage.source)} is a copy of doc #${passage.via}` : ''),
    el('nav', { class: 'pager', 'aria-label': 'Passages' }, previous, next));
}

function documentHeading(doc, role) {
  return el('div', {},
    el('span', { class: 'pane-role' }, role), ' ',
    el('a', { href: `#/document/${doc.id}`, title: describeDocument(doc) }, `${outletName(doc)}, ${formatDate(doc.published_at)}`),
    doc.title ? el('div', { class: 'pane-title' }, doc.title) : null);
}

// The provenance of the passage: its chain of copies from the earliest
// source, what each step changed, and a link to its family's tree.
function renderStory(reportPassage, report, reportError) {
  const section = el('section', { class: 'story' }, el('h2', {}, 'How this passage travelled'));
  if (!reportPassage) {
    section.append(el('p', { class: 'muted' }, reportError
      ? `The provenance report failed: ${reportError}`
      : 'No provenance is known for this passage.'));
    return section;
  }
  appendChildren(section, [
    el('p', { class: 'muted' }, `From the earliest known source to this article; ${summariseChanges(reportPassage.changes)}.`),
    renderChain({ chain: reportPassage.chain, changes: reportPassage.changes, documents: report?.documents }),
    reportPassage.family != null
      ? el('p', {}, el('a', { class: 'button secondary', href: `#/family/${reportPassage.family}` }, `Family #${reportPassage.family}: who copied whom`))
      : null]);
  return section;
}

// A stored passage of document `id` with another document: the other on the
// left, this one on the right.
export async function renderDocumentPassageView(view, { id, index }) {
  replaceChildren(view, el('p', { class: 'muted' }, 'Loading…'));
  const [doc, { passages }] = await Promise.all([api.document(id), api.documentPassages(id)]);
  const passage = passages[index];
  if (!passage) {
    replaceChildren(view, el('h1', { tabindex: -1 }, 'No such passage'),
      el('p', {}, el('a', { href: `#/document/${id}` }, `Back to document #${id}`)));
    return;
  }
  const other = await api.document(passage.other.id);
  const left = { heading: documentHeading(other, 'Other'), utf8: new Utf8Text(other.text), range: [passage.that.begin, passage.that.end] };
  const right = { heading: documentHeading(doc, 'This document'), utf8: new Utf8Text(doc.text), range: [passage.this.begin, passage.this.end] };
  const edits = passage.edits.map((edit) => ({ op: edit.op, left: edit.that, right: edit.this }));
  replaceChildren(view,
    el('header', { class: 'view-header' },
      el('p', { class: 'breadcrumbs' }, el('a', { href: `#/document/${doc.id}` }, `← Back to ${outletName(doc)} (doc #${doc.id})`)),
      el('h1', { tabindex: -1 }, `Passage shared with ${outletName(other)}`),
      el('p', { class: 'muted' }, `${passage.matched_tokens} words matched · ${Math.round(passage.identity * 100)}% identical`)),
    renderSideBySide({ left, right, edits, legend: {
      leftOnly: `only in ${outletName(other)} (doc #${other.id})`,
      rightOnly: `only in ${outletName(doc)} (doc #${doc.id})`,
      substitute: 'words that differ',
    } }),
    el('h2', {}, 'The passage, edit by edit'),
    renderInlineDiff(left, right, edits));
}
