// Secret ballots, a cluster conference's or an authority's emulation
// council's: the words every ballot page shares (kind, rules, status, where
// it belongs), the list of ballots with the managers' open / close / delete
// actions, the cluster year's ballots tab and the "my ballots" page.
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { orgNames } from './orgs.js';
import { button, confirmBox, noticeBox, onAction, statusArea } from './ui.js';
import { ballotForm } from './ballot_form.js';

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 2 });

// A threshold or quorum (0–1) as people say it: "2/3", "80%".
export function shareText(x) {
  if (Math.abs(x - 2 / 3) < 0.0005) return '2/3';
  return percent.format(x);
}

export function kindText(b) {
  return t(`ballot.kind.${b.kind}`, { n: formatNumber(b.max_choices) });
}

export function seatsText(b) {
  return b.seats ? t('ballot.seats_n', { n: formatNumber(b.seats) }) : t('ballot.seats_any');
}

// "At least 2/3 of the eligible voters", and the quorum.
export function thresholdText(b) {
  return t('ballot.threshold_rule', { share: shareText(b.threshold), base: t(`ballot.base.${b.threshold_base}`) });
}

export function quorumText(b) {
  return b.quorum > 0 ? t('ballot.quorum_rule', { share: shareText(b.quorum) }) : t('ballot.no_quorum');
}

// Marks a candidate with priority at a tie (a woman, or a collective of
// at least 70 % women).
export function priorityTag(c) {
  return c.priority ? h('span', { class: 'tag priority', title: t('ballot.priority_hint') }, t('ballot.priority')) : null;
}

export function statusBadge(status) {
  return h('span', { class: `badge ballot-${status}` }, t(`ballot.status.${status}`));
}

const clusterNames = new Map(); // cluster id → Promise of its name

function clusterName(id) {
  if (!clusterNames.has(id)) {
    clusterNames.set(id, api('GET', `/clusters/${id}`).then((c) => c.name, (err) => {
      clusterNames.delete(id);
      if (err.status === 404 || err.status === 403) return `#${id}`;
      throw err;
    }));
  }
  return clusterNames.get(id);
}

// The names of the clusters and authorities the ballots belong to.
export async function scopeNames(ballots) {
  const names = new Map();
  const clusters = [...new Set(ballots.filter((b) => b.cluster_id).map((b) => b.cluster_id))];
  const [clusterList, orgs] = await Promise.all([
    Promise.all(clusters.map(clusterName)),
    orgNames(ballots.filter((b) => !b.cluster_id).map((b) => b.authority_id)),
  ]);
  clusters.forEach((id, i) => names.set(`c${id}`, clusterList[i]));
  for (const [id, name] of orgs) names.set(`a${id}`, name);
  return names;
}

// "Cluster no. 1, 2026" or "the emulation council of …, 2026".
export function scopeText(b, names) {
  return b.cluster_id
    ? t('ballot.scope.cluster', { name: names.get(`c${b.cluster_id}`) || `#${b.cluster_id}`, year: b.year })
    : t('ballot.scope.council', { name: names.get(`a${b.authority_id}`) || `#${b.authority_id}`, year: b.year });
}

// Where the ballot's list lives: the cluster year's tab, or "my ballots".
export function homeOf(b) {
  return b.cluster_id ? `#/clusters/${b.cluster_id}/years/${b.year}/ballots` : '#/ballots';
}

export function canVoteNow(b) {
  return b.status === 'open' && !!b.your_vote && !b.your_vote.voted;
}

export function participationText(b) {
  return t('ballot.voted_of', { voted: formatNumber(b.voted), eligible: formatNumber(b.eligible) });
}

// Where the caller's vote stands, in words, once it cannot vote (a member
// unit votes once, whichever of its officers or delegates casts it).
export function yourVoteText(b) {
  const who = b.voter_kind === 'units' ? 'unit' : 'you';
  if (b.your_vote.voted) return t(`ballot.${who}_voted.${b.your_vote.how || 'online'}`);
  return t(b.status === 'draft' ? `ballot.${who}_may_vote_later` : `ballot.${who}_did_not_vote`);
}

// What the caller's own part in the ballot is, in a line (null: none).
function yourVote(b) {
  const v = b.your_vote;
  if (!v) return null;
  if (v.voted) return h('p', { class: 'voted' }, yourVoteText(b));
  if (b.status === 'open') {
    return h('p', {}, h('a', { href: `#/ballots/${b.id}`, class: 'button vote-link', 'aria-describedby': `ballot-q-${b.id}` }, t('ballot.vote_now')));
  }
  return h('p', { class: 'muted' }, yourVoteText(b));
}

// Open, close or delete (a draft): each asks first. done(notice, what)
// follows a change; what is 'open', 'closed' or 'deleted'. In a list the
// buttons are quieter (secondary) beside the voter's own.
export function managerActions(b, done, quiet = false) {
  if (!b.your_powers.includes('manage') || b.status === 'closed') return null;
  const status = statusArea();
  const described = { 'aria-describedby': `ballot-q-${b.id}` };
  const ask = (label, attrs, question, detail, send) => {
    const go = button(label, { ...described, ...attrs });
    onAction(go, status, async () => {
      mount(status, confirmBox(question, label, send, detail));
    });
    return go;
  };
  const buttons = [];
  if (b.status === 'draft') {
    buttons.push(ask(t('ballot.open'), { class: quiet ? 'secondary open-ballot' : 'open-ballot' }, t('ballot.open_confirm'), t('ballot.open_detail'), async () => {
      await api('POST', `/ballots/${b.id}/open`, {});
      done(t('ballot.opened'), 'open');
    }));
    buttons.push(ask(t('ballot.delete'), { class: 'secondary delete-ballot' }, t('ballot.delete_confirm'), null, async () => {
      await api('DELETE', `/ballots/${b.id}`);
      done(t('ballot.deleted'), 'deleted');
    }));
  } else {
    buttons.push(ask(t('ballot.close'), { class: quiet ? 'secondary close-ballot' : 'close-ballot' }, t('ballot.close_confirm'),
      t('ballot.close_detail', { voted: formatNumber(b.voted), eligible: formatNumber(b.eligible) }), async () => {
        await api('POST', `/ballots/${b.id}/close`, {});
        done(t('ballot.closed_now'), 'closed');
      }));
  }
  return h('div', { class: 'actions ballot-actions' }, buttons, status);
}

