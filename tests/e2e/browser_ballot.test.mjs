// A secret ballot through the web UI in Debian's Chromium, each step done
// by the role that owns it: the demo cluster's leader unit makes a ballot
// for the 2026 conference and opens it; the delegate of a member unit votes
// and gets a receipt; the leader enters the paper ballots, closes the
// ballot and reads the result, with the published receipts and ballots;
// anyone checks the receipt without logging in, and learns it was counted,
// never what it says; a ballot of too few voters shows void.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launchChromium, downloadOf } from './chromium.mjs';
import { startServer, session, demoIds } from './helpers.mjs';

const YEAR = 2026;
const LAI_CHAU = 'Ban Tổ chức Tỉnh ủy Lai Châu';
const SON_LA = 'Ban Tổ chức Tỉnh ủy Sơn La';
const CAO_BANG = 'Ban Tổ chức Tỉnh ủy Cao Bằng';
const DIEN_BIEN = 'Ban Tổ chức Tỉnh ủy Điện Biên';
const LANG_SON = 'Ban Tổ chức Tỉnh ủy Lạng Sơn';
const TUYEN_QUANG = 'Ban Tổ chức Tỉnh ủy Tuyên Quang';
const COLLECTIVE = 'Phòng Tổ chức cán bộ, Sở Nội vụ tỉnh Sơn La';
const PERSON = 'Lê Minh Sơn';
const QUESTION = `Suy tôn hai tập thể đề nghị tặng Bằng khen năm ${YEAR}`;
const RECEIPT = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/;
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

let server;
let browser;
let admin;
let cluster; // the demo's first cluster, with its 2026 year
let ballotId;
let receipt;
const pages = {};
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  ({ clusters: [cluster] } = await demoIds(server, admin));
  assert.match(cluster.name, /^Cụm thi đua số 1\b/);
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

async function notice(page, text) {
  const box = page.locator('.notice', { hasText: text });
  await box.waitFor();
  return box.textContent();
}

