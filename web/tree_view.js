// The drawing of a family's tree of who copied whom, for trees of any size:
// laid out by tree.js (deterministic: siblings by date, then key), shown
// through a viewBox that zoom.js fits, zooms and pans, with subtrees that
// collapse and expand. Each node is a focusable button naming outlet, date
// and document; each edge carries what the copy changed, alarming changes
// in red. Collapsing lays the tree out again and keeps the toggled node
// where it was on screen.

import { summariseChanges } from './changes.js';
import { el, onActivate, svg } from './dom.js';
import { changeLabel, formatDate, isAlarming, outletName, truncate } from './format.js';
import { layoutTree, visibleItems } from './tree.js';
import { KEY_SHORTCUTS, attachZoom } from './zoom.js';

const NODE_WIDTH = 176;
const NODE_HEIGHT = 54;
const COLUMN_WIDTH = NODE_WIDTH + 24;
const ROW_HEIGHT = NODE_HEIGHT + 70;  // room for the toggle and the edge labels
const LABEL_ROOM = 80;  // right of a tree's last column, for the edge labels beside it
const TOGGLE_RADIUS = 10;
const TREE_GAP = 40;
const SHELF_ASPECT = 1.8;  // width to height of a packed forest, near a landscape view's

export function compareByDate(a, b) {
  const dateA = a.node?.doc.published_at ?? '\uffff';
  const dateB = b.node?.doc.published_at ?? '\uffff';
  return dateA < dateB ? -1 : dateA > dateB ? 1 : String(a.key).localeCompare(String(b.key));
}

