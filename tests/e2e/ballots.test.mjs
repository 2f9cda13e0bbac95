// Secret ballots through the API (issue 4): a 13-unit conference
// nominating its leading unit, with every receipt checked and the digest
// recomputed here; the tally's edges (exact thresholds, quorum, ties settled
// by priority or by the chair); the lifecycle and bad input; who may be
// listed as a voter and who may stand; ballots too small to stay secret,
// which close void; a hybrid conference's paper ballots; an authority's
// council; many voters at once; and what the database file, its write-ahead
// log, the server log and the audit chain keep of a ballot after it is
// closed. The tests of a server run in order and share its conference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { startServer, session, bearer, newToken, sqlite, assertError, demoIds, Client, waitFor, thidua, sql, PG, dumpDatabase } from './helpers.mjs';

const N = 13;
const YEAR = 2026;
const LEADER = 11; // index of the leader unit among the 13
const PASSWORD = 'phiếu kín không ai biết';
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
const SECRET_MIN = 3; // BALLOT_SECRET_MIN: fewer ballots in a published group make a ballot void

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

// What a receipt check answers: that the ballot is counted (unless the
// ballot closed void), with the question; never what the ballot holds, nor
// the candidates to read it by.
const receiptAnswer = (ballot, status, receiptHashValue, isVoid = false) => ({
  ballot_id: ballot.id, question: ballot.question, status, receipt_hash: receiptHashValue,
  counted: !isVoid, void: isVoid,
});

// A ballot's stored form, one mark per candidate ('1' chosen, '0' not).
const marksOf = (ids, n) => Array.from({ length: n }, (_, i) => (ids.includes(i + 1) ? '1' : '0')).join('');

// The online ballots as the result publishes them: each its candidate ids
// ascending, in an order their contents alone decide (by marks, descending),
// so the list says nothing of who cast which or when.
const published = (choices, n) => choices.map((c) => [...c].sort(byNumber))
  .sort((a, b) => byText(marksOf(b, n), marksOf(a, n)));

// The digest as receipt.h describes it: "receipt <hash>\n" for each
// published receipt, then "ballot <ids, comma separated>\n" for each
// published ballot, both in the published order, then the paper line when
// paper ballots were entered.
function digestOf(r, paper = null) {
  let text = r.receipts.map((h) => `receipt ${h}\n`).join('')
    + r.ballots.map((b) => `ballot ${b.join(',')}\n`).join('');
  if (paper) text += `paper ${paper.ballots} ${paper.blank} ${paper.invalid} ${paper.votes.join(',')}\n`;
  return sha256(text);
}

// Votes per candidate id from the published ballots.
function tally(ballots, nCandidates) {
  const counts = Object.fromEntries(Array.from({ length: nCandidates }, (_, i) => [String(i + 1), 0]));
  for (const b of ballots) for (const c of b) counts[String(c)]++;
  return counts;
}

// An error's message with its numbers blanked: two answers that must not
// tell apart what they were asked about have the same shape.
const messageShape = (r) => r.body.error.message.replace(/\d+/g, '#');

// Every key a void result has: no count, no digest, no ballot.
const VOID_KEYS = ['ballot_id', 'cast', 'eligible', 'invalid', 'passed', 'quorum', 'seats', 'status',
  'threshold', 'threshold_base', 'void', 'void_reason'];