// Nothing sticks out sideways on a phone.
async function fitsWidth(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll}px wide in a ${width}px window`);
}

async function ballot() {
  const r = await admin.get(`/api/v1/ballots/${ballotId}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('the leader unit makes a ballot on the cluster year’s ballots tab and opens it', async () => {
  const page = await logIn('leader_officer');
  pages.leader = page;
  await page.getByRole('link', { name: cluster.name }).click();
  await page.getByRole('link', { name: `Mở năm thi đua ${YEAR} →` }).click();
  await page.locator('.tabs').getByRole('link', { name: 'Bỏ phiếu' }).click();
  await page.getByRole('heading', { name: `Bỏ phiếu kín năm ${YEAR}` }).waitFor();
  const before = await page.locator('#year-ballots > li').count();

  const sent = [];
  page.on('request', (rq) => {
    if (rq.method() === 'POST' && new URL(rq.url()).pathname === '/api/v1/ballots') sent.push(rq.postDataJSON());
  });
  await page.getByRole('button', { name: 'Tạo phiếu bầu' }).click();
  const form = page.locator('.ballot-form');
  await form.getByLabel('Nội dung bỏ phiếu').fill(QUESTION);
  await form.getByLabel('Chọn nhiều ứng viên, có giới hạn số lượng').check();
  await form.getByLabel(LAI_CHAU, { exact: true }).check();
  await form.getByLabel(SON_LA, { exact: true }).check();
  await form.getByLabel(`Ưu tiên ${SON_LA} (tập thể có từ 70% nữ)`).check();
  await form.getByLabel('Hoặc ghi tên ứng viên').fill(COLLECTIVE);
  await form.getByRole('button', { name: 'Thêm', exact: true }).click();
  await form.getByLabel('Tìm cá nhân theo họ tên').fill('le minh son');
  await form.getByLabel('Tìm cá nhân theo họ tên').press('Enter');
  await form.getByRole('button', { name: `Thêm ${PERSON}` }).click();
  assert.deepEqual(await form.locator('#ballot-candidates .cand-name').allTextContents(), [LAI_CHAU, SON_LA, COLLECTIVE, PERSON]);

  // Unticking a unit takes it off the list; ticking it again puts it last.
  await form.getByLabel(LAI_CHAU, { exact: true }).uncheck();
  assert.equal(await form.locator('#ballot-candidates li').count(), 3);
  await form.getByRole('button', { name: `Bỏ ${SON_LA}` }).click();
  assert.equal(await form.getByLabel(SON_LA, { exact: true }).isChecked(), false);
  await form.getByLabel(LAI_CHAU, { exact: true }).check();
  await form.getByLabel(SON_LA, { exact: true }).check();
  await form.getByLabel(`Ưu tiên ${SON_LA} (tập thể có từ 70% nữ)`).check();
  assert.deepEqual(await form.locator('#ballot-candidates .cand-name').allTextContents(), [COLLECTIVE, PERSON, LAI_CHAU, SON_LA]);

  await form.getByLabel('Số lượng được chọn', { exact: true }).fill('5');
  await form.getByRole('button', { name: 'Tạo phiếu bầu (dự thảo)' }).click();
  assert.match(await form.getByRole('alert').textContent(), /Số lượng được chọn từ 0 đến 4/);
  await form.getByLabel('Số lượng được chọn', { exact: true }).fill('2');
  await form.getByLabel('Tỷ lệ phiếu để trúng', { exact: true }).selectOption('2/3');
  await form.getByLabel('Tính trên').selectOption('cast');
  await form.getByRole('button', { name: 'Tạo phiếu bầu (dự thảo)' }).click();

  assert.match(await notice(page, 'Đã tạo phiếu bầu'), /dự thảo/);
  ballotId = Number(/#\/ballots\/(\d+)$/.exec(page.url())[1]);
  await page.getByRole('heading', { name: QUESTION }).waitFor();
  assert.equal(await page.textContent('.ballot-meta .badge'), 'Dự thảo');
  assert.deepEqual((await ballot()).candidates.map((c) => [c.label, c.priority]),
    [[COLLECTIVE, false], [PERSON, false], [LAI_CHAU, false], [SON_LA, true]]);
  // A person's priority follows the record: the form never sends one for her or him.
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].candidates.map((c) => Object.keys(c).sort()),
    [['label', 'priority'], ['person_id'], ['org_id', 'priority'], ['org_id', 'priority']]);
  const made = await ballot();
  assert.equal(made.kind, 'choose_n');
  assert.equal(made.seats, 2);
  assert.equal(made.max_choices, 2);
  assert.equal(made.threshold_base, 'cast');
  assert.ok(Math.abs(made.threshold - 2 / 3) < 0.001, String(made.threshold));
  assert.equal(made.quorum, 0);
  assert.equal(made.eligible, cluster.year.members.length);
  assert.match(await page.textContent('.ballot-rules'), /Đạt từ 2\/3 số phiếu bầu trở lên/);

  await page.getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await page.locator('.ballot-actions .confirm').getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  assert.equal(await notice(page, 'Đã mở'), 'Đã mở bỏ phiếu.');
  assert.equal(await page.textContent('.ballot-meta .badge'), 'Đang bỏ phiếu');
  assert.equal((await ballot()).status, 'open');
  // The leader unit is a member too: it may vote, and may not delete any more.
  await page.locator('#vote').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Xóa dự thảo' }).count(), 0);

  // The year's tab lists it, with the close action.
  await page.getByRole('link', { name: /← Bỏ phiếu:/ }).click();
  const item = page.locator('#year-ballots > li', { hasText: QUESTION });
  await item.waitFor();
  assert.equal(await page.locator('#year-ballots > li').count(), before + 1);
  assert.equal(await item.locator('.badge').textContent(), 'Đang bỏ phiếu');
  assert.equal(await item.getByRole('button', { name: 'Kết thúc bỏ phiếu' }).count(), 1);
});

