// Two texts side by side with one passage aligned: each edit of the passage
// (equal, words only on one side, substituted) is a span on both sides, an
// empty side marked by a gap. Scrolling either side scrolls the other to the
// corresponding place: the edits are anchors with a vertical position in
// each pane, and positions between anchors are interpolated linearly, so the
// mapping is monotone and the passage stays level on both sides.

import { el } from './dom.js';

// `left`/`right`: {heading: node, utf8: Utf8Text, range: [begin, end]};
// `edits`: [{op, left: [b, e], right: [b, e]}] in order; `legend`: the words
// for {leftOnly, rightOnly, substitute}.
export function renderSideBySide({ left, right, edits: rawEdits, legend }) {
  const edits = settleEmptyRanges(rawEdits, left.range, right.range);
  const kinds = edits.map(editKind);
  const leftPane = renderPane(left, edits.map((edit) => edit.left), kinds, 'left');
  const rightPane = renderPane(right, edits.map((edit) => edit.right), kinds, 'right');
  const panes = el('div', { class: 'panes' },
    el('section', { class: 'pane-column', 'aria-label': 'Left text' }, el('div', { class: 'pane-heading' }, left.heading), leftPane),
    el('section', { class: 'pane-column', 'aria-label': 'Right text' }, el('div', { class: 'pane-heading' }, right.heading), rightPane));
  const view = el('div', { class: 'side-by-side' }, renderLegend(legend), panes);
  requestAnimationFrame(() => linkScrolling(leftPane, rightPane));
  return view;
}

// Words present on one side only have an empty range on the other, placed
// by the aligner at the end of the previous edit. When the text between the
// two edits (spaces, punctuation, a paragraph break) is on both sides, the
// words belong after it: "reported. [In the call,] Wang" rather than
// "reported[In the call,]. Wang". So an empty range that follows such text
// on the other side moves to the start of the next edit on its own side.
function settleEmptyRanges(edits, leftRange, rightRange) {
  const settled = edits.map((edit) => ({ ...edit, left: [...edit.left], right: [...edit.right] }));
  const sides = [['left', 'right', leftRange], ['right', 'left', rightRange]];
  settled.forEach((edit, index) => {
    for (const [side, other, range] of sides) {
      if (edit[side][1] > edit[side][0]) continue;
      const previousOtherEnd = index > 0 ? settled[index - 1][other][1] : edit[other][0];
      if (edit[other][0] <= previousOtherEnd) continue;
      const nextBegin = index + 1 < settled.length ? settled[index + 1][side][0] : range[1];
      if (nextBegin > edit[side][0]) edit[side] = [nextBegin, nextBegin];
    }
  });
  return settled;
}

function editKind(edit) {
  const leftEmpty = edit.left[1] <= edit.left[0];
  const rightEmpty = edit.right[1] <= edit.right[0];
  if (leftEmpty && !rightEmpty) return 'right-only';
  if (rightEmpty && !leftEmpty) return 'left-only';
  return edit.op === 'equal' ? 'equal' : 'substitute';
}

// One side: the text before the passage (dimmed), the passage cut into its
// edits (text between two edits, if any, kept plain), the text after.
function renderPane(side, ranges, kinds, sideName) {
  const { utf8, range: [begin, end] } = side;
  const passage = el('span', { class: 'passage' });
  let cursor = begin;
  ranges.forEach(([editBegin, editEnd], index) => {
    if (editBegin > cursor) passage.append(utf8.slice(cursor, editBegin));
    passage.append(renderEdit(utf8.slice(editBegin, editEnd), kinds[index], index, sideName));
    cursor = Math.max(cursor, editEnd);
  });
  if (end > cursor) passage.append(utf8.slice(cursor, end));
  return el('div', { class: 'pane', tabindex: 0 },
    el('span', { class: 'outside' }, utf8.slice(0, begin)),
    passage,
    el('span', { class: 'outside' }, utf8.slice(end, utf8.byteLength)),
    // Room to scroll past the end, so that a passage near the end of one
    // text can still be brought level with the other side.
    el('span', { class: 'pane-end', 'aria-hidden': 'true' }));
}

function renderEdit(text, kind, index, sideName) {
  const dataset = { edit: index };
  if (text === '') {
    const missing = kind === 'right-only' ? 'words the other side adds here' : 'words the other side removes here';
    return el('span', { class: 'gap', dataset, title: missing, 'aria-label': missing });
  }
  return el('span', { class: `edit edit-${kind} side-${sideName}`, dataset }, text);
}

