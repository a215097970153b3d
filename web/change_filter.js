// A filter of copies by what they changed: one checkbox per change kind
// present, and "alarming only". While it narrows anything, the copies with no
// change that passes are dimmed in a drawing and hidden in a list; with every
// kind ticked and "alarming only" off, nothing is filtered.

import { el } from './dom.js';
import { changeLabel, isAlarming } from './format.js';

// The kinds of change the nodes carry: [{kind, count}], most frequent first.
export function changeKinds(nodes) {
  const counts = new Map();
  for (const node of nodes) {
    for (const change of node.changes ?? []) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

// `filter`: {kinds: Set of kinds let through, alarmingOnly}; `present`: every kind shown.
export function isFiltering(filter, present) {
  return filter.alarmingOnly || present.some(({ kind }) => !filter.kinds.has(kind));
}

export function passes(change, filter) {
  return filter.kinds.has(change.kind) && (!filter.alarmingOnly || isAlarming(change));
}

export function nodeMatches(node, filter) {
  return (node?.changes ?? []).some((change) => passes(change, filter));
}

// The filter's form; `onChange(filter)` is called with the new filter.
export function renderChangeFilter(present, onChange) {
  const filter = { kinds: new Set(present.map(({ kind }) => kind)), alarmingOnly: false };
  const boxes = present.map(({ kind, count }) => el('label', { class: 'filter-option' },
    el('input', {
      type: 'checkbox', checked: true, name: 'kind', value: kind,
      onchange: (event) => {
        if (event.target.checked) filter.kinds.add(kind);
        else filter.kinds.delete(kind);
        onChange(filter);
      },
    }), ` ${changeLabel(kind)} (${count})`));
  const alarming = el('label', { class: 'filter-option filter-alarming' },
    el('input', {
      type: 'checkbox', name: 'alarming',
      onchange: (event) => { filter.alarmingOnly = event.target.checked; onChange(filter); },
    }), ' alarming only');
  return el('fieldset', { class: 'change-filter' },
    el('legend', {}, 'Show copies that changed'),
    present.length ? boxes : el('span', { class: 'muted small' }, 'No copy changed anything. '),
    alarming);
}