function assertVoid(r, { eligible, cast, invalid = 0 }) {
  assert.deepEqual(Object.keys(r).sort(), VOID_KEYS, JSON.stringify(r));
  assert.equal(r.void, true);
  assert.equal(r.status, 'closed');
  assert.equal(r.eligible, eligible);
  assert.equal(r.cast, cast);
  assert.equal(r.invalid, invalid);
  assert.deepEqual(r.passed, []);
  assert.match(r.void_reason, new RegExp(`fewer than ${SECRET_MIN} ballots`));
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
let userId; // user name → id, of every user made before the tests

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
  const users = await ok(F.admin.get('/api/v1/users?limit=500'));
  userId = Object.fromEntries(users.items.map((u) => [u.username, u.id]));
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
  const n = b.candidates.length;
  assert.equal(result.void, false);
  assert.deepEqual(result.receipts, cast.map((v) => v.receipt_hash).sort(byText));
  assert.deepEqual(result.ballots, published(cast.map((v) => v.choices), n));
  assert.equal(result.digest, digestOf(result));
  assert.deepEqual(tally(result.ballots, n), result.counts);
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
  assert.equal(r.void, false);
  assert.equal(r.void_reason, undefined);
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
  assert.equal(closed.receipts, undefined);
  // the same result, without the published lists
  assert.deepEqual(closed, (({ ballots: _b, receipts: _r, ...rest }) => rest)(r));

  // The published receipts are the ones handed out, sorted; the published
  // ballots are the ones cast, each a list of candidate ids, apart from the
  // receipts and in an order their contents decide; they recount and rehash
  // to the result.
  assert.deepEqual(r.receipts, cast.map((v) => v.receipt_hash).sort(byText));
  assert.equal(r.ballots.length, N);
  for (const b of r.ballots) {
    assert.ok(Array.isArray(b) && b.every(Number.isInteger), JSON.stringify(b));
    assert.deepEqual(b, [...b].sort(byNumber));
  }
  assert.deepEqual(r.ballots, published(FLAG_CHOICES, 3));
  assert.deepEqual(tally(r.ballots, 3), r.counts);
  assert.match(r.digest, /^[0-9a-f]{64}$/);
  assert.equal(digestOf(r), r.digest);
  // Both lists count in the digest, each in its order.
  assert.notEqual(digestOf({ ...r, receipts: [...r.receipts].reverse() }), r.digest);
  assert.notEqual(digestOf({ ...r, ballots: [...r.ballots].reverse() }), r.digest);

  // Every receipt checks out, without logging in, as printed or typed in
  // lower case without dashes: counted, and nothing of what it holds.
  const anonymous = new Client(server.url);
  for (const v of cast) {
    for (const form of [v.receipt, codeOf(v.receipt).toLowerCase()]) {
      const c = await ok(anonymous.get(B(made.id, `/receipts/${form}`)));
      assert.deepEqual(c, receiptAnswer(made, 'closed', v.receipt_hash));
    }
  }
  const first = codeOf(cast[0].receipt);
  const wrong = (first[0] === '7' ? '8' : '7') + first.slice(1);
  const notFound = await anonymous.get(B(made.id, `/receipts/${wrong}`));
  assertError(notFound, 404, 'receipt_not_found');
  assertError(await anonymous.get(B(made.id, '/receipts/ABCD-EFGH')), 422, 'invalid_receipt');
  assertError(await anonymous.get(B(made.id, `/receipts/${first}X`)), 422, 'invalid_receipt');
  assertError(await anonymous.get(B(made.id, `/receipts/U${first.slice(1)}`)), 422, 'invalid_receipt');
  // A ballot that does not exist answers as a wrong receipt does, so
  // ballots cannot be listed this way.
  const noBallot = await anonymous.get(B(999999, `/receipts/${first}`));
  assertError(noBallot, 404, 'receipt_not_found');
  assert.equal(messageShape(noBallot), messageShape(notFound));

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

test('listed voters: at least three, each an active user of a member unit', async () => {
  const base = {
    kind: 'single', question: 'Biểu quyết của các cán bộ được mời', candidates: [{ label: 'Tán thành' }, { label: 'Không tán thành' }],
    threshold: 0.5, cluster_id: F.cluster.id, year: YEAR,
  };
  const members = ['bp.unit01', 'bp.unit02', 'bp.unit03'].map((u) => userId[u]);
  const resting = await ok(F.admin.post('/api/v1/users',
    { username: 'bp.tamnghi', password: PASSWORD, roles: ['unit_officer'], org_id: F.units[3] }), 201);
  await ok(F.admin.patch(`/api/v1/users/${resting.id}`, { disabled: true }));
  // Not of a member unit: the demo unit officer (a BTCTW unit of another
  // cluster), the authority's officer and a council member; nor a disabled
  // user of a member unit, nor nobody.
  const outsiders = [
    userId[server.logins.unit_officer.username], userId[server.logins.authority_officer.username],
    userId[server.logins.council_member.username], resting.id, 99999999,
  ];
  for (const outsider of outsiders) {
    const r = await F.L.post('/api/v1/ballots', { ...base, voters: [...members.slice(0, 2), outsider] });
    assertError(r, 422, 'not_eligible_voter');
    assert.equal(r.body.error.field, 'voters');
  }
  // Fewer than three voters cannot keep a secret.
  for (const voters of [members.slice(0, 2), members.slice(0, 1), []]) {
    const r = await F.L.post('/api/v1/ballots', { ...base, voters });
    assertError(r, 422, 'too_few_voters');
    assert.equal(r.body.error.field, 'voters');
  }
  const made = await newBallot({ ...base, voters: members });
  assert.equal(made.voter_kind, 'users');
  assert.equal(made.eligible, 3);
  assert.deepEqual((await ok(F.L.get(B(made.id)))).voters.map((v) => v.id).sort(byNumber), [...members].sort(byNumber));
  assert.equal((await F.L.del(B(made.id))).status, 204);
  const list = await ok(F.L.get(`/api/v1/ballots?cluster_id=${F.cluster.id}&year=${YEAR}&limit=500`));
  assert.ok(!list.items.some((b) => b.question === base.question), 'a refused ballot was kept');
});

test('who may stand: a person by its record, one the caller may read or of a member unit', async () => {
  const base = {
    kind: 'approve_each', question: 'Đề nghị tặng Bằng khen cá nhân', threshold: 0.5, cluster_id: F.cluster.id, year: YEAR,
  };
  // A person's priority follows its gender on record: it is never given.
  for (const [person_id, priority] of [[manId, true], [womanId, true], [manId, false]]) {
    const r = await F.L.post('/api/v1/ballots', { ...base, candidates: [{ person_id, priority }, { label: 'Tập thể A' }] });
    assertError(r, 422, 'priority_from_record');
    assert.equal(r.body.error.field, 'candidates');
  }
  // People of a member unit other than the leader's own: taken, priority from the record.
  const mine = await newBallot({ ...base, candidates: [{ person_id: womanId }, { person_id: manId }] });
  assert.deepEqual(mine.candidates.map((c) => [c.person_id, c.label, c.priority]),
    [[womanId, 'Lò Thị Hạnh', true], [manId, 'Quàng Văn Thắng', false]]);
  assert.equal((await F.L.del(B(mine.id))).status, 204);

  // A person of another cluster's unit (the demo unit officer's, beneath
  // BTCTW) is out of the leader unit's sight: answered as if nobody, so a
  // ballot cannot be used to look people up.
  const outsider = (await ok(F.admin.post('/api/v1/people',
    { full_name: 'Lường Văn Khách', gender: 'female', org_id: F.ids.userOrg.unit_officer }), 201)).id;
  const hidden = await F.L.post('/api/v1/ballots', { ...base, candidates: [{ person_id: outsider }] });
  assertError(hidden, 422, 'unknown_person');
  const nobody = await F.L.post('/api/v1/ballots', { ...base, candidates: [{ person_id: 99999999 }] });
  assertError(nobody, 422, 'unknown_person');
  assert.equal(messageShape(hidden), messageShape(nobody));
  assert.doesNotMatch(hidden.text, /Lường Văn Khách/);
  // The authority reads every person beneath it, and may nominate her.
  const byAuthority = await ok(officer.post('/api/v1/ballots', { ...base, candidates: [{ person_id: outsider }] }), 201);
  assert.deepEqual(byAuthority.candidates.map((c) => [c.label, c.priority]), [['Lường Văn Khách', true]]);
  assert.equal((await officer.del(B(byAuthority.id))).status, 204);

  // The demo cluster's leader officer: she is of a member unit of its
  // cluster, a person of a Bộ Nội vụ unit is not.
  const demoLeader = await session(server, 'leader_officer');
  const demoCluster = F.ids.clusters.find((c) => c.authority_id === F.ids.btctw);
  const farUnit = F.ids.clusters.find((c) => c.authority_id === F.ids.bnv).rotation[0];
  const far = (await ok(F.admin.post('/api/v1/people', { full_name: 'Nguyễn Văn Xa', gender: 'male', org_id: farUnit }), 201)).id;
  const demoBase = { ...base, cluster_id: demoCluster.id };
  assertError(await demoLeader.post('/api/v1/ballots', { ...demoBase, candidates: [{ person_id: far }] }), 422, 'unknown_person');
  const demoMade = await ok(demoLeader.post('/api/v1/ballots', { ...demoBase, candidates: [{ person_id: outsider }] }), 201);
  assert.deepEqual(demoMade.candidates.map((c) => c.person_id), [outsider]);
  assert.equal((await demoLeader.del(B(demoMade.id))).status, 204);
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
    assert.equal(sql(server, `SELECT COUNT(*) FROM ballot_votes WHERE ballot_id = ${ballot.id}`), '0');
    assert.equal(sql(server, `SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ${ballot.id} AND voted IS NOT NULL`), '0');
    const seen = await ok(F.voter(0).get(B(ballot.id)));
    assert.equal(seen.voted, 0);
    assert.equal(seen.your_vote.voted, false);
  }

  // Unit 0 votes through its delegate; its officer cannot vote again for it.
  assert.equal((await ok(delegate0.post(B(open.id, '/votes'), { choices: [1] }), 201)).ballot_id, open.id);
  assertError(await F.voter(0).post(B(open.id, '/votes'), { choices: [2] }), 409, 'already_voted');
  assertError(await delegate0.post(B(open.id, '/votes'), { choices: [1] }), 409, 'already_voted');
  // Units 1 and 3 through their officers.
  await ok(F.voter(1).post(B(open.id, '/votes'), { choices: [2] }), 201);
  const again = await F.voter(1).post(B(open.id, '/votes'), { choices: [2] });
  assertError(again, 409, 'already_voted');
  assert.match(again.body.error.message, /online/);
  await ok(F.voter(3).post(B(open.id, '/votes'), { choices: [1] }), 201);
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
  assert.equal(closed.void, false);
  assert.equal(closed.cast, 3);
  assert.deepEqual(closed.counts, { 1: 2, 2: 1 });
  assert.match((await ok(F.L.get(B(open.id)))).closed_at, /^\d{4}-\d\d-\d\dT/);
  assertError(await F.voter(2).post(B(open.id, '/votes'), { choices: [1] }), 409, 'ballot_closed');
  assertError(await F.voter(0).post(B(open.id, '/votes'), { choices: [1] }), 409, 'ballot_closed');
  assertError(await F.L.post(B(open.id, '/close'), {}), 409, 'ballot_closed');
  assertError(await F.L.post(B(open.id, '/open'), {}), 409, 'ballot_not_draft');
  assertError(await F.L.del(B(open.id)), 409, 'ballot_not_draft');
  assertError(await F.L.post(B(open.id, '/paper'),
    { voters: [F.units[5]], counts: { 1: 1 }, minutes: 'Biên bản' }), 409, 'ballot_closed');
  assert.equal((await ok(F.voter(9).get(B(open.id, '/result')))).cast, 3);
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
    // a candidate's id only as the API writes it, so that no candidate has two keys
    [{ ...paper, counts: { '01': 2, 2: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, counts: { ' 1': 2, 2: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, counts: { '+1': 2, 2: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, counts: { '1 ': 2, 2: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, counts: { 1: 1, '01': 1, 2: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, counts: { 0: 0, 1: 2, 2: 1 } }, 422, 'unknown_candidate'],
    [{ ...paper, voters: [...paperVoters.slice(0, 4), U[0]] }, 409, 'already_voted'], // unit 0 voted online
    [{ ...paper, voters: [...paperVoters.slice(0, 4), F.ids.userOrg.unit_officer] }, 422, 'not_a_voter'],
    [{ ...paper, voters: [...paperVoters.slice(0, 4), paperVoters[0]] }, 422, 'duplicate'],
    [{ ...paper, minutes: undefined }, 422, 'required'],
    [{ ...paper, voters: [] }, 422, 'out_of_range'],
  ];
  for (const [body, status, code] of refused) {
    const r = await F.L.post(path, JSON.parse(JSON.stringify(body)));
    assertError(r, status, code);
    if (code === 'already_voted') assert.match(r.body.error.message, /online/);
  }
  assertError(await F.voter(3).post(path, paper), 403, 'forbidden');
  let seen = await ok(F.L.get(B(b.id)));
  assert.equal(seen.paper, null);
  assert.equal(seen.voted, 3);
  assert.equal(sql(server, `SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ${b.id} AND voted = 'paper'`), '0');

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
  // The audit chain names the paper voters, so a chair cannot quietly vote
  // for a unit, and how many papers there were, not what they hold.
  const audit = await ok(F.admin.get('/api/v1/audit?entity=ballot&limit=500'));
  const entry = audit.items.find((e) => e.entity_id === String(b.id) && e.action === 'paper_ballots');
  assert.deepEqual([...entry.after.voters].sort(byNumber), [...paperVoters].sort(byNumber));
  assert.deepEqual(Object.keys(entry.after.paper).sort(), ['ballots', 'entered_at', 'minutes']);
  assert.equal(entry.after.paper.ballots, 5);
  // The paper voters cannot vote online; the leader sees how each took part.
  for (let i = 8; i < N; i++) {
    const r = await F.voter(i).post(B(b.id, '/votes'), { choices: [1] });
    assertError(r, 409, 'already_voted');
    assert.match(r.body.error.message, /on paper/);
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
  assert.equal(r.void, false);
  assert.deepEqual(r.receipts, cast.map((v) => v.receipt_hash).sort(byText));
  assert.deepEqual(r.ballots, published(ONLINE, 3));

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
  assert.equal(r.digest, digestOf(r, derived));
  assert.notEqual(r.digest, digestOf(r));
  for (const v of cast) {
    const c = await ok(new Client(server.url).get(B(b.id, `/receipts/${codeOf(v.receipt).toLowerCase()}`)));
    assert.deepEqual(c, receiptAnswer(b, 'closed', v.receipt_hash));
  }
});

// ---------------------------------------------------------------------------
// 5. Too few ballots to keep secret: the ballot closes void.

test('two ballots of thirteen are too few: the ballot closes void, with no count anywhere', async () => {
  const b = await newBallot({
    question: 'Biểu quyết chỉ có hai đơn vị tham gia', candidates: [{ label: 'Tán thành' }, { label: 'Không tán thành' }],
  });
  await openBallot(b.id);
  const cast = await castAll(b.id, [[1], [2]]);
  const closed = await ok(F.L.post(B(b.id, '/close'), {}));
  assertVoid(closed, { eligible: N, cast: 2 });
  for (const reader of [F.voter(0), F.voter(1), F.voter(7), F.L, officer, F.admin]) {
    assertVoid(await ok(reader.get(B(b.id, '/result'))), { eligible: N, cast: 2 });
  }
  // The ballot says who took part, as ever, and nothing counted.
  const seen = await ok(F.L.get(B(b.id)));
  assert.equal(seen.status, 'closed');
  assert.equal(seen.voted, 2);
  assert.equal(seen.paper, null);
  assert.doesNotMatch(JSON.stringify(seen), /"(counts|digest|ballots|receipts)"/);
  // No tie for the chair to break in a count nobody sees.
  assertError(await F.L.post(B(b.id, '/casting-vote'), { candidate_ids: [1] }), 409, 'ballot_void');
  // A receipt still shows that its ballot was taken in, and that nothing was counted.
  for (const v of cast) {
    assert.deepEqual(await ok(new Client(server.url).get(B(b.id, `/receipts/${v.receipt}`))),
      receiptAnswer(b, 'closed', v.receipt_hash, true));
  }
  // The audit chain's close entry says void, without a count.
  const audit = await ok(F.admin.get('/api/v1/audit?entity=ballot&limit=500'));
  const close = audit.items.find((e) => e.entity_id === String(b.id) && e.action === 'close');
  assert.equal(close.after.void, true);
  assert.equal(close.after.cast, 2);
  assert.equal(close.after.counts, undefined);
  assert.deepEqual(close.after.passed, []);
  // thidua ballot prints it void for the minutes: no count, no digest.
  const out = thidua(['ballot', String(b.id), '--db', server.db]);
  assert.equal(out.status, 0, out.stderr);
  const lines = out.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3, out.stdout);
  assert.equal(lines[0], b.question);
  assert.match(lines[1], new RegExp(`^ballot ${b.id} \\(single, closed\\), closed \\d{4}-`));
  assert.match(lines[2], new RegExp(`^void: fewer than ${SECRET_MIN} ballots .*\\(eligible 13, ballots cast 2\\)$`));
});

// Open a ballot of two choices, cast online (units 0…), enter the papers
// (minutes added), close: the closing answer and a member's result.
async function hybrid(online, paper) {
  const b = await newBallot({
    question: 'Biểu quyết kết hợp trực tuyến và phiếu giấy', candidates: [{ label: 'Phương án 1' }, { label: 'Phương án 2' }],
  });
  await openBallot(b.id);
  const cast = await castAll(b.id, online);
  await ok(F.L.post(B(b.id, '/paper'), { minutes: 'Biên bản kiểm phiếu', ...paper }));
  const closed = await ok(F.L.post(B(b.id, '/close'), {}));
  return { b, cast, closed, result: await ok(F.voter(0).get(B(b.id, '/result'))) };
}

test('a hybrid ballot is void when its online ballots, or its counted papers, are one or two', async () => {
  const U = F.units;
  // One online ballot and four papers: the online count would be that voter's choice.
  const one = await hybrid([[1]], { voters: U.slice(9), counts: { 1: 2, 2: 2 } });
  for (const r of [one.closed, one.result]) assertVoid(r, { eligible: N, cast: 5 });
  // Three online and three papers, one of them spoilt: two counted papers.
  const spoilt = await hybrid([[1], [2], [1]], { voters: U.slice(10), invalid: 1, counts: { 1: 1, 2: 1 } });
  for (const r of [spoilt.closed, spoilt.result]) assertVoid(r, { eligible: N, cast: 5, invalid: 1 });
  F.voidHybrids = [one.b.id, spoilt.b.id];

  // Three papers and no online ballot: no group of one or two.
  const papers = await hybrid([], { voters: U.slice(10), counts: { 1: 2, 2: 1 } });
  assert.equal(papers.result.void, false);
  assert.deepEqual(papers.result.counts, { 1: 2, 2: 1 });
  assert.deepEqual(papers.result.online, { cast: 0, blank: 0 });
  assert.deepEqual([papers.result.receipts, papers.result.ballots], [[], []]);
  assert.equal(papers.result.digest, digestOf(papers.result, { ballots: 3, blank: 0, invalid: 0, votes: [2, 1] }));
  // Three of each, one online ballot blank: both groups are enough.
  const both = await hybrid([[1], [2], []], { voters: U.slice(10), counts: { 1: 2, 2: 1 } });
  const r = both.result;
  assert.equal(r.void, false);
  assert.equal(r.cast, 6);
  assert.equal(r.blank, 1);
  assert.deepEqual(r.counts, { 1: 3, 2: 2 });
  assert.deepEqual(r.receipts, both.cast.map((v) => v.receipt_hash).sort(byText));
  assert.deepEqual(r.ballots, [[1], [2], []]);
  assert.equal(r.digest, digestOf(r, { ballots: 3, blank: 0, invalid: 0, votes: [2, 1] }));
});

// SERVER BUG (found writing these tests): a void ballot's paper counts are
// still given out in two places. (1) GET /ballots/{id} answers every
// reader the papers' `blank`, `invalid` and `counts` once the ballot is
// closed, void or not (ballot_paper_json in src/api/ballot_json.c looks at
// the status only): two papers both for candidate 1 show as
// paper.counts {"1": 2, "2": 0}, the very count the void result withholds.
// (2) The close entry of the audit chain keeps a void ballot's digest
// (api_ballots_close, and seal in cli_demo_ballots.c); with papers only
// there is no receipt hash to guess, and the digest is
// sha256("paper 2 0 0 2,0\n"), found by trying the few possible lines.
// Expected: no count of a void ballot, nor anything that gives one away.
// This test fails until the server is fixed.
test('a void ballot keeps its paper counts out of the ballot and of the audit chain', async () => {
  const two = await hybrid([], { voters: F.units.slice(11), counts: { 1: 2 } });
  assertVoid(two.result, { eligible: N, cast: 2 });
  for (const id of [two.b.id, ...F.voidHybrids]) {
    for (const reader of [F.voter(0), F.L, F.admin]) {
      const { paper } = await ok(reader.get(B(id)));
      assert.deepEqual(Object.keys(paper).sort(), ['ballots', 'entered_at', 'minutes'],
        `the void ballot ${id} shows its papers: ${JSON.stringify(paper)}`);
    }
  }
  const audit = await ok(F.admin.get('/api/v1/audit?entity=ballot&limit=500'));
  const close = audit.items.find((e) => e.entity_id === String(two.b.id) && e.action === 'close');
  assert.equal(close.after.void, true);
  for (let blank = 0; blank <= 2; blank++) {
    for (let invalid = 0; blank + invalid <= 2; invalid++) {
      for (let c1 = 0; c1 <= 2; c1++) {
        for (let c2 = 0; c2 <= 2; c2++) {
          const line = `paper 2 ${blank} ${invalid} ${c1},${c2}\n`;
          assert.notEqual(close.after.digest, sha256(line), `the audit chain gives the papers away: ${JSON.stringify(line)}`);
        }
      }
    }
  }
});

// ---------------------------------------------------------------------------
// 6. The authority's emulation council.

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
  // Only active council members of this authority may be listed: not
  // nobody, not its officer, not a unit's officer, not a council member of
  // another authority or one disabled; and at least three of them.
  const bnvMember = await ok(F.admin.post('/api/v1/users',
    { username: 'bp.hoidongbnv', password: PASSWORD, roles: ['council_member'], org_id: F.ids.bnv }), 201);
  const resting = await ok(F.admin.post('/api/v1/users',
    { username: 'bp.hoidongnghi', password: PASSWORD, roles: ['council_member'], org_id: F.ids.btctw }), 201);
  await ok(F.admin.patch(`/api/v1/users/${resting.id}`, { disabled: true }));
  const notMembers = [99999999, userId[server.logins.authority_officer.username], userId['bp.unit01'], bnvMember.id, resting.id];
  for (const outsider of notMembers) {
    const r = await officer.post('/api/v1/ballots', { ...body, voters: [ids[0], ids[1], outsider] });
    assertError(r, 422, 'not_eligible_voter');
    assert.equal(r.body.error.field, 'voters');
  }
  assertError(await officer.post('/api/v1/ballots', { ...body, voters: ids.slice(0, 2) }), 422, 'too_few_voters');
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
  assert.deepEqual(r.receipts, cast.map((v) => v.receipt_hash).sort(byText));
  assert.deepEqual(r.ballots, published(cast.map((v) => v.choices), 2));
  assert.equal(r.digest, digestOf(r));
  assert.equal((await ok(demoCouncil.get(B(b.id, '/result')))).digest, r.digest);
  for (const c of [F.voter(0), demoUnit]) assertError(await c.get(B(b.id, '/result')), 403, 'forbidden');
  for (const v of cast) {
    assert.deepEqual(await ok(new Client(server.url).get(B(b.id, `/receipts/${v.receipt}`))), receiptAnswer(b, 'closed', v.receipt_hash));
  }
});

// ---------------------------------------------------------------------------
// 7. Many voters at once.

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
  assert.deepEqual(r.receipts, receipts.map((v) => v.receipt_hash).sort(byText));
  assert.deepEqual(r.ballots, published(Array.from({ length: N }, (_, i) => choiceOf(i)), 3));
  assert.equal(r.digest, digestOf(r));
  const audit = await ok(F.admin.get('/api/v1/audit?entity=ballot&limit=500'));
  const votes = audit.items.filter((e) => e.entity_id === String(b.id) && e.action === 'vote');
  assert.deepEqual(votes.map((e) => e.after.voter_id).sort(byNumber), [...F.units].sort(byNumber));
});

