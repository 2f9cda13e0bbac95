// Secret ballots through the API (issue 4): a 13-unit conference
// nominating its leading unit, with every receipt checked and the digest
// recomputed here; the tally's edges (exact thresholds, quorum, ties settled
// by priority or by the chair); the lifecycle and bad input; a hybrid
// conference's paper ballots; an authority's council; many voters at once;
// and what the database file, its write-ahead log, the server log and the
// audit chain keep of a ballot after it is closed. The tests of a server run
// in order and share its conference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  startServer, session, bearer, newToken, sqlite, assertError, demoIds, Client, waitFor,
} from './helpers.mjs';

const N = 13;
const YEAR = 2026;
const LEADER = 11; // index of the leader unit among the 13
const PASSWORD = 'phiếu kín không ai biết';
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;

const B = (id, sub = '') => `/api/v1/ballots/${id}${sub}`;
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const byNumber = (a, b) => a - b;
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.body;
}

// A receipt as the voter may type it, and its stored hash (receipt.h).
const codeOf = (receipt) => receipt.replaceAll('-', '');
const receiptHash = (receipt) => sha256(codeOf(receipt).toUpperCase());
const receiptForms = (receipt) => [
  receipt, receipt.toLowerCase(), codeOf(receipt), codeOf(receipt).toLowerCase(),
];

// The digest as receipt.h describes it: one line per online ballot sorted
// by receipt hash, "<hash> <ids ascending, comma separated>\n", then the
// paper line when paper ballots were entered.
function digestOf(ballots, paper = null) {
  let text = [...ballots]
    .sort((a, b) => byText(a.receipt_hash, b.receipt_hash))
    .map((b) => `${b.receipt_hash} ${[...b.choices].sort(byNumber).join(',')}\n`)
    .join('');
  if (paper) text += `paper ${paper.ballots} ${paper.blank} ${paper.invalid} ${paper.votes.join(',')}\n`;
  return sha256(text);
}

// Votes per candidate id from the published ballots.
function tally(ballots, nCandidates) {
  const counts = Object.fromEntries(Array.from({ length: nCandidates }, (_, i) => [String(i + 1), 0]));
  for (const b of ballots) for (const c of b.choices) counts[String(c)]++;
  return counts;
}

// A conference: 13 new units beneath the demo authority, each with a unit
// officer holding an API token, in a new cluster whose 2026 year they make
// up, led by unit LEADER. All made by the demo admin.
async function conference(server, tag) {
  const admin = await session(server, 'admin');
  const ids = await demoIds(server, admin);
  const units = [];
  const tok = {}; // org id → its unit officer (bearer client)
  for (let i = 0; i < N; i++) {
    const n = String(i + 1).padStart(2, '0');
    const org = await ok(admin.post('/api/v1/orgs',
      { name: `Ban Tổ chức Tỉnh ủy bỏ phiếu ${tag} ${n}`, kind: 'unit', parent_id: ids.btctw }), 201);
    units.push(org.id);
    const username = `${tag}.unit${n}`;
    await ok(admin.post('/api/v1/users',
      { username, password: PASSWORD, roles: ['unit_officer'], org_id: org.id }), 201);
    tok[org.id] = bearer(server, newToken(server, username));
  }
  const cluster = await ok(admin.post('/api/v1/clusters',
    { name: `Cụm thi đua bỏ phiếu ${tag}`, authority_id: ids.btctw, rotation: units }), 201);
  const leaderOrg = units[LEADER];
  await ok(admin.put(`/api/v1/clusters/${cluster.id}/years/${YEAR}`,
    { members: units, leader_id: leaderOrg, deputy_ids: [units[0]] }), 201);
  const voter = (i) => tok[units[i]];
  return { admin, ids, units, tok, cluster, leaderOrg, L: tok[leaderOrg], voter };
}

// ---------------------------------------------------------------------------

let server;
let F; // the conference
let officer; // the demo authority officer (BTCTW)
let demoUnit; // the demo unit officer: a BTCTW unit outside our cluster
let delegate0; // a delegate of unit 0, beside its unit officer
let womanId;
let manId;
let otherManId;
let otherWomanId;

before(async () => {
  server = await startServer();
  F = await conference(server, 'bp');
  officer = await session(server, 'authority_officer');
  demoUnit = await session(server, 'unit_officer');
  await ok(F.admin.post('/api/v1/users',
    { username: 'bp.daibieu01', password: PASSWORD, roles: ['delegate'], org_id: F.units[0] }), 201);
  delegate0 = bearer(server, newToken(server, 'bp.daibieu01'));
  const person = async (full_name, gender) => (await ok(F.admin.post('/api/v1/people',
    { full_name, gender, org_id: F.units[2] }), 201)).id;
  womanId = await person('Lò Thị Hạnh', 'female');
  manId = await person('Quàng Văn Thắng', 'male');
  otherManId = await person('Cầm Văn Sơn', 'male');
  otherWomanId = await person('Tòng Thị Mai', 'female');
});
after(async () => { await server.stop(); });

// A ballot of our cluster year, made by the leader (201).
async function newBallot(fields, by = F.L) {
  return ok(by.post('/api/v1/ballots', {
    kind: 'single', question: 'Biểu quyết', threshold: 0, cluster_id: F.cluster.id, year: YEAR, ...fields,
  }), 201);
}

async function openBallot(id, by = F.L) {
  const b = await ok(by.post(B(id, '/open'), {}));
  assert.equal(b.status, 'open');
  return b;
}

// Cast, in order, choices[i] for unit i (undefined: unit i does not vote).
async function castAll(id, choices) {
  const cast = [];
  for (let i = 0; i < choices.length; i++) {
    if (choices[i] === undefined) continue;
    const v = await ok(F.voter(i).post(B(id, '/votes'), { choices: choices[i] }), 201);
    cast.push({ unit: i, choices: choices[i], ...v });
  }
  return cast;
}

// Open, cast, close; the published result (read by a member).
async function run(fields, choices) {
  const b = await newBallot(fields);
  await openBallot(b.id);
  const cast = await castAll(b.id, choices);
  await ok(F.L.post(B(b.id, '/close'), {}));
  const result = await ok(F.voter(0).get(B(b.id, '/result')));
  assert.equal(result.digest, digestOf(result.ballots));
  assert.deepEqual(tally(result.ballots, b.candidates.length), result.counts);
  return { ballot: b, cast, result };
}

// ---------------------------------------------------------------------------
// 1. The conference nominates its leading unit for the Emulation Flag.

