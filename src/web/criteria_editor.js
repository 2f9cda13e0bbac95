// The scoring table editor: groups and criteria of every kind as rows of
// inputs (indented by depth, moved up and down among their siblings), the
// final rule and the order of the tie-break keys. Saving replaces the
// table (PUT …/criteria) as a new version.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { button, onAction, statusArea } from './ui.js';

const KINDS = ['group', 'points', 'quantitative', 'pass_fail', 'per_occurrence', 'bonus', 'penalty'];
const FINAL_RULES = ['cross_mean', 'cross_trimmed_mean', 'reviewed_self'];
const TIE_KEYS = ['penalty', 'base', 'groups'];
const MAX_DEPTH = 3; // the API nests at most four levels: 0 … 3
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

// What a change of the table does to the members' signatures.
export function voidText(ctx) {
  return ctx.atLeast('agreement_signed') ? t('criteria.edit_voids_all') : t('criteria.edit_voids');
}

// The editable form of an item from the API; numbers stay strings as typed.
function fromApi(item) {
  const text = (x) => (x === undefined || x === null ? '' : String(x));
  return {
    code: item.code,
    name: item.name,
    kind: item.kind,
    max_points: item.kind === 'group' && !item.max_points ? '' : text(item.max_points),
    target: text(item.target),
    per_occurrence: text(item.per_occurrence),
    children: (item.children || []).map(fromApi),
  };
}

function toApi(node) {
  const out = { code: node.code.trim(), name: node.name.trim(), kind: node.kind };
  if (node.max_points.trim() !== '') out.max_points = Number(node.max_points);
  if (node.kind === 'quantitative' && node.target.trim() !== '') out.target = Number(node.target);
  if (node.kind === 'per_occurrence' && node.per_occurrence.trim() !== '') out.per_occurrence = Number(node.per_occurrence);
  if (node.kind === 'group') out.children = node.children.map(toApi);
  return out;
}

function newNode(code, kind) {
  return { code, name: '', kind, max_points: '', target: '', per_occurrence: '', children: [] };
}

function numberInput(node, field, label) {
  return h('input', {
    type: 'number', min: 0, step: 'any', name: field, value: node[field], 'aria-label': label,
    oninput: (ev) => { node[field] = ev.target.value; },
  });
}

// The input for a kind's own parameter: the target or the points per occurrence.
function paramInput(node) {
  if (node.kind === 'quantitative') return numberInput(node, 'target', t('criteria.target'));
  if (node.kind === 'per_occurrence') return numberInput(node, 'per_occurrence', t('criteria.per_occurrence'));
  return null;
}

function kindSelect(node, redraw) {
  const select = h('select', { name: 'kind', 'aria-label': t('criteria.kind'), disabled: node.children.length > 0 },
    KINDS.map((k) => h('option', { value: k, selected: k === node.kind }, t(`kind.${k}`))));
  select.addEventListener('change', () => {
    node.kind = select.value;
    redraw();
  });
  return select;
}

function move(list, i, by, redraw) {
  const j = i + by;
  if (j < 0 || j >= list.length) return;
  [list[i], list[j]] = [list[j], list[i]];
  redraw();
}

function nodeRow(node, list, i, depth, redraw) {
  const text = (field, label, attrs = {}) => h('input', {
    name: field, value: node[field], 'aria-label': label, ...attrs,
    oninput: (ev) => { node[field] = ev.target.value; },
  });
  const canNest = node.kind === 'group' && depth < MAX_DEPTH;
  return h('tr', { class: node.kind === 'group' ? 'group' : null },
    h('td', { class: `depth-${depth}` }, text('code', t('criteria.code'), { size: 6 })),
    h('td', {}, text('name', t('criteria.name'))),
    h('td', {}, kindSelect(node, redraw)),
    h('td', {}, numberInput(node, 'max_points', t('criteria.max'))),
    h('td', {}, paramInput(node)),
    h('td', { class: 'row-actions' },
      button('↑', { class: 'link', title: t('common.up'), 'aria-label': t('common.up'), disabled: i === 0, onclick: () => move(list, i, -1, redraw) }),
      button('↓', { class: 'link', title: t('common.down'), 'aria-label': t('common.down'), disabled: i === list.length - 1, onclick: () => move(list, i, 1, redraw) }),
      canNest ? button(t('criteria.add_child'), {
        class: 'link add-child',
        onclick: () => { node.children.push(newNode(`${node.code}.${node.children.length + 1}`, 'points')); redraw(); },
      }) : null,
      button(t('common.remove'), { class: 'link', onclick: () => { list.splice(i, 1); redraw(); } })));
}

