// A family's tree as a table, for screen readers and for trees of hundreds
// of documents: one row a document in the order of the tree (each copy
// under what it copied, the earliest first), its generation, outlet, date,
// what it copied from and what it changed. The change filter hides rows.

import { el } from './dom.js';
import { changeLabel, formatDate, isAlarming, outletName } from './format.js';
import { compareByDate } from './tree_view.js';

const MAX_INDENT = 12;  // generations indented; deeper ones say their number

// The nodes in the order of the tree, each with its generation (0 for a root).
export function treeOrder(nodes) {
  const byId = new Map(nodes.map((node) => [node.doc.id, node]));
  const children = new Map();
  const roots = [];
  for (const node of nodes) {
    const parent = node.parent != null && node.parent !== node.doc.id ? byId.get(node.parent) : null;
    if (parent) (children.get(parent.doc.id) ?? children.set(parent.doc.id, []).get(parent.doc.id)).push(node);
    else roots.push(node);
  }
  const asItem = (node) => ({ key: node.doc.id, node });
  const order = (list) => list.map(asItem).sort(compareByDate).map((item) => item.node);
  const rows = [];
  const seen = new Set();
  const stack = order(roots).reverse().map((node) => ({ node, generation: 0 }));
  const visit = (list, generation) => {
    for (const node of order(list).reverse()) stack.push({ node, generation });
  };
  while (stack.length) {
    const { node, generation } = stack.pop();
    if (seen.has(node.doc.id)) continue;
    seen.add(node.doc.id);
    rows.push({ node, generation });
    visit(children.get(node.doc.id) ?? [], generation + 1);
  }
  for (const node of nodes) if (!seen.has(node.doc.id)) rows.push({ node, generation: 0 });  // in a loop of parents
  return rows;
}

// Returns {element, table, setFilter(match or null)}; `onChoose(node)` when a row's document is chosen.
export function renderFamilyTable(nodes, onChoose) {
  const byId = new Map(nodes.map((node) => [node.doc.id, node]));
  const rows = treeOrder(nodes).map(({ node, generation }) => tableRow(node, generation, byId.get(node.parent), onChoose));
  const table = el('table', { class: 'data-table family-table' },
    el('caption', { class: 'visually-hidden' }, `${nodes.length} documents, each under the document it copied`),
    el('thead', {}, el('tr', {}, ['Generation', 'Outlet', 'Published', 'Document', 'Copied from', 'Changes']
      .map((name) => el('th', { scope: 'col' }, name)))),
    el('tbody', {}, rows));
  return {
    element: el('div', { class: 'table-scroller' }, table),
    table,
    setFilter: (match) => {
      for (const row of rows) row.hidden = Boolean(match) && !match(row.__node);
    },
  };
}

function tableRow(node, generation, parent, onChoose) {
  const { doc } = node;
  const outletCell = el('td', { class: 'outlet-cell', dataset: { csv: outletName(doc) } },
    el('button', { type: 'button', class: 'link-button', onclick: () => onChoose(node) }, outletName(doc)));
  outletCell.style.paddingInlineStart = `${0.5 + Math.min(generation, MAX_INDENT) * 0.9}rem`;
  const copiedFrom = parent ? `${outletName(parent.doc)}, ${formatDate(parent.doc.published_at)} (#${parent.doc.id})`
    : node.unseen_source ? 'a source not in the corpus' : '—';
  const row = el('tr', { dataset: { doc: doc.id } },
    el('td', { class: 'number' }, String(generation)),
    outletCell,
    el('td', { class: 'nowrap' }, formatDate(doc.published_at)),
    el('td', { dataset: { csv: String(doc.id) } }, el('a', { href: `#/document/${doc.id}` }, `#${doc.id}`)),
    el('td', {}, copiedFrom),
    el('td', { dataset: { csv: changesText(node.changes) } }, changeCell(node.changes)));
  row.__node = node;
  return row;
}

function changesText(changes) {
  return (changes ?? []).map((change) => `${changeLabel(change.kind)}${isAlarming(change) ? ' (alarming)' : ''}`).join('; ');
}

// One badge a kind, "substitution ×5", red when one of them is alarming.
function changeCell(changes) {
  if (!changes?.length) return el('span', { class: 'muted' }, 'none');
  const kinds = new Map();
  for (const change of changes) {
    const kind = kinds.get(change.kind) ?? { count: 0, alarming: false };
    kind.count += 1;
    kind.alarming ||= isAlarming(change);
    kinds.set(change.kind, kind);
  }
  return [...kinds].map(([kind, { count, alarming }], index) => {
    const label = `${changeLabel(kind)}${count > 1 ? ` ×${count}` : ''}`;
    return [index ? ' ' : null, alarming
      ? el('span', { class: 'badge badge-alarm' }, `⚠ ${label}`, el('span', { class: 'visually-hidden' }, ' (alarming)'))
      : el('span', { class: 'badge' }, label)];
  });
}