// Candidate 1 gets 12 votes, candidate 2 gets 11 (both reach 80 % of 13,
// i.e. 11), candidate 3 gets 2; unit 6 hands in a blank ballot.
const FLAG_CHOICES = [
  [1, 2], [1, 2], [3, 2, 1], [1, 2], [2, 1], [1, 2], [], [1, 2, 3], [1, 2], [1, 2], [1], [1, 2], [1, 2],
];

test('a 13-unit conference nominates the leading unit: counts, digest and every receipt', async () => {
  const { L, units, leaderOrg, cluster } = F;
  const made = await newBallot({
    kind: 'approve_each',
    question: 'Suy tôn đơn vị dẫn đầu đề nghị tặng Cờ thi đua năm 2026',
    candidates: [{ org_id: units[0] }, { org_id: units[3] }, { org_id: units[7] }],
    seats: 1, threshold: 0.8, threshold_base: 'eligible',
  });
  assert.equal(made.kind, 'approve_each');
  assert.equal(made.status, 'draft');
  assert.equal(made.cluster_id, cluster.id);
  assert.equal(made.year, YEAR);
  assert.equal(made.authority_id, F.ids.btctw);
  assert.equal(made.voter_kind, 'units');
  assert.equal(made.seats, 1);
  assert.equal(made.threshold, 0.8);
  assert.equal(made.threshold_base, 'eligible');
  assert.equal(made.eligible, N);
  assert.equal(made.voted, 0);
  assert.equal(made.opened_at, null);
  assert.equal(made.paper, null);
  assert.deepEqual(made.candidates.map((c) => [c.id, c.org_id, c.priority]),
    [[1, units[0], false], [2, units[3], false], [3, units[7], false]]);
  assert.match(made.candidates[0].label, /^Ban Tổ chức Tỉnh ủy bỏ phiếu bp 01$/);
  assert.deepEqual(made.your_powers, ['manage', 'vote']);
  assert.equal(made.your_vote.voter_id, leaderOrg);
  assert.equal(made.your_vote.voted, false);

  // The leader sees the list of voters; a member sees the ballot without it.
  const managed = await ok(L.get(B(made.id)));
  assert.deepEqual(managed.voters.map((v) => v.id).sort(byNumber), [...units].sort(byNumber));
  assert.ok(managed.voters.every((v) => v.voted === null && typeof v.name === 'string'));
  const seen = await ok(F.voter(0).get(B(made.id)));
  assert.equal(seen.voters, undefined);
  assert.deepEqual(seen.your_powers, ['vote']);
  const listed = await ok(F.voter(5).get(`/api/v1/ballots?cluster_id=${cluster.id}&year=${YEAR}`));
  assert.ok(listed.items.some((b) => b.id === made.id));

  const opened = await openBallot(made.id);
  assert.match(opened.opened_at, /^\d{4}-\d\d-\d\dT/);
  const cast = await castAll(made.id, FLAG_CHOICES);
  assert.equal(cast.length, N);
  for (const v of cast) {
    assert.equal(v.ballot_id, made.id);
    assert.match(v.receipt, RECEIPT);
    assert.equal(v.receipt_hash, receiptHash(v.receipt));
  }
  assert.equal(new Set(cast.map((v) => v.receipt)).size, N);
  const afterVoting = await ok(F.voter(6).get(B(made.id)));
  assert.equal(afterVoting.voted, N);
  assert.deepEqual(afterVoting.your_vote, { voter_id: units[6], voted: true, how: 'online' });

  // Nobody sees a count before the ballot closes, the leader included.
  assertError(await L.get(B(made.id, '/result')), 409, 'ballot_not_closed');
  assertError(await F.voter(0).get(B(made.id, '/result')), 409, 'ballot_not_closed');

  const closed = await ok(L.post(B(made.id, '/close'), {}));
  assert.equal(closed.status, 'closed');
  assert.equal(closed.ballots, undefined);
  const r = await ok(F.voter(3).get(B(made.id, '/result')));
  assert.equal(r.ballot_id, made.id);
  assert.equal(r.status, 'closed');
  assert.equal(r.eligible, 13);
  assert.equal(r.cast, 13);
  assert.equal(r.blank, 1);
  assert.equal(r.invalid, 0);
  assert.deepEqual(r.online, { cast: 13, blank: 1 });
  assert.deepEqual(r.counts, { 1: 12, 2: 11, 3: 2 });
  assert.equal(r.needed, 11); // 80 % of 13 = 10.4: at least 11
  assert.equal(r.quorum_met, true);
  assert.deepEqual(r.passed, [1]); // both 1 and 2 reach 11; one seat, ranked by votes
  assert.deepEqual(r.undecided, []);
  assert.equal(r.decided_by, 'votes');
  assert.deepEqual(r.casting_votes, []);
  assert.deepEqual(closed, (({ ballots: _b, ...rest }) => rest)(r)); // the same result, without the ballots

  // The published ballots are the ones cast, and recount and rehash to the result.
  assert.equal(r.ballots.length, N);
  const published = new Map(r.ballots.map((b) => [b.receipt_hash, b.choices]));
  for (const v of cast) assert.deepEqual(published.get(v.receipt_hash), [...v.choices].sort(byNumber));
  assert.deepEqual(r.ballots.map((b) => b.receipt_hash), r.ballots.map((b) => b.receipt_hash).sort(byText));
  assert.deepEqual(tally(r.ballots, 3), r.counts);
  assert.match(r.digest, /^[0-9a-f]{64}$/);
  assert.equal(digestOf(r.ballots), r.digest);

  // Every receipt checks out, without logging in, as printed or typed in
  // lower case without dashes.
  const anonymous = new Client(server.url);
  for (const v of cast) {
    for (const form of [v.receipt, codeOf(v.receipt).toLowerCase()]) {
      const c = await ok(anonymous.get(B(made.id, `/receipts/${form}`)));
      assert.deepEqual(c, {
        ballot_id: made.id, question: made.question, status: 'closed',
        candidates: made.candidates.map(({ id, label }) => ({ id, label })),
        receipt_hash: v.receipt_hash, counted: true, choices: [...v.choices].sort(byNumber),
      });
    }
  }
  const first = codeOf(cast[0].receipt);
  const wrong = (first[0] === '7' ? '8' : '7') + first.slice(1);
  assertError(await anonymous.get(B(made.id, `/receipts/${wrong}`)), 404, 'receipt_not_found');
  assertError(await anonymous.get(B(made.id, '/receipts/ABCD-EFGH')), 422, 'invalid_receipt');
  assertError(await anonymous.get(B(made.id, `/receipts/${first}X`)), 422, 'invalid_receipt');
  assertError(await anonymous.get(B(made.id, `/receipts/U${first.slice(1)}`)), 422, 'invalid_receipt');
  assertError(await anonymous.get(B(999999, `/receipts/${first}`)), 404);

  // A decided result has no tie for the chair to break.
  assertError(await L.post(B(made.id, '/casting-vote'), { candidate_ids: [2] }), 409, 'no_tie');
  F.flag = { id: made.id, cast };
});

