/*
** The SQLite store (store/store.h) on a real database in a temporary
** directory, one fresh database per test: migrations, CRUD, search and
** Vietnamese ordering, people scopes, org ancestry and lineage, constraint
** errors, the audit chain and its tamper detection, login throttling
** counters and session expiry.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit_db.h"

#include "domain/authz.h"
#include "store/db.h"
#include "store/store.h"

struct fixture {
	struct unit_db db;
	struct db_conn *c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f || unit_db_create(&f->db, &f->c) != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->c);
	unit_db_remove(&f->db);
	free(f);
	return 0;
}

static struct db_conn *conn(void **state)
{
	return ((struct fixture *)*state)->c;
}

static int64_t add_org(struct db_conn *c, const char *name, enum org_kind kind,
		       int64_t parent)
{
	struct org o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "%s", name);
	o.kind = kind;
	o.parent_id = parent;
	OK(store_org_insert(c, &o, E));
	assert_true(o.id > 0);
	return o.id;
}

static int64_t add_person(struct db_conn *c, const char *name, int64_t org)
{
	struct person p;
	memset(&p, 0, sizeof p);
	snprintf(p.full_name, sizeof p.full_name, "%s", name);
	p.org_id = org;
	OK(store_person_insert(c, &p, E));
	assert_true(p.id > 0);
	return p.id;
}

static int64_t add_user(struct db_conn *c, const char *name, unsigned roles, int64_t org)
{
	struct user u;
	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "%s", name);
	u.roles = roles;
	u.org_id = org;
	OK(store_user_insert(c, &u, "$argon2id$not-a-real-hash", E));
	assert_true(u.id > 0);
	return u.id;
}

/* ---- schema ---- */

