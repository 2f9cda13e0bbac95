// Award history: a person's (#/people/12/awards) and an organization's
// (#/orgs/4/awards) — what decisions made here conferred and what was
// conferred on paper before go-live — with the evidence eligibility is
// judged on (task ratings, initiatives, holds), and for the authority a
// form that records a paper award. #/awards finds a person or an org and
// lists the latest awards.
import { api, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatDate, formatNumber } from './i18n.js';
import { button, exportLinks, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  awardTypeIndex, canReadPeople, fitsSubject, isAuthority, nomineeNames, orgOf, recipientLink, sectionNav, thisYear,
  typeName,
} from './awards.js';
import { subjectPicker } from './eligibility.js';

// Numbers of the decisions awards point to, fetched once each.
async function decisionNumbers(awards) {
  const ids = [...new Set(awards.map((a) => a.decision_id).filter(Boolean))];
  const found = await Promise.all(ids.map((id) => api('GET', `/decisions/${id}`).catch(() => null)));
  return new Map(ids.map((id, i) => [id, found[i]]));
}

function decisionCell(a, decisions) {
  if (a.decision_id) {
    const d = decisions.get(a.decision_id);
    return [h('a', { href: `#/decisions/${a.decision_id}` },
      d ? t('decision.number_date', { number: d.number, date: formatDate(d.date) }) : t('award.decision_n', { id: a.decision_id })),
    ' ', h('a', { class: 'certificate-pdf no-print', download: '', href: `/api/v1/awards/${a.id}/certificate.pdf` }, t('award.certificate_pdf'))];
  }
  return [a.decision_ref || '', ' ', h('span', { class: 'tag' }, t('award.paper'))];
}

function awardsTable(awards, types, decisions, { withRecipient = null } = {}) {
  if (awards.length === 0) return h('p', { class: 'empty' }, t('history.none'));
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'awards' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('award.year')),
      withRecipient ? h('th', { scope: 'col' }, t('award.recipient')) : null,
      h('th', { scope: 'col' }, t('award.type')),
      h('th', { scope: 'col' }, t('award.decision')))),
    h('tbody', {}, awards.map((a) => h('tr', {},
      h('td', { 'data-label': t('award.year') }, a.year),
      withRecipient ? h('td', { 'data-label': t('award.recipient') }, recipientLink(a, withRecipient)) : null,
      h('td', { 'data-label': t('award.type') }, typeName(types, a.award_type)),
      h('td', { 'data-label': t('award.decision') }, decisionCell(a, decisions)))))));
}

// A list of evidence, or null when the caller may not see it (403).
async function readable(path) {
  try {
    return (await api('GET', `${path}&limit=100`)).items;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

function smallTable(id, heads, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id },
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h('td', { 'data-label': heads[i] }, c)))))));
}

// Ratings, initiatives and holds of a person (or ratings and holds of an org).
async function evidenceSection(subject) {
  const key = subject.person ? `person_id=${subject.person}` : `org_id=${subject.org}`;
  const [ratings, initiatives, holds] = await Promise.all([
    readable(`/ratings?${key}`),
    subject.person ? readable(`/initiatives?${key}`) : null,
    readable(`/holds?${key}`),
  ]);
  if (!ratings && !initiatives && !holds) return null;
  const parts = [];
  if (ratings) {
    parts.push(h('h3', {}, t('evidence.ratings')),
      smallTable('ratings', [t('award.year'), t('evidence.rating')],
        ratings.map((r) => [String(r.year), t(`task_rating.${r.rating}`)]), t('evidence.no_ratings')));
  }
  if (initiatives) {
    parts.push(h('h3', {}, t('evidence.initiatives')),
      smallTable('initiatives', [t('award.year'), t('evidence.title_col'), t('evidence.level'), t('evidence.used_by')],
        initiatives.map((i) => [String(i.year), i.title, t(`award_level.${i.level}`),
          i.used_by ? h('a', { href: `#/proposals/${i.used_by}` }, t('award.proposal_n', { id: i.used_by })) : t('evidence.unused')]),
        t('evidence.no_initiatives')));
  }
  if (holds) {
    parts.push(h('h3', {}, t('evidence.holds')),
      smallTable('holds', [t('evidence.kind'), t('evidence.from'), t('evidence.until'), t('evidence.note')],
        holds.map((x) => [t(`hold_kind.${x.kind}`), formatDate(x.started_on),
          x.ended_on ? formatDate(x.ended_on) : h('strong', { class: 'met-no' }, t('evidence.open')), x.note || '']),
        t('evidence.no_holds')));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'evidence-title', id: 'evidence' },
    h('h2', { id: 'evidence-title' }, t('evidence.title')),
    h('p', { class: 'muted small' }, t('evidence.hint')),
    parts);
}

