// From a cluster's ballot to a decision and the award history: the leader
// proposes the nominee its ballot passed, the authority's council votes,
// the authority approves and decides, the award joins the history and
// feeds the next title's eligibility. With the refusals on the way: a unit
// approving its own proposal, a nominee who fails a condition, a decision
// or an approval beyond the quota, bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, session, demoIds, newToken, bearer, assertError } from './helpers.mjs';

let server;
let admin, authority, leader, unit, viewer;
let council; // the three council members of BTCTW, by token
let ids;
let c1; // BTCTW's first cluster: its 2026 year led by the leader officer's unit

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  authority = await session(server, 'authority_officer');
  leader = await session(server, 'leader_officer');
  unit = await session(server, 'unit_officer');
  viewer = await session(server, 'viewer');
  ids = await demoIds(server, admin);
  c1 = ids.clusters.find((c) => c.authority_id === ids.btctw && c.year.leader_id === ids.userOrg.leader_officer);
  assert.ok(c1, 'demo cluster led by the leader officer');
  council = ['btctw.uyvien1', 'btctw.uyvien2', server.logins.council_member.username]
    .map((u) => bearer(server, newToken(server, u)));
});

after(() => server.stop());

const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r.body; };

// A closed single-seat cluster ballot of 2026 that passes `winner`:
// the three member units with an officer or delegate vote for it.
async function clusterBallot(question, winner, kind = 'single') {
  const members = c1.year.members;
  const b = ok(await leader.post('/api/v1/ballots', {
    kind, question, cluster_id: c1.id, year: 2026, seats: 1, threshold: 0.5, threshold_base: 'cast',
    candidates: members.slice(0, 3).map((org_id) => ({ org_id })),
  }), 201);
  ok(await leader.post(`/api/v1/ballots/${b.id}/open`, {}));
  const idx = members.indexOf(winner) + 1;
  for (const voter of [leader, unit, await session(server, 'delegate')])
    ok(await voter.post(`/api/v1/ballots/${b.id}/votes`, { choices: [idx] }), 201);
  ok(await leader.post(`/api/v1/ballots/${b.id}/close`, {}));
  return b.id;
}

async function councilVote(proposalIds, yes = [true, true, true]) {
  const cb = ok(await authority.post('/api/v1/council-ballots', { proposal_ids: proposalIds }), 201);
  ok(await authority.post(`/api/v1/ballots/${cb.ballot_id}/open`, {}));
  const ballot = ok(await authority.get(`/api/v1/ballots/${cb.ballot_id}`));
  for (let i = 0; i < council.length; i++) {
    const choices = yes[i] ? ballot.candidates.map((k) => k.id) : [];
    ok(await council[i].post(`/api/v1/ballots/${cb.ballot_id}/votes`, { choices }), 201);
  }
  ok(await authority.post(`/api/v1/ballots/${cb.ballot_id}/close`, {}));
  return cb;
}

test('the rule sets are the law as data, switching on 2025-07-01', async () => {
  const sets = ok(await viewer.get('/api/v1/rule-sets')).items;
  assert.deepEqual(sets.map((s) => [s.code, s.effective_from, s.effective_until]),
    [['ND98-2023', '2024-01-01', '2025-06-30'], ['ND152-2025', '2025-07-01', null]]);
  const before = ok(await viewer.get('/api/v1/award-types?date=2025-06-30'));
  const afterSwitch = ok(await viewer.get('/api/v1/award-types?date=2025-07-01'));
  assert.equal(before.rule_set.code, 'ND98-2023');
  assert.equal(afterSwitch.rule_set.code, 'ND152-2025');
  assert.equal(ok(await viewer.get('/api/v1/award-types?year=2025')).rule_set.code, 'ND152-2025');
  assert.equal(ok(await viewer.get('/api/v1/award-types?year=2024')).rule_set.code, 'ND98-2023');
  const flag = (set) => set.items.find((t) => t.code === 'CO_CP');
  assert.equal(flag(before).quota.kind, 'share_of_holders');
  assert.equal(flag(afterSwitch).quota, null);
  const cstd = afterSwitch.items.find((t) => t.code === 'CSTD_TINH');
  assert.equal(cstd.vote_threshold, 0.9);
  assert.equal(cstd.level, 'ministry_province');
  assert.ok(cstd.conditions.every((c) => c.basis && c.text));
  assertError(await viewer.get('/api/v1/award-types?date=2019-02-30'), 400, 'invalid_query');
  assertError(await viewer.get('/api/v1/award-types?date=2020-01-01'), 422, 'no_rule_set');
});

