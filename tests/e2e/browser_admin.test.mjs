// The record-keeping pages in Debian's Chromium: the admin adds a unit and
// an account for it, mistakes are explained, an account is locked and
// unlocked; the new officer logs in, is refused the administration, and
// adds a person of its unit on the people page, which a delegate may not
// open.
// Screenshots go to build/screenshots (THIDUA_SCREENSHOTS to change).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newPage, logInPage, noticeText as notice, fitsWidth, screenshots } from './chromium.mjs';
import { startServer, session, Client } from './helpers.mjs';

const UNIT = 'Văn phòng Đảng ủy Thử nghiệm Quản trị';
const USERNAME = 'quantri.thunghiem';
const PASSWORD = 'mật khẩu quản trị 2026';

let server;
let browser;
let admin;
let page; // the admin's
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const logIn = async (username, password, viewport) => logInPage(await newPage(browser, username, problems, viewport), server.url, username, password);

const shot = screenshots('admin');

async function userNamed(username) {
  const r = await admin.get('/api/v1/users?limit=500');
  assert.equal(r.status, 200, r.text);
  return r.body.items.find((u) => u.username === username);
}

test('the admin adds a unit under an authority', async () => {
  page = await logIn(server.logins.admin.username, server.logins.admin.password);
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Quản trị' }).click();
  await page.getByRole('heading', { name: 'Tài khoản người dùng' }).waitFor();
  await page.locator('.tabs').getByRole('link', { name: 'Cơ quan, đơn vị' }).click();
  await page.getByRole('heading', { name: 'Cơ quan, đơn vị', level: 1 }).waitFor();
  const before = await page.locator('#orgs tbody tr').count();
  const form = page.locator('#new-org');
  await form.getByRole('button', { name: 'Thêm' }).click();
  assert.equal(await form.getByRole('alert').textContent(), 'Hãy ghi tên cơ quan, đơn vị.');
  await form.getByLabel('Tên cơ quan, đơn vị').fill(UNIT);
  await form.getByLabel('Loại').selectOption('unit');
  await form.getByLabel('Trực thuộc').selectOption({ label: 'Ban Tổ chức Trung ương' });
  await form.getByRole('button', { name: 'Thêm' }).click();
  assert.equal(await notice(page, 'Đã thêm'), `Đã thêm ${UNIT}.`);
  assert.equal(await page.locator('#orgs tbody tr').count(), before + 1);
  assert.match(await page.locator('#orgs tbody tr', { hasText: UNIT }).textContent(), /Đơn vị.*Ban Tổ chức Trung ương/);
  // Sorted the Vietnamese way: "Đ" after "D", before "E".
  const names = await page.locator('#orgs tbody tr td:first-child').allTextContents();
  assert.deepEqual(names, [...names].sort(new Intl.Collator('vi').compare));
  await shot(page, 'orgs');
});

test('the admin creates an account for it; mistakes are explained', async () => {
  await page.locator('.tabs').getByRole('link', { name: 'Tài khoản' }).click();
  await page.getByRole('heading', { name: 'Tài khoản người dùng' }).waitFor();
  const form = page.locator('#new-user');
  await form.getByLabel('Tên đăng nhập').fill(server.logins.viewer.username);
  await form.getByLabel('Mật khẩu').fill(PASSWORD);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  assert.equal(await form.getByRole('alert').textContent(), 'Hãy chọn ít nhất một vai trò.');
  await form.getByLabel('Cán bộ đơn vị', { exact: true }).check();
  await form.getByLabel('Cơ quan, đơn vị').selectOption({ label: UNIT });
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  assert.equal(await form.getByRole('alert').textContent(), 'Tên đăng nhập này đã có người dùng.');
  await form.getByLabel('Tên đăng nhập').fill(USERNAME);
  await form.getByLabel('Mật khẩu').fill('ngắn');
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  assert.equal(await form.getByRole('alert').textContent(), 'Mật khẩu cần ít nhất 10 ký tự.');
  await form.getByLabel('Mật khẩu').fill(PASSWORD);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  assert.equal(await notice(page, 'Đã tạo tài khoản'), `Đã tạo tài khoản ${USERNAME}.`);
  const row = page.locator('#users tbody tr', { hasText: USERNAME });
  assert.match(await row.textContent(), new RegExp(`Cán bộ đơn vị.*${UNIT}.*Đang hoạt động`));
  const made = await userNamed(USERNAME);
  assert.deepEqual(made.roles, ['unit_officer']);
  assert.equal(made.disabled, false);
  // An admin does not lock itself out.
  assert.equal(await page.getByRole('button', { name: `Khóa tài khoản ${server.logins.admin.username}` }).count(), 0);
  assert.equal(await page.getByRole('button', { name: `Khóa tài khoản ${USERNAME}` }).count(), 1);
  await shot(page, 'users');
});

