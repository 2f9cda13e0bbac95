// A cluster year's work through the web UI in Debian's Chromium, each step
// done by the role that owns it: the leader unit writes the agreement and
// the scoring table, every member signs, the leader opens the phases, a
// unit self-scores and cross-scores in the forms (the other sheets go
// through the API), the leader reviews an entry, previews and publishes the
// ranking and hands over; the authority closes the year.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, downloadOf } from './chromium.mjs';
import { startServer, session, demoIds, Client, api } from './helpers.mjs';

const PASSWORD = 'mật khẩu thử nghiệm 2027';
const YEAR = 2027;
const UNIT_NAMES = ['Ban Tổ chức Tỉnh ủy Thử nghiệm An', 'Ban Tổ chức Tỉnh ủy Thử nghiệm Bình',
  'Ban Tổ chức Tỉnh ủy Thử nghiệm Châu', 'Ban Tổ chức Tỉnh ủy Thử nghiệm Đông'];
const CLUSTER = 'Cụm thi đua thử nghiệm giao diện';
// Cross scores each unit receives on I.1 (of 70); everyone meets I.2 (30).
const RECEIVED = [60, 55, 45, 35];

let server;
let browser;
let units; // org ids, units[0] leads
let clients; // API sessions of the units' officers
let yearPath;
const pages = []; // one logged-in page per unit
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchChromium();
  const admin = await session(server, 'admin');
  const { btctw } = await demoIds(server, admin);
  units = [];
  for (const name of UNIT_NAMES) {
    units.push((await api(admin, 'POST', '/api/v1/orgs', { name, kind: 'unit', parent_id: btctw })).id);
  }
  const cluster = await api(admin, 'POST', '/api/v1/clusters', { name: CLUSTER, authority_id: btctw, rotation: units });
  yearPath = `/api/v1/clusters/${cluster.id}/years/${YEAR}`;
  await api(admin, 'PUT', yearPath, { members: units, leader_id: units[0], deputy_ids: [units[1]] });
  clients = [];
  for (const [i, org] of units.entries()) {
    await api(admin, 'POST', '/api/v1/users', { username: `thunghiem.${i}`, password: PASSWORD, roles: ['unit_officer'], org_id: org });
    const c = new Client(server.url);
    assert.equal((await c.login(`thunghiem.${i}`, PASSWORD)).status, 201);
    clients.push(c);
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(username, password) {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${username}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${username}: ${err}`));
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  return page;
}

// Load the year's page afresh on one of its tabs, as a bookmark would.
let loads = 0;
async function openTab(page, tab, heading) {
  await page.goto(`${server.url}/?${++loads}#${yearPath.slice('/api/v1'.length)}/${tab}`);
  await page.locator('.tab-panel h2', { hasText: heading }).first().waitFor();
}

async function currentStep(page) {
  return (await page.locator('.stepper li[aria-current="step"] .step-label').textContent()).trim();
}

// Wait for the notice an action ends with; returns its whole text.
async function notice(page, text) {
  const box = page.locator('.notice', { hasText: text });
  await box.waitFor();
  return box.textContent();
}

function sheet(i1, passed, penalty) {
  return [{ criterion: 'I.1', points: i1 }, { criterion: 'I.2', passed }, { criterion: 'II', points: penalty }];
}

// A date a month ahead, "YYYY-MM-DD", and as the page shows it.
const deadline = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
const deadlineShown = deadline.split('-').reverse().join('/');

test('the leader unit writes the agreement and the scoring table', async () => {
  const page = await logIn('thunghiem.0', PASSWORD);
  pages[0] = page;
  await page.getByRole('link', { name: CLUSTER }).click();
  await page.getByRole('link', { name: `Mở năm thi đua ${YEAR} →` }).click();
  await page.getByRole('heading', { name: `Giao ước thi đua năm ${YEAR}` }).waitFor();
  assert.equal(await currentStep(page), 'Lập kế hoạch');
  assert.match(await page.textContent('.tab-panel'), /Cụm trưởng chưa soạn giao ước/);

  await page.getByRole('button', { name: 'Soạn giao ước' }).click();
  await page.getByLabel('Nội dung giao ước').fill(`GIAO ƯỚC THI ĐUA NĂM ${YEAR}\nCác đơn vị cam kết hoàn thành xuất sắc nhiệm vụ.`);
  await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
  const target = page.locator('#targets-editor tbody tr').first();
  await target.getByLabel('Mã').fill('KN');
  await target.getByLabel('Chỉ tiêu').fill('Kết nạp đảng viên mới');
  await target.getByLabel('Giá trị').fill('1200');
  await target.getByLabel('Đơn vị tính').fill('đảng viên');
  await page.locator('#save-agreement').click();
  assert.equal(await notice(page, 'Đã lưu giao ước'), 'Đã lưu giao ước.');
  assert.match(await page.textContent('#agreement-body'), /cam kết hoàn thành xuất sắc/);
  assert.match(await page.textContent('#targets'), /Kết nạp đảng viên mới.*1\.200.*đảng viên/);

  await page.locator('.tabs').getByRole('link', { name: 'Bảng tiêu chí' }).click();
  await page.getByRole('button', { name: 'Lập bảng tiêu chí' }).click();
  await page.getByRole('button', { name: 'Thêm nhóm tiêu chí' }).click();
  await page.getByRole('button', { name: '+ Mục con' }).click();
  await page.getByRole('button', { name: '+ Mục con' }).click();
  await page.getByRole('button', { name: 'Thêm tiêu chí' }).click();
  const rows = page.locator('#criteria-editor tbody tr');
  assert.deepEqual(await rows.locator('[name="code"]').evaluateAll((els) => els.map((e) => e.value)), ['I', 'I.1', 'I.2', 'II']);
  await rows.nth(0).getByLabel('Nội dung').fill('Thực hiện nhiệm vụ chuyên môn');
  await rows.nth(1).getByLabel('Nội dung').fill('Tham mưu công tác tổ chức xây dựng Đảng');
  await rows.nth(1).getByLabel('Điểm tối đa').fill('70');
  await rows.nth(2).getByLabel('Nội dung').fill('Báo cáo đúng hạn');
  await rows.nth(2).getByLabel('Loại').selectOption('pass_fail');
  await rows.nth(2).getByLabel('Điểm tối đa').fill('30');
  await rows.nth(3).getByLabel('Nội dung').fill('Vi phạm kỷ luật');
  await rows.nth(3).getByLabel('Loại').selectOption('penalty');
  await rows.nth(3).getByLabel('Điểm tối đa').fill('5');
  await page.locator('#final-rule').selectOption('cross_mean');
  await page.locator('#save-criteria').click();
  assert.equal(await notice(page, 'Đã lưu bảng tiêu chí'), 'Đã lưu bảng tiêu chí (phiên bản 1).');
  const table = await page.locator('#criteria tbody tr').allTextContents();
  assert.equal(table.length, 4);
  assert.match(table[2], /Báo cáo đúng hạn.*Đạt \/ không đạt.*30.*Đạt: 30 điểm/);
  assert.match(table[3], /Vi phạm kỷ luật.*Điểm trừ/);
  assert.match(await page.textContent('#max-total'), /^100 điểm/);
  assert.match(await page.textContent('.tab-panel'), /Trung bình điểm chấm chéo của các đơn vị khác/);
});

test('every member unit signs the agreement in the browser', async () => {
  for (let i = 1; i < units.length; i++) pages[i] = await logIn(`thunghiem.${i}`, PASSWORD);
  for (const [i, page] of pages.entries()) {
    await openTab(page, 'agreement', 'Giao ước thi đua');
    if (i > 0) assert.equal(await page.locator('#edit-agreement').count(), 0, 'a member may not edit the agreement');
    await page.getByRole('button', { name: 'Ký giao ước' }).click();
    const text = await notice(page, /đã ký/);
    if (i < units.length - 1) assert.equal(text, `${UNIT_NAMES[i]} đã ký giao ước.`);
    else assert.match(text, /Tất cả các đơn vị đã ký/);
    assert.equal(await page.locator('#sign-agreement').count(), 0);
  }
  const last = pages[units.length - 1];
  assert.equal(await currentStep(last), 'Đã ký giao ước');
  assert.equal(await last.locator('#signatures tr.signed').count(), units.length);
});

test('the leader starts the year and opens self-assessment with a deadline', async () => {
  const page = pages[0];
  await openTab(page, 'overview', 'Tổng quan');
  await page.getByRole('button', { name: 'Bắt đầu thực hiện' }).click();
  assert.equal(await notice(page, 'Đang thực hiện'), 'Năm thi đua đã chuyển sang bước «Đang thực hiện».');
  await page.getByLabel('Hạn chót tự chấm điểm (không bắt buộc)').fill(deadline);
  await page.getByRole('button', { name: 'Mở tự chấm điểm' }).click();
  await notice(page, '«Tự chấm điểm»');
  assert.equal(await currentStep(page), 'Tự chấm điểm');
  assert.match(await page.textContent('.status-panel'), new RegExp(`Hạn chót chấm điểm: ${deadlineShown}`));
  // A member sees the stage but no button to move it.
  await openTab(pages[2], 'overview', 'Tổng quan');
  assert.equal(await currentStep(pages[2]), 'Tự chấm điểm');
  assert.equal(await pages[2].locator('#move-status').count(), 0);
});

test('a unit scores itself in the form; mistakes are explained', async () => {
  const page = pages[0];
  await openTab(page, 'scoring', 'Phiếu chấm điểm');
  await page.getByLabel('Điểm I.1', { exact: true }).fill('75');
  await page.getByLabel('Kết quả I.2', { exact: true }).selectOption('yes');
  await page.getByLabel('Ghi chú I.1', { exact: true }).fill('Hoàn thành tốt nhiệm vụ');
  await page.getByLabel('Minh chứng I.1', { exact: true }).fill('Báo cáo tổng kết số 12-BC/BTC');
  await page.getByLabel('Điểm II', { exact: true }).fill('0');
  await page.locator('#save-sheet').click();
  const alert = page.locator('.member-sheets [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^Dữ liệu chưa hợp lệ: .*I\.1/);

  await page.getByLabel('Điểm I.1', { exact: true }).fill('65');
  await page.locator('#save-sheet').click();
  assert.equal(await notice(page, 'Đã lưu phiếu chấm'), `Đã lưu phiếu chấm cho ${UNIT_NAMES[0]}: 3/3 tiêu chí.`);
  assert.equal(await page.locator('#sheet tr.entered').count(), 3);
  assert.equal(await page.getByLabel('Điểm I.1', { exact: true }).inputValue(), '65');

  // Two more units self-score through the API; the fourth does not.
  for (const i of [1, 2]) {
    await api(clients[i], 'POST', `${yearPath}/scores`, { scored_org_id: units[i], scores: sheet(60, true, 0) });
  }
  await openTab(page, 'scoring', 'Tiến độ chấm điểm');
  const progress = await page.locator('#progress tbody tr').allTextContents();
  assert.equal(progress.length, 4);
  assert.ok(progress.some((r) => r.includes(UNIT_NAMES[3]) && r.includes('0/3')), progress.join('\n'));
  assert.match(await page.textContent('.progress'), /Đã tự chấm đủ: 3\/4 đơn vị/);
});

test('opening cross-assessment with a missing sheet asks to go on anyway', async () => {
  const page = pages[0];
  await page.getByRole('button', { name: 'Mở chấm chéo' }).click();
  const confirm = page.locator('.status-panel .confirm');
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /Còn phiếu chấm chưa đầy đủ/);
  assert.match(await confirm.textContent(), /1 self sheet is incomplete/);
  assert.ok(!(await confirm.textContent()).includes('"force"'));
  await confirm.getByRole('button', { name: 'Vẫn tiếp tục' }).click();
  await notice(page, '«Chấm chéo»');
  assert.equal(await currentStep(page), 'Chấm chéo');
});

test('a unit cross-scores another in the form; the leader reviews an entry', async () => {
  const page = pages[1];
  await openTab(page, 'scoring', 'Phiếu chấm điểm');
  const picker = page.locator('#scored-unit');
  assert.equal(await picker.locator('option').count(), 3, 'every other member, not itself');
  await picker.selectOption(String(units[0]));
  await page.getByLabel('Điểm I.1', { exact: true }).fill(String(RECEIVED[0]));
  await page.getByLabel('Kết quả I.2', { exact: true }).selectOption('yes');
  await page.getByLabel('Điểm II', { exact: true }).fill('0');
  await page.locator('#save-sheet').click();
  assert.match(await notice(page, 'Đã lưu phiếu chấm'), /3\/3 tiêu chí/);
  assert.match(await picker.locator(`option[value="${units[0]}"]`).textContent(), /đã chấm 3\/3 tiêu chí/);

  for (const [s, client] of clients.entries()) {
    for (const [j, scored] of units.entries()) {
      if (s === j || (s === 1 && j === 0)) continue;
      await api(client, 'POST', `${yearPath}/scores`, { scored_org_id: scored, scores: sheet(RECEIVED[j], true, j === 3 ? 1 : 0) });
    }
  }

  const leader = pages[0];
  await openTab(leader, 'scoring', 'Thẩm định phiếu chấm');
  await leader.locator('#review-scored').selectOption(String(units[2]));
  await leader.locator('#review-scoring').selectOption(String(units[1]));
  await leader.getByRole('button', { name: 'Điều chỉnh I.1' }).waitFor();
  await leader.getByRole('button', { name: 'Điều chỉnh I.1' }).click();
  await leader.getByLabel('Điểm điều chỉnh I.1').fill('40');
  await leader.getByLabel('Lý do điều chỉnh I.1').fill('Thiếu minh chứng');
  await leader.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
  await leader.locator('#review-sheet .adjusted').waitFor();
  assert.equal(await leader.textContent('#review-sheet .adjusted'), 'Cụm trưởng điều chỉnh: 40 — Thiếu minh chứng');

  // The leader unit's own sheets are the authority's to review.
  await leader.locator('#review-scored').selectOption(String(units[0]));
  await leader.getByText('Điểm của đơn vị cụm trưởng do cơ quan tổ chức thẩm định.').waitFor();
  assert.equal(await leader.locator('#review-sheet button').count(), 0);
});

test('the leader previews the ranking and publishes it', async () => {
  const page = pages[0];
  await openTab(page, 'ranking', 'Kết quả xếp hạng');
  await page.locator('#preview-banner').waitFor();
  assert.equal(await page.locator('#ranking tbody tr').count(), 4);
  await page.locator('#publish').click();
  const confirm = page.locator('.publish .confirm');
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Công bố kết quả' }).click();
  assert.equal(await notice(page, 'Đã công bố'), 'Đã công bố kết quả xếp hạng.');
  assert.equal(await currentStep(page), 'Đã công bố kết quả');
  assert.equal(await page.locator('#preview-banner').count(), 0);

  const published = await api(clients[0], 'GET', `${yearPath}/ranking`);
  assert.equal(published.published, true);
  assert.deepEqual(published.items.map((r) => r.org_id), units);
  const rows = await page.locator('#ranking tbody tr').allTextContents();
  assert.deepEqual(rows.map((r) => UNIT_NAMES.findIndex((n) => r.includes(n))), [0, 1, 2, 3]);
  assert.match(rows[0], /^1.*Thử nghiệm An.*90\s*$/);
  assert.match(rows[3], /−1.*64/, 'the penalty shows as a deduction');
  assert.equal(await page.locator('#ranking-chart .chart-row').count(), 4);
  assert.equal(await page.locator('#ranking-chart rect.bar').count(), 4);
  // The table as a spreadsheet: the published ranking, one row per unit.
  const csv = await downloadOf(page, page.getByRole('link', { name: 'Tải CSV' }));
  assert.match(csv.filename, /^Xếp hạng cụm \d+ năm \d{4}\.csv$/);
  const lines = csv.bytes.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 5);
  assert.match(lines[1], /^1,/);
  const xlsx = await downloadOf(page, page.getByRole('link', { name: 'Tải Excel (.xlsx)' }));
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');

  // Printing shows the ranking without the navigation and the controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.tabs').isVisible(), false);
  assert.equal(await page.locator('header.bar').isVisible(), false);
  assert.equal(await page.locator('.status-panel').isVisible(), false);
  assert.equal(await page.locator('#ranking').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
});

test('a member unit reads the published ranking, in both languages', async () => {
  const page = pages[2];
  await openTab(page, 'ranking', 'Kết quả xếp hạng');
  await page.locator('#ranking').waitFor();
  assert.equal(await page.locator('#publish').count(), 0);
  assert.match(await page.locator('#ranking tbody tr').first().textContent(), /Thử nghiệm An/);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: `Ranking ${YEAR}` }).waitFor();
  assert.equal(await currentStep(page), 'Results published');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { name: `Kết quả xếp hạng năm ${YEAR}` }).waitFor();
});