// The tree's items: one per document, plus one "unseen source" above each
// document that copied from a source not in the corpus.
export function treeItems(nodes) {
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

// Where each shown item sits, in drawing units, and the drawing's bounds.
// A forest (documents copied from unseen sources make one tree each) is
// packed onto shelves, tree after tree in layout order, about as wide as
// 1.8 times its height, so that fitting it to a landscape view keeps it
// legible instead of drawing a thin line of a hundred trees.
export function placeItems(items) {
  const { positions } = layoutTree(items, compareByDate);
  const trees = treeExtents(items, positions);
  const area = trees.reduce((sum, tree) => sum + tree.width * tree.height, 0);
  const shelfWidth = Math.max(...trees.map((tree) => tree.width), Math.sqrt(SHELF_ASPECT * area));
  const places = new Map();
  let x = 0;
  let y = 0;
  let shelfHeight = 0;
  let width = 0;
  for (const tree of trees) {
    if (x > 0 && x + tree.width > shelfWidth) {
      y += shelfHeight + TREE_GAP;
      x = 0;
      shelfHeight = 0;
    }
    for (const key of tree.keys) {
      const { column, depth } = positions.get(key);
      places.set(key, { x: x + (column - tree.firstColumn) * COLUMN_WIDTH, y: y + (depth - tree.depth) * ROW_HEIGHT });
    }
    width = Math.max(width, x + tree.width);
    shelfHeight = Math.max(shelfHeight, tree.height);
    x += tree.width + TREE_GAP;
  }
  return { places, bounds: { x: 0, y: 0, width: Math.max(width, 1), height: Math.max(y + shelfHeight, 1) } };
}

// Each tree of the layout: its keys, first column, the depth of its root and its size in drawing units.
function treeExtents(items, positions) {
  const byKey = new Map(items.map((item) => [item.key, item]));
  const rootOf = new Map();
  const findRoot = (key) => {
    const chain = [];
    let current = key;
    while (!rootOf.has(current) && !chain.includes(current)) {
      chain.push(current);
      const parent = byKey.get(current)?.parentKey;
      if (parent == null || !byKey.has(parent)) break;
      current = parent;
    }
    const root = rootOf.get(current) ?? current;
    for (const step of chain) rootOf.set(step, root);
    return root;
  };
  const trees = new Map();
  for (const [key, { column, depth }] of positions) {
    const root = findRoot(key);
    const tree = trees.get(root) ?? { keys: [], firstColumn: Infinity, lastColumn: -Infinity, depth: positions.get(root).depth, lastDepth: 0 };
    tree.keys.push(key);
    tree.firstColumn = Math.min(tree.firstColumn, column);
    tree.lastColumn = Math.max(tree.lastColumn, column);
    tree.lastDepth = Math.max(tree.lastDepth, depth);
    trees.set(root, tree);
  }
  return [...trees.values()].sort((a, b) => a.firstColumn - b.firstColumn).map((tree) => ({
    ...tree,
    width: (tree.lastColumn - tree.firstColumn) * COLUMN_WIDTH + NODE_WIDTH + LABEL_ROOM,
    height: (tree.lastDepth - tree.depth) * ROW_HEIGHT + NODE_HEIGHT,
  }));
}

// The drawing with its toolbar. `onChoose(node)` is called when a document
// is chosen. Returns {element, setFilter(match or null), select(docId)}.
export function renderTreeDrawing(nodes, onChoose) {
  const all = treeItems(nodes);
  const state = { collapsed: new Set(), match: null, selected: null, places: new Map(), bounds: null, rootKey: null };
  const edgeLayer = svg('g', { class: 'edges' });
  const nodeLayer = svg('g', { class: 'nodes' });
  const drawing = svg('svg', { class: 'tree', role: 'group', 'aria-label': `Tree of ${nodes.length} documents: who copied whom` },
    edgeLayer, nodeLayer);
  const viewport = el('div', {
    class: 'tree-viewport', tabindex: 0, role: 'group', 'aria-keyshortcuts': KEY_SHORTCUTS,
    'aria-label': 'The tree drawing: + and - zoom, arrow keys move, 0 fits, R finds the root',
  }, drawing);
  const redraw = () => draw(all, state, { edgeLayer, nodeLayer, onChoose, onToggle: toggle });
  const rootPoint = () => centreOfKey(state, state.rootKey);
  redraw();
  // As tall as the tree's shape asks, within the CSS limits: a wide fan gets a low view.
  drawing.style.aspectRatio = `${state.bounds.width + 32} / ${state.bounds.height + 32}`;
  const zoom = attachZoom(viewport, drawing, { bounds: () => state.bounds, root: rootPoint });
  function toggle(key) {
    const before = state.places.get(key);
    if (state.collapsed.has(key)) state.collapsed.delete(key);
    else state.collapsed.add(key);
    redraw();
    const after = state.places.get(key);
    zoom.pan(after.x - before.x, after.y - before.y);
    nodeLayer.querySelector(`.toggle[data-key="${key}"]`)?.focus({ preventScroll: true });
  }
  keepFocusedInView(viewport, state, zoom);
  const element = el('div', { class: 'tree-panel' },
    treeToolbar(zoom, () => findRoot(state, zoom, nodeLayer)), viewport);
  return {
    element,
    setFilter: (match) => { state.match = match; applyMarks(nodeLayer, edgeLayer, state); },
    select: (docId) => { state.selected = `doc-${docId}`; applyMarks(nodeLayer, edgeLayer, state); },
  };
}

function treeToolbar(zoom, findRootAction) {
  const button = (label, title, shortcut, action) => el('button', {
    type: 'button', class: 'secondary small-button', title, 'aria-keyshortcuts': shortcut, onclick: action,
  }, label);
  return el('div', { class: 'tree-toolbar' },
    el('div', { class: 'button-row', role: 'toolbar', 'aria-label': 'Zoom and move the drawing' },
      button('+', 'Zoom in (+)', '+', () => zoom.zoom(1.25)),
      button('−', 'Zoom out (-)', '-', () => zoom.zoom(0.8)),
      button('Fit', 'Show the whole tree (0 or F)', '0 f', zoom.fit),
      button('Root', 'Centre the earliest document (R)', 'r', findRootAction)),
    el('p', { class: 'hint hint-keyboard' },
      'Drag, wheel or pinch to move and zoom; with the drawing focused: + and − zoom, arrow keys move, 0 or F fits, R finds the root. ',
      'The buttons under a document fold its copies away.'));
}

// The root centred at a scale where it can be read, and focused.
function findRoot(state, zoom, nodeLayer) {
  const scale = zoom.unitsPerPixel();
  if (scale > 1) zoom.zoom(scale);
  zoom.centreOn(centreOfKey(state, state.rootKey));
  nodeLayer.querySelector(`.node[data-key="${state.rootKey}"]`)?.focus({ preventScroll: true });
}

function centreOfKey(state, key) {
  const place = state.places.get(key);
  return place ? { x: place.x + NODE_WIDTH / 2, y: place.y + NODE_HEIGHT / 2 } : null;
}

// Tabbing onto a node out of view brings it into view.
function keepFocusedInView(viewport, state, zoom) {
  viewport.addEventListener('focusin', (event) => {
    const key = event.target.closest?.('[data-key]')?.dataset.key;
    const point = key && centreOfKey(state, key);
    if (!point) return;
    const box = zoom.box();
    const inside = point.x > box.x && point.x < box.x + box.width && point.y > box.y && point.y < box.y + box.height;
    if (!inside) zoom.centreOn(point);
  });
}

function draw(all, state, { edgeLayer, nodeLayer, onChoose, onToggle }) {
  const { items, descendants } = visibleItems(all, state.collapsed);
  const { places, bounds } = placeItems(items);
  state.places = places;
  state.bounds = bounds;
  state.rootKey = items.find((item) => item.node && item.node.parent == null && !item.node.unseen_source)?.key
    ?? [...places.keys()].find((key) => places.get(key).y === 0);
  const byKey = new Map(items.map((item) => [item.key, item]));
  edgeLayer.replaceChildren(...items.filter((item) => byKey.has(item.parentKey))
    .map((item) => drawEdge(places.get(item.parentKey), places.get(item.key), item, onChoose)));
  nodeLayer.replaceChildren(...items.map((item) => drawNode(places.get(item.key), item, {
    onChoose, onToggle, hidden: descendants.get(item.key), collapsed: state.collapsed.has(item.key),
  })));
  applyMarks(nodeLayer, edgeLayer, state);
}

// Selection and the change filter, kept across redraws.
function applyMarks(nodeLayer, edgeLayer, state) {
  for (const group of nodeLayer.querySelectorAll('.node[data-key]')) {
    group.classList.toggle('selected', group.dataset.key === state.selected);
  }
  for (const group of [...nodeLayer.querySelectorAll('.node'), ...edgeLayer.children]) {
    const node = group.__item?.node;
    group.classList.toggle('dimmed', Boolean(state.match) && !state.match(node));
  }
}

function drawEdge(from, to, item, onChoose) {
  const startX = from.x + NODE_WIDTH / 2;
  const startY = from.y + NODE_HEIGHT + 2 * TOGGLE_RADIUS;
  const endX = to.x + NODE_WIDTH / 2;
  const endY = to.y;
  const middleY = (startY + endY) / 2;
  const changes = item.node?.changes ?? [];
  const alarming = changes.some(isAlarming);
  const label = edgeLabel(changes);
  const edge = svg('g', { class: `edge${alarming ? ' alarm' : ''}${item.node ? '' : ' unseen'}`, dataset: { key: item.key } },
    svg('title', {}, item.node ? `${outletName(item.node.doc)}: ${summariseChanges(changes)}` : 'copied from a source not in the corpus'),
    svg('path', { d: `M${startX},${startY} C${startX},${middleY} ${endX},${middleY} ${endX},${endY}` }),
    label ? svg('text', { x: endX + 6, y: middleY + 4, class: 'edge-label' }, label) : null);
  edge.__item = item;
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

function drawNode({ x, y }, item, options) {
  const group = item.node ? documentNode(item, options.onChoose) : unseenNode(item);
  group.setAttribute('transform', `translate(${x},${y})`);
  group.dataset.key = item.key;
  group.__item = item;
  return options.hidden ? svg('g', { class: 'node-with-toggle' }, group, drawToggle({ x, y }, item, options)) : group;
}

function unseenNode(item) {
  return svg('g', { class: 'node unseen', dataset: { unseen: item.key } },
    svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
    svg('text', { x: 12, y: 32 }, 'unseen source'));
}

function documentNode(item, onChoose) {
  const { doc, changes } = item.node;
  const alarming = changes?.some(isAlarming);
  const isRoot = item.node.parent == null && !item.node.unseen_source;
  const group = svg('g', {
    class: `node${alarming ? ' alarm' : ''}${isRoot ? ' root' : ''}`,
    tabindex: 0, role: 'button', dataset: { doc: doc.id },
    'aria-label': `${outletName(doc)}, ${formatDate(doc.published_at)}, document ${doc.id}${isRoot ? ', the earliest' : ''}`,
  },
  svg('title', {}, [outletName(doc), formatDate(doc.published_at), doc.title, `doc #${doc.id}`].filter(Boolean).join(' · ')),
  svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
  svg('text', { x: 12, y: 22, class: 'node-outlet' }, truncate(outletName(doc), 22)),
  svg('text', { x: 12, y: 42, class: 'node-date' }, `${formatDate(doc.published_at)} · #${doc.id}`));
  onActivate(group, () => onChoose(item.node));
  return group;
}

// The button under a node with copies: − folds them away, + brings them back.
function drawToggle({ x, y }, item, { onToggle, hidden, collapsed }) {
  const name = item.node ? outletName(item.node.doc) : 'the unseen source';
  const toggle = svg('g', {
    class: `toggle${collapsed ? ' collapsed' : ''}`, tabindex: 0, role: 'button', dataset: { key: item.key },
    'aria-expanded': String(!collapsed),
    'aria-label': `${collapsed ? 'Show' : 'Hide'} the ${hidden} ${hidden === 1 ? 'copy' : 'copies'} under ${name}`,
    transform: `translate(${x + NODE_WIDTH / 2},${y + NODE_HEIGHT + TOGGLE_RADIUS})`,
  },
  svg('circle', { r: TOGGLE_RADIUS }),
  svg('text', { class: 'toggle-sign', 'text-anchor': 'middle', y: 5 }, collapsed ? '+' : '−'),
  collapsed ? svg('text', { class: 'toggle-count', x: TOGGLE_RADIUS + 4, y: 5 }, `${hidden} hidden`) : null);
  onActivate(toggle, (event) => { event.stopPropagation(); onToggle(item.key); });
  return toggle;
}
