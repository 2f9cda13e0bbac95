// #/proposals/new: making award proposals, as a draft to check before it
// is sent. A unit picks one of its people and an award type of the year,
// and sees the eligibility table live before saving; the leader unit of a
// cluster year makes, in one go, a proposal for each nominee a closed
// ballot of the cluster's conference passed.
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber } from './i18n.js';
import { button, errorBox, noticeBox, onAction, statusArea, InputError } from './ui.js';
import { awardTypeIndex, awardTypesOf, canPropose, fitsSubject, sectionNav, thisYear } from './awards.js';
import { eligibilityView } from './eligibility.js';

function yearInput(id, value) {
  return h('input', { id, type: 'number', min: 2000, max: 2100, value, inputmode: 'numeric', class: 'year-input' });
}

function checkYear(input) {
  const y = Number(input.value);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new InputError(t('proposal_form.year_range'));
  return y;
}

// A unit's proposal for one of its own people.
async function unitForm(app, types) {
  const people = (await apiAll(`/people?org_id=${app.user.org_id}`)).items
    .sort((a, b) => compareVi(a.full_name, b.full_name) || a.id - b.id);
  const year = yearInput('pf-year', thisYear());
  const person = h('select', { id: 'pf-person' },
    h('option', { value: '' }, t('proposal_form.pick_person')),
    people.map((p) => h('option', { value: p.id }, p.position ? `${p.full_name} — ${p.position}` : p.full_name)));
  const type = h('select', { id: 'pf-type' });
  const typeHint = h('p', { class: 'muted small', id: 'pf-type-hint' });
  const grounds = h('textarea', { id: 'pf-grounds', rows: 5, maxlength: 8000 });
  const live = h('div', { id: 'pf-eligibility', class: 'live-eligibility', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, t('proposal_form.eligibility_wait')));
  let yearSet = null;
  let asked = 0; // the latest question: an older answer arriving late is dropped

  async function loadTypes() {
    const wanted = type.value;
    yearSet = null;
    try {
      yearSet = await awardTypesOf(checkYear(year));
    } catch (err) {
      mount(type);
      mount(live, errorBox(err instanceof InputError ? err : new InputError(t('elig.no_rule_set', { year: year.value }))));
      return;
    }
    const fitting = yearSet.items.filter((x) => fitsSubject(x, true));
    mount(type, h('option', { value: '' }, t('proposal_form.pick_type')),
      fitting.map((x) => h('option', { value: x.code, selected: x.code === wanted }, x.name)));
  }

  function describeType() {
    const x = yearSet && yearSet.items.find((k) => k.code === type.value);
    typeHint.textContent = x ? t('proposal_form.type_hint', {
      level: t(`award_level.${x.level}`), basis: x.basis,
      vote: x.vote_threshold ? t('proposal_form.type_vote', { share: `${Math.round(x.vote_threshold * 100)}%` }) : '',
    }) : '';
  }

  async function judge() {
    describeType();
    const n = ++asked;
    if (!person.value || !type.value || !yearSet) {
      mount(live, h('p', { class: 'muted' }, t('proposal_form.eligibility_wait')));
      return;
    }
    mount(live, h('p', { class: 'muted' }, t('loading')));
    try {
      const el = await api('GET', `/eligibility?person=${person.value}&award_type=${encodeURIComponent(type.value)}&year=${year.value}`);
      if (n === asked) mount(live, eligibilityView(el, types, { id: 'pf-eligibility-table' }));
    } catch (err) {
      if (n === asked) mount(live, errorBox(err));
    }
  }

  person.addEventListener('change', judge);
  type.addEventListener('change', judge);
  year.addEventListener('change', async () => { await loadTypes(); await judge(); });

  const status = statusArea();
  const save = button(t('proposal_form.save'), { id: 'pf-save' });
  onAction(save, status, async () => {
    const y = checkYear(year);
    if (!person.value) throw new InputError(t('proposal_form.person_required'));
    if (!type.value) throw new InputError(t('proposal_form.type_required'));
    const text = grounds.value.trim();
    if (!text) throw new InputError(t('proposal_form.grounds_required'));
    const made = await api('POST', '/proposals', {
      award_type: type.value, nominee_person_id: Number(person.value), year: y, grounds: text,
    });
    app.go(`#/proposals/${made.id}`, t('proposal_form.saved'));
  });
  await loadTypes();
  return h('section', { class: 'card editor proposal-form', 'aria-labelledby': 'pf-unit-title', id: 'pf-unit' },
    h('h2', { id: 'pf-unit-title' }, t('proposal_form.unit_title')),
    h('p', { class: 'muted' }, t('proposal_form.unit_hint')),
    people.length === 0 ? h('p', { class: 'empty' }, t('proposal_form.no_people')) : null,
    h('div', { class: 'field' }, h('label', { for: 'pf-year' }, t('proposal_form.year')), year),
    h('div', { class: 'field' }, h('label', { for: 'pf-person' }, t('proposal_form.person')), person),
    h('div', { class: 'field' }, h('label', { for: 'pf-type' }, t('proposal_form.award_type')), type, typeHint),
    h('h3', {}, t('proposal_form.eligibility')),
    live,
    h('label', { for: 'pf-grounds' }, t('proposal_form.grounds')), grounds,
    h('p', { class: 'muted small' }, t('proposal_form.grounds_hint')),
    h('div', { class: 'actions' }, save, h('a', { href: '#/proposals' }, t('common.cancel'))),
    status);
}

