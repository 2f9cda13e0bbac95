// The movement pages ("Phong trào"): who may do what, the status badge,
// the routes of the section, and the list with its filters:
//   #/movements[?q=&year=&status=]  #/movements/new  #/movements/7
//   #/movements/7/edit
import { apiAll } from './api.js';
import { h, mount } from './dom.js';
import { t, formatDate, formatNumber } from './i18n.js';
import { noticeBox } from './ui.js';

export const MOVEMENT_STATUSES = ['upcoming', 'running', 'ended'];

const has = (user, ...roles) => !!user && roles.some((r) => user.roles.includes(r));

// Who launches movements (ACT_MOVEMENT_WRITE) and who registers a unit.
export const canLaunch = (user) => has(user, 'admin') || (has(user, 'authority_officer') && !!user.org_id);
export const canRegisterOwn = (user) => has(user, 'unit_officer', 'leader_officer') && !!user.org_id;

export function statusBadge(status) {
  return h('span', { class: `badge movement-${status}` }, t(`movements.status.${status}`));
}

export function period(m) {
  return t('movements.period_value', { from: formatDate(m.starts_on), to: formatDate(m.ends_on) });
}

function hashQuery(hash) {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

function filters(app, q) {
  const text = h('input', { id: 'mv-filter-q', type: 'search', value: q.get('q') || '', placeholder: t('movements.search'), autocomplete: 'off' });
  const year = h('input', {
    id: 'mv-filter-year', type: 'number', min: 2000, max: 2100, inputmode: 'numeric', value: q.get('year') || '',
    placeholder: t('movements.any_year'),
  });
  const status = h('select', { id: 'mv-filter-status' },
    h('option', { value: '' }, t('movements.all_statuses')),
    MOVEMENT_STATUSES.map((s) => h('option', { value: s, selected: q.get('status') === s }, t(`movements.status.${s}`))));
  const apply = () => {
    const next = new URLSearchParams();
    if (text.value.trim()) next.set('q', text.value.trim());
    if (year.value) next.set('year', year.value);
    if (status.value) next.set('status', status.value);
    const s = next.toString();
    app.go(`#/movements${s ? `?${s}` : ''}`);
  };
  for (const el of [year, status, text]) el.addEventListener('change', apply);
  return h('div', { class: 'pickers filters', role: 'search', 'aria-label': t('movements.filters') },
    h('label', { for: 'mv-filter-q' }, t('movements.name')), text,
    h('label', { for: 'mv-filter-year' }, t('movements.year')), year,
    h('label', { for: 'mv-filter-status' }, t('movements.status')), status);
}

async function renderMovements(page, app) {
  mount(page, h('p', {}, t('loading')));
  const q = hashQuery(location.hash);
  const query = new URLSearchParams();
  if (q.get('q')) query.set('q', q.get('q'));
  if (/^\d{4}$/.test(q.get('year') || '')) query.set('year', q.get('year'));
  if (MOVEMENT_STATUSES.includes(q.get('status'))) query.set('status', q.get('status'));
  const list = await apiAll(`/movements${query.toString() ? `?${query}` : ''}`);
  const rows = list.items.map((m) => h('tr', { 'data-id': m.id },
    h('td', { 'data-label': t('movements.name') }, h('a', { href: `#/movements/${m.id}`, class: 'movement-link' }, m.name)),
    h('td', { 'data-label': t('movements.launched_by') }, m.org_name),
    h('td', { 'data-label': t('movements.period') }, period(m)),
    h('td', { 'data-label': t('movements.registered'), class: 'num' }, formatNumber(m.registered)),
    h('td', { 'data-label': t('movements.status') }, statusBadge(m.status))));
  const table = list.items.length === 0
    ? h('p', { class: 'empty' }, t('movements.none'))
    : h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'movements' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('movements.name')),
        h('th', { scope: 'col' }, t('movements.launched_by')),
        h('th', { scope: 'col' }, t('movements.period')),
        h('th', { scope: 'col', class: 'num' }, t('movements.registered')),
        h('th', { scope: 'col' }, t('movements.status')))),
      h('tbody', {}, rows)));
  mount(page,
    h('h1', {}, t('movements.title')),
    app.notice ? noticeBox(app.notice) : null,
    h('p', { class: 'muted' }, t('movements.intro')),
    canLaunch(app.user) ? h('div', { class: 'actions' }, h('a', { href: '#/movements/new', class: 'button', id: 'new-movement' }, t('movements.new'))) : null,
    filters(app, q),
    table,
    h('p', { class: 'muted' }, t('movements.total', { n: formatNumber(list.total) })));
}

const ROUTES = [
  [/^#\/movements\/new$/, 'movement_form.js', 'renderMovementForm'],
  [/^#\/movements\/(\d+)\/edit$/, 'movement_form.js', 'renderMovementForm'],
  [/^#\/movements\/(\d+)$/, 'movement.js', 'renderMovement'],
];

export const movementsSection = {
  route(hash) {
    if (/^#\/movements(?:\?.*)?$/.test(hash)) return renderMovements;
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
    return user ? [{ href: '#/movements', label: t('nav.movements'), current: /^#\/movements(?:[/?].*)?$/.test(hash) }] : [];
  },
};
