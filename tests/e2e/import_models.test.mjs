// thidua import models FILE.csv: a province's existing register of
// exemplary models goes in whole or not at all, each bad row reported with
// its row and column; imported models count in the statistics at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, session, thidua } from './helpers.mjs';

let server;
let admin;
let root;
let unit;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  root = (await admin.post('/api/v1/orgs', { name: 'Tỉnh nhập mô hình', kind: 'authority' })).body.id;
  unit = (await admin.post('/api/v1/orgs', { name: 'Huyện nhập mô hình', kind: 'unit', parent_id: root })).body.id;
});
after(async () => { await server.stop(); });

function importFile(name, text) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return thidua(['import', 'models', path, '--db', server.db]);
}

async function modelCount() {
  return (await admin.get(`/api/v1/models?org_id=${root}&subtree=true&limit=1`)).body.total;
}

test('a good file is imported whole, retired rows retired, and counted in the statistics', async () => {
  const r = importFile('good.csv', [
    '\ufeffname,org_id,field,year,status,retired_year,retired_reason,description,retired_on',
    `Dân vận khéo trong giải phóng mặt bằng,${unit},Kinh tế,2020,active,,,"Vận động 120 hộ
bàn giao đất",`,
    `"Chi hội phụ nữ ""5 không, 3 sạch""",${unit},Xã hội,2021,retired,2023,Không duy trì được,,2023-09-30`,
    `Tổ hòa giải ở cơ sở,${root},An ninh,2023,,2023,Sáp nhập vào mô hình khác,,`,
  ].join('\r\n'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 3 models/);
  const list = (await admin.get(`/api/v1/models?org_id=${root}&subtree=true`)).body.items;
  assert.equal(list.length, 3);
  const retired = list.find((m) => m.field === 'Xã hội');
  assert.equal(retired.name, 'Chi hội phụ nữ "5 không, 3 sạch"');
  assert.equal(retired.status, 'retired');
  assert.equal(retired.retired_year, 2023);
  assert.equal(retired.retired_on, '2023-09-30');
  assert.equal(list.find((m) => m.field === 'Kinh tế').description, 'Vận động 120 hộ\nbàn giao đất');
  assert.equal(list.find((m) => m.field === 'An ninh').status, 'retired');
  const s = (await admin.get(`/api/v1/models/stats?org=${root}&year=2023`)).body;
  assert.deepEqual([s.totals.new, s.totals.retired, s.totals.active_start, s.totals.active_end, s.totals.total_ever], [1, 2, 2, 1, 3]);
  const audit = (await admin.get('/api/v1/audit?entity=model&limit=5')).body.items;
  assert.equal(audit[0].action, 'import');
});

test('bad rows are all reported with row and column, and nothing is imported', async () => {
  const before = await modelCount();
  const r = importFile('bad.csv', [
    'name,org_id,field,year,status,retired_year,retired_reason',
    `Mô hình tốt,${unit},Kinh tế,2022,active,,`,
    `,${unit},Kinh tế,2022,active,,`,
    'Mô hình mồ côi,99999999,Kinh tế,2022,active,,',
    `Mô hình năm lạ,${unit},Kinh tế,năm ngoái,active,,`,
    `Mô hình quá sớm,${unit},Kinh tế,1900,active,,`,
    `Mô hình tương lai,${unit},Kinh tế,2999,active,,`,
    `Nghỉ không lý do,${unit},Kinh tế,2020,retired,2022,`,
    `Nghỉ trước khi có,${unit},Kinh tế,2020,retired,2019,Lý do`,
    `Trạng thái lạ,${unit},Kinh tế,2020,paused,,`,
    `Còn hoạt động mà có năm nghỉ,${unit},Kinh tế,2020,active,2022,Lý do`,
    `Thiếu lĩnh vực,${unit},,2020,active,,`,
    `Thừa cột,${unit},Kinh tế,2020,active,,,x`,
  ].join('\n'));
  assert.equal(r.status, 1);
  for (const [row, col] of [[3, 'name'], [4, 'org_id'], [5, 'year'], [6, 'year'], [7, 'year'], [8, 'retired_reason'],
    [9, 'retired_year'], [10, 'status'], [11, 'retired_year'], [12, 'field'], [13, 'row']])
    assert.match(r.stderr, new RegExp(`row ${row}, ${col}: `), r.stderr);
  assert.doesNotMatch(r.stderr, /row 2,/);
  assert.match(r.stderr, /11 of 12 rows have errors; nothing imported/);
  assert.equal(await modelCount(), before);
});

test('a header without the columns of a model is refused', async () => {
  const before = await modelCount();
  for (const [text, re] of [
    ['name,org_id,field,year,status,retired_year\n', /lacks the column 'retired_reason'/],
    ['name,org_id,field,year,status,retired_year,retired_reason,ghi_chu\n', /unknown column 'ghi_chu'/],
  ]) {
    const r = importFile('header.csv', text);
    assert.equal(r.status, 1);
    assert.match(r.stderr, re, r.stderr);
  }
  assert.equal(await modelCount(), before);
});
