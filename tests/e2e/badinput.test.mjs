// Bad input on every endpoint: malformed or mistyped bodies, wrong media
// types, unknown or missing fields, oversized bodies, unknown ids and bad
// query parameters get the right 4xx with the error shape. Never a 5xx.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client, assertError, demoIds, rawHttp } from './helpers.mjs';

let server;
let admin;
let anon;
let ids;
let target; // ids of existing records to PATCH/PUT
const statuses = [];

before(async () => {
  server = await startServer();
  admin = await as(server, 'admin');
  anon = new Client(server.url);
  ids = await demoIds(server, admin);
  const person = (await admin.get('/api/v1/people?limit=1')).body.items[0];
  const user = await admin.post('/api/v1/users', { username: 'bad.input', password: 'mật khẩu đầu vào', roles: ['viewer'] });
  const org = await admin.post('/api/v1/orgs', { name: 'Đơn vị đầu vào xấu', kind: 'unit', parent_id: ids.btctw });
  target = { person: person.id, user: user.body.id, org: org.body.id, cluster: ids.clusters[0].id, rotation: ids.clusters[0].rotation };
});

after(async () => {
  try {
    // Nothing in this file may have made the server answer 5xx.
    assert.ok(!/status=5\d\d/.test(server.log()), server.log().split('\n').filter((l) => /status=5/.test(l)).join('\n'));
    assert.ok(statuses.every((s) => s < 500));
  } finally {
    await server.stop();
  }
});

// Every endpoint that takes a body, with a valid body for it.
function writeEndpoints() {
  const m = target.rotation;
  return [
    { name: 'POST /session', method: 'POST', path: '/api/v1/session', client: anon, valid: { username: 'nobody.here', password: 'whatever password' }, required: ['username', 'password'] },
    { name: 'POST /users', method: 'POST', path: '/api/v1/users', valid: { username: 'valid.user', password: 'mật khẩu hợp lệ', roles: ['viewer'] }, required: ['username', 'password', 'roles'] },
    { name: 'PATCH /users/{id}', method: 'PATCH', path: `/api/v1/users/${target.user}`, missing: '/api/v1/users/999999', valid: { disabled: false } },
    { name: 'POST /orgs', method: 'POST', path: '/api/v1/orgs', valid: { name: 'Đơn vị hợp lệ', kind: 'unit', parent_id: ids.btctw }, required: ['name', 'kind'] },
    { name: 'PATCH /orgs/{id}', method: 'PATCH', path: `/api/v1/orgs/${target.org}`, missing: '/api/v1/orgs/999999', valid: { province: 'Sơn La' } },
    { name: 'POST /people', method: 'POST', path: '/api/v1/people', valid: { full_name: 'Người Hợp Lệ', gender: 'male', org_id: ids.userOrg.unit_officer }, required: ['full_name', 'gender', 'org_id'] },
    { name: 'PATCH /people/{id}', method: 'PATCH', path: `/api/v1/people/${target.person}`, missing: '/api/v1/people/999999', valid: { position: 'Chuyên viên' } },
    { name: 'POST /clusters', method: 'POST', path: '/api/v1/clusters', valid: { name: 'Cụm hợp lệ', authority_id: ids.btctw }, required: ['name', 'authority_id'] },
    { name: 'PATCH /clusters/{id}', method: 'PATCH', path: `/api/v1/clusters/${target.cluster}`, missing: '/api/v1/clusters/999999', valid: { rotation: m } },
    { name: 'PUT /clusters/{id}/years/{year}', method: 'PUT', path: `/api/v1/clusters/${target.cluster}/years/2040`, missing: '/api/v1/clusters/999999/years/2040', valid: { members: m.slice(0, 3), leader_id: m[0] }, required: ['members', 'leader_id'] },
  ];
}

async function send(ep, raw, contentType = 'application/json', path = ep.path) {
  const c = ep.client || admin;
  const headers = {};
  if (contentType !== null) headers['Content-Type'] = contentType;
  const r = await c.req(ep.method, path, undefined, { raw, headers });
  statuses.push(r.status);
  return r;
}

