// Award decisions: the list (#/decisions), one decision with the awards
// it conferred (#/decisions/3, printable), and the authority's form that
// issues one for approved proposals (#/decisions/new?proposals=7,8).
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatDate, formatNumber, formatTimestamp, todayInVietnam } from './i18n.js';
import { button, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  awardTypeIndex, conferredAbove, hashQuery, isAdmin, isAuthority, nomineeKey, nomineeNames, orgNamesOf, recipientLink,
  sectionNav, typeName,
} from './awards.js';

export async function renderDecisions(page, app) {
  mount(page, h('p', {}, t('loading')));
  const list = await apiAll('/decisions');
  const items = [...list.items].sort((a, b) => (b.date < a.date ? -1 : b.date > a.date ? 1 : b.id - a.id));
  const names = await orgNamesOf(items.map((d) => d.authority_id));
  const table = items.length === 0
    ? h('p', { class: 'empty' }, t('decisions.none'))
    : h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'decisions' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('decision.number')),
        h('th', { scope: 'col' }, t('decision.date')),
        h('th', { scope: 'col' }, t('decision.authority')),
        h('th', { scope: 'col' }, t('decision.signer')))),
      h('tbody', {}, items.map((d) => h('tr', {},
        h('td', { 'data-label': t('decision.number') }, h('a', { href: `#/decisions/${d.id}` }, d.number)),
        h('td', { 'data-label': t('decision.date') }, formatDate(d.date)),
        h('td', { 'data-label': t('decision.authority') }, names.get(d.authority_id)),
        h('td', { 'data-label': t('decision.signer') }, d.signer))))));
  mount(page,
    sectionNav(app.user, '#/decisions'),
    h('h1', {}, t('decisions.title')),
    app.notice ? noticeBox(app.notice) : null,
    isAuthority(app.user)
      ? h('div', { class: 'actions' }, h('a', { href: '#/decisions/new', class: 'button', id: 'new-decision' }, t('decisions.new')))
      : null,
    table,
    h('p', { class: 'muted' }, t('decisions.total', { n: formatNumber(list.total) })));
}

export async function renderDecision(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const d = await api('GET', `/decisions/${id}`);
  const [types, names, orgs] = await Promise.all([
    awardTypeIndex(), nomineeNames(d.awards), orgNamesOf([d.authority_id]),
  ]);
  const awards = [...d.awards].sort((a, b) => compareVi(typeName(types, a.award_type), typeName(types, b.award_type))
    || compareVi(names.get(nomineeKey(a)), names.get(nomineeKey(b))));
  mount(page,
    sectionNav(app.user, '#/decisions'),
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/decisions' }, t('decision.back'))),
    h('h1', {}, t('decision.title', { number: d.number })),
    app.notice ? noticeBox(app.notice) : null,
    h('section', { class: 'card' },
      h('dl', { class: 'rules decision-facts' },
        h('dt', {}, t('decision.authority')), h('dd', {}, orgs.get(d.authority_id)),
        h('dt', {}, t('decision.number')), h('dd', {}, d.number),
        h('dt', {}, t('decision.date')), h('dd', { id: 'decision-date' }, formatDate(d.date)),
        h('dt', {}, t('decision.signer')), h('dd', {}, d.signer),
        h('dt', {}, t('decision.recorded')), h('dd', {}, formatTimestamp(d.created_at)))),
    h('section', { class: 'card', 'aria-labelledby': 'decision-awards-title' },
      h('h2', { id: 'decision-awards-title' }, t('decision.awards', { n: formatNumber(d.awards.length) })),
      awards.length === 0
        ? h('p', { class: 'empty' }, t('decision.no_awards'))
        : h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'decision-awards' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('award.recipient')),
            h('th', { scope: 'col' }, t('award.type')),
            h('th', { scope: 'col', class: 'num' }, t('award.year')),
            h('th', { scope: 'col' }, t('award.proposal')))),
          h('tbody', {}, awards.map((a) => h('tr', {},
            h('td', { 'data-label': t('award.recipient') }, recipientLink(a, names)),
            h('td', { 'data-label': t('award.type') }, typeName(types, a.award_type)),
            h('td', { 'data-label': t('award.year'), class: 'num' }, a.year),
            h('td', { 'data-label': t('award.proposal') },
              a.proposal_id ? h('a', { href: `#/proposals/${a.proposal_id}` }, t('award.proposal_n', { id: a.proposal_id })) : ''))))))));
}

// The authorities an admin may decide for; an officer decides for its own.
async function authorityChoices(user) {
  if (!isAdmin(user)) return (await orgNamesOf([user.org_id]));
  const list = await apiAll('/orgs?kind=authority');
  return new Map(list.items.sort((a, b) => compareVi(a.name, b.name)).map((o) => [o.id, o.name]));
}