// Open ballots the caller may still vote in first, then open, draft and
// closed ones, newest first within each.
export function sortBallots(ballots) {
  const rank = (b) => (canVoteNow(b) ? 0 : { open: 1, draft: 2, closed: 3 }[b.status]);
  return [...ballots].sort((a, b) => rank(a) - rank(b) || b.id - a.id);
}

export function ballotList(ballots, { names, showScope, done, id }) {
  return h('ul', { class: 'ballot-list', id },
    ballots.map((b) => h('li', { class: `ballot-item ballot-item-${b.status}` },
      h('div', { class: 'ballot-head' },
        h('a', { href: `#/ballots/${b.id}`, id: `ballot-q-${b.id}`, class: 'ballot-question' }, b.question),
        statusBadge(b.status)),
      h('p', { class: 'muted small' },
        [showScope ? scopeText(b, names) : null, kindText(b), seatsText(b), thresholdText(b)].filter(Boolean).join(' · ')),
      b.status === 'draft' ? null : h('p', { class: 'small' }, participationText(b)),
      h('div', { class: 'ballot-foot' }, yourVote(b), managerActions(b, done, true)))));
}

// The cluster year's ballots tab: the year's ballots, and for the leader
// unit or the authority the form that makes one.
export async function renderYearBallots(panel, ctx) {
  const list = await apiAll(`/ballots?cluster_id=${ctx.cluster.id}&year=${ctx.year.year}`);
  const ballots = sortBallots(list.items);
  const canCreate = ctx.leads && ctx.year.status !== 'closed';
  const formSlot = h('div', {});
  const create = canCreate ? button(t('ballot_form.open'), { id: 'new-ballot' }) : null;
  if (create) {
    create.addEventListener('click', () => {
      create.hidden = true;
      const units = ctx.year.members.map((id) => ({ id, name: ctx.name(id) }));
      mount(formSlot, ballotForm({
        scope: { cluster_id: ctx.cluster.id, year: ctx.year.year },
        units,
        onCreated: (b) => ctx.go(`#/ballots/${b.id}`, t('ballot.created')),
        onCancel: () => { mount(formSlot); create.hidden = false; create.focus(); },
      }));
    });
  }
  mount(panel,
    h('h2', {}, t('ballots.year_title', { year: ctx.year.year })),
    h('p', { class: 'muted' }, t('ballots.year_hint')),
    create ? h('p', {}, create) : null,
    formSlot,
    ballots.length
      ? ballotList(ballots, { names: new Map(), showScope: false, done: (notice) => ctx.refresh(notice), id: 'year-ballots' })
      : h('p', { class: 'empty' }, t('ballots.none_year')));
}

function isAuthorityOfficer(user) {
  return user.roles.includes('authority_officer') && user.org_id;
}

// #/ballots: every ballot the caller may see, those waiting for its vote
// first; an authority officer makes its council's ballots here.
export async function renderMyBallots(page, app) {
  mount(page, h('p', {}, t('loading')));
  const list = await apiAll('/ballots');
  const ballots = sortBallots(list.items);
  const names = await scopeNames(ballots);
  const waiting = ballots.filter(canVoteNow);
  const others = ballots.filter((b) => !canVoteNow(b));
  const done = (notice) => app.refresh(notice);
  const formSlot = h('div', {});
  let create = null;
  if (isAuthorityOfficer(app.user)) {
    create = button(t('ballot_form.open_council'), { id: 'new-council-ballot' });
    create.addEventListener('click', () => {
      create.hidden = true;
      mount(formSlot, h('div', { class: 'card' }, ballotForm({
        scope: { authority_id: app.user.org_id },
        units: null,
        onCreated: (b) => app.go(`#/ballots/${b.id}`, t('ballot.created')),
        onCancel: () => { mount(formSlot); create.hidden = false; create.focus(); },
      })));
    });
  }
  const leaderHint = app.user.roles.includes('leader_officer') || app.user.roles.includes('authority_officer');
  mount(page,
    h('h1', {}, t('ballots.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t('ballots.intro'), ' ', h('a', { href: '#/receipt' }, t('ballots.check_link'))),
    leaderHint ? h('p', { class: 'muted' }, t('ballots.leader_hint')) : null,
    create ? h('p', {}, create) : null,
    formSlot,
    h('section', { class: 'card', 'aria-labelledby': 'waiting-title' },
      h('h2', { id: 'waiting-title' }, t('ballots.waiting', { n: formatNumber(waiting.length) })),
      waiting.length
        ? ballotList(waiting, { names, showScope: true, done, id: 'waiting-ballots' })
        : h('p', { class: 'empty' }, t('ballots.none_waiting'))),
    h('section', { class: 'card', 'aria-labelledby': 'other-title' },
      h('h2', { id: 'other-title' }, t('ballots.others')),
      others.length
        ? ballotList(others, { names, showScope: true, done, id: 'other-ballots' })
        : h('p', { class: 'empty' }, t('ballots.none'))));
}
