// The exemplary models section ("Mô hình"): its routes and tabs, who may do
// what, and the pages of the models themselves:
//   #/models[?q=&year=&field=&status=&org_id=]  the list with its filters
//   #/models/new                                 a unit records a model
//   #/models/7                                   a model, its reviews; the
//                                                authority reviews or retires it
// Statistics (model_stats.js) and compilations (compilations.js) have tabs
// of their own.
import { api, apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, formatNumber, formatDate, compareVi } from './i18n.js';
import { button, exportLinks, noticeBox, onAction, statusArea, InputError } from './ui.js';
import { hashQuery, thisYear } from './awards.js';

const has = (user, ...roles) => !!user && roles.some((r) => user.roles.includes(r));

// ACT_MODEL_WRITE: a unit (or the authority above it) records its models;
// ACT_MODEL_REVIEW: the authority above reviews, retires and compiles them.
export const canRecord = (user) => has(user, 'admin') || (has(user, 'unit_officer', 'leader_officer', 'authority_officer') && !!user.org_id);
export const canReview = (user) => has(user, 'admin') || (has(user, 'authority_officer') && !!user.org_id);

export const FIELDS = ['Kinh tế', 'Văn hóa - xã hội', 'Quốc phòng - an ninh', 'Xây dựng Đảng, hệ thống chính trị', 'Môi trường'];

export function statusBadge(status) {
  return h('span', { class: `badge ${status === 'active' ? 'ballot-open' : 'ballot-closed'}` }, t(`models.status.${status}`));
}

const TABS = [
  { href: '#/models', key: 'models.tab.list' },
  { href: '#/models/stats', key: 'models.tab.stats' },
  { href: '#/compilations', key: 'models.tab.compilations' },
];

export function modelsNav(current) {
  return h('nav', { class: 'tabs no-print', 'aria-label': t('models.sections') },
    TABS.map((x) => h('a', { href: x.href, 'aria-current': x.href === current ? 'page' : null }, t(x.key))));
}

// The orgs a user may pick as a model's or a compilation's owner: its own
// org and those beneath it (every org for an admin), in Vietnamese order.
export async function ownOrgs(user) {
  if (has(user, 'admin')) {
    const all = (await apiAll('/orgs')).items;
    return all.sort((a, b) => compareVi(a.name, b.name));
  }
  if (!user.org_id) return [];
  const own = await api('GET', `/orgs/${user.org_id}`);
  if (!has(user, 'authority_officer')) return [own];
  const found = [own];
  for (let i = 0; i < found.length && found.length < 500; i++) {
    const children = (await apiAll(`/orgs?parent_id=${found[i].id}`)).items;
    found.push(...children);
  }
  return [own, ...found.slice(1).sort((a, b) => compareVi(a.name, b.name))];
}

export function orgSelect(id, orgs, selected) {
  return h('select', { id }, orgs.map((o) => h('option', { value: o.id, selected: o.id === selected }, o.name)));
}

// ---- the list ----

function filters(app, q) {
  const text = h('input', { id: 'models-q', type: 'search', value: q.get('q') || '', placeholder: t('models.search_hint') });
  const year = h('input', { id: 'models-year', type: 'number', min: 1945, max: thisYear(), inputmode: 'numeric', value: q.get('year') || '' });
  const field = h('select', { id: 'models-field' },
    h('option', { value: '' }, t('models.any_field')),
    FIELDS.map((f) => h('option', { value: f, selected: q.get('field') === f }, f)));
  const status = h('select', { id: 'models-status' },
    h('option', { value: '' }, t('models.any_status')),
    ['active', 'retired'].map((s) => h('option', { value: s, selected: q.get('status') === s }, t(`models.status.${s}`))));
  const apply = () => {
    const next = new URLSearchParams();
    if (text.value.trim()) next.set('q', text.value.trim());
    if (year.value) next.set('year', year.value);
    if (field.value) next.set('field', field.value);
    if (status.value) next.set('status', status.value);
    if (q.get('org_id')) next.set('org_id', q.get('org_id'));
    const s = next.toString();
    app.go(`#/models${s ? `?${s}` : ''}`);
  };
  for (const el of [year, field, status, text]) el.addEventListener('change', apply);
  return h('div', { class: 'pickers filters', role: 'search', 'aria-label': t('models.filters') },
    h('label', { for: 'models-q' }, t('models.search')), text,
    h('label', { for: 'models-year' }, t('models.year')), year,
    h('label', { for: 'models-field' }, t('models.field')), field,
    h('label', { for: 'models-status' }, t('models.status')), status);
}

