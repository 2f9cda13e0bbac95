// Compilations of exemplary models: ranked selections (e.g. the most
// typical models of 2021–2025) with the reasons for the choice.
//   #/compilations[?year=]   the list
//   #/compilations/new       an authority picks models of its subtree active
//                            in the period and puts them in order
//   #/compilations/3         one compilation, its models by rank
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { button, confirmBox, noticeBox, onAction, statusArea, InputError } from './ui.js';
import { hashQuery, thisYear } from './awards.js';
import { canReview, modelsNav, orgSelect, ownOrgs, statusBadge } from './models.js';

export async function renderCompilations(page, app) {
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery();
  const year = /^\d{4}$/.test(q.get('year') || '') ? `?year=${q.get('year')}` : '';
  const list = await apiAll(`/compilations${year}`);
  const table = list.items.length === 0
    ? h('p', { class: 'empty' }, t('compilations.none'))
    : h('table', { class: 'data stack', id: 'compilations' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('compilations.title_col')),
        h('th', { scope: 'col' }, t('models.org')),
        h('th', { scope: 'col' }, t('compilations.period')),
        h('th', { scope: 'col', class: 'num' }, t('compilations.count')))),
      h('tbody', {}, list.items.map((k) => h('tr', { 'data-id': k.id },
        h('td', { 'data-label': t('compilations.title_col') }, h('a', { href: `#/compilations/${k.id}` }, k.title)),
        h('td', { 'data-label': t('models.org') }, k.org_name),
        h('td', { 'data-label': t('compilations.period') }, `${k.from_year}–${k.to_year}`),
        h('td', { 'data-label': t('compilations.count'), class: 'num' }, formatNumber(k.item_count))))));
  mount(page,
    modelsNav('#/compilations'),
    h('h1', {}, t('compilations.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t('compilations.intro')),
    canReview(app.user) ? h('div', { class: 'actions' }, h('a', { href: '#/compilations/new', class: 'button', id: 'new-compilation' }, t('compilations.new'))) : null,
    table);
}

export async function renderCompilation(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const k = await api('GET', `/compilations/${id}`);
  const status = statusArea();
  const remove = canReview(app.user) ? button(t('compilations.delete'), { id: 'compilation-delete', class: 'danger' }) : null;
  if (remove) {
    remove.addEventListener('click', () => {
      status.replaceChildren(confirmBox(t('compilations.delete_question'), t('compilations.delete'), async () => {
        await api('DELETE', `/compilations/${k.id}`);
        app.go('#/compilations', t('compilations.deleted'));
      }));
    });
  }
  mount(page,
    modelsNav('#/compilations'),
    h('h1', {}, k.title),
    app.notice ? noticeBox(app.notice) : null,
    h('p', {}, t('compilations.made_by', { org: k.org_name, from: k.from_year, to: k.to_year, n: formatNumber(k.item_count) })),
    h('h2', {}, t('compilations.rationale')),
    h('p', { class: 'prewrap', id: 'compilation-rationale' }, k.rationale),
    h('table', { class: 'data stack', id: 'compilation-items' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, t('compilations.rank')),
        h('th', { scope: 'col' }, t('models.name')),
        h('th', { scope: 'col' }, t('models.org')),
        h('th', { scope: 'col' }, t('models.field')),
        h('th', { scope: 'col', class: 'num' }, t('models.year')),
        h('th', { scope: 'col' }, t('models.status')),
        h('th', { scope: 'col' }, t('models.note')))),
      h('tbody', {}, k.items.map((x) => h('tr', {},
        h('td', { class: 'num', 'data-label': t('compilations.rank') }, x.rank),
        h('td', { 'data-label': t('models.name') }, h('a', { href: `#/models/${x.model_id}` }, x.name)),
        h('td', { 'data-label': t('models.org') }, x.org_name),
        h('td', { 'data-label': t('models.field') }, x.field),
        h('td', { class: 'num', 'data-label': t('models.year') }, x.year),
        h('td', { 'data-label': t('models.status') }, statusBadge(x.status)),
        h('td', { 'data-label': t('models.note') }, x.note || ''))))),
    remove ? h('div', { class: 'actions no-print' }, remove) : null,
    status);
}