test('the delegate finds the ballot on “my ballots”, votes and keeps a receipt', async () => {
  const page = await logIn('delegate', { width: 390, height: 844 });
  pages.delegate = page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.locator('#nav').getByRole('link', { name: 'Phiếu bầu' }).click();
  await page.getByRole('heading', { name: /^Chờ bạn bỏ phiếu/ }).waitFor();
  await fitsWidth(page);
  // Open ballots waiting for the delegate's vote come first.
  const waiting = page.locator('#waiting-ballots > li', { hasText: QUESTION });
  assert.equal(await waiting.count(), 1);
  assert.equal(await page.locator('#other-ballots > li', { hasText: QUESTION }).count(), 0);
  await waiting.getByRole('link', { name: 'Bỏ phiếu', exact: true }).click();
  await page.getByRole('heading', { name: QUESTION }).waitFor();
  await fitsWidth(page);
  assert.equal(await page.locator('#voters').count(), 0, 'only those who manage the ballot see the voters');
  assert.equal(await page.locator('.ballot-actions').count(), 0);

  // At most two: once two are ticked the others cannot be.
  const vote = page.locator('#vote');
  await vote.getByLabel(LAI_CHAU).check();
  await vote.getByLabel(SON_LA).check();
  assert.equal(await vote.getByLabel(COLLECTIVE).isDisabled(), true);
  assert.equal(await page.textContent('#choice-count'), 'Đã chọn 2/2');
  await vote.getByLabel(SON_LA).uncheck();
  assert.equal(await vote.getByLabel(COLLECTIVE).isDisabled(), false);
  await vote.getByLabel(SON_LA).check();

  await page.getByRole('button', { name: 'Gửi phiếu bầu' }).click();
  const confirm = vote.locator('.confirm');
  assert.match(await confirm.textContent(), new RegExp(`Bạn chọn: ${LAI_CHAU}; ${SON_LA}\\. Gửi phiếu\\?`));
  await confirm.getByRole('button', { name: 'Gửi phiếu' }).click();

  await page.locator('#receipt').waitFor();
  receipt = (await page.textContent('#receipt-code')).trim();
  assert.match(receipt, RECEIPT);
  assert.equal(await notice(page, 'Đã nhận'), 'Đã nhận phiếu bầu của bạn.');
  assert.match(await page.textContent('#receipt'), new RegExp(`nhập số phiếu bầu ${ballotId} và mã này`));
  assert.match(await page.textContent('#receipt'), /Mã không cho biết phiếu của bạn đã chọn ai/);
  assert.doesNotMatch(await page.textContent('#receipt'), /xem được lựa chọn/);
  assert.equal(await page.textContent('#your-vote'), '✓ Đơn vị của bạn đã bỏ phiếu trực tuyến.');
  assert.equal(await page.locator('#vote').count(), 0);
  await fitsWidth(page);
  await page.getByRole('button', { name: 'Sao chép mã' }).click();
  await page.getByText('Đã sao chép mã.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), receipt);

  // The receipt is shown once: a fresh load of the page has none.
  await page.reload();
  await page.getByRole('heading', { name: QUESTION }).waitFor();
  assert.equal(await page.locator('#receipt').count(), 0);
  assert.equal(await page.textContent('#your-vote'), '✓ Đơn vị của bạn đã bỏ phiếu trực tuyến.');
  assert.equal((await ballot()).voted, 1);
});

test('the leader enters the paper ballots, closes the ballot and reads the result', async () => {
  // Two more units vote online (through the API): the leader unit for
  // itself and the collective, Điện Biên for the leader unit and Sơn La.
  const ids = Object.fromEntries((await ballot()).candidates.map((c) => [c.label, c.id]));
  const online = [['leader_officer', [ids[LAI_CHAU], ids[COLLECTIVE]]], ['unit_officer', [ids[LAI_CHAU], ids[SON_LA]]]];
  for (const [role, choices] of online) {
    const r = await (await session(server, role)).post(`/api/v1/ballots/${ballotId}/votes`, { choices });
    assert.equal(r.status, 201, r.text);
  }
  const page = pages.leader;
  await page.goto(`${server.url}/#/ballots/${ballotId}`);
  await page.getByRole('heading', { name: QUESTION }).waitFor();
  assert.equal(await page.textContent('#participation'), `Đã bỏ phiếu: 3/${cluster.year.members.length}`);
  const sonLa = page.locator('#voters tr', { hasText: SON_LA });
  assert.equal(await sonLa.locator('td').nth(1).textContent(), 'Đã bỏ phiếu trực tuyến');

  // Three units voted on paper at the conference: two for the leader unit
  // and Sơn La, one for the leader unit and the collective.
  await page.getByText('Nhập kết quả phiếu giấy').click();
  const paper = page.locator('#paper');
  for (const unit of [SON_LA, LAI_CHAU, DIEN_BIEN]) {
    assert.equal(await paper.getByLabel(unit, { exact: true }).count(), 0, `${unit} voted online: it cannot vote on paper`);
  }
  await paper.getByLabel(CAO_BANG, { exact: true }).check();
  await paper.getByLabel(LANG_SON, { exact: true }).check();
  await paper.getByLabel(TUYEN_QUANG, { exact: true }).check();
  await paper.getByLabel(`Số phiếu giấy của ${LAI_CHAU}`).fill('3');
  await paper.getByLabel(`Số phiếu giấy của ${SON_LA}`).fill('2');
  await paper.getByLabel(`Số phiếu giấy của ${COLLECTIVE}`).fill('1');
  await paper.getByLabel('Biên bản kiểm phiếu (số, ngày, người lập)').fill('Biên bản kiểm phiếu số 01/BB-BKP ngày 20/12/2026');
  await paper.getByRole('button', { name: 'Lưu kết quả phiếu giấy' }).click();
  await paper.locator('.confirm').getByRole('button', { name: 'Lưu kết quả phiếu giấy' }).click();
  assert.equal(await notice(page, 'phiếu giấy'), 'Đã lưu kết quả phiếu giấy.');
  assert.equal(await page.textContent('#participation'), `Đã bỏ phiếu: 6/${cluster.year.members.length}`);
  // while open: how many papers, not what they hold
  assert.match(await page.textContent('#paper-entered'), /: 3 phiếu; số phiếu cho từng ứng viên được công bố khi kết thúc/);
  assert.doesNotMatch(await page.textContent('#paper-entered'), /phiếu trắng|NaN/);
  assert.equal(await page.locator('#paper').count(), 0, 'paper ballots are entered once');

  await page.getByRole('button', { name: 'Kết thúc bỏ phiếu' }).click();
  const confirm = page.locator('.ballot-actions .confirm');
  assert.match(await confirm.textContent(), new RegExp(`Đã có 6/${cluster.year.members.length} cử tri bỏ phiếu`));
  await confirm.getByRole('button', { name: 'Kết thúc bỏ phiếu' }).click();
  await notice(page, 'Đã kết thúc bỏ phiếu');
  assert.equal(await page.textContent('.ballot-meta .badge'), 'Đã kết thúc');

  const rows = await page.locator('#ballot-result tbody tr').allTextContents();
  assert.equal(rows.length, 4);
  assert.match(rows[0], new RegExp(`^1${LAI_CHAU}6100%Trúng$`));
  assert.match(rows[1], new RegExp(`^2${SON_LA} ưu tiên466,7%Trúng$`));
  assert.match(rows[2], new RegExp(`^${COLLECTIVE}233,3%Không trúng$`));
  assert.match(rows[3], new RegExp(`^${PERSON}00%Không trúng$`));
  assert.equal(await page.textContent('#passed'), `Trúng: ${LAI_CHAU}; ${SON_LA}.`);
  const csv = await downloadOf(page, page.locator('#result').getByRole('link', { name: 'Tải CSV' }));
  assert.match(csv.bytes.toString('utf8'), new RegExp(`${LAI_CHAU},6,true`));
  assert.equal(await page.textContent('#decided-by'), 'Các ứng viên trúng được xác định theo số phiếu.');
  const summary = await page.textContent('#ballot-summary');
  assert.match(summary, /Số phiếu bầu6 \(trực tuyến 3, phiếu giấy hợp lệ 3\)/);
  assert.match(summary, /Số phiếu cần để trúngÍt nhất 4 phiếu \(2\/3 số phiếu bầu: 6\)/);
  assert.equal(await page.locator('#ballot-chart .chart-row').count(), 4);
  assert.equal(await page.locator('#ballot-chart rect.bar.passed').count(), 2);
  assert.equal(await page.locator('#ballot-chart line.needed-line').count(), 4);

  // The receipts' hashes and the online ballots are published apart, each
  // list folded, with the digest of both.
  const result = await admin.get(`/api/v1/ballots/${ballotId}/result`);
  assert.deepEqual(result.body.passed, [3, 4]);
  await page.getByText('Phiếu bầu, biên nhận công bố và mã tổng hợp').click();
  assert.equal(await page.textContent('#digest'), result.body.digest);
  assert.equal(await page.locator('#receipts').isVisible(), false, 'the receipts are folded');
  assert.equal(await page.locator('#ballots').isVisible(), false, 'the ballots are folded');
  await page.getByText('Mã băm của các biên nhận (3)').click();
  const hashes = await page.locator('#receipts li').allTextContents();
  assert.deepEqual(hashes, result.body.receipts);
  assert.ok(hashes.includes(sha256(receipt.replaceAll('-', ''))), 'the delegate’s receipt is not listed');
  await page.getByText('Phiếu bầu trực tuyến (3)').click();
  // by what they say: the one for the collective first, then the two alike
  assert.deepEqual(await page.locator('#ballots tbody tr').allTextContents(),
    [`1${COLLECTIVE}; ${LAI_CHAU}`, `2${LAI_CHAU}; ${SON_LA}`, `3${LAI_CHAU}; ${SON_LA}`]);
  const lists = await page.textContent('#ballots-list');
  for (const h of hashes) assert.equal(lists.split(h).length, 2, 'a receipt hash is listed twice');
  assert.doesNotMatch(await page.textContent('#ballots'), /[0-9a-f]{64}/);
  assert.match(await page.textContent('#paper-line'), /Phiếu giấy: 3 phiếu, 0 phiếu trắng, 0 phiếu không hợp lệ/);

  // Printing keeps the result, without navigation and controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.bar').isVisible(), false);
  assert.equal(await page.locator('.crumbs').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'In kết quả' }).isVisible(), false);
  assert.equal(await page.locator('#ballot-result').isVisible(), true);
  assert.equal(await page.locator('#ballot-chart').isVisible(), true);
  assert.equal(await page.locator('#ballot-chart rect.bar').first().isVisible(), true, 'the bars print');
  await page.emulateMedia({ media: 'screen' });

  // The delegate sees the same result; its list has nothing waiting now.
  const delegate = pages.delegate;
  await delegate.goto(`${server.url}/#/ballots`);
  await delegate.getByRole('heading', { name: /^Chờ bạn bỏ phiếu/ }).waitFor();
  assert.equal(await delegate.locator('#waiting-ballots > li', { hasText: QUESTION }).count(), 0);
  await delegate.locator('#other-ballots').getByRole('link', { name: QUESTION }).click();
  await delegate.locator('#ballot-result').waitFor();
  assert.equal(await delegate.textContent('#passed'), `Trúng: ${LAI_CHAU}; ${SON_LA}.`);
  assert.equal(await delegate.locator('#casting').count(), 0);
  await fitsWidth(delegate);
});