// The closed cluster ballots of the years the caller's unit leads.
async function ledBallots() {
  const closed = (await apiAll('/ballots')).items.filter((b) => b.status === 'closed' && b.cluster_id);
  const pairs = [...new Set(closed.map((b) => `${b.cluster_id}/${b.year}`))];
  const led = new Map();
  await Promise.all(pairs.map(async (pair) => {
    const [c, y] = pair.split('/');
    try {
      const [year, cluster] = await Promise.all([api('GET', `/clusters/${c}/years/${y}`), api('GET', `/clusters/${c}`)]);
      if ((year.your_powers || []).includes('leader')) led.set(pair, cluster.name);
    } catch {
      // a year the caller cannot read is not one it leads
    }
  }));
  return closed.filter((b) => led.has(`${b.cluster_id}/${b.year}`))
    .map((b) => ({ ...b, clusterName: led.get(`${b.cluster_id}/${b.year}`) }))
    .sort((a, b) => b.year - a.year || b.id - a.id);
}

// The leader unit's proposals from a closed ballot of its cluster year.
async function leaderForm(app) {
  const ballots = await ledBallots();
  if (ballots.length === 0) return null;
  const ballot = h('select', { id: 'pf-ballot' },
    ballots.map((b) => h('option', { value: b.id }, t('proposal_form.ballot_option', { question: b.question, cluster: b.clusterName, year: b.year }))));
  const type = h('select', { id: 'pf-batch-type' });
  const grounds = h('textarea', { id: 'pf-batch-grounds', rows: 4, maxlength: 8000 });
  const passed = h('div', { id: 'pf-passed', 'aria-live': 'polite' });
  const current = () => ballots.find((b) => String(b.id) === ballot.value);

  async function update() {
    const b = current();
    const wanted = type.value;
    mount(passed, h('p', { class: 'muted' }, t('loading')));
    try {
      const [result, set] = await Promise.all([api('GET', `/ballots/${b.id}/result`), awardTypesOf(b.year)]);
      const winners = b.candidates.filter((c) => result.passed.includes(c.id));
      const named = winners.filter((c) => c.org_id || c.person_id);
      const persons = named.some((c) => c.person_id);
      const orgsToo = named.some((c) => c.org_id);
      const fitting = set.items.filter((x) => (persons && fitsSubject(x, true)) || (orgsToo && fitsSubject(x, false)));
      mount(type, fitting.map((x) => h('option', { value: x.code, selected: x.code === wanted }, x.name)));
      mount(passed, named.length
        ? [h('p', {}, t('proposal_form.passed', { n: formatNumber(named.length) })),
          h('ul', { class: 'passed-list' }, named.map((c) => h('li', {}, c.label)))]
        : h('p', { class: 'empty' }, result.void ? t('proposal_form.ballot_void') : t('proposal_form.nobody_passed')));
    } catch (err) {
      mount(passed, errorBox(err));
    }
  }
  ballot.addEventListener('change', update);

  const status = statusArea();
  const make = button(t('proposal_form.batch_save'), { id: 'pf-batch-save' });
  onAction(make, status, async () => {
    const b = current();
    if (!type.value) throw new InputError(t('proposal_form.type_required'));
    const text = grounds.value.trim();
    if (!text) throw new InputError(t('proposal_form.grounds_required'));
    const made = await api('POST', `/clusters/${b.cluster_id}/years/${b.year}/proposals`, {
      ballot_id: b.id, award_type: type.value, grounds: text,
    });
    app.go(`#/proposals?year=${b.year}`, t('proposal_form.batch_saved', { n: formatNumber(made.items.length) }));
  });
  await update();
  return h('section', { class: 'card editor proposal-form', 'aria-labelledby': 'pf-leader-title', id: 'pf-leader' },
    h('h2', { id: 'pf-leader-title' }, t('proposal_form.leader_title')),
    h('p', { class: 'muted' }, t('proposal_form.leader_hint')),
    h('div', { class: 'field' }, h('label', { for: 'pf-ballot' }, t('proposal_form.ballot')), ballot),
    passed,
    h('div', { class: 'field' }, h('label', { for: 'pf-batch-type' }, t('proposal_form.award_type')), type),
    h('label', { for: 'pf-batch-grounds' }, t('proposal_form.grounds')), grounds,
    h('div', { class: 'actions' }, make),
    status);
}

export async function renderProposalForm(page, app) {
  mount(page, h('p', {}, t('loading')));
  const nav = sectionNav(app.user, '#/proposals');
  if (!canPropose(app.user)) {
    mount(page, nav, h('h1', {}, t('proposal_form.title')),
      h('p', { class: 'error', role: 'alert' }, t('proposal_form.not_a_unit')));
    return;
  }
  const types = await awardTypeIndex();
  const [unit, leader] = await Promise.all([unitForm(app, types), leaderForm(app)]);
  mount(page,
    nav,
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/proposals' }, t('proposal.back'))),
    h('h1', {}, t('proposal_form.title')),
    app.notice ? noticeBox(app.notice) : null,
    unit,
    leader);
}