// The models to choose from (those of the org's subtree active in the
// period) and the chosen ones in rank order, with buttons to move them.
function picker(org, from, to) {
  const state = { models: [], chosen: [] };
  const pool = h('div', { id: 'compilation-pool' });
  const ranked = h('ol', { id: 'compilation-ranked' });
  const draw = () => {
    mount(ranked, state.chosen.map((m, i) => h('li', { 'data-id': m.id },
      m.name, ' ', h('span', { class: 'muted small' }, `(${m.org_name}, ${m.year})`), ' ',
      button('↑', { class: 'secondary', 'aria-label': t('compilations.up', { name: m.name }), disabled: i === 0, onclick: () => { state.chosen.splice(i - 1, 0, state.chosen.splice(i, 1)[0]); draw(); } }),
      button('↓', { class: 'secondary', 'aria-label': t('compilations.down', { name: m.name }), disabled: i === state.chosen.length - 1, onclick: () => { state.chosen.splice(i + 1, 0, state.chosen.splice(i, 1)[0]); draw(); } }),
      button('×', { class: 'secondary', 'aria-label': t('compilations.remove', { name: m.name }), onclick: () => { state.chosen.splice(i, 1); draw(); } }))));
    const chosen = new Set(state.chosen.map((m) => m.id));
    mount(pool, state.models.length === 0 ? h('p', { class: 'empty' }, t('compilations.no_models'))
      : h('ul', { class: 'plain' }, state.models.filter((m) => !chosen.has(m.id)).map((m) => h('li', {},
        button(t('compilations.add'), { class: 'secondary', 'data-model': m.id, 'aria-label': t('compilations.add_named', { name: m.name }), onclick: () => { state.chosen.push(m); draw(); } }),
        ' ', m.name, ' ', h('span', { class: 'muted small' }, `(${m.org_name}, ${m.year})`)))));
  };
  const load = async () => {
    const f = Number(from.value), tt = Number(to.value);
    const all = (await apiAll(`/models?org_id=${org.value}&subtree=true`)).items;
    state.models = all.filter((m) => m.year <= tt && (!m.retired_year || m.retired_year >= f));
    state.chosen = state.chosen.filter((c) => state.models.some((m) => m.id === c.id));
    draw();
  };
  return { state, pool, ranked, load };
}

export async function renderCompilationForm(page, app) {
  mount(page, h('p', {}, t('loading')));
  const orgs = canReview(app.user) ? (await ownOrgs(app.user)).filter((o) => o.kind === 'authority' || app.user.roles.includes('admin')) : [];
  if (orgs.length === 0) {
    mount(page, modelsNav('#/compilations'), h('h1', {}, t('compilations.new')), h('p', { class: 'error', role: 'alert' }, t('compilations.cannot')));
    return;
  }
  const org = orgSelect('compilation-org', orgs, app.user.org_id);
  const title = h('input', { id: 'compilation-title', maxlength: 300, autocomplete: 'off' });
  const from = h('input', { id: 'compilation-from', type: 'number', min: 1945, max: thisYear(), value: thisYear() - 5 });
  const to = h('input', { id: 'compilation-to', type: 'number', min: 1945, max: thisYear(), value: thisYear() - 1 });
  const rationale = h('textarea', { id: 'compilation-rationale', rows: 4, maxlength: 8000 });
  const p = picker(org, from, to);
  const status = statusArea();
  const save = button(t('compilations.save'), { id: 'compilation-save' });
  for (const el of [org, from, to]) el.addEventListener('change', () => p.load().catch((err) => mount(status, h('p', { class: 'error' }, String(err.message)))));
  onAction(save, status, async () => {
    if (!title.value.trim()) throw new InputError(t('compilations.title_required'));
    if (!rationale.value.trim()) throw new InputError(t('compilations.rationale_required'));
    if (p.state.chosen.length === 0) throw new InputError(t('compilations.pick_some'));
    const made = await api('POST', '/compilations', {
      org_id: Number(org.value), title: title.value.trim(), from_year: Number(from.value), to_year: Number(to.value),
      rationale: rationale.value.trim(), items: p.state.chosen.map((m) => ({ model_id: m.id })),
    });
    app.go(`#/compilations/${made.id}`, t('compilations.saved'));
  });
  await p.load();
  mount(page,
    modelsNav('#/compilations'),
    h('h1', {}, t('compilations.new')),
    h('form', { class: 'card form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'compilation-org' }, t('models.org')), org),
      h('div', { class: 'field' }, h('label', { for: 'compilation-title' }, t('compilations.title_col')), title),
      h('div', { class: 'pickers' },
        h('label', { for: 'compilation-from' }, t('compilations.from')), from,
        h('label', { for: 'compilation-to' }, t('compilations.to')), to),
      h('div', { class: 'field' }, h('label', { for: 'compilation-rationale' }, t('compilations.rationale')), rationale),
      h('h2', {}, t('compilations.ranked')), p.ranked,
      h('h2', {}, t('compilations.pool')), p.pool,
      h('div', { class: 'actions' }, save), status));
}
