// The traced article and its results, kept for the browser tab's session so
// that the side-by-side view and a reload find them again.

const KEY = 'stemma.trace';

let current = load();

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) ?? { text: '' };
  } catch {
    return { text: '' };
  }
}

export function traceState() {
  return current;
}

export function setTraceState(next) {
  current = { ...current, ...next };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Over the storage quota (a very long article): kept in memory only.
  }
}
