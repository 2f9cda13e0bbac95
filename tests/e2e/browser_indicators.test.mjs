// Indicators through the web UI in Debian's Chromium, each step by the
// role that owns it: the admin adds an indicator to the catalog; a unit
// officer writes its report, sees the registry's party count beside the
// derived figure, saves a draft and sends it; the authority officer finds
// it in its inbox, returns it with a note, then accepts the corrected one;
// the statistics show the value, the change and the percentage in
// Vietnamese number format with the trend chart. Screenshots go to
// build/screenshots (THIDUA_SCREENSHOTS to change).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, downloadOf } from './chromium.mjs';
import { startServer, session, demoIds } from './helpers.mjs';

const SHOTS = process.env.THIDUA_SCREENSHOTS || new URL('../../build/screenshots', import.meta.url).pathname;
const YEAR = new Date().getUTCFullYear() - 6; // before the demo's reports
const CODE = 'cadres_sent_browser';
const NAME = 'Cán bộ được cử đi học lý luận chính trị';

let server;
let browser;
let admin;
let ids;
let partyCode;
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
  // A party-admissions indicator and one admission in the unit that year,
  // so the form shows the registry's figure.
  partyCode = 'party_new_browser';
  const ind = await admin.post('/api/v1/indicators', { code: partyCode, name: 'Đảng viên mới kết nạp (thử)', unit: 'người', aggregate: 'sum', derived_from: 'party_admissions' });
  assert.equal(ind.status, 201, ind.text);
  const p = await admin.post('/api/v1/people', { full_name: 'Lò Thị Hoa', gender: 'female', org_id: ids.userOrg.unit_officer, party_member: true, party_admission_date: `${YEAR}-05-19` });
  assert.equal(p.status, 201, p.text);
  // The year before, accepted: the statistics compare with it.
  const prev = await admin.post('/api/v1/reports', { org_id: ids.userOrg.unit_officer, year: YEAR - 1, values: {}, status: 'draft' });
  assert.equal(prev.status, 201, prev.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  // refusals the pages show (the login check, the registry's 409) are not problems
  assert.deepEqual(problems.filter((p) => !/status of (401|409)/.test(p)), []);
});

async function logIn(role) {
  const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${role}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${role}: ${err}`));
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(server.logins[role].username);
  await page.getByLabel('Mật khẩu').fill(server.logins[role].password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  return page;
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `indicators-${name}.png`), fullPage: true });

test('the admin adds an indicator to the catalog', async () => {
  const page = await logIn('admin');
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Chỉ tiêu' }).click();
  await page.getByRole('link', { name: 'Danh mục chỉ tiêu' }).click();
  const form = page.locator('#indicator-form');
  await form.getByLabel('Mã').fill(CODE);
  await form.getByLabel('Chỉ tiêu').fill(NAME);
  await form.getByLabel('Đơn vị tính').fill('người');
  await form.getByLabel('Cách tổng hợp').selectOption('sum');
  await form.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
  await page.locator('.notice', { hasText: `Đã thêm chỉ tiêu ${CODE}.` }).waitFor();
  assert.match(await page.locator(`#indicator-catalog tr[data-code="${CODE}"]`).textContent(), /Cán bộ được cử đi học lý luận chính trị.*người.*Cộng dồn/);
  await shot(page, 'catalog');
  await page.context().close();
});

