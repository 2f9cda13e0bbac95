// Awards through the web UI in Debian's Chromium, each step by the role
// that owns it: a unit proposes one of its people (eligible thanks to the
// history the authority recorded) and sees the conditions live; the
// authority reads the eligibility, refuses to approve before the council
// votes and returns the proposal with a note; the unit resubmits; the
// authority puts it to the council's secret ballot, approves and issues
// the decision; the award shows in the person's history (also in English).
// The leader unit proposes what its cluster's ballot passed, an admin's
// bad rule set is refused with the field's path, and a viewer is refused
// the proposals cleanly. Screenshots of the main pages go to
// build/screenshots (THIDUA_SCREENSHOTS to change).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, downloadOf } from './chromium.mjs';
import { startServer, session, demoIds, newToken, bearer } from './helpers.mjs';

const YEAR = 2026;
const CSTDCS = 'Chiến sĩ thi đua cơ sở';
const CSTD_TINH = 'Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh';
const CO_TINH = 'Cờ thi đua cấp bộ, ban, ngành, tỉnh';
const NOTE = 'Bổ sung minh chứng hoàn thành xuất sắc nhiệm vụ năm 2026.';
const NUMBER = '45/QĐ-BTCTW';
const SHOTS = process.env.THIDUA_SCREENSHOTS || new URL('../../build/screenshots', import.meta.url).pathname;

let server;
let browser;
let admin, authority, unit, leader;
let ids;
let person; // one of the unit officer's people
let proposalId;
let decisionId;
const pages = {};
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  authority = await session(server, 'authority_officer');
  unit = await session(server, 'unit_officer');
  leader = await session(server, 'leader_officer');
  ids = await demoIds(server, admin);
  const people = await unit.get(`/api/v1/people?org_id=${ids.userOrg.unit_officer}&limit=5`);
  assert.equal(people.status, 200, people.text);
  person = people.body.items[0];
  // The history before go-live, recorded by the authority: this year's
  // Advanced Worker title on paper and an excellent rating.
  const award = await authority.post('/api/v1/awards', {
    award_type: 'LDTT', person_id: person.id, year: YEAR, decision_ref: '12/QĐ-BTCĐB ngày 10/01/2026',
  });
  assert.equal(award.status, 201, award.text);
  const rating = await authority.put('/api/v1/ratings', { person_id: person.id, year: YEAR, rating: 'excellent' });
  assert.equal(rating.status, 200, rating.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(who, viewport) {
  const context = await browser.newContext({ locale: 'vi-VN', viewport });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${who}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${who}: ${err}`));
  return page;
}

async function logIn(role, viewport) {
  const page = await newPage(role, viewport);
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(server.logins[role].username);
  await page.getByLabel('Mật khẩu').fill(server.logins[role].password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  return page;
}

async function open(page, hash) {
  await page.goto(`${server.url}/${hash}`);
}

async function notice(page, text) {
  const box = page.locator('.notice', { hasText: text });
  await box.waitFor();
  return box.textContent();
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `awards-${name}.png`), fullPage: true });
}

// Nothing sticks out sideways on a phone.
async function fitsWidth(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll}px wide in a ${width}px window`);
}

