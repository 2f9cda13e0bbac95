// thidua's web UI: a small single-page app on the JSON API. Routes live in
// the location hash (#/clusters, #/clusters/3), so reloading keeps the page.
import { api, ApiError, setCsrf } from './api.js';
import { h, mount } from './dom.js';
import { t, setLang, currentLang, hasMessage } from './i18n.js';
import { renderClusters, renderCluster } from './clusters.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');
const langButton = document.getElementById('lang');
let session = null;

export function errorText(err) {
  if (!(err instanceof ApiError)) return t('error.generic', { message: String(err) });
  if (err.code === 'too_many_attempts') return t('error.too_many_attempts', { s: err.retryAfter || '60' });
  if (hasMessage(`error.${err.code}`)) return t(`error.${err.code}`);
  return t('error.generic', { message: err.message });
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, errorText(err));
}

function renderHeader() {
  document.title = t('app.title');
  langButton.textContent = t('lang.switch');
  logoutButton.textContent = t('logout');
  logoutButton.hidden = !session;
  who.textContent = session
    ? `${session.user.username} · ${session.user.roles.map((r) => t(`role.${r}`)).join(', ')}`
    : '';
}

function renderLogin(message) {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { 'aria-live': 'polite' }, message ? h('p', { class: 'error', role: 'alert' }, message) : null);
  const submit = h('button', { type: 'submit' }, t('login.submit'));
  const form = h('form', { class: 'card login', novalidate: true },
    h('h1', {}, t('login.title')),
    h('label', { for: 'username' }, t('login.username')), username,
    h('label', { for: 'password' }, t('login.password')), password,
    status, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    try {
      session = await api('POST', '/session', { username: username.value, password: password.value });
      setCsrf(session.csrf_token);
      if (!location.hash || location.hash === '#/login') location.hash = '#/clusters';
      route();
    } catch (err) {
      mount(status, errorBox(err));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  renderHeader();
  mount(main, form);
  username.focus();
}

async function route() {
  renderHeader();
  if (!session) {
    renderLogin();
    return;
  }
  const m = /^#\/clusters\/(\d+)$/.exec(location.hash);
  try {
    if (m) await renderCluster(main, Number(m[1]));
    else await renderClusters(main);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      session = null;
      renderLogin(t('error.login_required'));
      return;
    }
    mount(main, errorBox(err));
  }
}

logoutButton.addEventListener('click', async () => {
  try {
    await api('DELETE', '/session');
  } catch {
    // The session may already be gone; the page forgets it either way.
  }
  session = null;
  setCsrf(null);
  location.hash = '#/login';
  route();
});

langButton.addEventListener('click', () => {
  setLang(currentLang() === 'vi' ? 'en' : 'vi');
  route();
});

window.addEventListener('hashchange', route);

async function start() {
  setLang(currentLang());
  try {
    session = await api('GET', '/session');
    setCsrf(session.csrf_token);
  } catch {
    session = null;
  }
  route();
}

start();
