// The indicator pages ("Chỉ tiêu"): the statistics with the change on the
// year before and a trend chart, the catalog of indicators (the admin adds
// them), and the units' reports (reports.js). Routes:
//   #/stats/indicators[?org=|cluster=&year=]  #/indicators
//   #/reports[?status=&year=]  #/reports/new[?org=&year=]  #/reports/7
import { api, apiAll } from './api.js';
import { h, svg, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';
import { button, exportLinks, noticeBox, onAction, statusArea, InputError } from './ui.js';
import { hashQuery, thisYear } from './awards.js';
import { renderReports, renderReportForm, renderReport, canReadReports } from './reports.js';

const has = (user, ...roles) => !!user && roles.some((r) => user.roles.includes(r));

const TABS = [
  { href: '#/stats/indicators', key: 'indicators.tab.stats', shown: () => true },
  { href: '#/reports', key: 'indicators.tab.reports', shown: canReadReports },
  { href: '#/indicators', key: 'indicators.tab.catalog', shown: () => true },
];

const inSection = (hash) => /^#\/(stats\/indicators|indicators|reports)(\/|\?|$)/.test(hash);

// The section's tabs, the current one marked.
export function indicatorTabs(user, hash = location.hash) {
  return h('nav', { class: 'tabs', 'aria-label': t('indicators.sections') },
    TABS.filter((x) => x.shown(user)).map((x) => h('a', {
      href: x.href,
      'aria-current': hash === x.href || hash.startsWith(`${x.href}?`) || hash.startsWith(`${x.href}/`) ? 'page' : null,
    }, t(x.key))));
}

// A figure in Vietnamese number format; "—" for null.
export function figure(x) {
  return x === null || x === undefined ? '—' : formatNumber(x);
}

function pct(x) {
  if (x === null || x === undefined) return '—';
  return `${x > 0 ? '+' : ''}${formatNumber(x)} %`;
}

function change(x) {
  if (x === null || x === undefined) return '—';
  return `${x > 0 ? '+' : ''}${formatNumber(x)}`;
}

// ---- the catalog ----

function catalogTable(items) {
  if (items.length === 0) return h('p', { class: 'empty' }, t('indicators.none'));
  const heads = [t('indicators.code'), t('indicators.name'), t('indicators.unit'), t('indicators.aggregate'), t('indicators.derived')];
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'indicator-catalog' },
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, items.map((i) => h('tr', { 'data-code': i.code },
      h('td', { 'data-label': heads[0] }, h('code', {}, i.code)),
      h('td', { 'data-label': heads[1] }, i.name),
      h('td', { 'data-label': heads[2] }, i.unit),
      h('td', { 'data-label': heads[3] }, t(`indicators.aggregate.${i.aggregate}`)),
      h('td', { 'data-label': heads[4] }, i.derived_from ? t(`indicators.derived.${i.derived_from}`) : '—'))))));
}

function catalogForm(app) {
  const field = (id, label, input) => [h('label', { for: id }, label), input];
  const code = h('input', { id: 'ind-code', required: true, pattern: '[a-z0-9_]{1,40}', maxlength: 40 });
  const name = h('input', { id: 'ind-name', required: true, maxlength: 300 });
  const unit = h('input', { id: 'ind-unit', required: true, maxlength: 60 });
  const aggregate = h('select', { id: 'ind-aggregate' },
    ['sum', 'avg', 'last'].map((a) => h('option', { value: a }, t(`indicators.aggregate.${a}`))));
  const derived = h('select', { id: 'ind-derived' },
    h('option', { value: '' }, '—'),
    ['party_admissions', 'party_members'].map((d) => h('option', { value: d }, t(`indicators.derived.${d}`))));
  const status = statusArea();
  const save = button(t('indicators.create'));
  onAction(save, status, async () => {
    if (!code.value || !name.value || !unit.value) throw new InputError(t('indicators.fill_all'));
    await api('POST', '/indicators', {
      code: code.value.trim(), name: name.value, unit: unit.value, aggregate: aggregate.value,
      derived_from: derived.value || null,
    });
    app.go('#/indicators', t('indicators.created', { code: code.value.trim() }));
  });
  return h('form', { class: 'card', id: 'indicator-form', novalidate: true },
    h('h2', {}, t('indicators.new')),
    field('ind-code', t('indicators.code'), code),
    field('ind-name', t('indicators.name'), name),
    field('ind-unit', t('indicators.unit'), unit),
    field('ind-aggregate', t('indicators.aggregate'), aggregate),
    field('ind-derived', t('indicators.derived'), derived),
    status, h('div', { class: 'actions' }, save));
}