test('the new officer logs in and is refused the administration', async () => {
  const officer = await logIn(USERNAME, PASSWORD, { width: 390, height: 844 });
  assert.match(await officer.textContent('#who'), new RegExp(`${USERNAME} · Cán bộ đơn vị`));
  assert.equal(await officer.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Quản trị' }).count(), 0);
  for (const hash of ['#/admin/users', '#/admin/orgs']) {
    await officer.goto(`${server.url}/${hash}`);
    assert.equal(await officer.locator('#admin-forbidden').textContent(), 'Bạn không có quyền thực hiện thao tác này.');
    assert.equal(await officer.locator('#users, #orgs, #new-user, #new-org').count(), 0);
  }
  await fitsWidth(officer);
});

test('a locked account cannot log in until it is unlocked', async () => {
  await page.getByRole('button', { name: `Khóa tài khoản ${USERNAME}` }).click();
  assert.match(await notice(page, 'Đã khóa'), new RegExp(`Đã khóa tài khoản ${USERNAME}`));
  assert.match(await page.locator('#users tbody tr', { hasText: USERNAME }).textContent(), /Đã khóa/);
  assert.equal((await userNamed(USERNAME)).disabled, true);
  assert.equal((await new Client(server.url).login(USERNAME, PASSWORD)).status, 401);
  await page.getByRole('button', { name: `Mở khóa tài khoản ${USERNAME}` }).click();
  await notice(page, `Đã mở khóa tài khoản ${USERNAME}.`);
  assert.equal((await new Client(server.url).login(USERNAME, PASSWORD)).status, 201);
});

test('the new officer adds a person of its unit and finds her without diacritics', async () => {
  const officer = await logIn(USERNAME, PASSWORD, { width: 390, height: 844 });
  await officer.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Cán bộ' }).click();
  await officer.getByRole('heading', { name: 'Cán bộ, công chức, viên chức' }).waitFor();
  const form = officer.locator('#new-person');
  assert.deepEqual(await form.locator('#np-org option').allTextContents(), [UNIT], 'a unit officer adds to its own unit only');
  await form.getByLabel('Họ và tên').fill('Đặng Thị Hồng Nhung');
  await form.getByRole('button', { name: 'Thêm cá nhân' }).click();
  assert.equal(await form.getByRole('alert').textContent(), 'Hãy chọn giới tính.');
  await form.getByLabel('Giới tính').selectOption('female');
  await form.getByLabel('Năm sinh').fill('1988');
  await form.getByLabel('Chức vụ').fill('Chuyên viên');
  await form.getByLabel('Đảng viên').check();
  await form.getByRole('button', { name: 'Thêm cá nhân' }).click();
  assert.equal(await notice(officer, 'Đã thêm'), 'Đã thêm Đặng Thị Hồng Nhung.');
  await officer.getByLabel('Tìm theo họ tên (gõ không dấu cũng được)').fill('dang thi hong');
  await officer.getByLabel('Tìm theo họ tên (gõ không dấu cũng được)').press('Enter');
  await officer.waitForURL(/#\/people\?q=dang%20thi%20hong$/);
  const rows = officer.locator('#people tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), new RegExp(`Đặng Thị Hồng Nhung.*Nữ.*1988.*Chuyên viên.*${UNIT}`));
  await fitsWidth(officer);
  await shot(officer, 'people-phone');
  await rows.first().getByRole('link', { name: 'Đặng Thị Hồng Nhung' }).click();
  await officer.getByRole('heading', { name: 'Khen thưởng của Đặng Thị Hồng Nhung' }).waitFor();

  const delegate = await logIn(server.logins.delegate.username, server.logins.delegate.password);
  assert.equal(await delegate.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Cán bộ' }).count(), 0);
  await delegate.goto(`${server.url}/#/people`);
  assert.equal(await delegate.locator('#people-forbidden').textContent(), 'Bạn không có quyền thực hiện thao tác này.');
  assert.equal(await delegate.locator('#people, #new-person').count(), 0);
});

test('the pages read in English and fit a phone', async () => {
  await page.locator('#lang').click();
  await page.getByRole('heading', { name: 'User accounts' }).waitFor();
  assert.match(await page.textContent('#users thead'), /Username.*Roles.*Organization.*Status/);
  await page.setViewportSize({ width: 375, height: 800 });
  await fitsWidth(page);
  await shot(page, 'users-phone-en');
  await page.locator('#lang').click();
  await page.getByRole('heading', { name: 'Tài khoản người dùng' }).waitFor();
  const unexpected = problems.filter((p) => !/status of (401|403|409|422)/.test(p));
  assert.deepEqual(unexpected, []);
});
