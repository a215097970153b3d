// Reuse families: the list, largest first, and one family's tree of who
// copied whom, as a drawing (tree_view.js) or a table (family_table.js),
// with a filter by what the copies changed and the family's downloads.
// Choosing a document shows its evidence and changes beside.

import { api } from './api.js';
import { Utf8Text } from './bytes.js';
import { changeKinds, isFiltering, nodeMatches, renderChangeFilter } from './change_filter.js';
import { renderChangeList } from './changes.js';
import { csvButton, downloadLink, tableRows } from './csv.js';
import { el, replaceChildren } from './dom.js';
import { renderFamilyTable } from './family_table.js';
import { formatDate, isAlarming, outletName, percent, truncate } from './format.js';
import { renderTreeDrawing } from './tree_view.js';

const PAGE_SIZE = 50;

export async function renderFamiliesView(view, { params }) {
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  replaceChildren(view, el('h1', { tabindex: -1 }, 'Reuse families'),
    el('p', { class: 'lede' }, 'Each family is one text and every document that carries it, largest first.'));
  const list = el('div', { class: 'card-list', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading…'));
  view.append(list);
  const { families } = await api.families({ limit: PAGE_SIZE, offset });
  replaceChildren(list, families.length ? families.map(familyCard) : el('p', { class: 'muted' }, 'No family here.'));
  list.removeAttribute('aria-busy');
  view.append(pager('#/families', offset, families.length === PAGE_SIZE));
  if (families.length) list.before(el('div', { class: 'button-row' }, csvButton(`families-${offset + 1}.csv`, () => familyRows(families), 'This page as CSV')));
}

function familyRows(families) {
  return [['id', 'size', 'first_published', 'last_published', 'outlets', 'snippet'],
    ...families.map((family) => [family.id, family.size, family.first_published ?? '', family.last_published ?? '',
      (family.outlets ?? []).join('; '), family.snippet ?? ''])];
}

function familyCard(family) {
  const outlets = family.outlets ?? [];
  const shown = outlets.slice(0, 4).join(', ') + (outlets.length > 4 ? ` and ${outlets.length - 4} more` : '');
  return el('article', { class: 'card' },
    el('h2', { class: 'card-title' }, el('a', { href: `#/family/${family.id}` }, `Family #${family.id}`),
      el('span', { class: 'muted' }, ` · ${family.size} documents`)),
    el('p', { class: 'muted small' }, `${formatDate(family.first_published)} – ${formatDate(family.last_published)}`,
      shown ? ` · ${shown}` : ''),
    family.snippet ? el('p', { class: 'snippet' }, truncate(family.snippet, 240)) : null);
}

export function pager(base, offset, hasMore, params = new URLSearchParams()) {
  const link = (newOffset, label) => {
    const next = new URLSearchParams(params);
    if (newOffset > 0) next.set('offset', String(newOffset));
    else next.delete('offset');
    const search = next.toString();
    return el('a', { class: 'button secondary', href: search ? `${base}?${search}` : base }, label);
  };
  return el('nav', { class: 'pager', 'aria-label': 'Pages' },
    offset > 0 ? link(Math.max(0, offset - PAGE_SIZE), '← Previous') : null,
    hasMore ? link(offset + PAGE_SIZE, 'Next →') : null);
}

export async function renderFamilyView(view, { id }) {
  replaceChildren(view, el('p', { class: 'muted' }, 'Loading the family…'));
  const family = await api.family(id);
  const nodes = family.nodes ?? [];
  const details = el('aside', { class: 'node-details', 'aria-live': 'polite' },
    el('p', { class: 'muted' }, 'Choose a document in the tree to see its evidence and what it changed.'));
  const choose = (node) => {
    drawing.select(node.doc.id);
    showNode(details, node, nodes);
  };
  const drawing = renderTreeDrawing(nodes, choose);
  const list = renderFamilyTable(nodes, choose);
  const status = el('p', { class: 'muted small filter-status', role: 'status' });
  const filter = renderChangeFilter(changeKinds(nodes), (next) => applyFilter(next, { nodes, drawing, list, status }));
  replaceChildren(view,
    familyHeader(family, nodes),
    el('div', { class: 'family-tools' }, filter, familyExports(family.id, list)),
    status,
    el('div', { class: 'family-layout' },
      el('div', { class: 'family-main' }, viewSwitch(drawing.element, list.element), drawing.element, list.element),
      details));
  list.element.hidden = true;
}

function familyHeader(family, nodes) {
  const alarms = nodes.filter((node) => node.changes?.some(isAlarming)).length;
  return el('header', { class: 'view-header' },
    el('p', { class: 'breadcrumbs' }, el('a', { href: '#/families' }, '← All families')),
    el('h1', { tabindex: -1 }, `Family #${family.id}: who copied whom`),
    el('p', { class: 'muted' }, `${nodes.length} documents`,
      alarms ? ` · ${alarms} ${alarms === 1 ? 'copy' : 'copies'} with an alarming change` : ''));
}

function familyExports(id, list) {
  return el('div', { class: 'button-row exports', role: 'group', 'aria-label': 'Download the family' },
    downloadLink(`/v1/families/${id}`, `family-${id}.json`, 'JSON'),
    downloadLink(`/v1/families/${id}?format=graphml`, `family-${id}.graphml`, 'GraphML'),
    csvButton(`family-${id}.csv`, () => tableRows(list.table), 'List as CSV'));
}

// Drawing or list: two buttons, the one shown pressed.
function viewSwitch(drawingElement, listElement) {
  const buttons = [['Drawing', drawingElement], ['List', listElement]].map(([label, shown]) => el('button', {
    type: 'button', class: 'secondary small-button', 'aria-pressed': String(shown === drawingElement),
    onclick: (event) => {
      drawingElement.hidden = shown !== drawingElement;
      listElement.hidden = shown !== listElement;
      for (const button of buttons) button.setAttribute('aria-pressed', String(button === event.currentTarget));
    },
  }, label));
  return el('div', { class: 'button-row view-switch', role: 'group', 'aria-label': 'Show the tree as' }, buttons);
}

function applyFilter(filter, { nodes, drawing, list, status }) {
  const active = isFiltering(filter, changeKinds(nodes));
  const match = active ? (node) => nodeMatches(node, filter) : null;
  drawing.setFilter(match);
  list.setFilter(match);
  status.textContent = active ? `${nodes.filter(match).length} of ${nodes.length} documents have a change shown; the others are dimmed in the drawing and left out of the list.` : '';
}

function showNode(details, node, nodes) {
  const { doc } = node;
  const parent = nodes.find((candidate) => candidate.doc.id === node.parent);
  const excerpt = el('blockquote', { class: 'excerpt muted' }, 'Loading the passage…');
  replaceChildren(details,
    el('h2', {}, el('a', { href: `#/document/${doc.id}` }, outletName(doc))),
    el('p', { class: 'muted small' }, `${formatDate(doc.published_at)} · doc #${doc.id}`),
    doc.title ? el('p', { class: 'source-title' }, doc.title) : null,
    el('p', {}, parent
      ? ['Copied from ', el('a', { href: `#/document/${parent.doc.id}` }, `${outletName(parent.doc)}, ${formatDate(parent.doc.published_at)}`)]
      : node.unseen_source ? 'Copied from a source not in the corpus.' : 'The earliest document of the family.',
    node.confidence != null && (parent || node.unseen_source) ? ` (confidence ${percent(node.confidence)})` : ''),
    node.evidence?.length ? el('ul', { class: 'evidence' }, node.evidence.map((line) => el('li', {}, line))) : null,
    parent || node.unseen_source ? [el('h3', {}, 'What it changed'), renderChangeList(node.changes)] : null,
    el('h3', {}, 'The passage'),
    excerpt);
  api.document(doc.id).then((stored) => {
    const text = new Utf8Text(stored.text).slice(node.span?.begin ?? 0, node.span?.end ?? 0);
    excerpt.textContent = truncate(text, 700);
    excerpt.classList.remove('muted');
  }).catch((error) => { excerpt.textContent = `The document could not be read: ${error.message}`; });
}