export async function renderDecisionForm(page, app) {
  mount(page, h('p', {}, t('loading')));
  const nav = sectionNav(app.user, '#/decisions');
  if (!isAuthority(app.user)) {
    mount(page, nav, h('h1', {}, t('decision_form.title')),
      h('p', { class: 'error', role: 'alert' }, t('decision_form.not_authority')));
    return;
  }
  const wanted = new Set((hashQuery().get('proposals') || '').split(',').filter(Boolean).map(Number));
  const [types, authorities] = await Promise.all([awardTypeIndex(), authorityChoices(app.user)]);
  const authority = h('select', { id: 'decision-authority', disabled: authorities.size < 2 },
    [...authorities].map(([id, name]) => h('option', { value: id }, name)));
  const number = h('input', { id: 'decision-number', maxlength: 60, autocomplete: 'off', placeholder: t('decision_form.number_example') });
  const date = h('input', { id: 'decision-date', type: 'date', max: todayInVietnam(), value: todayInVietnam(), required: true });
  const signer = h('input', { id: 'decision-signer', maxlength: 200, autocomplete: 'off' });
  const picks = h('div', { id: 'decision-proposals', 'aria-live': 'polite' });
  let boxes = [];

  async function loadApproved() {
    mount(picks, h('p', { class: 'muted' }, t('loading')));
    const list = await apiAll(`/proposals?status=approved&authority_id=${authority.value}`);
    const waiting = list.items.filter((p) => !p.decision_id);
    const open = waiting.filter((p) => !conferredAbove(types, p.award_type));
    const above = waiting.filter((p) => conferredAbove(types, p.award_type));
    const names = await nomineeNames(waiting);
    open.sort((a, b) => compareVi(typeName(types, a.award_type), typeName(types, b.award_type))
      || compareVi(names.get(nomineeKey(a)), names.get(nomineeKey(b))));
    boxes = open.map((p) => ({ p, box: h('input', { type: 'checkbox', id: `decide-${p.id}`, value: p.id, checked: wanted.has(p.id) }) }));
    const upward = above.length === 0 ? null : h('div', { class: 'warning', id: 'conferred-above' },
      h('p', {}, t('decision_form.above', { n: formatNumber(above.length) })),
      h('ul', {}, above.map((p) => h('li', {}, h('a', { href: `#/proposals/${p.id}` }, t('decision_form.proposal_label', {
        name: names.get(nomineeKey(p)), type: typeName(types, p.award_type), year: p.year,
      }))))));
    mount(picks, upward, open.length === 0
      ? h('p', { class: 'empty' }, t('decision_form.none_approved'))
      : h('fieldset', {},
        h('legend', {}, t('decision_form.proposals')),
        boxes.map(({ p, box }) => h('div', { class: 'choice' }, box, ' ',
          h('label', { for: box.id }, t('decision_form.proposal_label', {
            name: names.get(nomineeKey(p)), type: typeName(types, p.award_type), year: p.year,
          })), ' ', h('a', { href: `#/proposals/${p.id}`, class: 'small' }, t('decision_form.see'))))));
  }
  authority.addEventListener('change', loadApproved);

  const status = statusArea();
  const save = button(t('decision_form.submit'), { id: 'decision-submit' });
  onAction(save, status, async () => {
    const chosen = boxes.filter((x) => x.box.checked).map((x) => x.p.id);
    if (!number.value.trim()) throw new InputError(t('decision_form.number_required'));
    if (!date.value) throw new InputError(t('decision_form.date_required'));
    if (date.value > todayInVietnam()) throw new InputError(t('decision_form.date_future'));
    if (!signer.value.trim()) throw new InputError(t('decision_form.signer_required'));
    if (chosen.length === 0) throw new InputError(t('decision_form.proposals_required'));
    const d = await api('POST', '/decisions', {
      authority_id: Number(authority.value), number: number.value.trim(), date: date.value,
      signer: signer.value.trim(), proposal_ids: chosen,
    });
    app.go(`#/decisions/${d.id}`, t('decision_form.done', { n: formatNumber(d.awards.length) }));
  });
  await loadApproved();
  mount(page,
    nav,
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/decisions' }, t('decision.back'))),
    h('h1', {}, t('decision_form.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('section', { class: 'card editor decision-form' },
      h('p', { class: 'muted' }, t('decision_form.hint')),
      h('div', { class: 'field' }, h('label', { for: 'decision-authority' }, t('decision.authority')), authority),
      h('div', { class: 'field' }, h('label', { for: 'decision-number' }, t('decision.number')), number),
      h('div', { class: 'field' }, h('label', { for: 'decision-date' }, t('decision.date')), date,
        h('p', { class: 'muted small' }, t('decision_form.date_hint'))),
      h('div', { class: 'field' }, h('label', { for: 'decision-signer' }, t('decision.signer')), signer),
      picks,
      h('div', { class: 'actions' }, save),
      status));
}
