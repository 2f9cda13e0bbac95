// The ranking tab: totals per top-level group, bonus, penalty, total and
// rank of every unit, as a table and a bar chart; printable. Before the
// results are published the leader (or the authority) sees a preview and
// publishes it from here.
import { api } from './api.js';
import { h, svg, mount } from './dom.js';
import { t, formatNumber, formatTimestamp } from './i18n.js';
import { button, confirmBox, exportLinks, onAction, sendForcing, statusArea } from './ui.js';

function tieNote(row) {
  if (!row.tied) return '';
  return row.tie_key ? t('ranking.tie_by', { key: t(`tie.${row.tie_key}`) }) : t('ranking.tie_shared');
}

function penaltyText(n) {
  return n ? `−${formatNumber(n)}` : formatNumber(0);
}

function rankingTable(ctx, ranking) {
  return h('table', { class: 'data ranking', id: 'ranking' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, t('ranking.rank')),
      h('th', { scope: 'col' }, t('cluster.unit')),
      ranking.groups.map((g) => h('th', { scope: 'col', class: 'num', title: g.name }, g.code)),
      h('th', { scope: 'col', class: 'num' }, t('ranking.bonus')),
      h('th', { scope: 'col', class: 'num' }, t('ranking.penalty')),
      h('th', { scope: 'col', class: 'num' }, t('ranking.total')),
      h('th', { scope: 'col' }, t('ranking.note')))),
    h('tbody', {}, ranking.items.map((row) => h('tr', { class: row.rank === 1 ? 'first' : null },
      h('td', { class: 'num' }, formatNumber(row.rank)),
      h('th', { scope: 'row' }, ctx.name(row.org_id)),
      ranking.groups.map((g) => h('td', { class: 'num' }, formatNumber(row.groups[g.code] ?? 0))),
      h('td', { class: 'num' }, formatNumber(row.bonus)),
      h('td', { class: 'num' }, penaltyText(row.penalty)),
      h('td', { class: 'num total' }, formatNumber(row.total)),
      h('td', {}, tieNote(row))))));
}

// What the group codes in the table's head stand for.
function groupsLegend(ranking) {
  return h('dl', { class: 'groups-legend' },
    ranking.groups.flatMap((g) => [h('dt', {}, g.code), h('dd', {}, g.name)]));
}

// One bar per unit, its length the total against the most a unit can earn.
function barChart(ctx, ranking) {
  const top = Math.max(ranking.max_total, ...ranking.items.map((r) => r.total), 1);
  return h('figure', { class: 'chart', id: 'ranking-chart' },
    h('figcaption', {}, t('ranking.chart', { max: formatNumber(ranking.max_total) })),
    ranking.items.map((row) => h('div', { class: 'chart-row' },
      h('span', { class: 'chart-label' }, `${formatNumber(row.rank)}. ${ctx.name(row.org_id)}`),
      svg('svg', { class: 'chart-bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
        svg('rect', { x: 0, y: 0, width: (100 * Math.max(row.total, 0)) / top, height: 10, class: row.rank === 1 ? 'bar first' : 'bar' })),
      h('span', { class: 'chart-value' }, formatNumber(row.total)))));
}

// The leader's (or the authority's) publish button, under the preview.
function publishControl(ctx) {
  const status = statusArea();
  const publish = button(t('ranking.publish'), { id: 'publish' });
  const send = async (force) => {
    await api('POST', `${ctx.base}/ranking/publish`, force ? { force: true } : {});
    ctx.refresh(t('ranking.published_now'));
  };
  onAction(publish, status, async () => {
    mount(status, confirmBox(t('ranking.publish_confirm'), t('ranking.publish'), () => sendForcing(status, send)));
  });
  return h('div', { class: 'publish' }, publish, status);
}

export async function renderRanking(panel, ctx) {
  const ranking = await api('GET', `${ctx.base}/ranking`);
  const canPublish = !ranking.published && ctx.leads && ctx.year.status === 'cross_assessment';
  mount(panel,
    h('h2', {}, t('ranking.title', { year: ctx.year.year })),
    ranking.published
      ? h('p', { class: 'muted' }, t('ranking.published_at', { at: formatTimestamp(ranking.published_at) }))
      : h('p', { class: 'warning', id: 'preview-banner' }, t('ranking.preview')),
    h('p', { class: 'muted' }, `${t('criteria.final_rule')}: ${t(`final_rule.${ranking.final_rule}`)}`),
    h('div', { class: 'scroll' }, rankingTable(ctx, ranking)),
    groupsLegend(ranking),
    barChart(ctx, ranking),
    ranking.items.length ? exportLinks(`${ctx.base}/ranking`) : null,
    h('div', { class: 'actions no-print' },
      canPublish ? publishControl(ctx) : null,
      button(t('ranking.print'), { class: 'secondary', onclick: () => window.print() })));
}
