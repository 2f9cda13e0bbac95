// #/models/stats[?org=|cluster=&year=]: the figures of exemplary models for
// a year — new, retired, active at the start and at the end, total ever —
// for an org (its own line and each branch beneath it), a cluster (by
// member) or the whole country (by province); each line shows that active
// at the end = at the start + new − retired holds; and a bar chart of new,
// retired and active models over the ten years up to the year.
import { api, apiAll } from './api.js';
import { h, mount, svg } from './dom.js';
import { t, formatNumber, compareVi } from './i18n.js';
import { exportLinks } from './ui.js';
import { hashQuery, thisYear } from './awards.js';
import { modelsNav } from './models.js';

const FIGURES = ['new', 'retired', 'active_start', 'active_end', 'total_ever'];
const SERIES = [['new', '#2e7d4f'], ['retired', '#a33a3a'], ['active_end', '#2f5f9e']];

const holds = (x) => x.active_end === x.active_start + x.new - x.retired;

async function scopes() {
  const [orgs, clusters] = await Promise.all([apiAll('/orgs?kind=authority'), apiAll('/clusters')]);
  return {
    orgs: orgs.items.sort((a, b) => compareVi(a.name, b.name)),
    clusters: clusters.items.sort((a, b) => compareVi(a.name, b.name)),
  };
}

function picker(app, q, choices) {
  const scope = h('select', { id: 'stats-scope' },
    h('option', { value: '' }, t('models.stats.country')),
    h('optgroup', { label: t('models.stats.authorities') },
      choices.orgs.map((o) => h('option', { value: `org=${o.id}`, selected: q.get('org') === String(o.id) }, o.name))),
    h('optgroup', { label: t('models.stats.clusters') },
      choices.clusters.map((c) => h('option', { value: `cluster=${c.id}`, selected: q.get('cluster') === String(c.id) }, c.name))));
  const year = h('input', { id: 'stats-year', type: 'number', min: 1945, max: thisYear() + 1, value: q.get('year') || thisYear() });
  const apply = () => {
    const parts = [];
    if (scope.value) parts.push(scope.value);
    if (year.value) parts.push(`year=${Number(year.value)}`);
    app.go(`#/models/stats${parts.length ? `?${parts.join('&')}` : ''}`);
  };
  scope.addEventListener('change', apply);
  year.addEventListener('change', apply);
  return h('div', { class: 'pickers filters', role: 'search', 'aria-label': t('models.stats.picker') },
    h('label', { for: 'stats-scope' }, t('models.stats.scope')), scope,
    h('label', { for: 'stats-year' }, t('models.year')), year);
}

function totals(s) {
  return h('dl', { class: 'figures', id: 'stats-totals' }, FIGURES.map((f) => h('div', {},
    h('dt', {}, t(`models.stats.${f}`)),
    h('dd', { 'data-figure': f }, formatNumber(s.totals[f])))));
}

function byOrgTable(s, q) {
  const check = (x) => h('td', { class: 'check', title: t(holds(x) ? 'models.stats.holds' : 'models.stats.broken') },
    holds(x) ? '✓' : '✗');
  const cells = (x) => FIGURES.map((f) => h('td', { class: 'num', 'data-label': t(`models.stats.${f}`) }, formatNumber(x[f])));
  const drill = (x) => (q.get('org') === String(x.org_id) ? x.name : h('a', { href: `#/models/stats?org=${x.org_id}&year=${s.year}` }, x.name));
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'stats-by-org' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('models.org')),
      FIGURES.map((f) => h('th', { scope: 'col', class: 'num' }, t(`models.stats.${f}`))),
      h('th', { scope: 'col' }, t('models.stats.identity')))),
    h('tbody', {}, s.by_org.map((x) => h('tr', { 'data-org': x.org_id },
      h('td', { 'data-label': t('models.org') }, drill(x)), cells(x), check(x)))),
    h('tfoot', {}, h('tr', { class: 'group' },
      h('th', { scope: 'row' }, t('models.stats.total')), cells(s.totals), check(s.totals)))));
}

// Grouped bars per year (new, retired, active at the end), drawn with DOM calls.
function chart(s) {
  const W = 800, H = 220, left = 40, bottom = 24, top = 10;
  const max = Math.max(1, ...s.series.flatMap((y) => SERIES.map(([k]) => y[k])));
  const slot = (W - left) / s.series.length, bar = (slot - 8) / SERIES.length;
  const yOf = (v) => top + (H - top - bottom) * (1 - v / max);
  const parts = [
    svg('line', { x1: left, x2: W, y1: H - bottom, y2: H - bottom, stroke: '#8a93a3' }),
    svg('text', { x: left - 4, y: yOf(max) + 4, 'text-anchor': 'end', 'font-size': 11 }, formatNumber(max)),
    svg('text', { x: left - 4, y: H - bottom, 'text-anchor': 'end', 'font-size': 11 }, '0'),
  ];
  s.series.forEach((y, i) => {
    const x0 = left + i * slot + 4;
    SERIES.forEach(([k, colour], j) => {
      parts.push(svg('rect', { x: x0 + j * bar, y: yOf(y[k]), width: Math.max(1, bar - 1), height: H - bottom - yOf(y[k]), fill: colour },
        svg('title', {}, `${y.year} · ${t(`models.stats.${k}`)}: ${formatNumber(y[k])}`)));
    });
    parts.push(svg('text', { x: x0 + (slot - 8) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 11 }, String(y.year)));
  });
  const legend = h('p', { class: 'legend' }, SERIES.map(([k, colour]) => h('span', { class: 'legend-item' },
    svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, fill: colour })),
    ' ', t(`models.stats.${k}`), ' ')));
  return h('figure', { class: 'chart', id: 'stats-chart' },
    h('figcaption', {}, t('models.stats.chart', { from: s.series[0].year, to: s.year })),
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('models.stats.chart', { from: s.series[0].year, to: s.year }), width: '100%' }, parts),
    legend);
}

export async function renderModelStats(page, app) {
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery();
  const query = new URLSearchParams();
  for (const k of ['org', 'cluster', 'year']) if (/^\d+$/.test(q.get(k) || '')) query.set(k, q.get(k));
  const [s, choices] = await Promise.all([api('GET', `/models/stats?${query}`), scopes()]);
  query.set('year', String(s.year));
  const scopeName = s.org_id
    ? (choices.orgs.find((o) => o.id === s.org_id) || s.by_org.find((x) => x.org_id === s.org_id) || { name: `#${s.org_id}` }).name
    : s.cluster_id ? (choices.clusters.find((c) => c.id === s.cluster_id) || { name: `#${s.cluster_id}` }).name
      : t('models.stats.country');
  mount(page,
    modelsNav('#/models/stats'),
    h('h1', {}, t('models.stats.title', { scope: scopeName, year: s.year })),
    picker(app, q, choices),
    totals(s),
    h('p', { class: holds(s.totals) ? 'notice' : 'error', id: 'stats-identity' },
      t(holds(s.totals) ? 'models.stats.reconciled' : 'models.stats.broken', {
        end: formatNumber(s.totals.active_end), start: formatNumber(s.totals.active_start),
        new: formatNumber(s.totals.new), retired: formatNumber(s.totals.retired),
      })),
    exportLinks('/models/stats', query),
    byOrgTable(s, q),
    chart(s));
}
