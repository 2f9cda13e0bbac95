// Spreadsheet exports over HTTP (CSV and XLSX of rankings, ballot results,
// award lists, proposals), thidua export on the command line, and thidua
// backup with the README's restore procedure. XLSX files are read back
// with LibreOffice, as an officer's office suite would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, session, as, thidua, sql, assertError, newToken, BIN, PG, newDatabase } from './helpers.mjs';
import { parseCsv, xlsxToCsv as convert } from './sheets.mjs';

let server, admin;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
});

after(() => server.stop());

// GET as the admin's bearer token; the body as bytes.
async function download(path, token) {
  const res = await fetch(server.url + path, {
    headers: { Authorization: `Bearer ${token ?? adminToken()}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const xlsxToCsv = (files) => convert(server.dir, files);

let cachedToken;
function adminToken() {
  cachedToken ??= newToken(server, server.logins.admin.username);
  return cachedToken;
}

const published = async () => {
  const cl = (await admin.get('/api/v1/clusters?limit=50')).body.items;
  for (const c of cl) {
    for (const y of (await admin.get(`/api/v1/clusters/${c.id}`)).body.years ?? []) {
      const r = await admin.get(`/api/v1/clusters/${c.id}/years/${y}/ranking`);
      if (r.status === 200 && r.body.published) return { cluster: c, year: y, ranking: r.body };
    }
  }
  throw new Error('the demo has no published ranking');
};

test('a ranking exports as CSV and XLSX with its criteria columns and unit names', async () => {
  const { cluster, year, ranking } = await published();
  const csv = await download(`/api/v1/clusters/${cluster.id}/years/${year}/ranking.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  const cd = csv.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="xep hang cum \d+ nam \d+\.csv"; filename\*=UTF-8''X%E1%BA%BFp%20h%E1%BA%A1ng/);
  const rows = parseCsv(csv.bytes.toString('utf8'));
  const groups = ranking.groups.map((g) => `groups/${g.code}`);
  assert.deepEqual(rows[0], ['rank', 'org_id', 'org_name', ...groups, 'total']);
  assert.equal(rows.length, ranking.items.length + 1);
  const first = ranking.items[0];
  const name = (await admin.get(`/api/v1/orgs/${first.org_id}`)).body.name;
  assert.deepEqual(rows[1].slice(0, 3), [String(first.rank), String(first.org_id), name]);
  assert.equal(Number(rows[1].at(-1)), first.total);

  const xlsx = await download(`/api/v1/clusters/${cluster.id}/years/${year}/ranking.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  const file = join(server.dir, 'ranking.xlsx');
  writeFileSync(file, xlsx.bytes);
  const [back] = await xlsxToCsv([file]);
  const sheet = parseCsv(back);
  // headings are the labels people read; the cells the same values, numbers as numbers
  assert.equal(sheet[0][0], 'Xếp hạng');
  assert.equal(sheet[0][2], 'Đơn vị');
  assert.deepEqual(sheet[0].slice(3, 3 + ranking.groups.length), ranking.groups.map((g) => g.name));
  assert.equal(sheet.length, rows.length);
  for (let i = 1; i < rows.length; i++) {
    assert.equal(sheet[i][2], rows[i][2]);
    assert.equal(Number(sheet[i].at(-1)), Number(rows[i].at(-1)));
  }
});

test('award lists and proposals export with names; BOM for Excel', async () => {
  const awards = (await admin.get('/api/v1/awards?limit=500')).body;
  const csv = await download('/api/v1/awards.csv?bom=1');
  assert.equal(csv.status, 200);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(csv.bytes.subarray(3).toString('utf8'));
  assert.equal(rows.length, awards.total + 1);
  const head = rows[0];
  const col = (r, k) => r[head.indexOf(k)];
  const withPerson = awards.items.find((a) => a.person_id);
  const line = rows.find((r) => col(r, 'id') === String(withPerson.id));
  const person = (await admin.get(`/api/v1/people/${withPerson.person_id}`)).body;
  assert.equal(col(line, 'person_name'), person.full_name);
  assert.ok(col(line, 'award_name').length > 3, 'the award type has its Vietnamese name');
  // without the mark the file starts with the header
  const plain = await download('/api/v1/awards.csv');
  assert.equal(plain.bytes.subarray(0, 2).toString(), 'id');

  const xlsx = await download('/api/v1/awards.xlsx');
  assert.equal(xlsx.status, 200);
  const proposals = await download('/api/v1/proposals.xlsx');
  assert.equal(proposals.status, 200);
  const aFile = join(server.dir, 'awards.xlsx');
  const pFile = join(server.dir, 'proposals.xlsx');
  writeFileSync(aFile, xlsx.bytes);
  writeFileSync(pFile, proposals.bytes);
  const [aBack, pBack] = await xlsxToCsv([aFile, pFile]);
  const sheet = parseCsv(aBack);
  assert.equal(sheet.length, awards.total + 1);
  const id = sheet[0].indexOf('Mã');
  const who = sheet[0].indexOf('Cá nhân');
  assert.equal(sheet.find((r) => r[id] === String(withPerson.id))[who], person.full_name);
  const pSheet = parseCsv(pBack);
  const list = (await admin.get('/api/v1/proposals?limit=500')).body;
  assert.equal(pSheet.length, list.total + 1);
  assert.equal(pSheet[0][3], 'Hình thức khen thưởng');
});

test('a ballot result exports one row per candidate with its votes', async () => {
  const ballots = (await admin.get('/api/v1/ballots?limit=100')).body.items;
  const closed = ballots.find((b) => b.status === 'closed');
  const open = ballots.find((b) => b.status === 'open');
  const result = (await admin.get(`/api/v1/ballots/${closed.id}/result`)).body;
  const ballot = (await admin.get(`/api/v1/ballots/${closed.id}`)).body;
  const csv = await download(`/api/v1/ballots/${closed.id}/result.csv`);
  assert.equal(csv.status, 200);
  const rows = parseCsv(csv.bytes.toString('utf8'));
  assert.deepEqual(rows[0], ['candidate_id', 'label', 'votes', 'passed']);
  assert.equal(rows.length, ballot.candidates.length + 1);
  for (const k of ballot.candidates) {
    const r = rows.find((x) => x[0] === String(k.id));
    assert.equal(r[1], k.label);
    assert.equal(Number(r[2]), result.counts[String(k.id)]);
    assert.equal(r[3], result.passed.includes(k.id) ? 'true' : 'false');
  }
  // the same refusals as the JSON: no count before the ballot closes
  const early = await admin.get(`/api/v1/ballots/${open.id}/result.csv`);
  assertError(early, 409, 'ballot_not_closed');
  assertError(await admin.get('/api/v1/ballots/999999/result.xlsx'), 404);
});

test('exports are authorized as the data they show', async () => {
  const viewer = await session(server, 'viewer');
  assertError(await viewer.get('/api/v1/proposals.csv'), 403);
  const unit = await session(server, 'unit_officer');
  const mine = (await unit.get('/api/v1/awards?limit=500')).body;
  const csv = await unit.get('/api/v1/awards.csv');
  assert.equal(csv.status, 200);
  assert.equal(parseCsv(csv.text).length, mine.total + 1, 'the same rows as the JSON list');
  const anonymous = await fetch(`${server.url}/api/v1/awards.csv`);
  assert.equal(anonymous.status, 401);
});

test('thidua export writes registers as CSV, JSON and XLSX, whole or not at all', async () => {
  const people = thidua(['export', 'people', '--db', server.db]);
  assert.equal(people.status, 0, people.stderr);
  const rows = parseCsv(people.stdout);
  const count = Number(sql(server, 'SELECT COUNT(*) FROM people').trim());
  assert.equal(rows.length, count + 1);
  assert.deepEqual(rows[0], ['id', 'full_name', 'gender', 'birth_year', 'org_id', 'position',
    'party_member', 'party_admission_date']);
  assert.ok(rows.some((r) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(r[1])));

  const json = thidua(['export', 'awards', '--year', '2025', '--format', 'json', '--db', server.db]);
  assert.equal(json.status, 0, json.stderr);
  const awards = JSON.parse(json.stdout);
  assert.ok(awards.length > 0 && awards.every((a) => a.year === 2025));

  // dates are date cells, shown the Vietnamese way
  const peopleXlsx = join(server.dir, 'people.xlsx');
  const px = thidua(['export', 'people', '--format', 'xlsx', '--out', peopleXlsx, '--db', server.db]);
  assert.equal(px.status, 0, px.stderr);
  const withDate = rows.slice(1).find((r) => r[7]);
  const [pBack] = await xlsxToCsv([peopleXlsx]);
  const [y, m, d] = withDate[7].split('-');
  assert.equal(parseCsv(pBack).find((r) => r[0] === withDate[0])[7], `${d}/${m}/${y}`);

  const out = join(server.dir, 'orgs.xlsx');
  const x = thidua(['export', 'orgs', '--format', 'xlsx', '--out', out, '--db', server.db]);
  assert.equal(x.status, 0, x.stderr);
  const orgCount = Number(sql(server, 'SELECT COUNT(*) FROM orgs').trim());
  assert.match(x.stderr, new RegExp(`exported ${orgCount} orgs`));
  const [back] = await xlsxToCsv([out]);
  assert.equal(parseCsv(back).length, orgCount + 1);
  assert.ok(!existsSync(`${out}.part`));

  for (const [args, why] of [
    [['export', 'medals'], /usage/],
    [['export', 'orgs', '--year', '2020'], /awards only/],
    [['export', 'awards', '--format', 'pdf'], /csv, xlsx or json/],
    [['export', 'awards', '--format', 'xlsx'], /needs --out/],
    [['export', 'people', '--out', join(server.dir, 'no', 'such', 'dir.csv')], /cannot write/],
  ]) {
    const r = thidua([...args, '--db', server.db]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, why);
  }
});

test('thidua backup copies the database while the server writes, and the copy restores', async () => {
  const copy = join(server.dir, 'backup.db');
  // writes go on while the copy is taken (the command runs beside them, not blocking them)
  const backup = new Promise((resolve) => {
    const p = spawn(BIN, ['backup', copy, '--db', server.db]);
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stderr }));
  });
  const writes = [];
  for (let i = 0; i < 20; i++) writes.push(admin.post('/api/v1/orgs', { name: `Đơn vị sao lưu ${i}`, kind: 'unit' }));
  const [b, made] = await Promise.all([backup, Promise.all(writes)]);
  assert.equal(b.status, 0, b.stderr);
  assert.ok(made.every((r) => r.status === 201));
  if (!PG) {
    const integrity = spawnSync('sqlite3', [copy, 'PRAGMA integrity_check'], { encoding: 'utf8' });
    assert.equal(integrity.stdout.trim(), 'ok');
  }
  const again = thidua(['backup', copy, '--db', server.db]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /already exists/);

  if (PG) {
    // The README's restore on PostgreSQL: pg_restore the archive into an
    // empty database, check the audit chain, point the servers at it.
    const restored = newDatabase(server.dir);
    const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', restored, copy], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const verify = thidua(['audit', 'verify', '--db', restored]);
    assert.equal(verify.status, 0, verify.stderr);
    assert.ok(Number(sql({ db: restored }, 'SELECT COUNT(*) FROM orgs')) > 0);
    return;
  }
  // The README's restore: stop the server, put the copy in place (removing
  // the old write-ahead log), start it, check the audit chain.
  const restoreDir = join(server.dir, 'restore');
  mkdirSync(restoreDir);
  const live = join(restoreDir, 'thidua.db');
  copyFileSync(copy, live);
  for (const f of [`${live}-wal`, `${live}-shm`]) rmSync(f, { force: true });
  const verify = thidua(['audit', 'verify', '--db', `sqlite:${live}`]);
  assert.equal(verify.status, 0, verify.stderr);
  const orgs = spawnSync('sqlite3', [live, 'SELECT COUNT(*) FROM orgs'], { encoding: 'utf8' });
  assert.ok(Number(orgs.stdout) > 0);
});

test('award names come from each year\'s rule set, old history included', async () => {
  const person = (await admin.get('/api/v1/people?limit=1&offset=5')).body.items[0];
  const file = join(server.dir, 'old-awards.csv');
  const years = [2001, 2003, 2005, 2007, 2009, 2011, 2013, 2015];
  writeFileSync(file, `award_type,person_id,year,decision_ref\n${years.map((y) => `LDTT,${person.id},${y},${y - 2000}/QĐ`).join('\n')}\n`);
  const imported = thidua(['import', 'awards', file, '--db', server.db]);
  assert.equal(imported.status, 0, imported.stderr);
  const csv = await download(`/api/v1/awards.csv?person_id=${person.id}`);
  assert.equal(csv.status, 200);
  const rows = parseCsv(csv.bytes.toString('utf8'));
  const head = rows[0];
  const old = rows.slice(1).filter((r) => years.includes(Number(r[head.indexOf('year')])));
  assert.equal(old.length, years.length);
  for (const r of old) assert.equal(r[head.indexOf('award_name')], 'Lao động tiên tiến', `year ${r[head.indexOf('year')]}`);
});

test('a store failing while names are added fails the export rather than leaving them blank', async () => {
  // A server of its own, whose 500 is expected (the shared one must have none).
  const broken = await startServer();
  try {
    const root = await as(broken, 'admin');
    const [btctw] = (await root.get('/api/v1/orgs?kind=authority&q=ban%20to%20chuc%20trung%20uong')).body.items;
    const [unit] = (await root.get(`/api/v1/orgs?parent_id=${btctw.id}&limit=1`)).body.items;
    const person = await root.post('/api/v1/people', { full_name: 'Phan Thị Quyết Định', gender: 'female', org_id: unit.id });
    assert.equal(person.status, 201, person.text);
    const year = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4)) - 1;
    const p = await root.post('/api/v1/proposals', { award_type: 'LDTT', nominee_person_id: person.body.id, year, grounds: 'Hoàn thành tốt nhiệm vụ' });
    assert.equal(p.status, 201, p.text);
    assert.equal((await root.post(`/api/v1/proposals/${p.body.id}/submit`, {})).status, 200);
    assert.equal((await root.post(`/api/v1/proposals/${p.body.id}/review`, { outcome: 'approved' })).status, 200);
    const d = await root.post('/api/v1/decisions', { authority_id: btctw.id, number: '12/QĐ-BTCTW', date: `${year}-12-20`, signer: 'Nguyễn Văn Ký', proposal_ids: [p.body.id] });
    assert.equal(d.status, 201, d.text);
    const path = `/api/v1/awards.csv?person_id=${person.body.id}`;
    const named = await root.get(path);
    assert.equal(named.status, 200, named.text);
    const [head, row] = parseCsv(named.text);
    assert.equal(row[head.indexOf('decision_date')], `${year}-12-20`);
    // The decision's table gone behind the server's back: the list itself
    // still answers, the export that looks the decision up may not.
    sql(broken, 'ALTER TABLE decisions RENAME TO decisions_gone');
    assert.equal((await root.get(`/api/v1/awards?person_id=${person.body.id}`)).status, 200);
    assertError(await root.get(path), 500, 'internal');
  } finally {
    await broken.kill();
    rmSync(broken.dir, { recursive: true, force: true });
  }
});