async function sendJson(ep, body, path = ep.path) {
  const c = ep.client || admin;
  const r = await c.req(ep.method, path, body);
  statuses.push(r.status);
  return r;
}

const MALFORMED = [
  ['an unfinished object', '{"name": "x"', 'malformed_json'],
  ['a bare word', 'hello', 'malformed_json'],
  ['single quotes', "{'name': 'x'}", 'malformed_json'],
  ['a trailing comma', '{"name": "x",}', 'malformed_json'],
  ['trailing garbage', '{"name": "x"} {"name": "y"}', 'malformed_json'],
  ['a duplicate key', '{"name": "x", "name": "y"}', 'malformed_json'],
  ['a comment', '{"name": "x" /* hi */}', 'malformed_json'],
  ['NaN', '{"name": NaN}', 'malformed_json'],
  ['a NUL escape', '{"name": "a\\u0000b"}', 'malformed_json'],
  ['a lone surrogate', '{"name": "\\ud800"}', 'malformed_json'],
  ['an integer too big', '{"birth_year": 123456789012345678901234567890}', 'malformed_json'],
  ['a real too big', '{"birth_year": 1e99999}', 'malformed_json'],
  ['deep nesting', `{"name": ${'['.repeat(100000)}${']'.repeat(100000)}}`, 'malformed_json'],
  ['an array', '[]', 'not_an_object'],
  ['an array of objects', '[{"name": "x"}]', 'not_an_object'],
  ['a string', '"x"', 'not_an_object'],
  ['a number', '42', 'not_an_object'],
  ['null', 'null', 'not_an_object'],
  ['true', 'true', 'not_an_object'],
  ['an empty body', '', 'empty_body'],
];

test('malformed JSON and non-objects are 400 on every endpoint', async () => {
  for (const ep of writeEndpoints()) {
    for (const [what, raw, code] of MALFORMED) {
      const r = await send(ep, raw);
      assert.equal(r.status, 400, `${ep.name} with ${what}: ${r.text}`);
      assertError(r, 400, code);
    }
    // Invalid UTF-8 inside a string.
    const bytes = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    assertError(await send(ep, bytes), 400, 'malformed_json');
    // Overlong encoding of '/'.
    const overlong = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    assertError(await send(ep, overlong), 400, 'malformed_json');
  }
});

test('a body that is not JSON by its Content-Type is 400 unsupported_media_type', async () => {
  for (const ep of writeEndpoints()) {
    const json = JSON.stringify(ep.valid);
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
      'application/jsonp', 'application/json-patch+json', 'application/xml', 'json', '']) {
      const r = await send(ep, json, ct);
      assertError(r, 400, 'unsupported_media_type');
    }
    // Parameters and letter case do not matter.
    for (const ct of ['application/json; charset=utf-8', 'Application/JSON']) {
      const r = await send(ep, JSON.stringify({ zzz_unknown: 1 }), ct);
      assertError(r, 422, 'unknown_field');
    }
    // No Content-Type at all: the body must still parse as JSON.
    assertError(await send(ep, Buffer.from('{"zzz_unknown": 1}'), null), 422, 'unknown_field');
    assertError(await send(ep, Buffer.from('not json'), null), 400, 'malformed_json');
  }
});

test('unknown fields are 422 unknown_field on every endpoint', async () => {
  for (const ep of writeEndpoints()) {
    for (const extra of [{ zzz: 1 }, { Name: 'x' }, { '': 1 }, { 'name ': 'x' }, { password_hash: 'x' }]) {
      const r = await sendJson(ep, { ...ep.valid, ...extra });
      assertError(r, 422, 'unknown_field');
    }
  }
});

test('each required field missing or null is 422 required, naming the field', async () => {
  for (const ep of writeEndpoints().filter((e) => e.required)) {
    for (const field of ep.required) {
      const body = { ...ep.valid };
      delete body[field];
      const r = await sendJson(ep, body);
      assertError(r, 422, 'required');
      assert.equal(r.body.error.field, field, `${ep.name} without ${field}`);
    }
    const r = await sendJson(ep, {});
    assertError(r, 422, 'required');
  }
});

