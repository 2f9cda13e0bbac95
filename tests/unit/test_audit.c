/*
** The audit hash (domain/audit.h): every field and the previous hash are
** covered, NULL differs from "", and field boundaries cannot be shifted.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit.h"

static struct audit_entry base_entry(void)
{
	struct audit_entry e;
	memset(&e, 0, sizeof e);
	e.seq = 12;
	snprintf(e.at, sizeof e.at, "2026-11-23T10:35:06Z");
	e.actor_id = 3;
	e.actor_name = "admin";
	e.action = "update";
	e.entity = "org";
	e.entity_id = "7";
	e.before_json = "{\"name\":\"Sở Nội vụ\"}";
	e.after_json = "{\"name\":\"Sở Nội vụ tỉnh\"}";
	e.request_id = "r-0001";
	return e;
}

static const unsigned char prev[AUDIT_HASH_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};

static void hash_of(const struct audit_entry *e, unsigned char out[AUDIT_HASH_BYTES])
{
	audit_hash(prev, sizeof prev, e, out);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct audit_entry a = base_entry(), b = base_entry();
	unsigned char h1[AUDIT_HASH_BYTES], h2[AUDIT_HASH_BYTES];
	hash_of(&a, h1);
	hash_of(&b, h2);
	assert_memory_equal(h1, h2, AUDIT_HASH_BYTES);
	/* Equal strings at different addresses hash alike. */
	char name[] = "admin";
	b.actor_name = name;
	hash_of(&b, h2);
	assert_memory_equal(h1, h2, AUDIT_HASH_BYTES);
}

/* Changing any single field changes the hash. */
static void test_every_field_counts(void **state)
{
	(void)state;
	unsigned char base[AUDIT_HASH_BYTES], h[AUDIT_HASH_BYTES];
	struct audit_entry e = base_entry();
	hash_of(&e, base);

	for (int field = 0; field < 10; field++) {
		e = base_entry();
		switch (field) {
		case 0: e.seq = 13; break;
		case 1: e.at[18] = '7'; break;
		case 2: e.actor_id = 4; break;
		case 3: e.actor_name = "admim"; break;
		case 4: e.action = "delete"; break;
		case 5: e.entity = "person"; break;
		case 6: e.entity_id = "8"; break;
		case 7: e.before_json = "{\"name\":\"Sở Nội Vụ\"}"; break;
		case 8: e.after_json = "{}"; break;
		case 9: e.request_id = "r-0002"; break;
		}
		hash_of(&e, h);
		if (memcmp(h, base, AUDIT_HASH_BYTES) == 0)
			fail_msg("changing field %d left the hash unchanged", field);
	}
}

static void test_previous_hash_counts(void **state)
{
	(void)state;
	struct audit_entry e = base_entry();
	unsigned char a[AUDIT_HASH_BYTES], b[AUDIT_HASH_BYTES], c[AUDIT_HASH_BYTES];
	unsigned char other[AUDIT_HASH_BYTES];
	memcpy(other, prev, sizeof other);
	other[31] ^= 1;
	audit_hash(prev, sizeof prev, &e, a);
	audit_hash(other, sizeof other, &e, b);
	audit_hash(prev, 0, &e, c); /* the first entry has no predecessor */
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);
	assert_memory_not_equal(a, c, AUDIT_HASH_BYTES);
	assert_memory_not_equal(b, c, AUDIT_HASH_BYTES);
	/* An empty predecessor is not 32 zero bytes. */
	static const unsigned char zeros[AUDIT_HASH_BYTES];
	audit_hash(zeros, sizeof zeros, &e, a);
	assert_memory_not_equal(a, c, AUDIT_HASH_BYTES);
}

/* "Nothing before" (a create) is not the same as an empty string. */
static void test_null_differs_from_empty(void **state)
{
	(void)state;
	unsigned char a[AUDIT_HASH_BYTES], b[AUDIT_HASH_BYTES], c[AUDIT_HASH_BYTES];
	struct audit_entry e = base_entry();
	e.before_json = NULL;
	hash_of(&e, a);
	e.before_json = "";
	hash_of(&e, b);
	e.before_json = "-"; /* what a naive encoding of NULL might write */
	hash_of(&e, c);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);
	assert_memory_not_equal(a, c, AUDIT_HASH_BYTES);
	assert_memory_not_equal(b, c, AUDIT_HASH_BYTES);

	e = base_entry();
	e.after_json = NULL;
	hash_of(&e, a);
	e.after_json = "";
	hash_of(&e, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);

	/* A NULL before with an after is not a before with a NULL after. */
	e = base_entry();
	e.before_json = NULL;
	e.after_json = "{}";
	hash_of(&e, a);
	e.before_json = "{}";
	e.after_json = NULL;
	hash_of(&e, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);
}

/* Moving bytes from one field to the next changes the hash. */
static void test_field_boundaries(void **state)
{
	(void)state;
	unsigned char a[AUDIT_HASH_BYTES], b[AUDIT_HASH_BYTES];
	struct audit_entry e = base_entry();
	e.action = "ab";
	e.entity = "c";
	hash_of(&e, a);
	e.action = "a";
	e.entity = "bc";
	hash_of(&e, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);

	/* A length prefix inside a value cannot fake a boundary. */
	e = base_entry();
	e.entity = "org";
	e.entity_id = "7";
	hash_of(&e, a);
	e.entity = "org1:7";
	e.entity_id = "";
	hash_of(&e, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);

	/* seq and actor_id are numbers in their own fields. */
	e = base_entry();
	e.seq = 1;
	e.actor_id = 23;
	hash_of(&e, a);
	e.seq = 12;
	e.actor_id = 3;
	hash_of(&e, b);
	assert_memory_not_equal(a, b, AUDIT_HASH_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_every_field_counts),
		cmocka_unit_test(test_previous_hash_counts),
		cmocka_unit_test(test_null_differs_from_empty),
		cmocka_unit_test(test_field_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
