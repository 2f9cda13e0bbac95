// The law as data: the rule sets (#/rule-sets), each with its award types,
// their conditions and legal basis (#/rule-sets/1), for everyone to read;
// an admin edits a rule set's JSON document, and a refusal names the path
// of the field at fault (award_types[1].conditions[0].award).
import { api, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, formatDate, formatNumber, formatTimestamp } from './i18n.js';
import { button, noticeBox, onAction, statusArea, InputError } from './ui.js';
import { forgetAwardTypes, isAdmin, sectionNav } from './awards.js';
import { typeFacts } from './eligibility.js';

function period(s) {
  return s.effective_until
    ? t('rules.period', { from: formatDate(s.effective_from), until: formatDate(s.effective_until) })
    : t('rules.period_open', { from: formatDate(s.effective_from) });
}

export async function renderRuleSets(page, app) {
  mount(page, h('p', {}, t('loading')));
  const sets = [...(await api('GET', '/rule-sets')).items]
    .sort((a, b) => (a.effective_from < b.effective_from ? 1 : -1));
  mount(page,
    sectionNav(app.user, '#/rule-sets'),
    h('h1', {}, t('rules.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t('rules.intro')),
    sets.length === 0 ? h('p', { class: 'empty' }, t('rules.none'))
      : h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'rule-sets' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('rules.name')),
          h('th', { scope: 'col' }, t('rules.in_force')),
          h('th', { scope: 'col', class: 'num' }, t('rules.types')),
          h('th', { scope: 'col', class: 'num' }, t('rules.revision')))),
        h('tbody', {}, sets.map((s) => h('tr', {},
          h('td', { 'data-label': t('rules.name') }, h('a', { href: `#/rule-sets/${s.id}` }, s.name), h('div', { class: 'muted small' }, s.code)),
          h('td', { 'data-label': t('rules.in_force') }, period(s)),
          h('td', { 'data-label': t('rules.types'), class: 'num' }, formatNumber(s.award_types)),
          h('td', { 'data-label': t('rules.revision'), class: 'num' }, formatNumber(s.revision))))))));
}

function conditionsTable(type) {
  if (type.conditions.length === 0) return h('p', { class: 'empty' }, t('rules.no_conditions'));
  return h('table', { class: 'data stack conditions' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('elig.condition')),
      h('th', { scope: 'col' }, t('elig.basis')))),
    h('tbody', {}, type.conditions.map((c) => h('tr', { class: c.option ? 'option' : null },
      h('td', { 'data-label': t('elig.condition') }, c.option ? h('span', { class: 'or' }, t('elig.or')) : null, c.text),
      h('td', { 'data-label': t('elig.basis'), class: 'basis' }, c.basis)))));
}

function typeSection(type) {
  return h('section', { class: 'card award-type', id: `type-${type.code}`, 'aria-labelledby': `type-${type.code}-title` },
    h('h2', { id: `type-${type.code}-title` }, type.name, ' ', h('span', { class: 'tag' }, type.code)),
    typeFacts(type),
    h('h3', {}, t('rules.conditions')),
    h('div', { class: 'scroll' }, conditionsTable(type)));
}

// The admin's editor of the JSON document.
function editor(set, app) {
  const text = h('textarea', { id: 'rule-set-json', rows: 24, spellcheck: 'false', class: 'mono json-editor' },
    JSON.stringify(set.document, null, 2));
  const status = statusArea();
  const save = button(t('rules.save'), { id: 'rule-set-save' });
  onAction(save, status, async () => {
    let doc;
    try {
      doc = JSON.parse(text.value);
    } catch (err) {
      throw new InputError(t('rules.not_json', { message: err.message }));
    }
    try {
      const saved = await api('PUT', `/rule-sets/${set.id}`, doc);
      forgetAwardTypes();
      app.refresh(t('rules.saved', { revision: formatNumber(saved.revision) }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_rule_set') {
        throw new InputError(err.field
          ? t('rules.invalid_at', { field: err.field, message: err.message })
          : t('rules.invalid', { message: err.message }));
      }
      throw err;
    }
  });
  return h('details', { class: 'card no-print', id: 'rule-set-editor' },
    h('summary', {}, t('rules.edit')),
    h('p', { class: 'muted' }, t('rules.edit_hint')),
    h('label', { for: 'rule-set-json' }, t('rules.document')),
    text,
    h('div', { class: 'actions' }, save),
    status);
}

export async function renderRuleSet(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const set = await api('GET', `/rule-sets/${id}`);
  const types = await api('GET', `/award-types?date=${set.effective_from}`);
  const general = types.general_conditions || [];
  mount(page,
    sectionNav(app.user, '#/rule-sets'),
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/rule-sets' }, t('rules.back'))),
    h('h1', {}, set.name),
    app.notice ? noticeBox(app.notice) : null,
    h('section', { class: 'card' },
      h('dl', { class: 'rules' },
        h('dt', {}, t('rules.code')), h('dd', {}, set.code),
        h('dt', {}, t('rules.basis')), h('dd', {}, set.basis),
        h('dt', {}, t('rules.in_force')), h('dd', {}, period(set)),
        h('dt', {}, t('rules.revision')), h('dd', {}, t('rules.revision_at', { n: formatNumber(set.revision), at: formatTimestamp(set.updated_at) })))),
    isAdmin(app.user) ? editor(set, app) : null,
    general.length ? h('section', { class: 'card', 'aria-labelledby': 'general-title' },
      h('h2', { id: 'general-title' }, t('rules.general')),
      h('ul', {}, general.map((c) => h('li', {}, c.text, h('div', { class: 'muted small' }, c.basis))))) : null,
    h('nav', { class: 'card type-index no-print', 'aria-label': t('rules.types_index') },
      h('h2', {}, t('rules.types_title', { n: formatNumber(types.items.length) })),
      h('ul', { class: 'columns' }, types.items.map((x) => h('li', {}, h('a', { href: `#/rule-sets/${id}`, 'data-target': `type-${x.code}`, class: 'jump' }, x.name))))),
    types.items.map(typeSection));
  // in-page jumps without changing the route
  for (const a of page.querySelectorAll('a.jump')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const target = document.getElementById(a.getAttribute('data-target'));
      if (target) { target.scrollIntoView(); target.querySelector('h2').setAttribute('tabindex', '-1'); target.querySelector('h2').focus(); }
    });
  }
}
