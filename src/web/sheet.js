// What score sheets share: the table's criteria in reading order, the input
// each kind of criterion takes, and how an entry reads.
import { h } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { flatten } from './criteria.js';

// Every group and criterion of the table with its depth, in order.
export function sheetLines(table) {
  return flatten(table.items);
}

export function leafCount(table) {
  return sheetLines(table).filter(({ item }) => item.kind !== 'group').length;
}

// Has a stored score row an entry (or a reviewed value)?
export function isEntered(row) {
  const key = row ? entryKey(row.kind) : null;
  return !!row && ((row[key] !== null && row[key] !== undefined) || !!row.adjusted);
}

const KEYS = { quantitative: 'value', pass_fail: 'passed', per_occurrence: 'count' };

// The JSON key a scorer fills for a kind: points, value, passed or count.
export function entryKey(kind) {
  return KEYS[kind] || 'points';
}

// The input for a criterion's entry, holding `current` (or empty).
export function entryInput(item, current, labelKey = 'entry') {
  const key = entryKey(item.kind);
  const label = t(`scoring.${labelKey}.${key}`, { code: item.code });
  if (key === 'passed') {
    // Three states, so that saving a sheet never records "not met" for a
    // criterion the scorer has not looked at yet.
    const option = (value, text) => h('option', { value, selected: value === passedValue(current) }, text);
    return h('select', { name: 'entry', 'aria-label': label, class: 'entry' },
      option('', '—'), option('yes', t('scoring.passed_yes')), option('no', t('scoring.passed_no')));
  }
  const attrs = { type: 'number', name: 'entry', min: 0, value: current ?? '', 'aria-label': label, class: 'entry' };
  if (key === 'points') Object.assign(attrs, { max: item.max_points, step: '0.01' });
  else if (key === 'count') attrs.step = 1;
  else attrs.step = 'any';
  return h('input', attrs);
}

function passedValue(current) {
  if (current === true) return 'yes';
  return current === false ? 'no' : '';
}

// The value an input holds, as the API takes it; null when left empty.
export function inputValue(item, input) {
  if (entryKey(item.kind) === 'passed') return input.value === '' ? null : input.value === 'yes';
  const text = input.value.trim();
  return text === '' ? null : Number(text);
}

// An entry as text: "Đạt", "12,5" or "—".
export function entryText(kind, value) {
  if (value === null || value === undefined) return '—';
  if (entryKey(kind) === 'passed') return value ? t('scoring.passed_yes') : t('scoring.passed_no');
  return formatNumber(value);
}

// The points an entry earns ("—" for quantitative, ranked against the best unit).
export function pointsText(row) {
  if (!row) return '';
  if (row.adjusted) return row.adjusted.points === null ? t('scoring.points_later') : formatNumber(row.adjusted.points);
  if (row.points === null || row.points === undefined) return row.kind === 'quantitative' && isEntered(row) ? t('scoring.points_later') : '';
  return formatNumber(row.points);
}

// "Điều chỉnh: 10 — Thiếu minh chứng", under an entry the leader reviewed.
export function adjustedNote(row) {
  if (!row || !row.adjusted) return null;
  return h('div', { class: 'adjusted' }, t('scoring.adjusted', {
    value: entryText(row.kind, row.adjusted[entryKey(row.kind)]),
    reason: row.adjusted.reason || '',
  }));
}

// A group's line in a sheet: its code and name across the row.
export function groupLine(item, depth, columns) {
  return h('tr', { class: 'group' },
    h('td', { class: `depth-${depth}` }, item.code),
    h('td', { class: `depth-${depth}`, colspan: columns - 1 }, item.name));
}