// ---------------------------------------------------------------------------
// 2. The tally's edges.

test('threshold of the eligible: exactly met passes, one vote short does not', async () => {
  // 80 % of 13 → 11 votes. Candidate 1: 11 votes, candidate 2: 10.
  const choices = Array.from({ length: N }, (_, i) => [...(i < 11 ? [1] : []), ...(i < 10 ? [2] : [])]);
  const { result: r } = await run({
    kind: 'approve_each', candidates: [{ label: 'Phương án A' }, { label: 'Phương án B' }],
    seats: 0, threshold: 0.8, threshold_base: 'eligible',
  }, choices);
  assert.equal(r.needed, 11);
  assert.deepEqual(r.counts, { 1: 11, 2: 10 });
  assert.equal(r.cast, 13);
  assert.equal(r.blank, 2); // units 11 and 12 approved nobody
  assert.deepEqual(r.passed, [1]);
  assert.equal(r.decided_by, 'votes');
});

test('threshold of the cast: blank ballots count as cast, abstainers do not', async () => {
  // Units 0–9 cast (8 and 9 blank), 10–12 abstain: half of 10 → 5 votes.
  // Candidate 1 has 5 and passes; candidate 2 has 4 and would pass if the
  // blank ballots were left out of the base (half of 8).
  const { result: r } = await run({
    kind: 'approve_each', candidates: [{ label: 'Đồng ý' }, { label: 'Phương án khác' }],
    seats: 0, threshold: 0.5, threshold_base: 'cast',
  }, [[1], [1], [1], [1], [1, 2], [2], [2], [2], [], []]);
  assert.equal(r.eligible, 13);
  assert.equal(r.cast, 10);
  assert.equal(r.blank, 2);
  assert.deepEqual(r.online, { cast: 10, blank: 2 });
  assert.equal(r.needed, 5);
  assert.deepEqual(r.counts, { 1: 5, 2: 4 });
  assert.deepEqual(r.passed, [1]);
  assert.equal(r.decided_by, 'votes');
});

test('quorum: below two thirds of the eligible nobody passes; at two thirds the votes count', async () => {
  const fields = {
    candidates: [{ label: 'Tán thành' }, { label: 'Không tán thành' }],
    seats: 1, threshold: 0.5, threshold_base: 'eligible', quorum: 2 / 3,
  };
  // 2/3 is kept as 6666 parts in 10,000: 13 eligible need 9 ballots.
  const short = (await run(fields, Array.from({ length: 8 }, () => [1]))).result;
  assert.equal(short.quorum, 0.6666);
  assert.equal(short.cast, 8);
  assert.equal(short.quorum_met, false);
  assert.deepEqual(short.counts, { 1: 8, 2: 0 });
  assert.equal(short.needed, 7); // candidate 1 has the votes, but no quorum
  assert.deepEqual(short.passed, []);
  assert.deepEqual(short.undecided, []);
  const met = (await run(fields, Array.from({ length: 9 }, () => [1]))).result;
  assert.equal(met.cast, 9);
  assert.equal(met.quorum_met, true);
  assert.deepEqual(met.passed, [1]);
});

test('a tie at the cut-off goes to the woman (priority), whatever her place on the ballot', async () => {
  // Six votes each, one blank; the man is candidate 1.
  const choices = Array.from({ length: N }, (_, i) => (i < 6 ? [1] : i < 12 ? [2] : []));
  const { ballot, result: r } = await run({
    question: 'Đề nghị tặng Bằng khen cá nhân', candidates: [{ person_id: manId }, { person_id: womanId }],
    seats: 1, threshold: 0,
  }, choices);
  assert.deepEqual(ballot.candidates.map((c) => [c.person_id, c.label, c.priority]),
    [[manId, 'Quàng Văn Thắng', false], [womanId, 'Lò Thị Hạnh', true]]);
  assert.deepEqual(r.counts, { 1: 6, 2: 6 });
  assert.equal(r.cast, 13);
  assert.equal(r.blank, 1);
  assert.equal(r.needed, 1);
  assert.deepEqual(r.passed, [2]);
  assert.deepEqual(r.undecided, []);
  assert.equal(r.decided_by, 'priority');
});

test('priority may be claimed for a collective (at least 70 % women)', async () => {
  const choices = Array.from({ length: N }, (_, i) => (i < 6 ? [1] : i < 12 ? [2] : []));
  const { ballot, result: r } = await run({
    question: 'Đề nghị tặng Bằng khen tập thể',
    candidates: [{ org_id: F.units[4] }, { org_id: F.units[8], priority: true }],
    seats: 1, threshold: 0,
  }, choices);
  assert.deepEqual(ballot.candidates.map((c) => c.priority), [false, true]);
  assert.deepEqual(r.counts, { 1: 6, 2: 6 });
  assert.deepEqual(r.passed, [2]);
  assert.equal(r.decided_by, 'priority');
});

test('two seats, a three-way tie for the second with two women: the chair picks between the women', async () => {
  // Candidate 1 12 votes (unit 12 blank); candidates 2, 3 (women) and 4 seven each.
  const choices = Array.from({ length: N }, (_, i) => [
    ...(i < 12 ? [1] : []), ...(i <= 6 ? [2] : []), ...(i >= 3 && i <= 9 ? [3] : []), ...(i >= 5 && i <= 11 ? [4] : []),
  ]);
  const { ballot, result: r } = await run({
    kind: 'approve_each', question: 'Đề nghị tặng Bằng khen cá nhân (2 suất)',
    candidates: [{ person_id: manId }, { person_id: womanId }, { person_id: otherWomanId }, { person_id: otherManId }],
    seats: 2, threshold: 0,
  }, choices);
  assert.deepEqual(r.counts, { 1: 12, 2: 7, 3: 7, 4: 7 });
  assert.deepEqual(r.passed, [1]);
  assert.deepEqual(r.undecided, [2, 3]); // priority leaves the man out, but cannot choose
  assert.equal(r.open_seats, 1);
  assert.equal(r.decided_by, 'undecided');
  assertError(await F.L.post(B(ballot.id, '/casting-vote'), { candidate_ids: [4] }), 422, 'not_tied');
  const decided = await ok(F.L.post(B(ballot.id, '/casting-vote'), { candidate_ids: [3] }));
  assert.deepEqual(decided.passed, [1, 3]);
  assert.equal(decided.decided_by, 'chair');
  assert.deepEqual(decided.casting_votes, [3]);
});