// Wrong-typed values per field, for every endpoint that takes them.
const NOT_STRING = [5, 1.5, true, [], {}, ['x']];
const NOT_ID = ['1', 1.5, 0, -1, true, [], {}, 2 ** 62];
const NOT_BOOL = ['true', 1, 0, [], {}, null];
const NOT_IDS = ['1,2', 5, {}, [1.5], ['1'], [0], [-2], [null], [[1]]];
const NOT_DATE = ['2024-13-01', '2024-02-30', '24-01-01', '2024/01/01', 20240101, true, [], '2024-01-01T00:00:00Z'];
const NOT_ENUM = ['zzz', '', 5, true, [], {}];
const NOT_YEAR = ['1980', 1980.5, true, [], 1899, 99999];
const NOT_SECRET = [5, true, [], {}, null, ''];

function fieldCases() {
  return {
    'POST /session': { username: NOT_SECRET, password: NOT_SECRET },
    'POST /users': { username: NOT_SECRET, password: NOT_SECRET, roles: ['admin', 5, {}, [5], ['zzz'], null], org_id: NOT_ID, disabled: NOT_BOOL },
    'PATCH /users/{id}': { password: NOT_SECRET, roles: ['admin', 5, [5], ['zzz']], org_id: NOT_ID, disabled: NOT_BOOL },
    'POST /orgs': { name: NOT_STRING, short_name: NOT_STRING, kind: NOT_ENUM, parent_id: NOT_ID, province: NOT_STRING, active_from: NOT_DATE, active_until: NOT_DATE, successor_id: NOT_ID },
    'PATCH /orgs/{id}': { name: [...NOT_STRING, null], short_name: NOT_STRING, kind: [...NOT_ENUM, null], parent_id: NOT_ID, province: NOT_STRING, active_from: NOT_DATE, active_until: NOT_DATE, successor_id: NOT_ID },
    'POST /people': { full_name: NOT_STRING, gender: NOT_ENUM, birth_year: NOT_YEAR, org_id: NOT_ID, position: NOT_STRING, party_member: NOT_BOOL },
    'PATCH /people/{id}': { full_name: [...NOT_STRING, null], gender: [...NOT_ENUM, null], birth_year: NOT_YEAR, org_id: [...NOT_ID, null], position: NOT_STRING, party_member: NOT_BOOL, party_admission_date: NOT_DATE },
    'POST /clusters': { name: NOT_STRING, authority_id: NOT_ID, rotation: NOT_IDS },
    'PATCH /clusters/{id}': { name: [...NOT_STRING, null], authority_id: [...NOT_ID, null], rotation: NOT_IDS },
    'PUT /clusters/{id}/years/{year}': { members: [...NOT_IDS, null], leader_id: [...NOT_ID, null], deputy_ids: NOT_IDS },
  };
}

test('wrong-typed or out-of-range values are 422 naming the field', async () => {
  const cases = fieldCases();
  for (const ep of writeEndpoints()) {
    for (const [field, values] of Object.entries(cases[ep.name])) {
      for (const v of values) {
        const r = await sendJson(ep, { ...ep.valid, [field]: v });
        assert.equal(r.status, 422, `${ep.name} ${field}=${JSON.stringify(v)}: ${r.status} ${r.text}`);
        assertError(r, 422);
        assert.equal(r.body.error.field, field, `${ep.name} ${field}=${JSON.stringify(v)}: ${r.text}`);
      }
    }
  }
});

