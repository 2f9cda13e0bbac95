// Eligibility: the table of a nominee's conditions for an award type —
// each with its text, its legal basis, met ✓ / not met ✗ / no data in the
// system, and the detail the server found — and the checker page
// (#/eligibility?person=12&award_type=CSTDCS&year=2026) where anyone picks
// a person or an organization, an award type and a year.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, formatDate, formatNumber, hasMessage } from './i18n.js';
import { button, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  awardTypeIndex, awardTypesOf, canReadPeople, fitsSubject, hashQuery, orgOf, personOf, sectionNav, shareOf, thisYear, typeName,
} from './awards.js';

// The server says what it found for each condition as data (detail_code,
// detail_params); here it is said in the page's language. A finding this
// page does not know yet is shown in the server's English sentence.
function paramText(name, v, types) {
  if (name === 'award') return typeName(types, v);
  if (name === 'rating') return t(`task_rating.${v}`);
  if (name === 'level') return t(`award_level.${v}`);
  if (name === 'hold') return t(`hold_kind.${v}`);
  if (name === 'date') return formatDate(v);
  if (name === 'years') return v.join(', ');
  return String(v);
}

export function detailText(c, types) {
  const key = `elig.d.${c.detail_code}`;
  if (!c.detail_code || !hasMessage(key)) return c.detail || '';
  const p = c.detail_params || {};
  const params = Object.fromEntries(Object.entries(p).map(([name, v]) => [name, paramText(name, v, types)]));
  if (c.detail_code === 'rated' && p.from === p.to) return t('elig.d.rated_year', params);
  if (c.detail_code === 'count' && !(p.years || []).length) return t('elig.d.count_none', params);
  return t(key, params);
}

function metCell(met) {
  const label = t('elig.result');
  if (met === true) return h('td', { class: 'met met-yes', 'data-label': label }, h('span', { 'aria-hidden': 'true' }, '✓ '), t('elig.met'));
  if (met === false) return h('td', { class: 'met met-no', 'data-label': label }, h('span', { 'aria-hidden': 'true' }, '✗ '), t('elig.not_met'));
  return h('td', { class: 'met met-unknown', 'data-label': label }, h('span', { 'aria-hidden': 'true' }, '? '), t('elig.no_data'));
}

// The verdict in a line: eligible or not, and how much is not known.
export function eligibilitySummary(el) {
  const cls = el.eligible ? 'eligible-yes' : 'eligible-no';
  const parts = [el.eligible ? t('elig.eligible', { type: el.award_type.name }) : t('elig.not_eligible', { type: el.award_type.name })];
  if (el.unknown > 0) parts.push(t('elig.unknown_n', { n: formatNumber(el.unknown) }));
  return h('p', { class: `eligibility-verdict ${cls}`, role: 'status' },
    h('span', { 'aria-hidden': 'true' }, el.eligible ? '✓ ' : '✗ '), parts.join(' '));
}

// The whole answer of GET /eligibility (or a proposal's eligibility).
// The details name the nominee's records: the server leaves them out for
// a caller who may not read the nominee (another unit's proposal).
export function eligibilityView(el, types, { id = 'eligibility' } = {}) {
  const details = el.conditions.some((c) => c.detail);
  const rows = el.conditions.map((c) => h('tr', { class: c.option_of ? 'option' : null, 'data-code': c.code },
    h('td', { 'data-label': t('elig.condition') },
      c.option_of ? h('span', { class: 'or' }, t('elig.or')) : null, c.text),
    h('td', { 'data-label': t('elig.basis'), class: 'basis' }, c.basis),
    metCell(c.met),
    details ? h('td', { 'data-label': t('elig.detail'), class: 'detail' }, detailText(c, types)) : null));
  return h('div', { class: 'eligibility', id },
    eligibilitySummary(el),
    h('p', { class: 'muted small' }, t('elig.judged', {
      set: el.rule_set.name, basis: el.award_type.basis, date: formatDate(el.date), year: el.year,
    })),
    h('table', { class: 'data stack eligibility-table' },
      h('caption', { class: 'sr-only' }, t('elig.caption', { type: el.award_type.name })),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('elig.condition')),
        h('th', { scope: 'col' }, t('elig.basis')),
        h('th', { scope: 'col' }, t('elig.result')),
        details ? h('th', { scope: 'col' }, t('elig.detail')) : null)),
      h('tbody', {}, rows)),
    el.unknown > 0 ? h('p', { class: 'muted small' }, t('elig.no_data_hint')) : null,
    details ? null : h('p', { class: 'muted small' }, t('elig.no_details')));
}