// The access log blanks all that follows a "receipts" segment, in any
// case, whether the path is routed or not: a receipt in a mistyped path
// (a trailing slash, a wrong method, a ballot id that is not a number, a
// code split by a slash, "Receipts" in capitals) stays out of it too.
test('the log never holds a receipt, even in a mistyped path', async () => {
  const { id, cast } = F.flag;
  const owner = F.voter(cast[0].unit);
  const code = cast[0].receipt;
  const mistyped = [
    ['GET', `${B(id)}/receipts/${code}/`, 404],
    ['GET', `${B(id)}/receipts/${codeOf(code).toLowerCase()}/`, 404],
    ['POST', `${B(id)}/receipts/${code}`, 405],
    ['GET', `/api/v1/ballots/x${id}/receipts/${code}`, 404],
    ['GET', `${B(id)}/receipts/${code.slice(0, 14)}/${code.slice(15)}`, 404],
    ['GET', `${B(id)}/Receipts/${code}`, 404],
    ['GET', `${B(id)}/RECEIPTS/${codeOf(code).toLowerCase()}/x`, 404],
  ];
  for (const [method, path, status] of mistyped) {
    const r = await owner.req(method, path, method === 'POST' ? {} : undefined);
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
  }
  const logged = () => server.log().split('\n').filter((l) => /path=\/api\/v1\/ballots\/x?\d+\/receipts\/.* status=40[45]\b/i.test(l));
  // each blanked at its receipts segment, whatever its case (a line is
  // written once its request completes, which may be after the answer)
  const expected = [`${B(id)}/Receipts/*`, `${B(id)}/RECEIPTS/*`, `${B(id)}/receipts/*`,
    `/api/v1/ballots/x${id}/receipts/*`];
  const seen = (path) => logged().some((l) => l.includes(`path=${path} status=404`));
  const all = () => expected.every(seen)
    && logged().some((l) => l.includes(`path=${B(id)}/receipts/* status=405`));
  await waitFor(all, 5000, 'the mistyped requests in the log');
  assert.deepEqual(logged().filter((l) => !/\/receipts\/\* status=/i.test(l)), []);
  for (const form of [...receiptForms(code), code.slice(0, 14), code.slice(15)]) {
    const leaks = server.log().split('\n').filter((l) => l.includes(form));
    assert.deepEqual(leaks, [], `the receipt (${form}) is in the log`);
  }
});