test('text that is too long, or holds control characters, is 422', async () => {
  const texts = {
    'POST /orgs': ['name', 'short_name', 'province'],
    'PATCH /orgs/{id}': ['name', 'short_name', 'province'],
    'POST /people': ['full_name', 'position'],
    'PATCH /people/{id}': ['full_name', 'position'],
    'POST /clusters': ['name'],
    'PATCH /clusters/{id}': ['name'],
  };
  for (const ep of writeEndpoints().filter((e) => texts[e.name])) {
    for (const field of texts[ep.name]) {
      for (const [v, code] of [['x'.repeat(10000), 'too_long'], ['Ệ'.repeat(5000), 'too_long'],
        ['a\u0001b', 'control_character'], ['a\u007fb', 'control_character'], ['a\u2028b', 'control_character'],
        ['a\u200eb\u202e', 'control_character'], ['\ufeffBOM', 'control_character']]) {
        const r = await sendJson(ep, { ...ep.valid, [field]: v });
        assertError(r, 422, code);
        assert.equal(r.body.error.field, field);
      }
    }
  }
});

test('odd but valid Unicode text is accepted and kept', async () => {
  const names = ['Nguyễn 🌸 Hoa', 'Ka\u0301nh (tổ hợp)', '𠀀 chữ Nôm', 'Ｆｕｌｌｗｉｄｔｈ'];
  for (const n of names) {
    const r = await admin.post('/api/v1/people', { full_name: n, gender: 'female', org_id: ids.userOrg.unit_officer });
    statuses.push(r.status);
    assert.equal(r.status, 201, `${n}: ${r.text}`);
    assert.equal(r.body.full_name, n.normalize('NFC'));
    const back = await admin.get(`/api/v1/people/${r.body.id}`);
    assert.equal(back.body.full_name, n.normalize('NFC'));
  }
});

// The server answers a too-long Content-Length at once, without reading
// the body (a client still sending may then see the connection reset, so
// these requests send the headers only); a chunked body it reads to the
// end and drops.
test('a body over the default 1 MiB cap is 413 on every endpoint', async () => {
  const CAP = 1024 * 1024;
  const chunk = 'x'.repeat(64 * 1024);
  for (const ep of writeEndpoints()) {
    const head = `${ep.method} ${ep.path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`;
    const declared = await rawHttp(server, [`${head}Content-Length: ${CAP + 1}\r\n\r\n`, 'x'.repeat(CAP + 1)]);
    assert.equal(declared.status, 413, `${ep.name}: ${declared.raw}`);
    assert.equal(JSON.parse(declared.body).error.code, 'body_too_large');
    const parts = [`${head}Transfer-Encoding: chunked\r\n\r\n`];
    for (let sent = 0; sent <= CAP; sent += chunk.length) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    parts.push('0\r\n\r\n');
    const chunked = await rawHttp(server, parts);
    assert.equal(chunked.status, 413, `${ep.name} chunked: ${chunked.error?.message} ${chunked.raw.slice(0, 200)}`);
    statuses.push(declared.status, chunked.status);
  }
  // Just under the cap is read (and judged on its content).
  const ep = writeEndpoints().find((e) => e.name === 'POST /orgs');
  const under = await sendJson(ep, { ...ep.valid, pad: 'x'.repeat(CAP - 200) });
  assertError(under, 422, 'unknown_field');
  assert.equal((await admin.get('/health')).status, 200);
});

test('unknown ids are 404 on every route that takes one', async () => {
  const m = target.rotation;
  const cases = [
    ['GET', '/api/v1/users/999999'], ['PATCH', '/api/v1/users/999999', { disabled: true }],
    ['GET', '/api/v1/orgs/999999'], ['PATCH', '/api/v1/orgs/999999', { name: 'x' }], ['DELETE', '/api/v1/orgs/999999'],
    ['GET', '/api/v1/people/999999'], ['PATCH', '/api/v1/people/999999', { position: 'x' }], ['DELETE', '/api/v1/people/999999'],
    ['GET', '/api/v1/clusters/999999'], ['PATCH', '/api/v1/clusters/999999', { name: 'x' }],
    ['GET', '/api/v1/clusters/999999/years/2026'], ['PUT', '/api/v1/clusters/999999/years/2026', { members: m.slice(0, 2), leader_id: m[0] }],
    ['GET', `/api/v1/clusters/${target.cluster}/years/2099`],
    ['GET', '/api/v1/people/999999999999999999'],
  ];
  for (const [method, path, body] of cases) {
    const r = await admin.req(method, path, body);
    statuses.push(r.status);
    assertError(r, 404, 'not_found');
  }
  // The body is checked before the id: a malformed body is still 400.
  for (const ep of writeEndpoints().filter((e) => e.missing)) {
    assertError(await send(ep, '{oops', 'application/json', ep.missing), 400, 'malformed_json');
    assertError(await sendJson(ep, ep.valid, ep.missing), 404, 'not_found');
  }
});

