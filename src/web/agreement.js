// The agreement tab: the year's emulation agreement (text and targets),
// which member units have signed it, the signing itself, and the leader's
// (or the authority's) editor while the agreement may still change.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber, formatTimestamp } from './i18n.js';
import { button, onAction, statusArea } from './ui.js';

function targetsTable(targets) {
  if (targets.length === 0) return h('p', { class: 'empty' }, t('agreement.no_targets'));
  return h('table', { class: 'data', id: 'targets' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('agreement.code')),
      h('th', { scope: 'col' }, t('agreement.target')),
      h('th', { scope: 'col', class: 'num' }, t('agreement.value')),
      h('th', { scope: 'col' }, t('agreement.unit')))),
    h('tbody', {}, targets.map((x) => h('tr', {},
      h('td', {}, x.code),
      h('td', {}, x.name),
      h('td', { class: 'num' }, x.value === null ? '' : formatNumber(x.value)),
      h('td', {}, x.unit || '')))));
}

function signaturesTable(ctx, agreement) {
  const signedAt = new Map(agreement.signatures.map((s) => [s.org_id, s.signed_at]));
  return h('table', { class: 'data', id: 'signatures' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('cluster.unit')),
      h('th', { scope: 'col' }, t('agreement.signature')))),
    h('tbody', {}, [...ctx.year.members].sort((a, b) => compareVi(ctx.name(a), ctx.name(b))).map((id) => h('tr', { class: signedAt.has(id) ? 'signed' : 'unsigned' },
      h('td', {}, ctx.name(id)),
      h('td', {}, signedAt.has(id)
        ? t('agreement.signed_at', { at: formatTimestamp(signedAt.get(id)) })
        : t('agreement.not_signed'))))));
}

// The caller's unit signs when it is a member that has not signed yet.
function signControl(ctx, agreement) {
  const mine = ctx.user.org_id;
  if (!ctx.member || ctx.year.status !== 'planning' || agreement.revision === 0 ||
      !agreement.unsigned_ids.includes(mine)) return null;
  const status = statusArea();
  const sign = button(t('agreement.sign'), { id: 'sign-agreement' });
  onAction(sign, status, async () => {
    const after = await api('POST', `${ctx.base}/agreement/signatures`, {});
    ctx.refresh(after.all_signed ? t('agreement.signed_all') : t('agreement.signed', { unit: ctx.name(mine) }));
  });
  return h('div', { class: 'sign' }, h('p', {}, t('agreement.sign_hint', { unit: ctx.name(mine) })), sign, status);
}

function editable(ctx) {
  return ctx.leads && !ctx.atLeast('self_assessment');
}

// One row of the targets editor; the row's inputs are read back on save.
function targetRow(target = {}) {
  const cell = (name, attrs) => h('td', {}, h('input', { name, 'aria-label': t(`agreement.${name}`), ...attrs }));
  const row = h('tr', {},
    cell('code', { value: target.code || '', size: 6, required: true }),
    cell('target', { value: target.name || '', required: true }),
    cell('value', { type: 'number', step: 'any', value: target.value ?? '' }),
    cell('unit', { value: target.unit || '', size: 10 }));
  row.append(h('td', {}, button(t('common.remove'), { class: 'link', onclick: () => row.remove() })));
  return row;
}

function targetsFrom(tbody) {
  return [...tbody.rows].map((row) => {
    const value = (name) => row.querySelector(`[name="${name}"]`).value.trim();
    const target = { code: value('code'), name: value('target') };
    if (value('value') !== '') target.value = Number(value('value'));
    if (value('unit') !== '') target.unit = value('unit');
    return target;
  });
}

function signaturesWarning(ctx, agreement) {
  const n = agreement.signatures.length;
  if (n === 0) return null;
  return h('p', { class: 'warning' }, t('agreement.edit_voids', { n: formatNumber(n) }),
    ctx.atLeast('agreement_signed') ? ` ${t('agreement.edit_replans')}` : '');
}

// The names of the units whose signatures a save voided, for the notice.
function savedNotice(ctx, saved, key) {
  const voided = saved.signatures_invalidated || [];
  return voided.length
    ? t(`${key}_voided`, { units: voided.map((id) => ctx.name(id)).join(', ') })
    : t(key);
}

function editor(ctx, agreement, cancel) {
  const text = h('textarea', { id: 'agreement-text', rows: 12, required: true }, agreement.text || '');
  const rows = h('tbody', {}, agreement.targets.map((x) => targetRow(x)));
  const status = statusArea();
  const save = button(t('common.save'), { id: 'save-agreement' });
  const title = agreement.revision === 0 ? t('agreement.write') : t('agreement.edit');
  const form = h('section', { class: 'editor', 'aria-label': title },
    h('h3', {}, title),
    signaturesWarning(ctx, agreement),
    h('label', { for: 'agreement-text' }, t('agreement.text')), text,
    h('h4', {}, t('agreement.targets')),
    h('table', { class: 'data edit-table', id: 'targets-editor' },
      h('thead', {}, h('tr', {},
        ['code', 'target', 'value', 'unit'].map((k) => h('th', { scope: 'col' }, t(`agreement.${k}`))),
        h('th', {}, ''))),
      rows),
    h('p', {}, button(t('agreement.add_target'), { class: 'secondary', id: 'add-target', onclick: () => rows.append(targetRow()) })),
    h('div', { class: 'actions' }, save, button(t('common.cancel'), { class: 'secondary', onclick: cancel })),
    status);
  onAction(save, status, async () => {
    const saved = await api('PUT', `${ctx.base}/agreement`, { text: text.value, targets: targetsFrom(rows) });
    ctx.refresh(savedNotice(ctx, saved, 'agreement.saved'));
  });
  return form;
}

export async function renderAgreement(panel, ctx) {
  const agreement = await api('GET', `${ctx.base}/agreement`);
  const signedCount = agreement.signatures.length;
  const view = h('div', {},
    h('h2', {}, t('agreement.title', { year: ctx.year.year })),
    agreement.revision === 0
      ? h('p', { class: 'empty' }, t('agreement.none'))
      : [h('div', { class: 'agreement-text', id: 'agreement-body' }, agreement.text),
        h('p', { class: 'muted' }, t('agreement.revision', { n: agreement.revision, at: formatTimestamp(agreement.updated_at) })),
        h('h3', {}, t('agreement.targets')),
        targetsTable(agreement.targets)],
    h('h3', {}, t('agreement.signatures', { n: formatNumber(signedCount), total: formatNumber(ctx.year.members.length) })),
    signaturesTable(ctx, agreement),
    signControl(ctx, agreement));
  if (editable(ctx)) {
    const edit = button(agreement.revision === 0 ? t('agreement.write') : t('agreement.edit'), { id: 'edit-agreement', class: 'secondary' });
    edit.addEventListener('click', () => mount(panel, editor(ctx, agreement, () => mount(panel, view))));
    view.append(h('p', {}, edit));
  }
  mount(panel, view);
}
