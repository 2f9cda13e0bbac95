// Pieces every page shares: error and notice boxes, buttons that run an
// API call, and the confirmation a user gives before an irreversible step.
import { ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, hasMessage } from './i18n.js';

// Fired when the server answers 401 to an action: the app shows the login.
export const SESSION_LOST = 'thidua:session-lost';

// A mistake in what the user typed, found before anything is sent.
export class InputError extends Error {}

function errorText(err) {
  if (err instanceof InputError) return err.message;
  if (!(err instanceof ApiError)) return t('error.generic', { message: String(err) });
  if (err.code === 'too_many_attempts') return t('error.too_many_attempts', { s: err.retryAfter || '60' });
  if (hasMessage(`error.${err.code}`)) return t(`error.${err.code}`);
  // 422: the server's message names the field or criterion at fault.
  if (err.status === 422) return t('error.invalid', { message: err.message });
  return t('error.generic', { message: err.message });
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, errorText(err));
}

export function noticeBox(text) {
  return h('p', { class: 'notice', role: 'status' }, text);
}

// A place for the outcome of an action, announced to screen readers.
export function statusArea() {
  return h('div', { class: 'status-area', 'aria-live': 'polite' });
}

// Run fn when button is clicked: the button is disabled meanwhile, and an
// error lands in status instead of escaping.
export function onAction(button, status, fn) {
  button.addEventListener('click', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    mount(status);
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        window.dispatchEvent(new CustomEvent(SESSION_LOST));
        return;
      }
      mount(status, errorBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// Download links for the table a page shows: path is its JSON's (/models),
// params the page's filters; the server answers the file with the same
// filters and the same authorization. The CSV carries the byte order mark
// Excel needs to read Vietnamese.
export function exportLinks(path, params = new URLSearchParams()) {
  const href = (ext, extra = {}) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const query = q.toString();
    return `/api/v1${path}.${ext}${query ? `?${query}` : ''}`;
  };
  return h('p', { class: 'exports no-print' },
    h('a', { href: href('csv', { bom: '1' }), download: '', class: 'export-csv' }, t('export.csv')), ' · ',
    h('a', { href: href('xlsx'), download: '', class: 'export-xlsx' }, t('export.xlsx')));
}

export function button(label, attrs = {}) {
  return h('button', { type: 'button', ...attrs }, label);
}

// "Are you sure?" shown in place: the question, an optional detail, and
// a button that runs onConfirm (its errors shown in the box).
export function confirmBox(question, confirmLabel, onConfirm, detail = null) {
  const status = statusArea();
  const yes = button(confirmLabel, { class: 'danger' });
  const box = h('div', { class: 'confirm' },
    h('p', { role: 'alert' }, h('strong', {}, question)),
    detail ? h('p', { class: 'detail' }, detail) : null);
  const no = button(t('common.cancel'), { class: 'secondary', onclick: () => box.remove() });
  box.append(h('div', { class: 'actions' }, yes, no), status);
  onAction(yes, status, onConfirm);
  return box;
}

// The server's explanation of incomplete score sheets, without the hint
// meant for API clients ('send "force": true …').
function incompleteDetail(message) {
  return message.replace(/;\s*send "force".*$/, '');
}

// Send a write the server refuses with 409 scores_incomplete while score
// sheets are missing: then ask, in status, whether to go on with force.
export async function sendForcing(status, send) {
  try {
    await send(false);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'scores_incomplete')) throw err;
    mount(status, confirmBox(t('force.question'), t('force.go_on'), () => send(true),
      t('force.detail', { message: incompleteDetail(err.message) })));
  }
}
