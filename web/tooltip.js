// One tooltip for the whole page, shown at once on hover and on keyboard
// focus (a title attribute waits a second and never shows on focus). It is
// position: fixed, so showing it never moves the layout.

import { replaceChildren } from './dom.js';

const contentOf = new WeakMap();
let tooltip = null;

function tooltipElement() {
  if (!tooltip) {
    tooltip = document.createElement('div');
    tooltip.id = 'tooltip';
    tooltip.setAttribute('role', 'tooltip');
    tooltip.hidden = true;
    document.body.append(tooltip);
  }
  return tooltip;
}

// `describe` returns the tooltip's content (nodes or strings) when shown.
export function attachTooltip(node, describe) {
  contentOf.set(node, describe);
  node.addEventListener('mouseenter', () => show(node));
  node.addEventListener('focus', () => show(node));
  node.addEventListener('mouseleave', hide);
  node.addEventListener('blur', hide);
}

function show(anchor) {
  const box = tooltipElement();
  replaceChildren(box, contentOf.get(anchor)());
  box.hidden = false;
  anchor.setAttribute('aria-describedby', 'tooltip');
  place(box, anchor.getBoundingClientRect());
}

function place(box, target) {
  const margin = 8;
  const width = box.offsetWidth;
  const height = box.offsetHeight;
  const left = Math.min(Math.max(margin, target.left), window.innerWidth - width - margin);
  const below = target.bottom + margin;
  const top = below + height < window.innerHeight ? below : Math.max(margin, target.top - height - margin);
  box.style.left = `${left}px`;
  box.style.top = `${top}px`;
}

export function hide() {
  if (!tooltip) return;
  tooltip.hidden = true;
  document.querySelectorAll('[aria-describedby="tooltip"]').forEach((node) => node.removeAttribute('aria-describedby'));
}

window.addEventListener('scroll', hide, { passive: true, capture: true });
