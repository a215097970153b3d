// Any list on the page as CSV (RFC 4180: comma separated, CRLF line ends, a
// field in double quotes when it holds a comma, a quote or a line break, its
// quotes doubled), made in the browser and downloaded from a Blob.
//
// The texts are untrusted and researchers open these files in spreadsheets,
// where a cell starting with = + - @ is run as a formula: such a text (not a
// number) gets a leading apostrophe, as OWASP advises for CSV injection.

import { el } from './dom.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function csvField(value) {
  if (value == null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// `rows`: arrays of values, the header first.
export function toCsv(rows) {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// The rows of a rendered <table>: its header, then every body row not hidden.
// A cell's `data-csv` is its value when the text shown is not (a share shown
// as "12%", a name indented by depth).
export function tableRows(table) {
  const cellText = (cell) => cell.dataset.csv ?? cell.textContent.trim();
  const header = [...table.querySelectorAll('thead th')].map(cellText);
  const body = [...table.querySelectorAll('tbody tr')].filter((row) => !row.hidden)
    .map((row) => [...row.cells].map(cellText));
  return [header, ...body];
}

export function downloadCsv(filename, rows) {
  const blob = new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// A button that downloads `rows()` (read when pressed, so it holds what is shown then).
export function csvButton(filename, rows, label = 'Download as CSV') {
  return el('button', { type: 'button', class: 'secondary small-button csv-button', onclick: () => downloadCsv(filename, rows()) }, label);
}

// A link that downloads what the server answers (an export format of the API).
export function downloadLink(href, filename, label) {
  return el('a', { class: 'button secondary small-button', href, download: filename }, label);
}
