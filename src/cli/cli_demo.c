/*
** thidua demo: a realistic data set for trying the product — the central
** Organization Commission and the Ministry of Home Affairs as organizing
** authorities, three clusters of provincial bodies named after the 34
** provinces of 2025 (with the pre-merger bodies they absorbed as
** predecessors), people with Vietnamese names, and one user per role
** with a random password printed once.
*/
#include "cli/cli.h"
#include "cli/cli_demo.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_out.h"
#include "domain/authz.h"
#include "store/store.h"

#define DEMO_YEAR 2026
#define PEOPLE_PER_UNIT 8

struct demo_cluster {
	const char *name;
	int authority; /* index into authorities[] */
	const char *unit_prefix;
	const char *const *provinces;
};

static const struct {
	const char *name, *short_name;
} authorities[] = {
	{"Ban Tổ chức Trung ương", "BTCTW"},
	{"Bộ Nội vụ", "BNV"},
};

static const char *const north_mountain[] = {
	"Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Cao Bằng", "Tuyên Quang",
	"Lào Cai", "Thái Nguyên", "Phú Thọ", NULL};
static const char *const red_river[] = {
	"Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Hưng Yên", "Ninh Bình", NULL};
static const char *const central[] = {
	"Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi",
	"Gia Lai", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng", NULL};

static const struct demo_cluster clusters[] = {
	{"Cụm thi đua số 1 – Ban Tổ chức các tỉnh ủy miền núi phía Bắc", 0,
	 "Ban Tổ chức Tỉnh ủy", north_mountain},
	{"Cụm thi đua số 2 – Ban Tổ chức các tỉnh ủy, thành ủy đồng bằng sông Hồng", 0,
	 "Ban Tổ chức Tỉnh ủy", red_river},
	{"Khối thi đua Sở Nội vụ các tỉnh, thành phố miền Trung – Tây Nguyên", 1,
	 "Sở Nội vụ tỉnh", central},
};

/* Provinces merged on 2025-07-01 into one of the demo provinces. */
static const struct {
	const char *into, *from;
} merged[] = {
	{"Tuyên Quang", "Hà Giang"}, {"Lào Cai", "Yên Bái"},   {"Thái Nguyên", "Bắc Kạn"},
	{"Phú Thọ", "Vĩnh Phúc"},    {"Phú Thọ", "Hòa Bình"},  {"Bắc Ninh", "Bắc Giang"},
	{"Hưng Yên", "Thái Bình"},   {"Hải Phòng", "Hải Dương"}, {"Ninh Bình", "Hà Nam"},
	{"Ninh Bình", "Nam Định"},   {"Quảng Trị", "Quảng Bình"}, {"Đà Nẵng", "Quảng Nam"},
	{"Quảng Ngãi", "Kon Tum"},   {"Gia Lai", "Bình Định"}, {"Khánh Hòa", "Ninh Thuận"},
	{"Đắk Lắk", "Phú Yên"},      {"Lâm Đồng", "Đắk Nông"}, {"Lâm Đồng", "Bình Thuận"},
};

static const char *const surnames[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
				       "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
				       "Dương", "Lý", "Đinh", "Lò", "Hà", "Đào"};
static const char *const male_middle[] = {"Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân",
					  "Công", "Thành"};
static const char *const female_middle[] = {"Thị", "Thu", "Ngọc", "Thanh", "Minh",
					    "Hồng", "Kim", "Thùy"};
static const char *const male_given[] = {"Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Long",
					 "Sơn", "Thắng", "Cường", "Phong", "Đạt", "Khánh"};
static const char *const female_given[] = {"Lan", "Hương", "Hoa", "Mai", "Linh", "Trang",
					   "Hà", "Thảo", "Yến", "Nhung", "Ánh", "Quyên"};
static const char *const positions[] = {
	"Trưởng ban", "Phó Trưởng ban", "Trưởng phòng Tổ chức cán bộ",
	"Phó Trưởng phòng Tổ chức đảng, đảng viên", "Chuyên viên chính",
	"Chuyên viên", "Chuyên viên", "Chuyên viên"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A small deterministic generator: the demo is the same on every machine. */
static unsigned next_rand(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

struct demo {
	struct db_conn *c;
	struct error e;
	unsigned seed;
	int64_t authority_ids[COUNT(authorities)];
	int64_t unit_of_first[COUNT(clusters)][16]; /* org ids per cluster */
	size_t n_units[COUNT(clusters)];
	int64_t first_cluster_id;
	int people;
	char logins[1024]; /* printed only once the data is committed */
};

static int add_org(struct demo *d, struct org *o)
{
	if (store_org_insert(d->c, o, &d->e) != 0)
		return -1;
	json_t *after = org_json(o);
	int rc = cli_audit(d->c, "create", "org", o->id, NULL, after);
	json_decref(after);
	return rc;
}

static int add_person(struct demo *d, int64_t org_id, int index)
{
	struct person p;
	memset(&p, 0, sizeof p);
	p.gender = next_rand(&d->seed) % 2 ? GENDER_FEMALE : GENDER_MALE;
	int female = p.gender == GENDER_FEMALE;
	snprintf(p.full_name, sizeof p.full_name, "%s %s %s",
		 surnames[next_rand(&d->seed) % COUNT(surnames)],
		 female ? female_middle[next_rand(&d->seed) % COUNT(female_middle)]
			: male_middle[next_rand(&d->seed) % COUNT(male_middle)],
		 female ? female_given[next_rand(&d->seed) % COUNT(female_given)]
			: male_given[next_rand(&d->seed) % COUNT(male_given)]);
	p.birth_year = 1966 + (int)(next_rand(&d->seed) % 32);
	p.org_id = org_id;
	snprintf(p.position, sizeof p.position, "%s", positions[index % COUNT(positions)]);
	p.party_member = index < 6 || next_rand(&d->seed) % 2;
	if (p.party_member) {
		unsigned y = (unsigned)p.birth_year + 22 + next_rand(&d->seed) % 8;
		unsigned m = 1 + next_rand(&d->seed) % 12, day = 1 + next_rand(&d->seed) % 28;
		snprintf(p.party_admission_date, sizeof p.party_admission_date, "%04u-%02u-%02u",
			 y % 10000, m % 100, day % 100);
	}
	if (store_person_insert(d->c, &p, &d->e) != 0)
		return -1;
	d->people++;
	json_t *after = person_json(&p);
	int rc = cli_audit(d->c, "create", "person", p.id, NULL, after);
	json_decref(after);
	return rc;
}

/* The pre-2025 bodies merged into this province's body, as predecessors. */
static int add_predecessors(struct demo *d, const struct demo_cluster *dc,
			    const char *province, int64_t successor, int64_t parent)
{
	for (size_t i = 0; i < COUNT(merged); i++) {
		if (strcmp(merged[i].into, province) != 0)
			continue;
		struct org o;
		memset(&o, 0, sizeof o);
		snprintf(o.name, sizeof o.name, "%s %s", dc->unit_prefix, merged[i].from);
		o.kind = ORG_UNIT;
		o.parent_id = parent;
		snprintf(o.province, sizeof o.province, "%s", merged[i].from);
		snprintf(o.active_until, sizeof o.active_until, "2025-06-30");
		o.successor_id = successor;
		if (add_org(d, &o) != 0)
			return -1;
	}
	return 0;
}

static void unit_name(const struct demo_cluster *dc, const char *province, char *out,
		      size_t n)
{
	int city = strcmp(province, "Hà Nội") == 0 || strcmp(province, "Hải Phòng") == 0 ||
		   strcmp(province, "Huế") == 0 || strcmp(province, "Đà Nẵng") == 0;
	if (dc->authority == 0 && city)
		snprintf(out, n, "Ban Tổ chức Thành ủy %s", province);
	else if (city)
		snprintf(out, n, "Sở Nội vụ thành phố %s", province);
	else
		snprintf(out, n, "%s %s", dc->unit_prefix, province);
}

static int add_cluster(struct demo *d, size_t ci)
{
	const struct demo_cluster *dc = &clusters[ci];
	struct cluster *cl = calloc(1, sizeof *cl);
	struct cluster_year *y = calloc(1, sizeof *y);
	int rc = -1;
	if (!cl || !y)
		goto out;
	int64_t parent = d->authority_ids[dc->authority];
	for (size_t i = 0; dc->provinces[i]; i++) {
		struct org o;
		memset(&o, 0, sizeof o);
		unit_name(dc, dc->provinces[i], o.name, sizeof o.name);
		o.kind = ORG_UNIT;
		o.parent_id = parent;
		snprintf(o.province, sizeof o.province, "%s", dc->provinces[i]);
		snprintf(o.active_from, sizeof o.active_from, "2025-07-01");
		if (add_org(d, &o) != 0 ||
		    add_predecessors(d, dc, dc->provinces[i], o.id, parent) != 0)
			goto out;
		for (int k = 0; k < PEOPLE_PER_UNIT; k++)
			if (add_person(d, o.id, k) != 0)
				goto out;
		cl->rotation[cl->n_rotation++] = o.id;
	}
	snprintf(cl->name, sizeof cl->name, "%s", dc->name);
	cl->authority_id = parent;
	if (store_cluster_insert(d->c, cl, &d->e) != 0)
		goto out;
	json_t *after = cluster_json(cl);
	rc = cli_audit(d->c, "create", "cluster", cl->id, NULL, after);
	json_decref(after);
	if (rc != 0)
		goto out;
	y->cluster_id = cl->id;
	y->year = DEMO_YEAR;
	y->tie_rule = tie_rule_default();
	memcpy(y->members, cl->rotation, cl->n_rotation * sizeof *y->members);
	y->n_members = cl->n_rotation;
	y->leader_id = cl->rotation[0];
	y->deputy_ids[y->n_deputies++] = cl->rotation[1];
	y->deputy_ids[y->n_deputies++] = cl->rotation[2];
	rc = store_cluster_year_put(d->c, y, 0, &d->e);
	if (rc == 0) {
		json_t *year = cluster_year_json(y);
		char key[48];
		snprintf(key, sizeof key, "%lld/%d", (long long)cl->id, y->year);
		rc = cli_audit_as(d->c, "create", "cluster_year", key, NULL, year);
		json_decref(year);
	}
	if (rc == 0 && ci == 0) {
		d->first_cluster_id = cl->id;
		rc = demo_cluster_history(d->c, cl, y, &d->e);
	}
	memcpy(d->unit_of_first[ci], cl->rotation, sizeof d->unit_of_first[ci]);
	d->n_units[ci] = cl->n_rotation;
out:
	free(cl);
	free(y);
	return rc;
}

static void random_password(char *out, size_t n)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (size_t i = 0; i + 1 < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[n - 1] = 0;
}

static int add_user(struct demo *d, const char *name, unsigned roles, int64_t org)
{
	struct user u;
	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "%s", name);
	u.roles = roles;
	u.org_id = org;
	char password[17], hash[AUTH_PWHASH_CHARS];
	random_password(password, sizeof password);
	if (auth_hash_password(password, hash) != 0)
		return err_set(&d->e, ERR_INTERNAL, "hash", NULL, "cannot hash a password");
	if (store_user_insert(d->c, &u, hash, &d->e) != 0)
		return -1;
	json_t *after = user_json(&u);
	int rc = cli_audit(d->c, "create", "user", u.id, NULL, after);
	json_decref(after);
	size_t used = strlen(d->logins);
	snprintf(d->logins + used, sizeof d->logins - used, "  %-22s %-18s %s\n",
		 role_name(roles & -roles), name, password);
	sodium_memzero(password, sizeof password);
	return rc;
}

static int add_users(struct demo *d)
{
	int64_t btctw = d->authority_ids[0];
	return add_user(d, "admin", ROLE_ADMIN, 0) ||
	       add_user(d, "btctw.thidua", ROLE_AUTHORITY_OFFICER, btctw) ||
	       /* a council of three, so its secret ballot can be held */
	       add_user(d, "btctw.uyvien1", ROLE_COUNCIL_MEMBER, btctw) ||
	       add_user(d, "btctw.uyvien2", ROLE_COUNCIL_MEMBER, btctw) ||
	       add_user(d, "btctw.hoidong", ROLE_COUNCIL_MEMBER, btctw) ||
	       add_user(d, "laichau.cumtruong", ROLE_LEADER_OFFICER | ROLE_UNIT_OFFICER,
			d->unit_of_first[0][0]) ||
	       add_user(d, "dienbien.thidua", ROLE_UNIT_OFFICER, d->unit_of_first[0][1]) ||
	       add_user(d, "sonla.daibieu", ROLE_DELEGATE, d->unit_of_first[0][2]) ||
	       add_user(d, "khach", ROLE_VIEWER, 0)
		       ? -1
		       : 0;
}

static int load(struct demo *d)
{
	for (size_t i = 0; i < COUNT(authorities); i++) {
		struct org o;
		memset(&o, 0, sizeof o);
		snprintf(o.name, sizeof o.name, "%s", authorities[i].name);
		snprintf(o.short_name, sizeof o.short_name, "%s", authorities[i].short_name);
		o.kind = ORG_AUTHORITY;
		if (add_org(d, &o) != 0)
			return -1;
		d->authority_ids[i] = o.id;
	}
	for (size_t i = 0; i < COUNT(clusters); i++)
		if (add_cluster(d, i) != 0)
			return -1;
	return add_users(d) != 0 ||
			       demo_ballots(d->c, d->first_cluster_id, d->authority_ids[0], &d->e) != 0 ||
			       demo_awards(d->c, d->unit_of_first[0][1], d->authority_ids[0], &d->e) != 0 ||
			       demo_movements(d->c, d->authority_ids, d->unit_of_first[0][1], &d->e) != 0 ||
			       demo_models(d->c, d->unit_of_first[0], d->n_units[0], d->authority_ids[0],
					   &d->e) != 0 ||
			       demo_indicators(d->c, &d->e) != 0
		       ? -1
		       : 0;
}

int cli_demo(int argc, char **argv)
{
	static const char *const valued[] = {"db", NULL};
	if (cli_check_options(argc, argv, 2, valued, NULL) != 0)
		return 2;
	struct demo *d = calloc(1, sizeof *d);
	if (!d)
		return cli_fail("out of memory");
	d->seed = 2026;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &d->c) != 0) {
		free(d);
		return 1;
	}
	struct org_filter f = {.kind = -1, .page = {1, 0}};
	struct org *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = 0;
	if (store_org_list(d->c, &f, &items, &n, &total, &d->e) != 0)
		rc = cli_fail("%s", d->e.message);
	else if (total > 0)
		rc = cli_fail("the database already holds data; the demo loads only into an "
			      "empty database");
	else if (store_begin(d->c, &d->e) != 0 || load(d) != 0 ||
		 store_commit(d->c, &d->e) != 0) {
		store_rollback(d->c);
		rc = cli_fail("demo data not loaded: %s",
			      d->e.message[0] ? d->e.message : "write failed");
	} else {
		printf("Demo logins (role, user name, password):\n%s", d->logins);
		printf("Loaded %zu authorities, %zu clusters, %d people.\n", COUNT(authorities),
		       COUNT(clusters), d->people);
	}
	free(items);
	db_close(d->c);
	free(d);
	return rc;
}
