/*
** The demo's emulation movements: "Dân vận khéo" 2021–2025 launched by
** the central Organization Commission for the provincial boards (the
** boards merged away in 2025 took part until then), this year's movement
** of the same commission, and the Ministry of Home Affairs' office-
** culture movement for 2026–2030. Most units registered, a few did not;
** the demo unit officer's unit has not registered for this year's, so
** that it can try.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_out.h"
#include "cli/cli.h"
#include "cli/cli_demo.h"
#include "core/clock.h"
#include "store/store.h"

struct demo_movement {
	const char *name, *goals, *starts_on, *ends_on;
	int authority; /* 0: the commission, 1: the ministry */
	int skip_every; /* every n-th expected unit has not registered */
};

static const struct demo_movement movements[] = {
	{"Dân vận khéo",
	 "Thực hiện Chỉ thị số 16-CT/TW về tăng cường thực hiện phong trào thi đua \"Dân vận "
	 "khéo\": mỗi ban tổ chức tỉnh ủy, thành ủy xây dựng ít nhất năm mô hình dân vận khéo "
	 "mỗi năm, nhân rộng các mô hình tiêu biểu, gắn phong trào với công tác xây dựng Đảng "
	 "và chính quyền cơ sở.",
	 "2021-01-01", "2025-12-31", 0, 6},
	{"Đổi mới, sáng tạo trong công tác tổ chức xây dựng Đảng năm 2026",
	 "Hoàn thành sắp xếp tổ chức bộ máy sau hợp nhất tỉnh; chuẩn hóa hồ sơ đảng viên điện "
	 "tử; đào tạo, bồi dưỡng cán bộ làm công tác tổ chức cấp xã.",
	 "2026-01-01", "2026-12-31", 0, 4},
	{"Thi đua thực hiện văn hóa công sở giai đoạn 2026–2030",
	 "Xây dựng công sở văn minh, hiện đại; 100% cán bộ, công chức thực hiện quy tắc ứng xử; "
	 "không có cán bộ vi phạm kỷ luật hành chính.",
	 "2026-03-01", "2030-12-31", 1, 5},
};

static const char *const commitments[] = {
	"Xây dựng ít nhất 5 mô hình dân vận khéo mỗi năm",
	"100% cán bộ, công chức đăng ký và thực hiện",
	"Hoàn thành trước thời hạn các chỉ tiêu được giao",
	NULL, /* some register without a written commitment */
};

/* When a unit registered: a fortnight into the movement, or into the unit's life. */
static void registered_at(struct db_conn *c, const struct demo_movement *dm, int64_t org_id,
			  char *out, size_t n)
{
	struct org o;
	struct error lookup;
	const char *from = dm->starts_on;
	/* the unit is one the movement expects: it exists */
	if (store_org_get(c, org_id, &o, &lookup) == 0 && o.active_from[0] &&
	    strcmp(o.active_from, from) > 0)
		from = o.active_from;
	snprintf(out, n, "%.8s15T02:30:00Z", from);
}

static int register_units(struct db_conn *c, const struct demo_movement *dm,
			  const struct movement *m, int64_t keep_open, struct error *e)
{
	struct movement_unit *units = NULL;
	size_t n = 0;
	if (store_movement_expected(c, m, &units, &n, e) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (units[i].org_id == keep_open || (int)(i % dm->skip_every) == dm->skip_every - 1)
			continue;
		struct registration r;
		memset(&r, 0, sizeof r);
		r.movement_id = m->id;
		r.org_id = units[i].org_id;
		const char *what = commitments[i % (sizeof commitments / sizeof *commitments)];
		snprintf(r.commitment, sizeof r.commitment, "%s", what ? what : "");
		registered_at(c, dm, r.org_id, r.registered_at, sizeof r.registered_at);
		char key[48];
		snprintf(key, sizeof key, "%lld/%lld", (long long)m->id, (long long)r.org_id);
		if (store_registration_insert(c, &r, e) != 0) {
			rc = -1;
			break;
		}
		json_t *after = registration_json(&r, units[i].name);
		rc = cli_audit_as(c, "create", "movement_registration", key, NULL, after);
		json_decref(after);
	}
	free(units);
	return rc;
}

int demo_movements(struct db_conn *c, const int64_t authority_ids[2], int64_t keep_open,
		   struct error *e)
{
	char today[11];
	clock_today(today);
	for (size_t i = 0; i < sizeof movements / sizeof *movements; i++) {
		const struct demo_movement *dm = &movements[i];
		struct movement m;
		memset(&m, 0, sizeof m);
		m.org_id = authority_ids[dm->authority];
		snprintf(m.name, sizeof m.name, "%s", dm->name);
		snprintf(m.starts_on, sizeof m.starts_on, "%s", dm->starts_on);
		snprintf(m.ends_on, sizeof m.ends_on, "%s", dm->ends_on);
		m.goals = strdup(dm->goals);
		int rc = -1;
		if (m.goals && store_movement_insert(c, &m, e) == 0) {
			/* read back as the API answers it, with its org's name */
			int64_t id = m.id;
			movement_free(&m);
			if (store_movement_get(c, id, &m, e) == 0) {
				json_t *after = movement_json(&m, today);
				rc = cli_audit(c, "create", "movement", m.id, NULL, after);
				json_decref(after);
			}
		}
		if (rc == 0)
			rc = register_units(c, dm, &m, keep_open, e);
		movement_free(&m);
		if (rc != 0)
			return -1;
	}
	return 0;
}
