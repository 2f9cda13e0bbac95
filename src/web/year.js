// One cluster year (#/clusters/3/years/2026/agreement): its status as a
// stepper with the moves the caller may make, and a tab per part of the
// year's work (agreement, scoring table, scores, ranking, ballots, handover).
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, formatDate, todayInVietnam } from './i18n.js';
import { orgNames } from './orgs.js';
import { button, confirmBox, errorBox, noticeBox, onAction, sendForcing, statusArea } from './ui.js';
import { membersTable } from './clusters.js';
import { renderAgreement } from './agreement.js';
import { renderCriteria } from './criteria.js';
import { renderScoring } from './scoring.js';
import { renderRanking } from './ranking.js';
import { renderHandover } from './handover.js';
import { renderYearBallots } from './ballots.js';

const STATUSES = ['planning', 'agreement_signed', 'in_progress', 'self_assessment',
  'cross_assessment', 'results_published', 'closed'];

// The move out of a status that a person makes (planning ends by itself
// when the last member signs; publishing happens on the ranking tab).
const NEXT = {
  agreement_signed: { to: 'in_progress', owners: ['leader', 'authority'] },
  in_progress: { to: 'self_assessment', owners: ['leader', 'authority'], deadline: true },
  self_assessment: { to: 'cross_assessment', owners: ['leader', 'authority'], deadline: true },
  results_published: { to: 'closed', owners: ['authority'], confirm: true },
};

const TABS = [
  { id: 'overview', render: renderOverview, shown: () => true },
  { id: 'agreement', render: renderAgreement, shown: () => true },
  { id: 'criteria', render: renderCriteria, shown: () => true },
  { id: 'scoring', render: renderScoring, shown: (c) => (c.member || c.leads) && c.atLeast('self_assessment') },
  { id: 'ranking', render: renderRanking, shown: (c) => c.atLeast('results_published') || (c.leads && c.atLeast('self_assessment')) },
  { id: 'ballots', render: renderYearBallots, shown: () => true },
  { id: 'handover', render: renderHandover, shown: (c) => c.atLeast('results_published') },
];

// The tab a year opens on: the one its current stage is about.
function defaultTab(ctx, tabs) {
  const wanted = ctx.atLeast('results_published') ? 'ranking'
    : ctx.atLeast('self_assessment') ? 'scoring' : 'agreement';
  return tabs.find((tab) => tab.id === wanted) || tabs[0];
}

// What the tabs share: the year, the caller's powers in it, unit names.
function yearContext(cluster, year, user, names, refresh, go) {
  const powers = new Set(year.your_powers);
  const at = STATUSES.indexOf(year.status);
  return {
    cluster, year, user, names, refresh, go,
    base: `/clusters/${cluster.id}/years/${year.year}`,
    href: (tab) => `#/clusters/${cluster.id}/years/${year.year}/${tab}`,
    authority: powers.has('authority'),
    leader: powers.has('leader'),
    member: powers.has('member'),
    leads: powers.has('leader') || powers.has('authority'),
    powers,
    atLeast: (status) => at >= STATUSES.indexOf(status),
    name: (id) => names.get(id) || `#${id}`,
  };
}

function stepper(status) {
  const at = STATUSES.indexOf(status);
  return h('ol', { class: 'stepper', 'aria-label': t('year.stages') },
    STATUSES.map((s, i) => h('li', {
      class: i < at ? 'done' : i === at ? 'current' : 'todo',
      'aria-current': i === at ? 'step' : null,
    }, h('span', { class: 'step-no' }, String(i + 1)), h('span', { class: 'step-label' }, t(`status.${s}`)))));
}

function scoringOpen(ctx) {
  return ctx.year.status === 'self_assessment' || ctx.year.status === 'cross_assessment';
}

function moveControl(ctx, next) {
  const status = statusArea();
  const deadline = next.deadline
    ? h('input', { type: 'date', id: 'move-deadline', min: todayInVietnam() })
    : null;
  const go = button(t(`year.move.${next.to}`), { id: 'move-status' });
  const send = async (force) => {
    const body = { status: next.to };
    if (deadline && deadline.value) body.deadline = deadline.value;
    if (force) body.force = true;
    await api('POST', `${ctx.base}/status`, body);
    ctx.refresh(t('year.moved', { status: t(`status.${next.to}`) }));
  };
  onAction(go, status, async () => {
    if (next.confirm) mount(status, confirmBox(t(`year.confirm.${next.to}`), t(`year.move.${next.to}`), () => send(false)));
    else await sendForcing(status, send);
  });
  return h('div', { class: 'move' },
    deadline ? h('label', { for: 'move-deadline' }, t(`year.deadline_for.${next.to}`)) : null, deadline,
    go, status);
}