test('a unit writes its report, sees the registry beside the party figure, and sends it', async () => {
  // last year's figure, accepted, for the comparison
  const prev = (await admin.get(`/api/v1/reports?org_id=${ids.userOrg.unit_officer}&year=${YEAR - 1}`)).body.items[0];
  assert.equal((await admin.post('/api/v1/reports', { org_id: prev.org_id, year: YEAR - 1, values: { [CODE]: 1200 }, status: 'submitted' })).status, 200);
  assert.equal((await admin.post(`/api/v1/reports/${prev.id}/accept`, {})).status, 200);

  const page = await logIn('unit_officer');
  await page.goto(`${server.url}/#/reports`);
  await page.getByRole('link', { name: 'Lập báo cáo' }).click();
  await page.locator('#report-form').waitFor();
  await page.getByLabel('Năm').fill(String(YEAR));
  await page.getByLabel('Năm').dispatchEvent('change');
  await page.locator(`#report-values tr[data-code="${partyCode}"] .registry`, { hasText: 'Hồ sơ nhân sự: 1' }).waitFor();
  await page.locator(`#value-${CODE}`).fill('1450');
  await page.locator(`#value-${partyCode}`).fill('2');
  await shot(page, 'report-form');
  // sending a party figure that disagrees with the registry is refused
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.locator('.error', { hasText: 'không khớp với hồ sơ nhân sự' }).waitFor();
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.locator('.notice', { hasText: 'Đã lưu bản nháp.' }).waitFor();
  await page.getByRole('link', { name: 'Sửa báo cáo' }).click();
  await page.locator(`#value-${partyCode}`).fill('1');
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.locator('.notice', { hasText: 'Đã gửi báo cáo.' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Đã gửi/);
  assert.match(await page.locator(`#report-values tr[data-code="${CODE}"]`).textContent(), /1\.450/);
  await page.context().close();
});

test('the authority returns the report with a note, then accepts the corrected one', async () => {
  const page = await logIn('authority_officer');
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Chỉ tiêu' }).click();
  await page.getByRole('link', { name: 'Báo cáo của đơn vị' }).click();
  await page.getByRole('heading', { name: 'Báo cáo chờ tiếp nhận' }).waitFor();
  await shot(page, 'inbox');
  // the inbox downloads as a table of the submitted reports
  const inbox = await downloadOf(page, page.getByRole('link', { name: 'Tải CSV' }));
  assert.equal(inbox.filename, 'Báo cáo chỉ tiêu.csv');
  const rows = inbox.bytes.toString('utf8').trim().split('\r\n').slice(1);
  assert.ok(rows.length > 0);
  for (const r of rows) assert.equal(r.split(',')[4], 'submitted', r);
  const report = (await admin.get(`/api/v1/reports?org_id=${ids.userOrg.unit_officer}&year=${YEAR}`)).body.items[0];
  await page.locator(`#reports tr[data-id="${report.id}"] a`).click();
  await page.getByLabel('Lý do trả lại').fill('Bổ sung số cán bộ học cao cấp lý luận chính trị.');
  await page.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
  await page.locator('.notice', { hasText: 'Đã trả lại báo cáo cho đơn vị.' }).waitFor();

  // the unit sees the note and sends the corrected figure
  const unit = await logIn('unit_officer');
  await unit.goto(`${server.url}/#/reports/new?year=${YEAR}`);
  await unit.locator('#return-note', { hasText: 'Bổ sung số cán bộ học cao cấp' }).waitFor();
  await unit.locator(`#value-${CODE}`).fill('1500');
  await unit.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await unit.locator('.notice', { hasText: 'Đã gửi báo cáo.' }).waitFor();
  await unit.context().close();

  await page.reload(); // the same page, read again after the unit's change
  await page.getByRole('button', { name: 'Tiếp nhận' }).click();
  await page.locator('.notice', { hasText: 'Đã tiếp nhận báo cáo.' }).waitFor();
  assert.equal((await admin.get(`/api/v1/reports/${report.id}`)).body.status, 'accepted');
  await shot(page, 'report-accepted');

  // the statistics: 1,500 against 1,200, +300, +25 %
  await page.goto(`${server.url}/#/stats/indicators?org=${ids.btctw}&year=${YEAR}`);
  const row = page.locator(`#indicator-totals tr[data-code="${CODE}"]`);
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /1\.500/);
  assert.match(text, /1\.200/);
  assert.match(text, /\+300/);
  assert.match(text, /\+25 %/);
  await page.locator('#trend-indicator').selectOption(CODE);
  assert.ok(await page.locator('#trend svg rect.trend-bar').count() >= 2);
  await shot(page, 'stats');
  // the figures download as CSV and XLSX, named for the year and the scope
  const csv = await downloadOf(page, page.getByRole('link', { name: 'Tải CSV' }));
  assert.equal(csv.filename, `Thống kê chỉ tiêu năm ${YEAR} đơn vị ${ids.btctw}.csv`);
  const total = csv.bytes.toString('utf8').split('\r\n').find((l) => l.startsWith(`,Tổng cộng,${CODE},`));
  assert.match(total, /,1500,1200,300,25,/);
  const xlsx = await downloadOf(page, page.getByRole('link', { name: 'Tải Excel (.xlsx)' }));
  assert.equal(xlsx.filename, `Thống kê chỉ tiêu năm ${YEAR} đơn vị ${ids.btctw}.xlsx`);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  await page.context().close();
});
