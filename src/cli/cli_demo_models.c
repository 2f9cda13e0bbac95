/*
** The demo's exemplary models: forty "Dân vận khéo" models of the units
** beneath the demo authority, recognized from 2019 to 2026, some reviewed
** (kept or strengthened), some retired with their reasons, and the
** authority's compilation of the most typical ones of 2021–2025 — enough
** for the statistics page to show a decade's trend that reconciles.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/models.h"
#include "cli/cli.h"
#include "cli/cli_demo.h"
#include "store/store.h"

#define FIRST_YEAR 2019
#define YEARS 8 /* 2019 .. 2026 */

static const struct {
	const char *name, *field;
} themes[] = {
	{"Dân vận khéo trong vận động nhân dân hiến đất làm đường giao thông nông thôn", "Kinh tế"},
	{"Chi hội phụ nữ \"5 không, 3 sạch\"", "Văn hóa - xã hội"},
	{"Tổ tự quản an ninh trật tự khu dân cư", "Quốc phòng - an ninh"},
	{"Đảng viên giúp hộ nghèo thoát nghèo bền vững", "Xây dựng Đảng, hệ thống chính trị"},
	{"Dân vận khéo trong giải phóng mặt bằng dự án trọng điểm", "Kinh tế"},
	{"Con đường hoa nông thôn mới", "Môi trường"},
	{"Thu gom, phân loại rác thải tại nguồn", "Môi trường"},
	{"Hợp tác xã trồng chè an toàn theo chuỗi giá trị", "Kinh tế"},
	{"Dòng họ khuyến học, khuyến tài", "Văn hóa - xã hội"},
	{"Tiếp công dân và đối thoại định kỳ với nhân dân", "Xây dựng Đảng, hệ thống chính trị"},
	{"Camera an ninh khu dân cư", "Quốc phòng - an ninh"},
	{"Bữa cơm có thịt cho học sinh vùng cao", "Văn hóa - xã hội"},
	{"Chuyển đổi số trong giải quyết thủ tục hành chính", "Xây dựng Đảng, hệ thống chính trị"},
	{"Vận động đồng bào dân tộc thiểu số xóa bỏ hủ tục", "Văn hóa - xã hội"},
	{"Phát triển du lịch cộng đồng gắn với bảo tồn bản sắc", "Kinh tế"},
	{"Mỗi cán bộ, đảng viên gắn với một hộ gia đình", "Xây dựng Đảng, hệ thống chính trị"},
	{"Nhà văn hóa thôn do nhân dân cùng làm", "Văn hóa - xã hội"},
	{"Trồng rừng gỗ lớn thay thế cây keo ngắn ngày", "Môi trường"},
	{"Tuyến phố văn minh, không rác thải nhựa", "Môi trường"},
	{"Quỹ tín dụng xoay vòng của hội nông dân", "Kinh tế"},
};

static const char *const reasons[] = {
	"Không còn duy trì sau khi sáp nhập đơn vị hành chính cấp xã",
	"Đã hoàn thành mục tiêu, nội dung được lồng ghép vào mô hình mới",
	"Hiệu quả thấp, không được nhân dân tiếp tục hưởng ứng",
};

static int add_model(struct db_conn *c, struct model *m, struct error *e)
{
	if (store_model_insert(c, m, e) != 0 || store_model_get(c, m->id, m, e) != 0)
		return -1;
	json_t *after = model_json(m);
	int rc = cli_audit(c, "create", "model", m->id, NULL, after);
	json_decref(after);
	return rc;
}

static int add_review(struct db_conn *c, int64_t model_id, int year, enum review_outcome o,
		      const char *note, int64_t authority_id, struct error *e)
{
	struct model_review r;
	memset(&r, 0, sizeof r);
	r.model_id = model_id;
	r.year = year;
	r.outcome = o;
	r.reviewed_by = authority_id;
	snprintf(r.note, sizeof r.note, "%s", note);
	if (store_model_review_insert(c, &r, e) != 0)
		return -1;
	json_t *after = json_pack("{s:I, s:I, s:i, s:s}", "id", (json_int_t)r.id, "model_id",
				  (json_int_t)model_id, "year", year, "outcome",
				  review_outcome_name(o));
	int rc = cli_audit(c, "create", "model_review", r.id, NULL, after);
	json_decref(after);
	return rc;
}

