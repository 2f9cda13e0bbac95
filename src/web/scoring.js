// The scoring tab. A member unit's officer fills its sheets: its own unit
// in the self-assessment phase, every other member in the cross phase,
// until the deadline; outside its phase a sheet is shown read-only. The
// leader (or the authority) also sees the progress and reviews entries
// (review.js).
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatDate, formatNumber, deadlinePassed } from './i18n.js';
import { ruleText } from './criteria.js';
import { button, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  sheetLines, leafCount, isEntered, entryKey, entryInput, inputValue, entryText, pointsText,
  adjustedNote, groupLine,
} from './sheet.js';
import { reviewSections } from './review.js';

const COLUMNS = 7;

// The units the caller's sheets are about now, and whether it may write them.
function sheetScope(ctx) {
  const me = ctx.user.org_id;
  const open = !deadlinePassed(ctx.year.deadline);
  const byName = (ids) => ids.sort((a, b) => compareVi(ctx.name(a), ctx.name(b)));
  if (ctx.year.status === 'self_assessment') return { units: [me], editable: open };
  if (ctx.year.status === 'cross_assessment') return { units: byName(ctx.year.members.filter((id) => id !== me)), editable: open };
  return { units: byName([...ctx.year.members]), editable: false };
}

function sheetLine(item, depth, row, editable) {
  const current = row ? row[entryKey(item.kind)] : null;
  const cells = editable ? {
    entry: entryInput(item, current),
    note: h('input', { name: 'note', value: row?.note || '', 'aria-label': t('scoring.note_for', { code: item.code }) }),
    evidence: h('input', { name: 'evidence', value: row?.evidence || '', 'aria-label': t('scoring.evidence_for', { code: item.code }) }),
  } : null;
  const tr = h('tr', { class: isEntered(row) ? 'entered' : 'missing' },
    h('td', { class: `depth-${depth}` }, item.code),
    h('td', { class: `depth-${depth}` }, item.name, h('div', { class: 'muted small' }, ruleText(item))),
    h('td', { class: 'entry-cell' }, cells ? cells.entry : entryText(item.kind, current), adjustedNote(row)),
    h('td', { class: 'num' }, pointsText(row)),
    h('td', {}, cells ? cells.note : row?.note || ''),
    h('td', {}, cells ? cells.evidence : row?.evidence || ''),
    h('td', {}, isEntered(row) ? t('scoring.state_saved') : t('scoring.state_missing')));
  return { tr, item, cells };
}

// The entries typed into a sheet, as the API takes them.
function collect(lines) {
  const scores = [];
  for (const { item, cells } of lines) {
    const value = inputValue(item, cells.entry);
    const note = cells.note.value.trim();
    const evidence = cells.evidence.value.trim();
    if (value === null) {
      if (note || evidence) throw new InputError(t('scoring.note_without_entry', { code: item.code }));
      continue;
    }
    const score = { criterion: item.code, [entryKey(item.kind)]: value };
    if (note) score.note = note;
    if (evidence) score.evidence = evidence;
    scores.push(score);
  }
  if (scores.length === 0) throw new InputError(t('scoring.nothing_entered'));
  return scores;
}

function sheetTable(table, rows, editable) {
  const byCode = new Map(rows.map((r) => [r.criterion, r]));
  const lines = [];
  const body = h('tbody', {}, sheetLines(table).map(({ item, depth }) => {
    if (item.kind === 'group') return groupLine(item, depth, COLUMNS);
    const line = sheetLine(item, depth, byCode.get(item.code), editable);
    lines.push(line);
    return line.tr;
  }));
  const el = h('div', { class: 'scroll' }, h('table', { class: 'data sheet', id: 'sheet' },
    h('thead', {}, h('tr', {},
      ['criteria.code', 'criteria.name', 'scoring.entry_col', 'scoring.points_col', 'scoring.note', 'scoring.evidence', 'scoring.state_col']
        .map((k, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, t(k))))),
    body));
  return { el, lines };
}

function phaseHint(ctx) {
  const { status, deadline } = ctx.year;
  const open = status === 'self_assessment' || status === 'cross_assessment';
  return [
    h('p', {}, t(open ? `scoring.hint.${status}` : 'scoring.hint.read_only')),
    open && deadlinePassed(deadline)
      ? h('p', { class: 'warning' }, t('scoring.deadline_passed', { date: formatDate(deadline) }))
      : null,
  ];
}

// The caller's sheets: a unit selector (when there are several) and the sheet.
async function memberSection(ctx, table) {
  const me = ctx.user.org_id;
  const scope = sheetScope(ctx);
  const leaves = leafCount(table);
  const mine = await apiAll(`${ctx.base}/scores?scoring_org_id=${me}`);
  const rowsFor = (scored) => mine.items.filter((r) => r.scored_org_id === scored);
  const optionLabel = (id) => t('scoring.unit_progress', {
    unit: ctx.name(id), n: formatNumber(rowsFor(id).filter(isEntered).length), total: formatNumber(leaves),
  });
  const select = h('select', { id: 'scored-unit' }, scope.units.map((id) => h('option', { value: id }, optionLabel(id))));
  const holder = h('div', {});
  const status = statusArea();

  const show = () => {
    const scored = Number(select.value);
    const sheet = sheetTable(table, rowsFor(scored), scope.editable);
    const parts = [h('h3', {}, scored === me ? t('scoring.self_sheet') : t('scoring.cross_sheet', { unit: ctx.name(scored) })), sheet.el];
    if (scope.editable) {
      const save = button(t('scoring.save'), { id: 'save-sheet' });
      onAction(save, status, async () => {
        const saved = await api('POST', `${ctx.base}/scores`, { scored_org_id: scored, scores: collect(sheet.lines) });
        mine.items = [...mine.items.filter((r) => r.scored_org_id !== scored), ...saved.items];
        select.selectedOptions[0].textContent = optionLabel(scored);
        show();
        mount(status, noticeBox(t('scoring.saved', {
          n: formatNumber(saved.items.filter(isEntered).length), total: formatNumber(leaves), unit: ctx.name(scored),
        })));
      });
      parts.push(h('div', { class: 'actions' }, save));
    }
    mount(holder, parts);
  };
  select.addEventListener('change', () => { mount(status); show(); });
  show();
  return h('section', { class: 'member-sheets' },
    h('h2', {}, t('scoring.title', { unit: ctx.name(me) })),
    phaseHint(ctx),
    scope.units.length > 1 ? [h('label', { for: 'scored-unit' }, t('scoring.choose_unit')), select] : null,
    holder, status);
}

export async function renderScoring(panel, ctx) {
  const table = await api('GET', `${ctx.base}/criteria`);
  const sections = [];
  if (ctx.member) sections.push(await memberSection(ctx, table));
  if (ctx.leads) sections.push(...await reviewSections(ctx, table));
  mount(panel, sections);
}