static void test_migrate_and_check(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	err_clear(&e);
	int version = -1, applied = -1;
	assert_true(store_latest_version() >= 1);
	OK(store_schema_version(c, &version, E));
	assert_int_equal(version, store_latest_version());
	OK(store_check_schema(c, E));
	OK(store_ping(c, E));
	/* Migrating again applies nothing. */
	OK(store_migrate(c, &applied, E));
	assert_int_equal(applied, 0);

	/* A database behind this binary is refused until migrated. */
	assert_int_equal(db_exec_script(c, "DELETE FROM schema_migrations WHERE version = "
					   "(SELECT MAX(version) FROM schema_migrations)"),
			 DB_OK);
	assert_int_equal(store_check_schema(c, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_string_equal(e.code, "schema_outdated");

	/* One ahead of it is refused, and not migrated backwards. */
	assert_int_equal(db_exec_script(c, "INSERT INTO schema_migrations (version, name,"
					   " applied_at) VALUES (9999, 'future', 'x')"),
			 DB_OK);
	err_clear(&e);
	assert_int_equal(store_check_schema(c, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_string_equal(e.code, "schema_too_new");
	err_clear(&e);
	assert_int_equal(store_migrate(c, &applied, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_string_equal(e.code, "schema_too_new");
}

static void test_open_bad_urls(void **state)
{
	(void)state;
	struct db_conn *c = NULL;
	char err[256] = "";
	assert_int_not_equal(db_open("postgresql://127.0.0.1:1/x?connect_timeout=2", &c, err, sizeof err), DB_OK);
	assert_true(err[0] != 0);
	err[0] = 0;
	assert_int_not_equal(db_open("mysql://x", &c, err, sizeof err), DB_OK);
	assert_true(err[0] != 0);
	err[0] = 0;
	assert_int_not_equal(db_open("sqlite:", &c, err, sizeof err), DB_OK);
	assert_true(err[0] != 0);
	err[0] = 0;
	assert_int_not_equal(db_open("sqlite:/tmp/x.db?synchronous=maybe", &c, err, sizeof err),
			     DB_OK);
	assert_true(err[0] != 0);
	err[0] = 0;
	assert_int_not_equal(db_open("sqlite:/nonexistent-dir/sub/x.db", &c, err, sizeof err),
			     DB_OK);
	assert_true(err[0] != 0);
}

/* ---- orgs ---- */

static void test_org_crud(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	struct org o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "Tỉnh ủy Thái Nguyên");
	snprintf(o.short_name, sizeof o.short_name, "TU TN");
	o.kind = ORG_AUTHORITY;
	snprintf(o.province, sizeof o.province, "Thái Nguyên");
	snprintf(o.active_from, sizeof o.active_from, "1997-01-01");
	OK(store_org_insert(c, &o, E));
	int64_t root = o.id;

	int64_t unit = add_org(c, "Ban Dân vận", ORG_UNIT, root);
	struct org got;
	OK(store_org_get(c, root, &got, E));
	assert_string_equal(got.name, "Tỉnh ủy Thái Nguyên");
	assert_string_equal(got.short_name, "TU TN");
	assert_int_equal(got.kind, ORG_AUTHORITY);
	assert_int_equal(got.parent_id, 0);
	assert_string_equal(got.province, "Thái Nguyên");
	assert_string_equal(got.active_from, "1997-01-01");
	assert_string_equal(got.active_until, "");
	assert_int_equal(got.successor_id, 0);
	OK(store_org_get(c, unit, &got, E));
	assert_int_equal(got.parent_id, root);
	assert_int_equal(got.kind, ORG_UNIT);
	OK(store_org_exists(c, unit, E));

	/* Update every field, then read it back. */
	int64_t succ = add_org(c, "Tỉnh ủy Thái Nguyên (mới)", ORG_AUTHORITY, 0);
	OK(store_org_get(c, root, &got, E));
	snprintf(got.name, sizeof got.name, "Tỉnh ủy Thái Nguyên (cũ)");
	got.short_name[0] = 0;
	snprintf(got.active_until, sizeof got.active_until, "2025-06-30");
	got.successor_id = succ;
	OK(store_org_update(c, &got, E));
	struct org again;
	OK(store_org_get(c, root, &again, E));
	assert_string_equal(again.name, "Tỉnh ủy Thái Nguyên (cũ)");
	assert_string_equal(again.short_name, "");
	assert_string_equal(again.active_until, "2025-06-30");
	assert_int_equal(again.successor_id, succ);

	/* An org still referenced cannot be deleted. */
	err_clear(&e);
	assert_int_equal(store_org_delete(c, root, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_string_equal(e.code, "in_use");
	OK(store_org_get(c, root, &got, E));
	/* A leaf can. */
	OK(store_org_delete(c, unit, E));
	err_clear(&e);
	assert_int_equal(store_org_get(c, unit, &got, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(store_org_exists(c, 424242, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
}

static void test_org_constraints(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	struct org o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "Mồ côi");
	o.kind = ORG_UNIT;
	o.parent_id = 999; /* no such org */
	err_clear(&e);
	assert_int_equal(store_org_insert(c, &o, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	o.parent_id = 0;
	o.successor_id = 998;
	err_clear(&e);
	assert_int_equal(store_org_insert(c, &o, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	/* Nothing was written by the failed attempts. */
	struct org *items = NULL;
	size_t n = 0;
	int64_t total = -1;
	struct org_filter f = {.kind = -1};
	OK(store_org_list(c, &f, &items, &n, &total, E));
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	free(items);
}

static void names_of_orgs(const struct org *items, size_t n, char *out, size_t outlen)
{
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(out);
		snprintf(out + used, outlen - used, "%s%s", i ? "|" : "", items[i].name);
	}
}

static void test_org_list_order_and_search(void **state)
{
	struct db_conn *c = conn(state);
	/* Inserted out of order on purpose. */
	static const char *const names[] = {"Em", "Đông Anh", "Dương Kinh", "Ân Thi",
					    "Bắc Ninh", "An Lão", "Ủy ban 100% vốn", "Ô Môn"};
	int64_t auth = add_org(c, "Bộ Nội vụ", ORG_AUTHORITY, 0);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		add_org(c, names[i], ORG_UNIT, auth);

	struct org *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	char got[1024];
	struct org_filter f = {.kind = ORG_UNIT};
	OK(store_org_list(c, &f, &items, &n, &total, E));
	assert_int_equal(total, 8);
	names_of_orgs(items, n, got, sizeof got);
	assert_string_equal(got, "An Lão|Ân Thi|Bắc Ninh|Dương Kinh|Đông Anh|Em|Ô Môn|"
				 "Ủy ban 100% vốn");
	free(items);

	/* Paging keeps the order and the total. */
	f.page.limit = 3;
	f.page.offset = 2;
	OK(store_org_list(c, &f, &items, &n, &total, E));
	assert_int_equal(total, 8);
	names_of_orgs(items, n, got, sizeof got);
	assert_string_equal(got, "Bắc Ninh|Dương Kinh|Đông Anh");
	free(items);

	/* Search ignores case and diacritics, and đ folds to d. */
	struct org_filter q = {.q = "DONG", .kind = -1};
	OK(store_org_list(c, &q, &items, &n, &total, E));
	names_of_orgs(items, n, got, sizeof got);
	assert_string_equal(got, "Đông Anh");
	assert_int_equal(total, 1);
	free(items);
	q.q = "an";
	OK(store_org_list(c, &q, &items, &n, &total, E));
	names_of_orgs(items, n, got, sizeof got);
	assert_string_equal(got, "An Lão|Ân Thi|Đông Anh|Ủy ban 100% vốn");
	free(items);
	/* LIKE wildcards in the query are literal characters. */
	q.q = "%";
	OK(store_org_list(c, &q, &items, &n, &total, E));
	names_of_orgs(items, n, got, sizeof got);
	assert_string_equal(got, "Ủy ban 100% vốn");
	free(items);
	q.q = "_";
	OK(store_org_list(c, &q, &items, &n, &total, E));
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	free(items);

	/* Filters: kind, parent. */
	struct org_filter k = {.kind = ORG_AUTHORITY};
	OK(store_org_list(c, &k, &items, &n, &total, E));
	names_of_orgs(items, n, got, sizeof got);
	assert_string_equal(got, "Bộ Nội vụ");
	free(items);
	struct org_filter p = {.kind = -1, .parent_id = auth};
	OK(store_org_list(c, &p, &items, &n, &total, E));
	assert_int_equal(total, 8);
	free(items);
}

/*
** The tree used by the ancestry and scope tests:
**   1 ministry ─ 2 province ─┬─ 3 unit ─ 5 sub-unit
**                            └─ 4 unit
**   6 other root ─ 7 unit
*/
struct tree {
	int64_t id[8];
};

static struct tree make_tree(struct db_conn *c)
{
	struct tree t = {{0}};
	t.id[1] = add_org(c, "Ban Tổ chức Trung ương", ORG_AUTHORITY, 0);
	t.id[2] = add_org(c, "Tỉnh ủy Bắc Giang", ORG_AUTHORITY, t.id[1]);
	t.id[3] = add_org(c, "Huyện ủy Yên Thế", ORG_UNIT, t.id[2]);
	t.id[4] = add_org(c, "Huyện ủy Lục Nam", ORG_UNIT, t.id[2]);
	t.id[5] = add_org(c, "Đảng ủy xã Bố Hạ", ORG_UNIT, t.id[3]);
	t.id[6] = add_org(c, "Tỉnh ủy Cà Mau", ORG_AUTHORITY, 0);
	t.id[7] = add_org(c, "Huyện ủy Năm Căn", ORG_UNIT, t.id[6]);
	return t;
}

static void test_org_chain_and_cycles(void **state)
{
	struct db_conn *c = conn(state);
	struct tree t = make_tree(c);
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	OK(store_org_chain(c, t.id[5], chain, &n, E));
	assert_int_equal(n, 4);
	assert_int_equal(chain[0], t.id[5]);
	assert_int_equal(chain[1], t.id[3]);
	assert_int_equal(chain[2], t.id[2]);
	assert_int_equal(chain[3], t.id[1]);
	OK(store_org_chain(c, t.id[1], chain, &n, E));
	assert_int_equal(n, 1);
	OK(store_org_chain(c, 0, chain, &n, E));
	assert_int_equal(n, 0);

	int cycle = -1;
	/* 2 under 5 would loop: 5's ancestors include 2. */
	OK(store_org_would_cycle(c, t.id[2], t.id[5], &cycle, E));
	assert_int_equal(cycle, 1);
	OK(store_org_would_cycle(c, t.id[3], t.id[3], &cycle, E));
	assert_int_equal(cycle, 1);
	OK(store_org_would_cycle(c, t.id[5], t.id[4], &cycle, E));
	assert_int_equal(cycle, 0);
	OK(store_org_would_cycle(c, t.id[2], t.id[7], &cycle, E));
	assert_int_equal(cycle, 0);
	OK(store_org_would_cycle(c, t.id[1], t.id[6], &cycle, E));
	assert_int_equal(cycle, 0);

	/* A hierarchy deeper than ORG_CHAIN_MAX is refused like a loop. */
	int64_t parent = t.id[7];
	for (int i = 0; i < ORG_CHAIN_MAX; i++) {
		char name[32];
		snprintf(name, sizeof name, "Cấp %d", i);
		parent = add_org(c, name, ORG_UNIT, parent);
	}
	int64_t fresh = add_org(c, "Mới", ORG_UNIT, 0);
	OK(store_org_would_cycle(c, fresh, parent, &cycle, E));
	assert_int_equal(cycle, 1);
	OK(store_org_chain(c, parent, chain, &n, E));
	assert_int_equal(n, ORG_CHAIN_MAX);
}

static void test_org_predecessors(void **state)
{
	struct db_conn *c = conn(state);
	/* Two provinces merged into one, one of which had absorbed a third. */
	int64_t merged = add_org(c, "Tỉnh Tuyên Quang (mới)", ORG_AUTHORITY, 0);
	int64_t a = add_org(c, "Tỉnh Tuyên Quang", ORG_AUTHORITY, 0);
	int64_t b = add_org(c, "Tỉnh Hà Giang", ORG_AUTHORITY, 0);
	int64_t older = add_org(c, "Tỉnh Hà Tuyên", ORG_AUTHORITY, 0);
	int64_t unrelated = add_org(c, "Tỉnh Lào Cai", ORG_AUTHORITY, 0);
	struct org o;
	OK(store_org_get(c, a, &o, E));
	o.successor_id = merged;
	OK(store_org_update(c, &o, E));
	OK(store_org_get(c, b, &o, E));
	o.successor_id = merged;
	OK(store_org_update(c, &o, E));
	OK(store_org_get(c, older, &o, E));
	o.successor_id = a;
	OK(store_org_update(c, &o, E));

	int64_t *ids = NULL;
	size_t n = 0;
	OK(store_org_predecessors(c, merged, &ids, &n, E));
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], a); /* ordered by id */
	assert_int_equal(ids[1], b);
	assert_int_equal(ids[2], older);
	free(ids);
	OK(store_org_predecessors(c, a, &ids, &n, E));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], older);
	free(ids);
	OK(store_org_predecessors(c, unrelated, &ids, &n, E));
	assert_int_equal(n, 0);
	free(ids);
	OK(store_org_predecessors(c, older, &ids, &n, E));
	assert_int_equal(n, 0);
	free(ids);
}

/* ---- people ---- */

static void test_person_crud(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	int64_t org = add_org(c, "Sở Nội vụ", ORG_UNIT, 0);
	struct person p;
	memset(&p, 0, sizeof p);
	snprintf(p.full_name, sizeof p.full_name, "Lê Thị Thu Hà");
	p.gender = GENDER_FEMALE;
	p.birth_year = 1980;
	p.org_id = org;
	snprintf(p.position, sizeof p.position, "Giám đốc");
	p.party_member = 1;
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2005-03-26");
	OK(store_person_insert(c, &p, E));
	struct person got;
	OK(store_person_get(c, p.id, &got, E));
	assert_string_equal(got.full_name, "Lê Thị Thu Hà");
	assert_int_equal(got.gender, GENDER_FEMALE);
	assert_int_equal(got.birth_year, 1980);
	assert_int_equal(got.org_id, org);
	assert_string_equal(got.position, "Giám đốc");
	assert_int_equal(got.party_member, 1);
	assert_string_equal(got.party_admission_date, "2005-03-26");

	got.birth_year = 0;
	got.position[0] = 0;
	got.party_member = 0;
	got.party_admission_date[0] = 0;
	snprintf(got.full_name, sizeof got.full_name, "Lê Thu Hà");
	OK(store_person_update(c, &got, E));
	struct person again;
	OK(store_person_get(c, p.id, &again, E));
	assert_string_equal(again.full_name, "Lê Thu Hà");
	assert_int_equal(again.birth_year, 0);
	assert_string_equal(again.position, "");
	assert_int_equal(again.party_member, 0);
	assert_string_equal(again.party_admission_date, "");

	/* The org of a person must exist. */
	got.org_id = 31337;
	err_clear(&e);
	assert_int_equal(store_person_update(c, &got, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	struct person orphan = p;
	orphan.org_id = 31337;
	err_clear(&e);
	assert_int_equal(store_person_insert(c, &orphan, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);

	/* An org with people cannot be deleted. */
	err_clear(&e);
	assert_int_equal(store_org_delete(c, org, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);

	OK(store_person_delete(c, p.id, E));
	err_clear(&e);
	assert_int_equal(store_person_get(c, p.id, &got, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
	OK(store_org_delete(c, org, E));
}

static void names_of_people(const struct person *items, size_t n, char *out, size_t outlen)
{
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(out);
		snprintf(out + used, outlen - used, "%s%s", i ? "|" : "", items[i].full_name);
	}
}

static void list_people(struct db_conn *c, struct person_filter *f, char *out, size_t n,
			int64_t *total)
{
	struct person *items = NULL;
	size_t count = 0;
	OK(store_person_list(c, f, &items, &count, total, E));
	names_of_people(items, count, out, n);
	free(items);
}

static void test_person_search_and_order(void **state)
{
	struct db_conn *c = conn(state);
	int64_t org = add_org(c, "Văn phòng", ORG_UNIT, 0);
	static const char *const names[] = {"Trần Văn Đức", "Nguyễn Văn An", "Đặng Thị Em",
					    "Dương Văn Dũng", "Nguyễn Văn Bình", "Nguyễn Vân",
					    "Ngô Văn Ánh", "nguyễn văn an"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		add_person(c, names[i], org);
	/* One written in NFD, as some keyboards and imports produce it. */
	add_person(c, "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Cu\xcc\x9bo\xcc\x9b\xcc\x80ng", org);

	char got[1024];
	int64_t total = 0;
	struct person_filter f = {.q = "nguyen van", .gender = -1, .party_member = -1,
				  .scope_kind = SCOPE_ALL};
	list_people(c, &f, got, sizeof got, &total);
	assert_int_equal(total, 5);
	assert_string_equal(got, "nguyễn văn an|Nguyễn Văn An|Nguyễn Văn Bình|"
				 "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Cu\xcc\x9bo\xcc\x9b\xcc\x80ng|"
				 "Nguyễn Vân");

	f.q = "NGUYỄN VĂN AN";
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "nguyễn văn an|Nguyễn Văn An");
	f.q = "cuong";
	list_people(c, &f, got, sizeof got, &total);
	assert_int_equal(total, 1);
	f.q = "dang";
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Đặng Thị Em");
	f.q = "đức";
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Trần Văn Đức");
	f.q = "xyz";
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "");
	assert_int_equal(total, 0);

	/* Everyone, in Vietnamese order: D before Đ, Ng… after N…, tones last. */
	f.q = NULL;
	list_people(c, &f, got, sizeof got, &total);
	assert_int_equal(total, 9);
	assert_string_equal(got, "Dương Văn Dũng|Đặng Thị Em|Ngô Văn Ánh|"
				 "nguyễn văn an|Nguyễn Văn An|Nguyễn Văn Bình|"
				 "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Cu\xcc\x9bo\xcc\x9b\xcc\x80ng|"
				 "Nguyễn Vân|Trần Văn Đức");
}

static void test_person_scope(void **state)
{
	struct db_conn *c = conn(state);
	struct tree t = make_tree(c);
	for (int i = 1; i <= 7; i++) {
		char name[32];
		snprintf(name, sizeof name, "Người %d", i);
		add_person(c, name, t.id[i]);
	}
	char got[512];
	int64_t total = 0;
	struct person_filter f = {.gender = -1, .party_member = -1};

	f.scope_kind = SCOPE_ALL;
	list_people(c, &f, got, sizeof got, &total);
	assert_int_equal(total, 7);

	f.scope_kind = SCOPE_EXACT;
	f.scope_org_id = t.id[3];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Người 3");
	assert_int_equal(total, 1);

	f.scope_kind = SCOPE_SUBTREE;
	f.scope_org_id = t.id[2];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Người 2|Người 3|Người 4|Người 5");
	assert_int_equal(total, 4);

	f.scope_org_id = t.id[3];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Người 3|Người 5");

	f.scope_org_id = t.id[6];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Người 6|Người 7");

	f.scope_kind = SCOPE_NONE;
	f.scope_org_id = 0;
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "");
	assert_int_equal(total, 0);

	/* A filter cannot widen the scope: org 7 is outside subtree 2. */
	f.scope_kind = SCOPE_SUBTREE;
	f.scope_org_id = t.id[2];
	f.org_id = t.id[7];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "");
	f.org_id = t.id[5];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Người 5");
	f.scope_kind = SCOPE_EXACT;
	f.scope_org_id = t.id[3];
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, ""); /* exact 3 does not reach its child 5 */
}

static void test_person_filters(void **state)
{
	struct db_conn *c = conn(state);
	int64_t org = add_org(c, "Xã Tân Trào", ORG_UNIT, 0);
	struct person p;
	memset(&p, 0, sizeof p);
	snprintf(p.full_name, sizeof p.full_name, "Hoàng Thị Lan");
	p.gender = GENDER_FEMALE;
	p.org_id = org;
	p.party_member = 1;
	OK(store_person_insert(c, &p, E));
	add_person(c, "Hoàng Văn Minh", org);
	char got[256];
	int64_t total = 0;
	struct person_filter f = {.gender = GENDER_FEMALE, .party_member = -1,
				  .scope_kind = SCOPE_ALL};
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Hoàng Thị Lan");
	f.gender = -1;
	f.party_member = 0;
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Hoàng Văn Minh");
	f.party_member = 1;
	list_people(c, &f, got, sizeof got, &total);
	assert_string_equal(got, "Hoàng Thị Lan");
}

/* ---- users, sessions, tokens, throttling ---- */

static void test_users(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	int64_t org = add_org(c, "Huyện ủy Đông Triều", ORG_UNIT, 0);
	int64_t admin = add_user(c, "quan.tri", ROLE_ADMIN | ROLE_VIEWER, 0);
	int64_t officer = add_user(c, "can.bo", ROLE_UNIT_OFFICER, org);

	struct user u;
	char hash[AUTH_PWHASH_CHARS];
	OK(store_user_get(c, admin, &u, E));
	assert_string_equal(u.username, "quan.tri");
	assert_int_equal(u.roles, ROLE_ADMIN | ROLE_VIEWER);
	assert_int_equal(u.org_id, 0);
	assert_int_equal(u.disabled, 0);
	OK(store_user_by_name(c, "can.bo", &u, hash, E));
	assert_int_equal(u.id, officer);
	assert_int_equal(u.roles, ROLE_UNIT_OFFICER);
	assert_int_equal(u.org_id, org);
	assert_string_equal(hash, "$argon2id$not-a-real-hash");
	err_clear(&e);
	assert_int_equal(store_user_by_name(c, "khong.co", &u, hash, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);

	/* Usernames are unique. */
	struct user dup;
	memset(&dup, 0, sizeof dup);
	snprintf(dup.username, sizeof dup.username, "can.bo");
	dup.roles = ROLE_VIEWER;
	err_clear(&e);
	assert_int_equal(store_user_insert(c, &dup, "$argon2id$x", &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_string_equal(e.code, "username_taken");

	/* The org of a user must exist. */
	memset(&dup, 0, sizeof dup);
	snprintf(dup.username, sizeof dup.username, "mo.coi");
	dup.roles = ROLE_UNIT_OFFICER;
	dup.org_id = 777;
	err_clear(&e);
	assert_int_equal(store_user_insert(c, &dup, "$argon2id$x", &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);

	/* Update replaces the role set. */
	OK(store_user_get(c, officer, &u, E));
	u.roles = ROLE_LEADER_OFFICER | ROLE_DELEGATE;
	u.disabled = 1;
	OK(store_user_update(c, &u, E));
	OK(store_user_get(c, officer, &u, E));
	assert_int_equal(u.roles, ROLE_LEADER_OFFICER | ROLE_DELEGATE);
	assert_int_equal(u.disabled, 1);
	OK(store_user_set_password(c, officer, "$argon2id$new", E));
	OK(store_user_by_name(c, "can.bo", &u, hash, E));
	assert_string_equal(hash, "$argon2id$new");

	/* Lists, with the role and org filters. */
	struct user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct user_filter f = {0};
	OK(store_user_list(c, &f, &items, &n, &total, E));
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].username, "can.bo"); /* by username */
	assert_int_equal(items[0].roles, ROLE_LEADER_OFFICER | ROLE_DELEGATE);
	assert_string_equal(items[1].username, "quan.tri");
	free(items);
	f.role = ROLE_ADMIN;
	OK(store_user_list(c, &f, &items, &n, &total, E));
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, admin);
	free(items);
	f.role = 0;
	f.org_id = org;
	OK(store_user_list(c, &f, &items, &n, &total, E));
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, officer);
	free(items);
}

static void test_sessions(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	int64_t uid = add_user(c, "phien.lam.viec", ROLE_VIEWER, 0);
	unsigned char h[AUTH_HASH_BYTES], other[AUTH_HASH_BYTES];
	auth_token_hash("s_token-one", h);
	auth_token_hash("s_token-two", other);
	OK(store_session_insert(c, h, uid, 1000, 2000, E));

	int64_t user = 0, last_seen = 0;
	OK(store_session_user(c, h, 1999, &user, &last_seen, E));
	assert_int_equal(user, uid);
	assert_int_equal(last_seen, 1000);
	/* Expired at expires_at exactly. */
	err_clear(&e);
	assert_int_equal(store_session_user(c, h, 2000, &user, &last_seen, &e), -1);
	assert_int_equal(e.kind, ERR_UNAUTHORIZED);
	err_clear(&e);
	assert_int_equal(store_session_user(c, other, 1500, &user, &last_seen, &e), -1);
	assert_int_equal(e.kind, ERR_UNAUTHORIZED);

	/* Sliding the expiry never passes created_at + max. */
	OK(store_session_touch(c, h, 1500, 9000, 3000, E));
	OK(store_session_user(c, h, 3999, &user, &last_seen, E));
	assert_int_equal(last_seen, 1500);
	err_clear(&e);
	assert_int_equal(store_session_user(c, h, 4000, &user, &last_seen, &e), -1);
	assert_int_equal(e.kind, ERR_UNAUTHORIZED);
	OK(store_session_touch(c, h, 1600, 2500, 3000, E));
	OK(store_session_user(c, h, 2499, &user, &last_seen, E));
	err_clear(&e);
	assert_int_equal(store_session_user(c, h, 2500, &user, &last_seen, &e), -1);

	/* A disabled user's session stops working. */
	OK(store_session_touch(c, h, 1600, 3500, 3000, E));
	struct user u;
	OK(store_user_get(c, uid, &u, E));
	u.disabled = 1;
	OK(store_user_update(c, &u, E));
	err_clear(&e);
	assert_int_equal(store_session_user(c, h, 1700, &user, &last_seen, &e), -1);
	assert_int_equal(e.kind, ERR_UNAUTHORIZED);
	u.disabled = 0;
	OK(store_user_update(c, &u, E));
	OK(store_session_user(c, h, 1700, &user, &last_seen, E));

	/* Logging out, and logging out everywhere. */
	OK(store_session_delete(c, h, E));
	err_clear(&e);
	assert_int_equal(store_session_user(c, h, 1700, &user, &last_seen, &e), -1);
	OK(store_session_insert(c, h, uid, 1000, 2000, E));
	OK(store_session_insert(c, other, uid, 1000, 2000, E));
	/* The same token hash cannot be inserted twice. */
	err_clear(&e);
	assert_int_equal(store_session_insert(c, h, uid, 1000, 2000, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	OK(store_sessions_delete_user(c, uid, E));
	assert_int_equal(store_session_user(c, h, 1100, &user, &last_seen, &e), -1);
	assert_int_equal(store_session_user(c, other, 1100, &user, &last_seen, &e), -1);
}

static void test_api_tokens(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	int64_t uid = add_user(c, "robot", ROLE_ADMIN, 0);
	unsigned char h[AUTH_HASH_BYTES], other[AUTH_HASH_BYTES];
	auth_token_hash("thd_robot", h);
	auth_token_hash("thd_nobody", other);
	OK(store_token_insert(c, h, uid, E));
	int64_t user = 0;
	OK(store_token_user(c, h, &user, E));
	assert_int_equal(user, uid);
	err_clear(&e);
	assert_int_equal(store_token_user(c, other, &user, &e), -1);
	assert_int_equal(e.kind, ERR_UNAUTHORIZED);
	assert_string_equal(e.code, "invalid_token");
	assert_int_equal(db_exec_script(c, "UPDATE api_tokens SET revoked = 1"), DB_OK);
	err_clear(&e);
	assert_int_equal(store_token_user(c, h, &user, &e), -1);
	assert_int_equal(e.kind, ERR_UNAUTHORIZED);
}

static void test_auth_sweep(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	int64_t uid = add_user(c, "quet.don", ROLE_VIEWER, 0);
	unsigned char old[AUTH_HASH_BYTES], live[AUTH_HASH_BYTES];
	auth_token_hash("s_old", old);
	auth_token_hash("s_live", live);
	OK(store_session_insert(c, old, uid, 1000, 2000, E));
	OK(store_session_insert(c, live, uid, 1000, 9000, E));
	OK(store_login_failed(c, "ip:stale", 1000, 900, E));
	OK(store_login_failed(c, "ip:fresh", 4500, 900, E));

	OK(store_auth_sweep(c, 5000, 900, E));
	int64_t user = 0, seen = 0;
	OK(store_session_user(c, live, 5000, &user, &seen, E));
	/* Gone, not merely expired: even a clock turned back finds nothing. */
	err_clear(&e);
	assert_int_equal(store_session_user(c, old, 1500, &user, &seen, &e), -1);
	int failures = 0;
	int64_t start = 0;
	OK(store_login_failures(c, "ip:stale", &failures, &start, E));
	assert_int_equal(failures, 0);
	OK(store_login_failures(c, "ip:fresh", &failures, &start, E));
	assert_int_equal(failures, 1);
}

static void test_login_failures(void **state)
{
	struct db_conn *c = conn(state);
	const char *key = "user:can.bo";
	int failures = -1;
	int64_t start = -1;
	OK(store_login_failures(c, key, &failures, &start, E));
	assert_int_equal(failures, 0);
	assert_int_equal(start, 0);

	OK(store_login_failed(c, key, 1000, 900, E));
	OK(store_login_failed(c, key, 1010, 900, E));
	OK(store_login_failed(c, key, 1899, 900, E));
	OK(store_login_failures(c, key, &failures, &start, E));
	assert_int_equal(failures, 3);
	assert_int_equal(start, 1000);

	/* Other keys count apart. */
	OK(store_login_failed(c, "ip:192.0.2.1", 1500, 900, E));
	OK(store_login_failures(c, "ip:192.0.2.1", &failures, &start, E));
	assert_int_equal(failures, 1);
	assert_int_equal(start, 1500);

	/* The window is over at window_start + window_s: counting starts again. */
	OK(store_login_failed(c, key, 1900, 900, E));
	OK(store_login_failures(c, key, &failures, &start, E));
	assert_int_equal(failures, 1);
	assert_int_equal(start, 1900);

	/* Together with the rule: five failures block the sixth try. */
	struct throttle_rule rule = {5, 900};
	for (int i = 0; i < 4; i++)
		OK(store_login_failed(c, key, 1901 + i, 900, E));
	OK(store_login_failures(c, key, &failures, &start, E));
	assert_int_equal(failures, 5);
	int retry = 0;
	assert_int_equal(throttle_blocked(&rule, failures, start, 2000, &retry), 1);
	assert_int_equal(retry, 800);
	assert_int_equal(throttle_blocked(&rule, failures, start, 2800, &retry), 0);

	OK(store_login_clear(c, key, E));
	OK(store_login_failures(c, key, &failures, &start, E));
	assert_int_equal(failures, 0);
	OK(store_login_failures(c, "ip:192.0.2.1", &failures, &start, E));
	assert_int_equal(failures, 1);
}

/* ---- clusters ---- */

static void test_clusters(void **state)
{
	struct db_conn *c = conn(state);
	struct error e;
	int64_t auth = add_org(c, "Ban Thi đua - Khen thưởng", ORG_AUTHORITY, 0);
	int64_t u1 = add_org(c, "Tỉnh ủy Sơn La", ORG_UNIT, auth);
	int64_t u2 = add_org(c, "Tỉnh ủy Điện Biên", ORG_UNIT, auth);
	int64_t u3 = add_org(c, "Tỉnh ủy Lai Châu", ORG_UNIT, auth);
	int64_t u4 = add_org(c, "Tỉnh ủy Hòa Bình", ORG_UNIT, auth);

	struct cluster cl;
	memset(&cl, 0, sizeof cl);
	snprintf(cl.name, sizeof cl.name, "Cụm thi đua các tỉnh Tây Bắc");
	cl.authority_id = auth;
	cl.rotation[0] = u3;
	cl.rotation[1] = u1;
	cl.rotation[2] = u2;
	cl.n_rotation = 3;
	OK(store_cluster_insert(c, &cl, E));
	struct cluster got;
	OK(store_cluster_get(c, cl.id, &got, E));
	assert_string_equal(got.name, "Cụm thi đua các tỉnh Tây Bắc");
	assert_int_equal(got.authority_id, auth);
	assert_int_equal(got.n_rotation, 3);
	assert_int_equal(got.rotation[0], u3); /* rotation order kept */
	assert_int_equal(got.rotation[1], u1);
	assert_int_equal(got.rotation[2], u2);

	/* A rotation may not name an org twice. */
	got.rotation[3] = u1;
	got.n_rotation = 4;
	err_clear(&e);
	assert_int_equal(store_cluster_update(c, &got, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	got.rotation[3] = u4;
	OK(store_cluster_update(c, &got, E));
	OK(store_cluster_get(c, cl.id, &got, E));
	assert_int_equal(got.n_rotation, 4);
	assert_int_equal(got.rotation[3], u4);

	/* Years: members (listed in Vietnamese order), leader, deputies. */
	struct cluster_year y;
	memset(&y, 0, sizeof y);
	y.cluster_id = cl.id;
	y.year = 2026;
	y.members[0] = u1;
	y.members[1] = u2;
	y.members[2] = u3;
	y.n_members = 3;
	y.leader_id = u1;
	y.deputy_ids[0] = u2;
	y.n_deputies = 1;
	OK(store_cluster_year_put(c, &y, 0, E));
	struct cluster_year gy;
	OK(store_cluster_year_get(c, cl.id, 2026, &gy, E));
	assert_int_equal(gy.leader_id, u1);
	assert_int_equal(gy.status, YEAR_PLANNING);
	assert_int_equal(gy.n_members, 3);
	assert_int_equal(gy.members[0], u2); /* Điện Biên < Lai Châu < Sơn La */
	assert_int_equal(gy.members[1], u3);
	assert_int_equal(gy.members[2], u1);
	assert_int_equal(gy.n_deputies, 1);
	assert_int_equal(gy.deputy_ids[0], u2);

	/* Creating the same year twice is a conflict; replacing it is not. */
	err_clear(&e);
	assert_int_equal(store_cluster_year_put(c, &y, 0, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	y.members[2] = u4;
	y.leader_id = u4;
	y.n_deputies = 0;
	OK(store_cluster_year_put(c, &y, 1, E));
	OK(store_cluster_year_get(c, cl.id, 2026, &gy, E));
	assert_int_equal(gy.leader_id, u4);
	assert_int_equal(gy.n_members, 3);
	assert_int_equal(gy.n_deputies, 0);

	y.year = 2025;
	OK(store_cluster_year_put(c, &y, 0, E));
	int *years = NULL;
	size_t ny = 0;
	OK(store_cluster_years(c, cl.id, &years, &ny, E));
	assert_int_equal(ny, 2);
	assert_int_equal(years[0], 2026); /* newest first */
	assert_int_equal(years[1], 2025);
	free(years);
	err_clear(&e);
	assert_int_equal(store_cluster_year_get(c, cl.id, 2024, &gy, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);

	/* Listing: by authority, by member, by name. */
	struct cluster other;
	memset(&other, 0, sizeof other);
	snprintf(other.name, sizeof other.name, "Cụm Đông Bắc");
	other.authority_id = auth;
	OK(store_cluster_insert(c, &other, E));
	struct cluster *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct cluster_filter f = {.authority_id = auth};
	OK(store_cluster_list(c, &f, &items, &n, &total, E));
	assert_int_equal(total, 2);
	assert_string_equal(items[0].name, "Cụm Đông Bắc"); /* Đông < thi */
	assert_int_equal(items[1].n_rotation, 4);
	free(items);
	struct cluster_filter m = {.member_id = u4};
	OK(store_cluster_list(c, &m, &items, &n, &total, E));
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, cl.id);
	free(items);
	struct cluster_filter q = {.q = "tay bac"};
	OK(store_cluster_list(c, &q, &items, &n, &total, E));
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, cl.id);
	free(items);

	err_clear(&e);
	assert_int_equal(store_cluster_get(c, 9999, &got, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
	/* An org that is a member somewhere cannot be deleted. */
	err_clear(&e);
	assert_int_equal(store_org_delete(c, u4, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
}

/* ---- transactions ---- */

static void test_rollback(void **state)
{
	struct db_conn *c = conn(state);
	OK(store_begin(c, E));
	int64_t id = add_org(c, "Tạm thời", ORG_UNIT, 0);
	store_rollback(c);
	struct error e;
	err_clear(&e);
	struct org o;
	assert_int_equal(store_org_get(c, id, &o, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
	OK(store_begin(c, E));
	id = add_org(c, "Lâu dài", ORG_UNIT, 0);
	OK(store_commit(c, E));
	OK(store_org_get(c, id, &o, E));
	store_rollback(c); /* no transaction open: harmless */
}

/* ---- audit ---- */

static void append(struct db_conn *c, const char *action, const char *entity_id,
		   const char *before, const char *after)
{
	struct audit_entry a;
	memset(&a, 0, sizeof a);
	a.actor_id = 1;
	a.actor_name = "quan.tri";
	a.action = action;
	a.entity = "org";
	a.entity_id = entity_id;
	a.before_json = before;
	a.after_json = after;
	a.request_id = "req-test";
	OK(store_begin(c, E));
	OK(store_audit_append(c, &a, E));
	OK(store_commit(c, E));
	assert_true(a.seq > 0);
	assert_true(a.at[0] != 0);
}

static void fill_audit(struct db_conn *c)
{
	append(c, "create", "1", NULL, "{\"name\":\"Sở Tư pháp\"}");
	append(c, "update", "1", "{\"name\":\"Sở Tư pháp\"}", "{\"name\":\"Sở Tư Pháp\"}");
	append(c, "delete", "1", "{\"name\":\"Sở Tư Pháp\"}", NULL);
	append(c, "create", "2", NULL, "{}");
}

static void verify(struct db_conn *c, int64_t *bad, int64_t *checked, char *why, size_t n)
{
	OK(store_audit_verify(c, bad, checked, why, n, E));
}

static void test_audit_intact(void **state)
{
	struct db_conn *c = conn(state);
	int64_t bad = -1, checked = -1;
	char why[256];
	verify(c, &bad, &checked, why, sizeof why); /* an empty chain is intact */
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 0);
	fill_audit(c);
	verify(c, &bad, &checked, why, sizeof why);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 4);
	assert_string_equal(why, "");

	/* Listing: newest first, filtered, NULL before/after kept as NULL. */
	struct audit_row *rows = NULL;
	size_t n = 0;
	struct audit_filter f = {.entity = "org", .entity_id = "1"};
	int64_t total = 0;
	OK(store_audit_list(c, &f, &rows, &n, &total, E));
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	assert_int_equal(rows[0].entry.seq, 3);
	assert_string_equal(rows[0].entry.action, "delete");
	assert_null(rows[0].entry.after_json);
	assert_non_null(rows[0].entry.before_json);
	assert_int_equal(rows[2].entry.seq, 1);
	assert_null(rows[2].entry.before_json);
	assert_string_equal(rows[2].entry.actor_name, "quan.tri");
	assert_int_equal(rows[2].entry.actor_id, 1);
	store_audit_rows_free(rows, n);
	struct audit_filter all = {.page = {.limit = 2, .offset = 1}};
	OK(store_audit_list(c, &all, &rows, &n, &total, E));
	assert_int_equal(n, 2);
	assert_true(total > 2);
	assert_int_equal(rows[0].entry.seq, 3);
	assert_int_equal(rows[1].entry.seq, 2);
	store_audit_rows_free(rows, n);
}

static void expect_broken(struct db_conn *c, const char *tamper, int64_t want_bad)
{
	int64_t bad = -1, checked = -1;
	char why[256];
	assert_int_equal(db_exec_script(c, tamper), DB_OK);
	verify(c, &bad, &checked, why, sizeof why);
	if (bad != want_bad)
		fail_msg("after \"%s\": bad_seq %lld, want %lld (%s)", tamper, (long long)bad,
			 (long long)want_bad, why);
	assert_int_equal(checked, want_bad - 1);
	assert_true(why[0] != 0);
}

static void test_audit_tamper_field(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c, "UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 2", 2);
}

static void test_audit_tamper_json(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c, "UPDATE audit_log SET after_json = NULL WHERE seq = 1", 1);
}

static void test_audit_tamper_null_to_empty(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c, "UPDATE audit_log SET before_json = '' WHERE seq = 4", 4);
}

static void test_audit_delete_last(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c, "DELETE FROM audit_log WHERE seq = 4", 4);
}

static void test_audit_delete_middle(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c, "DELETE FROM audit_log WHERE seq = 2", 2);
}

static void test_audit_delete_all(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c, "DELETE FROM audit_log", 1);
}

/* Renumbering rows to hide a deletion breaks the links. */
static void test_audit_renumber(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	expect_broken(c,
		      "DELETE FROM audit_log WHERE seq = 2;"
		      "UPDATE audit_log SET seq = seq - 1 WHERE seq > 2;"
		      "UPDATE audit_head SET last_seq = 3",
		      2);
}

/* Appending after a verified chain keeps it intact. */
static void test_audit_continues(void **state)
{
	struct db_conn *c = conn(state);
	fill_audit(c);
	append(c, "update", "2", "{}", "{\"a\":1}");
	int64_t bad = -1, checked = -1;
	char why[256];
	verify(c, &bad, &checked, why, sizeof why);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 5);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_migrate_and_check),
		T(test_open_bad_urls),
		T(test_org_crud),
		T(test_org_constraints),
		T(test_org_list_order_and_search),
		T(test_org_chain_and_cycles),
		T(test_org_predecessors),
		T(test_person_crud),
		T(test_person_search_and_order),
		T(test_person_scope),
		T(test_person_filters),
		T(test_users),
		T(test_sessions),
		T(test_api_tokens),
		T(test_login_failures),
		T(test_auth_sweep),
		T(test_clusters),
		T(test_rollback),
		T(test_audit_intact),
		T(test_audit_tamper_field),
		T(test_audit_tamper_json),
		T(test_audit_tamper_null_to_empty),
		T(test_audit_delete_last),
		T(test_audit_delete_middle),
		T(test_audit_delete_all),
		T(test_audit_renumber),
		T(test_audit_continues),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
