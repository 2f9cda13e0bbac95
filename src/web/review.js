// The leader's (and the authority's) part of the scoring tab: how far each
// unit has got with its sheets, and the review of any sheet, where an
// entry can be adjusted with a reason while scoring is open.
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';
import { button, errorBox, onAction, statusArea, InputError } from './ui.js';
import {
  sheetLines, entryKey, entryInput, inputValue, entryText, pointsText, adjustedNote, groupLine,
} from './sheet.js';

const COLUMNS = 6;

function progressCell(done, total) {
  return h('td', { class: done >= total && total > 0 ? 'num complete' : 'num' },
    h('meter', { min: 0, max: Math.max(total, 1), value: done, 'aria-hidden': 'true' }), ' ',
    `${formatNumber(done)}/${formatNumber(total)}`);
}

function progressSection(ctx, progress) {
  const rows = [...progress].sort((a, b) => compareVi(ctx.name(a.org_id), ctx.name(b.org_id)));
  const selfDone = rows.filter((p) => p.leaves > 0 && p.self_entered >= p.leaves).length;
  const crossDone = rows.filter((p) => p.cross_complete >= p.cross_expected).length;
  return h('section', { class: 'progress' },
    h('h2', {}, t('progress.title')),
    h('p', {}, t('progress.summary', { self: formatNumber(selfDone), cross: formatNumber(crossDone), n: formatNumber(rows.length) })),
    h('table', { class: 'data', id: 'progress' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('cluster.unit')),
        h('th', { scope: 'col', class: 'num' }, t('progress.self')),
        h('th', { scope: 'col', class: 'num' }, t('progress.cross')))),
      h('tbody', {}, rows.map((p) => h('tr', {},
        h('td', {}, ctx.name(p.org_id)),
        progressCell(p.self_entered, p.leaves),
        progressCell(p.cross_complete, p.cross_expected))))));
}

// The inline form that adjusts one entry; done(row) gets the updated row.
function adjustForm(ctx, sheet, item, row, done, cancel) {
  const key = entryKey(item.kind);
  const current = row ? (row.adjusted ? row.adjusted[key] : row[key]) : null;
  const input = entryInput(item, current, 'adjust');
  const reason = h('input', { name: 'reason', 'aria-label': t('review.reason_for', { code: item.code }), placeholder: t('review.reason') });
  const status = statusArea();
  const save = button(t('review.save'), { class: 'save-adjustment' });
  onAction(save, status, async () => {
    const value = inputValue(item, input);
    if (value === null) throw new InputError(t('review.value_required'));
    if (!reason.value.trim()) throw new InputError(t('review.reason_required'));
    done(await api('POST', `${ctx.base}/scores/adjustments`, {
      scored_org_id: sheet.scored, scoring_org_id: sheet.scoring, criterion: item.code,
      [key]: value, reason: reason.value.trim(),
    }));
  });
  return h('div', { class: 'adjust-form' }, input, reason, save,
    button(t('common.cancel'), { class: 'link', onclick: cancel }), status);
}

function reviewLine(ctx, sheet, item, depth, row) {
  const action = h('td', { class: 'row-actions' });
  const tr = h('tr', {},
    h('td', { class: `depth-${depth}` }, item.code),
    h('td', { class: `depth-${depth}` }, item.name),
    h('td', {}, entryText(item.kind, row ? row[entryKey(item.kind)] : null), adjustedNote(row)),
    h('td', { class: 'num' }, pointsText(row)),
    h('td', {}, [row?.note, row?.evidence].filter(Boolean).join(' · ')),
    action);
  if (sheet.adjustable) {
    const open = button(t('review.adjust'), { class: 'secondary small', 'aria-label': t('review.adjust_for', { code: item.code }) });
    open.addEventListener('click', () => mount(action, adjustForm(ctx, sheet, item, row,
      (updated) => tr.replaceWith(reviewLine(ctx, sheet, item, depth, updated)),
      () => mount(action, open))));
    action.append(open);
  }
  return tr;
}

function reviewTable(ctx, table, sheet, rows) {
  const byCode = new Map(rows.map((r) => [r.criterion, r]));
  return h('div', { class: 'scroll' }, h('table', { class: 'data sheet', id: 'review-sheet' },
    h('thead', {}, h('tr', {},
      ['criteria.code', 'criteria.name', 'scoring.entry_col', 'scoring.points_col', 'review.note_evidence', 'review.action']
        .map((k, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, t(k))))),
    h('tbody', {}, sheetLines(table).map(({ item, depth }) => (item.kind === 'group'
      ? groupLine(item, depth, COLUMNS)
      : reviewLine(ctx, sheet, item, depth, byCode.get(item.code)))))));
}

function unitSelect(ctx, id, units, selected) {
  return h('select', { id }, units.map((u) => h('option', { value: u, selected: u === selected }, ctx.name(u))));
}

// Pick a sheet (scored unit, and in the cross phase the scoring one) and review it.
async function reviewSection(ctx, table) {
  const cross = ctx.year.status === 'cross_assessment';
  const units = [...ctx.year.members].sort((a, b) => compareVi(ctx.name(a), ctx.name(b)));
  const scored = unitSelect(ctx, 'review-scored', units, units[0]);
  const scoring = unitSelect(ctx, 'review-scoring', units, cross ? units[1] : units[0]);
  const holder = h('div', {});
  const load = async () => {
    const sheet = { scored: Number(scored.value), scoring: cross ? Number(scoring.value) : Number(scored.value) };
    sheet.adjustable = ctx.authority || sheet.scored !== ctx.user.org_id;
    try {
      const rows = await apiAll(`${ctx.base}/scores?scored_org_id=${sheet.scored}&scoring_org_id=${sheet.scoring}`);
      mount(holder,
        sheet.adjustable ? null : h('p', { class: 'muted' }, t('review.own_unit')),
        reviewTable(ctx, table, sheet, rows.items));
    } catch (err) {
      mount(holder, errorBox(err));
    }
  };
  scored.addEventListener('change', load);
  scoring.addEventListener('change', load);
  await load();
  return h('section', { class: 'review' },
    h('h2', {}, t('review.title')),
    h('p', { class: 'muted' }, t('review.hint')),
    h('div', { class: 'pickers' },
      h('label', { for: 'review-scored' }, t('review.scored')), scored,
      cross ? [h('label', { for: 'review-scoring' }, t('review.scoring')), scoring] : null),
    holder);
}

export async function reviewSections(ctx, table) {
  const { progress } = await api('GET', `${ctx.base}/scores?limit=1`);
  const open = ctx.year.status === 'self_assessment' || ctx.year.status === 'cross_assessment';
  return [progressSection(ctx, progress), open ? await reviewSection(ctx, table) : null];
}
