// The demo's ballots as `make run` shows them, and `thidua ballot ID`,
// which prints a closed ballot's result for the minutes: the same counts,
// passed candidates and digest as the API, and no result before closing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, session, thidua } from './helpers.mjs';

let server;
let admin;
let ballots;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  const r = await admin.get('/api/v1/ballots?limit=50');
  assert.equal(r.status, 200, r.text);
  ballots = r.body.items;
});

after(async () => server && server.stop());

const byQuestion = (part) => {
  const b = ballots.find((x) => x.question.includes(part));
  assert.ok(b, `no demo ballot about ${part}`);
  return b;
};

// The digest as README.md and src/domain/receipt.h describe it.
function digestOf(result) {
  let text = '';
  for (const h of result.receipts) text += `receipt ${h}\n`;
  for (const b of result.ballots) text += `ballot ${b.join(',')}\n`;
  if (result.paper) {
    const ids = Object.keys(result.counts).map(Number).sort((a, b) => a - b);
    text += `paper ${result.paper.ballots} ${result.paper.blank} ${result.paper.invalid} `
      + `${ids.map((id) => result.paper.counts[id] ?? 0).join(',')}\n`;
  }
  return createHash('sha256').update(text).digest('hex');
}

test('the demo holds a closed flag nomination, a hybrid merit ballot, an open vote and a council ballot', async () => {
  assert.equal(ballots.length, 4);
  const flag = byQuestion('Suy tôn');
  assert.equal(flag.status, 'closed');
  assert.equal(flag.kind, 'single');
  const merit = byQuestion('Bằng khen');
  assert.equal(merit.status, 'closed');
  assert.equal(merit.paper.ballots, 4);
  assert.equal(merit.paper.invalid, 1);
  const rules = byQuestion('Quy chế');
  assert.equal(rules.status, 'open');
  assert.equal(rules.year, 2026);
  assert.equal(rules.voted, 4);
  const council = byQuestion('Hội đồng');
  assert.equal(council.status, 'open');
  assert.equal(council.cluster_id, null);
  assert.equal(council.voter_kind, 'users');

  const r = await admin.get(`/api/v1/ballots/${merit.id}/result`);
  assert.equal(r.status, 200, r.text);
  // cast = 5 online + 4 papers − 1 spoilt
  assert.equal(r.body.void, false);
  assert.equal(r.body.cast, 8);
  assert.deepEqual(r.body.counts, { 1: 6, 2: 5, 3: 2, 4: 1 });
  assert.deepEqual(r.body.passed, [1, 2]);
  assert.equal(r.body.digest, digestOf(r.body));
  assert.equal(r.body.receipts.length, 5);
  assert.equal(r.body.ballots.length, 5);
});

test('the demo officers have the open ballot to vote in, the council member the council one', async () => {
  const rules = byQuestion('Quy chế');
  for (const role of ['unit_officer', 'delegate', 'leader_officer']) {
    const c = await session(server, role);
    const r = await c.get(`/api/v1/ballots/${rules.id}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.your_powers.includes('vote'), role);
    assert.equal(r.body.your_vote.voted, false, role);
  }
  const council = await session(server, 'council_member');
  const r = await council.get(`/api/v1/ballots/${byQuestion('Hội đồng').id}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.your_powers, ['vote']);
});

test('thidua ballot prints the result the API publishes', async () => {
  for (const part of ['Suy tôn', 'Bằng khen']) {
    const b = byQuestion(part);
    const api = await admin.get(`/api/v1/ballots/${b.id}/result`);
    assert.equal(api.status, 200, api.text);
    const out = thidua(['ballot', String(b.id), '--db', server.db]);
    assert.equal(out.status, 0, out.stderr);
    assert.ok(out.stdout.startsWith(`${b.question}\n`), out.stdout);
    assert.match(out.stdout, new RegExp(`^digest: ${api.body.digest}$`, 'm'));
    assert.match(out.stdout, new RegExp(`eligible ${api.body.eligible};.* cast ${api.body.cast} \\(blank ${api.body.blank}\\), invalid ${api.body.invalid}`));
    assert.match(out.stdout, new RegExp(`${api.body.needed} votes needed`));
    for (const c of b.candidates) {
      const passed = api.body.passed.includes(c.id) ? 'passed' : '';
      const line = out.stdout.split('\n').find((l) => l.endsWith(` ${c.label}`));
      assert.ok(line, `no line for ${c.label}`);
      const [id, votes, mark] = line.trim().split(/\s+/);
      assert.equal(Number(id), c.id);
      assert.equal(Number(votes), api.body.counts[c.id]);
      assert.equal(passed ? mark : '', passed);
    }
    assert.match(out.stdout, new RegExp(`^decided by: ${api.body.decided_by}`, 'm'));
  }
});

test('thidua ballot keeps an open ballot secret and refuses bad input', async () => {
  const open = thidua(['ballot', String(byQuestion('Quy chế').id), '--db', server.db]);
  assert.equal(open.status, 1);
  assert.equal(open.stdout, '');
  assert.match(open.stderr, /is open: its result is secret until it closes/);
  const missing = thidua(['ballot', '999', '--db', server.db]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no ballot 999/);
  for (const args of [['ballot'], ['ballot', 'x'], ['ballot', '0'], ['ballot', '1', '2']]) {
    const r = thidua([...args, '--db', server.db]);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, /usage: thidua ballot BALLOT_ID/);
  }
  assert.equal(thidua(['ballot', '1', '--nope', '--db', server.db]).status, 2);
});
