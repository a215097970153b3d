// The Outlets view (#/outlets): which outlets reprint which, as a drawing of
// the heaviest edges (outlet_network.js) and a table of every edge. Choosing
// an edge, by a click on the drawing or the table's button (keyboard), lists
// the families its copies are in, each a link to that family's tree.

import { api } from './api.js';
import { csvButton, downloadLink } from './csv.js';
import { appendChildren, el, replaceChildren } from './dom.js';
import { percent } from './format.js';
import { drawNetwork, networkLegend, outletEdges } from './outlet_network.js';
import { attachZoom, KEY_SHORTCUTS } from './zoom.js';

const MAX_DRAWN = 200;  // more edges than this make a hairball; the table holds all
const ROWS_PER_PAGE = 500;

export async function renderOutletsView(view) {
  replaceChildren(view, el('h1', { tabindex: -1 }, 'Outlets: who reprints whom'),
    el('p', { class: 'lede' }, 'An edge runs from an outlet to one that printed its text later, by the families of reprinted text.'),
    el('p', { class: 'muted' }, 'Loading…'));
  const { outlets } = await api.outlets();
  const edges = outletEdges(outlets);
  const drawn = edges.filter((edge) => edge.source !== edge.outlet).slice(0, MAX_DRAWN);
  const panel = el('aside', { class: 'node-details edge-families', 'aria-live': 'polite' },
    el('p', { class: 'muted' }, 'Choose an edge in the drawing, or a row’s families in the table, to list the families it stands for.'));
  const table = edgeTable(edges, (edge) => showEdge(panel, edge, view));
  view.lastElementChild.remove();
  view.append(
    el('div', { class: 'button-row exports', role: 'group', 'aria-label': 'Download the network' },
      downloadLink('/v1/outlets?format=graphml', 'outlets.graphml', 'GraphML'),
      downloadLink('/v1/outlets?format=csv', 'outlets.csv', 'Edges as CSV'),
      csvButton('outlet-edges.csv', () => edgeRows(edges), 'Table as CSV')),
    edges.length ? el('div', { class: 'family-layout' },
      networkPanel(drawn, edges, outlets, (edge) => showEdge(panel, edge, view)), panel) : el('p', { class: 'muted' }, 'No outlet copies another yet.'),
    el('h2', {}, `Every edge (${edges.length.toLocaleString()})`),
    table);
}

function networkPanel(drawn, edges, outlets, onChoose) {
  const byName = new Map(outlets.map((outlet) => [outlet.outlet, outlet]));
  const { drawing, bounds } = drawNetwork(drawn, byName, onChoose);
  const viewport = el('div', { class: 'tree-viewport', tabindex: 0, role: 'group', 'aria-keyshortcuts': KEY_SHORTCUTS,
    'aria-label': 'The network drawing: + and - zoom, arrow keys move, 0 fits' }, drawing);
  const zoom = attachZoom(viewport, drawing, { bounds: () => bounds });
  const selfCopies = edges.filter((edge) => edge.source === edge.outlet).length;
  const left = edges.length - selfCopies - drawn.length;
  const button = (label, title, action) => el('button', { type: 'button', class: 'secondary small-button', title, onclick: action }, label);
  return el('div', { class: 'family-main' },
    el('div', { class: 'button-row', role: 'toolbar', 'aria-label': 'Zoom and move the drawing' },
      button('+', 'Zoom in (+)', () => zoom.zoom(1.25)), button('−', 'Zoom out (-)', () => zoom.zoom(0.8)),
      button('Fit', 'Show the whole network (0 or F)', zoom.fit)),
    viewport,
    networkLegend(drawn[0]?.passages ?? 0),
    el('p', { class: 'muted small' }, left > 0 ? `Drawn: the ${drawn.length} edges with the most passages; ${left.toLocaleString()} lighter ones are in the table only. ` : '',
      selfCopies ? `An outlet reprinting itself (${selfCopies.toLocaleString()} outlets) is in the table, not drawn.` : ''));
}

