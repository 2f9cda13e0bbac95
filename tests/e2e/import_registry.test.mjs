// thidua import orgs and people: a province's tree in one file, in any
// order, its references checked as the API checks them; people checked as
// POST /people checks them and then found and sorted like those made
// there; and what thidua export orgs|people writes, read back into an
// empty database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, session, thidua, sql } from './helpers.mjs';

let server, admin;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
});

after(() => server.stop());

function importFile(kind, name, text, db = server.db) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return thidua(['import', kind, path, '--db', db]);
}

const count = (table) => Number(sql(server, `SELECT COUNT(*) FROM ${table}`));

async function orgNamed(name) {
  const r = await admin.get(`/api/v1/orgs?q=${encodeURIComponent(name)}&limit=5`);
  const found = r.body.items.filter((o) => o.name === name);
  assert.equal(found.length, 1, `${name}: ${r.text}`);
  return found[0];
}

test('a province and its units go in from one file, children before parents', async () => {
  const top = (await admin.get('/api/v1/orgs?kind=authority&limit=1')).body.items[0];
  const orgsBefore = count('orgs');
  const r = importFile('orgs', 'tree.csv', [
    'ref,name,kind,parent_id,province,short_name,successor_id,active_from,active_until',
    'cu,Trường THPT Đồng Văn cũ,unit,sgd,Hà Giang,,moi,2001-09-05,2024-12-31',
    'moi,"Trường THPT Đồng Văn, huyện Đồng Văn",unit,sgd,Hà Giang,,,2025-01-01,',
    'sgd,Sở Giáo dục và Đào tạo Hà Giang,authority,ubnd,Hà Giang,SGDĐT,,,',
    `ubnd,Ủy ban nhân dân tỉnh Hà Giang,authority,${top.id},Hà Giang,,,,`,
  ].join('\r\n'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 4 orgs/);
  assert.equal(count('orgs'), orgsBefore + 4);
  const ubnd = await orgNamed('Ủy ban nhân dân tỉnh Hà Giang');
  const sgd = await orgNamed('Sở Giáo dục và Đào tạo Hà Giang');
  const moi = await orgNamed('Trường THPT Đồng Văn, huyện Đồng Văn');
  const cu = await orgNamed('Trường THPT Đồng Văn cũ');
  assert.equal(ubnd.parent_id, top.id);
  assert.equal(sgd.parent_id, ubnd.id);
  assert.deepEqual([moi.parent_id, cu.parent_id, cu.successor_id], [sgd.id, sgd.id, moi.id]);
  assert.deepEqual([sgd.kind, sgd.short_name, cu.active_until], ['authority', 'SGDĐT', '2024-12-31']);
  assert.deepEqual((await admin.get(`/api/v1/orgs/${moi.id}`)).body.predecessor_ids, [cu.id]);
  // found without diacritics, as those made through the API are
  const found = (await admin.get('/api/v1/orgs?q=dong van')).body.items.map((o) => o.id);
  assert.deepEqual(found.sort(), [moi.id, cu.id].sort());
  const audit = (await admin.get('/api/v1/audit?entity=org&entity_id=csv')).body.items;
  assert.equal(audit[0].action, 'import');
  // without a key column, parent_id names orgs of the database only
  const plain = importFile('orgs', 'plain.csv', `name,kind,parent_id\nPhòng Nội vụ Hà Giang,unit,${ubnd.id}\n`);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal((await orgNamed('Phòng Nội vụ Hà Giang')).parent_id, ubnd.id);
});

test('bad org rows: loops, unknown parents, a key twice; nothing is imported', async () => {
  const orgsBefore = count('orgs');
  const auditBefore = count('audit_log');
  const r = importFile('orgs', 'bad-tree.csv', [
    'ref,name,kind,parent_id,successor_id,active_from,active_until', // row 1
    'a,Đơn vị A,unit,b,,,', // 2: a → b → a
    'b,Đơn vị B,authority,a,,,', // 3
    'c,Đơn vị C,unit,c,,,', // 4: its own parent
    'd,Đơn vị D,unit,khong-co,,,', // 5: no such row
    'e,Đơn vị E,unit,99999999,,,', // 6: no such org
    'a,Đơn vị A lần hai,unit,,,,', // 7: key twice
    'g,Đơn vị G,thing,,,,', // 8
    'h,Đơn vị H,unit,,h2,,', // 9: successors loop
    'h2,Đơn vị H2,unit,,h,,', // 10
    'i,,unit,,,,', // 11
    'j,Đơn vị J,unit,,,2024-02-30,', // 12
    'k,Đơn vị K,unit,,,2024-02-03,2023-01-01', // 13
    'l,Đơn vị L,unit,,,,', // 14: good
  ].join('\n'));
  assert.equal(r.status, 1);
  for (const [row, col, why] of [
    [2, 'parent_id', 'loop'], [3, 'parent_id', 'loop'], [4, 'parent_id', 'its own parent'],
    [5, 'parent_id', 'names no row of the file'], [6, 'parent_id', 'no organization'],
    [7, 'ref', 'row 2 has the same ref'], [8, 'kind', 'unit, authority'],
    [9, 'successor_id', 'loop'], [10, 'successor_id', 'loop'], [11, 'name', 'required'],
    [12, 'active_from', 'YYYY-MM-DD'], [13, 'active_until', 'before active_from'],
  ])
    assert.match(r.stderr, new RegExp(`row ${row}, ${col}: .*${why}`), r.stderr);
  assert.doesNotMatch(r.stderr, /row 14,/);
  assert.match(r.stderr, /12 of 13 rows have errors; nothing imported/);
  assert.equal(count('orgs'), orgsBefore);
  assert.equal(count('audit_log'), auditBefore);
  const both = importFile('orgs', 'both.csv', 'ref,id,name,kind\n');
  assert.match(both.stderr, /row 1: the rows are keyed by ref or by id, not both/);
  const plain = importFile('orgs', 'plain-bad.csv', 'name,kind,parent_id\nX,unit,abc\n');
  assert.match(plain.stderr, /row 2, parent_id: parent_id names no organization/);
});

test('people go in checked as POST /people checks them, found and sorted as the API does', async () => {
  const org = (await admin.get('/api/v1/orgs?kind=unit&limit=1')).body.items[0];
  const r = importFile('people', 'people.csv', `\ufeff${[
    'full_name,gender,birth_year,org_id,position,party_member,party_admission_date',
    `Đỗ Thị Nhập,female,1985,${org.id},"Trưởng phòng, Phòng Tổ chức",true,2010-05-19`,
    `  An   Văn Nhập ,male,,${org.id},,,`,
    `Dương Văn Nhập,male,1990,${org.id},Chuyên viên,false,`,
  ].join('\r\n')}\r\n`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 3 people/);
  const list = (await admin.get('/api/v1/people?q=nhap')).body.items;
  assert.deepEqual(list.map((p) => p.full_name), ['An Văn Nhập', 'Dương Văn Nhập', 'Đỗ Thị Nhập']);
  const [an, , do_] = list;
  assert.deepEqual([an.birth_year, an.position, an.party_member, an.party_admission_date], [null, null, false, null]);
  assert.deepEqual([do_.gender, do_.org_id, do_.position, do_.party_member, do_.party_admission_date],
    ['female', org.id, 'Trưởng phòng, Phòng Tổ chức', true, '2010-05-19']);
  const audit = (await admin.get('/api/v1/audit?entity=person&entity_id=csv')).body.items;
  assert.equal(audit[0].action, 'import');
});

test('bad people rows are each reported with their column; nothing is imported', async () => {
  const org = (await admin.get('/api/v1/orgs?kind=unit&limit=1')).body.items[0];
  const peopleBefore = count('people');
  const r = importFile('people', 'people-bad.csv', [
    'full_name,gender,birth_year,org_id,position,party_member,party_admission_date',
    `,male,1980,${org.id},,,`, // 2
    `Lê Văn Hai,nam,1980,${org.id},,,`, // 3
    `Lê Văn Ba,male,19x0,${org.id},,,`, // 4
    `Lê Văn Bốn,male,1800,${org.id},,,`, // 5
    `Lê Văn Năm,male,2199,${org.id},,,`, // 6
    'Lê Văn Sáu,male,1980,99999999,,,', // 7
    'Lê Văn Bảy,male,1980,,,,', // 8
    `Lê Văn Tám,male,1980,${org.id},,có,`, // 9
    `Lê Văn Chín,male,1980,${org.id},,false,2001-01-01`, // 10
    `Lê Văn Mười,male,1980,${org.id},,true,1990-01-01`, // 11
    `Lê Văn Mười Một,male,1980,${org.id},,true,2001-13-01`, // 12
    `Lê Văn Mười Hai,male,1980,${org.id},"x\u0007",,`, // 13
    `Lê Văn Mười Ba,male,1980,${org.id},,,`, // 14: good
  ].join('\n'));
  assert.equal(r.status, 1);
  for (const [row, col, why] of [
    [2, 'full_name', 'full_name is required'], [3, 'gender', 'one of: male, female'],
    [4, 'birth_year', 'an integer'], [5, 'birth_year', 'from 1900 to 2200'],
    [6, 'birth_year', 'between 1900 and'], [7, 'org_id', 'names no organization'],
    [8, 'org_id', 'org_id is required'], [9, 'party_member', 'true or false'],
    [10, 'party_admission_date', 'party_member is false'], [11, 'party_admission_date', 'turned 18'],
    [12, 'party_admission_date', 'YYYY-MM-DD'], [13, 'position', 'control character'],
  ])
    assert.match(r.stderr, new RegExp(`row ${row}, ${col}: .*${why}`), r.stderr);
  assert.doesNotMatch(r.stderr, /row 14,/);
  assert.match(r.stderr, /12 of 13 rows have errors; nothing imported/);
  assert.equal(count('people'), peopleBefore);
});

// The rows of an RFC 4180 file, each an array of its cells.
function csvRows(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') cell += text[++i];
    else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== ',' && ch !== '\r' && ch !== '\n')) cell += ch;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
  }
  return rows;
}

