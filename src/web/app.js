// thidua's web UI: a small single-page app on the JSON API. Routes live in
// the location hash (#/clusters, #/clusters/3, #/clusters/3/years/2026/scoring),
// so reloading keeps the page. #/receipt works without logging in.
import { api, ApiError, setCsrf } from './api.js';
import { h, mount } from './dom.js';
import { t, setLang, currentLang } from './i18n.js';
import { errorBox, SESSION_LOST } from './ui.js';
import { renderClusters, renderCluster } from './clusters.js';
import { renderYear } from './year.js';
import { renderMyBallots } from './ballots.js';
import { renderBallot } from './ballot.js';
import { renderReceipt } from './receipt.js';
import { awardRoute, awardsHome, inAwards } from './awards.js';
import { sections } from './sections.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');
const langButton = document.getElementById('lang');
const nav = document.getElementById('nav');
let session = null;
// The notice a navigation carries to the page it opens (see go).
let pendingNotice = null;

// current: whether the link is the page's section, when its own href
// does not say (the award pages live under several paths).
function navLink(href, label, current) {
  const here = current ?? (location.hash === href || location.hash.startsWith(`${href}/`));
  return h('a', { href, 'aria-current': here ? 'page' : null }, label);
}

function renderHeader() {
  document.title = t('app.title');
  langButton.textContent = t('lang.switch');
  logoutButton.textContent = t('logout');
  logoutButton.hidden = !session;
  nav.setAttribute('aria-label', t('nav.label'));
  mount(nav, session
    ? [navLink('#/clusters', t('nav.clusters')), navLink('#/ballots', t('nav.ballots')),
      navLink(awardsHome(session.user), t('nav.awards'), inAwards(location.hash)),
      ...sections.flatMap((s) => s.nav(session.user, location.hash))
        .map((l) => navLink(l.href, l.label, l.current))]
    : []);
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
  mount(main, form,
    h('p', { class: 'login-extra' }, h('a', { href: '#/receipt', id: 'check-receipt-link' }, t('login.check_receipt'))));
  username.focus();
}

function sessionLost() {
  session = null;
  renderLogin(t('error.login_required'));
}

// Open the page of hash with a notice on it (after an action).
function go(hash, notice) {
  if (location.hash === hash) {
    route(notice);
    return;
  }
  pendingNotice = notice;
  location.hash = hash;
}

// Render the page the hash names; notice (after an action) is shown on it,
// and state carries what a page shows once (a new ballot's receipt).
async function route(notice, state) {
  renderHeader();
  const receipt = /^#\/receipt(?:\/(\d+))?$/.exec(location.hash);
  if (!session && !receipt) {
    renderLogin();
    return;
  }
  const year = /^#\/clusters\/(\d+)\/years\/(\d+)(?:\/([a-z]+))?$/.exec(location.hash);
  const cluster = /^#\/clusters\/(\d+)$/.exec(location.hash);
  const ballot = /^#\/ballots\/(\d+)$/.exec(location.hash);
  const award = awardRoute(location.hash); // the award pages (awards.js)
  const section = sections.map((s) => s.route(location.hash)).find(Boolean);
  // What the ballot pages get: the user, the notice, and ways to move on.
  const app = {
    user: session ? session.user : null, notice, state, go, refresh: route,
  };
  // Each rendering fills its own container: one that a later navigation
  // has replaced can finish loading without overwriting the newer page.
  const page = h('div', {});
  mount(main, page);
  try {
    if (receipt) {
      renderReceipt(page, app, receipt[1]);
    } else if (year) {
      await renderYear(page, {
        user: session.user, clusterId: Number(year[1]), year: Number(year[2]), tab: year[3],
        notice, refresh: route, go,
      });
    } else if (ballot) {
      await renderBallot(page, app, Number(ballot[1]));
    } else if (location.hash === '#/ballots') {
      await renderMyBallots(page, app);
    } else if (award) {
      await award(page, app);
    } else if (section) {
      await section(page, app);
    } else if (cluster) {
      await renderCluster(page, app, Number(cluster[1]));
    } else {
      await renderClusters(page, app);
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

window.addEventListener('hashchange', () => {
  const notice = pendingNotice;
  pendingNotice = null;
  route(notice);
});
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
