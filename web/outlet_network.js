// The network of which outlets reprint which, drawn in SVG: outlets on a
// circle (heaviest first, clockwise from the top: the same data always gives
// the same drawing), each edge a curve from source to copier ending in an
// arrow, its width by passages and its colour by the share of its copies
// that drop the attribution. A and B copying each other bend to opposite
// sides, so both stay visible.

import { el, svg } from './dom.js';
import { percent, truncate } from './format.js';

// The upper bounds of the colour classes of an edge's dropped share.
export const SHARE_CLASSES = [
  { upTo: 0, label: 'none dropped' },
  { upTo: 0.1, label: 'under 10% dropped' },
  { upTo: 0.25, label: '10–25% dropped' },
  { upTo: 0.5, label: '25–50% dropped' },
  { upTo: 1, label: 'half or more dropped' },
];
const LABEL_ROOM = 190;
const LABEL_CHARACTERS = 28;

export function shareClass(share) {
  const index = SHARE_CLASSES.findIndex(({ upTo }) => share <= upTo);
  return index < 0 ? SHARE_CLASSES.length - 1 : index;
}

// The edges of the network: [{source, outlet, passages, dropped, share,
// families}], most passages first, then by names.
export function outletEdges(outlets) {
  const edges = [];
  for (const copier of outlets) {
    for (const source of copier.sources ?? []) {
      edges.push({
        source: source.outlet, outlet: copier.outlet, passages: source.passages,
        dropped: source.attribution_dropped ?? 0, families: source.families ?? [],
        share: source.passages ? (source.attribution_dropped ?? 0) / source.passages : 0,
      });
    }
  }
  return edges.sort((a, b) => b.passages - a.passages || a.source.localeCompare(b.source) || a.outlet.localeCompare(b.outlet));
}

// Each outlet's place on the circle. Outlets are ranked by passages drawn
// and spread round it by a stride near the golden ratio, so the heaviest are
// not bunched together with their edges hidden in short chords.
export function circleLayout(edges) {
  const weight = new Map();
  for (const edge of edges) {
    for (const name of [edge.source, edge.outlet]) weight.set(name, (weight.get(name) ?? 0) + edge.passages);
  }
  const names = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a) || a.localeCompare(b));
  const count = Math.max(1, names.length);
  const stride = coprimeStride(count);
  const radius = Math.max(240, (names.length * 15) / (2 * Math.PI));
  const places = new Map(names.map((name, rank) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * ((rank * stride) % count)) / count;
    return [name, { x: radius * Math.cos(angle), y: radius * Math.sin(angle), angle }];
  }));
  const extent = radius + LABEL_ROOM;
  return { places, radius, bounds: { x: -extent, y: -extent, width: 2 * extent, height: 2 * extent } };
}

// The step nearest count × 0.382 that visits every place once.
function coprimeStride(count) {
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  for (let step = Math.max(1, Math.round(count * 0.382)); step < count; step += 1) {
    if (gcd(step, count) === 1) return step;
  }
  return 1;
}

// The SVG of `edges` (already capped); `onChoose(edge)` when one is clicked.
export function drawNetwork(edges, outletsByName, onChoose) {
  const { places, bounds } = circleLayout(edges);
  const heaviest = Math.max(1, ...edges.map((edge) => edge.passages));
  const lines = [...edges].reverse().map((edge) => drawEdge(edge, places, heaviest, onChoose));  // heaviest on top
  const nodes = [...places].map(([name, place]) => drawOutlet(name, place, outletsByName.get(name)));
  const drawing = svg('svg', { class: 'network', role: 'img', 'aria-label': `The ${edges.length} heaviest edges of who reprints whom; the table below lists every edge` },
    svg('defs', {}, SHARE_CLASSES.map((_, index) => svg('marker', {
      id: `arrow-${index}`, class: `share-${index}`, viewBox: '0 0 10 10', refX: 10, refY: 5,
      markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto',
    }, svg('path', { d: 'M0,0 L10,5 L0,10 z' })))),
    svg('g', { class: 'net-edges' }, lines), svg('g', { class: 'net-nodes' }, nodes));
  drawing.style.aspectRatio = '1 / 1';
  return { drawing, bounds };
}

function drawEdge(edge, places, heaviest, onChoose) {
  const from = places.get(edge.source);
  const to = places.get(edge.outlet);
  const path = curve(from, to);
  const colour = shareClass(edge.share);
  const width = 0.75 + 5.5 * Math.sqrt(edge.passages / heaviest);
  const group = svg('g', { class: `net-edge share-${colour}`, dataset: { source: edge.source, outlet: edge.outlet } },
    svg('title', {}, `${edge.source} → ${edge.outlet}: ${edge.passages} passages, ${percent(edge.share)} drop the attribution`),
    svg('path', { class: 'net-hit', d: path }),
    svg('path', { class: 'net-line', d: path, 'stroke-width': width.toFixed(2), 'marker-end': `url(#arrow-${colour})` }));
  group.addEventListener('click', () => onChoose(edge));
  group.__edge = edge;
  return group;
}

// A curve bowed towards the centre and to the left of its direction, ending
// short of the copier's dot so that the arrow shows.
function curve(from, to) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const bow = 0.12 * length;
  const control = { x: (from.x + to.x) * 0.3 - (dy / length) * bow, y: (from.y + to.y) * 0.3 + (dx / length) * bow };
  const toControlX = control.x - to.x;
  const toControlY = control.y - to.y;
  const shorten = 6 / (Math.hypot(toControlX, toControlY) || 1);
  const end = { x: to.x + toControlX * shorten, y: to.y + toControlY * shorten };
  const f = (value) => value.toFixed(1);
  return `M${f(from.x)},${f(from.y)} Q${f(control.x)},${f(control.y)} ${f(end.x)},${f(end.y)}`;
}

// A dot and its name, written outwards along the radius.
function drawOutlet(name, place, outlet) {
  const degrees = (place.angle * 180) / Math.PI;
  const onLeft = Math.cos(place.angle) < 0;
  const label = svg('text', {
    class: 'net-label', x: onLeft ? -10 : 10, y: 4, 'text-anchor': onLeft ? 'end' : 'start',
    transform: `rotate(${onLeft ? degrees + 180 : degrees})`,
  }, truncate(name, LABEL_CHARACTERS));
  const facts = outlet ? `: ${outlet.documents} documents, ${percent(outlet.reused_share)} reused` : '';
  return svg('g', { class: 'net-node', transform: `translate(${place.x.toFixed(1)},${place.y.toFixed(1)})`, dataset: { outlet: name } },
    svg('title', {}, `${name}${facts}`),
    svg('circle', { r: 4 }), label);
}

// What the colours and widths mean.
export function networkLegend(heaviest) {
  return el('ul', { class: 'legend network-legend', 'aria-label': 'Legend' },
    SHARE_CLASSES.map(({ label }, index) => el('li', {},
      el('span', { class: `legend-line share-${index}`, 'aria-hidden': 'true' }), ` ${label}`)),
    el('li', {}, `width: passages copied (widest ${heaviest.toLocaleString()})`),
    el('li', {}, 'arrow: source → copier'));
}