test('a tie without priority stays undecided until the chair\'s casting vote', async () => {
  // Candidates 1 and 2 six votes each, candidate 3 none, one blank.
  const choices = Array.from({ length: N }, (_, i) => (i < 6 ? [1] : i < 12 ? [2] : []));
  const { ballot, result: r } = await run({
    question: 'Bầu cá nhân tiêu biểu', candidates: [{ person_id: manId }, { person_id: otherManId }, { label: 'Người thứ ba' }],
    seats: 1, threshold: 0,
  }, choices);
  assert.deepEqual(r.counts, { 1: 6, 2: 6, 3: 0 });
  assert.equal(r.decided_by, 'undecided');
  assert.deepEqual(r.undecided, [1, 2]);
  assert.deepEqual(r.passed, []);
  assert.equal(r.open_seats, 1);
  const path = B(ballot.id, '/casting-vote');
  assertError(await F.voter(0).post(path, { candidate_ids: [1] }), 403, 'forbidden');
  assertError(await F.L.post(path, { candidate_ids: [3] }), 422, 'not_tied');
  assertError(await F.L.post(path, { candidate_ids: [1, 2] }), 422, 'out_of_range');
  assertError(await F.L.post(path, { candidate_ids: [] }), 422, 'out_of_range');
  assertError(await F.L.post(path, { candidate_ids: [2], note: 'x' }), 422, 'unknown_field');
  assert.equal((await ok(F.voter(0).get(B(ballot.id, '/result')))).decided_by, 'undecided');
  const decided = await ok(F.L.post(path, { candidate_ids: [2] }));
  assert.equal(decided.decided_by, 'chair');
  assert.deepEqual(decided.passed, [2]);
  assert.deepEqual(decided.undecided, []);
  assert.deepEqual(decided.casting_votes, [2]);
  const again = await ok(F.voter(4).get(B(ballot.id, '/result')));
  assert.equal(again.decided_by, 'chair');
  assert.deepEqual(again.passed, [2]);
  assert.deepEqual(again.counts, r.counts); // the casting vote is no ballot
  assert.equal(again.digest, r.digest);
  assertError(await F.L.post(path, { candidate_ids: [1] }), 409, 'no_tie');
});

// ---------------------------------------------------------------------------
// 3. The lifecycle, and what is refused on the way.

test('making a ballot: bad input is 422, a member that does not lead is 403', async () => {
  const base = {
    kind: 'single', question: 'Câu hỏi', candidates: [{ label: 'A' }, { label: 'B' }], threshold: 0.5,
    cluster_id: F.cluster.id, year: YEAR,
  };
  const bad = [
    [{ kind: 'ranked' }, 'invalid_value'],
    [{ threshold: 1.5 }, 'out_of_range'],
    [{ seats: 3 }, 'out_of_range'],
    [{ candidates: [] }, 'out_of_range'],
    [{ candidates: [{ label: 'A' }, { label: 'A' }] }, 'duplicate'],
    [{ candidates: [{ label: 'A', org_id: F.units[0] }] }, 'invalid_candidate'],
    [{ candidates: [{ person_id: 99999999 }] }, 'unknown_person'],
    [{ kind: 'choose_n' }, 'required'],
    [{ year: 2031 }, 'unknown_cluster_year'],
    [{ colour: 'red' }, 'unknown_field'],
  ];
  for (const [change, code] of bad) {
    assertError(await F.L.post('/api/v1/ballots', { ...base, ...change }), 422, code);
  }
  assertError(await F.voter(0).post('/api/v1/ballots', base), 403, 'forbidden');
  assertError(await demoUnit.post('/api/v1/ballots', base), 403, 'forbidden');
  // The authority holds ballots of its clusters too.
  const byAuthority = await ok(officer.post('/api/v1/ballots', base), 201);
  assert.deepEqual(byAuthority.your_powers, ['manage']);
  assert.equal((await F.L.del(B(byAuthority.id))).status, 204);
});

