// #/movements/7: one movement — its goals and period, how many of the
// units it expects have registered (a figure and a bar), who registered
// with their commitments and who has not. A unit officer registers its
// unit or withdraws it until the movement ends; the launching org's
// authority registers a unit beneath it, withdraws one, edits or deletes
// the movement (deleting only while nobody has registered).
import { api } from './api.js';
import { h, svg, mount } from './dom.js';
import { t, formatNumber, formatTimestamp } from './i18n.js';
import { button, confirmBox, noticeBox, onAction, statusArea } from './ui.js';
import { orgChain } from './awards.js';
import { canLaunch, canRegisterOwn, period, statusBadge } from './movements.js';

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

// May the user act for the launching org (admin, or an authority officer of it or above)?
async function isLauncher(user, m) {
  if (user.roles.includes('admin')) return true;
  if (!canLaunch(user)) return false;
  return (await orgChain(m.org_id)).includes(user.org_id);
}

function progress(regs) {
  const share = regs.expected > 0 ? regs.registered / regs.expected : 0;
  return h('figure', { class: 'movement-progress', id: 'mv-progress' },
    h('figcaption', {}, t('movement.progress', {
      n: formatNumber(regs.registered), m: formatNumber(regs.expected), p: percent.format(share),
    })),
    svg('svg', { class: 'chart-bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', role: 'img', 'aria-label': percent.format(share) },
      svg('rect', { x: 0, y: 0, width: 100 * share, height: 10, class: 'bar passed' })));
}

// The caller's own unit: register it (with a commitment) or withdraw it.
function ownUnitPanel(app, m, regs) {
  const own = app.user.org_id;
  const registered = regs.items.find((r) => r.org_id === own);
  const expected = registered || regs.not_registered.some((u) => u.org_id === own);
  if (!canRegisterOwn(app.user) || !expected || m.status === 'ended') return null;
  const status = statusArea();
  if (registered) {
    const withdraw = button(t('movement.withdraw'), { id: 'mv-withdraw', class: 'secondary' });
    withdraw.addEventListener('click', () => {
      status.replaceChildren(confirmBox(t('movement.withdraw_question'), t('movement.withdraw'), async () => {
        await api('DELETE', `/movements/${m.id}/registrations/${own}`);
        app.go(`#/movements/${m.id}`, t('movement.withdrawn'));
      }));
    });
    return h('section', { class: 'card no-print', 'aria-labelledby': 'mv-own-title' },
      h('h2', { id: 'mv-own-title' }, t('movement.own_title')),
      h('p', {}, t('movement.own_registered', { at: formatTimestamp(registered.registered_at) })),
      h('div', { class: 'actions' }, withdraw), status);
  }
  const commitment = h('textarea', { id: 'mv-commitment', rows: 3, maxlength: 1000 });
  const go = button(t('movement.register'), { id: 'mv-register' });
  onAction(go, status, async () => {
    const body = commitment.value.trim() ? { commitment: commitment.value.trim() } : {};
    await api('POST', `/movements/${m.id}/registrations`, body);
    app.go(`#/movements/${m.id}`, t('movement.registered_notice'));
  });
  return h('section', { class: 'card no-print', 'aria-labelledby': 'mv-own-title' },
    h('h2', { id: 'mv-own-title' }, t('movement.own_title')),
    h('p', { class: 'muted' }, t('movement.own_not_registered')),
    h('div', { class: 'field' }, h('label', { for: 'mv-commitment' }, t('movement.commitment')), commitment),
    h('div', { class: 'actions' }, go), status);
}

// The authority registers a unit beneath it that has not registered.
function registerForPanel(app, m, regs) {
  if (m.status === 'ended' || regs.not_registered.length === 0) return null;
  const status = statusArea();
  const unit = h('select', { id: 'mv-register-unit' },
    regs.not_registered.map((u) => h('option', { value: u.org_id }, u.name)));
  const go = button(t('movement.register_for'), { id: 'mv-register-for' });
  onAction(go, status, async () => {
    await api('POST', `/movements/${m.id}/registrations`, { org_id: Number(unit.value) });
    app.go(`#/movements/${m.id}`, t('movement.registered_for', { name: unit.selectedOptions[0].textContent }));
  });
  return h('div', { class: 'pickers' },
    h('label', { for: 'mv-register-unit' }, t('movement.unit')), unit, go, status);
}

