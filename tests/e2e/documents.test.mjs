// Documents as PDF: the conference minutes of a cluster year, a proposal
// to the authority and an award's certificate. Each is downloaded as a
// user would (type, file name in RFC 5987 encoding), and pdftotext must
// give back its Vietnamese text exactly: the national heading, the title,
// names with their diacritics, the counts, the legal basis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, demoIds, Client, sql } from './helpers.mjs';

let server;
let admin;
let ids;
let c1;
const dir = mkdtempSync(join(tmpdir(), 'thidua-docs-'));

before(async () => {
  server = await startServer();
  admin = await as(server, 'admin');
  ids = await demoIds(server, admin);
  c1 = ids.clusters[0];
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

// GET a document as client: {status, headers, bytes, text (pdftotext -layout), json}.
async function download(client, path) {
  const r = await fetch(server.url + path, { headers: client.cookie ? { Cookie: client.cookie } : {} });
  const bytes = Buffer.from(await r.arrayBuffer());
  const out = { status: r.status, headers: r.headers, bytes };
  if (r.status !== 200) {
    out.json = JSON.parse(bytes.toString('utf8'));
    return out;
  }
  const file = join(dir, `d${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const t = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  out.text = t.stdout;
  // in reading order, a table cell's lines one after another: one line in all
  const plain = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  out.flat = plain.stdout.replace(/\s+/g, ' ');
  return out;
}

function assertPdf(r, filename) {
  assert.equal(r.status, 200, r.json ? JSON.stringify(r.json) : '');
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const cd = r.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="[ -~]+"; filename\*=UTF-8''/);
  assert.equal(decodeURIComponent(cd.split("filename*=UTF-8''")[1]), filename);
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']) {
    assert.ok(r.text.includes(s), `missing "${s}" in:\n${r.text}`);
  }
}

// pdftotext -layout keeps each printed line; squeeze runs of spaces.
const has = (r, s) => assert.ok(r.text.replace(/ {2,}/g, ' ').includes(s), `missing "${s}" in:\n${r.text}`);

test('the minutes of a published year: members, chair, ranking, ballots with counts, handover', async () => {
  const r = await download(admin, `/api/v1/clusters/${c1.id}/years/2025/minutes.pdf`);
  assertPdf(r, `Biên bản hội nghị cụm ${c1.id} năm 2025.pdf`);
  has(r, 'BIÊN BẢN');
  has(r, 'Hội nghị tổng kết công tác thi đua, khen thưởng năm 2025');
  has(r, 'BAN TỔ CHỨC TRUNG ƯƠNG');
  const year = (await admin.get(`/api/v1/clusters/${c1.id}/years/2025`)).body;
  const orgName = async (id) => (await admin.get(`/api/v1/orgs/${id}`)).body.name;
  for (const m of year.members) has(r, await orgName(m));
  has(r, `Chủ trì: ${await orgName(year.leader_id)}`);
  const ranking = (await admin.get(`/api/v1/clusters/${c1.id}/years/2025/ranking`)).body;
  const first = ranking.items[0];
  has(r, `1 ${await orgName(first.org_id)} ${first.total.toFixed(2).replace('.', ',')}`);
  const ballots = (await admin.get(`/api/v1/ballots?cluster_id=${c1.id}&year=2025`)).body.items;
  assert.ok(ballots.length > 0);
  for (const b of ballots.filter((x) => x.status === 'closed')) {
    const res = (await admin.get(`/api/v1/ballots/${b.id}/result`)).body;
    has(r, `Số đại biểu có quyền biểu quyết: ${res.eligible}; số phiếu phát ra thu về: ${res.cast}`);
    for (const c of b.candidates) has(r, `${c.label} ${res.counts[c.id]}`);
  }
  const handover = (await admin.get(`/api/v1/clusters/${c1.id}/years/2025/handover`)).body;
  has(r, `Cụm trưởng: ${await orgName(handover.leader_id)}.`);
  for (const d of handover.deputy_ids) has(r, `Cụm phó: ${await orgName(d)}.`);
  // signed on paper: the data names no person, so a line to write the name on
  has(r, 'Thư ký: ......');
  assert.match(r.text, /THƯ KÝ +CHỦ TRÌ HỘI NGHỊ\n *\(Ký, ghi rõ họ tên\) +\(Ký, ghi rõ họ tên\)/);
});

test('minutes: 409 before the results are published, 404 for a year that does not exist', async () => {
  const r = await download(admin, `/api/v1/clusters/${c1.id}/years/2026/minutes.pdf`);
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'minutes_not_ready');
  const none = await download(admin, `/api/v1/clusters/${c1.id}/years/2044/minutes.pdf`);
  assert.equal(none.status, 404);
  assert.equal((await download(admin, '/api/v1/clusters/99999/years/2025/minutes.pdf')).status, 404);
});

test('a cluster proposal: nominee, award, ballot counts and each condition with its basis', async () => {
  const ballots = (await admin.get(`/api/v1/ballots?cluster_id=${c1.id}&year=2025`)).body.items;
  let made;
  for (const b of ballots) {
    for (const award_type of ['CO_TINH', 'BK_TINH_TT', 'TTLDXS']) {
      const p = await admin.post(`/api/v1/clusters/${c1.id}/years/2025/proposals`, { ballot_id: b.id, award_type, grounds: 'Dẫn đầu phong trào thi đua của Cụm năm 2025; hoàn thành xuất sắc nhiệm vụ.' });
      if (p.status === 201) { made = p.body.items[0]; break; }
    }
    if (made) break;
  }
  assert.ok(made, 'no proposal could be made from the demo ballots');
  const full = (await admin.get(`/api/v1/proposals/${made.id}`)).body;
  const r = await download(admin, `/api/v1/proposals/${made.id}.pdf`);
  assertPdf(r, `Tờ trình đề nghị khen thưởng số ${made.id}.pdf`);
  has(r, 'TỜ TRÌNH');
  has(r, `Về việc đề nghị khen thưởng ${full.eligibility.award_type.name} năm 2025`);
  has(r, (await admin.get(`/api/v1/orgs/${full.nominee_org_id}`)).body.name);
  has(r, 'Dẫn đầu phong trào thi đua của Cụm năm 2025');
  const b = full.ballot_result;
  has(r, `Số người có quyền biểu quyết: ${b.eligible}; số phiếu bầu: ${b.cast}; số phiếu đồng ý: ${b.votes}`);
  has(r, 'Căn cứ pháp lý');
  for (const c of full.eligibility.conditions) {
    const basis = c.basis.split(' ').slice(0, 3).join(' ');
    has(r, basis);
  }
  has(r, full.eligibility.eligible ? 'Kết luận: đủ điều kiện' : 'Kết luận: chưa đủ điều kiện');
  has(r, 'Nơi nhận:');
  // and a unit's proposal for a person, with the person's name
  const list = (await admin.get('/api/v1/proposals?limit=50')).body.items.find((p) => p.nominee_person_id);
  const person = (await admin.get(`/api/v1/people/${list.nominee_person_id}`)).body;
  const u = await download(admin, `/api/v1/proposals/${list.id}.pdf`);
  assertPdf(u, `Tờ trình đề nghị khen thưởng số ${list.id}.pdf`);
  has(u, `Ông/Bà: ${person.full_name}`);
  assert.equal((await download(admin, '/api/v1/proposals/99999.pdf')).status, 404);
});

// The sentences the API says a condition's evidence in, which a Vietnamese document must not.
const ENGLISH = /held in|not held|time\(s\)|rated|rating recorded|initiative|discipline|inspection|complaint|members? hold|ballot|option met/;

test('a proposal says what the evidence showed for each condition, in Vietnamese', async () => {
  const person = await admin.post('/api/v1/people', { full_name: 'Lê Văn Bình', gender: 'male', org_id: ids.userOrg.unit_officer });
  assert.equal(person.status, 201, person.text);
  const p = await admin.post('/api/v1/proposals', { award_type: 'CSTD_TINH', nominee_person_id: person.body.id, year: 2026, grounds: 'Hoàn thành xuất sắc nhiệm vụ' });
  assert.equal(p.status, 201, p.text);
  const el = p.body.eligibility;
  const cond = (code) => el.conditions.find((c) => c.code === code);
  assert.deepEqual([cond('cstdcs_3_years').detail_code, cond('cstdcs_3_years').detail_params], ['not_held', { award: 'CSTDCS', years: [2026, 2025, 2024] }]);
  assert.equal(cond('cstdcs_3_years').detail, 'CSTDCS not held in 2026, 2025, 2024');
  const r = await download(admin, `/api/v1/proposals/${p.body.id}.pdf`);
  assertPdf(r, `Tờ trình đề nghị khen thưởng số ${p.body.id}.pdf`);
  const [y, m, d] = el.date.split('-');
  for (const s of [
    '(Chưa đạt Chiến sĩ thi đua cơ sở năm 2026, 2025, 2024)',
    '(Chưa có sáng kiến cấp bộ, ban, ngành, tỉnh trở lên)',
    `(Không có việc xem xét kỷ luật, thanh tra, kiểm tra, khiếu nại nào đang mở vào ngày ${d}/${m}/${y})`,
  ]) assert.ok(r.flat.includes(s), `missing "${s}" in:\n${r.flat}`);
  assert.doesNotMatch(r.flat, ENGLISH);
  for (const c of el.conditions) assert.ok(!r.flat.includes(c.detail), c.detail);
  // a cluster's proposal too: its ballot and members said in Vietnamese
  const cluster = (await admin.get('/api/v1/proposals?limit=50')).body.items.find((x) => x.cluster_id);
  const full = (await admin.get(`/api/v1/proposals/${cluster.id}`)).body;
  const c = await download(admin, `/api/v1/proposals/${cluster.id}.pdf`);
  assertPdf(c, `Tờ trình đề nghị khen thưởng số ${cluster.id}.pdf`);
  assert.ok(full.eligibility.conditions.every((x) => x.detail_code), JSON.stringify(full.eligibility));
  const said = {
    ballot_passed: 'Trúng trong cuộc bỏ phiếu của Cụm',
    ballot_failed: 'Không trúng trong cuộc bỏ phiếu của Cụm',
    no_members: 'Chưa có dữ liệu về thành viên của tập thể',
  };
  const plain = full.eligibility.conditions.filter((x) => said[x.detail_code]);
  assert.ok(plain.length > 0, JSON.stringify(full.eligibility));
  for (const x of plain) assert.ok(c.flat.includes(`(${said[x.detail_code]})`), `missing ${x.detail_code} in:\n${c.flat}`);
  assert.doesNotMatch(c.flat, ENGLISH);
});

test('a certificate for an award a decision conferred; 409 for one recorded from paper', async () => {
  const uo = ids.userOrg.unit_officer;
  const person = await admin.post('/api/v1/people', { full_name: 'Trần Thị Ngọc Ánh', gender: 'female', org_id: uo });
  assert.equal(person.status, 201, person.text);
  const p = await admin.post('/api/v1/proposals', { award_type: 'LDTT', nominee_person_id: person.body.id, year: 2026, grounds: 'Hoàn thành tốt nhiệm vụ' });
  assert.equal(p.status, 201, p.text);
  assert.equal((await admin.post(`/api/v1/proposals/${p.body.id}/submit`, {})).status, 200);
  const rv = await admin.post(`/api/v1/proposals/${p.body.id}/review`, { outcome: 'approved' });
  assert.equal(rv.status, 200, rv.text);
  const d = await admin.post('/api/v1/decisions', { authority_id: ids.btctw, number: '125/QĐ-BTCTW', date: '2026-11-05', signer: 'Nguyễn Văn Thành', proposal_ids: [p.body.id] });
  assert.equal(d.status, 201, d.text);
  const award = (await admin.get(`/api/v1/awards?decision_id=${d.body.id}`)).body.items[0];
  const r = await download(admin, `/api/v1/awards/${award.id}/certificate.pdf`);
  assertPdf(r, `Khen thưởng số ${award.id}.pdf`);
  has(r, 'BAN TỔ CHỨC TRUNG ƯƠNG');
  has(r, 'CÔNG NHẬN DANH HIỆU');
  has(r, 'LAO ĐỘNG TIÊN TIẾN');
  has(r, 'Trần Thị Ngọc Ánh');
  has(r, 'năm 2026');
  has(r, 'Quyết định số: 125/QĐ-BTCTW, ngày 05 tháng 11 năm 2026');
  has(r, 'Nguyễn Văn Thành');
  const paper = (await admin.get('/api/v1/awards?limit=100')).body.items.find((a) => !a.decision_id);
  const no = await download(admin, `/api/v1/awards/${paper.id}/certificate.pdf`);
  assert.equal(no.status, 409);
  assert.equal(no.json.error.code, 'no_decision');
  assert.equal((await download(admin, '/api/v1/awards/99999/certificate.pdf')).status, 404);
});

test('several documents render at once', async () => {
  const paths = Array.from({ length: 8 }, () => `/api/v1/clusters/${c1.id}/years/2025/minutes.pdf`);
  const all = await Promise.all(paths.map((p) => fetch(server.url + p, { headers: { Cookie: admin.cookie } })));
  for (const r of all) {
    assert.equal(r.status, 200);
    assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
  }
});

test('minutes are for the cluster and its authority, also in a year that held no ballot', async () => {
  // a unit officer of a province in another authority's cluster
  const far = ids.clusters.find((c) => c.authority_id === ids.bnv).rotation[0];
  const made = await admin.post('/api/v1/users', { username: 'ngoai.cum', password: 'mật khẩu người ngoài', roles: ['unit_officer'], org_id: far });
  assert.equal(made.status, 201, made.text);
  const outsider = new Client(server.url);
  assert.equal((await outsider.login('ngoai.cum', 'mật khẩu người ngoài')).status, 201);
  const path = `/api/v1/clusters/${c1.id}/years/2025/minutes.pdf`;
  assert.equal((await download(outsider, path)).status, 403);
  // the same year with its ballots moved out of it: still not the outsider's to read
  sql(server, `UPDATE ballots SET year = 1999 WHERE cluster_id = ${c1.id} AND year = 2025`);
  try {
    const r = await download(outsider, path);
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'forbidden');
    assert.equal((await download(admin, path)).status, 200);
  } finally {
    sql(server, `UPDATE ballots SET year = 2025 WHERE cluster_id = ${c1.id} AND year = 1999`);
  }
});
