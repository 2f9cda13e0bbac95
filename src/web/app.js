// thidua's web UI: a small single-page app on the JSON API. Routes live in
// the location hash (#/clusters, #/clusters/3, #/clusters/3/years/2026/scoring),
// so reloading keeps the page.
import { api, ApiError, setCsrf } from './api.js';
import { h, mount } from './dom.js';
import { t, setLang, currentLang } from './i18n.js';
import { errorBox, SESSION_LOST } from './ui.js';
import { renderClusters, renderCluster } from './clusters.js';
import { renderYear } from './year.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');
const langButton = document.getElementById('lang');
let session = null;

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

function sessionLost() {
  session = null;
  renderLogin(t('error.login_required'));
}

// Render the page the hash names; notice (after an action) is shown on it.
async function route(notice) {
  renderHeader();
  if (!session) {
    renderLogin();
    return;
  }
  const year = /^#\/clusters\/(\d+)\/years\/(\d+)(?:\/([a-z]+))?$/.exec(location.hash);
  const cluster = /^#\/clusters\/(\d+)$/.exec(location.hash);
  // Each rendering fills its own container: one that a later navigation
  // has replaced can finish loading without overwriting the newer page.
  const page = h('div', {});
  mount(main, page);
  try {
    if (year) {
      await renderYear(page, {
        user: session.user, clusterId: Number(year[1]), year: Number(year[2]), tab: year[3],
        notice, refresh: route,
      });
    } else if (cluster) {
      await renderCluster(page, Number(cluster[1]));
    } else {
      await renderClusters(page);
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) sessionLost();
    else mount(page, errorBox(err));
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

window.addEventListener('hashchange', () => route());
window.addEventListener(SESSION_LOST, sessionLost);

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