test('lifecycle: draft, open, closed; one ballot per unit, whoever of it casts', async () => {
  const b = await newBallot({ candidates: [{ label: 'Tán thành' }, { label: 'Không tán thành' }] });
  // A draft takes no votes, has no result, cannot be closed.
  assertError(await F.voter(0).post(B(b.id, '/votes'), { choices: [1] }), 409, 'ballot_not_open');
  assertError(await F.L.get(B(b.id, '/result')), 409, 'ballot_not_closed');
  assertError(await F.L.post(B(b.id, '/close'), {}), 409, 'ballot_not_open');
  // A draft can be deleted, by those who manage it only.
  assertError(await F.voter(0).del(B(b.id)), 403, 'forbidden');
  assert.equal((await F.L.del(B(b.id))).status, 204);
  assertError(await F.L.get(B(b.id)), 404);

  const open = await newBallot({ candidates: [{ label: 'Tán thành' }, { label: 'Không tán thành' }] });
  const choose = await newBallot({
    kind: 'choose_n', max_choices: 2, seats: 2,
    candidates: [{ label: 'Đơn vị A' }, { label: 'Đơn vị B' }, { label: 'Đơn vị C' }],
  });
  assert.equal(choose.max_choices, 2);
  assertError(await F.voter(0).post(B(open.id, '/open'), {}), 403, 'forbidden');
  await openBallot(open.id);
  await openBallot(choose.id);
  assertError(await F.L.post(B(open.id, '/open'), {}), 409, 'ballot_not_draft');
  assertError(await F.L.del(B(open.id)), 409, 'ballot_not_draft');
  assert.equal((await ok(F.L.get(B(open.id)))).status, 'open');
  assertError(await F.L.post(B(open.id, '/casting-vote'), { candidate_ids: [1] }), 409, 'ballot_not_closed');

  // Invalid choices are refused and leave nothing behind.
  const refused = [
    [open, { choices: [3] }, 'unknown_candidate'],
    [open, { choices: [1, 2] }, 'too_many_choices'],
    [open, { choices: [0] }, 'wrong_type'],
    [open, { choices: ['1'] }, 'wrong_type'],
    [open, { choices: 1 }, 'wrong_type'],
    [open, {}, 'required'],
    [open, { choices: [1], receipt: 'x' }, 'unknown_field'],
    [choose, { choices: [1, 1] }, 'duplicate'],
    [choose, { choices: [1, 2, 3] }, 'too_many_choices'],
    [choose, { choices: [4] }, 'unknown_candidate'],
  ];
  for (const [ballot, body, code] of refused) {
    assertError(await F.voter(0).post(B(ballot.id, '/votes'), body), 422, code);
  }
  for (const ballot of [open, choose]) {
    assert.equal(sqlite(server, `SELECT COUNT(*) FROM ballot_votes WHERE ballot_id = ${ballot.id}`), '0');
    assert.equal(sqlite(server, `SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ${ballot.id} AND voted IS NOT NULL`), '0');
    const seen = await ok(F.voter(0).get(B(ballot.id)));
    assert.equal(seen.voted, 0);
    assert.equal(seen.your_vote.voted, false);
  }

  // Unit 0 votes through its delegate; its officer cannot vote again for it.
  assert.equal((await ok(delegate0.post(B(open.id, '/votes'), { choices: [1] }), 201)).ballot_id, open.id);
  assertError(await F.voter(0).post(B(open.id, '/votes'), { choices: [2] }), 409, 'already_voted');
  assertError(await delegate0.post(B(open.id, '/votes'), { choices: [1] }), 409, 'already_voted');
  // Unit 1 through its officer.
  await ok(F.voter(1).post(B(open.id, '/votes'), { choices: [2] }), 201);
  assertError(await F.voter(1).post(B(open.id, '/votes'), { choices: [2] }), 409, 'already_voted');
  // Choose up to 2: one or two choices, in any order.
  await ok(F.voter(0).post(B(choose.id, '/votes'), { choices: [3, 1] }), 201);
  assertError(await delegate0.post(B(choose.id, '/votes'), { choices: [2] }), 409, 'already_voted');
  await ok(F.voter(2).post(B(choose.id, '/votes'), { choices: [2] }), 201);

  // Those who are not on the list: readers get not_a_voter, others forbidden.
  for (const c of [officer, F.admin, await session(server, 'council_member')]) {
    assertError(await c.post(B(open.id, '/votes'), { choices: [1] }), 403, 'not_a_voter');
  }
  for (const c of [demoUnit, await session(server, 'viewer')]) {
    assertError(await c.post(B(open.id, '/votes'), { choices: [1] }), 403, 'forbidden');
  }
  assertError(await new Client(server.url).post(B(open.id, '/votes'), { choices: [1] }), 401, 'login_required');

  // No count before the close, for anyone.
  for (const c of [F.L, officer, F.admin, F.voter(0)]) {
    assertError(await c.get(B(open.id, '/result')), 409, 'ballot_not_closed');
  }
  assertError(await F.voter(0).post(B(open.id, '/close'), {}), 403, 'forbidden');
  const closed = await ok(F.L.post(B(open.id, '/close'), {}));
  assert.equal(closed.cast, 2);
  assert.deepEqual(closed.counts, { 1: 1, 2: 1 });
  assert.match((await ok(F.L.get(B(open.id)))).closed_at, /^\d{4}-\d\d-\d\dT/);
  assertError(await F.voter(2).post(B(open.id, '/votes'), { choices: [1] }), 409, 'ballot_closed');
  assertError(await F.voter(0).post(B(open.id, '/votes'), { choices: [1] }), 409, 'ballot_closed');
  assertError(await F.L.post(B(open.id, '/close'), {}), 409, 'ballot_closed');
  assertError(await F.L.post(B(open.id, '/open'), {}), 409, 'ballot_not_draft');
  assertError(await F.L.del(B(open.id)), 409, 'ballot_not_draft');
  assertError(await F.L.post(B(open.id, '/paper'),
    { voters: [F.units[5]], counts: { 1: 1 }, minutes: 'Biên bản' }), 409, 'ballot_closed');
  assert.equal((await ok(F.voter(9).get(B(open.id, '/result')))).cast, 2);
  // A receipt of one ballot is not found in another.
  const flagReceipt = F.flag.cast[0].receipt;
  assertError(await new Client(server.url).get(B(open.id, `/receipts/${flagReceipt}`)), 404, 'receipt_not_found');
});

// ---------------------------------------------------------------------------
// 4. A hybrid conference: some units vote on paper, entered from the minutes.