async function renderCatalog(page, app) {
  const { items } = await apiAll('/indicators');
  mount(page, indicatorTabs(app.user),
    h('h1', {}, t('indicators.catalog')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'hint' }, t('indicators.catalog_hint')),
    catalogTable(items),
    has(app.user, 'admin') ? catalogForm(app) : null);
}

// ---- statistics ----

function statsTable(id, items, { caption } = {}) {
  const heads = [t('indicators.name'), t('indicators.value'), t('indicators.previous'),
    t('indicators.change'), t('indicators.change_pct'), t('indicators.reporting'), t('indicators.registry')];
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, items.map((i) => h('tr', { 'data-code': i.code },
      h('th', { scope: 'row', 'data-label': heads[0] }, i.name, ' ', h('span', { class: 'hint' }, `(${i.unit})`)),
      h('td', { class: 'num', 'data-label': heads[1] }, figure(i.value)),
      h('td', { class: 'num', 'data-label': heads[2] }, figure(i.previous)),
      h('td', { class: 'num', 'data-label': heads[3] }, change(i.change)),
      h('td', { class: 'num pct', 'data-label': heads[4] }, pct(i.change_pct)),
      h('td', { class: 'num', 'data-label': heads[5] }, `${formatNumber(i.reporting)}/${formatNumber(i.expected)}`),
      h('td', {
        class: `num${i.registry !== null && i.value !== null && i.registry !== i.value ? ' mismatch' : ''}`,
        'data-label': heads[6],
      }, figure(i.registry)))))));
}

const CHART = { width: 640, height: 240, left: 56, right: 12, top: 16, bottom: 28 };

// One indicator's ten years as bars: an inline SVG built node by node.
function trendChart(series, item) {
  const values = series.map((s) => s.values[item.code]);
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const w = CHART.width - CHART.left - CHART.right;
  const hgt = CHART.height - CHART.top - CHART.bottom;
  const step = w / series.length;
  const bars = series.map((s, i) => {
    const v = values[i];
    const bh = v === null ? 0 : (v / max) * hgt;
    const x = CHART.left + i * step + step * 0.15;
    return [
      v === null ? null : svg('rect', {
        x, y: CHART.top + hgt - bh, width: step * 0.7, height: bh, class: 'trend-bar',
      }, svg('title', {}, `${s.year}: ${figure(v)}`)),
      svg('text', { x: x + step * 0.35, y: CHART.height - 10, 'text-anchor': 'middle', class: 'trend-axis' }, String(s.year)),
    ];
  });
  return svg('svg', {
    viewBox: `0 0 ${CHART.width} ${CHART.height}`, class: 'trend-chart', role: 'img',
    'aria-label': t('indicators.trend_of', { name: item.name }),
  },
  svg('line', { x1: CHART.left, y1: CHART.top + hgt, x2: CHART.width - CHART.right, y2: CHART.top + hgt, class: 'trend-axis-line' }),
  svg('text', { x: CHART.left - 6, y: CHART.top + 10, 'text-anchor': 'end', class: 'trend-axis' }, figure(max)),
  svg('text', { x: CHART.left - 6, y: CHART.top + hgt, 'text-anchor': 'end', class: 'trend-axis' }, '0'),
  bars.flat());
}

function trend(stats) {
  if (stats.items.length === 0) return null;
  const pick = h('select', { id: 'trend-indicator' },
    stats.items.map((i) => h('option', { value: i.code }, i.name)));
  const box = h('figure', { id: 'trend' });
  const draw = () => {
    const item = stats.items.find((i) => i.code === pick.value);
    mount(box, trendChart(stats.series, item),
      h('figcaption', {}, t('indicators.trend_caption', { name: item.name, from: stats.series[0].year, to: stats.year })));
  };
  pick.addEventListener('change', draw);
  draw();
  return h('section', { class: 'card' }, h('h2', {}, t('indicators.trend')),
    h('label', { for: 'trend-indicator' }, t('indicators.trend_pick')), pick, box);
}