/*
** Model i of the demo: its unit, its year, and what became of it (every
** seventh retired two years on with its review; every fifth reviewed).
*/
static int demo_model(struct db_conn *c, size_t i, const int64_t *units, size_t n_units,
		      int64_t authority_id, int64_t *id, int *year, int *retired,
		      struct error *e)
{
	struct model *m = calloc(1, sizeof *m);
	if (!m)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	size_t theme = i % (sizeof themes / sizeof themes[0]);
	snprintf(m->name, sizeof m->name, "%s%s", themes[theme].name,
		 i >= sizeof themes / sizeof themes[0] ? " (nhân rộng)" : "");
	snprintf(m->field, sizeof m->field, "%s", themes[theme].field);
	m->org_id = units[(i * 5) % n_units];
	m->year = FIRST_YEAR + (int)((i * 3) % YEARS);
	snprintf(m->description, sizeof m->description,
		 "Mô hình được công nhận năm %d theo phong trào thi đua \"Dân vận khéo\".", m->year);
	int rc = 0;
	if (i % 7 == 3 && m->year + 2 <= FIRST_YEAR + YEARS - 1) {
		const char *why = reasons[i % (sizeof reasons / sizeof reasons[0])];
		rc = model_retire(m, m->year + 2, "", why, FIRST_YEAR + YEARS - 1, e);
		if (rc == 0)
			rc = add_model(c, m, e);
		if (rc == 0)
			rc = add_review(c, m->id, m->year + 2, REVIEW_RETIRE, why, authority_id, e);
	} else {
		rc = add_model(c, m, e);
		if (rc == 0 && i % 5 == 0 && m->year + 2 <= FIRST_YEAR + YEARS - 1)
			rc = add_review(c, m->id, m->year + 2, i % 10 ? REVIEW_STRENGTHEN : REVIEW_KEEP,
					i % 10 ? "Cần nhân rộng ra các địa bàn lân cận"
					       : "Duy trì tốt, phát huy hiệu quả",
					authority_id, e);
	}
	*id = m->id;
	*year = m->year;
	*retired = m->retired_year;
	free(m);
	return rc;
}

int demo_models(struct db_conn *c, const int64_t *units, size_t n_units, int64_t authority_id,
		struct error *e)
{
	enum { MODELS = 40, PICKED = 12 };
	struct compilation_item picked[PICKED];
	size_t n_picked = 0;
	memset(picked, 0, sizeof picked);
	for (size_t i = 0; i < MODELS && n_units > 0; i++) {
		int64_t id = 0;
		int year = 0, retired = 0;
		if (demo_model(c, i, units, n_units, authority_id, &id, &year, &retired, e) != 0)
			return -1;
		if (n_picked < PICKED && model_active_during(year, retired, 2021, 2025) && i % 3 != 1)
			picked[n_picked++].model_id = id;
	}
	struct compilation k;
	memset(&k, 0, sizeof k);
	k.org_id = authority_id;
	snprintf(k.title, sizeof k.title, "Các mô hình tiêu biểu giai đoạn 2021–2025");
	k.from_year = 2021;
	k.to_year = 2025;
	k.rationale = "Mô hình có kết quả rõ rệt, được nhân dân đồng tình hưởng ứng và đã được "
		      "nhân rộng; xếp theo mức độ lan tỏa do Hội đồng thi đua đánh giá.";
	if (store_compilation_insert(c, &k, picked, n_picked, e) != 0)
		return -1;
	json_t *after = json_pack("{s:I, s:s, s:i}", "id", (json_int_t)k.id, "title", k.title,
				  "items", (int)n_picked);
	int rc = cli_audit(c, "create", "compilation", k.id, NULL, after);
	json_decref(after);
	return rc;
}
