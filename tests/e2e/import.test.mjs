// thidua import awards FILE.csv: past awards go in whole or not at all,
// every bad row reported with its row and column, and the history then
// feeds eligibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, session, thidua } from './helpers.mjs';

let server, admin, person;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  person = (await admin.get('/api/v1/people?limit=1')).body.items[0];
});

after(() => server.stop());

function importFile(name, text) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return thidua(['import', 'awards', path, '--db', server.db]);
}

const awardCount = async () => (await admin.get('/api/v1/awards?limit=1')).body.total;

test('a good file is imported whole and feeds eligibility', async () => {
  const before = await awardCount();
  const rows = [2023, 2024, 2025].map((y) => `CSTDCS,${person.id},${y},"${y - 2000}/QĐ-UBND, ngày 25/12/${y}"`);
  const r = importFile('good.csv', `\ufeffperson_id,award_type,year,decision_ref\n${rows.map((l) => l.replace(/^CSTDCS,(\d+)/, '$1,CSTDCS')).join('\r\n')}\r\n`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 3 awards/);
  assert.equal(await awardCount(), before + 3);
  const hist = (await admin.get(`/api/v1/people/${person.id}/awards`)).body.items;
  assert.deepEqual(hist.map((a) => [a.award_type, a.year, a.decision_id]).slice(0, 3),
    [['CSTDCS', 2025, null], ['CSTDCS', 2024, null], ['CSTDCS', 2023, null]]);
  assert.equal(hist[0].decision_ref, '25/QĐ-UBND, ngày 25/12/2025');
  const el = (await admin.get(`/api/v1/eligibility?person=${person.id}&award_type=CSTD_TINH&year=2025`)).body;
  assert.equal(el.conditions.find((c) => c.code === 'cstdcs_3_years').met, true);
  const audit = (await admin.get('/api/v1/audit?entity=award&entity_id=csv')).body.items;
  assert.equal(audit[0].action, 'import');
  // Excel's "CSV UTF-8" with a quoted first header cell: the mark is not part of it.
  const quoted = importFile('quoted.csv', `\ufeff"award_type","person_id","year","decision_ref"\r\nLDTT,${person.id},2019,"7/QĐ"\r\n`);
  assert.equal(quoted.status, 0, quoted.stderr);
});

test('bad rows are all reported and nothing is imported', async () => {
  const before = await awardCount();
  const r = importFile('bad.csv', [
    'award_type,person_id,org_id,year,decision_ref',
    `LDTT,${person.id},,2022,12/QĐ`,
    `NOPE,${person.id},,2022,12/QĐ`,
    'LDTT,99999999,,2022,12/QĐ',
    `LDTT,${person.id},,năm ngoái,12/QĐ`,
    `CO_TINH,${person.id},,2024,12/QĐ`,
    `LDTT,${person.id},1,2022,12/QĐ`,
    `LDTT,${person.id},,2021,`,
    `CSTDCS,${person.id},,2023,trùng năm đã có`,
    `LDTT,${person.id},,2019,12/QĐ-UBND, ngày 3/4/2019`,
    `LDTT,${person.id},,2018,"12/QĐ\u0007"`,
  ].join('\n'));
  assert.equal(r.status, 1);
  for (const [row, col] of [[3, 'award_type'], [4, 'person_id'], [5, 'year'], [6, 'award_type'], [7, 'person_id'], [8, 'decision_ref'], [9, 'award_type'], [10, 'row'], [11, 'decision_ref']])
    assert.match(r.stderr, new RegExp(`row ${row}, ${col}: `), r.stderr);
  assert.doesNotMatch(r.stderr, /row 2,/);
  assert.match(r.stderr, /row 10, row: 6 fields where the header has 5/);
  assert.match(r.stderr, /9 of 10 rows have errors; nothing imported/);
  assert.equal(await awardCount(), before);
});

test('a malformed file is refused with its row', async () => {
  const before = await awardCount();
  const cases = [
    ['quote.csv', `award_type,person_id,year,decision_ref\nLDTT,${person.id},2020,"12/QĐ"x\n`, /row 2: bad quoting/],
    ['latin1.csv', Buffer.concat([Buffer.from(`award_type,person_id,year,decision_ref\nLDTT,${person.id},2020,Quy\u1ebft`), Buffer.from([0xe9, 0x0a])]), /row 2: the text is not UTF-8/],
    ['missing.csv', 'award_type,person_id,year\nLDTT,1,2020\n', /lacks the column 'decision_ref'/],
    ['unknown.csv', 'award_type,person_id,year,decision_ref,ghi_chu\n', /unknown column 'ghi_chu'/],
    ['twice.csv', 'award_type,year,year,decision_ref,person_id\n', /'year' appears twice/],
  ];
  for (const [name, text, re] of cases) {
    const r = importFile(name, text);
    assert.equal(r.status, 1, name);
    assert.match(r.stderr, re, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /nothing imported/);
  }
  const missing = thidua(['import', 'awards', join(server.dir, 'no-such.csv'), '--db', server.db]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot open/);
  const usage = thidua(['import', 'nobody', 'x.csv', '--db', server.db]);
  assert.notEqual(usage.status, 0);
  assert.equal(await awardCount(), before);
});
