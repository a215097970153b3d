// How documents, dates, shares and changes are named on the page.

export function formatDate(publishedAt) {
  if (!publishedAt) return 'undated';
  return String(publishedAt).slice(0, 10);
}

export function percent(fraction) {
  if (!Number.isFinite(fraction)) return '–';
  const value = fraction * 100;
  if (value > 0 && value < 1) return '<1%';
  return `${Math.round(value)}%`;
}

export function outletName(doc) {
  if (!doc) return 'this article';
  return doc.outlet || doc.external_id || `document ${doc.id}`;
}

// "The Manila Times, 2022-01-11, “China lauds…”, doc #1": every fact known.
export function describeDocument(doc) {
  if (!doc) return 'this article';
  const parts = [outletName(doc), formatDate(doc.published_at)];
  if (doc.title) parts.push(`“${doc.title}”`);
  parts.push(`doc #${doc.id}`);
  return parts.join(', ');
}

// At most `limit` characters (code points), with an ellipsis when cut.
export function truncate(text, limit) {
  const characters = [...String(text ?? '')];
  if (characters.length <= limit) return characters.join('');
  return `${characters.slice(0, limit - 1).join('').trimEnd()}…`;
}

export function formatBytes(count) {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KiB`;
  return `${(count / 1024 / 1024).toFixed(1)} MiB`;
}

const CHANGE_LABELS = {
  attribution_dropped: 'attribution dropped',
  attribution_added: 'attribution added',
  attribution_changed: 'attribution changed',
  substitution: 'substitution',
  sentence_inserted: 'sentence inserted',
  sentence_deleted: 'sentence deleted',
  headline_changed: 'headline changed',
};

export function changeLabel(kind) {
  return CHANGE_LABELS[kind] ?? String(kind).replaceAll('_', ' ');
}

// What a reader fears: who is credited, what is said, the headline. A
// substitution is alarming only when it changes a name, a number or another
// capitalised word, and is no near-miss of the same letters: OCR misreadings
// ("tho" for "the", "Ballns" for "Salins"), spelling variants and case are
// shown, never raised as alarms.
const ALARMING_KINDS = new Set(['attribution_dropped', 'attribution_changed', 'sentence_inserted',
  'sentence_deleted', 'headline_changed']);

export function isAlarming(change) {
  if (ALARMING_KINDS.has(change.kind)) return true;
  if (change.kind !== 'substitution') return false;
  const before = change.parent?.text ?? '';
  const after = change.child?.text ?? '';
  if (before.toLowerCase() === after.toLowerCase()) return false;
  const namesSomething = (text) => /\p{N}/u.test(text) || /\p{Lu}/u.test(text.slice(1)) || /^\p{Lu}/u.test(text);
  if (!namesSomething(before) && !namesSomething(after)) return false;
  return !isNearMiss(before.toLowerCase(), after.toLowerCase());
}

// Whether two texts differ by a few characters only (at most a third of the
// longer, by edit distance): the mark of OCR damage or a spelling variant.
export function isNearMiss(a, b) {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return true;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] * 3 <= longer;
}
