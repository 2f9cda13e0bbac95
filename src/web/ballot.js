// One ballot (#/ballots/7): its question, rules and candidates, who has
// voted (never how), the voter's form and the receipt it gets, the
// managers' actions and paper-ballot entry, and once closed the result.
import { api } from './api.js';
import { h, mount } from './dom.js';
import { t, compareVi, formatNumber, formatTimestamp } from './i18n.js';
import { button, confirmBox, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  homeOf, kindText, managerActions, participationText, priorityTag, quorumText, scopeNames, scopeText,
  seatsText, statusBadge, thresholdText, yourVoteText,
} from './ballots.js';
import { resultSection } from './ballot_result.js';
import { awardTypeIndex, nomineeNames, proposalBadge, typeName } from './awards.js';

function crumbs(b, names) {
  const label = b.cluster_id ? t('ballot.back_cluster', { scope: scopeText(b, names) }) : t('ballot.back_mine');
  return h('p', { class: 'crumbs no-print' }, h('a', { href: homeOf(b) }, label));
}

function rules(b) {
  const times = [
    b.opened_at ? t('ballot.opened_at', { at: formatTimestamp(b.opened_at) }) : t('ballot.created_at', { at: formatTimestamp(b.created_at) }),
    b.closed_at ? t('ballot.closed_at', { at: formatTimestamp(b.closed_at) }) : null,
  ].filter(Boolean).join(' · ');
  return h('dl', { class: 'rules ballot-rules' },
    h('dt', {}, t('ballot.kind')), h('dd', {}, kindText(b)),
    h('dt', {}, t('ballot.seats')), h('dd', {}, seatsText(b)),
    h('dt', {}, t('ballot.threshold')), h('dd', {}, thresholdText(b)),
    h('dt', {}, t('ballot.quorum')), h('dd', {}, quorumText(b)),
    h('dt', {}, t('ballot.voters')), h('dd', {}, t(`ballot.voter_kind.${b.voter_kind}`, { n: formatNumber(b.eligible) })),
    h('dt', {}, t('ballot.times')), h('dd', {}, times));
}

function candidateList(b) {
  return h('section', { 'aria-labelledby': 'candidates-title' },
    h('h2', { id: 'candidates-title' }, t('ballot.candidates', { n: formatNumber(b.candidates.length) })),
    h('ol', { class: 'candidates', id: 'candidates' },
      b.candidates.map((c) => h('li', {}, c.label, ' ', priorityTag(c)))),
    b.candidates.some((c) => c.priority) ? h('p', { class: 'muted small' }, t('ballot.priority_hint')) : null);
}