const COLUMNS = ['Source', 'Copied by', 'Passages', 'Attribution dropped', 'Dropped share', 'Families'];

function edgeRows(edges) {
  return [COLUMNS, ...edges.map((edge) => [edge.source, edge.outlet, edge.passages, edge.dropped,
    edge.share.toFixed(4), edge.families.join(' ')])];
}

// Every edge, heaviest first, a page of rows at a time (a table of ten
// thousand rows takes seconds to lay out), narrowed by an outlet's name.
function edgeTable(edges, onChoose) {
  const body = el('tbody');
  const count = el('p', { class: 'muted small', role: 'status' });
  const more = el('button', { type: 'button', class: 'secondary small-button' }, 'Show more');
  let matching = edges;
  let shown = 0;
  const showMore = () => {
    const next = matching.slice(shown, shown + ROWS_PER_PAGE);
    appendChildren(body, next.map((edge) => edgeRow(edge, onChoose)));
    shown += next.length;
    count.textContent = `${shown.toLocaleString()} of ${matching.length.toLocaleString()} edges shown`;
    more.hidden = shown >= matching.length;
  };
  const search = el('input', { type: 'search', name: 'outlet-filter', placeholder: 'e.g. Omaha', 'aria-label': 'Only edges of outlets whose name holds' });
  search.addEventListener('input', () => {
    const words = search.value.trim().toLowerCase();
    matching = words ? edges.filter((edge) => `${edge.source}\n${edge.outlet}`.toLowerCase().includes(words)) : edges;
    body.replaceChildren();
    shown = 0;
    showMore();
  });
  more.addEventListener('click', showMore);
  showMore();
  return el('div', { class: 'edge-table-panel' },
    el('label', { class: 'field table-filter' }, el('span', { class: 'field-label' }, 'Only outlets whose name holds'), search),
    count,
    el('div', { class: 'table-scroller tall' },
      el('table', { class: 'data-table edge-table' },
        el('caption', { class: 'visually-hidden' }, 'Every edge: the source, the outlet that copied it, and how often the copies drop the attribution'),
        el('thead', {}, el('tr', {}, COLUMNS.map((name) => el('th', { scope: 'col' }, name)))),
        body)),
    el('div', { class: 'button-row' }, more));
}

function edgeRow(edge, onChoose) {
  const row = el('tr', { dataset: { source: edge.source, outlet: edge.outlet } },
    el('td', {}, edge.source), el('td', {}, edge.outlet),
    el('td', { class: 'number' }, edge.passages.toLocaleString()),
    el('td', { class: 'number' }, edge.dropped.toLocaleString()),
    el('td', { class: 'number' }, percent(edge.share)),
    el('td', {}, el('button', { type: 'button', class: 'link-button', onclick: () => onChoose(edge) },
      `${edge.families.length} ${edge.families.length === 1 ? 'family' : 'families'}`)));
  row.__edge = edge;
  return row;
}

// The edge's families as links to their trees; the edge marked in the drawing and the table.
function showEdge(panel, edge, view) {
  for (const node of view.querySelectorAll('.net-edge, .edge-table tr')) {
    node.classList.toggle('selected', node.__edge === edge);
  }
  view.querySelector('.net-edges')?.classList.add('has-selection');
  replaceChildren(panel,
    el('h2', {}, `${edge.source} → ${edge.outlet}`),
    el('p', { class: 'muted small' }, `${edge.passages.toLocaleString()} passages copied, ${edge.dropped.toLocaleString()} without the attribution (${percent(edge.share)})`),
    el('h3', {}, `In ${edge.families.length} ${edge.families.length === 1 ? 'family' : 'families'}`),
    el('ul', { class: 'family-links' }, edge.families.map((id) => el('li', {}, el('a', { href: `#/family/${id}` }, `#${id}`)))));
  panel.querySelector('h2').setAttribute('tabindex', '-1');
  panel.querySelector('h2').focus({ preventScroll: true });
  panel.scrollIntoView({ block: 'nearest' });
}