// A search box that picks one person or one organization.
export function subjectPicker({ id, kind, onPick }) {
  const input = h('input', { id, type: 'search', autocomplete: 'off' });
  const find = button(t('awards.find'), { class: 'secondary' });
  const results = h('ul', { class: 'search-results', 'aria-live': 'polite' });
  const status = statusArea();
  onAction(find, status, async () => {
    const q = encodeURIComponent(input.value.trim());
    const items = kind === 'person'
      ? (await api('GET', `/people?limit=20&q=${q}`)).items
      : (await api('GET', `/orgs?limit=20&q=${q}`)).items;
    mount(results, items.length
      ? await Promise.all(items.map(async (x) => {
        const name = kind === 'person' ? x.full_name : x.name;
        let detail = '';
        if (kind === 'person') {
          const o = x.org_id ? await orgOf(x.org_id) : null;
          detail = [x.position, o && o.name].filter(Boolean).join(', ');
        } else {
          detail = x.province || '';
        }
        const pick = button(t('awards.choose'), { class: 'small secondary', 'aria-label': t('awards.choose_named', { name }) });
        pick.addEventListener('click', () => { mount(results); onPick(x, name); });
        return h('li', {}, h('span', {}, h('strong', {}, name), detail ? ` — ${detail}` : ''), pick);
      }))
      : h('li', { class: 'empty' }, t('awards.nothing_found')));
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); find.click(); }
  });
  return { input, node: h('div', { class: 'inline-fields' }, input, find), results, status };
}