test('only an admin edits a rule set; a bad or overlapping one is refused', async () => {
  const set = ok(await admin.get('/api/v1/rule-sets')).items.find((s) => s.code === 'ND152-2025');
  const doc = ok(await admin.get(`/api/v1/rule-sets/${set.id}`)).document;
  assertError(await authority.put(`/api/v1/rule-sets/${set.id}`, doc), 403);
  const ldtt = doc.award_types.find((t) => t.code === 'LDTT');
  const changed = structuredClone(doc);
  changed.award_types.find((t) => t.code === 'LDTT').reward = 0.35;
  const r = ok(await admin.put(`/api/v1/rule-sets/${set.id}`, changed));
  assert.equal(r.revision, set.revision + 1);
  assert.equal(r.document.award_types.find((t) => t.code === 'LDTT').reward, 0.35);
  const bad = structuredClone(doc);
  bad.award_types[1].conditions[0].award = 'NO_SUCH';
  const e = await admin.put(`/api/v1/rule-sets/${set.id}`, bad);
  assertError(e, 422, 'invalid_rule_set');
  const overlapping = { ...structuredClone(doc), code: 'ND999-2026', effective_from: '2026-01-01' };
  assertError(await admin.post('/api/v1/rule-sets', overlapping), 409, 'rule_sets_overlap');
  ok(await admin.put(`/api/v1/rule-sets/${set.id}`, { ...doc, award_types: doc.award_types.map((t) => (t.code === 'LDTT' ? ldtt : t)) }));
});

