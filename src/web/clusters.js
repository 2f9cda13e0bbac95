// The clusters pages: the list (searchable, sorted the Vietnamese way) and
// one cluster with its years, members, leader and deputies; those who make
// clusters find the forms for a new cluster and a new year there.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';
import { orgNames } from './orgs.js';
import { noticeBox } from './ui.js';
import { canMakeClusters, newClusterForm, newYearForm } from './cluster_form.js';

function clusterRow(c, names) {
  return h('tr', {},
    h('td', {}, h('a', { href: `#/clusters/${c.id}` }, c.name)),
    h('td', {}, names.get(c.authority_id) || `#${c.authority_id}`),
    h('td', { class: 'num' }, formatNumber(c.rotation.length)));
}

export async function renderClusters(main, app, query = '') {
  mount(main, h('p', {}, t('loading')));
  const list = await api('GET', `/clusters?limit=500&q=${encodeURIComponent(query)}`);
  const names = await orgNames(list.items.map((c) => c.authority_id));
  const items = [...list.items].sort((a, b) => compareVi(a.name, b.name));
  const search = h('input', { id: 'cluster-search', type: 'search', value: query, 'aria-label': t('clusters.search'), placeholder: t('clusters.search') });
  search.addEventListener('change', () => renderClusters(main, app, search.value));
  const table = items.length === 0
    ? h('p', { class: 'empty' }, t('clusters.empty'))
    : h('table', { class: 'data', id: 'clusters' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('clusters.name')),
        h('th', { scope: 'col' }, t('clusters.authority')),
        h('th', { scope: 'col', class: 'num' }, t('clusters.members')))),
      h('tbody', {}, items.map((c) => clusterRow(c, names))));
  const form = canMakeClusters(app.user) ? await newClusterForm(app) : null;
  mount(main,
    h('h1', {}, t('clusters.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('div', { class: 'toolbar' }, search),
    table,
    h('p', { class: 'muted' }, t('clusters.total', { n: formatNumber(list.total) })),
    form);
  if (query) search.focus();
}

function roleOf(year, orgId) {
  if (orgId === year.leader_id) return t('cluster.leader');
  if (year.deputy_ids.includes(orgId)) return t('cluster.deputy');
  return t('cluster.member');
}

// The year's members, leader first, then deputies, then by name.
export function membersTable(year, names) {
  const members = [...year.members].sort((a, b) => {
    const rank = (id) => (id === year.leader_id ? 0 : year.deputy_ids.includes(id) ? 1 : 2);
    return rank(a) - rank(b) || compareVi(names.get(a) || '', names.get(b) || '');
  });
  return h('table', { class: 'data members' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('cluster.unit')),
      h('th', { scope: 'col' }, t('cluster.role')))),
    h('tbody', {}, members.map((id) => h('tr', { class: id === year.leader_id ? 'leader' : null },
      h('td', {}, names.get(id) || `#${id}`),
      h('td', {}, roleOf(year, id))))));
}

function yearSection(clusterId, year, names) {
  return h('section', { class: 'card' },
    h('h2', {}, t('cluster.year', { year: year.year })),
    h('p', {}, h('strong', {}, `${t('cluster.status')}: `), t(`status.${year.status}`), ' · ',
      h('a', { href: `#/clusters/${clusterId}/years/${year.year}` }, t('cluster.open_year', { year: year.year }))),
    membersTable(year, names));
}

export async function renderCluster(main, app, id) {
  mount(main, h('p', {}, t('loading')));
  const cluster = await api('GET', `/clusters/${id}`);
  const years = await Promise.all(cluster.years.map((y) => api('GET', `/clusters/${id}/years/${y}`)));
  const names = await orgNames([cluster.authority_id, ...cluster.rotation, ...years.flatMap((y) => y.members)]);
  mount(main,
    h('p', {}, h('a', { href: '#/clusters' }, t('cluster.back'))),
    h('h1', {}, cluster.name),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, `${t('clusters.authority')}: ${names.get(cluster.authority_id) || ''}`),
    years.length === 0 ? h('p', { class: 'empty' }, t('cluster.no_years')) : years.map((y) => yearSection(id, y, names)),
    canMakeClusters(app.user) ? newYearForm(app, cluster, names, [...years].sort((a, b) => a.year - b.year).at(-1)) : null);
}