test('anyone checks the receipt without logging in', async () => {
  const page = await newPage('public', { width: 390, height: 844 });
  await page.goto(server.url + '/');
  await page.getByRole('link', { name: 'Kiểm tra phiếu bầu bằng mã biên nhận' }).click();
  await page.getByRole('heading', { name: 'Kiểm tra phiếu bầu' }).waitFor();
  await page.getByLabel('Số phiếu bầu').fill(String(ballotId));

  // A mistyped code is refused with an explanation.
  await page.getByLabel('Mã biên nhận').fill('ABCD-EFGH');
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  assert.match(await page.getByRole('alert').textContent(), /gồm 24 chữ và số/);
  await page.getByLabel('Mã biên nhận').fill('0000-0000-0000-0000-0000-0000');
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Không có phiếu nào với mã biên nhận này').waitFor();

  // Lower case and no dashes are fine.
  await page.getByLabel('Mã biên nhận').fill(receipt.replaceAll('-', '').toLowerCase());
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.locator('#receipt-answer').waitFor();
  assert.equal(await page.textContent('#receipt-answer .notice'), `Phiếu của bạn đã được tính trong kết quả phiếu bầu số ${ballotId}.`);
  // The question, and what the receipt proves: counted, never what the
  // ballot says; no candidate's name shows.
  const answer = await page.textContent('#receipt-answer');
  assert.match(answer, /Nội dung: Suy tôn hai tập thể/);
  assert.match(await page.textContent('#receipt-proves'), /chứng minh phiếu của bạn đã được tính, không cho biết phiếu đó đã chọn ai/);
  for (const name of [LAI_CHAU, SON_LA, COLLECTIVE, PERSON]) assert.ok(!answer.includes(name), `${name} in the receipt check`);
  assert.equal(await page.locator('#receipt-choices').count(), 0);
  assert.equal(await page.textContent('#receipt-hash'), sha256(receipt.replaceAll('-', '')));
  await fitsWidth(page);
  assert.ok(!page.url().includes(receipt.slice(0, 4)), 'the code stays out of the address');

  // Spaces typed or pasted with the code are left out of the request.
  const asked = [];
  page.on('request', (rq) => { if (rq.url().includes('/receipts/')) asked.push(new URL(rq.url()).pathname); });
  await page.getByLabel('Mã biên nhận').fill(` ${receipt.replaceAll('-', ' ')} `);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText(`Phiếu của bạn đã được tính trong kết quả phiếu bầu số ${ballotId}.`).waitFor();
  assert.deepEqual(asked, [`/api/v1/ballots/${ballotId}/receipts/${receipt.replaceAll('-', '')}`]);

  // Logged in, the same check answers the same.
  const delegate = pages.delegate;
  await delegate.goto(`${server.url}/#/receipt/${ballotId}`);
  await delegate.getByLabel('Mã biên nhận').fill(receipt);
  await delegate.getByRole('button', { name: 'Kiểm tra' }).click();
  await delegate.locator('#receipt-answer').waitFor();
  assert.equal(await delegate.textContent('#receipt-answer .notice'), `Phiếu của bạn đã được tính trong kết quả phiếu bầu số ${ballotId}.`);
  assert.equal(await delegate.locator('#receipt-choices').count(), 0);
});