test('eligibility cites every condition, and history changes the answer', async () => {
  const people = ok(await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=5`)).items;
  const p = people[0];
  const q = (type, year) => `/api/v1/eligibility?person=${p.id}&award_type=${type}&year=${year}`;
  let el = ok(await unit.get(q('CSTD_TINH', 2026)));
  assert.equal(el.eligible, false);
  assert.equal(el.rule_set.code, 'ND152-2025');
  const byCode = (e) => Object.fromEntries(e.conditions.map((c) => [c.code, c]));
  assert.equal(byCode(el).cstdcs_3_years.met, false);
  assert.match(byCode(el).cstdcs_3_years.basis, /điều 22/);
  assert.equal(byCode(el).not_frozen.met, true);
  assert.equal(byCode(el).initiative_province.met, null);
  // Three consecutive CSTDCS from paper decisions, and an initiative.
  for (const year of [2024, 2025, 2026])
    ok(await authority.post('/api/v1/awards', { award_type: 'CSTDCS', person_id: p.id, year, decision_ref: `${year - 2000}/QĐ-ĐB ngày 20/12/${year}` }), 201);
  ok(await unit.post('/api/v1/initiatives', { person_id: p.id, title: 'Số hóa hồ sơ thi đua', level: 'ministry_province', year: 2025 }), 201);
  el = ok(await unit.get(q('CSTD_TINH', 2026)));
  assert.equal(el.eligible, true, JSON.stringify(el.conditions));
  assert.equal(el.complete, true);
  // An open inspection freezes the nominee.
  const hold = ok(await unit.post('/api/v1/holds', { person_id: p.id, kind: 'inspection', started_on: '2026-01-10' }), 201);
  el = ok(await unit.get(q('CSTD_TINH', 2026)));
  assert.equal(el.eligible, false);
  assert.equal(byCode(el).not_frozen.met, false);
  ok(await unit.patch(`/api/v1/holds/${hold.id}`, { ended_on: '2026-03-01' }));
  assert.equal(ok(await unit.get(q('CSTD_TINH', 2026))).eligible, true);
  // The history is the person's, seen where the person is.
  const hist = ok(await unit.get(`/api/v1/people/${p.id}/awards`));
  assert.deepEqual(hist.items.map((a) => a.year), [2026, 2025, 2024]);
  assertError(await viewer.get(`/api/v1/people/${p.id}/awards`), 403);
  assertError(await unit.get(`/api/v1/eligibility?person=${p.id}&award_type=CO_TINH&year=2026`), 422, 'wrong_subject');
  assertError(await unit.get(`/api/v1/eligibility?person=${p.id}&award_type=NOPE&year=2026`), 422, 'unknown_award_type');
  assertError(await unit.get(`/api/v1/eligibility?person=${p.id}&org=1&award_type=LDTT&year=2026`), 400, 'invalid_query');
});

test('a unit proposes for its own people; only the authority reviews', async () => {
  const people = ok(await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=5`)).items;
  const p = people[1];
  ok(await authority.post('/api/v1/awards', { award_type: 'LDTT', person_id: p.id, year: 2026, decision_ref: '15/QĐ-ĐB' }), 201);
  const prop = ok(await unit.post('/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: p.id, year: 2026, grounds: 'Hoàn thành xuất sắc nhiệm vụ năm 2026.' }), 201);
  assert.equal(prop.status, 'draft');
  assert.equal(prop.proposer_org_id, ids.userOrg.unit_officer);
  assert.equal(prop.authority_id, ids.btctw);
  assert.equal(prop.eligibility.eligible, true);
  // Nobody else's people, nor a collective without its cluster.
  const other = ok(await admin.get(`/api/v1/people?org_id=${ids.userOrg.delegate}&limit=1`)).items[0];
  assertError(await unit.post('/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: other.id, year: 2026, grounds: 'x' }), 403);
  assertError(await unit.post('/api/v1/proposals', { award_type: 'TTLDXS', nominee_org_id: ids.userOrg.unit_officer, year: 2026, grounds: 'x' }), 422, 'cluster_required');
  assertError(await unit.post('/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: p.id, year: 2026, grounds: 'twice' }), 409, 'already_proposed');
  // A unit cannot review, nor approve, its own proposal.
  ok(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  assertError(await unit.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'approved' }), 403);
  assertError(await viewer.get(`/api/v1/proposals/${prop.id}`), 403);
  assertError(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}), 409, 'invalid_transition');
  // Returned with a reason, edited, resubmitted, rejected with a reason.
  assertError(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'returned' }), 422, 'required');
  ok(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'returned', note: 'Bổ sung minh chứng sáng kiến.' }));
  ok(await unit.patch(`/api/v1/proposals/${prop.id}`, { grounds: 'Có sáng kiến cấp cơ sở.' }));
  ok(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  const rejected = ok(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'rejected', note: 'Không đủ hồ sơ.' }));
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.review_note, 'Không đủ hồ sơ.');
  // Each move is in the audit.
  const audit = ok(await admin.get(`/api/v1/audit?entity=proposal&entity_id=${prop.id}`));
  assert.deepEqual(audit.items.map((a) => a.action).sort(),
    ['create', 'review', 'review', 'submit', 'submit', 'update'].sort());
});