const csvLine = (cells) => cells.map((v) => (/[",\r\n]|^ | $/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');

function exportCsv(kind, db, name) {
  const out = join(server.dir, name);
  const r = thidua(['export', kind, '--db', db, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

test('an export of orgs and people goes back into an empty database', () => {
  const fresh = `sqlite:${join(server.dir, 'fresh.db')}`;
  assert.equal(thidua(['init', '--db', fresh]).status, 0);
  const orgsText = exportCsv('orgs', server.db, 'orgs-out.csv');
  const peopleText = exportCsv('people', server.db, 'people-out.csv');
  // the export's ids key its rows: the tree comes back under new ids
  let r = importFile('orgs', 'orgs-in.csv', orgsText, fresh);
  assert.equal(r.status, 0, r.stderr);
  const [head, ...src] = csvRows(orgsText);
  const [, ...dst] = csvRows(exportCsv('orgs', fresh, 'orgs-back.csv'));
  assert.equal(dst.length, src.length);
  const newId = new Map(src.map((row, i) => [row[0], dst[i][0]]));
  const idColumns = ['id', 'parent_id', 'successor_id'].map((c) => head.indexOf(c));
  const mapped = src.map((row) => row.map((v, i) => (idColumns.includes(i) && v ? newId.get(v) : v)));
  assert.deepEqual(dst, mapped);
  assert.ok(src.some((row) => row[head.indexOf('parent_id')]), 'the demo has a tree');
  // people name their org by its id in the database they go into
  const [pHead, ...people] = csvRows(peopleText);
  const orgAt = pHead.indexOf('org_id');
  const renumbered = [pHead, ...people.map((row) => row.map((v, i) => (i === orgAt ? newId.get(v) : v)))];
  r = importFile('people', 'people-in.csv', `${renumbered.map(csvLine).join('\r\n')}\r\n`, fresh);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`imported ${people.length} people`));
  const [, ...back] = csvRows(exportCsv('people', fresh, 'people-back.csv'));
  assert.deepEqual(back.map((row) => row.slice(1)), renumbered.slice(1).map((row) => row.slice(1)));
});
