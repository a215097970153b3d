// A text with marked byte ranges. The text is cut at every range edge; each
// run covered by a range becomes a focusable <mark> coloured by the first
// range covering it (callers list ranges in order of precedence). Marks are
// buttons: click or Enter opens the range.

import { cutIntoRuns } from './bytes.js';
import { el, onActivate } from './dom.js';
import { attachTooltip } from './tooltip.js';

export const PALETTE_SIZE = 8;  // .s0 to .s7 in style.css; more sources reuse them

// `marks`: [{begin, end, colour, describe: () => nodes, open: () => void, alarm?}]
export function renderHighlightedText(utf8, marks) {
  const container = el('div', { class: 'article-text' });
  const runs = cutIntoRuns(utf8.byteLength, marks.map((mark) => [mark.begin, mark.end]));
  for (const run of runs) {
    const text = utf8.slice(run.begin, run.end);
    if (!run.covering.length) {
      container.append(text);
      continue;
    }
    container.append(markRun(text, run.covering.map((index) => marks[index])));
  }
  return container;
}

function markRun(text, covering) {
  const first = covering[0];
  const classes = [`s${first.colour % PALETTE_SIZE}`];
  // Where two sources cover the same words, the mark shows both colours.
  const second = covering.find((mark) => mark.colour !== first.colour);
  if (second) classes.push('overlap', `o${second.colour % PALETTE_SIZE}`);
  if (covering.some((mark) => mark.alarm)) classes.push('alarm');
  const mark = el('mark', {
    class: classes.join(' '), tabindex: 0, role: 'button', dataset: { mark: first.id ?? '' },
  }, text);
  attachTooltip(mark, () => covering.map((range) => range.describe()));
  onActivate(mark, () => first.open());
  return mark;
}