test('a nominee who fails a condition cannot be submitted', async () => {
  const p = ok(await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=5`)).items[2];
  const prop = ok(await unit.post('/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: p.id, year: 2026, grounds: 'Chưa có LĐTT.' }), 201);
  assert.equal(prop.eligibility.eligible, false);
  const e = await unit.post(`/api/v1/proposals/${prop.id}/submit`, {});
  assertError(e, 409, 'not_eligible');
  assert.match(e.body.error.message, /holds_ldtt/);
  assert.equal(ok(await unit.get(`/api/v1/proposals/${prop.id}`)).status, 'draft');
  assert.equal((await unit.del(`/api/v1/proposals/${prop.id}`)).status, 204);
});

test('from the cluster ballot to the decision and the history', async () => {
  const winner = c1.year.members[1];
  const ballotId = await clusterBallot('Suy tôn đơn vị dẫn đầu Cụm năm 2026', winner);
  // The leader proposes what its ballot passed, the figures attached.
  assertError(await unit.post(`/api/v1/clusters/${c1.id}/years/2026/proposals`, { ballot_id: ballotId, award_type: 'CO_TINH', grounds: 'x' }), 403);
  const made = ok(await leader.post(`/api/v1/clusters/${c1.id}/years/2026/proposals`, { ballot_id: ballotId, award_type: 'CO_TINH', grounds: 'Dẫn đầu Cụm thi đua năm 2026.' }), 201).items;
  assert.equal(made.length, 1);
  const flag = made[0];
  assert.equal(flag.nominee_org_id, winner);
  assert.equal(flag.ballot_result.passed, true);
  assert.equal(flag.ballot_result.votes, 3);
  assert.equal(flag.ballot_result.ballot_id, ballotId);
  assert.match(flag.ballot_result.digest, /^[0-9a-f]{64}$/);
  const cv = flag.eligibility.conditions.find((c) => c.code === 'cluster_leader');
  assert.equal(cv.met, true);
  // The leader sees which conditions its nominee meets, not another unit's
  // records behind them; the reviewing authority sees the evidence.
  assert.ok(flag.eligibility.conditions.every((c) => !('detail' in c) && !('detail_code' in c) && !('detail_params' in c)), JSON.stringify(flag.eligibility));
  const seen = ok(await authority.get(`/api/v1/proposals/${flag.id}`));
  assert.ok(seen.eligibility.conditions.every((c) => typeof c.detail === 'string' && typeof c.detail_code === 'string' && typeof c.detail_params === 'object'));
  const vote = seen.eligibility.conditions.find((c) => c.code === 'cluster_leader');
  assert.deepEqual([vote.detail, vote.detail_code, vote.detail_params], ["passed the cluster's ballot", 'ballot_passed', {}]);
  // Only the leader proposes from a ballot, before anything about the ballot is told.
  assertError(await unit.post(`/api/v1/clusters/${c1.id}/years/2026/proposals`, { ballot_id: 999999, award_type: 'CO_TINH', grounds: 'x' }), 403);
  // A cluster proposes only whom its ballot passed, with the ballot.
  assertError(await leader.post('/api/v1/proposals', { award_type: 'CO_TINH', nominee_org_id: c1.year.members[2], cluster_id: c1.id, year: 2026, grounds: 'Đề nghị thêm.' }), 422, 'required');
  assertError(await leader.post('/api/v1/proposals', { award_type: 'CO_TINH', nominee_org_id: c1.year.members[2], cluster_id: c1.id, year: 2026, ballot_id: ballotId, grounds: 'Đề nghị thêm.' }), 409, 'not_passed');
  // A second vote passes another unit: a second flag for the same cluster and year.
  const again = await clusterBallot('Suy tôn lại đơn vị dẫn đầu Cụm năm 2026', c1.year.members[2]);
  const rival = ok(await leader.post('/api/v1/proposals', { award_type: 'CO_TINH', nominee_org_id: c1.year.members[2], cluster_id: c1.id, year: 2026, ballot_id: again, grounds: 'Đề nghị thêm.' }), 201);
  ok(await leader.post(`/api/v1/proposals/${flag.id}/submit`, {}));
  ok(await leader.post(`/api/v1/proposals/${rival.id}/submit`, {}));
  // Approval needs the council's vote: 80 % of ALL members, set by the law.
  assertError(await authority.post(`/api/v1/proposals/${flag.id}/review`, { outcome: 'approved' }), 409, 'council_vote_required');
  assertError(await leader.post('/api/v1/council-ballots', { proposal_ids: [flag.id] }), 403);
  const cb = await councilVote([flag.id, rival.id]);
  assert.equal(cb.threshold, 0.8);
  assert.equal(cb.threshold_base, 'eligible');
  assert.equal(cb.voters, 3);
  // The vote is the council's: it is not run again until the authority likes it.
  assertError(await authority.post('/api/v1/council-ballots', { proposal_ids: [rival.id] }), 409, 'council_already_voted');
  assert.equal(ok(await authority.get(`/api/v1/proposals/${flag.id}`)).status, 'under_review');
  ok(await authority.post(`/api/v1/proposals/${flag.id}/review`, { outcome: 'approved', note: 'Hội đồng nhất trí.' }));
  // One flag per cluster: the rival passed the council but not the quota.
  const q = await authority.post(`/api/v1/proposals/${rival.id}/review`, { outcome: 'approved' });
  assertError(q, 409, 'quota_exceeded');
  // The decision confers it; a unit cannot decide.
  const decision = { authority_id: ids.btctw, number: '125/QĐ-BTCTW', date: '2026-11-20', signer: 'Trưởng ban', proposal_ids: [flag.id] };
  assertError(await leader.post('/api/v1/decisions', decision), 403);
  assertError(await authority.post('/api/v1/decisions', { ...decision, proposal_ids: [rival.id] }), 409, 'not_approved');
  assertError(await authority.post('/api/v1/decisions', { ...decision, date: '2099-01-01' }), 422, 'invalid_field');
  const d = ok(await authority.post('/api/v1/decisions', decision), 201);
  assert.equal(d.awards.length, 1);
  assertError(await authority.post('/api/v1/decisions', { ...decision, number: '126/QĐ-BTCTW' }), 409, 'already_decided');
  assertError(await authority.post('/api/v1/decisions', decision), 409);
  const award = d.awards[0];
  assert.deepEqual([award.award_type, award.org_id, award.year, award.decision_id, award.proposal_id],
    ['CO_TINH', winner, 2026, d.id, flag.id]);
  // History: anyone sees an org's awards and the decision.
  const hist = ok(await viewer.get(`/api/v1/orgs/${winner}/awards`));
  assert.deepEqual(hist.items.map((a) => a.award_type), ['CO_TINH']);
  const got = ok(await viewer.get(`/api/v1/decisions/${d.id}`));
  assert.deepEqual(got.proposal_ids, [flag.id]);
  assert.deepEqual(d.proposal_ids, [flag.id]);
  const listed = ok(await viewer.get('/api/v1/decisions')).items.find((x) => x.id === d.id);
  assert.deepEqual([listed.number, listed.signer, listed.proposal_ids], ['125/QĐ-BTCTW', 'Trưởng ban', [flag.id]]);
  assert.equal(ok(await authority.get(`/api/v1/proposals/${flag.id}`)).decision_id, d.id);
  // ... and it feeds the next title: the Government flag needs this year's province flag.
  const gov = ok(await authority.get(`/api/v1/eligibility?org=${winner}&award_type=CO_CP&year=2026`));
  assert.equal(gov.conditions.find((c) => c.code === 'flag_holder').met, true);
  const loser = ok(await authority.get(`/api/v1/eligibility?org=${c1.year.members[2]}&award_type=CO_CP&year=2026`));
  assert.equal(loser.conditions.find((c) => c.code === 'flag_holder').met, false);
  assert.equal(loser.eligible, false);
});

test('a decision beyond the quota is refused and changes nothing', async () => {
  // The demo's 2025 flag ballot, proposed by an admin for the 2025 leader.
  const ballots = ok(await admin.get(`/api/v1/ballots?cluster_id=${c1.id}&year=2025`)).items;
  const flagBallot = ballots.find((b) => b.kind === 'single');
  const made = ok(await admin.post(`/api/v1/clusters/${c1.id}/years/2025/proposals`, { ballot_id: flagBallot.id, award_type: 'CO_TINH', grounds: 'Dẫn đầu Cụm năm 2025.' }), 201).items;
  const prop = made[0];
  assert.equal(prop.rule_set_id, ok(await admin.get('/api/v1/award-types?year=2025')).rule_set.id);
  ok(await admin.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  await councilVote([prop.id]);
  ok(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'approved' }));
  // Meanwhile a paper decision gave the cluster's 2025 flag to another unit.
  const other = c1.year.members.find((m) => m !== prop.nominee_org_id);
  ok(await authority.post('/api/v1/awards', { award_type: 'CO_TINH', org_id: other, year: 2025, cluster_id: c1.id, decision_ref: '88/QĐ-BTCTW ngày 30/12/2025' }), 201);
  const before = ok(await admin.get('/api/v1/decisions')).total;
  const e = await authority.post('/api/v1/decisions', { authority_id: ids.btctw, number: '9/QĐ-BTCTW', date: '2026-01-15', signer: 'Trưởng ban', proposal_ids: [prop.id] });
  assertError(e, 409, 'quota_exceeded');
  assert.equal(ok(await admin.get('/api/v1/decisions')).total, before);
  assert.equal(ok(await authority.get(`/api/v1/proposals/${prop.id}`)).decision_id, null);
});

test('bad input is a clear 4xx', async () => {
  const cases = [
    [authority, 'POST', '/api/v1/proposals', { award_type: 'CSTDCS', year: 2026, grounds: 'x' }, 422],
    [authority, 'POST', '/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: 1, nominee_org_id: 1, year: 2026, grounds: 'x' }, 422],
    [unit, 'POST', '/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: 999999, year: 2026, grounds: 'x' }, 422],
    [unit, 'POST', '/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: 1, year: 'năm nay', grounds: 'x' }, 422],
    [unit, 'POST', '/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: 1, year: 2026, grounds: 'x', status: 'approved' }, 422],
    [unit, 'POST', '/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: 1, year: 2026, grounds: 'x', extra: 1 }, 422],
    [authority, 'POST', '/api/v1/decisions', { authority_id: ids.btctw, number: '', date: '2026-01-01', signer: 'x', proposal_ids: [1] }, 422],
    [authority, 'POST', '/api/v1/decisions', { authority_id: ids.btctw, number: '1', date: '2026-01-01', signer: 'x', proposal_ids: [] }, 422],
    [authority, 'POST', '/api/v1/decisions', { authority_id: ids.btctw, number: '1', date: '2026-01-01', signer: 'x', proposal_ids: [1, 1] }, 422],
    [authority, 'POST', '/api/v1/awards', { award_type: 'CSTDCS', person_id: 1, year: 2020 }, 422],
    [admin, 'POST', '/api/v1/awards', { award_type: 'XYZ', org_id: ids.btctw, year: 2020, decision_ref: 'x' }, 422],
    [authority, 'POST', '/api/v1/awards', { award_type: 'LDTT', person_id: 1, year: 2099, decision_ref: 'x' }, 422],
    [authority, 'POST', '/api/v1/council-ballots', { proposal_ids: [999999] }, 422],
    [admin, 'POST', '/api/v1/rule-sets', { code: 'x' }, 422],
    [admin, 'POST', '/api/v1/rule-sets', [], 400],
  ];
  for (const [who, method, path, body, status] of cases) {
    const r = await who.req(method, path, body);
    assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} → ${r.status} ${r.text}`);
    assert.ok(r.body?.error?.code, r.text);
  }
  assertError(await unit.get('/api/v1/proposals?status=nope'), 400, 'invalid_query');
});

