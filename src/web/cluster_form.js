// Making clusters, for admins and authority officers (ACT_CLUSTER_WRITE):
// a new cluster on the list page (name, organizing authority, its units in
// rotation order: the order they are ticked), and a new year on a
// cluster's page (members, leader, deputies). The server checks that the
// authority is within the user's reach.
import { api, apiAll } from './api.js';
import { h } from './dom.js';
import { t, compareVi } from './i18n.js';
import { button, onAction, statusArea, InputError } from './ui.js';

export const canMakeClusters = (user) => !!user && (user.roles.includes('admin') || user.roles.includes('authority_officer'));

const byName = (a, b) => compareVi(a.name, b.name);

function field(id, label, input) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

// Checkboxes of units; ticked() gives the ticked ids in the order ticked.
function unitBoxes(prefix, units, legend, ticked = []) {
  const order = [...ticked];
  const boxes = units.map((u) => {
    const box = h('input', { type: 'checkbox', id: `${prefix}-${u.id}`, value: u.id, checked: order.includes(u.id) });
    box.addEventListener('change', () => {
      const i = order.indexOf(u.id);
      if (box.checked && i < 0) order.push(u.id);
      if (!box.checked && i >= 0) order.splice(i, 1);
    });
    return h('div', { class: 'choice' }, box, ' ', h('label', { for: box.id }, u.name));
  });
  return { node: h('fieldset', { class: 'unit-boxes' }, h('legend', {}, legend), boxes), ticked: () => [...order] };
}

export async function newClusterForm(app) {
  const [authorities, units] = await Promise.all([apiAll('/orgs?kind=authority'), apiAll('/orgs?kind=unit')]);
  const name = h('input', { id: 'nc-name', maxlength: 300, autocomplete: 'off', required: true });
  const authority = h('select', { id: 'nc-authority' },
    authorities.items.sort(byName).map((o) => h('option', { value: o.id, selected: o.id === app.user.org_id }, o.name)));
  const members = unitBoxes('nc-unit', units.items.sort(byName), t('cluster_form.rotation'));
  const status = statusArea();
  const save = button(t('cluster_form.create'), { id: 'nc-save' });
  onAction(save, status, async () => {
    if (!name.value.trim()) throw new InputError(t('cluster_form.name_required'));
    const rotation = members.ticked();
    if (rotation.length < 2) throw new InputError(t('cluster_form.units_required'));
    const made = await api('POST', '/clusters', { name: name.value.trim(), authority_id: Number(authority.value), rotation });
    app.go(`#/clusters/${made.id}`, t('cluster_form.created', { name: made.name }));
  });
  return h('details', { class: 'card editor no-print', id: 'new-cluster' },
    h('summary', {}, t('cluster_form.new')),
    h('form', { novalidate: true, onsubmit: (ev) => ev.preventDefault() },
      field('nc-name', t('clusters.name'), name),
      field('nc-authority', t('clusters.authority'), authority),
      h('p', { class: 'muted small' }, t('cluster_form.rotation_hint')),
      members.node,
      h('div', { class: 'actions' }, save),
      status));
}

// A new year of the cluster: every unit of the rotation a member at first,
// the leader the next in rotation after the last year's (the first unit
// for a first year).
export function newYearForm(app, cluster, names, lastYear) {
  const units = cluster.rotation.map((id) => ({ id, name: names.get(id) || `#${id}` }));
  const next = lastYear ? cluster.rotation[(cluster.rotation.indexOf(lastYear.leader_id) + 1) % cluster.rotation.length] : cluster.rotation[0];
  const year = h('input', { id: 'ny-year', type: 'number', min: 2000, max: 2100, inputmode: 'numeric', value: lastYear ? lastYear.year + 1 : '' });
  const members = unitBoxes('ny-member', units, t('cluster_form.members'), cluster.rotation);
  const leader = h('select', { id: 'ny-leader' }, units.map((u) => h('option', { value: u.id, selected: u.id === next }, u.name)));
  const deputies = unitBoxes('ny-deputy', units, t('cluster_form.deputies'));
  const status = statusArea();
  const save = button(t('cluster_form.year_create'), { id: 'ny-save' });
  onAction(save, status, async () => {
    if (!/^\d{4}$/.test(year.value)) throw new InputError(t('cluster_form.year_required'));
    const body = { members: members.ticked(), leader_id: Number(leader.value), deputy_ids: deputies.ticked() };
    await api('PUT', `/clusters/${cluster.id}/years/${year.value}`, body);
    app.go(`#/clusters/${cluster.id}/years/${year.value}`, t('cluster_form.year_created', { year: year.value }));
  });
  return h('details', { class: 'card editor no-print', id: 'new-year' },
    h('summary', {}, t('cluster_form.year_new')),
    h('form', { novalidate: true, onsubmit: (ev) => ev.preventDefault() },
      field('ny-year', t('cluster_form.year'), year),
      members.node,
      field('ny-leader', t('cluster.leader'), leader),
      deputies.node,
      h('div', { class: 'actions' }, save),
      status));
}
