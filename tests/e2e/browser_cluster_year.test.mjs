// One cluster year of six units from start to certificate, in Debian's
// Chromium, each step by the role that owns it: the leader unit writes the
// agreement and the scoring table, the units sign and score (self, with
// evidence, then cross), the leader publishes the ranking and downloads
// the minutes, runs the conference ballot, a delegate votes and checks the
// receipt, the leader proposes the winner, the authority reads the
// eligibility, runs the council vote, approves and issues the decision, and
// the unit downloads its certificate. Forbidden pages are refused cleanly.
// It starts with the admin making the cluster and its year in the browser.
//
// The API does what the UI has no page for, or what would repeat a step
// shown elsewhere: the six units and their accounts (their pages are
// browser_admin's), the unit's rating the title needs (recorded by the
// authority; no page yet), and the other units' signatures, sheets and votes.
// Screenshots go to build/screenshots (THIDUA_SCREENSHOTS to change).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, downloadOf, newPage as openPage, logInPage, noticeText as notice, fitsWidth, screenshots } from './chromium.mjs';
import { startServer, session, demoIds, newToken, bearer, Client, api } from './helpers.mjs';

const YEAR = 2026;
const PASSWORD = 'mật khẩu cụm sáu đơn vị';
const UNIT_NAMES = ['Sở Nội vụ Thử nghiệm Một', 'Sở Nội vụ Thử nghiệm Hai', 'Sở Nội vụ Thử nghiệm Ba',
  'Sở Nội vụ Thử nghiệm Bốn', 'Sở Nội vụ Thử nghiệm Năm', 'Sở Nội vụ Thử nghiệm Sáu'];
const CLUSTER = 'Cụm thi đua sáu đơn vị thử nghiệm';
// The cross score each unit gets on I.1 (of 100): the second unit leads.
const RECEIVED = [80, 92, 75, 70, 65, 60];
const QUESTION = `Suy tôn đơn vị dẫn đầu cụm năm ${YEAR}`;
const CO_TINH = 'Cờ thi đua cấp bộ, ban, ngành, tỉnh';
const NUMBER = '88/QĐ-BTCTW';

