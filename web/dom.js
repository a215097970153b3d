// Building the page from data that is never trusted: every string given to
// el() or svg() becomes a text node or an attribute value, never markup.
// Nothing in web/ assigns innerHTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

// An element with attributes and children. Attributes: `class`, `dataset`
// (an object), `on<event>` (a listener), anything else set as an attribute
// (false / null / undefined leave it out, true sets it empty). Children:
// nodes, strings (as text), arrays of these, null and false (skipped).
export function el(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

export function svg(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === 'class') node.setAttribute('class', value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  appendChildren(node, children);
  return node;
}

export function appendChildren(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return appendChildren(node, children);
}

// Only web links become links: a stored URL such as `javascript:...` stays text.
export function safeHref(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// A link when the URL is safe, else the URL as plain text.
export function externalLink(url, label = url) {
  const href = safeHref(url);
  if (!href) return el('span', {}, label ?? '');
  return el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, label);
}

// Enter and Space on an element acting as a button (a <mark>, an SVG <g>).
export function onActivate(node, action) {
  node.addEventListener('click', action);
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action(event);
    }
  });
}
