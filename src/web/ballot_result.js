// A closed ballot's result: the counts as a table and a bar chart against
// the votes needed, who passed and how the last seat was settled, the
// chair's casting vote when a tie is left, and the published receipts and
// ballots (two lists, not linked) with the digest for a recount; or, when
// too few ballots were cast to keep them secret, why nothing is counted.
// Printable.
import { api } from './api.js';
import { h, svg, mount } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { button, confirmBox, exportLinks, onAction, statusArea, InputError } from './ui.js';
import { priorityTag, shareText } from './ballots.js';

// BALLOT_SECRET_MIN (src/domain/ballot.h): a published count of fewer
// ballots would give away the choices of those who cast them.
const SECRET_MIN = 3;

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

function outcomeOf(r, id) {
  if (r.passed.includes(id)) return 'passed';
  if (r.undecided.includes(id)) return 'undecided';
  return 'failed';
}

// Passed candidates in rank order, then the rest by votes.
function ordered(b, r) {
  const votes = (id) => r.counts[String(id)] ?? 0;
  const rest = b.candidates.map((c) => c.id).filter((id) => !r.passed.includes(id))
    .sort((x, y) => votes(y) - votes(x) || x - y);
  return [...r.passed, ...rest];
}

function baseCount(r) {
  return r.threshold_base === 'cast' ? r.cast : r.eligible;
}

function resultTable(b, r, order, byId) {
  const base = baseCount(r);
  return h('table', { class: 'data ballot-result', id: 'ballot-result' },
    h('caption', {}, t('result.caption', { base: t(`ballot.base.${r.threshold_base}`), n: formatNumber(base) })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, t('result.rank')),
      h('th', { scope: 'col' }, t('ballot.candidate')),
      h('th', { scope: 'col', class: 'num' }, t('result.votes')),
      h('th', { scope: 'col', class: 'num' }, t('result.share')),
      h('th', { scope: 'col' }, t('result.outcome')))),
    h('tbody', {}, order.map((id) => {
      const votes = r.counts[String(id)] ?? 0;
      const outcome = outcomeOf(r, id);
      const rank = r.passed.indexOf(id);
      return h('tr', { class: `outcome-${outcome}` },
        h('td', { class: 'num' }, rank >= 0 ? formatNumber(rank + 1) : ''),
        h('th', { scope: 'row' }, byId.get(id)?.label || `#${id}`, byId.get(id)?.priority ? [' ', priorityTag(byId.get(id))] : null),
        h('td', { class: 'num' }, formatNumber(votes)),
        h('td', { class: 'num' }, base > 0 ? percent.format(votes / base) : '—'),
        h('td', {}, t(`result.${outcome}`)));
    })));
}

