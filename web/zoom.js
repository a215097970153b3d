// Zoom and pan of an SVG drawing by its viewBox: the drawing is laid out once
// in its own units and the view is a box over it, so zooming costs no
// re-render and text stays sharp. With preserveAspectRatio "xMidYMid meet"
// the whole box is always shown, so a box around the drawing's bounds is a
// fit in which every node is inside the view.
//
// Input: wheel (zoom at the pointer), drag with one pointer (mouse, pen or
// finger) to pan, two fingers to pinch; keys on the viewport: + and - zoom,
// arrows pan, 0 or f fits, r centres the root (when the caller gives one).

const MIN_WIDTH = 120;       // the closest zoom: about one node across
const MAX_FIT_MULTIPLE = 3;  // the farthest: three times the fitted box
const KEY_ZOOM = 1.25;
const KEY_PAN_SHARE = 0.15;  // an arrow moves the view by this share of it
const DRAG_THRESHOLD = 4;    // pixels before a press becomes a drag, not a click

export const KEY_SHORTCUTS = '+ - 0 f r ArrowUp ArrowDown ArrowLeft ArrowRight';

// The box showing `bounds` ({x, y, width, height}) with `margin` around it,
// widened about its centre to at least `least` ({width, height}: the view's
// size in pixels) so that a small drawing is never magnified past 1:1.
export function fitBox(bounds, margin = 16, least = { width: 0, height: 0 }) {
  const width = Math.max(1, bounds.width + 2 * margin, least.width);
  const height = Math.max(1, bounds.height + 2 * margin, least.height);
  return {
    x: bounds.x + bounds.width / 2 - width / 2, y: bounds.y + bounds.height / 2 - height / 2,
    width, height,
  };
}

// The box zoomed by `factor` (> 1 closer) keeping the point `at` in place.
export function zoomBox(box, factor, at = centreOf(box)) {
  return {
    x: at.x - (at.x - box.x) / factor, y: at.y - (at.y - box.y) / factor,
    width: box.width / factor, height: box.height / factor,
  };
}

export function panBox(box, dx, dy) {
  return { ...box, x: box.x + dx, y: box.y + dy };
}

export function centreBox(box, point) {
  return { ...box, x: point.x - box.width / 2, y: point.y - box.height / 2 };
}

export function centreOf(box) {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// `factor` cut so that the box stays between the closest and farthest zoom.
export function clampFactor(box, factor, fitted) {
  const width = box.width / factor;
  const widest = Math.max(fitted.width * MAX_FIT_MULTIPLE, MIN_WIDTH);
  if (width < MIN_WIDTH) return box.width / MIN_WIDTH;
  if (width > widest) return box.width / widest;
  return factor;
}

// Drives the viewBox of `drawing` (an <svg>) from input on `viewport` (its
// focusable container). `bounds()` gives the drawing's extent, `root()` the
// point "r" centres (or null). Until the reader zooms or pans, the drawing is
// fitted again whenever its size on screen changes (it is first measured
// once in the page). Returns {fit, zoom, pan, centreOn, box, ...}.
export function attachZoom(viewport, drawing, { bounds, root = () => null }) {
  let box = fitBox(bounds());
  let moved = false;
  const set = (next, byReader = true) => {
    box = next;
    moved = byReader;
    drawing.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  };
  const fitted = () => fitBox(bounds(), 16, pixelSize(drawing));
  const control = {
    box: () => box,
    fit: () => set(fitted(), false),
    zoom: (factor, at) => set(zoomBox(box, clampFactor(box, factor, fitted()), at)),
    pan: (dx, dy) => set(panBox(box, dx, dy)),
    centreOn: (point) => { if (point) set(centreBox(box, point)); },
    unitsPerPixel: () => unitsPerPixel(drawing, box),
    toDrawing: (clientX, clientY) => toDrawing(drawing, clientX, clientY),
    root,
  };
  drawing.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  set(box, false);
  new ResizeObserver(() => { if (!moved) control.fit(); }).observe(drawing);
  viewport.addEventListener('wheel', (event) => onWheel(event, control), { passive: false });
  viewport.addEventListener('keydown', (event) => onKey(event, control));
  attachPointers(drawing, control);
  return control;
}

function pixelSize(drawing) {
  const rect = drawing.getBoundingClientRect();
  return { width: rect.width, height: rect.height };
}

// With "meet", the scale is that of the box's tighter side.
function unitsPerPixel(drawing, box) {
  const rect = drawing.getBoundingClientRect();
  if (!rect.width || !rect.height) return 1;
  return Math.max(box.width / rect.width, box.height / rect.height);
}

function toDrawing(drawing, clientX, clientY) {
  const matrix = drawing.getScreenCTM();
  if (!matrix) return null;
  const point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
  return { x: point.x, y: point.y };
}

function onWheel(event, control) {
  event.preventDefault();
  const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002));
  control.zoom(factor, control.toDrawing(event.clientX, event.clientY) ?? undefined);
}

function onKey(event, control) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const step = () => control.box().width * KEY_PAN_SHARE;
  const stepY = () => control.box().height * KEY_PAN_SHARE;
  const actions = {
    '+': () => control.zoom(KEY_ZOOM), '=': () => control.zoom(KEY_ZOOM),
    '-': () => control.zoom(1 / KEY_ZOOM), _: () => control.zoom(1 / KEY_ZOOM),
    0: control.fit, f: control.fit, F: control.fit,
    r: () => control.centreOn(control.root()), R: () => control.centreOn(control.root()),
    ArrowLeft: () => control.pan(-step(), 0), ArrowRight: () => control.pan(step(), 0),
    ArrowUp: () => control.pan(0, -stepY()), ArrowDown: () => control.pan(0, stepY()),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

// One pointer pans once it has moved past the threshold (a shorter press
// stays a click on what it pressed); two pointers pinch about their middle.
function attachPointers(drawing, control) {
  const pointers = new Map();
  let dragged = false;
  drawing.addEventListener('pointerdown', (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY });
    if (pointers.size === 1) dragged = false;
  });
  drawing.addEventListener('pointermove', (event) => {
    const pointer = pointers.get(event.pointerId);
    if (!pointer) return;
    if (pointers.size >= 2) {
      dragged = true;
      pinch(event, pointers, control);
    } else if (dragged || Math.hypot(event.clientX - pointer.startX, event.clientY - pointer.startY) > DRAG_THRESHOLD) {
      if (!dragged) drawing.setPointerCapture?.(event.pointerId);
      dragged = true;
      const scale = control.unitsPerPixel();
      control.pan(-(event.clientX - pointer.x) * scale, -(event.clientY - pointer.y) * scale);
    }
    pointer.x = event.clientX;
    pointer.y = event.clientY;
  });
  const release = (event) => { pointers.delete(event.pointerId); };
  drawing.addEventListener('pointerup', release);
  drawing.addEventListener('pointercancel', release);
  // A drag ends in a click on whatever is under it: that click is not a choice.
  drawing.addEventListener('click', (event) => {
    if (!dragged) return;
    dragged = false;
    event.stopPropagation();
    event.preventDefault();
  }, true);
}

function pinch(event, pointers, control) {
  const [first, second] = [...pointers.values()];
  const before = Math.hypot(first.x - second.x, first.y - second.y);
  const moving = pointers.get(event.pointerId);
  const other = moving === first ? second : first;
  const after = Math.hypot(event.clientX - other.x, event.clientY - other.y);
  if (before < 1 || after < 1) return;
  const middle = control.toDrawing((event.clientX + other.x) / 2, (event.clientY + other.y) / 2);
  control.zoom(after / before, middle ?? undefined);
}