test('the leader hands over by rotation; only the authority closes the year', async () => {
  const page = pages[0];
  await openTab(page, 'handover', 'Bàn giao');
  assert.equal(await page.locator('#handover-override').count(), 0, 'override is the authority’s');
  assert.equal(await page.locator('#move-status').count(), 0, 'closing is the authority’s');
  await page.getByRole('button', { name: 'Bàn giao' }).click();
  assert.match(await notice(page, 'Đã bàn giao'), new RegExp(`năm thi đua ${YEAR + 1} đã được tạo`));
  const result = await page.textContent('#handover-result');
  assert.match(result, new RegExp(`Cụm trưởng năm ${YEAR + 1}\\s*${UNIT_NAMES[1]}`));
  assert.match(result, new RegExp(`Cụm phó năm ${YEAR + 1}\\s*${UNIT_NAMES[2]}`));

  const authority = await logIn(server.logins.authority_officer.username, server.logins.authority_officer.password);
  await openTab(authority, 'overview', 'Tổng quan');
  await authority.getByRole('button', { name: 'Kết thúc năm thi đua' }).click();
  await authority.locator('.status-panel .confirm').getByRole('button', { name: 'Kết thúc năm thi đua' }).click();
  await notice(authority, '«Kết thúc»');
  assert.equal(await currentStep(authority), 'Kết thúc');

  const unexpected = problems.filter((p) => !p.includes('status of 401') && !p.includes('status of 404') && !p.includes('status of 409') && !p.includes('status of 422'));
  assert.deepEqual(unexpected, []);
});
