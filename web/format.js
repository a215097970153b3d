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

// Changes that alter who is credited or what is said: shown as alarms.
export function isAlarming(kind) {
  return kind === 'attribution_dropped' || kind === 'attribution_changed' || kind === 'substitution';
}
