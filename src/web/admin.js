// The administration pages ("Quản trị"), for admins only:
//   #/admin/users  accounts: who logs in, with which roles, for which
//                  organization; add one, lock or unlock one
//   #/admin/orgs   organizations: units and authorities; add one
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';
import { button, onAction, statusArea, noticeBox, InputError } from './ui.js';
import { orgNames } from './orgs.js';

const ROLES = ['admin', 'authority_officer', 'council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer'];
const KINDS = ['unit', 'authority'];
const PASSWORD_MIN_CHARS = 10; // src/domain/auth.h

const isAdmin = (user) => !!user && user.roles.includes('admin');

function tabs(hash) {
  const link = (href, label) => h('a', { href, 'aria-current': hash.startsWith(href) ? 'page' : null }, label);
  return h('nav', { class: 'tabs no-print', 'aria-label': t('admin.sections') },
    link('#/admin/users', t('admin.users')), link('#/admin/orgs', t('admin.orgs')));
}

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('p', { class: 'muted small' }, hint) : null);
}

// A select of organizations, sorted the Vietnamese way, with "none" first.
function orgSelect(id, orgs, noneLabel) {
  const sorted = [...orgs].sort((a, b) => compareVi(a.name, b.name));
  return h('select', { id },
    h('option', { value: '' }, noneLabel),
    sorted.map((o) => h('option', { value: o.id }, o.name)));
}

function header(app, title) {
  return [h('h1', {}, title), tabs(location.hash), app.notice ? noticeBox(app.notice) : null];
}

// ---- users ----

function lockButton(app, u) {
  const status = statusArea();
  const b = button(t(u.disabled ? 'admin.user_unlock' : 'admin.user_lock'), {
    class: 'small secondary', 'aria-label': t(u.disabled ? 'admin.user_unlock_named' : 'admin.user_lock_named', { name: u.username }),
  });
  onAction(b, status, async () => {
    await api('PATCH', `/users/${u.id}`, { disabled: !u.disabled });
    app.go('#/admin/users', t(u.disabled ? 'admin.user_unlocked' : 'admin.user_locked', { name: u.username }));
  });
  return [b, status];
}

function usersTable(app, users, names) {
  const sorted = [...users].sort((a, b) => compareVi(a.username, b.username));
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'users' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('admin.username')),
      h('th', { scope: 'col' }, t('admin.roles')),
      h('th', { scope: 'col' }, t('admin.org')),
      h('th', { scope: 'col' }, t('admin.user_status')),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('admin.actions'))))),
    h('tbody', {}, sorted.map((u) => h('tr', { 'data-id': u.id, class: u.disabled ? 'disabled' : null },
      h('td', { 'data-label': t('admin.username') }, u.username),
      h('td', { 'data-label': t('admin.roles') }, u.roles.map((r) => t(`role.${r}`)).join(', ')),
      h('td', { 'data-label': t('admin.org') }, u.org_id ? names.get(u.org_id) || `#${u.org_id}` : '—'),
      h('td', { 'data-label': t('admin.user_status') }, h('span', { class: 'badge' }, t(u.disabled ? 'admin.user_disabled' : 'admin.user_active'))),
      h('td', {}, u.id === app.user.id ? null : lockButton(app, u)))))));
}

function newUserForm(app, orgs) {
  const username = h('input', { id: 'au-username', maxlength: 64, autocomplete: 'off', required: true });
  const password = h('input', { id: 'au-password', type: 'password', autocomplete: 'new-password', required: true });
  const boxes = ROLES.map((r) => h('input', { type: 'checkbox', id: `au-role-${r}`, value: r }));
  const org = orgSelect('au-org', orgs, t('admin.no_org'));
  const status = statusArea();
  const save = button(t('admin.user_create'), { id: 'au-save' });
  onAction(save, status, async () => {
    const roles = boxes.filter((b) => b.checked).map((b) => b.value);
    if (!username.value.trim()) throw new InputError(t('admin.username_required'));
    if (roles.length === 0) throw new InputError(t('admin.roles_required'));
    const body = { username: username.value.trim(), password: password.value, roles };
    if (org.value) body.org_id = Number(org.value);
    const made = await api('POST', '/users', body);
    app.go('#/admin/users', t('admin.user_created', { name: made.username }));
  });
  return h('form', { class: 'card editor', id: 'new-user', novalidate: true, onsubmit: (ev) => ev.preventDefault() },
    h('h2', {}, t('admin.user_new')),
    field('au-username', t('admin.username'), username),
    field('au-password', t('admin.password'), password, t('admin.password_hint', { n: PASSWORD_MIN_CHARS })),
    h('fieldset', {}, h('legend', {}, t('admin.roles')),
      boxes.map((b) => h('div', { class: 'choice' }, b, ' ', h('label', { for: b.id }, t(`role.${b.value}`))))),
    field('au-org', t('admin.org'), org, t('admin.org_hint')),
    h('div', { class: 'actions' }, save),
    status);
}