test('paper ballots: entered once while open, their voters cannot vote online, counted in the digest', async () => {
  const U = F.units;
  const b = await newBallot({
    question: 'Suy tôn đơn vị đề nghị tặng Bằng khen của Thủ tướng Chính phủ',
    candidates: [{ org_id: U[1] }, { org_id: U[2] }, { org_id: U[5] }],
    seats: 1, threshold: 0.4, threshold_base: 'eligible',
  });
  await openBallot(b.id);
  const ONLINE = [[1], [1], [2], [1], [], [3], [1], [2]]; // units 0–7
  const cast = await castAll(b.id, ONLINE.slice(0, 3));
  const paperVoters = U.slice(8); // units 8–12: five papers, one blank, one spoilt
  const paper = { voters: paperVoters, blank: 1, invalid: 1, counts: { 1: 2, 2: 1 }, minutes: 'Biên bản kiểm phiếu tại hội trường: 5 phiếu' };
  const path = B(b.id, '/paper');

  const refused = [
    [{ ...paper, counts: { 1: 3, 2: 1 } }, 422, 'inconsistent_counts'], // 4 votes on 3 marked papers
    [{ ...paper, voters: paperVoters.slice(0, 2), blank: 2, invalid: 1 }, 422, 'inconsistent_counts'],
    [{ ...paper, blank: 0, invalid: 0, counts: { 1: 6 } }, 422, 'inconsistent_counts'],
    [{ ...paper, counts: { 9: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, counts: { x: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, voters: [...paperVoters.slice(0, 4), U[0]] }, 409, 'already_voted'], // unit 0 voted online
    [{ ...paper, voters: [...paperVoters.slice(0, 4), F.ids.userOrg.unit_officer] }, 422, 'not_a_voter'],
    [{ ...paper, voters: [...paperVoters.slice(0, 4), paperVoters[0]] }, 422, 'duplicate'],
    [{ ...paper, minutes: undefined }, 422, 'required'],
    [{ ...paper, voters: [] }, 422, 'out_of_range'],
  ];
  for (const [body, status, code] of refused) {
    assertError(await F.L.post(path, JSON.parse(JSON.stringify(body))), status, code);
  }
  assertError(await F.voter(3).post(path, paper), 403, 'forbidden');
  let seen = await ok(F.L.get(B(b.id)));
  assert.equal(seen.paper, null);
  assert.equal(seen.voted, 3);
  assert.equal(sqlite(server, `SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ${b.id} AND voted = 'paper'`), '0');

  const entered = await ok(F.L.post(path, paper));
  assert.equal(entered.voted, 8);
  // While the ballot is open, how many voted on paper shows, not what they chose.
  assert.deepEqual((({ entered_at: _t, ...rest }) => rest)(entered.paper), {
    ballots: 5, minutes: paper.minutes,
  });
  assert.match(entered.paper.entered_at, /^\d{4}-\d\d-\d\dT/);
  for (const reader of [F.L, F.voter(0), F.voter(9)]) {
    assert.deepEqual(Object.keys((await ok(reader.get(B(b.id)))).paper).sort(), ['ballots', 'entered_at', 'minutes']);
  }
  assertError(await F.L.post(path, { ...paper, voters: [U[3]], blank: 1, invalid: 0, counts: {} }), 409, 'paper_entered');
  // The paper voters cannot vote online; the leader sees how each took part.
  for (let i = 8; i < N; i++) {
    assertError(await F.voter(i).post(B(b.id, '/votes'), { choices: [1] }), 409, 'already_voted');
  }
  assert.deepEqual((await ok(F.voter(9).get(B(b.id)))).your_vote, { voter_id: U[9], voted: true, how: 'paper' });
  const how = Object.fromEntries((await ok(F.L.get(B(b.id)))).voters.map((v) => [v.id, v.voted]));
  assert.deepEqual(U.map((u) => how[u]), [...Array(3).fill('online'), ...Array(5).fill(null), ...Array(5).fill('paper')]);

  cast.push(...await castAll(b.id, [undefined, undefined, undefined, ...ONLINE.slice(3)]));
  assert.equal(cast.length, 8);
  await ok(F.L.post(B(b.id, '/close'), {}));
  const r = await ok(F.voter(0).get(B(b.id, '/result')));
  // Online 1: 4, 2: 2, 3: 1, one blank; paper 1: 2, 2: 1, one blank, one spoilt.
  assert.deepEqual(r.counts, { 1: 6, 2: 3, 3: 1 });
  assert.equal(r.eligible, 13);
  assert.equal(r.cast, 12); // 8 online + 4 valid or blank papers
  assert.equal(r.blank, 2);
  assert.equal(r.invalid, 1);
  assert.deepEqual(r.online, { cast: 8, blank: 1 });
  assert.equal(r.needed, 6);
  assert.deepEqual(r.passed, [1]);
  assert.equal(r.ballots.length, 8);

  // Anyone can recount from the result alone: the paper counts are what
  // the online ballots do not explain, and the digest ends with their line.
  const online = tally(r.ballots, 3);
  const derived = {
    ballots: r.cast - r.online.cast + r.invalid,
    blank: r.blank - r.online.blank,
    invalid: r.invalid,
    votes: ['1', '2', '3'].map((k) => r.counts[k] - online[k]),
  };
  assert.deepEqual(derived, { ballots: 5, blank: 1, invalid: 1, votes: [2, 1, 0] });
  // … and the result lists them, as the ballot does once closed.
  assert.deepEqual((({ entered_at: _t, ...rest }) => rest)(r.paper), {
    ballots: 5, blank: 1, invalid: 1, counts: { 1: 2, 2: 1, 3: 0 }, minutes: paper.minutes,
  });
  assert.deepEqual((await ok(F.voter(0).get(B(b.id)))).paper, r.paper);
  assert.equal(r.digest, digestOf(r.ballots, derived));
  assert.notEqual(r.digest, digestOf(r.ballots));
  for (const v of cast) {
    const c = await ok(new Client(server.url).get(B(b.id, `/receipts/${codeOf(v.receipt).toLowerCase()}`)));
    assert.deepEqual(c.choices, v.choices);
  }
});

// ---------------------------------------------------------------------------
// 5. The authority's emulation council.

test('a council ballot: only the listed members vote, at least 90 % of all of them', async () => {
  const members = [];
  for (let i = 1; i <= 10; i++) {
    const username = `bp.hoidong${String(i).padStart(2, '0')}`;
    const u = await ok(F.admin.post('/api/v1/users',
      { username, password: PASSWORD, roles: ['council_member'], org_id: F.ids.btctw }), 201);
    members.push({ id: u.id, c: bearer(server, newToken(server, username)) });
  }
  const ids = members.map((m) => m.id);
  const body = {
    kind: 'approve_each', question: 'Đề nghị xét tặng danh hiệu Chiến sĩ thi đua toàn quốc',
    candidates: [{ person_id: womanId }, { person_id: manId }],
    seats: 0, threshold: 0.9, threshold_base: 'eligible', authority_id: F.ids.btctw, year: YEAR, voters: ids,
  };
  assertError(await F.L.post('/api/v1/ballots', body), 403, 'forbidden');
  assertError(await officer.post('/api/v1/ballots', { ...body, voters: [ids[0], ids[0]] }), 422, 'duplicate');
  assertError(await officer.post('/api/v1/ballots', { ...body, voters: [ids[0], 99999999] }), 422, 'unknown_user');
  assertError(await officer.post('/api/v1/ballots', { ...body, authority_id: F.units[0] }), 422);
  const b = await ok(officer.post('/api/v1/ballots', body), 201);
  assert.equal(b.voter_kind, 'users');
  assert.equal(b.cluster_id, null);
  assert.equal(b.authority_id, F.ids.btctw);
  assert.equal(b.eligible, 10);
  assert.deepEqual(b.your_powers, ['manage']);
  assert.deepEqual((await ok(officer.get(B(b.id)))).voters.map((v) => v.id).sort(byNumber), [...ids].sort(byNumber));

  // Readers: the authority's people; units beneath it are not.
  const demoCouncil = await session(server, 'council_member');
  const notListed = await ok(demoCouncil.get(B(b.id)));
  assert.deepEqual(notListed.your_powers, []);
  assert.equal(notListed.your_vote, null);
  assert.deepEqual((await ok(members[3].c.get(B(b.id)))).your_powers, ['vote']);
  for (const c of [F.voter(0), F.L, demoUnit]) {
    assertError(await c.get(B(b.id)), 403, 'forbidden');
    const list = await ok(c.get(`/api/v1/ballots?authority_id=${F.ids.btctw}&limit=500`));
    assert.ok(!list.items.some((x) => x.id === b.id), 'a unit lists a council ballot');
  }
  assertError(await F.voter(0).post(B(b.id, '/open'), {}), 403, 'forbidden');
  await openBallot(b.id, officer);

  for (const c of [demoCouncil, officer, F.admin]) {
    assertError(await c.post(B(b.id, '/votes'), { choices: [1] }), 403, 'not_a_voter');
  }
  assertError(await F.voter(0).post(B(b.id, '/votes'), { choices: [1] }), 403, 'forbidden');
  // Members 0–7 approve both, member 8 only the first, member 9 neither.
  const cast = [];
  for (let i = 0; i < 10; i++) {
    const choices = i < 8 ? [1, 2] : i === 8 ? [1] : [];
    cast.push({ choices, ...await ok(members[i].c.post(B(b.id, '/votes'), { choices }), 201) });
  }
  assertError(await members[4].c.post(B(b.id, '/votes'), { choices: [2] }), 409, 'already_voted');
  assertError(await members[4].c.get(B(b.id, '/result')), 409, 'ballot_not_closed');
  await ok(officer.post(B(b.id, '/close'), {}));
  const r = await ok(members[9].c.get(B(b.id, '/result')));
  assert.equal(r.eligible, 10);
  assert.equal(r.cast, 10);
  assert.equal(r.blank, 1);
  assert.equal(r.needed, 9);
  assert.deepEqual(r.counts, { 1: 9, 2: 8 });
  assert.deepEqual(r.passed, [1]);
  assert.equal(r.digest, digestOf(r.ballots));
  assert.equal((await ok(demoCouncil.get(B(b.id, '/result')))).digest, r.digest);
  for (const c of [F.voter(0), demoUnit]) assertError(await c.get(B(b.id, '/result')), 403, 'forbidden');
  for (const v of cast) {
    assert.deepEqual((await ok(new Client(server.url).get(B(b.id, `/receipts/${v.receipt}`)))).choices, v.choices);
  }
});

// ---------------------------------------------------------------------------
// 6. Many voters at once.

test('concurrent votes: exactly one ballot per unit, the rest 409, never a 5xx', async () => {
  const b = await newBallot({ candidates: [{ label: 'A' }, { label: 'B' }, { label: 'C' }] });
  await openBallot(b.id);
  const choiceOf = (i) => [1 + (i % 3)];
  const fire = () => {
    const shots = [];
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < 3; k++) shots.push([i, F.voter(i).post(B(b.id, '/votes'), { choices: choiceOf(i) })]);
    }
    // unit 0's delegate races its officer
    for (let k = 0; k < 2; k++) shots.push([0, delegate0.post(B(b.id, '/votes'), { choices: choiceOf(0) })]);
    return Promise.all(shots.map(async ([i, p]) => [i, await p]));
  };
  const answers = await fire();
  assert.equal(answers.length, N * 3 + 2);
  const won = Array(N).fill(0);
  const receipts = [];
  for (const [i, r] of answers) {
    assert.ok(r.status === 201 || r.status === 409, `unit ${i}: ${r.status} ${r.text}`);
    if (r.status === 201) {
      won[i]++;
      receipts.push(r.body);
    } else {
      assertError(r, 409, 'already_voted');
    }
  }
  assert.deepEqual(won, Array(N).fill(1));
  assert.equal(new Set(receipts.map((v) => v.receipt)).size, N);
  assert.equal((await ok(F.L.get(B(b.id)))).voted, N);

  await ok(F.L.post(B(b.id, '/close'), {}));
  const late = await fire();
  for (const [, r] of late) assertError(r, 409, 'ballot_closed');
  const r = await ok(F.voter(0).get(B(b.id, '/result')));
  assert.equal(r.cast, N);
  assert.deepEqual(r.counts, { 1: 5, 2: 4, 3: 4 });
  assert.deepEqual(r.ballots.map((x) => x.receipt_hash).sort(byText), receipts.map((v) => v.receipt_hash).sort(byText));
  assert.equal(r.digest, digestOf(r.ballots));
  const audit = await ok(F.admin.get('/api/v1/audit?entity=ballot&limit=500'));
  const votes = audit.items.filter((e) => e.entity_id === String(b.id) && e.action === 'vote');
  assert.deepEqual(votes.map((e) => e.after.voter_id).sort(byNumber), [...F.units].sort(byNumber));
});