// The authority records an award conferred on paper (history before go-live).
function recordForm(subject, types, app) {
  const year = h('input', { id: 'record-year', type: 'number', min: 1945, max: 2100, value: thisYear(), inputmode: 'numeric' });
  const fitting = [...types.values()].filter((x) => fitsSubject(x, !!subject.person))
    .sort((a, b) => compareVi(a.name, b.name));
  const type = h('select', { id: 'record-type' },
    h('option', { value: '' }, t('proposal_form.pick_type')),
    fitting.map((x) => h('option', { value: x.code }, x.name)));
  const ref = h('input', { id: 'record-ref', maxlength: 200, autocomplete: 'off', placeholder: t('history.ref_example') });
  const status = statusArea();
  const save = button(t('history.record'), { id: 'record-save' });
  onAction(save, status, async () => {
    const y = Number(year.value);
    if (!Number.isInteger(y) || y < 1945 || y > 2100) throw new InputError(t('history.year_range'));
    if (!type.value) throw new InputError(t('proposal_form.type_required'));
    if (!ref.value.trim()) throw new InputError(t('history.ref_required'));
    const body = { award_type: type.value, year: y, decision_ref: ref.value.trim() };
    if (subject.person) body.person_id = subject.person; else body.org_id = subject.org;
    await api('POST', '/awards', body);
    app.refresh(t('history.recorded'));
  });
  return h('details', { class: 'card record-form no-print', id: 'record' },
    h('summary', {}, t('history.record_title')),
    h('div', { class: 'editor' },
      h('p', { class: 'muted' }, t('history.record_hint')),
      h('div', { class: 'field' }, h('label', { for: 'record-year' }, t('award.year')), year),
      h('div', { class: 'field' }, h('label', { for: 'record-type' }, t('award.type')), type),
      h('div', { class: 'field' }, h('label', { for: 'record-ref' }, t('history.ref')), ref),
      h('div', { class: 'actions' }, save),
      status));
}

export async function renderPersonAwards(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const person = await api('GET', `/people/${id}`);
  const [list, types, org] = await Promise.all([
    api('GET', `/people/${id}/awards?limit=500`), awardTypeIndex(), person.org_id ? orgOf(person.org_id) : null,
  ]);
  const [decisions, evidence] = await Promise.all([decisionNumbers(list.items), evidenceSection({ person: id })]);
  mount(page,
    sectionNav(app.user, '#/awards'),
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/awards' }, t('history.back'))),
    h('h1', {}, t('history.person_title', { name: person.full_name })),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' },
      [person.position, org ? h('a', { href: `#/orgs/${org.id}/awards` }, org.name) : null].filter(Boolean)
        .flatMap((x, i) => (i ? [', ', x] : [x]))),
    h('p', { class: 'no-print' }, h('a', { href: `#/eligibility?person=${id}`, id: 'check-eligibility' }, t('history.check'))),
    h('section', { class: 'card', 'aria-labelledby': 'awards-title' },
      h('h2', { id: 'awards-title' }, t('history.awards', { n: formatNumber(list.total) })),
      awardsTable(list.items, types, decisions),
      list.total ? exportLinks('/awards', new URLSearchParams({ person_id: id })) : null),
    evidence,
    isAuthority(app.user) ? recordForm({ person: id }, types, app) : null);
}

export async function renderOrgAwards(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const org = await api('GET', `/orgs/${id}`);
  const [list, types, parent] = await Promise.all([
    api('GET', `/orgs/${id}/awards?limit=500`), awardTypeIndex(), org.parent_id ? orgOf(org.parent_id) : null,
  ]);
  const [decisions, evidence] = await Promise.all([decisionNumbers(list.items), evidenceSection({ org: id })]);
  mount(page,
    sectionNav(app.user, '#/awards'),
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/awards' }, t('history.back'))),
    h('h1', {}, t('history.org_title', { name: org.name })),
    app.notice ? noticeBox(app.notice) : null,
    parent ? h('p', { class: 'muted' }, t('history.under', { name: parent.name })) : null,
    h('p', { class: 'no-print' }, h('a', { href: `#/eligibility?org=${id}`, id: 'check-eligibility' }, t('history.check'))),
    h('section', { class: 'card', 'aria-labelledby': 'awards-title' },
      h('h2', { id: 'awards-title' }, t('history.awards', { n: formatNumber(list.total) })),
      awardsTable(list.items, types, decisions),
      list.total ? exportLinks('/awards', new URLSearchParams({ org_id: id })) : null),
    evidence,
    isAuthority(app.user) ? recordForm({ org: id }, types, app) : null);
}

// #/awards: find whose history to read, and the latest awards seen.
export async function renderHistorySearch(page, app) {
  mount(page, h('p', {}, t('loading')));
  const [latest, types] = await Promise.all([api('GET', '/awards?limit=20'), awardTypeIndex()]);
  const [names, decisions] = await Promise.all([nomineeNames(latest.items), decisionNumbers(latest.items)]);
  const go = (kind) => (x) => app.go(kind === 'person' ? `#/people/${x.id}/awards` : `#/orgs/${x.id}/awards`);
  const finders = [];
  if (canReadPeople(app.user)) {
    const p = subjectPicker({ id: 'history-person', kind: 'person', onPick: go('person') });
    finders.push(h('div', { class: 'field' }, h('label', { for: 'history-person' }, t('history.find_person')), p.node, p.status, p.results));
  }
  const o = subjectPicker({ id: 'history-org', kind: 'org', onPick: go('org') });
  finders.push(h('div', { class: 'field' }, h('label', { for: 'history-org' }, t('history.find_org')), o.node, o.status, o.results));
  mount(page,
    sectionNav(app.user, '#/awards'),
    h('h1', {}, t('history.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('section', { class: 'card editor' }, h('p', { class: 'muted' }, t('history.intro')), finders),
    h('section', { class: 'card', 'aria-labelledby': 'latest-title' },
      h('h2', { id: 'latest-title' }, t('history.latest')),
      awardsTable(latest.items, types, decisions, { withRecipient: names })));
}