let server;
let browser;
let admin;
let authority; // the API session of the cluster's authority
let units; // org ids; units[0] leads the cluster
let clients; // the units' officers' API sessions
let yearHash; // "#/clusters/3/years/2026"
let ballotId;
let receipt;
let proposalId;
const pages = {};
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  authority = await session(server, 'authority_officer');
  const { btctw } = await demoIds(server, admin);
  units = [];
  for (const name of UNIT_NAMES) {
    units.push((await api(admin, 'POST', '/api/v1/orgs', { name, kind: 'unit', parent_id: btctw })).id);
  }
  clients = [];
  for (const [i, org] of units.entries()) {
    await api(admin, 'POST', '/api/v1/users', { username: `cum6.${i}`, password: PASSWORD, roles: ['unit_officer'], org_id: org });
    const c = new Client(server.url);
    assert.equal((await c.login(`cum6.${i}`, PASSWORD)).status, 201);
    clients.push(c);
  }
  await api(admin, 'POST', '/api/v1/users', { username: 'cum6.daibieu', password: PASSWORD, roles: ['delegate'], org_id: units[2] });
  // The flag also needs the unit's excellent rating for the year.
  await api(authority, 'PUT', '/api/v1/ratings', { org_id: units[1], year: YEAR, rating: 'excellent' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const newPage = (who, viewport) => openPage(browser, who, problems, viewport);
const logIn = async (username, password = PASSWORD, viewport) => logInPage(await newPage(username, viewport), server.url, username, password);

const logInAs = (role, viewport) => logIn(server.logins[role].username, server.logins[role].password, viewport);

// Load a page afresh, as a bookmark would.
let loads = 0;
async function open(page, hash) {
  await page.goto(`${server.url}/?${++loads}${hash}`);
}

async function openTab(page, tab, heading) {
  await open(page, `${yearHash}/${tab}`);
  await page.locator('.tab-panel h2', { hasText: heading }).first().waitFor();
}

async function currentStep(page) {
  return (await page.locator('.stepper li[aria-current="step"] .step-label').textContent()).trim();
}

const shot = screenshots('cluster-year');

async function noRawJson(page) {
  assert.doesNotMatch(await page.textContent('main'), /\{"error"|"code"\s*:|"message"\s*:|\.c:\d+/);
}

async function downloadsPdf(page, link, filename) {
  const file = await downloadOf(page, link);
  assert.equal(file.filename, filename);
  assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
}

const sheet = (points) => [{ criterion: 'I.1', points }];

test('the admin makes the cluster with its rotation, and opens its year', async () => {
  const page = await logInAs('admin');
  const form = page.locator('#new-cluster');
  await form.getByText('Lập cụm, khối thi đua mới').click();
  await form.getByLabel('Tên cụm, khối').fill(CLUSTER);
  await form.getByLabel('Cơ quan tổ chức').selectOption({ label: 'Ban Tổ chức Trung ương' });
  await form.getByLabel(UNIT_NAMES[0], { exact: true }).check();
  await form.getByRole('button', { name: 'Lập cụm' }).click();
  assert.equal(await form.getByRole('alert').textContent(), 'Cụm cần ít nhất 2 đơn vị.');
  for (const name of UNIT_NAMES.slice(1)) await form.getByLabel(name, { exact: true }).check();
  await form.getByRole('button', { name: 'Lập cụm' }).click();
  assert.equal(await notice(page, 'Đã lập'), `Đã lập ${CLUSTER}.`);
  const clusterId = Number(/#\/clusters\/(\d+)$/.exec(page.url())[1]);
  const cluster = await api(admin, 'GET', `/api/v1/clusters/${clusterId}`);
  assert.deepEqual(cluster.rotation, units, 'the rotation is the order the units were ticked');
  assert.equal(await page.getByText('Cụm chưa có năm thi đua nào.').count(), 1);

  const year = page.locator('#new-year');
  await year.getByText('Lập năm thi đua mới').click();
  await year.getByLabel('Năm thi đua').fill(String(YEAR));
  assert.equal(await year.getByLabel('Cụm trưởng').inputValue(), String(units[0]), 'the first in rotation leads a first year');
  await year.locator('fieldset', { hasText: 'Cụm phó' }).getByLabel(UNIT_NAMES[1], { exact: true }).check();
  await year.getByRole('button', { name: 'Lập năm thi đua' }).click();
  assert.equal(await notice(page, 'Đã lập năm'), `Đã lập năm thi đua ${YEAR}.`);
  yearHash = `#/clusters/${clusterId}/years/${YEAR}`;
  assert.ok(page.url().endsWith(yearHash), page.url());
  const made = await api(admin, 'GET', `/api/v1${yearHash.slice(1)}`);
  assert.deepEqual([[...made.members].sort((a, b) => a - b), made.leader_id, made.deputy_ids], [units, units[0], [units[1]]]);
  await shot(page, 'new-year');
});

test('the leader unit writes the agreement and the scoring table', async () => {
  const page = await logIn('cum6.0');
  pages.leader = page;
  await page.getByRole('link', { name: CLUSTER }).click();
  await page.getByRole('link', { name: `Mở năm thi đua ${YEAR} →` }).click();
  await page.getByRole('heading', { name: `Giao ước thi đua năm ${YEAR}` }).waitFor();
  await page.getByRole('button', { name: 'Soạn giao ước' }).click();
  await page.getByLabel('Nội dung giao ước').fill(`GIAO ƯỚC THI ĐUA NĂM ${YEAR}\nSáu đơn vị cam kết hoàn thành xuất sắc nhiệm vụ.`);
  await page.locator('#save-agreement').click();
  assert.equal(await notice(page, 'Đã lưu giao ước'), 'Đã lưu giao ước.');

  await page.locator('.tabs').getByRole('link', { name: 'Bảng tiêu chí' }).click();
  await page.getByRole('button', { name: 'Lập bảng tiêu chí' }).click();
  await page.getByRole('button', { name: 'Thêm nhóm tiêu chí' }).click();
  await page.getByRole('button', { name: '+ Mục con' }).click();
  const rows = page.locator('#criteria-editor tbody tr');
  await rows.nth(0).getByLabel('Nội dung').fill('Thực hiện nhiệm vụ chuyên môn');
  await rows.nth(1).getByLabel('Nội dung').fill('Tham mưu công tác tổ chức cán bộ');
  await rows.nth(1).getByLabel('Điểm tối đa').fill('100');
  await page.locator('#final-rule').selectOption('cross_mean');
  await page.locator('#save-criteria').click();
  assert.equal(await notice(page, 'Đã lưu bảng tiêu chí'), 'Đã lưu bảng tiêu chí (phiên bản 1).');
  assert.match(await page.textContent('#max-total'), /^100 điểm/);
  await shot(page, 'criteria');
});

test('the units sign the agreement; the leader follows who has signed', async () => {
  pages.member = await logIn('cum6.1');
  for (const page of [pages.leader, pages.member]) {
    await openTab(page, 'agreement', 'Giao ước thi đua');
    await page.getByRole('button', { name: 'Ký giao ước' }).click();
    await notice(page, 'đã ký giao ước');
  }
  for (let i = 2; i < units.length; i++) await api(clients[i], 'POST', `/api/v1${yearHash.slice(1)}/agreement/signatures`, {});
  await openTab(pages.leader, 'agreement', 'Giao ước thi đua');
  assert.equal(await pages.leader.locator('#signatures tr.signed').count(), 6);
  assert.equal(await currentStep(pages.leader), 'Đã ký giao ước');
  await shot(pages.leader, 'agreement');
});

test('the units score themselves with evidence, then each other', async () => {
  const leader = pages.leader;
  await openTab(leader, 'overview', 'Tổng quan');
  await leader.getByRole('button', { name: 'Bắt đầu thực hiện' }).click();
  await notice(leader, 'Đang thực hiện');
  await leader.getByRole('button', { name: 'Mở tự chấm điểm' }).click();
  await notice(leader, '«Tự chấm điểm»');

  const member = pages.member;
  await openTab(member, 'scoring', 'Phiếu chấm điểm');
  await member.getByLabel('Điểm I.1', { exact: true }).fill('95');
  await member.getByLabel('Minh chứng I.1', { exact: true }).fill('Báo cáo tổng kết số 15-BC/SNV');
  await member.locator('#save-sheet').click();
  assert.equal(await notice(member, 'Đã lưu phiếu chấm'), `Đã lưu phiếu chấm cho ${UNIT_NAMES[1]}: 1/1 tiêu chí.`);
  for (const [i, client] of clients.entries()) {
    if (i !== 1) await api(client, 'POST', `/api/v1${yearHash.slice(1)}/scores`, { scored_org_id: units[i], scores: sheet(90) });
  }
  await openTab(leader, 'scoring', 'Tiến độ chấm điểm');
  assert.match(await leader.textContent('.progress'), /Đã tự chấm đủ: 6\/6 đơn vị/);

  await leader.getByRole('button', { name: 'Mở chấm chéo' }).click();
  await notice(leader, '«Chấm chéo»');
  await openTab(member, 'scoring', 'Phiếu chấm điểm');
  await member.locator('#scored-unit').selectOption(String(units[0]));
  await member.getByLabel('Điểm I.1', { exact: true }).fill(String(RECEIVED[0]));
  await member.locator('#save-sheet').click();
  assert.match(await notice(member, 'Đã lưu phiếu chấm'), /1\/1 tiêu chí/);
  for (const [s, client] of clients.entries()) {
    for (const [j, scored] of units.entries()) {
      if (s === j || (s === 1 && j === 0)) continue;
      await api(client, 'POST', `/api/v1${yearHash.slice(1)}/scores`, { scored_org_id: scored, scores: sheet(RECEIVED[j]) });
    }
  }
  await shot(member, 'scoring');
});

test('the leader publishes the ranking, drawn as bars, and downloads the minutes', async () => {
  const page = pages.leader;
  await openTab(page, 'ranking', 'Kết quả xếp hạng');
  await page.locator('#publish').click();
  await page.locator('.publish .confirm').getByRole('button', { name: 'Công bố kết quả' }).click();
  assert.equal(await notice(page, 'Đã công bố'), 'Đã công bố kết quả xếp hạng.');
  const rows = await page.locator('#ranking tbody tr').allTextContents();
  assert.deepEqual(rows.map((r) => UNIT_NAMES.findIndex((n) => r.includes(n))), [1, 0, 2, 3, 4, 5]);
  assert.equal(await page.locator('#ranking-chart rect.bar').count(), 6);
  await shot(page, 'ranking');
  await open(page, yearHash);
  const minutes = page.locator('#minutes-pdf');
  await minutes.waitFor();
  const file = await downloadOf(page, minutes);
  assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
});

test('the conference ballot: the leader runs it, a delegate votes on a phone and checks the receipt', async () => {
  const page = pages.leader;
  await openTab(page, 'ballots', `Bỏ phiếu kín năm ${YEAR}`);
  await page.getByRole('button', { name: 'Tạo phiếu bầu' }).click();
  const form = page.locator('.ballot-form');
  await form.getByLabel('Nội dung bỏ phiếu').fill(QUESTION);
  await form.getByLabel(UNIT_NAMES[1], { exact: true }).check();
  await form.getByLabel(UNIT_NAMES[0], { exact: true }).check();
  await form.getByRole('button', { name: 'Tạo phiếu bầu (dự thảo)' }).click();
  await notice(page, 'Đã tạo phiếu bầu');
  ballotId = Number(/#\/ballots\/(\d+)$/.exec(page.url())[1]);
  await page.getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await page.locator('.ballot-actions .confirm').getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await notice(page, 'Đã mở bỏ phiếu.');

  const delegate = await logIn('cum6.daibieu', PASSWORD, { width: 390, height: 844 });
  await delegate.locator('#nav').getByRole('link', { name: 'Phiếu bầu' }).click();
  await delegate.locator('#waiting-ballots > li', { hasText: QUESTION }).getByRole('link', { name: 'Bỏ phiếu', exact: true }).click();
  const vote = delegate.locator('#vote');
  await vote.getByLabel(UNIT_NAMES[1]).check();
  await delegate.getByRole('button', { name: 'Gửi phiếu bầu' }).click();
  await vote.locator('.confirm').getByRole('button', { name: 'Gửi phiếu' }).click();
  await delegate.locator('#receipt').waitFor();
  receipt = (await delegate.textContent('#receipt-code')).trim();
  await fitsWidth(delegate);
  await shot(delegate, 'vote-phone');

  const ids = Object.fromEntries((await api(admin, 'GET', `/api/v1/ballots/${ballotId}`)).candidates.map((c) => [c.org_id, c.id]));
  for (const i of [0, 1, 3, 4, 5]) {
    await api(clients[i], 'POST', `/api/v1/ballots/${ballotId}/votes`, { choices: [ids[units[i === 1 ? 0 : 1]]] });
  }
  await open(page, `#/ballots/${ballotId}`);
  await page.getByRole('button', { name: 'Kết thúc bỏ phiếu' }).click();
  await page.locator('.ballot-actions .confirm').getByRole('button', { name: 'Kết thúc bỏ phiếu' }).click();
  await notice(page, 'Đã kết thúc bỏ phiếu');
  assert.equal(await page.textContent('#passed'), `Trúng: ${UNIT_NAMES[1]}.`);
  assert.equal(await page.locator('#ballot-chart rect.bar.passed').count(), 1);
  await shot(page, 'ballot-result');

  // Anyone checks the receipt, logged in or not.
  const pub = await newPage('public', { width: 390, height: 844 });
  await pub.goto(`${server.url}/#/receipt`);
  await pub.getByLabel('Số phiếu bầu').fill(String(ballotId));
  await pub.getByLabel('Mã biên nhận').fill(receipt);
  await pub.getByRole('button', { name: 'Kiểm tra' }).click();
  assert.equal(await pub.textContent('#receipt-answer .notice'), `Phiếu của bạn đã được tính trong kết quả phiếu bầu số ${ballotId}.`);
  pages.delegate = delegate;
});

test('the leader unit proposes the winner and sends the proposal', async () => {
  const page = pages.leader;
  await open(page, '#/proposals/new');
  const form = page.locator('#pf-leader');
  await form.getByLabel('Cuộc bỏ phiếu đã kết thúc').selectOption(String(ballotId));
  await form.locator('#pf-passed li', { hasText: UNIT_NAMES[1] }).waitFor();
  await form.getByLabel('Danh hiệu, hình thức khen thưởng').selectOption({ label: CO_TINH });
  await form.getByLabel('Thành tích, căn cứ đề nghị').fill(`Dẫn đầu ${CLUSTER} năm ${YEAR}.`);
  await form.getByRole('button', { name: 'Lập các đề nghị (dự thảo)' }).click();
  await notice(page, 'Đã lập 1 đề nghị (dự thảo).');
  await page.locator('#proposals tbody tr', { hasText: UNIT_NAMES[1] }).getByRole('link', { name: UNIT_NAMES[1] }).click();
  await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await notice(page, 'Đã gửi đề nghị lên cơ quan xét duyệt.');
  proposalId = Number(/#\/proposals\/(\d+)$/.exec(page.url())[1]);
  assert.match(await page.textContent('#cluster-vote'), new RegExp(`${QUESTION}.*Trúng`));
  await shot(page, 'proposal');
});

test('the authority reads the eligibility, runs the council vote, approves and issues the decision', async () => {
  const page = await logInAs('authority_officer');
  await open(page, `#/proposals/${proposalId}`);
  assert.match(await page.locator('#eligibility .eligibility-verdict').textContent(), new RegExp(`Đủ điều kiện đề nghị ${CO_TINH}`));
  assert.match(await page.locator('#eligibility tr[data-code="cluster_leader"]').textContent(), /Đạt/);
  await shot(page, 'review');
  await open(page, '#/proposals');
  await page.getByLabel(`Chọn đề nghị của ${UNIT_NAMES[1]} (${CO_TINH})`).check();
  await page.getByRole('button', { name: 'Tạo phiếu Hội đồng' }).click();
  await notice(page, 'Đã tạo phiếu Hội đồng');
  const councilId = Number(/#\/ballots\/(\d+)$/.exec(page.url())[1]);
  await page.locator('button.open-ballot').click();
  await page.locator('.confirm').getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await notice(page, 'Đã mở bỏ phiếu.');

  // One council member votes in the browser, the other two with their tokens.
  const member = await logInAs('council_member');
  await open(member, `#/ballots/${councilId}`);
  const vote = member.locator('#vote');
  await vote.getByLabel(UNIT_NAMES[1]).check();
  await member.getByRole('button', { name: 'Gửi phiếu bầu' }).click();
  await vote.locator('.confirm').getByRole('button', { name: 'Gửi phiếu' }).click();
  await member.locator('#receipt').waitFor();
  const council = await api(authority, 'GET', `/api/v1/ballots/${councilId}`);
  for (const u of ['btctw.uyvien1', 'btctw.uyvien2']) {
    const r = await bearer(server, newToken(server, u)).post(`/api/v1/ballots/${councilId}/votes`, { choices: council.candidates.map((c) => c.id) });
    assert.equal(r.status, 201, r.text);
  }
  await page.reload();
  await page.locator('button.close-ballot').click();
  await page.locator('.confirm').getByRole('button', { name: 'Kết thúc bỏ phiếu' }).click();
  await notice(page, 'Đã kết thúc bỏ phiếu');

  await open(page, `#/proposals/${proposalId}`);
  await page.locator('.actions-card').getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await notice(page, 'Đã phê duyệt đề nghị.');
  await page.getByRole('link', { name: 'Ra quyết định khen thưởng' }).click();
  const form = page.locator('.decision-form');
  await form.getByLabel('Số, ký hiệu').fill(NUMBER);
  await form.getByLabel('Người ký').fill('Phó Trưởng ban Thường trực');
  await form.getByRole('button', { name: 'Ra quyết định' }).click();
  await notice(page, 'Đã ra quyết định: 1 khen thưởng được ghi vào lịch sử.');
  assert.match(await page.textContent('#decision-awards'), new RegExp(`${UNIT_NAMES[1]}.*${CO_TINH}.*${YEAR}`));
  await shot(page, 'decision');
});

test('the unit downloads its certificate from its award history, in either language', async () => {
  const page = pages.member;
  await open(page, `#/orgs/${units[1]}/awards`);
  const link = page.locator('.certificate-pdf');
  await link.waitFor();
  const award = (await api(admin, 'GET', `/api/v1/awards?org_id=${units[1]}`)).items[0];
  await downloadsPdf(page, link, `Khen thưởng số ${award.id}.pdf`);
  await shot(page, 'history');
  await page.locator('#lang').click();
  await page.locator('#awards', { hasText: 'Decision' }).waitFor();
  await page.locator('#lang').click();
});

test('forbidden pages are refused cleanly, never with raw JSON', async () => {
  const delegate = pages.delegate;
  await open(delegate, '#/proposals');
  await delegate.locator('#proposals-forbidden').waitFor();
  await noRawJson(delegate);
  await open(delegate, `#/proposals/${proposalId}`);
  await delegate.locator('main .error', { hasText: 'Bạn không có quyền thực hiện thao tác này.' }).waitFor();
  await noRawJson(delegate);
  await fitsWidth(delegate);
  // A member unit may not move the year nor publish.
  await openTab(pages.member, 'ranking', 'Kết quả xếp hạng');
  assert.equal(await pages.member.locator('#publish').count(), 0);
  assert.equal(await pages.member.locator('#move-status').count(), 0);
  // nor make clusters
  await open(pages.member, '#/clusters');
  await pages.member.locator('#clusters').waitFor();
  assert.equal(await pages.member.locator('#new-cluster, #new-year').count(), 0);
});

test('no page logged an unexpected error', () => {
  const unexpected = problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));
  assert.deepEqual(unexpected, []);
});
