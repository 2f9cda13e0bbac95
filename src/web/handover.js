// The handover tab: once the results are published, the conference names
// next year's leader and deputies, by the cluster's rotation or by choice
// (the authority alone may let this year's leader lead again). Shows the
// outcome once next year exists.
import { api, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi } from './i18n.js';
import { orgNames } from './orgs.js';
import { button, onAction, statusArea, InputError } from './ui.js';

async function nextYear(ctx) {
  try {
    return await api('GET', `${ctx.base}/handover`);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'no_handover') return null;
    throw err;
  }
}

async function outcome(ctx, next) {
  const names = await orgNames([next.leader_id, ...next.deputy_ids]);
  return h('div', { class: 'handover-result', id: 'handover-result' },
    h('dl', {},
      h('dt', {}, t('handover.next_leader', { year: next.year })),
      h('dd', {}, names.get(next.leader_id)),
      h('dt', {}, t('handover.next_deputies', { year: next.year })),
      h('dd', {}, next.deputy_ids.map((id) => names.get(id)).join(', '))),
    h('p', {}, h('a', { href: `#/clusters/${next.cluster_id}/years/${next.year}` }, t('handover.open_next', { year: next.year }))));
}

function radio(name, value, label, checked) {
  const id = `${name}-${value}`;
  return h('div', { class: 'choice' },
    h('input', { type: 'radio', name, value, id, checked }), ' ', h('label', { for: id }, label));
}

// The explicit choice: a leader and deputies among this year's members.
function explicitChoice(ctx) {
  const units = [...ctx.year.members].sort((a, b) => compareVi(ctx.name(a), ctx.name(b)));
  const leader = h('select', { id: 'handover-leader' },
    h('option', { value: '' }, t('handover.pick_leader')),
    units.map((id) => h('option', { value: id }, ctx.name(id))));
  const deputies = units.map((id) => h('input', { type: 'checkbox', name: 'deputy', value: id, id: `deputy-${id}` }));
  const fieldset = h('fieldset', { class: 'explicit', disabled: true },
    h('legend', {}, t('handover.explicit')),
    h('label', { for: 'handover-leader' }, t('handover.leader')), leader,
    h('p', { class: 'label' }, t('handover.deputies')),
    h('div', { class: 'checks' }, deputies.map((box, i) => h('div', { class: 'choice' }, box, ' ',
      h('label', { for: box.id }, ctx.name(units[i]))))));
  const body = () => {
    const chosen = deputies.filter((b) => b.checked).map((b) => Number(b.value));
    if (!leader.value) throw new InputError(t('handover.leader_required'));
    if (chosen.length === 0) throw new InputError(t('handover.deputies_required'));
    if (chosen.includes(Number(leader.value))) throw new InputError(t('handover.leader_not_deputy'));
    return { leader_id: Number(leader.value), deputy_ids: chosen };
  };
  return { fieldset, body };
}

function handoverForm(ctx) {
  const explicit = explicitChoice(ctx);
  const override = ctx.authority
    ? h('input', { type: 'checkbox', id: 'handover-override' })
    : null;
  const byRotation = radio('handover-mode', 'rotation', t('handover.by_rotation'), true);
  const byChoice = radio('handover-mode', 'explicit', t('handover.by_choice'), false);
  const form = h('section', { class: 'editor' },
    h('h3', {}, t('handover.form_title', { year: ctx.year.year + 1 })),
    h('p', { class: 'muted' }, t('handover.hint')),
    byRotation, byChoice, explicit.fieldset,
    override ? h('div', { class: 'choice' }, override, ' ', h('label', { for: 'handover-override' }, t('handover.override'))) : null);
  form.addEventListener('change', () => {
    explicit.fieldset.disabled = !form.querySelector('#handover-mode-explicit').checked;
  });
  const status = statusArea();
  const submit = button(t('handover.submit'), { id: 'handover-submit' });
  onAction(submit, status, async () => {
    const body = form.querySelector('#handover-mode-rotation').checked ? { by_rotation: true } : explicit.body();
    if (override && override.checked) body.override = true;
    await api('POST', `${ctx.base}/handover`, body);
    ctx.refresh(t('handover.done', { year: ctx.year.year + 1 }));
  });
  form.append(h('div', { class: 'actions' }, submit), status);
  return form;
}

export async function renderHandover(panel, ctx) {
  const next = await nextYear(ctx);
  mount(panel,
    h('h2', {}, t('handover.title', { year: ctx.year.year + 1 })),
    next ? await outcome(ctx, next) : h('p', { class: 'empty' }, t('handover.none')),
    !next && ctx.leads ? handoverForm(ctx) : null);
}