function registeredTable(app, m, regs, launcher) {
  if (regs.items.length === 0) return h('p', { class: 'empty' }, t('movement.nobody'));
  const open = launcher && m.status !== 'ended';
  const rows = regs.items.map((r) => {
    let action = null;
    if (open) {
      const status = statusArea();
      const b = button(t('movement.withdraw'), { class: 'secondary small', 'data-org': r.org_id });
      b.addEventListener('click', () => {
        status.replaceChildren(confirmBox(t('movement.withdraw_for_question', { name: r.name }), t('movement.withdraw'), async () => {
          await api('DELETE', `/movements/${m.id}/registrations/${r.org_id}`);
          app.go(`#/movements/${m.id}`, t('movement.withdrawn_for', { name: r.name }));
        }));
      });
      action = h('td', { class: 'no-print' }, b, status);
    }
    return h('tr', { 'data-org': r.org_id },
      h('td', { 'data-label': t('movement.unit') }, r.name),
      h('td', { 'data-label': t('movement.commitment') }, r.commitment || '—'),
      h('td', { 'data-label': t('movement.registered_at') }, formatTimestamp(r.registered_at)),
      action);
  });
  return h('div', { class: 'scroll' }, h('table', { class: 'data stack', id: 'mv-registered' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('movement.unit')),
      h('th', { scope: 'col' }, t('movement.commitment')),
      h('th', { scope: 'col' }, t('movement.registered_at')),
      open ? h('th', { scope: 'col', class: 'no-print' }, h('span', { class: 'sr-only' }, t('movement.withdraw'))) : null)),
    h('tbody', {}, rows)));
}

function launcherTools(app, m) {
  const status = statusArea();
  const tools = [h('a', { href: `#/movements/${m.id}/edit`, class: 'button secondary-link', id: 'mv-edit' }, t('movement.edit'))];
  if (m.registered === 0) {
    const del = button(t('movement.delete'), { id: 'mv-delete', class: 'danger' });
    del.addEventListener('click', () => {
      status.replaceChildren(confirmBox(t('movement.delete_question'), t('movement.delete'), async () => {
        await api('DELETE', `/movements/${m.id}`);
        app.go('#/movements', t('movement.deleted', { name: m.name }));
      }));
    });
    tools.push(del);
  }
  return h('div', { class: 'actions no-print' }, tools, status);
}

export async function renderMovement(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const [m, regs] = await Promise.all([api('GET', `/movements/${id}`), api('GET', `/movements/${id}/registrations`)]);
  const launcher = await isLauncher(app.user, m);
  mount(page,
    h('p', { class: 'no-print' }, h('a', { href: '#/movements' }, t('movement.back'))),
    h('h1', {}, m.name, ' ', statusBadge(m.status)),
    app.notice ? noticeBox(app.notice) : null,
    h('dl', { class: 'rules movement-facts' },
      h('dt', {}, t('movements.launched_by')), h('dd', {}, m.org_name),
      h('dt', {}, t('movements.period')), h('dd', {}, period(m))),
    launcher ? launcherTools(app, m) : null,
    h('section', { 'aria-labelledby': 'mv-goals-title' },
      h('h2', { id: 'mv-goals-title' }, t('movement.goals')),
      h('p', { class: 'movement-goals', id: 'mv-goals' }, m.goals || t('movement.no_goals'))),
    progress(regs),
    ownUnitPanel(app, m, regs),
    h('section', { 'aria-labelledby': 'mv-registered-title' },
      h('h2', { id: 'mv-registered-title' }, t('movement.registered_title', { n: formatNumber(regs.items.length) })),
      launcher ? registerForPanel(app, m, regs) : null,
      registeredTable(app, m, regs, launcher)),
    h('section', { 'aria-labelledby': 'mv-missing-title' },
      h('h2', { id: 'mv-missing-title' }, t('movement.not_registered_title', { n: formatNumber(regs.not_registered.length) })),
      regs.not_registered.length === 0
        ? h('p', { class: 'empty' }, t('movement.everyone'))
        : h('ul', { id: 'mv-not-registered', class: 'columns' }, regs.not_registered.map((u) => h('li', { 'data-org': u.org_id }, u.name)))));
}
