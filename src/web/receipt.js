// #/receipt: anyone holding a receipt checks, without logging in, that its
// ballot was recorded (and once the ballot closes, counted). The answer
// never says what the ballot holds: receipts and ballots are kept apart, so
// a receipt cannot be used to show anyone how its holder voted. The code is
// typed in, never put in the page's address.
import { api, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { errorBox } from './ui.js';

function checkError(err, ballotId) {
  if (err instanceof ApiError) {
    if (err.code === 'receipt_not_found') return h('p', { class: 'error', role: 'alert' }, t('check.not_found', { id: ballotId }));
    if (err.code === 'not_found') return h('p', { class: 'error', role: 'alert' }, t('check.no_ballot', { id: ballotId }));
    if (err.code === 'invalid_receipt') return h('p', { class: 'error', role: 'alert' }, t('check.invalid_code'));
  }
  return errorBox(err);
}

// The answer: the ballot's question, and that the ballot is counted (or,
// while voting goes on, taken in), with what that proves and what not.
function answer(r) {
  const closed = r.status === 'closed';
  return h('div', { class: 'receipt-answer', id: 'receipt-answer' },
    h('p', { class: 'notice', role: 'status' }, t(r.void ? 'check.void' : closed && r.counted ? 'check.counted' : 'check.recorded', { id: r.ballot_id })),
    h('p', { id: 'receipt-question' }, h('strong', {}, `${t('check.question')}: `), r.question),
    h('p', { id: 'receipt-proves' }, t('check.proves')),
    h('p', { class: 'muted small' }, `${t('receipt.hash')} `, h('code', { class: 'hash', id: 'receipt-hash' }, r.receipt_hash)),
    h('p', { class: 'muted small' }, t(closed ? 'check.find_in_list' : 'check.later')));
}

// A receipt as typed, ready for the path: no spaces anywhere (a code copied
// from paper or a message often has some), dashes kept.
function typedCode(text) {
  return text.replace(/\s+/g, '');
}

export function renderReceipt(page, app, ballotId) {
  const ballot = h('input', {
    id: 'check-ballot', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off', required: true, value: ballotId || '',
  });
  const code = h('input', {
    id: 'check-code', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', required: true,
    class: 'mono', placeholder: 'XXXX-XXXX-XXXX-XXXX-XXXX-XXXX', maxlength: 60,
  });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'check-submit' }, t('check.submit'));
  const form = h('form', { class: 'card receipt-check', novalidate: true },
    h('h1', {}, t('check.title')),
    h('p', { class: 'muted' }, t('check.intro')),
    h('label', { for: 'check-ballot' }, t('check.ballot')), ballot,
    h('label', { for: 'check-code' }, t('check.code')), code,
    h('p', { class: 'muted small' }, t('check.code_hint')),
    h('div', { class: 'actions' }, submit),
    out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const id = ballot.value.trim();
    const receipt = typedCode(code.value);
    if (!/^[0-9]+$/.test(id)) {
      mount(out, h('p', { class: 'error', role: 'alert' }, t('check.ballot_required')));
      ballot.focus();
      return;
    }
    if (!receipt) {
      mount(out, h('p', { class: 'error', role: 'alert' }, t('check.code_required')));
      code.focus();
      return;
    }
    submit.disabled = true;
    mount(out, h('p', {}, t('loading')));
    try {
      const r = await api('GET', `/ballots/${id}/receipts/${encodeURIComponent(receipt)}`);
      mount(out, answer(r));
    } catch (err) {
      mount(out, checkError(err, id));
    } finally {
      submit.disabled = false;
    }
  });
  mount(page,
    h('p', { class: 'crumbs' }, app.user
      ? h('a', { href: '#/ballots' }, t('check.back_ballots'))
      : h('a', { href: '#/login' }, t('check.back_login'))),
    form);
  (ballotId ? code : ballot).focus();
}
