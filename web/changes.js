// What a copy changed from its parent, and the chain of copies of a passage
// from its earliest source: shared by the side-by-side view, a stored
// document's report and the family tree. Alarming changes (a dropped or
// changed attribution, a swapped word) are red badges that stand out.

import { api } from './api.js';
import { el } from './dom.js';
import { changeLabel, formatDate, isAlarming, outletName, truncate } from './format.js';

const QUOTE_LIMIT = 160;

function quote(text) {
  const words = String(text ?? '').trim();
  return words ? `‘${truncate(words, QUOTE_LIMIT)}’` : '(nothing)';
}

// The words of a change, e.g. "‘said … Global Times’" or "‘a’ → ‘b’".
export function changeWords(change) {
  const parentText = change.parent?.text ?? '';
  const childText = change.child?.text ?? '';
  switch (change.kind) {
    case 'attribution_dropped':
    case 'sentence_deleted':
      return quote(parentText);
    case 'attribution_added':
    case 'sentence_inserted':
      return quote(childText);
    default:
      return `${quote(parentText)} → ${quote(childText)}`;
  }
}

export function changeBadge(change) {
  const tone = isAlarming(change) ? 'badge badge-alarm' : 'badge';
  return el('span', { class: `${tone} badge-${change.kind}` }, changeLabel(change.kind));
}

export function renderChange(change) {
  const credit = change.parent_source || change.child_source
    ? el('span', { class: 'muted' }, ` (credited: ${[change.parent_source, change.child_source]
      .filter(Boolean).map((name) => truncate(name, 80)).join(' → ')})`)
    : null;
  return el('li', { class: `change change-${change.kind}` },
    changeBadge(change), ' ', el('span', { class: 'change-words' }, changeWords(change)), credit);
}

export function renderChangeList(changes) {
  if (!changes?.length) return el('p', { class: 'muted small' }, 'No change found.');
  const ordered = [...changes].sort((a, b) => Number(isAlarming(b)) - Number(isAlarming(a)));
  return el('ul', { class: 'changes' }, ordered.map(renderChange));
}

// A one-line summary of changes for an edge: "2 changes: attribution dropped, substitution".
export function summariseChanges(changes) {
  if (!changes?.length) return 'no change found';
  const kinds = [...new Set(changes.map((change) => changeLabel(change.kind)))];
  const noun = changes.length === 1 ? 'change' : 'changes';
  return `${changes.length} ${noun}: ${kinds.join(', ')}`;
}

// The steps of a chain: its stored documents oldest first, then the article
// (id null when it is the pasted, unstored text) unless the chain ends with it.
function chainSteps(chain, articleId) {
  const steps = (chain ?? []).map((id) => ({ id }));
  if (articleId == null || steps[steps.length - 1]?.id !== articleId) {
    steps.push({ id: articleId ?? null, isArticle: true });
  }
  return steps;
}

// A step names its document by outlet and date: from the summaries the
// report sent along when it did, else from the document itself, fetched.
function stepLabel(step, articleLabel, documents) {
  const label = el('span', { class: 'step-name' }, step.isArticle ? articleLabel : `document #${step.id}`);
  if (step.id == null) return label;
  const link = el('a', { href: `#/document/${step.id}` }, label);
  const name = (doc) => {
    label.textContent = `${outletName(doc)}, ${formatDate(doc.published_at)}`;
    link.title = doc.title ? `${doc.title} (doc #${doc.id})` : `doc #${doc.id}`;
  };
  const known = documents?.[step.id];
  if (known) name(known);
  else api.document(step.id).then(name).catch(() => {});
  return link;
}

// The chain of copies of one passage as an ordered list: each step names its
// document and lists what it changed from the step before.
// `documents`: summaries by id, when the report has them (optional).
export function renderChain({ chain, changes, articleId = null, articleLabel = 'This article', documents = null }) {
  const steps = chainSteps(chain, articleId);
  const byChild = new Map(steps.map((step) => [step.id, []]));
  const unplaced = [];
  for (const change of changes ?? []) {
    const childDoc = change.child?.doc ?? null;
    (byChild.get(childDoc) ?? unplaced).push(change);
  }
  const items = steps.map((step, index) => el('li', { class: 'chain-step' },
    el('div', { class: 'step-title' },
      index === 0 ? el('span', { class: 'step-role' }, 'earliest source · ') : null,
      stepLabel(step, articleLabel, documents)),
    index === 0 ? null : renderChangeList(byChild.get(step.id))));
  if (unplaced.length) {
    items.push(el('li', { class: 'chain-step' },
      el('div', { class: 'step-title' }, 'Other changes'), renderChangeList(unplaced)));
  }
  return el('ol', { class: 'chain' }, items);
}