// SERVER BUG (found writing this test): the access log blanks the receipt
// out of the path only when the request matches the receipt route. A
// receipt in a mistyped path (a trailing slash, a wrong method, a ballot id
// that is not a number) is logged in clear, e.g.
//   GET /api/v1/ballots/3/receipts/B79W-J8RV-WA44-PZX1-E3G4-HSEY/  → 404,
//   log: "path=/api/v1/ballots/3/receipts/B79W-J8RV-WA44-PZX1-E3G4-HSEY/ status=404"
// and with the published ballots anyone who reads the log learns that
// ballot's choices. Expected: the log never holds a receipt, whatever the
// answer. This test asserts that and fails until the server is fixed.
test('the log never holds a receipt, even in a mistyped path', async () => {
  const { id, cast } = F.flag;
  const owner = F.voter(cast[0].unit);
  const code = cast[0].receipt;
  const mistyped = [
    ['GET', `${B(id)}/receipts/${code}/`, 404],
    ['GET', `${B(id)}/receipts/${codeOf(code).toLowerCase()}/`, 404],
    ['POST', `${B(id)}/receipts/${code}`, 405],
    ['GET', `/api/v1/ballots/x${id}/receipts/${code}`, 404],
  ];
  for (const [method, path, status] of mistyped) {
    const r = await owner.req(method, path, method === 'POST' ? {} : undefined);
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
  }
  const logged = () => server.log().split('\n').filter((l) => /path=\/api\/v1\/ballots\/x?\d+\/receipts\/.* status=40[45]\b/.test(l));
  await waitFor(() => logged().length >= mistyped.length, 5000, 'the mistyped requests in the log');
  for (const form of receiptForms(code)) {
    const leaks = server.log().split('\n').filter((l) => l.includes(form));
    assert.deepEqual(leaks, [], `the receipt (${form}) is in the log`);
  }
});

// ---------------------------------------------------------------------------
// 7. Secrecy, on a server of its own (a database and a log with this one
// ballot's votes only).

