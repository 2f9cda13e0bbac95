// One award proposal (#/proposals/7): the nominee, award type and year,
// the grounds, the cluster ballot's result it carries, the council's
// ballot, and the eligibility table (each condition with its text, legal
// basis, met or not, and why). The proposing unit edits the grounds,
// submits, resubmits or deletes a draft; the reviewing authority takes it
// up, puts it to the council, approves, returns or rejects it with a note,
// and once approved confers it by a decision.
import { api, ApiError } from './api.js';
import { h, mount } from './dom.js';
import { t, formatDate, formatNumber, formatTimestamp } from './i18n.js';
import { button, confirmBox, noticeBox, onAction, statusArea, InputError } from './ui.js';
import {
  awardTypeIndex, awardTypesOf, conferredAbove, nomineeKey, nomineeNames, orgNamesOf, partiesOf, proposalBadge, recipientLink,
  sectionNav, shareOf, typeName,
} from './awards.js';
import { eligibilityView } from './eligibility.js';
import { statusBadge as ballotBadge } from './ballots.js';

const EDITABLE = ['draft', 'returned'];
const REVIEWABLE = ['submitted', 'under_review'];

function factsList(p, ctx) {
  const rows = [
    [t('proposal.nominee'), recipientLink(p, ctx.names)],
    [t('proposal.award_type'), typeName(ctx.types, p.award_type)],
    [t('proposal.year'), String(p.year)],
    [t('proposal.proposer'), ctx.orgs.get(p.proposer_org_id)],
    [t('proposal.authority'), ctx.orgs.get(p.authority_id)],
    p.cluster_id ? [t('proposal.cluster'), h('a', { href: `#/clusters/${p.cluster_id}/years/${p.year}` }, ctx.cluster || `#${p.cluster_id}`)] : null,
    [t('proposal.created'), formatTimestamp(p.created_at)],
    [t('proposal.updated'), formatTimestamp(p.updated_at)],
    p.decision_id ? [t('proposal.decision'), h('a', { href: `#/decisions/${p.decision_id}`, id: 'proposal-decision' }, ctx.decision || `#${p.decision_id}`)] : null,
  ].filter(Boolean);
  return h('dl', { class: 'rules proposal-facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

// The cluster conference's ballot, as the proposal keeps its figures.
function ballotResultCard(r) {
  return h('section', { class: 'card', 'aria-labelledby': 'cluster-vote-title', id: 'cluster-vote' },
    h('h2', { id: 'cluster-vote-title' }, t('proposal.cluster_vote')),
    h('p', {}, h('a', { href: `#/ballots/${r.ballot_id}` }, r.question)),
    h('dl', { class: 'rules' },
      h('dt', {}, t('proposal.vote_eligible')), h('dd', {}, formatNumber(r.eligible)),
      h('dt', {}, t('proposal.vote_cast')), h('dd', {}, formatNumber(r.cast)),
      h('dt', {}, t('proposal.vote_for')), h('dd', {}, formatNumber(r.votes)),
      h('dt', {}, t('proposal.vote_needed')), h('dd', {}, t('proposal.vote_needed_is', {
        n: formatNumber(r.needed), share: shareOf(r.threshold), base: t(`ballot.base.${r.threshold_base}`),
      })),
      h('dt', {}, t('proposal.vote_outcome')), h('dd', { class: r.passed ? 'met-yes' : 'met-no' },
        h('span', { 'aria-hidden': 'true' }, r.passed ? '✓ ' : '✗ '), t(r.passed ? 'proposal.vote_passed' : 'proposal.vote_failed')),
      r.closed_at ? [h('dt', {}, t('proposal.vote_closed')), h('dd', {}, formatTimestamp(r.closed_at))] : null),
    h('p', { class: 'muted small' }, `${t('proposal.vote_digest')} `, h('code', { class: 'hash' }, r.digest)));
}

// The council's ballot: where it stands and, once closed, this nominee's votes.
async function councilCard(p) {
  let b = null;
  let result = null;
  try {
    b = await api('GET', `/ballots/${p.council_ballot_id}`);
    if (b.status === 'closed') result = await api('GET', `/ballots/${b.id}/result`);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 403 && err.status !== 404)) throw err;
  }
  const link = h('a', { href: `#/ballots/${p.council_ballot_id}`, id: 'council-ballot-link' }, b ? b.question : t('proposal.council_ballot_n', { id: p.council_ballot_id }));
  let outcome = null;
  if (result && !result.void && b) {
    const c = b.candidates.find((k) => (p.nominee_person_id && k.person_id === p.nominee_person_id) || (p.nominee_org_id && k.org_id === p.nominee_org_id));
    if (c) {
      const passed = result.passed.includes(c.id);
      outcome = h('p', { class: passed ? 'met-yes' : 'met-no', id: 'council-outcome' },
        h('span', { 'aria-hidden': 'true' }, passed ? '✓ ' : '✗ '),
        t(passed ? 'proposal.council_passed' : 'proposal.council_failed', {
          votes: formatNumber(result.counts[String(c.id)] ?? 0), eligible: formatNumber(result.eligible), needed: formatNumber(result.needed),
        }));
    }
  } else if (result && result.void) {
    outcome = h('p', { class: 'met-no' }, t('proposal.council_void'));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'council-vote-title', id: 'council-vote' },
    h('h2', { id: 'council-vote-title' }, t('proposal.council_vote')),
    h('p', {}, link, ' ', b ? ballotBadge(b.status) : null),
    b && b.status !== 'closed' ? h('p', { class: 'muted small' }, t('proposal.council_pending')) : null,
    outcome);
}

