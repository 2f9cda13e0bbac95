/*
** The demo's cluster-year history, so that a fresh `make run` shows the
** year's work and not empty pages: for the first cluster, a 2025 year
** carried through to its closing (agreement signed by all, a scoring
** table, self and cross scores, the published ranking, the handover to
** 2026), and a 2026 year in self-assessment in which most units have
** already scored themselves.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_demo.h"
#include "core/clock.h"
#include "store/store.h"

/* A scoring table of the kind the provincial organization committees sign. */
static const struct {
	const char *code, *parent, *name;
	enum criterion_kind kind;
	double max_points, target, per_occurrence;
} table_rows[] = {
	{"I", "", "Thực hiện nhiệm vụ chính trị, chuyên môn", CRIT_GROUP, 70, 0, 0},
	{"I.1", "I", "Tham mưu xây dựng tổ chức đảng, sắp xếp bộ máy", CRIT_POINTS, 15, 0, 0},
	{"I.2", "I", "Công tác cán bộ: quy hoạch, đào tạo, luân chuyển", CRIT_POINTS, 15, 0, 0},
	{"I.3", "I", "Kết nạp đảng viên mới so với chỉ tiêu (%)", CRIT_QUANTITATIVE, 15, 100, 0},
	{"I.4", "I", "Công tác bảo vệ chính trị nội bộ", CRIT_POINTS, 10, 0, 0},
	{"I.5", "I", "Báo cáo đúng hạn, đủ nội dung", CRIT_PASS_FAIL, 5, 0, 0},
	{"I.6", "I", "Thực hiện Nghị quyết 18-NQ/TW về tinh gọn bộ máy", CRIT_POINTS, 10, 0, 0},
	{"II", "", "Xây dựng cơ quan và phong trào thi đua", CRIT_GROUP, 30, 0, 0},
	{"II.1", "II", "Tổ chức đảng, đoàn thể trong sạch, vững mạnh", CRIT_POINTS, 10, 0, 0},
	{"II.2", "II", "Phong trào thi đua \"Dân vận khéo\"", CRIT_POINTS, 4, 0, 0},
	{"II.3", "II", "Văn hóa công sở, cải cách hành chính", CRIT_POINTS, 10, 0, 0},
	{"II.4", "II", "Mô hình \"Dân vận khéo\" được công nhận (2 điểm/mô hình)",
	 CRIT_PER_OCCURRENCE, 6, 0, 2},
	{"III", "", "Điểm thưởng (tối đa 5 điểm)", CRIT_GROUP, 5, 0, 0},
	{"III.1", "III", "Sáng kiến được cấp có thẩm quyền công nhận", CRIT_BONUS, 3, 0, 0},
	{"III.2", "III", "Được khen thưởng đột xuất", CRIT_BONUS, 2, 0, 0},
	{"IV", "", "Điểm trừ (tối đa 10 điểm)", CRIT_GROUP, 10, 0, 0},
	{"IV.1", "IV", "Chậm triển khai nhiệm vụ được giao", CRIT_PENALTY, 5, 0, 0},
	{"IV.2", "IV", "Cán bộ, đảng viên bị kỷ luật", CRIT_PENALTY, 5, 0, 0},
};
#define TABLE_ROWS (sizeof table_rows / sizeof *table_rows)

static const char agreement_text[] =
	"GIAO ƯỚC THI ĐUA NĂM %d\n"
	"Cụm thi đua số 1 – Ban Tổ chức các tỉnh ủy miền núi phía Bắc\n\n"
	"Thực hiện hướng dẫn của Ban Tổ chức Trung ương về công tác thi đua, khen thưởng, "
	"các đơn vị trong Cụm thống nhất ký kết giao ước thi đua với các nội dung sau:\n"
	"1. Thực hiện tốt chức năng tham mưu về công tác tổ chức xây dựng Đảng.\n"
	"2. Hoàn thành các chỉ tiêu kết nạp đảng viên, đào tạo, bồi dưỡng cán bộ.\n"
	"3. Đẩy mạnh phong trào thi đua \"Dân vận khéo\", xây dựng văn hóa công sở.\n"
	"Việc chấm điểm thực hiện theo Bảng tiêu chí kèm theo giao ước này.";

struct history {
	struct db_conn *c;
	const struct cluster *cl;
	struct criteria_table table;
	unsigned seed;
	struct error *e;
};