async function statsPicker(app, q) {
  const [authorities, clusters] = await Promise.all([
    apiAll('/orgs?kind=authority').then((r) => r.items),
    apiAll('/clusters').then((r) => r.items),
  ]);
  authorities.sort((a, b) => compareVi(a.name, b.name));
  clusters.sort((a, b) => compareVi(a.name, b.name));
  const scope = h('select', { id: 'stats-scope' },
    h('option', { value: '' }, t('indicators.country')),
    h('optgroup', { label: t('indicators.by_authority') },
      authorities.map((o) => h('option', { value: `org=${o.id}`, selected: q.get('org') === String(o.id) }, o.name))),
    h('optgroup', { label: t('indicators.by_cluster') },
      clusters.map((c) => h('option', { value: `cluster=${c.id}`, selected: q.get('cluster') === String(c.id) }, c.name))));
  if (q.get('org') && !authorities.some((o) => String(o.id) === q.get('org'))) {
    scope.append(h('option', { value: `org=${q.get('org')}`, selected: true }, t('indicators.org_n', { id: q.get('org') })));
  }
  const year = h('input', { id: 'stats-year', type: 'number', min: 2000, max: thisYear(), value: q.get('year') || thisYear() - 1 });
  const show = button(t('indicators.show'));
  show.addEventListener('click', () => {
    const parts = [scope.value, `year=${year.value}`].filter(Boolean);
    app.go(`#/stats/indicators?${parts.join('&')}`);
  });
  return h('form', { class: 'filters', id: 'stats-picker' },
    h('label', { for: 'stats-scope' }, t('indicators.scope')), scope,
    h('label', { for: 'stats-year' }, t('indicators.year')), year, show);
}

async function renderStats(page, app) {
  const q = hashQuery();
  const params = new URLSearchParams();
  for (const k of ['org', 'cluster']) if (q.get(k)) params.set(k, q.get(k));
  params.set('year', q.get('year') || String(thisYear() - 1));
  const [stats, picker] = await Promise.all([api('GET', `/stats/indicators?${params}`), statsPicker(app, q)]);
  const lines = stats.by_org.filter((b) => b.items.some((i) => i.value !== null || i.expected > 0));
  mount(page, indicatorTabs(app.user),
    h('h1', {}, t('indicators.stats_title', { year: stats.year })),
    picker,
    exportLinks('/stats/indicators', params),
    h('section', { class: 'card' }, h('h2', {}, t('indicators.totals')),
      h('p', { class: 'hint' }, t('indicators.stats_hint')),
      statsTable('indicator-totals', stats.items)),
    trend(stats),
    h('section', { class: 'card' }, h('h2', {}, t('indicators.by_org')),
      lines.length === 0 ? h('p', { class: 'empty' }, t('indicators.no_lines'))
        : lines.map((b) => h('details', { class: 'org-line', 'data-org': b.org_id },
          h('summary', {}, b.name),
          h('p', {}, h('a', { href: `#/stats/indicators?org=${b.org_id}&year=${stats.year}` }, t('indicators.open_org'))),
          statsTable(`indicator-org-${b.org_id}`, b.items)))));
}

export const indicatorsSection = {
  route(hash) {
    if (/^#\/stats\/indicators(\?|$)/.test(hash)) return renderStats;
    if (hash === '#/indicators') return renderCatalog;
    if (/^#\/reports(\?|$)/.test(hash)) return renderReports;
    if (/^#\/reports\/new(\?|$)/.test(hash)) return renderReportForm;
    const one = /^#\/reports\/(\d+)$/.exec(hash);
    if (one) return (page, app) => renderReport(page, app, Number(one[1]));
    return null;
  },
  nav(user, hash) {
    return [{ href: '#/stats/indicators', label: t('indicators.nav'), current: inSection(hash) }];
  },
};
