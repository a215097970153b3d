// Reuse families: the list, largest first, and one family's tree of who
// copied whom drawn in SVG. Each node is a focusable button naming outlet,
// date and document; each edge carries what the copy changed, alarming
// changes in red. Choosing a node shows its evidence and changes beside.

import { api } from './api.js';
import { Utf8Text } from './bytes.js';
import { renderChangeList, summariseChanges } from './changes.js';
import { el, onActivate, replaceChildren, svg } from './dom.js';
import { changeLabel, formatDate, isAlarming, outletName, percent, truncate } from './format.js';
import { layoutTree } from './tree.js';

const PAGE_SIZE = 50;
const NODE_WIDTH = 176;
const NODE_HEIGHT = 54;
const COLUMN_WIDTH = NODE_WIDTH + 24;
const ROW_HEIGHT = NODE_HEIGHT + 70;  // room for the edge labels
const MARGIN = 16;
const LABEL_ROOM = 150;  // right of the last column, for the edge labels beside it

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
  const details = el('aside', { class: 'node-details', 'aria-live': 'polite' },
    el('p', { class: 'muted' }, 'Choose a document in the tree to see its evidence and what it changed.'));
  const nodes = family.nodes ?? [];
  const alarms = nodes.filter((node) => node.changes?.some(isAlarming)).length;
  replaceChildren(view,
    el('header', { class: 'view-header' },
      el('p', { class: 'breadcrumbs' }, el('a', { href: '#/families' }, '← All families')),
      el('h1', { tabindex: -1 }, `Family #${family.id}: who copied whom`),
      el('p', { class: 'muted' }, `${nodes.length} documents`,
        alarms ? ` · ${alarms} ${alarms === 1 ? 'copy' : 'copies'} with an alarming change` : '')),
    el('div', { class: 'family-layout' },
      el('div', { class: 'tree-scroller' }, drawTree(nodes, (node) => showNode(details, node, nodes))),
      details));
}

function compareByDate(a, b) {
  const dateA = a.node?.doc.published_at ?? '\uffff';
  const dateB = b.node?.doc.published_at ?? '\uffff';
  return dateA < dateB ? -1 : dateA > dateB ? 1 : String(a.key).localeCompare(String(b.key));
}

// The tree's items: one per document, plus one "unseen source" above each
// document that copied from a source not in the corpus.
function treeItems(nodes) {
  const items = nodes.map((node) => ({
    key: `doc-${node.doc.id}`,
    parentKey: node.parent != null ? `doc-${node.parent}` : node.unseen_source ? `unseen-${node.doc.id}` : null,
    node,
  }));
  for (const node of nodes) {
    if (node.parent == null && node.unseen_source) items.push({ key: `unseen-${node.doc.id}`, parentKey: null, node: null });
  }
  return items;
}

function drawTree(nodes, onChoose) {
  const items = treeItems(nodes);
  const { positions, columns, depth } = layoutTree(items, compareByDate);
  const at = (key) => {
    const { column, depth: row } = positions.get(key);
    return { x: MARGIN + column * COLUMN_WIDTH, y: MARGIN + row * ROW_HEIGHT };
  };
  const width = MARGIN * 2 + Math.max(1, columns) * COLUMN_WIDTH - (COLUMN_WIDTH - NODE_WIDTH) + LABEL_ROOM;
  const height = MARGIN * 2 + (depth + 1) * ROW_HEIGHT - (ROW_HEIGHT - NODE_HEIGHT);
  const byKey = new Map(items.map((item) => [item.key, item]));
  const edges = items.filter((item) => byKey.has(item.parentKey))
    .map((item) => drawEdge(at(item.parentKey), at(item.key), item, onChoose));
  const boxes = items.map((item) => drawNode(at(item.key), item, onChoose));
  return svg('svg', {
    class: 'tree', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-label': `Tree of ${nodes.length} documents: who copied whom`,
  }, svg('g', { class: 'edges' }, edges), svg('g', { class: 'nodes' }, boxes));
}

function drawEdge(from, to, item, onChoose) {
  const startX = from.x + NODE_WIDTH / 2;
  const startY = from.y + NODE_HEIGHT;
  const endX = to.x + NODE_WIDTH / 2;
  const endY = to.y;
  const middleY = (startY + endY) / 2;
  const changes = item.node?.changes ?? [];
  const alarming = changes.some(isAlarming);
  const label = edgeLabel(changes);
  const edge = svg('g', { class: `edge${alarming ? ' alarm' : ''}${item.node ? '' : ' unseen'}` },
    svg('title', {}, item.node ? `${outletName(item.node.doc)}: ${summariseChanges(changes)}` : 'copied from a source not in the corpus'),
    svg('path', { d: `M${startX},${startY} C${startX},${middleY} ${endX},${middleY} ${endX},${endY}` }),
    label ? svg('text', { x: endX + 6, y: middleY + 4, class: 'edge-label' }, label) : null);
  if (item.node) edge.addEventListener('click', () => onChoose(item.node));
  return edge;
}

// "⚠ attribution dropped +1" when a change is alarming, else "2 changes".
function edgeLabel(changes) {
  if (!changes.length) return '';
  const alarm = changes.find(isAlarming);
  if (alarm) return `⚠ ${changeLabel(alarm.kind)}${changes.length > 1 ? ` +${changes.length - 1}` : ''}`;
  return `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`;
}

function drawNode({ x, y }, item, onChoose) {
  if (!item.node) {
    return svg('g', { class: 'node unseen', transform: `translate(${x},${y})` },
      svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
      svg('text', { x: 12, y: 32 }, 'unseen source'));
  }
  const { doc, changes } = item.node;
  const alarming = changes?.some(isAlarming);
  const isRoot = item.node.parent == null && !item.node.unseen_source;
  const group = svg('g', {
    class: `node${alarming ? ' alarm' : ''}${isRoot ? ' root' : ''}`, transform: `translate(${x},${y})`,
    tabindex: 0, role: 'button', dataset: { doc: doc.id },
    'aria-label': `${outletName(doc)}, ${formatDate(doc.published_at)}, document ${doc.id}`,
  },
  svg('title', {}, [outletName(doc), formatDate(doc.published_at), doc.title, `doc #${doc.id}`].filter(Boolean).join(' · ')),
  svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
  svg('text', { x: 12, y: 22, class: 'node-outlet' }, truncate(outletName(doc), 22)),
  svg('text', { x: 12, y: 42, class: 'node-date' }, `${formatDate(doc.published_at)} · #${doc.id}`));
  onActivate(group, () => onChoose(item.node));
  return group;
}

function showNode(details, node, nodes) {
  const { doc } = node;
  for (const group of document.querySelectorAll('svg.tree .node[data-doc]')) {
    group.classList.toggle('selected', group.dataset.doc === String(doc.id));
  }
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
