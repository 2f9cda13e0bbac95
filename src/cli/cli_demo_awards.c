/*
** The demo's award history and proposals, so that `make run` shows
** eligibility at work: in the demo unit officer's unit, one cadre with
** three years of grassroots emulation fighter on paper decisions (close
** to the provincial title), one advanced worker of 2026 whose proposal
** for grassroots emulation fighter awaits the authority's review, and one
** draft proposal for a cadre without the advanced-worker title (the
** eligibility shows why it cannot be submitted).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "api/json_out.h"
#include "cli/cli_demo.h"
#include "domain/authz.h"
#include "store/store.h"

static int record(struct db_conn *c, const char *type, int64_t person_id, int year,
		  struct error *e)
{
	struct award a;
	memset(&a, 0, sizeof a);
	snprintf(a.award_type, sizeof a.award_type, "%s", type);
	snprintf(a.decision_ref, sizeof a.decision_ref, "%d/QĐ-BTCĐB ngày 20/12/%d",
		 40 + year % 100, year);
	a.person_id = person_id;
	a.year = year;
	if (store_award_record(c, &a, NULL, e) != 0)
		return -1;
	json_t *after = award_json(&a);
	int rc = cli_audit(c, "record", "award", a.id, NULL, after);
	json_decref(after);
	return rc;
}

static int propose(struct db_conn *c, int64_t person_id, int64_t unit_id,
		   int64_t authority_id, const char *grounds, enum proposal_status status,
		   struct error *e)
{
	struct proposal p;
	struct rule_set rs;
	char day[11];
	memset(&p, 0, sizeof p);
	rules_judging_date(2026, day);
	if (store_rule_set_on(c, day, &rs, e) != 0)
		return -1;
	snprintf(p.award_type, sizeof p.award_type, "CSTDCS");
	p.rule_set_id = rs.id;
	rule_set_free(&rs);
	p.nominee_person_id = person_id;
	p.proposer_org_id = unit_id;
	p.authority_id = authority_id;
	p.year = 2026;
	p.grounds = strdup(grounds);
	int rc = -1;
	if (p.grounds && store_proposal_insert(c, &p, e) == 0) {
		p.status = status;
		rc = store_proposal_update(c, &p, e);
	}
	proposal_free(&p);
	return rc;
}

int demo_awards(struct db_conn *c, int64_t unit_id, int64_t authority_id, struct error *e)
{
	struct person_filter f = {.org_id = unit_id, .gender = -1, .party_member = -1,
				  .scope_kind = SCOPE_ALL, .page = {20, 0}};
	struct person *people = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_person_list(c, &f, &people, &n, &total, e) != 0)
		return -1;
	int rc = -1;
	if (n < 6) {
		err_set(e, ERR_INTERNAL, "demo", NULL, "the demo unit has too few people");
		goto out;
	}
	/* the last people in name order, away from those the tests pick first */
	int64_t veteran = people[n - 1].id, advanced = people[n - 2].id, newcomer = people[n - 3].id;
	for (int year = 2023; year <= 2025; year++)
		if (record(c, "LDTT", veteran, year, e) != 0 ||
		    record(c, "CSTDCS", veteran, year, e) != 0)
			goto out;
	if (record(c, "LDTT", advanced, 2026, e) != 0 ||
	    propose(c, advanced, unit_id, authority_id,
		    "Hoàn thành xuất sắc nhiệm vụ năm 2026; chủ trì số hóa hồ sơ khen thưởng "
		    "của Ban.",
		    PROPOSAL_SUBMITTED, e) != 0 ||
	    propose(c, newcomer, unit_id, authority_id,
		    "Đồng chí có nhiều đóng góp trong công tác tổ chức cán bộ năm 2026.",
		    PROPOSAL_DRAFT, e) != 0)
		goto out;
	rc = 0;
out:
	free(people);
	return rc;
}
