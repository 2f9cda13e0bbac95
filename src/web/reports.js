// The units' yearly reports of indicator values: the list (an authority's
// inbox of submitted reports), the unit's form (one number per indicator,
// the people registry's figure beside derived ones, saved as a draft or
// sent), and a report's page where the authority above accepts it or
// returns it with a note.
import { api, apiAll, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, formatNumber, formatTimestamp } from './i18n.js';
import { button, exportLinks, noticeBox, onAction, statusArea, InputError } from './ui.js';
import { hashQuery, thisYear, orgOf } from './awards.js';
import { indicatorTabs, figure } from './indicators.js';

const has = (user, ...roles) => !!user && roles.some((r) => user.roles.includes(r));

export const canReadReports = (user) => has(user, 'admin', 'authority_officer', 'council_member', 'leader_officer', 'unit_officer');
const canWrite = (user) => has(user, 'admin', 'authority_officer', 'leader_officer', 'unit_officer') && (!!user.org_id || has(user, 'admin'));
// The authority above decides; nobody decides on its own org's report.
const canDecide = (user, r) => has(user, 'admin') || (has(user, 'authority_officer') && !!user.org_id && user.org_id !== r.org_id);
const isOwn = (user, r) => !!user.org_id && user.org_id === r.org_id;

function statusBadge(status) {
  return h('span', { class: `badge report-${status}` }, t(`reports.status.${status}`));
}

// ---- the list ----

export async function renderReports(page, app) {
  const q = hashQuery();
  const inbox = has(app.user, 'authority_officer', 'admin') && !q.has('status');
  const status = q.get('status') ?? (inbox ? 'submitted' : '');
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (q.get('year')) params.set('year', q.get('year'));
  const list = await apiAll(`/reports?${params}`);
  const statusPick = h('select', { id: 'reports-status' },
    h('option', { value: '' }, t('reports.all')),
    ['draft', 'submitted', 'accepted'].map((s) => h('option', { value: s, selected: s === status }, t(`reports.status.${s}`))));
  const year = h('input', { id: 'reports-year', type: 'number', min: 2000, max: thisYear(), value: q.get('year') || '' });
  const filter = button(t('indicators.show'));
  filter.addEventListener('click', () => app.go(`#/reports?status=${statusPick.value}${year.value ? `&year=${year.value}` : ''}`));
  const heads = [t('reports.org'), t('indicators.year'), t('reports.status'), t('reports.updated')];
  mount(page, indicatorTabs(app.user),
    h('h1', {}, status === 'submitted' && inbox ? t('reports.inbox') : t('reports.title')),
    app.notice ? noticeBox(app.notice) : null,
    has(app.user, 'unit_officer', 'leader_officer') && app.user.org_id
      ? h('p', {}, h('a', { href: `#/reports/new?year=${thisYear() - 1}`, class: 'button', id: 'new-report' }, t('reports.new')))
      : null,
    h('form', { class: 'filters' },
      h('label', { for: 'reports-status' }, t('reports.status')), statusPick,
      h('label', { for: 'reports-year' }, t('indicators.year')), year, filter),
    list.items.length ? exportLinks('/reports', params) : null,
    list.items.length === 0 ? h('p', { class: 'empty' }, t('reports.none'))
      : h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'reports' },
        h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, list.items.map((r) => h('tr', { 'data-id': r.id },
          h('td', { 'data-label': heads[0] }, h('a', { href: `#/reports/${r.id}` }, r.org_name)),
          h('td', { 'data-label': heads[1] }, String(r.year)),
          h('td', { 'data-label': heads[2] }, statusBadge(r.status)),
          h('td', { 'data-label': heads[3] }, formatTimestamp(r.updated_at))))))));
}

// ---- the unit's form ----

// The org's report of the year, or null when it has none.
async function reportOf(org, year) {
  const found = await api('GET', `/reports?org_id=${org}&year=${year}`);
  return found.items.length ? api('GET', `/reports/${found.items[0].id}`) : null;
}

// The people registry's counts for the org's own people (from the statistics of the org).
async function registryOf(org, year) {
  const st = await api('GET', `/stats/indicators?org=${org}&year=${year}`);
  const line = st.by_org.find((b) => b.org_id === org);
  const out = {};
  for (const i of line ? line.items : []) if (i.registry !== null) out[i.code] = i.registry;
  return out;
}

// A number input's value: null when blank.
function parseValue(input, name) {
  if (input.value.trim() === '') {
    if (input.validity && input.validity.badInput) throw new InputError(t('reports.bad_value', { name }));
    return null;
  }
  const x = Number(input.value);
  if (!Number.isFinite(x) || x < 0) throw new InputError(t('reports.bad_value', { name }));
  return x;
}

