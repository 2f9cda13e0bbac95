// The people page ("Cán bộ"), #/people[?q=]: the people the user may read,
// searchable without diacritics, sorted the Vietnamese way, each leading to
// their award history; and, for those who keep the records, adding one to
// an organization (a unit officer: to its own).
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';
import { button, onAction, statusArea, noticeBox, InputError } from './ui.js';
import { orgNames } from './orgs.js';
import { hashQuery } from './awards.js';

const has = (user, ...roles) => !!user && roles.some((r) => user.roles.includes(r));
// ACT_PERSON_READ and ACT_PERSON_WRITE.
const canRead = (user) => has(user, 'admin', 'authority_officer', 'council_member', 'leader_officer', 'unit_officer');
const canWrite = (user) => has(user, 'admin', 'authority_officer', 'leader_officer', 'unit_officer');
const LIMIT = 200;

function peopleTable(items, names) {
  const sorted = [...items].sort((a, b) => compareVi(a.full_name, b.full_name));
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'people' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('people.full_name')),
      h('th', { scope: 'col' }, t('people.gender')),
      h('th', { scope: 'col', class: 'num' }, t('people.birth_year')),
      h('th', { scope: 'col' }, t('people.position')),
      h('th', { scope: 'col' }, t('people.org')))),
    h('tbody', {}, sorted.map((p) => h('tr', { 'data-id': p.id },
      h('td', { 'data-label': t('people.full_name') }, h('a', { href: `#/people/${p.id}/awards` }, p.full_name)),
      h('td', { 'data-label': t('people.gender') }, t(`people.gender.${p.gender}`)),
      h('td', { 'data-label': t('people.birth_year'), class: 'num' }, p.birth_year ? String(p.birth_year) : '—'),
      h('td', { 'data-label': t('people.position') }, p.position || '—'),
      h('td', { 'data-label': t('people.org') }, names.get(p.org_id) || `#${p.org_id}`))))));
}

// The organizations a user adds people to: a unit officer its own; the
// others any organization they may write for (the server checks which).
async function targetOrgs(user) {
  if (has(user, 'admin', 'authority_officer')) {
    const all = (await apiAll('/orgs')).items;
    return all.sort((a, b) => compareVi(a.name, b.name));
  }
  return user.org_id ? [{ id: user.org_id, name: (await orgNames([user.org_id])).get(user.org_id) }] : [];
}

async function newPersonForm(app) {
  const orgs = await targetOrgs(app.user);
  const name = h('input', { id: 'np-name', maxlength: 200, autocomplete: 'off', required: true });
  const gender = h('select', { id: 'np-gender' },
    h('option', { value: '' }, t('people.choose')),
    ['female', 'male'].map((g) => h('option', { value: g }, t(`people.gender.${g}`))));
  const birth = h('input', { id: 'np-birth', type: 'number', min: 1900, max: 2200, inputmode: 'numeric' });
  const position = h('input', { id: 'np-position', maxlength: 200, autocomplete: 'off' });
  const org = h('select', { id: 'np-org' }, orgs.map((o) => h('option', { value: o.id, selected: o.id === app.user.org_id }, o.name)));
  const party = h('input', { id: 'np-party', type: 'checkbox' });
  const status = statusArea();
  const save = button(t('people.create'), { id: 'np-save' });
  onAction(save, status, async () => {
    if (!name.value.trim()) throw new InputError(t('people.name_required'));
    if (!gender.value) throw new InputError(t('people.gender_required'));
    const body = { full_name: name.value.trim(), gender: gender.value, org_id: Number(org.value), party_member: party.checked };
    if (birth.value) body.birth_year = Number(birth.value);
    if (position.value.trim()) body.position = position.value.trim();
    const made = await api('POST', '/people', body);
    app.go(`#/people?q=${encodeURIComponent(made.full_name)}`, t('people.created', { name: made.full_name }));
  });
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  return h('form', { class: 'card editor', id: 'new-person', novalidate: true, onsubmit: (ev) => ev.preventDefault() },
    h('h2', {}, t('people.new')),
    field('np-name', t('people.full_name'), name),
    field('np-gender', t('people.gender'), gender),
    field('np-birth', t('people.birth_year'), birth),
    field('np-position', t('people.position'), position),
    field('np-org', t('people.org'), org),
    h('div', { class: 'choice' }, party, ' ', h('label', { for: 'np-party' }, t('people.party_member'))),
    h('div', { class: 'actions' }, save),
    status);
}

async function renderPeople(page, app) {
  if (!canRead(app.user)) {
    mount(page, h('h1', {}, t('people.title')), h('p', { class: 'error', role: 'alert', id: 'people-forbidden' }, t('error.forbidden')));
    return;
  }
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery().get('q') || '';
  const list = await api('GET', `/people?limit=${LIMIT}&q=${encodeURIComponent(q)}`);
  const names = await orgNames(list.items.map((p) => p.org_id));
  const search = h('input', { id: 'people-search', type: 'search', value: q, 'aria-label': t('people.search'), placeholder: t('people.search') });
  search.addEventListener('change', () => app.go(search.value.trim() ? `#/people?q=${encodeURIComponent(search.value.trim())}` : '#/people'));
  mount(page,
    h('h1', {}, t('people.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('div', { class: 'toolbar', role: 'search' }, search),
    list.items.length === 0 ? h('p', { class: 'empty' }, t('people.none')) : peopleTable(list.items, names),
    h('p', { class: 'muted' }, t(list.total > list.items.length ? 'people.total_some' : 'people.total',
      { n: formatNumber(list.total), shown: formatNumber(list.items.length) })),
    canWrite(app.user) ? await newPersonForm(app) : null);
}

export const peopleSection = {
  route(hash) {
    return /^#\/people(?:\?.*)?$/.test(hash) ? renderPeople : null;
  },
  nav(user, hash) {
    return canRead(user) ? [{ href: '#/people', label: t('nav.people'), current: /^#\/people(?:\?.*)?$/.test(hash) }] : [];
  },
};