function renderLegend(legend) {
  return el('ul', { class: 'legend', 'aria-label': 'Legend' },
    el('li', {}, el('span', { class: 'edit edit-left-only side-left' }, 'deleted'), ' ', legend.leftOnly),
    el('li', {}, el('span', { class: 'edit edit-right-only side-right' }, 'inserted'), ' ', legend.rightOnly),
    el('li', {}, el('span', { class: 'edit edit-substitute' }, 'swapped'), ' ', legend.substitute),
    el('li', {}, el('span', { class: 'gap' }), ' where the other side has words this one lacks'));
}

// The vertical position of each anchor in both panes: the tops, the edits,
// the passage's end and the bottoms; kept non-decreasing on both sides.
function anchorsOf(leftPane, rightPane) {
  const leftEdits = leftPane.querySelectorAll('[data-edit]');
  const rightEdits = rightPane.querySelectorAll('[data-edit]');
  const pairs = [[0, 0]];
  leftEdits.forEach((node, index) => {
    if (rightEdits[index]) pairs.push([offsetIn(leftPane, node), offsetIn(rightPane, rightEdits[index])]);
  });
  pairs.push([endOfPassage(leftPane), endOfPassage(rightPane)]);
  pairs.push([leftPane.scrollHeight, rightPane.scrollHeight]);
  for (let index = 1; index < pairs.length; index += 1) {
    pairs[index][0] = Math.max(pairs[index][0], pairs[index - 1][0]);
    pairs[index][1] = Math.max(pairs[index][1], pairs[index - 1][1]);
  }
  return pairs;
}

function offsetIn(pane, node) {
  return node.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
}

function endOfPassage(pane) {
  const passage = pane.querySelector('.passage');
  return passage.getBoundingClientRect().bottom - pane.getBoundingClientRect().top + pane.scrollTop;
}

// Maps a position in one pane to the other by interpolating between anchors.
function mapPosition(anchors, position, from, to) {
  for (let index = 0; index + 1 < anchors.length; index += 1) {
    const start = anchors[index];
    const stop = anchors[index + 1];
    if (position > stop[from]) continue;
    const span = stop[from] - start[from];
    const fraction = span > 0 ? (position - start[from]) / span : 1;
    return start[to] + fraction * (stop[to] - start[to]);
  }
  return anchors[anchors.length - 1][to];
}

// Only the pane the user is working in drives the other, so that setting one
// pane's scrollTop never echoes back. The reading line, a third of the way
// down, is what is kept level on both sides.
function linkScrolling(leftPane, rightPane) {
  let anchors = anchorsOf(leftPane, rightPane);
  let driver = leftPane;
  const panes = [leftPane, rightPane];
  const readingLine = (pane) => pane.clientHeight / 3;
  const follow = (from) => {
    const fromIndex = from === leftPane ? 0 : 1;
    const to = panes[1 - fromIndex];
    const position = mapPosition(anchors, from.scrollTop + readingLine(from), fromIndex, 1 - fromIndex);
    to.scrollTop = position - readingLine(to);
  };
  for (const pane of panes) {
    for (const event of ['pointerenter', 'pointerdown', 'wheel', 'touchstart', 'focus', 'keydown']) {
      pane.addEventListener(event, () => { driver = pane; }, { passive: true });
    }
    pane.addEventListener('scroll', () => { if (pane === driver) follow(pane); }, { passive: true });
  }
  new ResizeObserver(() => { anchors = anchorsOf(leftPane, rightPane); follow(driver); }).observe(leftPane);
  // Open with the passage's start on the reading line, less a line of context.
  leftPane.scrollTop = Math.max(0, anchors[1][0] - readingLine(leftPane) + 8);
  follow(leftPane);
}

// The passage edit by edit in one column, as a word diff: what the left side
// had struck through, what the right side has underlined.
export function renderInlineDiff(left, right, rawEdits) {
  const edits = settleEmptyRanges(rawEdits, left.range, right.range);
  const diff = el('p', { class: 'inline-diff' });
  let cursor = right.range[0];
  edits.forEach((edit) => {
    const kind = editKind(edit);
    if (edit.right[0] > cursor) diff.append(right.utf8.slice(cursor, edit.right[0]));
    const leftText = left.utf8.slice(...edit.left);
    const rightText = right.utf8.slice(...edit.right);
    if (kind === 'equal') diff.append(rightText);
    if (kind === 'left-only' || kind === 'substitute') diff.append(el('del', { class: `edit-${kind}` }, leftText));
    // Deleted words sit between words of the right side: a space keeps them apart.
    if (kind !== 'equal' && kind !== 'right-only') diff.append(' ');
    if (kind === 'right-only' || kind === 'substitute') diff.append(el('ins', { class: `edit-${kind}` }, rightText));
    cursor = Math.max(cursor, edit.right[1]);
  });
  if (right.range[1] > cursor) diff.append(right.utf8.slice(cursor, right.range[1]));
  return diff;
}