export async function renderReportForm(page, app) {
  const q = hashQuery();
  const org = Number(q.get('org') || app.user.org_id);
  const year = Number(q.get('year') || thisYear() - 1);
  if (!canWrite(app.user) || !org) {
    mount(page, indicatorTabs(app.user), h('p', { class: 'error', role: 'alert' }, t('reports.cannot_write')));
    return;
  }
  const [{ items: catalog }, current, orgInfo] = await Promise.all([
    apiAll('/indicators'), reportOf(org, year), orgOf(org),
  ]);
  const registry = current ? current.registry : await registryOf(org, year);
  const yearInput = h('input', { id: 'report-year', type: 'number', min: 2000, max: thisYear(), value: year });
  yearInput.addEventListener('change', () => app.go(`#/reports/new?org=${org}&year=${yearInput.value}`));
  const inputs = new Map();
  const rows = catalog.map((ind) => {
    const v = current && current.values[ind.code] !== undefined ? String(current.values[ind.code]) : '';
    const input = h('input', { id: `value-${ind.code}`, type: 'number', min: 0, step: 'any', value: v, class: 'num' });
    inputs.set(ind.code, input);
    const reg = registry[ind.code];
    return h('tr', { 'data-code': ind.code },
      h('th', { scope: 'row' }, h('label', { for: `value-${ind.code}` }, ind.name), ' ', h('span', { class: 'hint' }, `(${ind.unit})`)),
      h('td', {}, input),
      h('td', { class: 'registry' }, reg === undefined ? (ind.derived_from ? t('reports.registry_none') : '')
        : t('reports.registry_says', { n: formatNumber(reg) })));
  });
  const status = statusArea();
  const send = async (st) => {
    const values = {};
    for (const ind of catalog) {
      const x = parseValue(inputs.get(ind.code), ind.name);
      if (x !== null) values[ind.code] = x;
    }
    const saved = await api('POST', '/reports', { org_id: org, year, values, status: st });
    app.go(`#/reports/${saved.id}`, t(st === 'submitted' ? 'reports.sent' : 'reports.saved'));
  };
  const draft = button(t('reports.save_draft'), { class: 'secondary', id: 'save-draft' });
  const submit = button(t('reports.submit'), { id: 'submit-report' });
  onAction(draft, status, () => send('draft'));
  onAction(submit, status, () => send('submitted'));
  const locked = current && current.status === 'accepted';
  mount(page, indicatorTabs(app.user),
    h('h1', {}, t('reports.form_title', { org: orgInfo ? orgInfo.name : `#${org}` })),
    h('form', { class: 'card', id: 'report-form', novalidate: true },
      h('label', { for: 'report-year' }, t('indicators.year')), yearInput,
      current ? h('p', {}, t('reports.current'), ' ', statusBadge(current.status)) : null,
      current && current.note ? h('p', { class: 'notice', id: 'return-note' }, t('reports.returned_note', { note: current.note })) : null,
      locked ? h('p', { class: 'notice' }, t('reports.locked')) : null,
      catalog.length === 0 ? h('p', { class: 'empty' }, t('indicators.none'))
        : h('div', { class: 'scroll' }, h('table', { class: 'data', id: 'report-values' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('indicators.name')),
            h('th', { scope: 'col' }, t('indicators.value')),
            h('th', { scope: 'col' }, t('indicators.registry')))),
          h('tbody', {}, rows))),
      h('p', { class: 'hint' }, t('reports.registry_hint')),
      status,
      locked ? null : h('div', { class: 'actions' }, draft, submit)));
}

// ---- one report ----

function decideForms(app, r) {
  const status = statusArea();
  const parts = [];
  if (r.status === 'submitted') {
    const accept = button(t('reports.accept'), { id: 'accept-report' });
    onAction(accept, status, async () => {
      await api('POST', `/reports/${r.id}/accept`, {});
      app.go(`#/reports/${r.id}`, t('reports.accepted'));
    });
    parts.push(accept);
  }
  if (r.status !== 'draft') {
    const note = h('textarea', { id: 'return-note-input', rows: 3, maxlength: 2000 });
    const back = button(t(r.status === 'accepted' ? 'reports.reopen' : 'reports.return'), { class: 'secondary', id: 'return-report' });
    onAction(back, status, async () => {
      if (!note.value.trim()) throw new InputError(t('reports.note_required'));
      await api('POST', `/reports/${r.id}/return`, { note: note.value });
      app.go(`#/reports/${r.id}`, t('reports.returned'));
    });
    parts.push(h('label', { for: 'return-note-input' }, t('reports.return_note')), note, back);
  }
  return parts.length ? h('section', { class: 'card', id: 'decide' }, h('h2', {}, t('reports.decide')), parts, status) : null;
}

export async function renderReport(page, app, id) {
  let r;
  try {
    r = await api('GET', `/reports/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      mount(page, indicatorTabs(app.user), h('p', { class: 'error', role: 'alert' }, t('reports.forbidden')));
      return;
    }
    throw err;
  }
  const [{ items: catalog }, org] = await Promise.all([apiAll('/indicators'), orgOf(r.org_id)]);
  const heads = [t('indicators.name'), t('indicators.value'), t('indicators.registry')];
  mount(page, indicatorTabs(app.user),
    h('h1', {}, t('reports.one_title', { org: org ? org.name : `#${r.org_id}`, year: r.year })),
    app.notice ? noticeBox(app.notice) : null,
    h('p', {}, statusBadge(r.status),
      r.submitted_at ? ` ${t('reports.submitted_at', { at: formatTimestamp(r.submitted_at) })}` : '',
      r.accepted_at ? ` ${t('reports.accepted_at', { at: formatTimestamp(r.accepted_at) })}` : ''),
    r.note ? h('p', { class: 'notice', id: 'return-note' }, t('reports.returned_note', { note: r.note })) : null,
    h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'report-values' },
      h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, catalog.filter((i) => r.values[i.code] !== undefined || r.registry[i.code] !== undefined).map((i) => h('tr', { 'data-code': i.code },
        h('th', { scope: 'row', 'data-label': heads[0] }, i.name, ' ', h('span', { class: 'hint' }, `(${i.unit})`)),
        h('td', { class: 'num', 'data-label': heads[1] }, figure(r.values[i.code])),
        h('td', { class: 'num', 'data-label': heads[2] }, figure(r.registry[i.code]))))))),
    isOwn(app.user, r) && r.status !== 'accepted' && canWrite(app.user)
      ? h('p', {}, h('a', { href: `#/reports/new?org=${r.org_id}&year=${r.year}`, class: 'button', id: 'edit-report' }, t('reports.edit')))
      : null,
    canDecide(app.user, r) ? decideForms(app, r) : null);
}
