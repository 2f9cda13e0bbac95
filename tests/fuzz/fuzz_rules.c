/*
** The law as data: any JSON document through rule_set_from_json (the body
** of POST and PUT /api/v1/rule-sets, and every stored set the server
** reads back), and each set it accepts through the eligibility engine
** (eligibility_check) and the answers built from it (eligibility_json,
** award_type_json).
**
** Input: a JSON document up to the first NUL byte, then facts for the
** engine (below). A document that starts with '@' and a digit d is the
** shipped rule set d (data/rule_sets/, in the binary) with the JSON after
** "@d" applied to it as a merge patch (RFC 7386: null removes a key, an
** object patches an object), where an object patches an array by index
** ("3": {...} patches element 3, "3": null removes it, "-" appends), so
** that small inputs reach the real sets' corners.
**
** Facts, after the NUL:
**   byte 0   the year judged: 1995 + b % 40
**   byte 1   bits 0-1 the cluster ballot's verdict (0, 3 unknown, 1 no,
**            2 yes), bit 2 a proposal (id 7) being judged, bits 3-6 the
**            collective's member count, bit 7 a judging day from byte 2
**            (else 31 December of the year)
**   byte 2   that day: month and day
**   then records of 4 bytes (kind, a, b, c): kind % 6 picks an award
**   (type a among the set's, year from b), a rating (year a, rating b), an
**   initiative (level a, year b, used by c), a hold (kind a, from b, end
**   c), a member's award or a member's hold (holder among the members).
**   Facts are as the store loads them: one rating a year, ended holds end
**   on or after they start, members' awards of the year judged only.
**
** Invariants: a document is accepted or refused with 422 naming the
** offending field (in the answer a client reads too), never anything
** else; an accepted set is what was sent (every award type and condition
** read, codes valid and unique, each award a condition or quota names a
** type of the set, any_of options right after their any_of, no nested
** any_of, every number in its range), reads back the same from the text
** the store keeps (json_dumps, as store_rule_set_save) and, but for a
** share one part per 10,000 apart, from the answer GET /rule-sets/{id}
** gives (resp_json), and its periods agree with rule_set_covers and
** rule_sets_overlap. For each award type the engine answers within
** ELIGIBILITY_RESULTS_MAX, a result per condition in order (the general
** ones first), each met as a plain reading of the condition's kind on the
** facts (data/rule_sets/README.md), any_of the best of its options, the
** verdict and unknown count following from them; a met initiative
** condition names a free initiative that fits, the one the proposal
** holds or else one of the lowest level that suffices, and a met any_of
** rests on at most one initiative, none when an option needs none;
** eligibility_json and award_type_json encode all of it, in the shape
** fuzz_award.h checks, and eligibility_require refuses with 409 exactly
** when the verdict is no; quota_check lets one more award through exactly
** while it stays within max, or within share × the holders.
**
** FUZZ_RULES_TRACE=1 prints what each input did (replaying a finding).
*/
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "api/awards.h"
#include "api/json_out.h"
#include "core/clock.h"
#include "core/embedded.h"
#include "domain/award.h"
#include "domain/eligibility.h"
#include "domain/rules.h"
#include "http/request.h"
#include "fuzz_answer.h"
#include "fuzz_award.h"
#include "fuzz_mhd.h"
#include "fuzz_util.h"

static int tracing;

/* ---- the input document ---- */

/*
** target patched by patch (new references; target may be NULL): an object
** patches an object key by key and an array element by element, anything
** else replaces.
*/
static json_t *patched(json_t *target, json_t *patch)
{
	const char *key;
	json_t *v;
	if (!json_is_object(patch))
		return json_deep_copy(patch);
	if (json_is_array(target)) {
		json_t *out = json_deep_copy(target);
		json_object_foreach(patch, key, v) {
			if (strcmp(key, "-") == 0) {
				if (!json_is_null(v))
					json_array_append_new(out, patched(NULL, v));
				continue;
			}
			char *end;
			long i = strtol(key, &end, 10);
			if (end == key || *end || i < 0 || (size_t)i >= json_array_size(out))
				continue;
			if (json_is_null(v))
				json_array_remove(out, (size_t)i);
			else
				json_array_set_new(out, (size_t)i,
						   patched(json_array_get(out, (size_t)i), v));
		}
		return out;
	}
	json_t *out = json_is_object(target) ? json_deep_copy(target) : json_object();
	json_object_foreach(patch, key, v) {
		if (json_is_null(v))
			json_object_del(out, key);
		else
			json_object_set_new(out, key, patched(json_object_get(out, key), v));
	}
	return out;
}

/* The document the input stands for, or NULL when it is not JSON. */
static json_t *document(const char *text, size_t len)
{
	size_t n_shipped = 0;
	while (rule_set_files[n_shipped].name)
		n_shipped++;
	if (len >= 2 && text[0] == '@' && text[1] >= '0' && text[1] <= '9' && n_shipped) {
		const struct embedded_file *f = &rule_set_files[(size_t)(text[1] - '0') % n_shipped];
		json_t *base = json_loadb((const char *)f->data, f->size, 0, NULL);
		FUZZ_CHECK(base != NULL, "shipped rule set %s is not JSON", f->name);
		json_t *patch = len > 2 ? json_loadb(text + 2, len - 2,
						     JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL)
					: json_object();
		json_t *doc = patch ? patched(base, patch) : NULL;
		json_decref(base);
		json_decref(patch);
		return doc;
	}
	return json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
}

