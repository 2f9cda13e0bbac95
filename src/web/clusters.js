// The clusters pages: the list (searchable, sorted the Vietnamese way) and
// one cluster with its years, members, leader and deputies.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';

// Names of the organizations the pages mention, fetched once per view.
async function orgNames() {
  const names = new Map();
  for (let offset = 0; ; offset += 500) {
    const page = await api('GET', `/orgs?limit=500&offset=${offset}`);
    for (const o of page.items) names.set(o.id, o.name);
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  return names;
}

function clusterRow(c, names) {
  return h('tr', {},
    h('td', {}, h('a', { href: `#/clusters/${c.id}` }, c.name)),
    h('td', {}, names.get(c.authority_id) || `#${c.authority_id}`),
    h('td', { class: 'num' }, formatNumber(c.rotation.length)));
}

export async function renderClusters(main, query = '') {
  mount(main, h('p', {}, t('loading')));
  const [list, names] = await Promise.all([
    api('GET', `/clusters?limit=500&q=${encodeURIComponent(query)}`),
    orgNames(),
  ]);
  const items = [...list.items].sort((a, b) => compareVi(a.name, b.name));
  const search = h('input', { id: 'cluster-search', type: 'search', value: query, 'aria-label': t('clusters.search'), placeholder: t('clusters.search') });
  search.addEventListener('change', () => renderClusters(main, search.value));
  const table = items.length === 0
    ? h('p', { class: 'empty' }, t('clusters.empty'))
    : h('table', { class: 'data', id: 'clusters' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('clusters.name')),
        h('th', { scope: 'col' }, t('clusters.authority')),
        h('th', { scope: 'col', class: 'num' }, t('clusters.members')))),
      h('tbody', {}, items.map((c) => clusterRow(c, names))));
  mount(main,
    h('h1', {}, t('clusters.title')),
    h('div', { class: 'toolbar' }, search),
    table,
    h('p', { class: 'muted' }, t('clusters.total', { n: formatNumber(list.total) })));
  if (query) search.focus();
}

function roleOf(year, orgId) {
  if (orgId === year.leader_id) return t('cluster.leader');
  if (year.deputy_ids.includes(orgId)) return t('cluster.deputy');
  return t('cluster.member');
}

function yearSection(year, names) {
  const members = [...year.members].sort((a, b) => {
    const rank = (id) => (id === year.leader_id ? 0 : year.deputy_ids.includes(id) ? 1 : 2);
    return rank(a) - rank(b) || compareVi(names.get(a) || '', names.get(b) || '');
  });
  return h('section', { class: 'card' },
    h('h2', {}, t('cluster.year', { year: year.year })),
    h('p', {}, h('strong', {}, `${t('cluster.status')}: `), t(`status.${year.status}`)),
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('cluster.unit')),
        h('th', { scope: 'col' }, t('cluster.role')))),
      h('tbody', {}, members.map((id) => h('tr', { class: id === year.leader_id ? 'leader' : null },
        h('td', {}, names.get(id) || `#${id}`),
        h('td', {}, roleOf(year, id)))))));
}

export async function renderCluster(main, id) {
  mount(main, h('p', {}, t('loading')));
  const [cluster, names] = await Promise.all([api('GET', `/clusters/${id}`), orgNames()]);
  const years = await Promise.all(cluster.years.map((y) => api('GET', `/clusters/${id}/years/${y}`)));
  mount(main,
    h('p', {}, h('a', { href: '#/clusters' }, t('cluster.back'))),
    h('h1', {}, cluster.name),
    h('p', { class: 'muted' }, `${t('clusters.authority')}: ${names.get(cluster.authority_id) || ''}`),
    years.length === 0 ? h('p', { class: 'empty' }, t('cluster.no_years')) : years.map((y) => yearSection(y, names)));
}