// The voter's form: a radio per candidate for a single choice, a checkbox
// for the others (no more than allowed); nothing ticked is a blank ballot.
function voteForm(b, done) {
  const multi = b.kind !== 'single';
  const most = b.kind === 'choose_n' ? b.max_choices : b.candidates.length;
  const inputs = b.candidates.map((c) => h('input', {
    type: multi ? 'checkbox' : 'radio', name: 'choice', value: c.id, id: `choice-${c.id}`,
  }));
  const counter = h('p', { class: 'muted', id: 'choice-count', 'aria-live': 'polite' });
  const update = () => {
    const n = inputs.filter((i) => i.checked).length;
    if (b.kind === 'choose_n') {
      for (const i of inputs) i.disabled = !i.checked && n >= most;
      counter.textContent = t('vote.count', { n: formatNumber(n), most: formatNumber(most) });
    } else if (b.kind === 'approve_each') {
      counter.textContent = t('vote.count_approved', { n: formatNumber(n), total: formatNumber(inputs.length) });
    }
  };
  const legend = b.kind === 'single' ? t('vote.pick_one')
    : b.kind === 'approve_each' ? t('vote.approve_each') : t('vote.pick_up_to', { n: formatNumber(most) });
  const fieldset = h('fieldset', { class: 'vote-choices' },
    h('legend', {}, legend),
    b.candidates.map((c, i) => h('div', { class: 'choice vote-choice' },
      inputs[i], ' ', h('label', { for: inputs[i].id }, c.label, ' ', priorityTag(c)))));
  fieldset.addEventListener('change', update);
  const clear = button(t('vote.clear'), { class: 'link', onclick: () => { for (const i of inputs) i.checked = false; update(); } });
  const status = statusArea();
  const submit = button(t('vote.submit'), { id: 'vote-submit' });
  onAction(submit, status, async () => {
    const chosen = b.candidates.filter((c, i) => inputs[i].checked);
    if (chosen.length > most) throw new InputError(t('vote.too_many', { n: formatNumber(most) }));
    const names = chosen.map((c) => c.label).join('; ');
    const question = chosen.length === 0 ? t(b.kind === 'approve_each' ? 'vote.confirm_none_approved' : 'vote.confirm_blank')
      : b.kind === 'approve_each' ? t('vote.confirm_approve', { names }) : t('vote.confirm', { names });
    mount(status, confirmBox(question, chosen.length ? t('vote.send') : t('vote.send_blank'), async () => {
      const r = await api('POST', `/ballots/${b.id}/votes`, { choices: chosen.map((c) => c.id) });
      done(t('vote.done'), { receipt: r });
    }, t('vote.final')));
  });
  update();
  return h('section', { class: 'card vote-form', id: 'vote', 'aria-labelledby': 'vote-title' },
    h('h2', { id: 'vote-title' }, t('vote.title')),
    h('p', {}, t('vote.secret')),
    fieldset, counter,
    h('div', { class: 'actions' }, submit, clear),
    status);
}

// Copy the receipt; where the clipboard is out of reach (a page not served
// over HTTPS), select it for the user to copy.
async function copyReceipt(code) {
  try {
    await navigator.clipboard.writeText(code.textContent);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

// The receipt, shown once, right after the vote.
function receiptBox(b, r) {
  const code = h('code', { id: 'receipt-code', class: 'receipt-code' }, r.receipt);
  const status = h('p', { class: 'small', 'aria-live': 'polite' });
  const copy = button(t('receipt.copy'), { class: 'secondary no-print', id: 'copy-receipt' });
  copy.addEventListener('click', async () => {
    status.textContent = (await copyReceipt(code)) ? t('receipt.copied') : t('receipt.copy_failed');
  });
  return h('section', { class: 'card receipt', id: 'receipt', 'aria-labelledby': 'receipt-title', tabindex: '-1' },
    h('h2', { id: 'receipt-title' }, t('receipt.title')),
    h('p', {}, code),
    h('div', { class: 'actions' }, copy, status),
    h('p', {}, t('receipt.explain', { id: b.id }), ' ', h('a', { href: `#/receipt/${b.id}` }, t('receipt.check_link'))),
    h('p', { class: 'warning' }, t('receipt.keep')),
    h('p', { class: 'muted small' }, `${t('receipt.hash')} `, h('code', { class: 'hash' }, r.receipt_hash)));
}

// The caller's own part: vote, or what became of its vote.
function yourPart(b, done) {
  const v = b.your_vote;
  if (!v) return null;
  if (v.voted) return h('p', { class: 'voted', id: 'your-vote' }, yourVoteText(b));
  if (b.status === 'open') return voteForm(b, done);
  return h('p', { class: 'muted', id: 'your-vote' }, yourVoteText(b));
}

// The voters' list, by name.
function sortedVoters(b) {
  return [...b.voters].sort((x, y) => compareVi(x.name || '', y.name || '') || x.id - y.id);
}

function votersTable(b) {
  const rows = sortedVoters(b).map((v) => h('tr', { class: v.voted ? 'signed' : 'unsigned' },
    h('td', {}, v.name || `#${v.id}`),
    h('td', {}, t(`ballot.voter_state.${v.voted || 'not_yet'}`))));
  return h('details', { class: 'voters', open: b.voters.length <= 40 },
    h('summary', {}, t('ballot.voters_list', { n: formatNumber(b.voters.length) })),
    h('div', { class: 'scroll' }, h('table', { class: 'data', id: 'voters' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t(b.voter_kind === 'units' ? 'cluster.unit' : 'ballot.voter')),
        h('th', { scope: 'col' }, t('ballot.voter_status')))),
      h('tbody', {}, rows))),
    h('p', { class: 'muted small' }, t('ballot.voters_secret')));
}