test('the council votes itself: no paper counts entered for it by the authority', async () => {
  const p = ok(await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=10`)).items[3];
  ok(await authority.post('/api/v1/awards', { award_type: 'LDTT', person_id: p.id, year: 2026, decision_ref: '16/QĐ-ĐB' }), 201);
  const prop = ok(await unit.post('/api/v1/proposals', { award_type: 'CSTDCS', nominee_person_id: p.id, year: 2026, grounds: 'Đề nghị.' }), 201);
  ok(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  const cb = ok(await authority.post('/api/v1/council-ballots', { proposal_ids: [prop.id] }), 201);
  ok(await authority.post(`/api/v1/ballots/${cb.ballot_id}/open`, {}));
  const users = ok(await admin.get(`/api/v1/users?role=council_member&org_id=${ids.btctw}`)).items;
  const paper = await authority.post(`/api/v1/ballots/${cb.ballot_id}/paper`, { voters: users.map((u) => u.id), counts: { 1: users.length }, minutes: 'Phiếu giấy' });
  assertError(paper, 409, 'members_vote');
  // The members vote it down; a returned and resubmitted proposal goes before them again.
  for (const c of council) ok(await c.post(`/api/v1/ballots/${cb.ballot_id}/votes`, { choices: [] }), 201);
  ok(await authority.post(`/api/v1/ballots/${cb.ballot_id}/close`, {}));
  assertError(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'approved' }), 409, 'council_vote_failed');
  ok(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'returned', note: 'Hội đồng chưa thông qua; bổ sung thành tích.' }));
  assert.equal(ok(await unit.get(`/api/v1/proposals/${prop.id}`)).council_ballot_id, null);
  ok(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  ok(await authority.post('/api/v1/council-ballots', { proposal_ids: [prop.id] }), 201);
});

test('a state order is proposed upward, not conferred by the authority', async () => {
  const p = ok(await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=10`)).items[4];
  for (const [award_type, year] of [['BK_TTG', 2020], ['CSTDCS', 2022], ['CSTDCS', 2023], ['CSTDCS', 2025]])
    ok(await authority.post('/api/v1/awards', { award_type, person_id: p.id, year, decision_ref: `${year}/QĐ` }), 201);
  const prop = ok(await unit.post('/api/v1/proposals', { award_type: 'HCLD3', nominee_person_id: p.id, year: 2026, grounds: 'Đề nghị Huân chương Lao động hạng Ba.' }), 201);
  assert.equal(prop.eligibility.eligible, true, JSON.stringify(prop.eligibility.conditions));
  ok(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  ok(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'approved' }));
  const d = await authority.post('/api/v1/decisions', { authority_id: ids.btctw, number: '77/QĐ-BTCTW', date: '2026-11-02', signer: 'Trưởng ban', proposal_ids: [prop.id] });
  assertError(d, 409, 'conferred_above');
  assert.match(d.body.error.message, /Chủ tịch nước/);
});