async function renderUsers(page, app) {
  mount(page, h('p', {}, t('loading')));
  const [users, orgs] = await Promise.all([apiAll('/users'), apiAll('/orgs')]);
  const names = await orgNames(users.items.map((u) => u.org_id).filter(Boolean));
  mount(page, ...header(app, t('admin.users_title')),
    usersTable(app, users.items, names),
    h('p', { class: 'muted' }, t('admin.users_total', { n: formatNumber(users.total) })),
    newUserForm(app, orgs.items));
}

// ---- organizations ----

function orgsTable(orgs) {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const sorted = [...orgs].sort((a, b) => compareVi(a.name, b.name));
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'orgs' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('admin.org_name')),
      h('th', { scope: 'col' }, t('admin.org_kind')),
      h('th', { scope: 'col' }, t('admin.org_parent')))),
    h('tbody', {}, sorted.map((o) => h('tr', { 'data-id': o.id },
      h('td', { 'data-label': t('admin.org_name') }, h('a', { href: `#/orgs/${o.id}/awards` }, o.name)),
      h('td', { 'data-label': t('admin.org_kind') }, t(`admin.kind.${o.kind}`)),
      h('td', { 'data-label': t('admin.org_parent') }, o.parent_id ? byId.get(o.parent_id)?.name || `#${o.parent_id}` : '—'))))));
}

function newOrgForm(app, orgs) {
  const name = h('input', { id: 'ao-name', maxlength: 300, autocomplete: 'off', required: true });
  const kind = h('select', { id: 'ao-kind' }, KINDS.map((k) => h('option', { value: k }, t(`admin.kind.${k}`))));
  const parent = orgSelect('ao-parent', orgs.filter((o) => o.kind === 'authority'), t('admin.no_parent'));
  const status = statusArea();
  const save = button(t('admin.org_create'), { id: 'ao-save' });
  onAction(save, status, async () => {
    if (!name.value.trim()) throw new InputError(t('admin.org_name_required'));
    const body = { name: name.value.trim(), kind: kind.value };
    if (parent.value) body.parent_id = Number(parent.value);
    const made = await api('POST', '/orgs', body);
    app.go('#/admin/orgs', t('admin.org_created', { name: made.name }));
  });
  return h('form', { class: 'card editor', id: 'new-org', novalidate: true, onsubmit: (ev) => ev.preventDefault() },
    h('h2', {}, t('admin.org_new')),
    field('ao-name', t('admin.org_name'), name),
    field('ao-kind', t('admin.org_kind'), kind),
    field('ao-parent', t('admin.org_parent'), parent),
    h('div', { class: 'actions' }, save),
    status);
}

async function renderOrgs(page, app) {
  mount(page, h('p', {}, t('loading')));
  const orgs = await apiAll('/orgs');
  mount(page, ...header(app, t('admin.orgs_title')),
    orgsTable(orgs.items),
    h('p', { class: 'muted' }, t('admin.orgs_total', { n: formatNumber(orgs.total) })),
    newOrgForm(app, orgs.items));
}

// Everyone else is refused here, as the API would refuse them.
function adminOnly(render) {
  return async (page, app) => {
    if (!isAdmin(app.user)) {
      mount(page, h('h1', {}, t('admin.title')), h('p', { class: 'error', role: 'alert', id: 'admin-forbidden' }, t('error.forbidden')));
      return;
    }
    await render(page, app);
  };
}

export const adminSection = {
  route(hash) {
    if (hash === '#/admin/users' || hash === '#/admin') return adminOnly(renderUsers);
    if (hash === '#/admin/orgs') return adminOnly(renderOrgs);
    return null;
  },
  nav(user, hash) {
    return isAdmin(user) ? [{ href: '#/admin/users', label: t('nav.admin'), current: hash.startsWith('#/admin') }] : [];
  },
};
