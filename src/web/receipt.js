// #/receipt: anyone holding a receipt checks, without logging in, that its
// ballot was recorded (and once the ballot closes, counted) and what it
// holds. The code is typed in, never put in the address.
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

// The answer names the ballot's question and candidates: the receipt is
// enough to read them, logged in or not.
function answer(r) {
  const names = new Map(r.candidates.map((c) => [c.id, c.label]));
  const label = (id) => names.get(id) || t('check.candidate_no', { id });
  return h('div', { class: 'receipt-answer', id: 'receipt-answer' },
    h('p', { class: 'notice', role: 'status' }, t(r.status === 'closed' ? 'check.counted' : 'check.recorded', { id: r.ballot_id })),
    h('p', {}, h('strong', {}, `${t('check.question')}: `), r.question),
    h('p', {}, h('strong', {}, `${t('check.choices')}: `)),
    r.choices.length
      ? h('ul', { id: 'receipt-choices' }, r.choices.map((id) => h('li', {}, label(id))))
      : h('p', { id: 'receipt-choices' }, t('result.blank_ballot')),
    h('p', { class: 'muted small' }, `${t('receipt.hash')} `, h('code', { class: 'hash' }, r.receipt_hash)),
    h('p', { class: 'muted small' }, t(r.status === 'closed' ? 'check.find_in_list' : 'check.later')));
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
    const receipt = code.value.trim();
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