test('a ballot with a single online ballot closes void: the page says why, and shows no count', async () => {
  // The delegate votes online, three units on paper (one blank): one online
  // ballot would give its choice away.
  const leader = await session(server, 'leader_officer');
  const made = await leader.post('/api/v1/ballots', {
    kind: 'single', question: 'Chọn nơi tổ chức hội nghị sơ kết năm 2026',
    candidates: [{ label: 'Tỉnh Lạng Sơn' }, { label: 'Tỉnh Tuyên Quang' }],
    seats: 1, threshold: 0.5, threshold_base: 'cast', cluster_id: cluster.id, year: YEAR,
  });
  assert.equal(made.status, 201, made.text);
  const id = made.body.id;
  const orgIds = Object.fromEntries(await Promise.all(cluster.year.members.map(async (m) => [(await admin.get(`/api/v1/orgs/${m}`)).body.name, m])));
  const steps = [
    () => leader.post(`/api/v1/ballots/${id}/open`, {}),
    async () => (await session(server, 'delegate')).post(`/api/v1/ballots/${id}/votes`, { choices: [1] }),
    () => leader.post(`/api/v1/ballots/${id}/paper`, {
      voters: [orgIds[CAO_BANG], orgIds[LANG_SON], orgIds[TUYEN_QUANG]], blank: 1, counts: { 1: 1, 2: 1 },
      minutes: 'Biên bản kiểm phiếu số 03/BB-BKP',
    }),
    () => leader.post(`/api/v1/ballots/${id}/close`, {}),
  ];
  for (const step of steps) {
    const r = await step();
    assert.ok(r.status === 200 || r.status === 201, r.text);
  }
  assert.equal((await admin.get(`/api/v1/ballots/${id}/result`)).body.void, true);

  for (const page of [pages.leader, pages.delegate]) {
    await page.goto(`${server.url}/#/ballots/${id}`);
    await page.locator('#ballot-void').waitFor();
    assert.match(await page.textContent('#ballot-void'), /^Phiếu bầu không có kết quả\. .*chỉ gồm 1 hoặc 2 phiếu, ít hơn 3/);
    assert.equal(await page.textContent('#passed'), 'Không ứng viên nào trúng vì phiếu bầu không có kết quả.');
    const summary = await page.textContent('#ballot-summary');
    assert.match(summary, /Tổng số cử tri9/);
    assert.match(summary, /Số cử tri đã bỏ phiếu4/);
    // no count anywhere: no table, chart, published lists, digest or casting vote
    for (const sel of ['#ballot-result', '#ballot-chart', '#ballots-list', '#digest', '#casting']) {
      assert.equal(await page.locator(sel).count(), 0, `${sel} on a void ballot`);
    }
    // the candidates are still listed, the papers counted but not what they hold
    assert.deepEqual(await page.locator('#candidates li').allTextContents(), ['Tỉnh Lạng Sơn ', 'Tỉnh Tuyên Quang ']);
    assert.match(await page.textContent('#paper-entered'), /: 3 phiếu; phiếu bầu không có kết quả nên số phiếu không được công bố/);
    assert.doesNotMatch(await page.textContent('#result'), /phiếu trắng|%/);
    await fitsWidth(page);
  }
});