static unsigned demo_rand(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

static int year_key_audit(struct history *h, int year, const char *action, const char *entity,
			  json_t *after)
{
	char key[48];
	snprintf(key, sizeof key, "%lld/%d", (long long)h->cl->id, year);
	int rc = cli_audit_as(h->c, action, entity, key, NULL, after);
	json_decref(after);
	return rc;
}

static int build_table(struct history *h)
{
	h->table.items = calloc(TABLE_ROWS, sizeof *h->table.items);
	if (!h->table.items)
		return err_set(h->e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; i < TABLE_ROWS; i++) {
		struct criterion *c = &h->table.items[i];
		snprintf(c->code, sizeof c->code, "%s", table_rows[i].code);
		snprintf(c->parent, sizeof c->parent, "%s", table_rows[i].parent);
		snprintf(c->name, sizeof c->name, "%s", table_rows[i].name);
		c->kind = table_rows[i].kind;
		c->max_points = table_rows[i].max_points;
		c->target = table_rows[i].target;
		c->per_occurrence = table_rows[i].per_occurrence;
	}
	h->table.n = TABLE_ROWS;
	return criteria_validate(h->table.items, h->table.n, h->e);
}

/* The agreement, signed by every member, and the table with its rules. */
static int sign_up(struct history *h, const struct cluster_year *y)
{
	struct agreement_target target = {"KN", "Kết nạp đảng viên mới", 100, 1, "% chỉ tiêu"};
	char text[sizeof agreement_text + 8];
	snprintf(text, sizeof text, agreement_text, y->year);
	struct agreement a = {text, &target, 1, 1, ""};
	struct tie_rule ties = tie_rule_default();
	if (store_agreement_put(h->c, y->cluster_id, y->year, &a, h->e) != 0 ||
	    year_key_audit(h, y->year, "create", "agreement",
			   json_pack("{s:s, s:i}", "text", text, "revision", 1)) != 0 ||
	    store_criteria_put(h->c, y->cluster_id, y->year, &h->table, 0, h->e) != 0 ||
	    store_year_set_rules(h->c, y->cluster_id, y->year, FINAL_CROSS_TRIMMED_MEAN, &ties,
				 h->e) != 0 ||
	    year_key_audit(h, y->year, "create", "criteria",
			   json_pack("{s:i}", "version", h->table.version)) != 0)
		return -1;
	for (size_t i = 0; i < y->n_members; i++)
		if (store_signature_insert(h->c, y->cluster_id, y->year, y->members[i], 1, 0,
					   h->e) != 0 ||
		    year_key_audit(h, y->year, "sign", "agreement",
				   json_pack("{s:I}", "org_id", (json_int_t)y->members[i])) != 0)
			return -1;
	return 0;
}

/* What a scorer enters: a unit's quality in [0.85, 0.97], with some noise. */
static double entry_for(struct history *h, const struct criterion *c, double quality)
{
	double noise = ((double)(demo_rand(&h->seed) % 9) - 4.0) / 100.0;
	double q = quality + noise > 1.0 ? 1.0 : quality + noise;
	switch (c->kind) {
	case CRIT_QUANTITATIVE:
		return (double)(int)(c->target * (q + 0.1) * 10.0) / 10.0;
	case CRIT_PASS_FAIL:
		return q > 0.86;
	case CRIT_PER_OCCURRENCE:
		return (double)(demo_rand(&h->seed) % 4);
	case CRIT_BONUS:
		return (double)(demo_rand(&h->seed) % 3 == 0);
	case CRIT_PENALTY:
		return q < 0.86 ? 1.0 : 0.0;
	default:
		return (double)(int)(c->max_points * q * 4.0) / 4.0; /* quarter points */
	}
}

static double quality_of(size_t unit)
{
	return 0.85 + (double)((unit * 7) % 13) / 100.0;
}

/* One full sheet: scoring unit v's entries for unit u. */
static int enter_sheet(struct history *h, const struct cluster_year *y, size_t u, size_t v)
{
	json_t *entries = json_array();
	for (size_t i = 0; i < h->table.n; i++) {
		const struct criterion *c = &h->table.items[i];
		if (c->kind == CRIT_GROUP)
			continue;
		double entry = entry_for(h, c, quality_of(u) + (u == v ? 0.03 : 0));
		if (criterion_entry_check(c, entry, h->e) != 0 ||
		    store_score_put(h->c, y->cluster_id, y->year, y->members[u], y->members[v],
				    c->code, entry, u == v ? "Đơn vị tự chấm" : NULL,
				    u == v ? "Báo cáo tổng kết năm" : NULL, 0, h->e) != 0) {
			json_decref(entries);
			return -1;
		}
		json_array_append_new(entries, json_pack("{s:s, s:f}", "criterion", c->code,
							 "entry", entry));
	}
	char key[96];
	snprintf(key, sizeof key, "%lld/%d/%lld/%lld", (long long)y->cluster_id, y->year,
		 (long long)y->members[u], (long long)y->members[v]);
	int rc = cli_audit_as(h->c, "score", "score_sheet", key, NULL, entries);
	json_decref(entries);
	return rc;
}

static int move(struct history *h, const struct cluster_year *y, enum year_status to,
		const char *deadline)
{
	return store_year_set_status(h->c, y->cluster_id, y->year, to, deadline, h->e) != 0 ||
			       year_key_audit(h, y->year, "transition", "cluster_year",
					      json_pack("{s:s}", "status", year_status_name(to))) != 0
		       ? -1
		       : 0;
}

static int publish(struct history *h, const struct cluster_year *y)
{
	struct score_filter all = {0, 0};
	struct score_row *rows = NULL;
	size_t n = 0;
	struct ranking r;
	if (store_scores_list(h->c, y->cluster_id, y->year, &all, &h->table, &rows, &n, h->e) != 0)
		return -1;
	struct score_entry *entries = score_entries_of(rows, n);
	int rc = -1;
	if (entries) {
		struct tie_rule ties = tie_rule_default();
		rc = ranking_compute(&h->table, y->members, y->n_members, entries, n,
				     FINAL_CROSS_TRIMMED_MEAN, &ties, &r, h->e);
		if (rc == 0) {
			rc = store_ranking_save(h->c, y->cluster_id, y->year, &r, &h->table, h->e);
			ranking_free(&r);
		}
	}
	free(entries);
	store_score_rows_free(rows, n);
	return rc != 0 ? -1 : move(h, y, YEAR_RESULTS_PUBLISHED, NULL);
}

/* 2025: everything done; its last rotation unit led, handing over to 2026's leader. */
static int finished_year(struct history *h, const struct cluster_year *next)
{
	struct cluster_year *y = calloc(1, sizeof *y);
	if (!y)
		return err_set(h->e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	*y = *next;
	y->year = next->year - 1;
	y->leader_id = h->cl->rotation[h->cl->n_rotation - 1];
	y->n_deputies = 2;
	y->deputy_ids[0] = h->cl->rotation[0];
	y->deputy_ids[1] = h->cl->rotation[1];
	y->final_rule = FINAL_CROSS_TRIMMED_MEAN;
	int rc = store_cluster_year_put(h->c, y, 0, h->e) != 0 || sign_up(h, y) != 0 ||
		 move(h, y, YEAR_AGREEMENT_SIGNED, NULL) != 0 ||
		 move(h, y, YEAR_IN_PROGRESS, NULL) != 0 ||
		 move(h, y, YEAR_SELF_ASSESSMENT, NULL) != 0;
	for (size_t u = 0; rc == 0 && u < y->n_members; u++)
		rc = enter_sheet(h, y, u, u);
	if (rc == 0)
		rc = move(h, y, YEAR_CROSS_ASSESSMENT, NULL);
	for (size_t u = 0; rc == 0 && u < y->n_members; u++)
		for (size_t v = 0; rc == 0 && v < y->n_members; v++)
			if (u != v)
				rc = enter_sheet(h, y, u, v);
	if (rc == 0)
		rc = publish(h, y) != 0 || move(h, y, YEAR_CLOSED, NULL) != 0;
	free(y);
	return rc ? -1 : 0;
}

/*
** 2026: signed and in self-assessment for another month from the day the
** demo is loaded; every unit but the leader and its first deputy has
** scored itself, so that their demo officers have work to do.
*/
static int current_year(struct history *h, const struct cluster_year *y)
{
	char deadline[32];
	clock_iso(clock_now() + 7 * 3600 + 30 * 86400, deadline, sizeof deadline);
	deadline[10] = 0; /* the date in Vietnam a month from now */
	if (sign_up(h, y) != 0 || move(h, y, YEAR_AGREEMENT_SIGNED, NULL) != 0 ||
	    move(h, y, YEAR_IN_PROGRESS, NULL) != 0 ||
	    move(h, y, YEAR_SELF_ASSESSMENT, deadline) != 0)
		return -1;
	for (size_t u = 0; u < y->n_members; u++) {
		if (y->members[u] == h->cl->rotation[0] || y->members[u] == h->cl->rotation[1])
			continue;
		if (enter_sheet(h, y, u, u) != 0)
			return -1;
	}
	return 0;
}

int demo_cluster_history(struct db_conn *c, const struct cluster *cl,
			 const struct cluster_year *current, struct error *e)
{
	struct history h = {c, cl, {NULL, 0, 0}, (unsigned)cl->id * 2025u, e};
	int rc = build_table(&h) != 0 || finished_year(&h, current) != 0 ||
		 current_year(&h, current) != 0;
	free(h.table.items);
	return rc ? -1 : 0;
}
