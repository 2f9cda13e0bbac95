// The PDF documents from the web UI in Debian's Chromium: the cluster
// year page offers the conference minutes once its results are
// published, a proposal's page its proposal, and a person's award history
// the certificate of an award a decision conferred. Each link downloads a
// PDF under its Vietnamese file name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, downloadOf } from './chromium.mjs';
import { startServer, session, demoIds } from './helpers.mjs';

let server;
let browser;
let page;
let admin;
let ids;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
  const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(server.logins.admin.username);
  await page.getByLabel('Mật khẩu').fill(server.logins.admin.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  problems.length = 0; // the page asks for the session before the login: 401 is expected there
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Click the link and check what it downloads.
async function downloads(link, filename) {
  const file = await downloadOf(page, link);
  assert.equal(file.filename, filename);
  assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
}

test('the published year offers its minutes; a year still scoring does not', async () => {
  const c1 = ids.clusters[0];
  await page.goto(`${server.url}/#/clusters/${c1.id}/years/2025`);
  const link = page.locator('#minutes-pdf');
  await link.waitFor();
  assert.equal(await link.textContent(), 'Tải biên bản hội nghị (PDF)');
  await downloads(link, `Biên bản hội nghị cụm ${c1.id} năm 2025.pdf`);
  await page.goto(`${server.url}/#/clusters/${c1.id}/years/2026`);
  await page.locator('.stepper').waitFor();
  assert.equal(await page.locator('#minutes-pdf').count(), 0);
});

test('a proposal page offers its proposal as PDF', async () => {
  const p = (await admin.get('/api/v1/proposals?limit=1')).body.items[0];
  await page.goto(`${server.url}/#/proposals/${p.id}`);
  const link = page.locator('#proposal-pdf');
  await link.waitFor();
  await downloads(link, `Tờ trình đề nghị khen thưởng số ${p.id}.pdf`);
});

test('an award history offers the certificate of an award a decision conferred', async () => {
  const person = await admin.post('/api/v1/people', { full_name: 'Lê Thị Bằng Khen', gender: 'female', org_id: ids.userOrg.unit_officer });
  assert.equal(person.status, 201, person.text);
  const p = await admin.post('/api/v1/proposals', { award_type: 'LDTT', nominee_person_id: person.body.id, year: 2026, grounds: 'Hoàn thành tốt nhiệm vụ' });
  assert.equal(p.status, 201, p.text);
  assert.equal((await admin.post(`/api/v1/proposals/${p.body.id}/submit`, {})).status, 200);
  assert.equal((await admin.post(`/api/v1/proposals/${p.body.id}/review`, { outcome: 'approved' })).status, 200);
  const d = await admin.post('/api/v1/decisions', { authority_id: ids.btctw, number: '77/QĐ-BTCTW', date: '2026-11-05', signer: 'Nguyễn Văn Thành', proposal_ids: [p.body.id] });
  assert.equal(d.status, 201, d.text);
  const award = (await admin.get(`/api/v1/awards?decision_id=${d.body.id}`)).body.items[0];
  await page.goto(`${server.url}/#/people/${person.body.id}/awards`);
  const link = page.locator('.certificate-pdf');
  await link.waitFor();
  assert.equal(await link.count(), 1);
  await downloads(link, `Khen thưởng số ${award.id}.pdf`);
  assert.deepEqual(problems, []);
});
