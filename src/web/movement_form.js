// #/movements/new and #/movements/7/edit: an authority launches a movement
// for the units beneath it (its own org or an authority beneath it), or
// changes one: name, goals, period.
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, todayInVietnam } from './i18n.js';
import { button, onAction, statusArea, InputError } from './ui.js';
import { canLaunch } from './movements.js';

// The authorities the user launches for: all for an admin; else its own
// org and the authorities beneath it.
async function launchers(user) {
  const all = (await apiAll('/orgs?kind=authority')).items;
  if (user.roles.includes('admin')) return all.sort((a, b) => compareVi(a.name, b.name));
  const byId = new Map(all.map((o) => [o.id, o]));
  const reaches = (o) => {
    for (let x = o, n = 0; x && n < 16; x = byId.get(x.parent_id), n++) if (x.id === user.org_id) return true;
    return false;
  };
  return all.filter(reaches).sort((a, b) => compareVi(a.name, b.name));
}

function dateInput(id, value) {
  return h('input', { id, type: 'date', value: value || '', required: true });
}

export async function renderMovementForm(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const editing = id !== undefined;
  const title = t(editing ? 'movement_form.edit_title' : 'movement_form.new_title');
  if (!canLaunch(app.user)) {
    mount(page, h('h1', {}, title), h('p', { class: 'error', role: 'alert' }, t('movement_form.forbidden')));
    return;
  }
  const [m, orgs] = await Promise.all([editing ? api('GET', `/movements/${id}`) : null, launchers(app.user)]);
  const year = todayInVietnam().slice(0, 4);
  const org = h('select', { id: 'mf-org', disabled: editing && m.registered > 0 },
    orgs.map((o) => h('option', { value: o.id, selected: m ? o.id === m.org_id : o.id === app.user.org_id }, o.name)));
  const name = h('input', { id: 'mf-name', maxlength: 300, required: true, value: m ? m.name : '', autocomplete: 'off' });
  const goals = h('textarea', { id: 'mf-goals', rows: 6, maxlength: 8000 }, m && m.goals ? m.goals : '');
  const starts = dateInput('mf-starts', m ? m.starts_on : `${year}-01-01`);
  const ends = dateInput('mf-ends', m ? m.ends_on : `${year}-12-31`);
  const status = statusArea();
  const save = button(t(editing ? 'movement_form.save' : 'movement_form.create'), { id: 'mf-save' });
  onAction(save, status, async () => {
    if (!name.value.trim()) throw new InputError(t('movement_form.name_required'));
    if (!starts.value || !ends.value) throw new InputError(t('movement_form.dates_required'));
    if (ends.value < starts.value) throw new InputError(t('movement_form.ends_before_start'));
    const body = {
      name: name.value.trim(), goals: goals.value.trim() || null, starts_on: starts.value, ends_on: ends.value,
    };
    if (!org.disabled) body.org_id = Number(org.value);
    const saved = editing
      ? await api('PATCH', `/movements/${id}`, body)
      : await api('POST', '/movements', body);
    app.go(`#/movements/${saved.id}`, t(editing ? 'movement_form.saved' : 'movement_form.created', { name: saved.name }));
  });
  mount(page,
    h('p', { class: 'no-print' }, h('a', { href: editing ? `#/movements/${id}` : '#/movements' }, t('movement_form.back'))),
    h('h1', {}, title),
    h('form', { class: 'card editor', id: 'movement-form', novalidate: true, onsubmit: (ev) => ev.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'mf-org' }, t('movement_form.org')), org,
        editing && m.registered > 0 ? h('p', { class: 'muted small' }, t('movement_form.org_fixed')) : null),
      h('div', { class: 'field' }, h('label', { for: 'mf-name' }, t('movements.name')), name),
      h('div', { class: 'field' }, h('label', { for: 'mf-goals' }, t('movement.goals')), goals),
      h('div', { class: 'pickers' },
        h('label', { for: 'mf-starts' }, t('movement_form.starts_on')), starts,
        h('label', { for: 'mf-ends' }, t('movement_form.ends_on')), ends),
      h('div', { class: 'actions' }, save),
      status));
}
