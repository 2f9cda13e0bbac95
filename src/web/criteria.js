// The scoring table tab: the criteria tree as an indented table with what
// each kind of criterion means, the year's final rule and tie-break keys;
// for the leader (or the authority), the editor and copying from a year.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { button, confirmBox, onAction, statusArea } from './ui.js';
import { criteriaEditor, voidText } from './criteria_editor.js';

// The tree in reading order, each item with its depth.
export function flatten(items, depth = 0) {
  return items.flatMap((item) => [{ item, depth }, ...flatten(item.children || [], depth + 1)]);
}

// How a criterion turns into points, in words.
export function ruleText(item) {
  const p = {
    max: formatNumber(item.max_points),
    half: formatNumber(item.max_points / 2),
    target: formatNumber(item.target ?? 0),
    per: formatNumber(item.per_occurrence ?? 0),
  };
  if (item.kind === 'group') return item.max_points ? t('criteria.rule.group_cap', p) : t('criteria.rule.group');
  return t(`criteria.rule.${item.kind}`, p);
}

function treeTable(items) {
  return h('table', { class: 'data tree', id: 'criteria' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('criteria.code')),
      h('th', { scope: 'col' }, t('criteria.name')),
      h('th', { scope: 'col' }, t('criteria.kind')),
      h('th', { scope: 'col', class: 'num' }, t('criteria.max')),
      h('th', { scope: 'col' }, t('criteria.how')))),
    h('tbody', {}, flatten(items).map(({ item, depth }) => h('tr', { class: item.kind === 'group' ? 'group' : null },
      h('td', { class: `depth-${depth}` }, item.code),
      h('td', { class: `depth-${depth}` }, item.name),
      h('td', {}, t(`kind.${item.kind}`)),
      h('td', { class: 'num' }, item.kind === 'group' && !item.max_points ? '' : formatNumber(item.max_points)),
      h('td', {}, ruleText(item))))));
}

// The final rule and the tie-break keys, explained.
function rulesSection(table) {
  return h('dl', { class: 'rules' },
    h('dt', {}, t('criteria.max_total')),
    h('dd', { id: 'max-total' }, t('criteria.max_total_value', { n: formatNumber(table.max_total) })),
    h('dt', {}, t('criteria.final_rule')),
    h('dd', {}, t(`final_rule.${table.final_rule}`)),
    h('dt', {}, t('criteria.tie_break')),
    h('dd', {}, table.tie_break.length === 0
      ? t('tie.none')
      : h('ol', {}, table.tie_break.map((k) => h('li', {}, t(`tie.${k}`))))));
}

function copyControl(ctx) {
  const years = ctx.cluster.years.filter((y) => y !== ctx.year.year);
  if (years.length === 0) return null;
  const from = h('select', { id: 'copy-from' }, years.map((y) => h('option', { value: y }, String(y))));
  const status = statusArea();
  const copy = button(t('criteria.copy'), { class: 'secondary', id: 'copy-criteria' });
  onAction(copy, status, async () => {
    mount(status, confirmBox(t('criteria.copy_confirm', { year: from.value }), t('criteria.copy'), async () => {
      const saved = await api('POST', `${ctx.base}/criteria/copy`, { from_year: Number(from.value) });
      ctx.refresh(t('criteria.copied', { year: from.value, n: saved.version }));
    }, voidText(ctx)));
  });
  return h('div', { class: 'move' }, h('label', { for: 'copy-from' }, t('criteria.copy_from')), from, copy, status);
}

export async function renderCriteria(panel, ctx) {
  const table = await api('GET', `${ctx.base}/criteria`);
  const editable = ctx.leads && !ctx.atLeast('self_assessment');
  const view = h('div', {},
    h('h2', {}, t('criteria.title', { year: ctx.year.year })),
    table.items.length === 0
      ? h('p', { class: 'empty' }, t('criteria.none'))
      : [h('p', { class: 'muted' }, t('criteria.version', { n: table.version })), treeTable(table.items)],
    rulesSection(table),
    table.items.length ? h('details', { class: 'legend' },
      h('summary', {}, t('criteria.kinds')),
      h('dl', {}, ['points', 'quantitative', 'pass_fail', 'per_occurrence', 'bonus', 'penalty']
        .flatMap((k) => [h('dt', {}, t(`kind.${k}`)), h('dd', {}, t(`kind_help.${k}`))]))) : null);
  if (editable) {
    const edit = button(table.items.length ? t('criteria.edit') : t('criteria.create'), { id: 'edit-criteria', class: 'secondary' });
    edit.addEventListener('click', () => mount(panel, criteriaEditor(ctx, table, () => mount(panel, view))));
    view.append(h('div', { class: 'actions' }, edit), copyControl(ctx));
  }
  mount(panel, view);
}