test('bad query parameters on every list are 400 invalid_query', async () => {
  const lists = {
    '/api/v1/orgs': ['kind=ministry', 'kind=', 'parent_id=0', 'parent_id=x', 'parent_id=-1', 'parent_id=99999999999999999999'],
    '/api/v1/people': ['gender=other', 'gender=', 'party_member=yes', 'party_member=1', 'org_id=x', 'org_id=0'],
    '/api/v1/clusters': ['authority_id=x', 'authority_id=0', 'member_id=-1', 'member_id=1.5'],
    '/api/v1/users': ['role=emperor', 'role=', 'org_id=x', 'org_id=0'],
    '/api/v1/audit': [],
  };
  const paging = ['limit=0', 'limit=501', 'limit=-1', 'limit=abc', 'limit=', 'limit=1.5', 'limit=10x',
    'limit=99999999999999999999', 'offset=-1', 'offset=x', 'offset=', 'offset=1000000001'];
  const text = ['q=%FF', 'q=%C3%28', 'q=%01', `q=${'a'.repeat(201)}`];
  for (const [path, filters] of Object.entries(lists)) {
    const params = [...paging, ...filters, ...(path === '/api/v1/users' || path === '/api/v1/audit' ? [] : text)];
    for (const p of params) {
      const r = await admin.get(`${path}?${p}`);
      statuses.push(r.status);
      assertError(r, 400, 'invalid_query');
      assert.ok(r.body.error.field, `${path}?${p}: field expected`);
    }
    // Edges that are fine.
    for (const p of ['limit=1', 'limit=500', 'offset=0', 'offset=1000000000', 'unknown_param=1']) {
      const r = await admin.get(`${path}?${p}`);
      statuses.push(r.status);
      assert.equal(r.status, 200, `${path}?${p}: ${r.text}`);
    }
  }
  // Search text edge cases that are valid.
  for (const q of ['', '%20%20', 'a'.repeat(200), '%E1%BA%BE', '%00']) {
    for (const path of ['/api/v1/orgs', '/api/v1/people', '/api/v1/clusters']) {
      const r = await admin.get(`${path}?q=${q}`);
      statuses.push(r.status);
      assert.equal(r.status, 200, `${path}?q=${q}: ${r.text}`);
    }
  }
  const province = await admin.get('/api/v1/orgs?province=%FF');
  assertError(province, 400, 'invalid_query');
});

test('ids in paths must be plain positive integers', async () => {
  for (const id of ['0', '-1', '01', '1e3', '0x10', '1%20', '%201', '1.0', '1,2', '9999999999999999999']) {
    const r = await admin.get(`/api/v1/orgs/${id}`);
    statuses.push(r.status);
    assertError(r, 404, 'not_found');
  }
});

test('header abuse gets a 4xx, never a crash', async () => {
  const long = await admin.get('/api/v1/orgs', { headers: { 'X-Long': 'x'.repeat(8000) } });
  statuses.push(long.status);
  assert.ok(long.status === 200 || (long.status >= 400 && long.status < 500), String(long.status));
  const many = {};
  for (let i = 0; i < 100; i++) many[`X-H-${i}`] = 'v';
  const r = await admin.get('/api/v1/orgs?limit=1', { headers: many });
  statuses.push(r.status);
  assert.equal(r.status, 200);
  const cookieJunk = new Client(server.url);
  cookieJunk.cookie = 'a=b; thidua_session; =; ;;; thidua_session=%ZZ';
  const c = await cookieJunk.get('/api/v1/orgs');
  statuses.push(c.status);
  assert.equal(c.status, 401);
  assert.equal((await admin.get('/health')).status, 200);
});