const increasing = (a) => a.every((x, i) => i === 0 || x > a[i - 1]);
const monotonic = (a) => increasing(a) || increasing([...a].reverse());

test('secrecy: nothing kept links a voter to its choice or to the order of casting', async () => {
  const s = await startServer();
  try {
    const C = await conference(s, 'bk');
    const U = C.units;
    const b = await ok(C.L.post('/api/v1/ballots', {
      kind: 'approve_each', question: 'Suy tôn đơn vị dẫn đầu đề nghị tặng Cờ thi đua',
      candidates: [{ org_id: U[1] }, { org_id: U[4] }, { org_id: U[9] }],
      seats: 1, threshold: 0.8, threshold_base: 'eligible', cluster_id: C.cluster.id, year: YEAR,
    }), 201);
    await ok(C.L.post(B(b.id, '/open'), {}));
    // The units cast one after the other in this order, with these choices.
    const ORDER = [5, 0, 12, 3, 8, 1, 10, 6, 2, 11, 4, 9, 7];
    const CHOICES = [[1], [1, 2], [1, 3], [2], [1, 2, 3], [], [1], [3], [1, 2], [2, 3], [1], [1, 2], [2]];
    const cast = [];
    for (const i of ORDER) {
      const v = await ok(C.voter(i).post(B(b.id, '/votes'), { choices: CHOICES[i] }), 201);
      cast.push({ unit: U[i], choices: CHOICES[i], ...v });
    }
    const hashes = cast.map((v) => v.receipt_hash);
    const sortedHashes = [...hashes].sort(byText);
    // The receipts are random: the order of casting is that of the hashes
    // (either way) with odds of 2 in 13!, and then this test cannot tell.
    assert.ok(!monotonic(hashes.map((h) => sortedHashes.indexOf(h))), 'cast order happens to be hash order');

    const wal = `${s.dbPath}-wal`;
    const bytes = (path) => (existsSync(path) ? readFileSync(path).toString('latin1') : '');
    const noReceipts = (text, where) => {
      for (const v of cast) {
        for (const form of receiptForms(v.receipt)) assert.ok(!text.includes(form), `a receipt (${form}) in ${where}`);
      }
    };
    // While the ballot is open the votes are in the write-ahead log, the receipts never.
    assert.ok(bytes(wal).includes(hashes.at(-1)), 'the last vote is not in the write-ahead log');
    noReceipts(bytes(wal), 'the write-ahead log');
    noReceipts(bytes(s.dbPath), 'the database');
    // A voter checks its receipt while the ballot is open, as typed.
    const own = await ok(new Client(s.url).get(B(b.id, `/receipts/${codeOf(cast[0].receipt).toLowerCase()}`)));
    assert.equal(own.status, 'open');
    assert.deepEqual(own.choices, CHOICES[ORDER[0]]);

    const closed = await ok(C.L.post(B(b.id, '/close'), {}));
    // (e) At once, before anything else writes: the write-ahead log is emptied.
    assert.ok(!existsSync(wal) || statSync(wal).size === 0, `write-ahead log of ${existsSync(wal) && statSync(wal).size} bytes after the close`);
    const file = bytes(s.dbPath);
    // (b) No receipt code in any form in the database.
    noReceipts(file, 'the database');
    // (f) Each hash is stored once (the votes of this server fit one page),
    // and the file lays them out in the order of their values, not in the
    // order they were cast.
    const at = new Map();
    for (const h of hashes) {
      const i = file.indexOf(h);
      assert.ok(i >= 0, `hash ${h} not in the database file`);
      assert.equal(file.lastIndexOf(h), i, `hash ${h} stored more than once`);
      at.set(h, i);
    }
    assert.ok(monotonic(sortedHashes.map((h) => at.get(h))),
      `offsets in hash order are not monotonic: ${sortedHashes.map((h) => at.get(h))}`);
    assert.ok(!monotonic(hashes.map((h) => at.get(h))),
      `offsets follow the order of casting: ${hashes.map((h) => at.get(h))}`);

    // (a) The votes table has no room for a voter; the voters table none for a choice.
    const columns = (table) => sqlite(s, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).split('\n');
    assert.deepEqual(columns('ballot_votes'), ['ballot_id', 'receipt_hash', 'choices']);
    assert.deepEqual(columns('ballot_voters'), ['ballot_id', 'voter_id', 'voted']);
    assert.equal(sqlite(s, `SELECT COUNT(*) FROM ballot_votes WHERE ballot_id = ${b.id}`), String(N));
    assert.equal(sqlite(s, `SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ${b.id} AND voted = 'online'`), String(N));

    // (d) The audit chain says who took part, never what or with which receipt.
    const audit = await ok(C.admin.get('/api/v1/audit?entity=ballot&limit=500'));
    const entries = audit.items.filter((e) => e.entity_id === String(b.id));
    assert.deepEqual([...new Set(entries.map((e) => e.action))].sort(), ['close', 'create', 'open', 'vote']);
    const votes = entries.filter((e) => e.action === 'vote');
    assert.equal(votes.length, N);
    for (const e of votes) {
      assert.equal(e.before, null);
      assert.deepEqual(Object.keys(e.after), ['voter_id']);
    }
    assert.deepEqual(votes.map((e) => e.after.voter_id).sort(byNumber), [...U].sort(byNumber));
    const auditText = JSON.stringify(entries);
    assert.ok(!auditText.includes('"choices"'), 'choices in the audit chain'); // (max_choices is a rule)
    for (const h of hashes) assert.ok(!auditText.includes(h), 'a receipt hash in the audit chain');
    noReceipts(auditText, 'the audit chain');

    // (c) The log: the receipt check is logged with the code blanked out;
    // no receipt, no hash, no choices.
    await waitFor(() => s.log().includes(`path=/api/v1/ballots/${b.id}/close `), 5000, 'the close in the log');
    const log = s.log();
    assert.match(log, new RegExp(`path=/api/v1/ballots/${b.id}/receipts/\\* status=200`));
    noReceipts(log, 'the server log');
    for (const h of hashes) assert.ok(!log.includes(h), 'a receipt hash in the server log');
    assert.ok(!/choices/i.test(log), 'choices in the server log');

    // The published result still recounts to the digest.
    const r = await ok(C.voter(0).get(B(b.id, '/result')));
    assert.equal(r.digest, closed.digest);
    assert.equal(r.digest, digestOf(r.ballots));
    assert.deepEqual(r.counts, tally(cast, 3));
  } finally {
    await s.stop();
  }
});
