// Spreadsheet exports of the movement's figures over HTTP: the model list,
// the models' statistics by branch, the indicator statistics and the
// units' reports, as CSV and XLSX. A CSV holds its JSON's values row for
// row; an XLSX, read back with LibreOffice (once, for every file: its
// start is slow), holds the CSV's; a caller the JSON refuses gets no file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, session, demoIds, assertError, Client } from './helpers.mjs';
import { parseCsv, xlsxToCsv } from './sheets.mjs';

const YEAR = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4));

let server, admin, ids;
// The CSV rows of each export checked, by name, its XLSX saved beside them.
const made = new Map();

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
});

after(() => server.stop());

// GET with a client's session; the body as bytes.
async function download(path, client = admin) {
  const res = await fetch(server.url + path, { headers: { Cookie: client.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function json(path) {
  const r = await admin.get(path);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// The CSV and the XLSX of an export (path without its suffix, query apart):
// the CSV's rows, the XLSX kept for the comparison at the end.
async function exported(name, path, query = '') {
  const csv = await download(`${path}.csv${query}`);
  assert.equal(csv.status, 200, csv.bytes.toString());
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  const xlsx = await download(`${path}.xlsx${query}`);
  assert.equal(xlsx.status, 200, xlsx.bytes.toString());
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  const file = join(server.dir, `${name}.xlsx`);
  writeFileSync(file, xlsx.bytes);
  const rows = parseCsv(csv.bytes.toString('utf8'));
  made.set(name, { rows, file });
  return { rows, csv, xlsx };
}

// What the CSV writes for a JSON value: an empty cell for null.
const cell = (v) => (v === null || v === undefined ? '' : String(v));

// Each row as an object by the header's keys.
const objects = (rows) => rows.slice(1).map((r) => Object.fromEntries(rows[0].map((k, i) => [k, r[i]])));

// Numbers compared as numbers (%.15g against JavaScript's shortest form).
function sameNumber(got, want, what) {
  if (want === null || want === undefined) {
    assert.equal(got, '', what);
    return;
  }
  assert.ok(Math.abs(Number(got) - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${got} ≠ ${want}`);
}

test('the model list exports with the list\'s filters, a retirement date as a date', async () => {
  const made1 = await admin.post('/api/v1/models', { name: 'Mô hình "Chợ quê không rác"', org_id: ids.userOrg.unit_officer, field: 'Môi trường', year: YEAR - 3 });
  assert.equal(made1.status, 201, made1.text);
  const retired = await admin.post(`/api/v1/models/${made1.body.id}/retire`, { date: `${YEAR - 1}-05-10`, reason: 'Đã nhân rộng, kết thúc' });
  assert.equal(retired.status, 200, retired.text);
  const list = await json('/api/v1/models?field=M%C3%B4i%20tr%C6%B0%E1%BB%9Dng&limit=500');
  const { rows, csv } = await exported('models', '/api/v1/models', '?field=M%C3%B4i%20tr%C6%B0%E1%BB%9Dng');
  assert.match(csv.headers.get('content-disposition'),
    /^attachment; filename="danh sach mo hinh\.csv"; filename\*=UTF-8''Danh%20s%C3%A1ch%20m%C3%B4%20h%C3%ACnh\.csv$/);
  assert.deepEqual(rows[0], ['id', 'name', 'org_id', 'org_name', 'field', 'year', 'status', 'retired_year',
    'retired_on', 'retired_reason', 'description']);
  assert.equal(rows.length, list.total + 1);
  assert.ok(list.total >= 2);
  objects(rows).forEach((r, i) => {
    const m = list.items[i];
    for (const k of rows[0]) assert.equal(r[k], cell(m[k]), `${m.id} ${k}`);
  });
  const mine = objects(rows).find((r) => r.id === String(made1.body.id));
  assert.equal(mine.retired_on, `${YEAR - 1}-05-10`);
  assert.equal(mine.name, 'Mô hình "Chợ quê không rác"');
});

test('model statistics export a row per branch and the totals', async () => {
  const q = `?org=${ids.btctw}&year=${YEAR}`;
  const s = await json(`/api/v1/models/stats${q}`);
  const { rows, csv } = await exported('model-stats', '/api/v1/models/stats', q);
  assert.match(csv.headers.get('content-disposition'),
    new RegExp(`filename\\*=UTF-8''Th%E1%BB%91ng%20k%C3%AA%20m%C3%B4%20h%C3%ACnh%20n%C4%83m%20${YEAR}%20`));
  assert.deepEqual(rows[0], ['org_id', 'name', 'new', 'retired', 'active_start', 'active_end', 'total_ever']);
  const want = [...s.by_org, { ...s.totals, org_id: null, name: 'Tổng cộng' }];
  assert.equal(rows.length, want.length + 1);
  objects(rows).forEach((r, i) => {
    for (const k of rows[0]) assert.equal(r[k], cell(want[i][k]), `line ${i} ${k}`);
  });
  assert.ok(s.totals.active_end > 0);
  // the year the JSON defaults to, the export defaults to as well
  const now = await download('/api/v1/models/stats.csv');
  assert.equal(now.status, 200);
  assert.equal(objects(parseCsv(now.bytes.toString())).at(-1).active_end,
    String((await json('/api/v1/models/stats')).totals.active_end));
});

test('indicator statistics export a row per indicator, for the scope and each branch; no percentage is an empty cell', async () => {
  const fresh = await admin.post('/api/v1/indicators', { code: 'xuat_bang_moi', name: 'Chỉ tiêu chưa có số liệu', unit: 'lượt', aggregate: 'sum' });
  assert.equal(fresh.status, 201, fresh.text);
  const year = YEAR - 1;
  const q = `?org=${ids.btctw}&year=${year}`;
  const s = await json(`/api/v1/stats/indicators${q}`);
  const { rows, csv } = await exported('indicator-stats', '/api/v1/stats/indicators', q);
  assert.match(csv.headers.get('content-disposition'), /filename\*=UTF-8''Th%E1%BB%91ng%20k%C3%AA%20ch%E1%BB%89%20ti%C3%AAu/);
  const keys = ['org_id', 'org_name', 'code', 'name', 'unit', 'aggregate', 'value', 'previous', 'change',
    'change_pct', 'reporting', 'expected', 'registry'];
  assert.deepEqual(rows[0], keys);
  const want = [
    ...s.items.map((i) => ({ ...i, org_id: null, org_name: 'Tổng cộng' })),
    ...s.by_org.flatMap((b) => b.items.map((i) => ({ ...i, org_id: b.org_id, org_name: b.name }))),
  ];
  assert.equal(rows.length, want.length + 1);
  objects(rows).forEach((r, i) => {
    for (const k of keys.slice(0, 6)) assert.equal(r[k], cell(want[i][k]), `row ${i} ${k}`);
    for (const k of keys.slice(6)) sameNumber(r[k], want[i][k], `row ${i} ${k}`);
  });
  assert.ok(want.some((i) => i.change_pct !== null && !Number.isInteger(i.change_pct)), 'a ratio with decimals');
  const none = objects(rows).find((r) => r.code === 'xuat_bang_moi' && r.org_name === 'Tổng cộng');
  assert.deepEqual([none.value, none.previous, none.change, none.change_pct], ['', '', '', '']);
});

test('the units\' reports export one column per indicator of the catalog', async () => {
  const q = `?year=${YEAR - 1}`;
  const list = await json(`/api/v1/reports${q}&limit=500`);
  const catalog = await json('/api/v1/indicators?limit=500');
  const { rows } = await exported('reports', '/api/v1/reports', q);
  const codes = catalog.items.map((i) => `values/${i.code}`);
  assert.deepEqual(rows[0], ['id', 'org_id', 'org_name', 'year', 'status', ...codes]);
  assert.equal(rows.length, list.total + 1);
  assert.ok(list.total > 0);
  objects(rows).forEach((r, i) => {
    const rep = list.items[i];
    for (const k of ['id', 'org_id', 'org_name', 'year', 'status']) assert.equal(r[k], cell(rep[k]), `${rep.id} ${k}`);
    for (const c of catalog.items) sameNumber(r[`values/${c.code}`], rep.values[c.code], `${rep.id} ${c.code}`);
  });
});

test('?bom=1 starts a CSV with the byte order mark Excel needs', async () => {
  for (const path of ['/api/v1/models.csv', '/api/v1/models/stats.csv', '/api/v1/stats/indicators.csv', '/api/v1/reports.csv']) {
    const marked = await download(`${path}?bom=1`);
    assert.equal(marked.status, 200);
    assert.deepEqual([...marked.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], path);
    const plain = await download(path);
    assert.deepEqual(marked.bytes.subarray(3), plain.bytes, path);
  }
});

test('an export refuses what its JSON refuses, as the JSON does', async () => {
  const unit = await session(server, 'unit_officer');
  const viewer = await session(server, 'viewer');
  const far = ids.clusters.find((c) => c.authority_id === ids.bnv).rotation[0];
  const cases = [
    [viewer, '/api/v1/reports', 403],
    [unit, `/api/v1/reports?org_id=${far}`, 403],
    [unit, '/api/v1/reports?org_id=999999', 404],
    [unit, '/api/v1/models/stats?org=999999', 404],
    [unit, '/api/v1/models/stats?cluster=999999', 404],
    [unit, '/api/v1/models/stats?year=abc', 400],
    [unit, '/api/v1/stats/indicators?org=999999', 404],
    [unit, `/api/v1/stats/indicators?org=${ids.btctw}&cluster=1`, 400],
    [unit, '/api/v1/models?status=lost', 400],
  ];
  for (const [client, path, status] of cases) {
    const [base, query = ''] = path.split('?');
    const plain = await client.get(path);
    assertError(plain, status);
    for (const ext of ['csv', 'xlsx']) {
      const r = await client.get(`${base}.${ext}${query ? `?${query}` : ''}`);
      assertError(r, status, plain.body.error.code);
    }
  }
  // a unit officer's reports are its unit's: the export holds the same rows
  const mine = await unit.get('/api/v1/reports?limit=500');
  const csv = await download('/api/v1/reports.csv', unit);
  assert.equal(parseCsv(csv.bytes.toString()).length, mine.body.total + 1);
  for (const path of ['/api/v1/models.csv', '/api/v1/models/stats.xlsx', '/api/v1/stats/indicators.csv', '/api/v1/reports.xlsx']) {
    assertError(await new Client(server.url).get(path), 401);
  }
});

test('the XLSX files, read back by LibreOffice, hold the CSV values under Vietnamese headings', async () => {
  const names = [...made.keys()];
  assert.deepEqual(names, ['models', 'model-stats', 'indicator-stats', 'reports']);
  const sheets = (await xlsxToCsv(server.dir, names.map((n) => made.get(n).file))).map(parseCsv);
  const headings = {
    models: ['Mã', 'Tên mô hình', 'Mã đơn vị', 'Cơ quan, đơn vị', 'Lĩnh vực', 'Năm công nhận', 'Trạng thái'],
    'model-stats': ['Mã đơn vị', 'Cơ quan, đơn vị', 'Mới trong năm', 'Dừng trong năm', 'Đang duy trì đầu năm'],
    'indicator-stats': ['Mã đơn vị', 'Cơ quan, đơn vị', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', `Năm ${YEAR - 1}`, `Năm ${YEAR - 2}`],
    reports: ['Mã', 'Mã đơn vị', 'Cơ quan, đơn vị', 'Năm', 'Trạng thái'],
  };
  names.forEach((name, n) => {
    const { rows } = made.get(name);
    const sheet = sheets[n];
    assert.deepEqual(sheet[0].slice(0, headings[name].length), headings[name], name);
    assert.equal(sheet.length, rows.length, name);
    for (let i = 1; i < rows.length; i++) {
      assert.equal(sheet[i].length, rows[i].length, `${name} row ${i}`);
      rows[i].forEach((v, j) => {
        const what = `${name} row ${i} ${rows[0][j]}`;
        const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
        if (date) assert.equal(sheet[i][j], `${date[3]}/${date[2]}/${date[1]}`, what);
        else if (v !== '' && Number.isFinite(Number(v))) sameNumber(sheet[i][j], Number(v), what);
        else assert.equal(sheet[i][j], v, what);
      });
    }
  });
  // the retirement date is a date cell, shown the Vietnamese way
  const at = made.get('models').rows[0].indexOf('retired_on');
  assert.ok(sheets[0].some((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r[at])));
});
