// The page's router: location.hash names the view (#/, #/trace/passage/3,
// #/documents?q=..., #/document/5, #/document/5/report,
// #/document/5/passage/2, #/families, #/family/12, #/outlets, #/watches). Each visit renders into
// a fresh element, so a slow answer for a view already left lands in a
// detached element and changes nothing on screen.

import { el, replaceChildren } from './dom.js';
import { renderDocumentReportView, renderDocumentView, renderDocumentsView } from './documents_view.js';
import { renderFamiliesView, renderFamilyView } from './family_view.js';
import { renderOutletsView } from './outlets_view.js';
import { renderDocumentPassageView, renderTracePassageView } from './passage_views.js';
import { hide as hideTooltip } from './tooltip.js';
import { renderTraceView } from './trace_view.js';
import { renderWatchesView } from './watch_view.js';

const ROUTES = [
  { pattern: /^\/?$/, section: 'trace', title: 'Trace', render: renderTraceView },
  { pattern: /^\/trace\/passage\/(\d+)$/, section: 'trace', title: 'Passage', render: renderTracePassageView, names: ['index'] },
  { pattern: /^\/documents$/, section: 'documents', title: 'Documents', render: renderDocumentsView },
  { pattern: /^\/document\/(\d+)$/, section: 'documents', title: 'Document', render: renderDocumentView, names: ['id'] },
  { pattern: /^\/document\/(\d+)\/report$/, section: 'documents', title: 'Report', render: renderDocumentReportView, names: ['id'] },
  { pattern: /^\/document\/(\d+)\/passage\/(\d+)$/, section: 'documents', title: 'Passage', render: renderDocumentPassageView, names: ['id', 'index'] },
  { pattern: /^\/families$/, section: 'families', title: 'Families', render: renderFamiliesView },
  { pattern: /^\/family\/(\d+)$/, section: 'families', title: 'Family', render: renderFamilyView, names: ['id'] },
  { pattern: /^\/outlets$/, section: 'outlets', title: 'Outlets', render: renderOutletsView },
  { pattern: /^\/watches$/, section: 'watches', title: 'Watches', render: renderWatchesView },
];

const main = document.getElementById('main');
let lastTracePassage = null;  // focused again when coming back to the article
let firstRender = true;

function parseHash() {
  const hash = location.hash.slice(1) || '/';
  const [path, search = ''] = hash.split('?');
  return { path, params: new URLSearchParams(search) };
}

function match(path) {
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    const args = {};
    (route.names ?? []).forEach((name, index) => { args[name] = Number(found[index + 1]); });
    return { route, args };
  }
  return null;
}

async function render() {
  hideTooltip();
  const { path, params } = parseHash();
  const found = match(path);
  const view = el('section', { class: 'view' });
  replaceChildren(main, view);
  markCurrentSection(found?.route.section);
  if (!found) {
    document.title = 'Not found · stemma';
    replaceChildren(view, el('h1', { tabindex: -1 }, 'No such page'), el('p', {}, el('a', { href: '#/' }, 'Trace an article')));
    return;
  }
  document.title = `${found.route.title} · stemma`;
  try {
    await found.route.render(view, { ...found.args, params });
  } catch (error) {
    replaceChildren(view, el('h1', { tabindex: -1 }, 'Something went wrong'),
      el('p', { class: 'error' }, error.message || String(error)),
      el('p', {}, el('a', { href: '#/' }, 'Back to tracing')));
  }
  placeFocus(view, found);
}

// After a navigation, keyboard and screen-reader users land on the new
// view's heading, or back on the passage they opened from the article.
function placeFocus(view, { route, args }) {
  const isFirst = firstRender;
  firstRender = false;
  if (route.render === renderTracePassageView) lastTracePassage = args.index;
  if (route.render === renderTraceView && lastTracePassage != null) {
    const mark = view.querySelector(`mark[data-mark="${lastTracePassage}"]`);
    lastTracePassage = null;
    if (mark) {
      mark.focus({ preventScroll: true });
      mark.scrollIntoView({ block: 'center' });
      return;
    }
  }
  if (isFirst) return;
  window.scrollTo(0, 0);
  view.querySelector('h1')?.focus({ preventScroll: true });
}

function markCurrentSection(section) {
  for (const link of document.querySelectorAll('.site-nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// The skip link moves focus without touching the hash, which is the router's.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);
render();