// The proposer's part: the grounds to edit, submit, delete a draft.
function proposerPart(p, app, grounds) {
  const status = statusArea();
  const buttons = [];
  const saveGrounds = async () => {
    const text = grounds.value.trim();
    if (!text) throw new InputError(t('proposal.grounds_required'));
    if (text !== p.grounds) await api('PATCH', `/proposals/${p.id}`, { grounds: text });
  };
  const save = button(t('proposal.save_grounds'), { class: 'secondary', id: 'save-grounds' });
  onAction(save, status, async () => {
    await saveGrounds();
    app.refresh(t('proposal.grounds_saved'));
  });
  buttons.push(save);
  const submit = button(t(p.status === 'returned' ? 'proposal.resubmit' : 'proposal.submit'), { id: 'submit-proposal' });
  onAction(submit, status, async () => {
    await saveGrounds();
    await api('POST', `/proposals/${p.id}/submit`, {});
    app.refresh(t('proposal.submitted'));
  });
  buttons.unshift(submit);
  // a draft is deleted; a returned proposal may be withdrawn
  const what = p.status === 'draft' ? 'delete' : 'withdraw';
  const del = button(t(`proposal.${what}`), { class: 'secondary', id: 'delete-proposal' });
  onAction(del, status, async () => {
    mount(status, confirmBox(t(`proposal.${what}_confirm`), t(`proposal.${what}`), async () => {
      await api('DELETE', `/proposals/${p.id}`);
      app.go('#/proposals', t(`proposal.${what === 'delete' ? 'deleted' : 'withdrawn'}`));
    }));
  });
  buttons.push(del);
  return h('section', { class: 'card actions-card no-print', 'aria-labelledby': 'proposer-title' },
    h('h2', { id: 'proposer-title' }, t('proposal.your_part')),
    h('p', { class: 'muted' }, t(p.status === 'returned' ? 'proposal.returned_hint' : 'proposal.draft_hint')),
    h('div', { class: 'actions' }, buttons),
    status);
}

// The authority's part: take up, council, approve, return, reject.
function authorityPart(p, app, type) {
  const status = statusArea();
  const note = h('textarea', { id: 'review-note', rows: 3, maxlength: 2000 });
  const review = async (outcome, notice) => {
    const text = note.value.trim();
    if ((outcome === 'returned' || outcome === 'rejected') && !text) throw new InputError(t('proposal.note_required'));
    const body = { outcome };
    if (text) body.note = text;
    await api('POST', `/proposals/${p.id}/review`, body);
    app.refresh(notice);
  };
  const buttons = [];
  if (p.status === 'submitted') {
    const take = button(t('proposal.take_up'), { class: 'secondary', id: 'take-up' });
    onAction(take, status, () => review('under_review', t('proposal.taken_up')));
    buttons.push(take);
  }
  const councilNeeded = type && type.vote_threshold;
  if (councilNeeded && !p.council_ballot_id) {
    const council = button(t('proposal.to_council'), { class: 'secondary', id: 'to-council' });
    onAction(council, status, async () => {
      const made = await api('POST', '/council-ballots', { proposal_ids: [p.id] });
      app.go(`#/ballots/${made.ballot_id}`, t('council.created_one'));
    });
    buttons.push(council);
  }
  const approve = button(t('proposal.approve'), { id: 'approve' });
  onAction(approve, status, () => review('approved', t('proposal.approved')));
  const ret = button(t('proposal.return'), { class: 'secondary', id: 'return' });
  onAction(ret, status, () => review('returned', t('proposal.returned')));
  const reject = button(t('proposal.reject'), { class: 'secondary', id: 'reject' });
  onAction(reject, status, async () => {
    if (!note.value.trim()) throw new InputError(t('proposal.note_required'));
    mount(status, confirmBox(t('proposal.reject_confirm'), t('proposal.reject'), () => review('rejected', t('proposal.rejected'))));
  });
  buttons.unshift(approve);
  buttons.push(ret, reject);
  return h('section', { class: 'card actions-card no-print', 'aria-labelledby': 'review-title' },
    h('h2', { id: 'review-title' }, t('proposal.review')),
    councilNeeded ? h('p', { class: 'muted' }, t('proposal.council_rule', { share: shareOf(type.vote_threshold) })) : null,
    h('label', { for: 'review-note' }, t('proposal.note')), note,
    h('p', { class: 'muted small' }, t('proposal.note_hint')),
    h('div', { class: 'actions' }, buttons),
    status);
}