test('past awards are recorded by the authority over the recipient, within its clusters', async () => {
  const notMember = ids.clusters.find((c) => c.id !== c1.id && c.authority_id === ids.btctw).rotation.find((o) => !c1.year.members.includes(o));
  assertError(await authority.post('/api/v1/awards', { award_type: 'CO_TINH', org_id: notMember, year: 2026, cluster_id: c1.id, decision_ref: '1/QĐ' }), 422, 'not_a_member');
  assertError(await authority.post('/api/v1/awards', { award_type: 'CO_TINH', org_id: ids.btctw, year: 2024, decision_ref: '1/QĐ' }), 403);
  assertError(await unit.post('/api/v1/awards', { award_type: 'TTLDTT', org_id: ids.userOrg.unit_officer, year: 2024, decision_ref: '1/QĐ' }), 403);
  // The proposer withdraws a returned proposal; the unique slot is free again.
  const p = ok(await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=10`)).items[5];
  const prop = ok(await unit.post('/api/v1/proposals', { award_type: 'LDTT', nominee_person_id: p.id, year: 2026, grounds: 'Đề nghị.' }), 201);
  ok(await unit.post(`/api/v1/proposals/${prop.id}/submit`, {}));
  ok(await authority.post(`/api/v1/proposals/${prop.id}/review`, { outcome: 'returned', note: 'Thiếu hồ sơ.' }));
  assert.equal((await unit.del(`/api/v1/proposals/${prop.id}`)).status, 204);
  ok(await unit.post('/api/v1/proposals', { award_type: 'LDTT', nominee_person_id: p.id, year: 2026, grounds: 'Đề nghị lại.' }), 201);
  // An admin lists every proposal.
  assert.ok(ok(await admin.get('/api/v1/proposals')).total > 0);
});