// #/eligibility: pick a nominee, an award type and a year; see the table.
export async function renderEligibilityCheck(page, app) {
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery();
  const types = await awardTypeIndex();
  const peopleToo = canReadPeople(app.user);
  const chosen = { kind: peopleToo && !q.get('org') ? 'person' : 'org', id: null, name: '' };
  if (q.get('person') && peopleToo) {
    const p = await personOf(Number(q.get('person')));
    if (p) Object.assign(chosen, { kind: 'person', id: p.id, name: p.full_name });
  } else if (q.get('org')) {
    const o = await orgOf(Number(q.get('org')));
    if (o) Object.assign(chosen, { kind: 'org', id: o.id, name: o.name });
  }
  const year = h('input', { id: 'elig-year', type: 'number', min: 2000, max: 2100, value: q.get('year') || thisYear(), inputmode: 'numeric' });
  const typeSelect = h('select', { id: 'elig-type' });
  const kinds = ['person', 'org'].filter((k) => k === 'org' || peopleToo).map((k) => h('input', {
    type: 'radio', name: 'elig-kind', id: `elig-kind-${k}`, value: k, checked: chosen.kind === k,
  }));
  const chosenLine = h('p', { id: 'elig-chosen', class: 'chosen-line', 'aria-live': 'polite' });
  const pickers = {
    person: peopleToo ? subjectPicker({ id: 'elig-person', kind: 'person', onPick: (x, name) => pick('person', x.id, name) }) : null,
    org: subjectPicker({ id: 'elig-org', kind: 'org', onPick: (x, name) => pick('org', x.id, name) }),
  };
  const pickerSlot = h('div', { class: 'field' });
  const result = h('div', { id: 'elig-result', 'aria-live': 'polite' });
  const status = statusArea();
  const typeStatus = statusArea();

  function drawChosen() {
    mount(chosenLine, chosen.id
      ? [t(chosen.kind === 'person' ? 'elig.chosen_person' : 'elig.chosen_org'), ' ', h('strong', {}, chosen.name)]
      : h('span', { class: 'muted' }, t('elig.nobody')));
  }
  function drawPicker() {
    const p = pickers[chosen.kind];
    mount(pickerSlot,
      h('label', { for: p.input.id }, t(chosen.kind === 'person' ? 'elig.find_person' : 'elig.find_org')),
      p.node, p.status, p.results);
  }
  async function loadTypes() {
    mount(typeStatus);
    const wanted = typeSelect.value || q.get('award_type');
    try {
      const set = await awardTypesOf(Number(year.value));
      const fitting = set.items.filter((x) => fitsSubject(x, chosen.kind === 'person'));
      mount(typeSelect, fitting.map((x) => h('option', { value: x.code, selected: x.code === wanted }, x.name)));
    } catch (err) {
      mount(typeSelect);
      mount(typeStatus, h('p', { class: 'error', role: 'alert' }, t('elig.no_rule_set', { year: year.value })));
    }
  }
  function pick(kind, id, name) {
    Object.assign(chosen, { kind, id, name });
    drawChosen();
    mount(result);
  }
  for (const k of kinds) {
    k.addEventListener('change', async () => {
      Object.assign(chosen, { kind: k.value, id: null, name: '' });
      drawChosen();
      drawPicker();
      mount(result);
      await loadTypes();
    });
  }
  year.addEventListener('change', () => { mount(result); loadTypes(); });

  const check = button(t('elig.check'), { id: 'elig-check' });
  onAction(check, status, async () => {
    if (!chosen.id) throw new InputError(t(chosen.kind === 'person' ? 'elig.pick_person' : 'elig.pick_org'));
    const y = Number(year.value);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new InputError(t('elig.year_range'));
    if (!typeSelect.value) throw new InputError(t('elig.pick_type'));
    const who = chosen.kind === 'person' ? `person=${chosen.id}` : `org=${chosen.id}`;
    const query = `${who}&award_type=${encodeURIComponent(typeSelect.value)}&year=${y}`;
    const el = await api('GET', `/eligibility?${query}`);
    // the address keeps the question, so a reload (or a link) asks it again
    history.replaceState(null, '', `#/eligibility?${query}`);
    mount(result, h('section', { class: 'card' },
      h('h2', {}, t('elig.result_title', { name: chosen.name, type: el.award_type.name, year: el.year })),
      eligibilityView(el, types)));
  });

  drawChosen();
  drawPicker();
  await loadTypes();
  mount(page,
    sectionNav(app.user, '#/eligibility'),
    h('h1', {}, t('elig.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t('elig.intro')),
    h('section', { class: 'card editor elig-form' },
      h('fieldset', {},
        h('legend', {}, t('elig.subject')),
        kinds.map((k) => h('div', { class: 'choice' }, k, ' ', h('label', { for: k.id }, t(`elig.kind.${k.value}`))))),
      pickerSlot,
      chosenLine,
      h('div', { class: 'field' }, h('label', { for: 'elig-year' }, t('elig.year')), year),
      h('div', { class: 'field' }, h('label', { for: 'elig-type' }, t('elig.award_type')), typeSelect, typeStatus),
      h('div', { class: 'actions' }, check),
      status),
    result);
  if (chosen.id && q.get('award_type')) check.click();
}

// What the law asks for an award type, before anyone is picked.
export function typeFacts(type) {
  const facts = [
    [t('rules.level'), t(`award_level.${type.level}`)],
    [t('rules.subject'), t(`award_subject.${type.subject}`)],
    [t('rules.conferred_by'), type.conferred_by],
    [t('rules.vote'), type.vote_threshold
      ? t('rules.vote_rule', { share: shareOf(type.vote_threshold) }) : t('rules.no_vote')],
    type.quota ? [t('rules.quota'), `${type.quota.text} (${type.quota.basis})`] : null,
    [t('rules.basis'), type.basis],
  ].filter(Boolean);
  return h('dl', { class: 'rules type-facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