function participation(b, refresh) {
  const reload = b.status === 'open' ? button(t('ballot.reload'), { class: 'secondary small no-print', onclick: () => refresh() }) : null;
  return h('section', { 'aria-labelledby': 'participation-title' },
    h('h2', { id: 'participation-title' }, t('ballot.participation')),
    h('p', { class: 'participation' }, h('span', { id: 'participation' }, participationText(b)), ' ',
      h('meter', { min: 0, max: Math.max(b.eligible, 1), value: b.voted, 'aria-hidden': 'true' }), ' ', reload),
    b.voters ? votersTable(b) : null);
}

function numberInput(id, attrs = {}) {
  return h('input', { id, type: 'number', min: 0, max: 2000, step: 1, value: 0, inputmode: 'numeric', class: 'count', ...attrs });
}

// A hybrid conference's paper ballots, entered once from the minutes of
// the count: who voted on paper, blank and invalid papers, votes each.
function paperForm(b, done) {
  const pending = sortedVoters(b).filter((v) => !v.voted);
  const boxes = pending.map((v) => h('input', { type: 'checkbox', id: `paper-voter-${v.id}`, value: v.id }));
  const papers = h('p', { class: 'muted', 'aria-live': 'polite' });
  const update = () => { papers.textContent = t('paper.papers', { n: formatNumber(boxes.filter((x) => x.checked).length) }); };
  const all = button(t('paper.all'), { class: 'link', onclick: () => { for (const x of boxes) x.checked = true; update(); } });
  const voters = h('fieldset', {},
    h('legend', {}, t('paper.voters')),
    h('div', { class: 'checks' }, pending.map((v, i) => h('div', { class: 'choice' }, boxes[i], ' ',
      h('label', { for: boxes[i].id }, v.name || `#${v.id}`)))),
    h('p', {}, all), papers);
  voters.addEventListener('change', update);
  const blank = numberInput('paper-blank');
  const invalid = numberInput('paper-invalid');
  const counts = b.candidates.map((c) => numberInput(`paper-count-${c.id}`, { 'aria-label': t('paper.count_for', { name: c.label }) }));
  const minutes = h('textarea', { id: 'paper-minutes', rows: 3, maxlength: 2000, required: true });
  const status = statusArea();
  const save = button(t('paper.save'), { id: 'paper-save' });
  const whole = (input, label) => {
    const n = Number(input.value || 0);
    if (!Number.isInteger(n) || n < 0) throw new InputError(t('paper.whole', { what: label }));
    return n;
  };
  onAction(save, status, async () => {
    const chosen = boxes.filter((x) => x.checked).map((x) => Number(x.value));
    if (chosen.length === 0) throw new InputError(t('paper.voters_required'));
    const body = {
      voters: chosen,
      blank: whole(blank, t('paper.blank')),
      invalid: whole(invalid, t('paper.invalid')),
      counts: Object.fromEntries(b.candidates.map((c, i) => [String(c.id), whole(counts[i], c.label)])),
      minutes: minutes.value.trim(),
    };
    if (!body.minutes) throw new InputError(t('paper.minutes_required'));
    mount(status, confirmBox(t('paper.confirm', { n: formatNumber(chosen.length) }), t('paper.save'), async () => {
      await api('POST', `/ballots/${b.id}/paper`, body);
      done(t('paper.saved'));
    }, t('paper.once')));
  });
  update();
  return h('details', { class: 'card paper-form no-print', id: 'paper' },
    h('summary', {}, t('paper.title')),
    h('p', { class: 'muted' }, t('paper.hint')),
    pending.length ? voters : h('p', { class: 'empty' }, t('paper.nobody_left')),
    h('div', { class: 'paper-numbers' },
      h('label', { for: 'paper-blank' }, t('paper.blank')), blank,
      h('label', { for: 'paper-invalid' }, t('paper.invalid')), invalid),
    h('div', { class: 'scroll' }, h('table', { class: 'data edit-table', id: 'paper-counts' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ballot.candidate')), h('th', { scope: 'col', class: 'num' }, t('paper.votes')))),
      h('tbody', {}, b.candidates.map((c, i) => h('tr', {}, h('td', {}, c.label), h('td', { class: 'num' }, counts[i])))))),
    h('label', { for: 'paper-minutes' }, t('paper.minutes')), minutes,
    h('div', { class: 'actions' }, save),
    status);
}

// What was entered from paper: how many papers, and once the ballot is
// closed how many were blank or spoilt (the API gives no count before);
// never a count of a ballot closed void.
function paperSummary(b, result) {
  const p = b.paper;
  const closed = p.blank !== undefined && !(result && result.void);
  const key = closed ? 'paper.entered' : b.status === 'closed' ? 'paper.entered_void' : 'paper.entered_open';
  return h('p', { class: 'muted', id: 'paper-entered' }, t(key, {
    at: formatTimestamp(p.entered_at), n: formatNumber(p.ballots),
    blank: closed ? formatNumber(p.blank) : '', invalid: closed ? formatNumber(p.invalid) : '',
    minutes: p.minutes,
  }));
}

// The award proposals a council ballot decides, for those who may read
// them (the authority and its council): the way back to approve them.
async function councilProposals(b) {
  if (b.cluster_id) return null;
  let list;
  try {
    list = await api('GET', `/proposals?council_ballot_id=${b.id}&limit=500`);
  } catch {
    return null;
  }
  if (!list.items.length) return null;
  const [names, types] = await Promise.all([nomineeNames(list.items), awardTypeIndex()]);
  return h('section', { class: 'card' },
    h('h2', {}, t('ballot.council_proposals')),
    h('ul', {}, list.items.map((p) => h('li', {},
      h('a', { href: `#/proposals/${p.id}` }, names.get(p.nominee_person_id ? `p${p.nominee_person_id}` : `o${p.nominee_org_id}`) || `#${p.id}`),
      ' — ', typeName(types, p.award_type), ' ', proposalBadge(p.status)))));
}

export async function renderBallot(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const b = await api('GET', `/ballots/${id}`);
  const [names, result, proposals] = await Promise.all([
    scopeNames([b]),
    b.status === 'closed' ? api('GET', `/ballots/${id}/result`) : null,
    councilProposals(b),
  ]);
  const manage = b.your_powers.includes('manage');
  const refresh = (notice, state) => app.refresh(notice, state);
  const done = (notice, what) => (what === 'deleted' ? app.go(homeOf(b), notice) : refresh(notice));
  const receipt = app.state && app.state.receipt && app.state.receipt.ballot_id === b.id ? app.state.receipt : null;
  const receiptNode = receipt ? receiptBox(b, receipt) : null;
  mount(page,
    crumbs(b, names),
    h('h1', { id: `ballot-q-${b.id}` }, b.question),
    h('p', { class: 'ballot-meta' }, statusBadge(b.status), ' ', scopeText(b, names)),
    app.notice ? noticeBox(app.notice) : null,
    receiptNode,
    managerActions(b, done),
    yourPart(b, refresh),
    result ? resultSection(b, result, manage, refresh) : null,
    proposals,
    h('section', { class: 'card' },
      h('h2', {}, t('ballot.rules')),
      rules(b),
      b.status === 'closed' && !(result && result.void) ? null : candidateList(b)),
    h('section', { class: 'card' },
      participation(b, refresh),
      b.paper ? paperSummary(b, result) : null),
    manage && b.status === 'open' && !b.paper && b.voters && !proposals ? paperForm(b, refresh) : null);
  if (receiptNode && receiptNode.isConnected) receiptNode.focus();
}