// ---------------------------------------------------------------------------
// 8. Secrecy, on a server of its own (a database and a log with this one
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
    // After each vote the test reads (as only someone at the database file
    // could) the random key the new ballot is stored under, to know the
    // order of casting of the stored rows.
    const ORDER = [5, 0, 12, 3, 8, 1, 10, 6, 2, 11, 4, 9, 7];
    const CHOICES = [[1], [1, 2], [1, 3], [2], [1, 2, 3], [], [1], [3], [1, 2], [2, 3], [1], [1, 2], [2]];
    const storedKeys = () => sql(s, `SELECT id FROM ballot_votes WHERE ballot_id = ${b.id}`).split('\n').filter(Boolean);
    const cast = [];
    const keys = []; // in the order of casting
    for (const i of ORDER) {
      const v = await ok(C.voter(i).post(B(b.id, '/votes'), { choices: CHOICES[i] }), 201);
      cast.push({ unit: U[i], choices: CHOICES[i], ...v });
      const fresh = storedKeys().filter((k) => !keys.includes(k));
      assert.equal(fresh.length, 1, `one new stored ballot per vote: ${fresh}`);
      assert.match(fresh[0], /^[0-9a-f]{32}$/);
      keys.push(fresh[0]);
    }
    const hashes = cast.map((v) => v.receipt_hash);
    const sortedHashes = [...hashes].sort(byText);
    const sortedKeys = [...keys].sort(byText);
    // Hashes and keys are random: the order of casting is theirs (either
    // way) with odds of 2 in 13!, and then this test cannot tell.
    assert.ok(!monotonic(hashes.map((h) => sortedHashes.indexOf(h))), 'cast order happens to be hash order');
    assert.ok(!monotonic(keys.map((k) => sortedKeys.indexOf(k))), 'cast order happens to be key order');

    const wal = `${s.dbPath}-wal`;
    const bytes = (path) => (existsSync(path) ? readFileSync(path).toString('latin1') : '');
    const noReceipts = (text, where) => {
      for (const v of cast) {
        for (const form of receiptForms(v.receipt)) assert.ok(!text.includes(form), `a receipt (${form}) in ${where}`);
      }
    };
    if (!PG) {
      // While the ballot is open the votes are in the write-ahead log, the receipts never.
      assert.ok(bytes(wal).includes(hashes.at(-1)), 'the last receipt hash is not in the write-ahead log');
      assert.ok(bytes(wal).includes(keys.at(-1)), 'the last vote is not in the write-ahead log');
      noReceipts(bytes(wal), 'the write-ahead log');
      noReceipts(bytes(s.dbPath), 'the database');
    } else {
      noReceipts(dumpDatabase(s), 'the database');
    }
    // A voter checks its receipt while the ballot is open, as typed: taken in, nothing of what it holds.
    const own = await ok(new Client(s.url).get(B(b.id, `/receipts/${codeOf(cast[0].receipt).toLowerCase()}`)));
    assert.deepEqual(own, receiptAnswer(b, 'open', cast[0].receipt_hash));

    const closed = await ok(C.L.post(B(b.id, '/close'), {}));
    if (PG) {
      // PostgreSQL keeps its own log; what the tables show is what counts:
      // the close wrote every vote, receipt and voter of the ballot again in
      // one transaction (one xmin for all, so none tells when it was cast)
      // and in the order of their keys.
      for (const table of ['ballot_votes', 'ballot_receipts', 'ballot_voters']) {
        assert.equal(sql(s, `SELECT COUNT(DISTINCT xmin::text) FROM ${table} WHERE ballot_id = ${b.id}`), '1', table);
      }
      assert.deepEqual(sql(s, `SELECT id FROM ballot_votes WHERE ballot_id = ${b.id} ORDER BY ctid`).split('\n'), sortedKeys);
      assert.deepEqual(sql(s, `SELECT receipt_hash FROM ballot_receipts WHERE ballot_id = ${b.id} ORDER BY ctid`).split('\n'), sortedHashes);
      assert.deepEqual(storedKeys().sort(byText), sortedKeys, 'the stored ballots changed keys at the close');
      noReceipts(dumpDatabase(s), 'the database');
    } else {
      // (e) At once, before anything else writes: the write-ahead log is emptied.
      assert.ok(!existsSync(wal) || statSync(wal).size === 0, `write-ahead log of ${existsSync(wal) && statSync(wal).size} bytes after the close`);
      const file = bytes(s.dbPath);
      // (b) No receipt code in any form in the database.
      noReceipts(file, 'the database');
      // (f) Each receipt hash and each stored ballot's key is in the file once
      // (this server's votes fit a page), and the file lays them out in the
      // order of their values, not in the order they were cast.
      const offsets = (values, what) => {
        const at = new Map();
        for (const x of values) {
          const i = file.indexOf(x);
          assert.ok(i >= 0, `${what} ${x} not in the database file`);
          assert.equal(file.lastIndexOf(x), i, `${what} ${x} stored more than once`);
          at.set(x, i);
        }
        return at;
      };
      const hashAt = offsets(hashes, 'receipt hash');
      assert.ok(monotonic(sortedHashes.map((h) => hashAt.get(h))),
        `receipt hashes in hash order are not laid out in order: ${sortedHashes.map((h) => hashAt.get(h))}`);
      assert.ok(!monotonic(hashes.map((h) => hashAt.get(h))),
        `receipt hashes are laid out in the order of casting: ${hashes.map((h) => hashAt.get(h))}`);
      assert.deepEqual(storedKeys().sort(byText), sortedKeys, 'the stored ballots changed keys at the close');
      const keyAt = offsets(keys, 'stored ballot key');
      assert.ok(monotonic(sortedKeys.map((k) => keyAt.get(k))),
        `stored ballots in key order are not laid out in order: ${sortedKeys.map((k) => keyAt.get(k))}`);
      assert.ok(!monotonic(keys.map((k) => keyAt.get(k))),
        `stored ballots are laid out in the order of casting: ${keys.map((k) => keyAt.get(k))}`);
    }

    // (a) The votes table has room for the choices only, under a random key,
    // each the same size (a mark per candidate); the receipts table for a
    // hash only; the voters table none for a choice. No row ids.
    const columns = (table) => (PG
      ? sql(s, `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`)
      : sqlite(s, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)).split('\n');
    assert.deepEqual(columns('ballot_votes'), ['ballot_id', 'id', 'choices']);
    assert.deepEqual(columns('ballot_receipts'), ['ballot_id', 'receipt_hash']);
    assert.deepEqual(columns('ballot_voters'), ['ballot_id', 'voter_id', 'voted']);
    for (const table of PG ? [] : ['ballot_votes', 'ballot_receipts', 'ballot_voters']) {
      assert.match(sqlite(s, `SELECT sql FROM sqlite_master WHERE name = '${table}'`), /WITHOUT ROWID\s*$/i, table);
    }
    const stored = sql(s, `SELECT choices FROM ballot_votes WHERE ballot_id = ${b.id}`).split('\n');
    assert.deepEqual(stored.sort(), CHOICES.map((c) => marksOf(c, 3)).sort());
    assert.equal(sql(s, `SELECT COUNT(*) FROM ballot_receipts WHERE ballot_id = ${b.id}`), String(N));
    assert.deepEqual(sql(s, `SELECT receipt_hash FROM ballot_receipts WHERE ballot_id = ${b.id}`).split('\n').sort(byText), sortedHashes);
    assert.equal(sql(s, `SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ${b.id} AND voted = 'online'`), String(N));

    // (d) The audit chain says who took part, never what, under which key or with which receipt.
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
    for (const k of keys) assert.ok(!auditText.includes(k), 'a stored ballot key in the audit chain');
    noReceipts(auditText, 'the audit chain');
    // the close entry pins the digest of what is published
    assert.equal(entries.find((e) => e.action === 'close').after.digest, closed.digest);

    // (c) The log: the receipt check is logged with the code blanked out;
    // no receipt, no hash, no key, no choices.
    const checked = new RegExp(`path=/api/v1/ballots/${b.id}/receipts/\\* status=200`);
    await waitFor(() => s.log().includes(`path=/api/v1/ballots/${b.id}/close `) && checked.test(s.log()),
      5000, 'the close and the receipt check in the log');
    const log = s.log();
    noReceipts(log, 'the server log');
    for (const h of hashes) assert.ok(!log.includes(h), 'a receipt hash in the server log');
    for (const k of keys) assert.ok(!log.includes(k), 'a stored ballot key in the server log');
    assert.ok(!/choices/i.test(log), 'choices in the server log');

    // The published result still recounts to the digest; its ballots carry
    // no key, and come in an order their contents decide.
    const r = await ok(C.voter(0).get(B(b.id, '/result')));
    assert.equal(r.digest, closed.digest);
    assert.equal(r.digest, digestOf(r));
    assert.deepEqual(r.receipts, sortedHashes);
    assert.deepEqual(r.ballots, published(CHOICES, 3));
    assert.deepEqual(r.counts, tally(CHOICES, 3));
    const resultText = JSON.stringify(r);
    for (const k of keys) assert.ok(!resultText.includes(k), 'a stored ballot key in the result');
  } finally {
    await s.stop();
  }
});