// One bar per candidate, with a mark at the votes needed.
function resultChart(r, order, byId) {
  const top = Math.max(baseCount(r), ...Object.values(r.counts), r.needed, 1);
  const mark = (100 * r.needed) / top;
  return h('figure', { class: 'chart', id: 'ballot-chart' },
    h('figcaption', {}, t('result.chart', { needed: formatNumber(r.needed), top: formatNumber(top) })),
    order.map((id) => {
      const votes = r.counts[String(id)] ?? 0;
      return h('div', { class: 'chart-row' },
        h('span', { class: 'chart-label' }, byId.get(id)?.label || `#${id}`),
        svg('svg', { class: 'chart-bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
          svg('rect', { x: 0, y: 0, width: (100 * votes) / top, height: 10, class: `bar ${outcomeOf(r, id)}` }),
          r.needed > 0 ? svg('line', { x1: mark, x2: mark, y1: 0, y2: 10, class: 'needed-line', 'vector-effect': 'non-scaling-stroke' }) : null),
        h('span', { class: 'chart-value' }, formatNumber(votes)));
    }),
    r.needed > 0 ? h('p', { class: 'muted small chart-legend' }, h('span', { class: 'needed-key', 'aria-hidden': 'true' }), ' ',
      t('result.needed_key', { n: formatNumber(r.needed) })) : null);
}

function summary(b, r) {
  // the valid paper ballots: cast counts blank ones, never invalid ones
  const paper = r.cast - r.online.cast;
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h('dl', { class: 'rules ballot-rules', id: 'ballot-summary' },
    row(t('result.eligible'), formatNumber(r.eligible)),
    row(t('result.cast'), t('result.cast_detail', {
      cast: formatNumber(r.cast), online: formatNumber(r.online.cast), paper: formatNumber(paper),
    })),
    row(t('result.blank'), formatNumber(r.blank)),
    row(t('result.invalid'), formatNumber(r.invalid)),
    row(t('result.needed'), t('result.needed_value', {
      n: formatNumber(r.needed), share: shareText(r.threshold),
      base: t(`ballot.base.${r.threshold_base}`), total: formatNumber(baseCount(r)),
    })),
    row(t('result.quorum'), r.quorum > 0
      ? t(r.quorum_met ? 'result.quorum_met' : 'result.quorum_not_met', { share: shareText(r.quorum) })
      : t('ballot.no_quorum')));
}

function names(ids, byId) {
  return ids.map((id) => byId.get(id)?.label || `#${id}`).join('; ');
}

// Who passed and why, in words.
function verdict(r, byId) {
  const lines = [];
  if (!r.quorum_met) {
    lines.push(h('p', { class: 'warning' }, t('result.no_quorum', {
      cast: formatNumber(r.cast), eligible: formatNumber(r.eligible), share: shareText(r.quorum),
    })));
  }
  lines.push(h('p', { id: 'passed', class: r.passed.length ? 'passed-line' : '' }, r.passed.length
    ? t('result.passed_list', { names: names(r.passed, byId) })
    : t('result.nobody')));
  if (r.quorum_met) {
    const by = r.decided_by;
    lines.push(h('p', { id: 'decided-by' }, t(`result.by.${by}`, {
      n: formatNumber(r.undecided.length), seats: formatNumber(r.open_seats), names: names(r.undecided, byId),
    })));
  }
  if (r.casting_votes.length) {
    lines.push(h('p', {}, t('result.casting_given', { names: names(r.casting_votes, byId) })));
  }
  return h('div', { class: 'verdict' }, lines);
}

// The chair breaks the tie left at the cut-off: one seat per pick.
function castingForm(b, r, byId, done) {
  const boxes = r.undecided.map((id) => h('input', { type: 'checkbox', id: `casting-${id}`, value: id }));
  const update = () => {
    const n = boxes.filter((x) => x.checked).length;
    for (const x of boxes) x.disabled = !x.checked && n >= r.open_seats;
  };
  const fieldset = h('fieldset', {},
    h('legend', {}, t('casting.pick', { seats: formatNumber(r.open_seats) })),
    r.undecided.map((id, i) => h('div', { class: 'choice' }, boxes[i], ' ', h('label', { for: boxes[i].id }, byId.get(id)?.label || `#${id}`))));
  fieldset.addEventListener('change', update);
  const status = statusArea();
  const save = button(t('casting.save'), { id: 'casting-save' });
  onAction(save, status, async () => {
    const ids = boxes.filter((x) => x.checked).map((x) => Number(x.value));
    if (ids.length === 0) throw new InputError(t('casting.required'));
    mount(status, confirmBox(t('casting.confirm', { names: names(ids, byId) }), t('casting.save'), async () => {
      await api('POST', `/ballots/${b.id}/casting-vote`, { candidate_ids: ids });
      done(t('casting.saved'));
    }));
  });
  return h('section', { class: 'casting-form no-print', id: 'casting' },
    h('h3', {}, t('casting.title')),
    h('p', { class: 'muted' }, t('casting.hint')),
    fieldset,
    h('div', { class: 'actions' }, save),
    status);
}

// What is published for a recount: every receipt's hash (sorted) and every
// online ballot (in an order their contents decide), two lists with no
// link between them, so a receipt finds its holder's ballot among the
// counted but cannot show what it said; and the digest of them all.
function publishedLists(b, r, byId) {
  const paper = r.paper || b.paper;
  const paperLine = paper && paper.blank !== undefined
    ? h('p', { id: 'paper-line' }, t('result.paper_line', {
      n: formatNumber(paper.ballots), blank: formatNumber(paper.blank), invalid: formatNumber(paper.invalid),
      minutes: paper.minutes,
    }))
    : null;
  const receipts = h('details', { class: 'published-list', id: 'receipts-list' },
    h('summary', {}, t('result.receipts', { n: formatNumber(r.receipts.length) })),
    h('p', { class: 'muted small' }, t('result.receipts_hint')),
    r.receipts.length
      ? h('ol', { class: 'hashes', id: 'receipts' }, r.receipts.map((x) => h('li', {}, h('code', { class: 'hash' }, x))))
      : h('p', { class: 'empty' }, t('result.none_online')));
  const ballots = h('details', { class: 'published-list', id: 'online-ballots' },
    h('summary', {}, t('result.ballots', { n: formatNumber(r.ballots.length) })),
    h('p', { class: 'muted small' }, t('result.ballots_order')),
    r.ballots.length
      ? h('div', { class: 'scroll' }, h('table', { class: 'data', id: 'ballots' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', class: 'num' }, t('result.ballot_no')),
          h('th', { scope: 'col' }, t('result.choices')))),
        h('tbody', {}, r.ballots.map((ids, i) => h('tr', {},
          h('td', { class: 'num' }, formatNumber(i + 1)),
          h('td', {}, ids.length ? names(ids, byId) : t('result.blank_ballot')))))))
      : h('p', { class: 'empty' }, t('result.none_online')));
  return h('details', { class: 'ballots-list', id: 'ballots-list' },
    h('summary', {}, t('result.published')),
    h('p', { class: 'muted' }, t('result.published_hint')),
    h('p', {}, h('strong', {}, `${t('result.digest')}: `), h('code', { class: 'hash', id: 'digest' }, r.digest)),
    h('p', { class: 'muted small' }, t('result.digest_hint')),
    paperLine,
    receipts,
    ballots);
}