function nodeRows(list, depth, redraw) {
  return list.flatMap((node, i) => {
    return [nodeRow(node, list, i, depth, redraw), ...nodeRows(node.children, depth + 1, redraw)];
  });
}

function finalRuleSelect(table) {
  return h('select', { id: 'final-rule' },
    FINAL_RULES.map((r) => h('option', { value: r, selected: r === table.final_rule }, t(`final_rule.${r}`))));
}

// The tie-break keys in order, each on or off.
function tieBreakList(table) {
  const keys = [...table.tie_break, ...TIE_KEYS.filter((k) => !table.tie_break.includes(k))]
    .map((key) => ({ key, on: table.tie_break.includes(key) }));
  const list = h('ol', { id: 'tie-break', class: 'tie-list' });
  const redraw = () => mount(list, keys.map((k, i) => h('li', {},
    h('label', {}, h('input', { type: 'checkbox', name: k.key, checked: k.on, onchange: (ev) => { k.on = ev.target.checked; } }),
      ` ${t(`tie.${k.key}`)}`),
    button('↑', { class: 'link', 'aria-label': t('common.up'), disabled: i === 0, onclick: () => move(keys, i, -1, redraw) }),
    button('↓', { class: 'link', 'aria-label': t('common.down'), disabled: i === keys.length - 1, onclick: () => move(keys, i, 1, redraw) }))));
  redraw();
  return { list, value: () => keys.filter((k) => k.on).map((k) => k.key) };
}

export function criteriaEditor(ctx, table, cancel) {
  const items = table.items.map(fromApi);
  const body = h('tbody', {});
  const redraw = () => mount(body, nodeRows(items, 0, redraw));
  redraw();
  const rule = finalRuleSelect(table);
  const ties = tieBreakList(table);
  const status = statusArea();
  const save = button(t('common.save'), { id: 'save-criteria' });
  onAction(save, status, async () => {
    const saved = await api('PUT', `${ctx.base}/criteria`, {
      items: items.map(toApi), final_rule: rule.value, tie_break: ties.value(),
    });
    const voided = saved.signatures_invalidated.map((id) => ctx.name(id)).join(', ');
    ctx.refresh(voided
      ? t('criteria.saved_voided', { n: saved.version, units: voided })
      : t('criteria.saved', { n: saved.version }));
  });
  return h('section', { class: 'editor', 'aria-label': t('criteria.edit') },
    h('h2', {}, t('criteria.edit')),
    h('p', { class: 'warning' }, voidText(ctx)),
    h('table', { class: 'data edit-table', id: 'criteria-editor' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('criteria.code')),
        h('th', { scope: 'col' }, t('criteria.name')),
        h('th', { scope: 'col' }, t('criteria.kind')),
        h('th', { scope: 'col' }, t('criteria.max')),
        h('th', { scope: 'col' }, t('criteria.param')),
        h('th', { scope: 'col' }, ''))),
      body),
    h('p', { class: 'actions' },
      button(t('criteria.add_group'), { class: 'secondary', id: 'add-group', onclick: () => { items.push(newNode(ROMAN[items.length] || String(items.length + 1), 'group')); redraw(); } }),
      button(t('criteria.add_item'), { class: 'secondary', id: 'add-item', onclick: () => { items.push(newNode(ROMAN[items.length] || String(items.length + 1), 'points')); redraw(); } })),
    h('label', { for: 'final-rule' }, t('criteria.final_rule')), rule,
    h('p', { class: 'label' }, t('criteria.tie_break')),
    h('p', { class: 'muted' }, t('criteria.tie_help')),
    ties.list,
    h('div', { class: 'actions' }, save, button(t('common.cancel'), { class: 'secondary', onclick: cancel })),
    status);
}