/* A refusal names the offending field, in the struct and in the 422 answer a client reads. */
static void check_names_field(const struct error *e)
{
	FUZZ_CHECK(e->field[0] != 0, "refused without naming a field: %s", e->message);
	struct response out;
	memset(&out, 0, sizeof out);
	resp_error(&out, e);
	json_t *j = json_loadb(out.body, out.len, 0, NULL);
	const char *field = json_string_value(json_object_get(json_object_get(j, "error"), "field"));
	FUZZ_CHECK(field && field[0], "the 422 answer does not name the field (%s): %.*s", e->field,
		   (int)out.len, out.body);
	json_decref(j);
	free(out.body);
}

/* ---- an accepted set is what was sent ---- */

static int valid_code(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

static void check_text(const char *s, size_t size, int required, const char *what)
{
	size_t n = strnlen(s, size);
	FUZZ_CHECK(n < size, "%s is not terminated", what);
	FUZZ_CHECK(!required || n > 0, "%s is empty", what);
	FUZZ_CHECK(u8_check((const uint8_t *)s, n) == NULL, "%s is not UTF-8", what);
}

/* Conditions in the document: each one, and each option of an any_of. */
static size_t conditions_sent(json_t *arr)
{
	size_t n = 0, i;
	json_t *c;
	json_array_foreach(arr, i, c)
		n += 1 + json_array_size(json_object_get(c, "any_of"));
	return n;
}

static void check_conditions(const struct rule_set *rs, const struct condition *conds,
			     size_t n, json_t *sent, const char *list)
{
	FUZZ_CHECK(n <= AWARD_CONDITIONS_MAX, "%s: %zu conditions", list, n);
	FUZZ_CHECK(n == conditions_sent(sent), "%s: %zu conditions read of %zu sent", list, n,
		   conditions_sent(sent));
	size_t options_left = 0;
	for (size_t i = 0; i < n; i++) {
		const struct condition *c = &conds[i];
		FUZZ_CHECK(c->kind >= COND_HOLDS && c->kind <= COND_ANY_OF, "%s[%zu]: kind %d", list,
			   i, (int)c->kind);
		FUZZ_CHECK(valid_code(c->code, AWARD_CODE_CHARS * 2), "%s[%zu]: code '%s'", list, i,
			   c->code);
		check_text(c->text, sizeof c->text, 1, "condition text");
		check_text(c->basis, sizeof c->basis, 1, "condition basis");
		int needs_award = c->kind == COND_HOLDS || c->kind == COND_COUNT ||
				  c->kind == COND_HELD_BEFORE || c->kind == COND_MEMBERS_SHARE ||
				  c->kind == COND_MEMBER_HOLDS;
		FUZZ_CHECK(!needs_award || c->award[0], "%s[%zu]: a %s without its award", list, i,
			   condition_kind_name(c->kind));
		FUZZ_CHECK(!c->award[0] || (valid_code(c->award, AWARD_CODE_CHARS) &&
					    rule_set_find(rs, c->award)),
			   "%s[%zu]: award '%s' is not a type of the set", list, i, c->award);
		FUZZ_CHECK(c->times >= 1 && c->times <= 20 && c->span >= 1 && c->span <= 10 &&
				   c->offset >= 0 && c->offset <= 30 && c->window >= 1 &&
				   c->window <= 30,
			   "%s[%zu]: times %d span %d offset %d window %d", list, i, c->times,
			   c->span, c->offset, c->window);
		if (c->kind == COND_COUNT || c->kind == COND_RATING)
			FUZZ_CHECK(c->times <= c->window, "%s[%zu]: times %d over window %d", list, i,
				   c->times, c->window);
		FUZZ_CHECK(c->rating >= RATING_NOT_COMPLETED && c->rating <= RATING_EXCELLENT &&
				   c->level >= LEVEL_GRASSROOTS && c->level <= LEVEL_STATE,
			   "%s[%zu]: rating %d level %d", list, i, (int)c->rating, (int)c->level);
		FUZZ_CHECK(c->share >= 0 && c->share <= 10000, "%s[%zu]: share %d", list, i,
			   c->share);
		FUZZ_CHECK(c->kind != COND_MEMBERS_SHARE || c->share > 0,
			   "%s[%zu]: members_share without a share", list, i);
		if (options_left) {
			FUZZ_CHECK(c->in_any && c->kind != COND_ANY_OF && c->children == 0,
				   "%s[%zu]: an option that is not one (in_any %d, kind %s)", list, i,
				   c->in_any, condition_kind_name(c->kind));
			options_left--;
			continue;
		}
		FUZZ_CHECK(!c->in_any, "%s[%zu]: an option after no any_of", list, i);
		if (c->kind == COND_ANY_OF) {
			FUZZ_CHECK(c->children >= 2 && i + (size_t)c->children < n,
				   "%s[%zu]: any_of of %d options among %zu", list, i, c->children, n);
			options_left = (size_t)c->children;
		} else {
			FUZZ_CHECK(c->children == 0, "%s[%zu]: children %d", list, i, c->children);
		}
	}
	FUZZ_CHECK(options_left == 0, "%s: options missing", list);
}

static void check_set(const struct rule_set *rs, json_t *doc)
{
	FUZZ_CHECK(valid_code(rs->code, RULE_SET_CODE_CHARS), "set code '%s'", rs->code);
	check_text(rs->name, sizeof rs->name, 1, "set name");
	check_text(rs->basis, sizeof rs->basis, 1, "set basis");
	check_text(rs->quorum_basis, sizeof rs->quorum_basis, rs->council_quorum > 0,
		   "council_quorum_basis");
	FUZZ_CHECK(clock_valid_date(rs->effective_from), "effective_from '%s'", rs->effective_from);
	FUZZ_CHECK(!rs->effective_until[0] || (clock_valid_date(rs->effective_until) &&
					      strcmp(rs->effective_until, rs->effective_from) >= 0),
		   "effective_until '%s' (from %s)", rs->effective_until, rs->effective_from);
	FUZZ_CHECK(rs->council_quorum >= 0 && rs->council_quorum <= 10000, "council_quorum %d",
		   rs->council_quorum);
	check_conditions(rs, rs->general, rs->n_general,
			 json_object_get(doc, "general_conditions"), "general_conditions");
	json_t *types = json_object_get(doc, "award_types");
	FUZZ_CHECK(rs->n_types >= 1 && rs->n_types <= AWARD_TYPES_MAX && rs->types,
		   "%zu award types", rs->n_types);
	FUZZ_CHECK(rs->n_types == json_array_size(types), "%zu award types read of %zu sent",
		   rs->n_types, json_array_size(types));
	for (size_t i = 0; i < rs->n_types; i++) {
		const struct award_type *t = &rs->types[i];
		FUZZ_CHECK(valid_code(t->code, AWARD_CODE_CHARS), "type %zu: code '%s'", i, t->code);
		FUZZ_CHECK(rule_set_find(rs, t->code) == t, "type %s: found elsewhere (twice?)",
			   t->code);
		check_text(t->name, sizeof t->name, 1, "type name");
		check_text(t->conferred_by, sizeof t->conferred_by, 1, "conferred_by");
		check_text(t->basis, sizeof t->basis, 1, "type basis");
		check_text(t->vote_basis, sizeof t->vote_basis, t->vote_threshold > 0, "vote_basis");
		FUZZ_CHECK(t->level >= LEVEL_GRASSROOTS && t->level <= LEVEL_STATE, "%s: level %d",
			   t->code, (int)t->level);
		FUZZ_CHECK(t->subject >= 1 && t->subject <= 3, "%s: subject %u", t->code, t->subject);
		FUZZ_CHECK(award_type_fits(t, 1) || award_type_fits(t, 0), "%s fits nobody", t->code);
		FUZZ_CHECK(t->vote_threshold >= 0 && t->vote_threshold <= 10000,
			   "%s: vote_threshold %d", t->code, t->vote_threshold);
		FUZZ_CHECK(t->confidence == 'V' || t->confidence == 'I', "%s: confidence %d",
			   t->code, t->confidence);
		FUZZ_CHECK(isfinite(t->reward) && t->reward >= 0 && t->reward <= 1000,
			   "%s: reward %g", t->code, t->reward);
		const struct quota *q = &t->quota;
		FUZZ_CHECK(q->kind >= QUOTA_NONE && q->kind <= QUOTA_SHARE_OF_HOLDERS,
			   "%s: quota kind %d", t->code, (int)q->kind);
		if (q->kind != QUOTA_NONE) {
			check_text(q->text, sizeof q->text, 1, "quota text");
			check_text(q->basis, sizeof q->basis, 1, "quota basis");
			FUZZ_CHECK(q->max >= 1 && q->max <= 1000, "%s: quota max %d", t->code, q->max);
		}
		FUZZ_CHECK(q->kind != QUOTA_SHARE_OF_HOLDERS ||
				   (q->share > 0 && q->share <= 10000 && q->of[0]),
			   "%s: share_of_holders quota of %d of '%s'", t->code, q->share, q->of);
		FUZZ_CHECK(!q->of[0] || rule_set_find(rs, q->of), "%s: quota of unknown '%s'",
			   t->code, q->of);
		check_conditions(rs, t->conds, t->n_conds,
				 json_object_get(json_array_get(types, i), "conditions"), t->code);
	}
}

/*
** A share read back within `slack` parts per 10,000 (and a reward within
** 15 digits) of what was read: taken as the same.
*/
static int near_share(int a, int b, int slack)
{
	return a - b <= slack && b - a <= slack;
}

static void close_conditions(const struct condition *a, struct condition *b, size_t n,
			     int slack)
{
	for (size_t k = 0; k < n; k++)
		if (near_share(a[k].share, b[k].share, slack))
			b[k].share = a[k].share;
}

/* Do a and b read the same (shares within slack parts per 10,000)? */
static void check_same_set(const struct rule_set *a, const struct rule_set *b, const char *how,
			   int slack)
{
	FUZZ_CHECK(strcmp(a->code, b->code) == 0 && strcmp(a->name, b->name) == 0 &&
			   strcmp(a->basis, b->basis) == 0 &&
			   strcmp(a->effective_from, b->effective_from) == 0 &&
			   strcmp(a->effective_until, b->effective_until) == 0 &&
			   near_share(a->council_quorum, b->council_quorum, slack) &&
			   strcmp(a->quorum_basis, b->quorum_basis) == 0,
		   "the set changed %s: quorum %d read back as %d", how, a->council_quorum,
		   b->council_quorum);
	static struct condition general[AWARD_CONDITIONS_MAX];
	static struct award_type y;
	FUZZ_CHECK(a->n_general == b->n_general, "the general conditions changed %s", how);
	memcpy(general, b->general, sizeof general);
	close_conditions(a->general, general, a->n_general, slack);
	FUZZ_CHECK(memcmp(a->general, general, a->n_general * sizeof *a->general) == 0,
		   "the general conditions changed %s", how);
	FUZZ_CHECK(a->n_types == b->n_types, "%zu types read back as %zu %s", a->n_types,
		   b->n_types, how);
	for (size_t i = 0; i < a->n_types; i++) {
		const struct award_type *x = &a->types[i];
		y = b->types[i];
		if (slack) {
			if (near_share(x->vote_threshold, y.vote_threshold, slack))
				y.vote_threshold = x->vote_threshold;
			if (near_share(x->quota.share, y.quota.share, slack))
				y.quota.share = x->quota.share;
			if (fabs(x->reward - y.reward) <= 1e-14 * fabs(x->reward))
				y.reward = x->reward;
			close_conditions(x->conds, y.conds, x->n_conds, slack);
		}
		FUZZ_CHECK(memcmp(x, &y, sizeof *x) == 0,
			   "type %s changed %s: threshold %d reward %.17g quota share %d, read back "
			   "as %d, %.17g, %d",
			   x->code, how, x->vote_threshold, x->reward, x->quota.share,
			   b->types[i].vote_threshold, b->types[i].reward, b->types[i].quota.share);
	}
}

static void check_round_trips(const struct rule_set *rs, json_t *doc)
{
	struct rule_set back;
	struct error e;

	/* what the store keeps and reads back (store_rule_set_save, parse_row) */
	char *kept = json_dumps(doc, JSON_COMPACT);
	FUZZ_CHECK(kept != NULL, "an accepted document does not encode");
	json_t *again = json_loads(kept, 0, NULL);
	FUZZ_CHECK(again != NULL, "the stored text does not parse: %s", kept);
	err_clear(&e);
	FUZZ_CHECK(rule_set_from_json(again, &back, &e) == 0,
		   "the stored set no longer validates: %s: %s", e.field, e.message);
	check_same_set(rs, &back, "in the store", 0);
	rule_set_free(&back);
	json_decref(again);

	/*
	** The document GET /rule-sets/{id} answers (resp_json: its numbers
	** to 15 digits), sent back by PUT; read again only when its text
	** differs from what the store keeps (a set is large to read). A
	** share may come back one part per 10,000 apart: 0.00019999999989999952
	** is 1 (shares are cut, after 1e-9), printed 0.0001999999999 it is 2
	** (corpus: resent_threshold_cut; reported, not held against the code).
	*/
	struct response out;
	memset(&out, 0, sizeof out);
	resp_json(&out, 200, json_incref(doc));
	FUZZ_CHECK(out.status == 200 && out.body, "the document does not encode as an answer");
	if (out.len != strlen(kept) || memcmp(out.body, kept, out.len) != 0) {
		struct fake_conn conn = {.content_type = "application/json"};
		struct request rq;
		memset(&rq, 0, sizeof rq);
		rq.method = "PUT";
		rq.path = "/api/v1/rule-sets/1";
		rq.body = out.body;
		rq.body_len = out.len;
		rq.mhd = fake_mhd(&conn);
		err_clear(&e);
		json_t *resent = req_json_object(&rq, &e);
		FUZZ_CHECK(resent != NULL, "the answered document does not read back: %s",
			   e.message);
		err_clear(&e);
		FUZZ_CHECK(rule_set_from_json(resent, &back, &e) == 0,
			   "the answered document is refused when sent back: %s: %s", e.field,
			   e.message);
		check_same_set(rs, &back, "sent back from the answer", 1);
		rule_set_free(&back);
		json_decref(resent);
	}
	free(out.body);
	free(kept);
}

/* ---- periods ---- */

static struct rule_set shipped[4];
static size_t n_shipped_sets;

static void check_periods(const struct rule_set *rs)
{
	FUZZ_CHECK(rule_set_covers(rs, rs->effective_from), "%s does not cover its first day",
		   rs->code);
	if (rs->effective_until[0])
		FUZZ_CHECK(rule_set_covers(rs, rs->effective_until) &&
				   (strcmp(rs->effective_until, "9999-12-31") == 0 ||
				    !rule_set_covers(rs, "9999-12-31")),
			   "%s: its last day", rs->code);
	else
		FUZZ_CHECK(rule_set_covers(rs, "9999-12-31"), "%s: open-ended", rs->code);
	FUZZ_CHECK(!rule_set_covers(rs, "0000-01-01") || strcmp(rs->effective_from, "0000-01-01") == 0,
		   "%s covers year 0", rs->code);
	FUZZ_CHECK(rule_sets_overlap(rs, rs), "%s does not overlap itself", rs->code);
	for (size_t k = 0; k < n_shipped_sets; k++) {
		const struct rule_set *o = &shipped[k];
		/* a day in both: the later start, on or before the earlier end */
		const char *start = strcmp(rs->effective_from, o->effective_from) > 0
					    ? rs->effective_from
					    : o->effective_from;
		int want = rule_set_covers(rs, start) && rule_set_covers(o, start);
		FUZZ_CHECK(rule_sets_overlap(rs, o) == want && rule_sets_overlap(o, rs) == want,
			   "%s (%s..%s) and %s (%s..%s): overlap %d/%d, want %d", rs->code,
			   rs->effective_from, rs->effective_until, o->code, o->effective_from,
			   o->effective_until, rule_sets_overlap(rs, o), rule_sets_overlap(o, rs),
			   want);
	}
}

/* ---- facts ---- */

#define FACTS_MAX 48
#define PROPOSAL_ID 7

struct facts {
	struct eligibility_facts f;
	int year;
	char date[11];
	struct award_fact awards[FACTS_MAX], member_awards[FACTS_MAX];
	struct rating_fact ratings[FACTS_MAX];
	struct initiative_fact initiatives[FACTS_MAX];
	struct hold_fact holds[FACTS_MAX], member_holds[FACTS_MAX];
};

static void day_of(char out[11], int year, unsigned b)
{
	snprintf(out, 11, "%04d-%02u-%02u", year, b % 12 + 1, (b / 12) % 28 + 1);
}

/* A hold of kind a, starting in a year around y (b), open or ending later (c). */
static void make_hold(struct hold_fact *h, int y, unsigned a, unsigned b, unsigned c)
{
	memset(h, 0, sizeof *h);
	h->kind = (enum hold_kind)(a % 3);
	day_of(h->from, y - 1 + (int)(b % 3), b / 3);
	if (c & 1) {
		char until[11];
		day_of(until, y - 1 + (int)((c >> 1) % 4), c >> 3);
		if (strcmp(until, h->from) < 0)
			memcpy(until, h->from, sizeof until);
		memcpy(h->until, until, sizeof until);
	}
}

static void read_facts(const struct rule_set *rs, const uint8_t *p, size_t len, struct facts *x)
{
	memset(x, 0, sizeof *x);
	x->f.cluster_vote = TRI_UNKNOWN;
	x->year = 2026;
	rules_judging_date(x->year, x->date);
	if (len < 3)
		return;
	x->year = 1995 + p[0] % 40;
	unsigned flags = p[1];
	x->f.cluster_vote = (flags & 3) == 1 ? TRI_NO : (flags & 3) == 2 ? TRI_YES : TRI_UNKNOWN;
	x->f.proposal_id = flags & 4 ? PROPOSAL_ID : 0;
	x->f.n_members = (flags >> 3) & 15;
	if (flags & 128)
		day_of(x->date, x->year, p[2]);
	else
		rules_judging_date(x->year, x->date);
	p += 3;
	len -= 3;
	int y = x->year;
	for (; len >= 4; p += 4, len -= 4) {
		unsigned a = p[1], b = p[2], c = p[3];
		switch (p[0] % 6) {
		case 0:
			if (x->f.n_awards < FACTS_MAX) {
				struct award_fact *f = &x->awards[x->f.n_awards++];
				snprintf(f->type, sizeof f->type, "%s", rs->types[a % rs->n_types].code);
				f->year = y + 1 - (int)(b % 12);
				f->holder = 0;
			}
			break;
		case 1: {
			int year = y + 1 - (int)(a % 8), seen = 0;
			for (size_t i = 0; i < x->f.n_ratings; i++)
				seen |= x->ratings[i].year == year;
			if (!seen && x->f.n_ratings < FACTS_MAX) {
				x->ratings[x->f.n_ratings].year = year;
				x->ratings[x->f.n_ratings++].rating = (enum rating)(b % 4);
			}
			break;
		}
		case 2:
			if (x->f.n_initiatives < FACTS_MAX) {
				struct initiative_fact *f = &x->initiatives[x->f.n_initiatives];
				f->id = 100 + (int64_t)x->f.n_initiatives++;
				f->level = (enum award_level)(a % 3);
				f->year = y + 1 - (int)(b % 6);
				f->used_by = c % 3 == 0 ? 0 : c % 3 == 1 ? PROPOSAL_ID : 99;
			}
			break;
		case 3:
			if (x->f.n_holds < FACTS_MAX)
				make_hold(&x->holds[x->f.n_holds++], y, a, b, c);
			break;
		case 4:
			if (x->f.n_member_awards < FACTS_MAX && x->f.n_members) {
				struct award_fact *f = &x->member_awards[x->f.n_member_awards++];
				snprintf(f->type, sizeof f->type, "%s", rs->types[a % rs->n_types].code);
				f->year = y;
				f->holder = 1 + (int64_t)(b % x->f.n_members);
			}
			break;
		default:
			if (x->f.n_member_holds < FACTS_MAX)
				make_hold(&x->member_holds[x->f.n_member_holds++], y, a, b, c);
			break;
		}
	}
	x->f.awards = x->awards;
	x->f.member_awards = x->member_awards;
	x->f.ratings = x->ratings;
	x->f.initiatives = x->initiatives;
	x->f.holds = x->holds;
	x->f.member_holds = x->member_holds;
}

/* ---- the engine against a plain reading of each kind (data/rule_sets/README.md) ---- */

static int held(const struct eligibility_facts *f, const char *type, int year)
{
	for (size_t i = 0; i < f->n_awards; i++)
		if (f->awards[i].year == year && strcmp(f->awards[i].type, type) == 0)
			return 1;
	return 0;
}

static int open_on(const struct hold_fact *h, const char *day)
{
	return strcmp(h->from, day) <= 0 && (!h->until[0] || strcmp(day, h->until) <= 0);
}

static enum tri expected(const struct condition *c, int year, const char *date,
			 const struct eligibility_facts *f)
{
	switch (c->kind) {
	case COND_HOLDS: /* times times, span years apart, the last offset years before */
		for (int k = 0; k < c->times; k++)
			if (!held(f, c->award, year - c->offset - k * c->span))
				return TRI_NO;
		return TRI_YES;
	case COND_COUNT: {
		int n = 0;
		for (int y = year - c->window + 1; y <= year; y++)
			n += held(f, c->award, y);
		return n >= c->times ? TRI_YES : TRI_NO;
	}
	case COND_HELD_BEFORE:
		for (size_t i = 0; i < f->n_awards; i++)
			if (f->awards[i].year <= year - c->offset &&
			    strcmp(f->awards[i].type, c->award) == 0)
				return TRI_YES;
		return TRI_NO;
	case COND_RATING: {
		int good = 0, missing = 0;
		for (int y = year - c->window + 1; y <= year; y++) {
			int found = 0;
			for (size_t i = 0; i < f->n_ratings; i++)
				if (f->ratings[i].year == y) {
					found = 1;
					good += f->ratings[i].rating >= c->rating;
				}
			missing += !found;
		}
		if (good >= c->times)
			return TRI_YES;
		return good + missing >= c->times ? TRI_UNKNOWN : TRI_NO;
	}
	case COND_INITIATIVE: {
		int taken = 0;
		for (size_t i = 0; i < f->n_initiatives; i++) {
			const struct initiative_fact *in = &f->initiatives[i];
			if (in->level < c->level || in->year > year)
				continue;
			if (!in->used_by || (f->proposal_id && in->used_by == f->proposal_id))
				return TRI_YES;
			taken = 1;
		}
		return taken ? TRI_NO : TRI_UNKNOWN;
	}
	case COND_NOT_FROZEN:
		for (size_t i = 0; i < f->n_holds; i++)
			if (open_on(&f->holds[i], date))
				return TRI_NO;
		return TRI_YES;
	case COND_MEMBERS_SHARE:
	case COND_MEMBER_HOLDS: {
		if (!f->n_members)
			return TRI_UNKNOWN;
		size_t holding = 0;
		for (int64_t m = 1; m <= (int64_t)f->n_members; m++) {
			int has = 0;
			for (size_t i = 0; i < f->n_member_awards; i++)
				has |= f->member_awards[i].holder == m && f->member_awards[i].year == year &&
				       strcmp(f->member_awards[i].type, c->award) == 0;
			holding += has;
		}
		if (c->kind == COND_MEMBER_HOLDS)
			return holding ? TRI_YES : TRI_NO;
		/* holding / members >= share / 10,000 */
		return (double)holding / (double)f->n_members >= c->share / 10000.0 - 1e-12
			       ? TRI_YES
			       : TRI_NO;
	}
	case COND_MEMBERS_CLEAN: {
		char first[11], last[11];
		snprintf(first, sizeof first, "%04d-01-01", year);
		snprintf(last, sizeof last, "%04d-12-31", year);
		for (size_t i = 0; i < f->n_member_holds; i++) {
			const struct hold_fact *h = &f->member_holds[i];
			if (h->kind == HOLD_DISCIPLINE && strcmp(h->from, last) <= 0 &&
			    (!h->until[0] || strcmp(h->until, first) >= 0))
				return TRI_NO;
		}
		return TRI_YES;
	}
	case COND_CLUSTER_VOTE:
		return f->cluster_vote;
	case COND_ANY_OF:
		break;
	}
	return TRI_UNKNOWN;
}

/*
** The initiative a met initiative condition would use fits it (its level
** or above, recognized by the year, free or this proposal's), and is the
** one the proposal already holds, else one of the lowest level that
** suffices, so that a higher one stays for a higher title.
*/
static void check_initiative_used(const struct award_type *t, const struct facts *x,
				  const struct condition_result *r)
{
	FUZZ_CHECK(r->cond->kind == COND_INITIATIVE && r->met == TRI_YES, "%s: %s uses an initiative",
		   t->code, r->cond->code);
	const struct initiative_fact *used = NULL;
	int ours_fits = 0, lowest = LEVEL_STATE + 1;
	for (size_t k = 0; k < x->f.n_initiatives; k++) {
		const struct initiative_fact *in = &x->f.initiatives[k];
		int ours = x->f.proposal_id && in->used_by == x->f.proposal_id;
		if (in->level < r->cond->level || in->year > x->year || (in->used_by && !ours))
			continue;
		ours_fits |= ours;
		if ((int)in->level < lowest)
			lowest = (int)in->level;
		if (in->id == r->initiative_id)
			used = in;
	}
	FUZZ_CHECK(used != NULL, "%s: %s uses initiative %lld, which does not fit", t->code,
		   r->cond->code, (long long)r->initiative_id);
	if (ours_fits)
		FUZZ_CHECK(used->used_by == x->f.proposal_id,
			   "%s: %s uses initiative %lld, not the one the proposal holds", t->code,
			   r->cond->code, (long long)used->id);
	else
		FUZZ_CHECK((int)used->level == lowest,
			   "%s: %s uses initiative %lld at %s, where one at %s suffices", t->code,
			   r->cond->code, (long long)used->id, level_name(used->level),
			   level_name((enum award_level)lowest));
}

/*
** A met any_of rests on one option: on one that needs no initiative when
** there is one, else on the first initiative met, the only option then
** naming an initiative.
*/
static void check_options_initiatives(const struct award_type *t,
				      const struct condition_result *any, size_t n)
{
	const struct condition_result *opts = any + 1;
	int plain_met = 0;
	size_t first_init = n, named = 0;
	for (size_t k = 0; k < n; k++) {
		if (opts[k].met == TRI_YES && opts[k].cond->kind != COND_INITIATIVE)
			plain_met = 1;
		if (opts[k].met == TRI_YES && opts[k].cond->kind == COND_INITIATIVE && first_init == n)
			first_init = k;
		named += opts[k].initiative_id != 0;
	}
	if (any->met != TRI_YES || plain_met) {
		FUZZ_CHECK(named == 0, "%s: %s rests on no initiative, yet %zu option(s) name one",
			   t->code, any->cond->code, named);
		return;
	}
	FUZZ_CHECK(first_init < n && named == 1 && opts[first_init].initiative_id,
		   "%s: %s rests on an initiative: %zu option(s) name one, the first met at %zu",
		   t->code, any->cond->code, named, first_init);
}

static void check_results(const struct rule_set *rs, const struct award_type *t,
			  const struct facts *x, const struct eligibility *el)
{
	size_t want_n = rs->n_general + t->n_conds;
	FUZZ_CHECK(el->n <= ELIGIBILITY_RESULTS_MAX, "%s: %zu results", t->code, el->n);
	FUZZ_CHECK(el->n == want_n, "%s: %zu results for %zu conditions", t->code, el->n, want_n);
	int unmet = 0;
	size_t unknown = 0;
	for (size_t i = 0; i < el->n; i++) {
		const struct condition_result *r = &el->results[i];
		const struct condition *want =
			i < rs->n_general ? &rs->general[i] : &t->conds[i - rs->n_general];
		FUZZ_CHECK(r->cond == want, "%s: result %zu is not of condition %zu", t->code, i, i);
		FUZZ_CHECK(r->met == TRI_UNKNOWN || r->met == TRI_NO || r->met == TRI_YES,
			   "%s: result %zu met %d", t->code, i, (int)r->met);
		char detail[DETAIL_TEXT_MAX], vi[DETAIL_TEXT_MAX];
		eligibility_detail_text(&r->detail, rs, LANG_EN, detail, sizeof detail);
		eligibility_detail_text(&r->detail, rs, LANG_VI, vi, sizeof vi);
		FUZZ_CHECK(r->detail.kind != DETAIL_NONE && detail[0] && vi[0] &&
				   u8_check((const uint8_t *)detail, strlen(detail)) == NULL &&
				   u8_check((const uint8_t *)vi, strlen(vi)) == NULL &&
				   !strchr(detail, '{') && !strchr(vi, '{'),
			   "%s: result %zu detail is not a UTF-8 sentence: %s / %s", t->code, i,
			   detail, vi);
		enum tri exp;
		if (r->cond->kind == COND_ANY_OF) {
			int best = TRI_NO;
			for (int k = 1; k <= r->cond->children; k++)
				best = fz_best(best, el->results[i + (size_t)k].met);
			exp = (enum tri)best;
		} else {
			exp = expected(r->cond, x->year, x->date, &x->f);
		}
		FUZZ_CHECK(r->met == exp, "%s: condition %s (%s) met %d, a plain reading says %d: %s",
			   t->code, r->cond->code, condition_kind_name(r->cond->kind), (int)r->met,
			   (int)exp, detail);
		if (r->initiative_id)
			check_initiative_used(t, x, r);
		else if (!r->cond->in_any)
			FUZZ_CHECK(r->cond->kind != COND_INITIATIVE || r->met != TRI_YES,
				   "%s: %s met without an initiative", t->code, r->cond->code);
		if (r->cond->kind == COND_ANY_OF)
			check_options_initiatives(t, r, (size_t)r->cond->children);
		if (!r->cond->in_any) {
			unmet |= r->met == TRI_NO;
			unknown += r->met == TRI_UNKNOWN;
		}
	}
	FUZZ_CHECK(el->eligible == !unmet, "%s: eligible %d, a condition unmet %d", t->code,
		   el->eligible, unmet);
	FUZZ_CHECK(el->n_unknown == unknown, "%s: %zu unknown, counted %zu", t->code, el->n_unknown,
		   unknown);
}

static void check_answers(const struct rule_set *rs, const struct award_type *t,
			  const struct facts *x, const struct eligibility *el)
{
	json_t *j = eligibility_json(rs, t, x->year, x->date, el);
	FUZZ_CHECK(j != NULL, "%s: eligibility_json failed", t->code);
	FUZZ_CHECK(json_array_size(json_object_get(j, "conditions")) == el->n,
		   "%s: %zu conditions in the answer of %zu results", t->code,
		   json_array_size(json_object_get(j, "conditions")), el->n);
	check_eligibility_json(j, t->code);
	char *text = json_dumps(j, JSON_COMPACT);
	FUZZ_CHECK(text != NULL, "%s: the eligibility does not encode", t->code);
	free(text);
	json_decref(j);

	struct error e;
	err_clear(&e);
	int rc = eligibility_require(el, &e);
	FUZZ_CHECK((rc == 0) == (el->eligible != 0), "%s: eligibility_require %d, eligible %d",
		   t->code, rc, el->eligible);
	if (rc != 0) {
		FUZZ_CHECK(e.kind == ERR_CONFLICT && strcmp(e.code, "not_eligible") == 0,
			   "%s: refused with %s", t->code, e.code);
		check_answer(&e, 409);
	}
}

static void check_type_json(const struct award_type *t)
{
	json_t *j = award_type_json(t);
	FUZZ_CHECK(j != NULL, "%s: award_type_json failed", t->code);
	json_t *conds = json_object_get(j, "conditions");
	FUZZ_CHECK(json_array_size(conds) == t->n_conds, "%s: %zu conditions listed of %zu",
		   t->code, json_array_size(conds), t->n_conds);
	for (size_t i = 0; i < t->n_conds; i++)
		FUZZ_CHECK(fz_one_of(json_object_get(json_array_get(conds, i), "kind"),
				     fz_condition_kinds),
			   "%s: condition %zu listed without its kind", t->code, i);
	FUZZ_CHECK(fz_one_of(json_object_get(j, "level"), fz_levels), "%s: level", t->code);
	json_t *quota = json_object_get(j, "quota");
	FUZZ_CHECK(quota && (json_is_null(quota) == (t->quota.kind == QUOTA_NONE)),
		   "%s: quota listed as %s", t->code, json_is_null(quota) ? "none" : "one");
	char *text = json_dumps(j, JSON_COMPACT);
	FUZZ_CHECK(text != NULL, "%s: the award type does not encode", t->code);
	free(text);
	json_decref(j);
}

/* quota_check against the quota as the law states it (at most max, or share × holders). */
static void check_quota(const struct award_type *t)
{
	const struct quota *q = &t->quota;
	for (int64_t held = 0; held <= 4; held++)
		for (int64_t base = 0; base <= 24; base += 3) {
			struct error e;
			err_clear(&e);
			int ok = q->kind == QUOTA_PER_CLUSTER	     ? held + 1 <= q->max
				 : q->kind == QUOTA_SHARE_OF_HOLDERS ? (held + 1) * 10000 <= base * q->share
								     : 1;
			int rc = quota_check(t, held, base, &e);
			FUZZ_CHECK((rc == 0) == ok, "%s: quota_check(%lld held, %lld holders) %d, want %d",
				   t->code, (long long)held, (long long)base, rc, ok);
			if (rc != 0) {
				FUZZ_CHECK(e.kind == ERR_CONFLICT && strcmp(e.code, "quota_exceeded") == 0,
					   "%s: quota refused with %s", t->code, e.code);
				check_answer(&e, 409);
			}
		}
}

static void judge_all(const struct rule_set *rs, const uint8_t *p, size_t len)
{
	static struct facts none, some;
	static struct eligibility el;
	read_facts(rs, NULL, 0, &none);
	read_facts(rs, p, len, &some);
	if (tracing)
		fprintf(stderr, "year %d on %s: %zu awards, %zu ratings, %zu initiatives, %zu holds, "
				"%zu members\n",
			some.year, some.date, some.f.n_awards, some.f.n_ratings, some.f.n_initiatives,
			some.f.n_holds, some.f.n_members);
	for (size_t i = 0; i < rs->n_types; i++) {
		const struct award_type *t = &rs->types[i];
		check_type_json(t);
		check_quota(t);
		eligibility_check(rs, t, none.year, none.date, &none.f, &el);
		check_results(rs, t, &none, &el);
		check_answers(rs, t, &none, &el);
		eligibility_check(rs, t, some.year, some.date, &some.f, &el);
		if (tracing)
			fprintf(stderr, "%s: eligible %d, %zu unknown\n", t->code, el.eligible,
				el.n_unknown);
		check_results(rs, t, &some, &el);
		check_answers(rs, t, &some, &el);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (const struct embedded_file *f = rule_set_files; f->name && n_shipped_sets < 4; f++) {
		json_t *doc = json_loadb((const char *)f->data, f->size, 0, NULL);
		struct error e;
		err_clear(&e);
		if (!doc || rule_set_from_json(doc, &shipped[n_shipped_sets], &e) != 0) {
			fprintf(stderr, "fuzz_rules: shipped %s: %s\n", f->name, e.message);
			abort();
		}
		json_decref(doc);
		n_shipped_sets++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tracing = getenv("FUZZ_RULES_TRACE") != NULL;
	const uint8_t *nul = memchr(data, 0, size);
	size_t text_len = nul ? (size_t)(nul - data) : size;
	const uint8_t *facts = nul ? nul + 1 : data + size;
	size_t facts_len = nul ? size - text_len - 1 : 0;
	json_t *doc = document((const char *)data, text_len);
	if (!doc)
		return 0;
	struct rule_set rs;
	struct error e;
	err_clear(&e);
	if (rule_set_from_json(doc, &rs, &e) != 0) {
		if (tracing)
			fprintf(stderr, "refused: %s (%s): %s\n", e.code, e.field, e.message);
		check_refusal(&e);
		check_names_field(&e);
		FUZZ_CHECK(rs.types == NULL && rs.n_types == 0, "a refused set keeps its types");
		json_decref(doc);
		return 0;
	}
	if (tracing)
		fprintf(stderr, "accepted %s: %zu types, %zu general conditions\n", rs.code,
			rs.n_types, rs.n_general);
	check_set(&rs, doc);
	check_round_trips(&rs, doc);
	check_periods(&rs);
	judge_all(&rs, facts, facts_len);
	rule_set_free(&rs);
	json_decref(doc);
	return 0;
}