test('a tie the priority cannot settle waits for the chair’s casting vote', async () => {
  // Four units vote on paper, two for each: a tie for the one seat.
  const leader = await session(server, 'leader_officer');
  const made = await leader.post('/api/v1/ballots', {
    kind: 'single', question: 'Chọn đơn vị đăng cai hội nghị tổng kết năm 2026',
    candidates: [{ label: 'Tỉnh Cao Bằng' }, { label: 'Tỉnh Điện Biên' }],
    seats: 1, threshold: 0.5, threshold_base: 'cast', quorum: 0, cluster_id: cluster.id, year: YEAR,
  });
  assert.equal(made.status, 201, made.text);
  const id = made.body.id;
  const steps = [
    await leader.post(`/api/v1/ballots/${id}/open`, {}),
    await leader.post(`/api/v1/ballots/${id}/paper`, {
      voters: cluster.year.members.slice(0, 4), counts: { 1: 2, 2: 2 }, minutes: 'Biên bản kiểm phiếu số 02/BB-BKP',
    }),
    await leader.post(`/api/v1/ballots/${id}/close`, {}),
  ];
  for (const r of steps) assert.equal(r.status, 200, r.text);

  const page = pages.leader;
  await page.goto(`${server.url}/#/ballots/${id}`);
  await page.locator('#ballot-result').waitFor();
  assert.equal(await page.textContent('#passed'), 'Không ứng viên nào trúng.');
  assert.match(await page.textContent('#decided-by'), /2 ứng viên bằng phiếu tranh 1 vị trí cuối cùng/);
  assert.deepEqual(await page.locator('#ballot-result tbody td:last-child').allTextContents(),
    ['Bằng phiếu, chờ chủ trì quyết định', 'Bằng phiếu, chờ chủ trì quyết định']);
  const casting = page.locator('#casting');
  await casting.getByLabel('Tỉnh Điện Biên').check();
  assert.equal(await casting.getByLabel('Tỉnh Cao Bằng').isDisabled(), true, 'one seat: one pick');
  await casting.getByRole('button', { name: 'Ghi quyết định của chủ trì' }).click();
  await casting.locator('.confirm').getByRole('button', { name: 'Ghi quyết định của chủ trì' }).click();
  assert.equal(await notice(page, 'chủ trì'), 'Đã ghi quyết định của chủ trì.');
  assert.equal(await page.textContent('#passed'), 'Trúng: Tỉnh Điện Biên.');
  assert.match(await page.textContent('#decided-by'), /chủ trì hội nghị đã quyết định/);
  assert.equal(await page.locator('#casting').count(), 0);
  const result = await admin.get(`/api/v1/ballots/${id}/result`);
  assert.equal(result.body.decided_by, 'chair');
  assert.deepEqual(result.body.passed, [2]);

  // A member unit reads the outcome but has no casting vote to give.
  await pages.delegate.goto(`${server.url}/#/ballots/${id}`);
  await pages.delegate.locator('#ballot-result').waitFor();
  assert.equal(await pages.delegate.textContent('#passed'), 'Trúng: Tỉnh Điện Biên.');
});