// No error shows the API's raw JSON.
async function noRawJson(page) {
  const text = await page.locator('main').evaluate((m) => {
    const copy = m.cloneNode(true);
    for (const x of copy.querySelectorAll('textarea')) x.remove();
    return copy.textContent;
  });
  assert.doesNotMatch(text, /\{"error"|"code"\s*:|"message"\s*:/);
}

async function proposal() {
  const r = await admin.get(`/api/v1/proposals/${proposalId}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const row = (page, code) => page.locator(`#pf-eligibility tr[data-code="${code}"], #eligibility tr[data-code="${code}"], #elig-result tr[data-code="${code}"]`);

test('a unit proposes one of its people, sees the conditions live, and sends it', async () => {
  const page = await logIn('unit_officer');
  pages.unit = page;
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Khen thưởng' }).click();
  await page.getByRole('heading', { name: 'Đề nghị khen thưởng' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Khen thưởng' }).getAttribute('aria-current'), 'page');
  await page.getByRole('link', { name: 'Lập đề nghị khen thưởng' }).click();
  const form = page.locator('#pf-unit');
  await form.getByLabel('Năm khen thưởng').fill(String(YEAR));
  await form.getByLabel('Cá nhân', { exact: true }).selectOption(String(person.id));
  // A title the person is not eligible for: each condition says why.
  await form.getByLabel('Danh hiệu, hình thức khen thưởng').selectOption({ label: CSTD_TINH });
  await page.locator('#pf-eligibility .eligibility-verdict', { hasText: `Chưa đủ điều kiện đề nghị ${CSTD_TINH}.` }).waitFor();
  assert.match(await row(page, 'cstdcs_3_years').textContent(), /Có 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở.*điều 22.*Không đạt.*Chưa đạt Chiến sĩ thi đua cơ sở năm 2026, 2025, 2024/);
  assert.match(await row(page, 'initiative_province').locator('td.met').textContent(), /Chưa có dữ liệu/);
  // The title it is eligible for, from the history recorded before.
  await form.getByLabel('Danh hiệu, hình thức khen thưởng').selectOption({ label: CSTDCS });
  await page.locator('#pf-eligibility .eligibility-verdict', { hasText: `Đủ điều kiện đề nghị ${CSTDCS}.` }).waitFor();
  assert.match(await row(page, 'holds_ldtt').textContent(), /Đạt danh hiệu Lao động tiên tiến trong năm.*Đạt.*Đã đạt Lao động tiên tiến năm 2026/);
  assert.match(await row(page, 'rating_excellent').textContent(), /hoặc: .*Xếp loại «Hoàn thành xuất sắc nhiệm vụ» trở lên năm 2026/);
  assert.match(await form.locator('#pf-type-hint').textContent(), /Cần Hội đồng biểu quyết đạt từ 80% tổng số thành viên/);
  await shot(page, 'proposal-form');

  await form.getByRole('button', { name: 'Lưu dự thảo' }).click();
  assert.match(await form.getByRole('alert').textContent(), /Hãy ghi thành tích, căn cứ đề nghị/);
  await form.getByLabel('Thành tích, căn cứ đề nghị', { exact: true }).fill('Hoàn thành xuất sắc nhiệm vụ năm 2026; chủ trì số hóa hồ sơ đảng viên.');
  await form.getByRole('button', { name: 'Lưu dự thảo' }).click();
  await notice(page, 'Đã lưu dự thảo đề nghị');
  proposalId = Number(/#\/proposals\/(\d+)$/.exec(page.url())[1]);
  await page.getByRole('heading', { name: `Đề nghị tặng ${CSTDCS}: ${person.full_name}` }).waitFor();
  assert.equal(await page.textContent('.proposal-meta .badge'), 'Dự thảo');
  await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await notice(page, 'Đã gửi đề nghị lên cơ quan xét duyệt.');
  assert.equal(await page.textContent('.proposal-meta .badge'), 'Đã gửi');
  assert.equal(await page.getByRole('button', { name: 'Gửi đề nghị' }).count(), 0, 'nothing left for the unit to do');
  assert.equal((await proposal()).status, 'submitted');

  // The list shows it with its name, title, year and status; the filter keeps it.
  await page.getByRole('link', { name: '← Danh sách đề nghị khen thưởng' }).click();
  await page.getByLabel('Trạng thái').selectOption('submitted');
  await page.waitForURL(/#\/proposals\?status=submitted$/);
  const line = page.locator(`#proposals tr[data-id="${proposalId}"]`);
  assert.match(await line.textContent(), new RegExp(`${person.full_name}.*${CSTDCS}.*${YEAR}.*Đã gửi`));
  await page.getByLabel('Trạng thái').selectOption('approved');
  await page.locator('.empty', { hasText: 'Không có đề nghị nào.' }).waitFor();
});

test('the authority reads the reasons, cannot approve before the council, returns it with a note', async () => {
  const page = await logIn('authority_officer');
  pages.authority = page;
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Khen thưởng' }).click();
  await page.locator(`#proposals tr[data-id="${proposalId}"]`).getByRole('link', { name: person.full_name }).click();
  await page.getByRole('heading', { name: `Đề nghị tặng ${CSTDCS}: ${person.full_name}` }).waitFor();
  const el = page.locator('#eligibility');
  assert.match(await el.locator('.eligibility-verdict').textContent(), /Đủ điều kiện đề nghị Chiến sĩ thi đua cơ sở/);
  assert.match(await el.textContent(), /Theo Nghị định 152\/2025\/NĐ-CP.*điều 23/);
  assert.match(await row(page, 'not_frozen').textContent(), /Không đang trong thời gian bị xem xét kỷ luật.*điều 4.*Đạt.*Không có việc xem xét kỷ luật/);
  assert.match(await row(page, 'initiative_grassroots').locator('td.met').textContent(), /Chưa có dữ liệu/);
  await shot(page, 'proposal-review');

  const review = page.locator('.actions-card');
  await review.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  assert.match(await review.getByRole('alert').textContent(), /cần Hội đồng Thi đua – Khen thưởng bỏ phiếu trước khi phê duyệt/);
  await noRawJson(page);
  await review.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
  assert.match(await review.getByRole('alert').textContent(), /Hãy ghi ý kiến/);
  await review.getByLabel('Ý kiến xét duyệt').fill(NOTE);
  await review.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
  await notice(page, 'Đã trả lại đề nghị cho đơn vị.');
  assert.equal(await page.textContent('.proposal-meta .badge'), 'Trả lại');
  const p = await proposal();
  assert.equal(p.status, 'returned');
  assert.equal(p.review_note, NOTE);
});

test('the unit completes the grounds and sends it again', async () => {
  const page = pages.unit;
  await open(page, `#/proposals/${proposalId}`);
  await page.locator('#review-note-shown', { hasText: NOTE }).waitFor();
  await page.getByRole('textbox', { name: 'Thành tích, căn cứ đề nghị' }).fill('Hoàn thành xuất sắc nhiệm vụ năm 2026 (Quyết định xếp loại số 30/QĐ-BTCĐB).');
  await page.getByRole('button', { name: 'Gửi lại đề nghị' }).click();
  await notice(page, 'Đã gửi đề nghị lên cơ quan xét duyệt.');
  assert.equal(await page.textContent('.proposal-meta .badge'), 'Đã gửi');
  const p = await proposal();
  assert.equal(p.status, 'submitted');
  assert.match(p.grounds, /30\/QĐ-BTCĐB/);
  // the grounds now read, not edited
  assert.match(await page.textContent('#grounds-text'), /30\/QĐ-BTCĐB/);
  // on a phone too
  await page.setViewportSize({ width: 375, height: 800 });
  await fitsWidth(page);
  await shot(page, 'proposal-phone');
  await open(page, '#/proposals');
  await page.locator(`#proposals tr[data-id="${proposalId}"]`).waitFor();
  await fitsWidth(page);
  await page.setViewportSize({ width: 1280, height: 720 });
});

test('the council votes on it, the authority approves and issues the decision', async () => {
  const page = pages.authority;
  await open(page, '#/proposals');
  await page.getByLabel(`Chọn đề nghị của ${person.full_name} (${CSTDCS})`).check();
  assert.equal(await page.textContent('.council-panel [aria-live]'), 'Đã chọn 1 đề nghị.');
  await shot(page, 'proposals');
  await page.getByRole('button', { name: 'Tạo phiếu Hội đồng' }).click();
  await notice(page, 'Đã tạo phiếu Hội đồng (dự thảo) cho 1 đề nghị Chiến sĩ thi đua cơ sở');
  const ballotId = Number(/#\/ballots\/(\d+)$/.exec(page.url())[1]);
  assert.equal((await proposal()).council_ballot_id, ballotId);
  await page.locator('button.open-ballot').click();
  await page.locator('.confirm').getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await notice(page, 'Đã mở bỏ phiếu.');
  // The ballot page leads back to the proposal it decides, and offers no
  // paper counts: the council's members vote themselves.
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Đề nghị khen thưởng được biểu quyết' }) });
  assert.equal(await section.getByRole('link', { name: person.full_name }).getAttribute('href'), `#/proposals/${proposalId}`);
  assert.equal(await page.getByText('Nhập kết quả phiếu giấy').count(), 0);
  // The three council members vote with their API tokens.
  const ballot = (await authority.get(`/api/v1/ballots/${ballotId}`)).body;
  assert.equal(ballot.threshold, 0.8);
  for (const u of ['btctw.uyvien1', 'btctw.uyvien2', server.logins.council_member.username]) {
    const r = await bearer(server, newToken(server, u)).post(`/api/v1/ballots/${ballotId}/votes`, { choices: ballot.candidates.map((c) => c.id) });
    assert.equal(r.status, 201, r.text);
  }
  await page.reload();
  await page.locator('button.close-ballot').click();
  await page.locator('.confirm').getByRole('button', { name: 'Kết thúc bỏ phiếu' }).click();
  await notice(page, 'Đã kết thúc bỏ phiếu');

  await open(page, `#/proposals/${proposalId}`);
  assert.match(await page.textContent('#council-outcome'), /Hội đồng tán thành: 3\/3 phiếu \(cần 3\)/);
  await page.getByLabel('Ý kiến xét duyệt').fill('Hội đồng nhất trí 100%.');
  await page.locator('.actions-card').getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await notice(page, 'Đã phê duyệt đề nghị.');
  assert.equal(await page.textContent('.proposal-meta .badge'), 'Đã phê duyệt');

  await page.getByRole('link', { name: 'Ra quyết định khen thưởng' }).click();
  await page.getByRole('heading', { name: 'Ra quyết định khen thưởng' }).waitFor();
  const form = page.locator('.decision-form');
  const box = form.getByLabel(`${person.full_name} — ${CSTDCS} năm ${YEAR}`);
  assert.equal(await box.isChecked(), true, 'the proposal comes ticked');
  await form.getByLabel('Số, ký hiệu').fill(NUMBER);
  const day = await form.getByLabel('Ngày ký').inputValue();
  assert.match(day, /^\d{4}-\d{2}-\d{2}$/, 'the date signed starts as today');
  await form.getByLabel('Ngày ký').fill('2099-01-01');
  await form.getByRole('button', { name: 'Ra quyết định' }).click();
  assert.match(await form.getByRole('alert').textContent(), /Ngày ký không được sau ngày hôm nay/);
  await form.getByLabel('Ngày ký').fill(day);
  await form.getByRole('button', { name: 'Ra quyết định' }).click();
  assert.match(await form.getByRole('alert').textContent(), /Hãy ghi người ký quyết định/);
  await form.getByLabel('Người ký').fill('Phó Trưởng ban Thường trực');
  await form.getByRole('button', { name: 'Ra quyết định' }).click();
  await notice(page, 'Đã ra quyết định: 1 khen thưởng được ghi vào lịch sử.');
  decisionId = Number(/#\/decisions\/(\d+)$/.exec(page.url())[1]);
  await page.getByRole('heading', { name: `Quyết định số ${NUMBER}` }).waitFor();
  const [y, m, d] = day.split('-');
  assert.equal(await page.textContent('#decision-date'), `${d}/${m}/${y}`);
  assert.match(await page.textContent('#decision-awards'), new RegExp(`${person.full_name}.*${CSTDCS}.*${YEAR}`));
  await shot(page, 'decision');
  assert.equal((await proposal()).decision_id, decisionId);
});

test('the award is in the person’s history, which reads in English too', async () => {
  const page = pages.authority;
  await page.locator('#decision-awards').getByRole('link', { name: person.full_name }).click();
  await page.getByRole('heading', { name: `Khen thưởng của ${person.full_name}` }).waitFor();
  const rows = await page.locator('#awards tbody tr').allTextContents();
  assert.equal(rows.length, 2);
  assert.ok(rows.some((r) => r.includes(CSTDCS) && r.includes(`Quyết định ${NUMBER}`)), rows.join(' | '));
  assert.ok(rows.some((r) => r.includes('Lao động tiên tiến') && r.includes('12/QĐ-BTCĐB') && r.includes('hồ sơ giấy')), rows.join(' | '));
  assert.match(await page.textContent('#ratings'), /2026.*Hoàn thành xuất sắc nhiệm vụ/);
  // The same history as a spreadsheet: the person's two awards.
  const csv = await downloadOf(page, page.getByRole('link', { name: 'Tải CSV' }));
  const lines = csv.bytes.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.ok(lines.slice(1).every((l) => l.includes(person.full_name)), lines.join('\n'));
  await shot(page, 'history');

  await page.locator('#lang').click();
  await page.getByRole('heading', { name: `Awards of ${person.full_name}` }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Main sections' }).getByRole('link', { name: 'Awards' }).getAttribute('aria-current'), 'page');
  assert.match(await page.textContent('#awards thead'), /Year.*Title or form.*Decision/);
  assert.match(await page.textContent('#awards'), /paper record/);
  assert.match(await page.textContent('#ratings'), /Tasks completed with excellence/);
  await shot(page, 'history-en');
  await page.locator('#lang').click();
  await page.getByRole('heading', { name: `Khen thưởng của ${person.full_name}` }).waitFor();

  // The history feeds the next title: now one CSTDCS of the three it needs.
  await open(page, `#/eligibility?person=${person.id}&award_type=CSTD_TINH&year=${YEAR}`);
  await page.locator('#elig-result .eligibility-verdict', { hasText: 'Chưa đủ điều kiện' }).waitFor();
  assert.match(await row(page, 'cstdcs_3_years').textContent(), /Không đạt.*Chưa đạt Chiến sĩ thi đua cơ sở năm 2025, 2024$/);
  await shot(page, 'eligibility');
  await noRawJson(page);
});

test('the leader unit proposes, in one go, what its cluster ballot passed', async () => {
  const cluster = ids.clusters.find((c) => c.authority_id === ids.btctw && c.year.leader_id === ids.userOrg.leader_officer);
  const members = cluster.year.members;
  const winner = members[1];
  const question = 'Suy tôn đơn vị dẫn đầu Cụm năm 2026';
  const made = await leader.post('/api/v1/ballots', {
    kind: 'single', question, cluster_id: cluster.id, year: YEAR, seats: 1, threshold: 0.5, threshold_base: 'cast',
    candidates: members.slice(0, 3).map((org_id) => ({ org_id })),
  });
  assert.equal(made.status, 201, made.text);
  const b = made.body;
  assert.equal((await leader.post(`/api/v1/ballots/${b.id}/open`, {})).status, 200);
  for (const voter of [leader, unit, await session(server, 'delegate')]) {
    const r = await voter.post(`/api/v1/ballots/${b.id}/votes`, { choices: [2] });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal((await leader.post(`/api/v1/ballots/${b.id}/close`, {})).status, 200);
  const winnerName = (await admin.get(`/api/v1/orgs/${winner}`)).body.name;

  const page = await logIn('leader_officer');
  await open(page, '#/proposals/new');
  const form = page.locator('#pf-leader');
  await form.getByLabel('Cuộc bỏ phiếu đã kết thúc').selectOption(String(b.id));
  await form.locator('#pf-passed li', { hasText: winnerName }).waitFor();
  await form.getByLabel('Danh hiệu, hình thức khen thưởng').selectOption({ label: CO_TINH });
  await form.getByLabel('Thành tích, căn cứ đề nghị').fill('Dẫn đầu Cụm thi đua năm 2026.');
  await form.getByRole('button', { name: 'Lập các đề nghị (dự thảo)' }).click();
  await notice(page, 'Đã lập 1 đề nghị (dự thảo).');
  const line = page.locator('#proposals tbody tr', { hasText: winnerName });
  assert.match(await line.textContent(), new RegExp(`${CO_TINH}.*${YEAR}.*Dự thảo`));
  await line.getByRole('link', { name: winnerName }).click();
  assert.match(await page.textContent('#cluster-vote'), new RegExp(`${question}.*Số phiếu đồng ý3.*Trúng`));
  assert.match(await row(page, 'cluster_leader').locator('td.met').textContent(), /Đạt/);
  await shot(page, 'proposal-cluster');
});

test('an admin’s bad rule set is refused with the path of the field at fault', async () => {
  const page = await logIn('admin');
  await open(page, '#/rule-sets');
  await page.getByRole('link', { name: /Nghị định 152\/2025\/NĐ-CP/ }).click();
  await page.locator('#type-CSTDCS').waitFor();
  assert.match(await page.textContent('#type-CSTDCS'), /Hoàn thành xuất sắc nhiệm vụ trong năm.*điều 23/);
  assert.match(await page.textContent('#type-CO_TINH'), /Mỗi cụm, khối thi đua chỉ một đơn vị dẫn đầu được đề nghị/);
  await page.locator('#rule-set-editor summary').click();
  const editor = page.getByLabel('Nội dung JSON');
  const doc = JSON.parse(await editor.inputValue());
  const before = (await admin.get('/api/v1/rule-sets')).body.items.find((s) => s.code === doc.code);
  doc.award_types[1].conditions[0].award = 'NO_SUCH';
  await editor.fill(JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Lưu văn bản' }).click();
  const alert = page.locator('#rule-set-editor').getByRole('alert');
  assert.match(await alert.textContent(), /Văn bản chưa hợp lệ tại «award_types\[1\]\.conditions\[0\]\.award»/);
  await editor.fill('{ "code": ');
  await page.getByRole('button', { name: 'Lưu văn bản' }).click();
  assert.match(await alert.textContent(), /không phải JSON hợp lệ/);
  await noRawJson(page);
  await shot(page, 'rule-set');
  const after = (await admin.get('/api/v1/rule-sets')).body.items.find((s) => s.code === doc.code);
  assert.equal(after.revision, before.revision, 'nothing saved');
});

test('a viewer reads the decisions and the law, and is refused the proposals cleanly', async () => {
  const page = await logIn('viewer');
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Khen thưởng' }).click();
  await page.getByRole('heading', { name: 'Quyết định khen thưởng' }).waitFor();
  await shot(page, 'decisions');
  assert.equal(await page.locator('.awards-tabs').getByRole('link', { name: 'Đề nghị khen thưởng' }).count(), 0);
  await page.getByRole('link', { name: NUMBER }).click();
  await page.getByRole('heading', { name: `Quyết định số ${NUMBER}` }).waitFor();
  // a person's award stays within those who may read the person
  assert.match(await page.textContent('main'), /Bạn không xem được khen thưởng nào của quyết định này/);
  await open(page, '#/proposals');
  await page.locator('#proposals-forbidden').waitFor();
  assert.match(await page.textContent('#proposals-forbidden'), /Bạn không xem được các đề nghị khen thưởng/);
  await noRawJson(page);
  await shot(page, 'viewer-refused');
  await open(page, `#/proposals/${proposalId}`);
  await page.locator('main .error', { hasText: 'Bạn không có quyền thực hiện thao tác này.' }).waitFor();
  await noRawJson(page);
  await open(page, '#/rule-sets');
  await page.getByRole('heading', { name: 'Danh hiệu, hình thức khen thưởng' }).waitFor();
  await fitsWidth(page);
});

test('no page error on the way', () => {
  const unexpected = problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));
  assert.deepEqual(unexpected, []);
});