function deadlineControl(ctx) {
  const status = statusArea();
  const date = h('input', { type: 'date', id: 'change-deadline', min: todayInVietnam(), required: true });
  const save = button(t('year.deadline_save'), { class: 'secondary' });
  onAction(save, status, async () => {
    await api('PUT', `${ctx.base}/deadline`, { deadline: date.value });
    ctx.refresh(t('year.deadline_saved', { date: formatDate(date.value) }));
  });
  return h('div', { class: 'move' }, h('label', { for: 'change-deadline' }, t('year.deadline_change')), date, save, status);
}

function statusPanel(ctx) {
  const { year } = ctx;
  const next = NEXT[year.status];
  return h('section', { class: 'card status-panel' },
    stepper(year.status),
    scoringOpen(ctx)
      ? h('p', {}, h('strong', {}, `${t('year.deadline')}: `), year.deadline ? formatDate(year.deadline) : t('year.no_deadline'))
      : null,
    year.status === 'planning' ? h('p', { class: 'muted' }, t('year.planning_hint')) : null,
    next && next.owners.some((p) => ctx.powers.has(p)) ? moveControl(ctx, next) : null,
    year.status === 'cross_assessment' && ctx.leads
      ? h('p', {}, h('a', { href: ctx.href('ranking'), class: 'button' }, t('year.go_publish')))
      : null,
    scoringOpen(ctx) && ctx.leads ? deadlineControl(ctx) : null,
    ctx.atLeast('results_published')
      ? h('p', { class: 'no-print' }, h('a', {
        class: 'button secondary', id: 'minutes-pdf', download: '', href: `/api/v1${ctx.base}/minutes.pdf`,
      }, t('year.minutes_pdf')))
      : null);
}

function tabNav(ctx, tabs, current) {
  return h('nav', { class: 'tabs', 'aria-label': t('year.sections') },
    tabs.map((tab) => h('a', { href: ctx.href(tab.id), 'aria-current': tab === current ? 'page' : null },
      t(`tab.${tab.id}`))));
}

function yourPart(ctx) {
  const parts = [];
  if (ctx.authority) parts.push(t('year.as_authority'));
  if (ctx.leader) parts.push(t('year.as_leader'));
  if (ctx.member) parts.push(t('year.as_member', { unit: ctx.name(ctx.user.org_id) }));
  return h('p', {}, parts.length ? t('year.your_part', { parts: parts.join('; ') }) : t('year.read_only'));
}

async function renderOverview(panel, ctx) {
  mount(panel, h('h2', {}, t('tab.overview')), yourPart(ctx), membersTable(ctx.year, ctx.names));
}

export async function renderYear(main, { user, clusterId, year: yearNo, tab: tabId, notice, refresh, go }) {
  mount(main, h('p', {}, t('loading')));
  const [cluster, year] = await Promise.all([
    api('GET', `/clusters/${clusterId}`),
    api('GET', `/clusters/${clusterId}/years/${yearNo}`),
  ]);
  const names = await orgNames([cluster.authority_id, ...year.members]);
  const ctx = yearContext(cluster, year, user, names, refresh, go);
  const tabs = TABS.filter((tab) => tab.shown(ctx));
  const tab = tabs.find((x) => x.id === tabId) || defaultTab(ctx, tabs);
  const panel = h('section', { class: 'card tab-panel', id: `tab-${tab.id}` }, h('p', {}, t('loading')));
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: `#/clusters/${cluster.id}` }, cluster.name)),
    h('h1', {}, t('year.title', { year: year.year })),
    h('p', { class: 'muted' }, `${t('clusters.authority')}: ${ctx.name(cluster.authority_id)}`),
    statusPanel(ctx),
    notice ? noticeBox(notice) : null,
    tabNav(ctx, tabs, tab),
    panel);
  try {
    await tab.render(panel, ctx);
  } catch (err) {
    if (err.status === 401) throw err;
    mount(panel, errorBox(err));
  }
}