export async function renderModels(page, app) {
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery();
  const query = new URLSearchParams();
  for (const k of ['q', 'year', 'field', 'status']) if (q.get(k)) query.set(k, q.get(k));
  if (q.get('org_id')) {
    query.set('org_id', q.get('org_id'));
    query.set('subtree', 'true');
  }
  const filtered = new URLSearchParams(query);
  const offset = Math.max(0, Number(q.get('offset')) || 0);
  query.set('limit', '100');
  query.set('offset', String(offset));
  const list = await api('GET', `/models?${query}`);
  const table = list.items.length === 0
    ? h('p', { class: 'empty' }, t('models.none'))
    : h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'models' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('models.name')),
        h('th', { scope: 'col' }, t('models.org')),
        h('th', { scope: 'col' }, t('models.field')),
        h('th', { scope: 'col', class: 'num' }, t('models.year')),
        h('th', { scope: 'col' }, t('models.status')))),
      h('tbody', {}, list.items.map((m) => h('tr', { 'data-id': m.id },
        h('td', { 'data-label': t('models.name') }, h('a', { href: `#/models/${m.id}` }, m.name)),
        h('td', { 'data-label': t('models.org') }, m.org_name),
        h('td', { 'data-label': t('models.field') }, m.field),
        h('td', { 'data-label': t('models.year'), class: 'num' }, m.year),
        h('td', { 'data-label': t('models.status') }, statusBadge(m.status)))))));
  const more = [];
  const pageLink = (o, key) => {
    const p = new URLSearchParams(q);
    p.set('offset', String(o));
    return h('a', { href: `#/models?${p}` }, t(key));
  };
  if (offset > 0) more.push(pageLink(Math.max(0, offset - 100), 'models.previous'));
  if (offset + list.items.length < list.total) more.push(pageLink(offset + 100, 'models.next'));
  mount(page,
    modelsNav('#/models'),
    h('h1', {}, t('models.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t('models.intro')),
    canRecord(app.user) ? h('div', { class: 'actions' }, h('a', { href: '#/models/new', class: 'button', id: 'new-model' }, t('models.new'))) : null,
    filters(app, q),
    list.total > 0 ? exportLinks('/models', filtered) : null,
    table,
    h('p', { class: 'muted' }, t('models.total', { n: formatNumber(list.total) }), ' ', ...more));
}

// ---- a new model ----

export async function renderModelForm(page, app) {
  mount(page, h('p', {}, t('loading')));
  const orgs = canRecord(app.user) ? await ownOrgs(app.user) : [];
  if (orgs.length === 0) {
    mount(page, modelsNav(''), h('h1', {}, t('models.new')), h('p', { class: 'error', role: 'alert' }, t('models.cannot_record')));
    return;
  }
  const org = orgSelect('model-org', orgs, app.user.org_id);
  const name = h('input', { id: 'model-name', maxlength: 300, required: true, autocomplete: 'off' });
  const field = h('input', { id: 'model-field', list: 'model-fields', maxlength: 100, required: true, autocomplete: 'off' });
  const fields = h('datalist', { id: 'model-fields' }, FIELDS.map((f) => h('option', { value: f })));
  const year = h('input', { id: 'model-year', type: 'number', min: 1945, max: thisYear(), value: thisYear(), required: true });
  const description = h('textarea', { id: 'model-description', rows: 5, maxlength: 2000 });
  const status = statusArea();
  const save = button(t('models.save'), { id: 'model-save' });
  onAction(save, status, async () => {
    if (!name.value.trim()) throw new InputError(t('models.name_required'));
    if (!field.value.trim()) throw new InputError(t('models.field_required'));
    const made = await api('POST', '/models', {
      org_id: Number(org.value), name: name.value.trim(), field: field.value.trim(),
      year: Number(year.value), description: description.value.trim() || null,
    });
    app.go(`#/models/${made.id}`, t('models.saved'));
  });
  mount(page,
    modelsNav(''),
    h('h1', {}, t('models.new')),
    h('form', { class: 'card form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'model-org' }, t('models.org')), org),
      h('div', { class: 'field' }, h('label', { for: 'model-name' }, t('models.name')), name),
      h('div', { class: 'field' }, h('label', { for: 'model-field' }, t('models.field')), field, fields),
      h('div', { class: 'field' }, h('label', { for: 'model-year' }, t('models.recognized')), year),
      h('div', { class: 'field' }, h('label', { for: 'model-description' }, t('models.description')), description),
      h('div', { class: 'actions' }, save), status));
}

// ---- a model ----

function reviewForm(app, m) {
  const year = h('input', { id: 'review-year', type: 'number', min: m.year, max: thisYear(), value: thisYear() });
  const outcome = h('select', { id: 'review-outcome' },
    ['keep', 'strengthen', 'retire'].map((o) => h('option', { value: o }, t(`models.outcome.${o}`))));
  const note = h('textarea', { id: 'review-note', rows: 3, maxlength: 1000 });
  const status = statusArea();
  const save = button(t('models.review_save'), { id: 'review-save' });
  onAction(save, status, async () => {
    if (outcome.value === 'retire' && !note.value.trim()) throw new InputError(t('models.note_required'));
    await api('POST', `/models/${m.id}/reviews`, { year: Number(year.value), outcome: outcome.value, note: note.value.trim() || null });
    app.go(`#/models/${m.id}`, t('models.reviewed'));
  });
  return h('section', { class: 'card no-print', 'aria-labelledby': 'review-title' },
    h('h2', { id: 'review-title' }, t('models.review_title')),
    h('div', { class: 'field' }, h('label', { for: 'review-year' }, t('models.year')), year),
    h('div', { class: 'field' }, h('label', { for: 'review-outcome' }, t('models.outcome')), outcome),
    h('div', { class: 'field' }, h('label', { for: 'review-note' }, t('models.note')), note),
    h('div', { class: 'actions' }, save), status);
}

function retireForm(app, m) {
  const date = h('input', { id: 'retire-date', type: 'date' });
  const year = h('input', { id: 'retire-year', type: 'number', min: m.year, max: thisYear(), value: thisYear() });
  const reason = h('textarea', { id: 'retire-reason', rows: 3, maxlength: 1000 });
  const status = statusArea();
  const save = button(t('models.retire'), { id: 'retire-save', class: 'danger' });
  onAction(save, status, async () => {
    if (!reason.value.trim()) throw new InputError(t('models.reason_required'));
    const body = { reason: reason.value.trim() };
    if (date.value) body.date = date.value;
    else body.year = Number(year.value);
    await api('POST', `/models/${m.id}/retire`, body);
    app.go(`#/models/${m.id}`, t('models.retired_done'));
  });
  return h('section', { class: 'card no-print', 'aria-labelledby': 'retire-title' },
    h('h2', { id: 'retire-title' }, t('models.retire_title')),
    h('p', { class: 'muted' }, t('models.retire_hint')),
    h('div', { class: 'field' }, h('label', { for: 'retire-date' }, t('models.retire_date')), date),
    h('div', { class: 'field' }, h('label', { for: 'retire-year' }, t('models.retire_year')), year),
    h('div', { class: 'field' }, h('label', { for: 'retire-reason' }, t('models.reason')), reason),
    h('div', { class: 'actions' }, save), status);
}

export async function renderModel(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const [m, reviews] = await Promise.all([api('GET', `/models/${id}`), apiAll(`/models/${id}/reviews`)]);
  const row = (key, value) => h('tr', {}, h('th', { scope: 'row' }, t(key)), h('td', {}, value));
  const details = h('table', { class: 'data', id: 'model-details' }, h('tbody', {},
    row('models.org', h('a', { href: `#/models?org_id=${m.org_id}` }, m.org_name)),
    row('models.field', m.field),
    row('models.recognized', String(m.year)),
    row('models.status', statusBadge(m.status)),
    m.status === 'retired' ? row('models.retired_in', m.retired_on ? formatDate(m.retired_on) : String(m.retired_year)) : null,
    m.status === 'retired' ? row('models.reason', m.retired_reason) : null,
    m.description ? row('models.description', h('span', { class: 'prewrap' }, m.description)) : null));
  const reviewList = reviews.items.length === 0
    ? h('p', { class: 'empty' }, t('models.no_reviews'))
    : h('table', { class: 'data', id: 'model-reviews' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, t('models.year')),
        h('th', { scope: 'col' }, t('models.outcome')),
        h('th', { scope: 'col' }, t('models.note')))),
      h('tbody', {}, reviews.items.map((r) => h('tr', {},
        h('td', { class: 'num' }, r.year),
        h('td', {}, t(`models.outcome.${r.outcome}`)),
        h('td', {}, r.note || '')))));
  const authority = canReview(app.user) && m.status === 'active';
  mount(page,
    modelsNav(''),
    h('h1', {}, m.name),
    app.notice ? noticeBox(app.notice) : null,
    details,
    h('h2', {}, t('models.reviews')),
    reviewList,
    authority ? reviewForm(app, m) : null,
    authority ? retireForm(app, m) : null);
}

// ---- the section ----

const ROUTES = [
  [/^#\/models\/stats(?:\?.*)?$/, 'model_stats.js', 'renderModelStats'],
  [/^#\/models\/new$/, 'models.js', 'renderModelForm'],
  [/^#\/models\/(\d+)$/, 'models.js', 'renderModel'],
  [/^#\/models(?:\?.*)?$/, 'models.js', 'renderModels'],
  [/^#\/compilations\/new$/, 'compilations.js', 'renderCompilationForm'],
  [/^#\/compilations\/(\d+)$/, 'compilations.js', 'renderCompilation'],
  [/^#\/compilations(?:\?.*)?$/, 'compilations.js', 'renderCompilations'],
];

export const modelsSection = {
  route(hash) {
    for (const [re, file, name] of ROUTES) {
      const m = re.exec(hash);
      if (m) {
        return async (page, app) => {
          const mod = await import(`./${file}`);
          await mod[name](page, app, m[1] ? Number(m[1]) : undefined);
        };
      }
    }
    return null;
  },
  nav(user, hash) {
    if (!user) return [];
    return [{ href: '#/models', label: t('nav.models'), current: ROUTES.some(([re]) => re.test(hash)) }];
  },
};