// Too few ballots to keep secret: who took part, and why nothing is counted.
function voidSection(b, r) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h('section', { class: 'card result void', id: 'result', 'aria-labelledby': 'result-title' },
    h('h2', { id: 'result-title' }, t('result.title')),
    h('p', { class: 'warning', id: 'ballot-void' }, h('strong', {}, t('result.void')), ' ', t('result.void_why', { min: formatNumber(SECRET_MIN) })),
    h('p', { id: 'passed' }, t('result.void_nobody')),
    h('dl', { class: 'rules ballot-rules', id: 'ballot-summary' },
      row(t('result.eligible'), formatNumber(r.eligible)),
      row(t('result.took_part'), formatNumber(r.cast + r.invalid)),
      r.invalid ? row(t('result.invalid'), formatNumber(r.invalid)) : null),
    h('p', { class: 'muted small' }, t('result.void_hint')),
    h('div', { class: 'actions no-print' },
      button(t('result.print'), { class: 'secondary', onclick: () => window.print() })));
}

export function resultSection(b, r, manage, done) {
  if (r.void) return voidSection(b, r);
  const byId = new Map(b.candidates.map((c) => [c.id, c]));
  const order = ordered(b, r);
  return h('section', { class: 'card result', id: 'result', 'aria-labelledby': 'result-title' },
    h('h2', { id: 'result-title' }, t('result.title')),
    verdict(r, byId),
    manage && r.decided_by === 'undecided' && r.quorum_met ? castingForm(b, r, byId, done) : null,
    h('div', { class: 'scroll' }, resultTable(b, r, order, byId)),
    summary(b, r),
    resultChart(r, order, byId),
    publishedLists(b, r, byId),
    exportLinks(`/ballots/${b.id}/result`),
    h('div', { class: 'actions no-print' },
      button(t('result.print'), { class: 'secondary', onclick: () => window.print() })));
}