// After approval: the decision here, or (a title conferred above) the way up.
function nextStep(p, types, name) {
  if (conferredAbove(types, p.award_type)) {
    const history = p.nominee_person_id ? `#/people/${p.nominee_person_id}/awards` : `#/orgs/${p.nominee_org_id}/awards`;
    return h('p', { class: 'warning no-print', id: 'conferred-above' }, t('proposal.conferred_above'), ' ',
      h('a', { href: history }, t('proposal.record_above', { name })));
  }
  return h('p', { class: 'no-print' }, h('a', { class: 'button', href: `#/decisions/new?proposals=${p.id}`, id: 'to-decision' }, t('proposal.to_decision')));
}

export async function renderProposal(page, app, id) {
  mount(page, h('p', {}, t('loading')));
  const p = await api('GET', `/proposals/${id}`);
  const [types, names, orgs, parties, yearTypes] = await Promise.all([
    awardTypeIndex(),
    nomineeNames([p]),
    orgNamesOf([p.proposer_org_id, p.authority_id]),
    partiesOf(app.user, p),
    awardTypesOf(p.year).catch(() => null),
  ]);
  const type = yearTypes ? yearTypes.items.find((x) => x.code === p.award_type) : null;
  const [cluster, decision] = await Promise.all([
    p.cluster_id ? api('GET', `/clusters/${p.cluster_id}`).then((c) => c.name, () => null) : null,
    p.decision_id ? api('GET', `/decisions/${p.decision_id}`).then((d) => t('decision.number_date', { number: d.number, date: formatDate(d.date) }), () => null) : null,
  ]);
  const ctx = { types, names, orgs, cluster, decision };
  const name = names.get(nomineeKey(p));
  const typeLabel = typeName(types, p.award_type);
  const editable = parties.proposer && EDITABLE.includes(p.status);
  const grounds = editable
    ? h('textarea', { id: 'proposal-grounds', rows: 6, maxlength: 8000 }, p.grounds)
    : null;
  const reviewNote = p.review_note
    ? h('div', { class: p.status === 'returned' || p.status === 'rejected' ? 'warning' : 'notice-plain', id: 'review-note-shown' },
      h('strong', {}, t('proposal.review_note')), ' ', p.review_note)
    : null;
  const council = p.council_ballot_id ? await councilCard(p) : null;

  mount(page,
    sectionNav(app.user, '#/proposals'),
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/proposals' }, t('proposal.back'))),
    h('h1', {}, t('proposal.title', { type: typeLabel, name })),
    h('p', { class: 'proposal-meta' }, proposalBadge(p.status), ' ', t('proposal.meta', { year: p.year, id: p.id })),
    h('p', { class: 'no-print' }, h('a', { class: 'button secondary', id: 'proposal-pdf', download: '', href: `/api/v1/proposals/${p.id}.pdf` }, t('proposal.pdf'))),
    app.notice ? noticeBox(app.notice) : null,
    reviewNote,
    editable ? proposerPart(p, app, grounds) : null,
    parties.authority && REVIEWABLE.includes(p.status) ? authorityPart(p, app, type) : null,
    parties.authority && p.status === 'approved' && !p.decision_id ? nextStep(p, types, name) : null,
    h('section', { class: 'card', 'aria-labelledby': 'facts-title' },
      h('h2', { id: 'facts-title' }, t('proposal.facts')),
      factsList(p, ctx)),
    h('section', { class: 'card', 'aria-labelledby': 'grounds-title' },
      h('h2', { id: 'grounds-title' }, editable ? h('label', { for: 'proposal-grounds' }, t('proposal.grounds')) : t('proposal.grounds')),
      editable ? grounds : h('p', { class: 'grounds', id: 'grounds-text' }, p.grounds || t('proposal.no_grounds'))),
    p.ballot_result ? ballotResultCard(p.ballot_result) : null,
    council,
    h('section', { class: 'card', 'aria-labelledby': 'eligibility-title' },
      h('h2', { id: 'eligibility-title' }, t('proposal.eligibility')),
      p.eligibility ? eligibilityView(p.eligibility, types) : h('p', { class: 'empty' }, t('proposal.no_eligibility'))));
}
