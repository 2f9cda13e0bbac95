// #/proposals[?status=&year=]: the award proposals the caller's org made
// or reviews, filtered by status and year. A unit makes new ones; the
// authority ticks submitted or under-review proposals of one award type
// and puts them to its emulation council's secret ballot.
import { api, apiAll, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { button, exportLinks, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  PROPOSAL_STATUSES, awardTypeIndex, canPropose, canReadProposals, hashQuery, isAdmin, isAuthority,
  nomineeKey, nomineeNames, orgNamesOf, proposalBadge, sectionNav, typeName,
} from './awards.js';

const COUNCIL_READY = ['submitted', 'under_review'];

// The proposals a user may put before the council: submitted or under
// review, reviewed by its authority (not made by its own org).
function councilSelectable(user, p) {
  if (!COUNCIL_READY.includes(p.status)) return false;
  if (isAdmin(user)) return true;
  return p.proposer_org_id !== user.org_id;
}

function filters(app, q) {
  const status = h('select', { id: 'filter-status' },
    h('option', { value: '' }, t('proposals.all_statuses')),
    PROPOSAL_STATUSES.map((s) => h('option', { value: s, selected: q.get('status') === s }, t(`proposal.status.${s}`))));
  const year = h('input', {
    id: 'filter-year', type: 'number', min: 2000, max: 2100, inputmode: 'numeric', value: q.get('year') || '',
    placeholder: t('proposals.any_year'),
  });
  const apply = () => {
    const next = new URLSearchParams();
    if (status.value) next.set('status', status.value);
    if (year.value) next.set('year', year.value);
    const s = next.toString();
    app.go(`#/proposals${s ? `?${s}` : ''}`);
  };
  status.addEventListener('change', apply);
  year.addEventListener('change', apply);
  return h('div', { class: 'pickers filters', role: 'search', 'aria-label': t('proposals.filters') },
    h('label', { for: 'filter-status' }, t('proposals.status')), status,
    h('label', { for: 'filter-year' }, t('proposals.year')), year);
}

export async function renderProposals(page, app) {
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery();
  const nav = sectionNav(app.user, '#/proposals');
  if (!canReadProposals(app.user)) {
    mount(page, nav, h('h1', {}, t('proposals.title')), forbidden());
    return;
  }
  const query = new URLSearchParams();
  if (PROPOSAL_STATUSES.includes(q.get('status'))) query.set('status', q.get('status'));
  if (/^\d{4}$/.test(q.get('year') || '')) query.set('year', q.get('year'));
  let list;
  try {
    list = await apiAll(`/proposals${query.toString() ? `?${query}` : ''}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      mount(page, nav, h('h1', {}, t('proposals.title')), forbidden());
      return;
    }
    throw err;
  }
  const items = list.items;
  const [types, names, proposers] = await Promise.all([
    awardTypeIndex(), nomineeNames(items), orgNamesOf(items.map((p) => p.proposer_org_id)),
  ]);
  const authority = isAuthority(app.user);
  const boxes = new Map();
  const rows = items.map((p) => {
    let pick = null;
    if (authority && councilSelectable(app.user, p)) {
      const box = h('input', {
        type: 'checkbox', id: `pick-${p.id}`, value: p.id,
        'aria-label': t('proposals.pick', { name: names.get(nomineeKey(p)), type: typeName(types, p.award_type) }),
      });
      boxes.set(p.id, { box, p });
      pick = box;
    }
    return h('tr', { 'data-id': p.id },
      authority ? h('td', { class: 'pick' }, pick) : null,
      h('td', { 'data-label': t('proposals.nominee') },
        h('a', { href: `#/proposals/${p.id}`, class: 'proposal-link' }, names.get(nomineeKey(p))),
        h('div', { class: 'muted small' }, proposers.get(p.proposer_org_id))),
      h('td', { 'data-label': t('proposals.award_type') }, typeName(types, p.award_type)),
      h('td', { 'data-label': t('proposals.year'), class: 'num' }, p.year),
      h('td', { 'data-label': t('proposals.status') }, proposalBadge(p.status)));
  });
  const table = items.length === 0
    ? h('p', { class: 'empty' }, t('proposals.none'))
    : h('div', { class: 'scroll' }, h('table', { class: 'data proposals stack', id: 'proposals' },
      h('thead', {}, h('tr', {},
        authority ? h('th', { scope: 'col', class: 'pick' }, h('span', { class: 'sr-only' }, t('proposals.pick_col'))) : null,
        h('th', { scope: 'col' }, t('proposals.nominee')),
        h('th', { scope: 'col' }, t('proposals.award_type')),
        h('th', { scope: 'col', class: 'num' }, t('proposals.year')),
        h('th', { scope: 'col' }, t('proposals.status')))),
      h('tbody', {}, rows)));

  const tools = [];
  if (canPropose(app.user)) tools.push(h('a', { href: '#/proposals/new', class: 'button', id: 'new-proposal' }, t('proposals.new')));
  if (authority) tools.push(h('a', { href: '#/decisions/new', class: 'button secondary-link', id: 'new-decision' }, t('decisions.new')));

  mount(page,
    nav,
    h('h1', {}, t('proposals.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t(authority ? 'proposals.intro_authority' : 'proposals.intro')),
    tools.length ? h('div', { class: 'actions' }, tools) : null,
    filters(app, q),
    table,
    h('p', { class: 'muted' }, t('proposals.total', { n: formatNumber(list.total) })),
    items.length ? exportLinks('/proposals', query) : null,
    boxes.size ? councilPanel(app, boxes, types, names) : null);
}

// Tick proposals of one award type and put them to the council's vote.
function councilPanel(app, boxes, types, names) {
  const status = statusArea();
  const go = button(t('council.create'), { id: 'council-create' });
  const question = h('input', { id: 'council-question', maxlength: 300, autocomplete: 'off' });
  const count = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const update = () => {
    const n = [...boxes.values()].filter((x) => x.box.checked).length;
    count.textContent = t('council.picked', { n: formatNumber(n) });
  };
  for (const { box } of boxes.values()) box.addEventListener('change', update);
  update();
  onAction(go, status, async () => {
    const picked = [...boxes.values()].filter((x) => x.box.checked).map((x) => x.p);
    if (picked.length === 0) throw new InputError(t('council.pick_some'));
    const kinds = new Set(picked.map((p) => `${p.award_type}/${p.year}`));
    if (kinds.size > 1) throw new InputError(t('council.one_type'));
    const body = { proposal_ids: picked.map((p) => p.id) };
    if (question.value.trim()) body.question = question.value.trim();
    const made = await api('POST', '/council-ballots', body);
    app.go(`#/ballots/${made.ballot_id}`, t('council.created', {
      n: formatNumber(picked.length), type: typeName(types, picked[0].award_type),
      names: picked.map((p) => names.get(nomineeKey(p))).join('; '),
    }));
  });
  return h('section', { class: 'card council-panel no-print', 'aria-labelledby': 'council-title' },
    h('h2', { id: 'council-title' }, t('council.title')),
    h('p', { class: 'muted' }, t('council.hint')),
    count,
    h('div', { class: 'field' },
      h('label', { for: 'council-question' }, t('council.question')), question,
      h('p', { class: 'muted small' }, t('council.question_hint'))),
    h('div', { class: 'actions' }, go),
    status);
}

// What a role that never sees proposals gets instead of an error.
export function forbidden() {
  return h('div', { class: 'card' },
    h('p', { class: 'error', role: 'alert', id: 'proposals-forbidden' }, t('proposals.forbidden')),
    h('p', {}, t('proposals.forbidden_more'), ' ',
      h('a', { href: '#/decisions' }, t('awards.tab.decisions')), ' · ',
      h('a', { href: '#/rule-sets' }, t('awards.tab.rules')), ' · ',
      h('a', { href: '#/eligibility' }, t('awards.tab.eligibility'))));
}