test('the leader deletes a draft; an authority officer makes a council ballot', async () => {
  const leader = await session(server, 'leader_officer');
  const draft = await leader.post('/api/v1/ballots', {
    kind: 'approve_each', question: 'Bản nháp cần xóa', candidates: [{ label: 'Tập thể A' }],
    threshold: 0.5, cluster_id: cluster.id, year: YEAR,
  });
  assert.equal(draft.status, 201, draft.text);
  const page = pages.leader;
  await page.goto(`${server.url}/#/ballots/${draft.body.id}`);
  await page.getByRole('button', { name: 'Xóa dự thảo' }).click();
  await page.locator('.ballot-actions .confirm').getByRole('button', { name: 'Xóa dự thảo' }).click();
  assert.equal(await notice(page, 'Đã xóa'), 'Đã xóa phiếu bầu dự thảo.');
  await page.getByRole('heading', { name: `Bỏ phiếu kín năm ${YEAR}` }).waitFor();
  assert.equal(await page.locator('#year-ballots > li', { hasText: 'Bản nháp cần xóa' }).count(), 0);
  assert.equal((await admin.get(`/api/v1/ballots/${draft.body.id}`)).status, 404);

  // The authority's council: units found by name, approve each, 80 % of the members.
  const officer = await logIn('authority_officer');
  await officer.locator('#nav').getByRole('link', { name: 'Phiếu bầu' }).click();
  await officer.getByRole('button', { name: 'Tạo phiếu bầu của Hội đồng thi đua' }).click();
  const form = officer.locator('.ballot-form');
  await form.getByLabel('Nội dung bỏ phiếu').fill('Hội đồng xét tặng Bằng khen năm 2026');
  await form.getByLabel('Năm', { exact: true }).fill(String(YEAR));
  await form.getByLabel('Đồng ý hoặc không đồng ý với từng ứng viên').check();
  await form.getByLabel('Tìm đơn vị theo tên').fill('dien bien');
  await form.getByLabel('Tìm đơn vị theo tên').press('Enter');
  await form.getByRole('button', { name: `Thêm ${DIEN_BIEN}` }).click();
  await form.getByLabel('Số lượng được chọn', { exact: true }).fill('0');
  await form.getByLabel('Tỷ lệ phiếu để trúng', { exact: true }).selectOption('custom');
  await form.getByLabel('Tỷ lệ phiếu để trúng (%)').fill('120');
  await form.getByRole('button', { name: 'Tạo phiếu bầu (dự thảo)' }).click();
  assert.match(await form.getByRole('alert').textContent(), /từ 0 đến 100/);
  await form.getByLabel('Tỷ lệ phiếu để trúng (%)').fill('80');
  // With two of its three members away (disabled), the council is too
  // small for a secret ballot: the form says so.
  const users = (await admin.get('/api/v1/users?role=council_member&limit=500')).body.items;
  const away = users.filter((u) => /^btctw\.uyvien[12]$/.test(u.username));
  assert.equal(away.length, 2);
  for (const u of away) assert.equal((await admin.patch(`/api/v1/users/${u.id}`, { disabled: true })).status, 200);
  await form.getByRole('button', { name: 'Tạo phiếu bầu (dự thảo)' }).click();
  assert.match(await form.getByRole('alert').textContent(), /Bỏ phiếu kín cần ít nhất 3 cử tri/);
  for (const u of away) assert.equal((await admin.patch(`/api/v1/users/${u.id}`, { disabled: false })).status, 200);
  await form.getByRole('button', { name: 'Tạo phiếu bầu (dự thảo)' }).click();
  await notice(officer, 'Đã tạo phiếu bầu');
  const councilId = Number(/#\/ballots\/(\d+)$/.exec(officer.url())[1]);
  const council = (await admin.get(`/api/v1/ballots/${councilId}`)).body;
  assert.equal(council.cluster_id, null);
  assert.equal(council.kind, 'approve_each');
  assert.equal(council.threshold, 0.8);
  assert.equal(council.voter_kind, 'users');
  assert.equal(council.eligible, 3);
  assert.match(await officer.textContent('.ballot-meta'), /Hội đồng Thi đua – Khen thưởng, Ban Tổ chức Trung ương, năm 2026/);
  await officer.getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await officer.locator('.ballot-actions .confirm').getByRole('button', { name: 'Mở bỏ phiếu' }).click();
  await notice(officer, 'Đã mở');

  // The council member finds it waiting for a vote.
  const member = await logIn('council_member');
  await member.locator('#nav').getByRole('link', { name: 'Phiếu bầu' }).click();
  const item = member.locator('#waiting-ballots > li', { hasText: 'Hội đồng xét tặng Bằng khen năm 2026' });
  await item.getByRole('link', { name: 'Bỏ phiếu', exact: true }).click();
  // Nothing ticked is a blank ballot, cast only after a confirmation.
  await member.getByRole('button', { name: 'Gửi phiếu bầu' }).click();
  const confirm = member.locator('#vote .confirm');
  assert.match(await confirm.textContent(), /không đồng ý với ứng viên nào/);
  await confirm.getByRole('button', { name: 'Gửi phiếu trắng' }).click();
  assert.match((await member.textContent('#receipt-code')).trim(), RECEIPT);
  assert.equal(await member.textContent('#your-vote'), '✓ Bạn đã bỏ phiếu trực tuyến.');
  await officer.context().close();
  await member.context().close();
});

test('the ballot pages read in English too', async () => {
  const page = pages.delegate;
  await page.goto(`${server.url}/#/ballots/${ballotId}`);
  await page.locator('#ballot-result').waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Result', exact: true }).waitFor();
  assert.equal(await page.textContent('#passed'), `Passed: ${LAI_CHAU}; ${SON_LA}.`);
  assert.equal(await page.textContent('.ballot-meta .badge'), 'Closed');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { name: 'Kết quả bỏ phiếu' }).waitFor();

  // 401 before login; 404 and 422 answer the receipt checks above.
  const unexpected = problems.filter((p) => !p.includes('status of 401') && !p.includes('status of 404') && !p.includes('status of 422'));
  assert.deepEqual(unexpected, []);
});
