/* Rule sets: reading and validating the JSON document, and lookups. */
#include "domain/rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/names.h"
#include "core/text.h"

static const char *const level_names[] = {"grassroots", "ministry_province", "national",
					  "state", NULL};
static const char *const rating_names[] = {"not_completed", "completed", "good", "excellent",
					   NULL};
static const char *const condition_names[] = {
	"holds", "count", "held_before", "rating", "initiative", "not_frozen",
	"members_share", "member_holds", "members_clean", "cluster_vote", "any_of", NULL};
static const char *const quota_names[] = {"none", "per_cluster", "share_of_holders", NULL};
static const char *const subject_names[] = {"", "individual", "collective", "both", NULL};

const char *level_name(enum award_level l)
{
	return (unsigned)l <= LEVEL_STATE ? level_names[l] : "?";
}

int level_parse(const char *s, enum award_level *out)
{
	int i = name_index(level_names, 4, s);
	if (i < 0)
		return -1;
	*out = (enum award_level)i;
	return 0;
}

const char *rating_name(enum rating r)
{
	return (unsigned)r <= RATING_EXCELLENT ? rating_names[r] : "?";
}

int rating_parse(const char *s, enum rating *out)
{
	int i = name_index(rating_names, 4, s);
	if (i < 0)
		return -1;
	*out = (enum rating)i;
	return 0;
}

const char *condition_kind_name(enum condition_kind k)
{
	return (unsigned)k <= COND_ANY_OF ? condition_names[k] : "?";
}

/* ---- reading one JSON value: path names the field in errors ---- */

#define PATH_BYTES 96

/* "award_types[3]" + ".quota"; a path too long to keep is cut, it only names. */
static void path_join(char out[PATH_BYTES], const char *path, const char *sep,
		      const char *key)
{
	int len = snprintf(out, PATH_BYTES, "%s%s%s", path, sep, key);
	if (len < 0 || len >= PATH_BYTES)
		out[PATH_BYTES - 1] = '\0';
}

static void path_index(char out[PATH_BYTES], const char *path, size_t i)
{
	int len = snprintf(out, PATH_BYTES, "%s[%zu]", path, i);
	if (len < 0 || len >= PATH_BYTES)
		out[PATH_BYTES - 1] = '\0';
}

static int bad(struct error *e, const char *path, const char *fmt, const char *what)
{
	return err_set(e, ERR_INVALID, "invalid_rule_set", path, fmt, path, what);
}

static int known_keys(json_t *obj, const char *const *allowed, const char *path,
		      struct error *e)
{
	if (!json_is_object(obj))
		return bad(e, path, "%s must be an object%s", "");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		(void)v;
		if (name_index(allowed, 64, key) < 0) {
			char where[PATH_BYTES];
			path_join(where, path, ".", key);
			return bad(e, where, "%s is not a known key%s", "");
		}
	}
	return 0;
}

/* Text cleaned to NFC; absent is "" unless required. */
static int get_text(json_t *obj, const char *key, char *dst, size_t n, size_t max_chars,
		    int required, const char *path, struct error *e)
{
	char where[PATH_BYTES];
	path_join(where, path, ".", key);
	json_t *v = json_object_get(obj, key);
	dst[0] = '\0';
	if (!v || json_is_null(v))
		return required ? bad(e, where, "%s is required%s", "") : 0;
	if (!json_is_string(v))
		return bad(e, where, "%s must be a string%s", "");
	const char *why = NULL;
	char *clean = text_clean_line(json_string_value(v), max_chars, &why);
	if (!clean)
		return bad(e, where, "%s: %s", why ? why : "invalid text");
	if (strlen(clean) >= n || (required && !clean[0])) {
		free(clean);
		return bad(e, where, "%s is empty or too long%s", "");
	}
	strcpy(dst, clean);
	free(clean);
	return 0;
}

static int get_int(json_t *obj, const char *key, int min, int max, int dflt, int *out,
		   const char *path, struct error *e)
{
	char where[PATH_BYTES];
	path_join(where, path, ".", key);
	json_t *v = json_object_get(obj, key);
	*out = dflt;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return bad(e, where, "%s must be a whole number in range%s", "");
	*out = (int)json_integer_value(v);
	return 0;
}

/* A share 0 < x <= 1 as parts per 10,000 (cut, as ballots cut 2/3 to 6666). */
static int get_share(json_t *obj, const char *key, int *out, const char *path,
		     struct error *e)
{
	char where[PATH_BYTES];
	path_join(where, path, ".", key);
	json_t *v = json_object_get(obj, key);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	double x = json_number_value(v);
	if (!json_is_number(v) || !(x > 0 && x <= 1))
		return bad(e, where, "%s must be a share above 0 and at most 1%s", "");
	*out = (int)floor(x * 10000 + 1e-9);
	/* kept in parts per 10,000: a smaller share would read as none at all */
	if (*out == 0)
		return bad(e, where, "%s must be at least 0.0001%s", "");
	return 0;
}

static int get_name(json_t *obj, const char *key, const char *const *names, int required,
		    int *out, const char *path, struct error *e)
{
	char buf[64];
	if (get_text(obj, key, buf, sizeof buf, 40, required, path, e) != 0)
		return -1;
	if (!buf[0])
		return 0;
	int i = name_index(names, 64, buf);
	if (i < 0) {
		char where[PATH_BYTES];
		path_join(where, path, ".", key);
		return bad(e, where, "%s: unknown value '%s'", buf);
	}
	*out = i;
	return 0;
}

static int is_code(const char *s)
{
	if (!s[0])
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-' || (*p >= 'a' && *p <= 'z')))
			return 0;
	return 1;
}

static int get_code(json_t *obj, const char *key, char *dst, size_t n, int required,
		    const char *path, struct error *e)
{
	if (get_text(obj, key, dst, n, n - 1, required, path, e) != 0)
		return -1;
	if (dst[0] && !is_code(dst)) {
		char where[PATH_BYTES];
		path_join(where, path, ".", key);
		return bad(e, where, "%s: '%s' is not a code (letters, digits, _ and -)", dst);
	}
	return 0;
}

static int get_date(json_t *obj, const char *key, char dst[11], int required,
		    const char *path, struct error *e)
{
	if (get_text(obj, key, dst, 11, 10, required, path, e) != 0)
		return -1;
	if (dst[0] && !clock_valid_date(dst)) {
		char where[PATH_BYTES];
		path_join(where, path, ".", key);
		return bad(e, where, "%s: '%s' is not a date YYYY-MM-DD", dst);
	}
	return 0;
}

/* ---- conditions ---- */

static const char *const condition_keys[] = {
	"code", "kind", "text", "basis", "award", "times", "span", "offset", "window",
	"rating", "level", "share", "any_of", NULL};

/* What each kind needs besides code, text and basis. */
static int condition_needs_award(enum condition_kind k)
{
	return k == COND_HOLDS || k == COND_COUNT || k == COND_HELD_BEFORE ||
	       k == COND_MEMBERS_SHARE || k == COND_MEMBER_HOLDS;
}

static int read_conditions(json_t *arr, struct condition *out, size_t *n, int nested,
			   const char *path, struct error *e);

static int read_condition(json_t *obj, struct condition *conds, size_t *n, int nested,
			  const char *path, struct error *e)
{
	if (*n >= AWARD_CONDITIONS_MAX)
		return bad(e, path, "%s: too many conditions (at most 16 in all)%s", "");
	struct condition *c = &conds[*n];
	memset(c, 0, sizeof *c);
	int kind = 0, rating = RATING_GOOD, level = LEVEL_GRASSROOTS;
	if (known_keys(obj, condition_keys, path, e) != 0 ||
	    get_code(obj, "code", c->code, sizeof c->code, 1, path, e) != 0 ||
	    get_name(obj, "kind", condition_names, 1, &kind, path, e) != 0 ||
	    get_text(obj, "text", c->text, sizeof c->text, RULE_TEXT_CHARS, 1, path, e) != 0 ||
	    get_text(obj, "basis", c->basis, sizeof c->basis, RULE_BASIS_CHARS, 1, path, e) != 0 ||
	    get_code(obj, "award", c->award, sizeof c->award, 0, path, e) != 0 ||
	    get_int(obj, "times", 1, 20, 1, &c->times, path, e) != 0 ||
	    get_int(obj, "span", 1, 10, 1, &c->span, path, e) != 0 ||
	    get_int(obj, "offset", 0, 30, 0, &c->offset, path, e) != 0 ||
	    get_int(obj, "window", 1, 30, 1, &c->window, path, e) != 0 ||
	    get_name(obj, "rating", rating_names, 0, &rating, path, e) != 0 ||
	    get_name(obj, "level", level_names, 0, &level, path, e) != 0 ||
	    get_share(obj, "share", &c->share, path, e) != 0)
		return -1;
	c->kind = (enum condition_kind)kind;
	c->rating = (enum rating)rating;
	c->level = (enum award_level)level;
	c->in_any = nested;
	if (condition_needs_award(c->kind) && !c->award[0])
		return bad(e, path, "%s: a '%s' condition needs 'award'", condition_names[kind]);
	if (c->kind == COND_MEMBERS_SHARE && c->share == 0)
		return bad(e, path, "%s: a members_share condition needs 'share'%s", "");
	/* a rating holds in every year of its window unless `times` says fewer */
	if (c->kind == COND_RATING && !json_object_get(obj, "times"))
		c->times = c->window;
	if ((c->kind == COND_COUNT || c->kind == COND_RATING) && c->times > c->window)
		return bad(e, path, "%s: 'times' cannot exceed 'window'%s", "");
	json_t *options = json_object_get(obj, "any_of");
	if ((c->kind == COND_ANY_OF) != (options != NULL))
		return bad(e, path, "%s: 'any_of' goes with kind any_of, and only with it%s", "");
	(*n)++;
	if (c->kind != COND_ANY_OF)
		return 0;
	if (nested)
		return bad(e, path, "%s: an any_of option cannot be an any_of itself%s", "");
	size_t first = *n;
	char where[PATH_BYTES];
	path_join(where, path, ".", "any_of");
	if (read_conditions(options, conds, n, 1, where, e) != 0)
		return -1;
	if (*n - first < 2)
		return bad(e, where, "%s needs at least two options%s", "");
	conds[first - 1].children = (int)(*n - first);
	return 0;
}

static int read_conditions(json_t *arr, struct condition *out, size_t *n, int nested,
			   const char *path, struct error *e)
{
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return bad(e, path, "%s must be an array%s", "");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		char where[PATH_BYTES];
		path_index(where, path, i);
		if (read_condition(v, out, n, nested, where, e) != 0)
			return -1;
	}
	return 0;
}

/* ---- award types ---- */

static const char *const quota_keys[] = {"kind", "max", "share", "of", "text", "basis", NULL};

static int read_quota(json_t *obj, struct quota *q, const char *path, struct error *e)
{
	memset(q, 0, sizeof *q);
	if (!obj || json_is_null(obj))
		return 0;
	int kind = 0;
	if (known_keys(obj, quota_keys, path, e) != 0 ||
	    get_name(obj, "kind", quota_names, 1, &kind, path, e) != 0 ||
	    get_int(obj, "max", 1, 1000, 1, &q->max, path, e) != 0 ||
	    get_share(obj, "share", &q->share, path, e) != 0 ||
	    get_code(obj, "of", q->of, sizeof q->of, 0, path, e) != 0 ||
	    get_text(obj, "text", q->text, sizeof q->text, RULE_TEXT_CHARS, 1, path, e) != 0 ||
	    get_text(obj, "basis", q->basis, sizeof q->basis, RULE_BASIS_CHARS, 1, path, e) != 0)
		return -1;
	q->kind = (enum quota_kind)kind;
	if (q->kind == QUOTA_SHARE_OF_HOLDERS && (!q->share || !q->of[0]))
		return bad(e, path, "%s: share_of_holders needs 'share' and 'of'%s", "");
	return 0;
}

static const char *const type_keys[] = {
	"code", "name", "level", "subject", "conferred_by", "vote_threshold", "vote_basis",
	"quota", "basis", "confidence", "reward", "conditions", NULL};

static int read_type(json_t *obj, struct award_type *t, const char *path, struct error *e)
{
	memset(t, 0, sizeof *t);
	int level = 0, subject = 0;
	char confidence[4];
	if (known_keys(obj, type_keys, path, e) != 0 ||
	    get_code(obj, "code", t->code, sizeof t->code, 1, path, e) != 0 ||
	    get_text(obj, "name", t->name, sizeof t->name, RULE_NAME_CHARS, 1, path, e) != 0 ||
	    get_name(obj, "level", level_names, 1, &level, path, e) != 0 ||
	    get_name(obj, "subject", subject_names, 1, &subject, path, e) != 0 ||
	    get_text(obj, "conferred_by", t->conferred_by, sizeof t->conferred_by,
		     RULE_NAME_CHARS, 1, path, e) != 0 ||
	    get_share(obj, "vote_threshold", &t->vote_threshold, path, e) != 0 ||
	    get_text(obj, "vote_basis", t->vote_basis, sizeof t->vote_basis, RULE_BASIS_CHARS,
		     0, path, e) != 0 ||
	    get_text(obj, "basis", t->basis, sizeof t->basis, RULE_BASIS_CHARS, 1, path, e) != 0 ||
	    get_text(obj, "confidence", confidence, sizeof confidence, 1, 0, path, e) != 0)
		return -1;
	char where[PATH_BYTES];
	path_join(where, path, ".", "quota");
	if (read_quota(json_object_get(obj, "quota"), &t->quota, where, e) != 0)
		return -1;
	path_join(where, path, ".", "conditions");
	if (read_conditions(json_object_get(obj, "conditions"), t->conds, &t->n_conds, 0, where,
			    e) != 0)
		return -1;
	if (subject == 0)
		return bad(e, path, "%s.subject must be individual, collective or both%s", "");
	t->level = (enum award_level)level;
	t->subject = (unsigned)subject;
	if (t->vote_threshold && !t->vote_basis[0])
		return bad(e, path, "%s: a vote threshold needs its 'vote_basis'%s", "");
	t->confidence = confidence[0] ? confidence[0] : 'V';
	if (t->confidence != 'V' && t->confidence != 'I')
		return bad(e, path, "%s.confidence must be 'V' or 'I'%s", "");
	json_t *r = json_object_get(obj, "reward");
	if (r && !json_is_null(r)) {
		t->reward = json_number_value(r);
		if (!json_is_number(r) || !(t->reward >= 0 && t->reward <= 1000))
			return bad(e, path, "%s.reward must be a multiple 0..1000%s", "");
	}
	return 0;
}

/*
** The path of conds[k]'s award in the document: conds is flat, an any_of
** followed by its options, so find the top-level condition holding k.
*/
static void award_path(char out[PATH_BYTES], const char *list, const struct condition *conds,
		       size_t k)
{
	size_t i = 0, top = 0;
	while (i + (size_t)conds[i].children < k) {
		i += 1 + (size_t)conds[i].children;
		top++;
	}
	char where[PATH_BYTES], options[PATH_BYTES];
	path_index(where, list, top);
	if (i < k) {
		path_join(options, where, ".", "any_of");
		path_index(where, options, k - i - 1);
	}
	path_join(out, where, ".", "award");
}

/* Every award code a condition or quota names is a type of the same set. */
static int check_references(const struct rule_set *rs, struct error *e)
{
	char where[PATH_BYTES], type[PATH_BYTES], list[PATH_BYTES];
	for (size_t i = 0; i < rs->n_types; i++) {
		const struct award_type *t = &rs->types[i];
		path_index(type, "award_types", i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(rs->types[j].code, t->code) == 0) {
				path_join(where, type, ".", "code");
				return bad(e, where, "%s: code '%s' appears twice", t->code);
			}
		path_join(list, type, ".", "conditions");
		for (size_t k = 0; k < t->n_conds; k++)
			if (t->conds[k].award[0] && !rule_set_find(rs, t->conds[k].award)) {
				award_path(where, list, t->conds, k);
				return bad(e, where, "%s names unknown award '%s'",
					   t->conds[k].award);
			}
		if (t->quota.of[0] && !rule_set_find(rs, t->quota.of)) {
			path_join(where, type, ".", "quota.of");
			return bad(e, where, "%s names unknown award '%s'", t->quota.of);
		}
	}
	for (size_t k = 0; k < rs->n_general; k++)
		if (rs->general[k].award[0] && !rule_set_find(rs, rs->general[k].award)) {
			award_path(where, "general_conditions", rs->general, k);
			return bad(e, where, "%s names unknown award '%s'", rs->general[k].award);
		}
	return 0;
}

static const char *const set_keys[] = {
	"code", "name", "basis", "effective_from", "effective_until", "council_quorum",
	"council_quorum_basis", "general_conditions", "award_types", NULL};

int rule_set_from_json(json_t *doc, struct rule_set *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (known_keys(doc, set_keys, "rule_set", e) != 0 ||
	    get_code(doc, "code", out->code, sizeof out->code, 1, "rule_set", e) != 0 ||
	    get_text(doc, "name", out->name, sizeof out->name, RULE_NAME_CHARS, 1, "rule_set",
		     e) != 0 ||
	    get_text(doc, "basis", out->basis, sizeof out->basis, RULE_BASIS_CHARS, 1,
		     "rule_set", e) != 0 ||
	    get_date(doc, "effective_from", out->effective_from, 1, "rule_set", e) != 0 ||
	    get_date(doc, "effective_until", out->effective_until, 0, "rule_set", e) != 0 ||
	    get_share(doc, "council_quorum", &out->council_quorum, "rule_set", e) != 0 ||
	    get_text(doc, "council_quorum_basis", out->quorum_basis, sizeof out->quorum_basis,
		     RULE_BASIS_CHARS, 0, "rule_set", e) != 0 ||
	    read_conditions(json_object_get(doc, "general_conditions"), out->general,
			    &out->n_general, 0, "general_conditions", e) != 0)
		return -1;
	if (out->council_quorum && !out->quorum_basis[0])
		return bad(e, "rule_set.council_quorum_basis",
			   "%s is required with council_quorum%s", "");
	if (out->effective_until[0] && strcmp(out->effective_until, out->effective_from) < 0)
		return bad(e, "rule_set.effective_until", "%s is before effective_from%s", "");
	json_t *types = json_object_get(doc, "award_types");
	if (!json_is_array(types) || json_array_size(types) == 0 ||
	    json_array_size(types) > AWARD_TYPES_MAX)
		return bad(e, "award_types", "%s must be an array of 1 to 64 award types%s", "");
	out->types = calloc(json_array_size(types), sizeof *out->types);
	if (!out->types)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	size_t i;
	json_t *v;
	json_array_foreach(types, i, v) {
		char where[PATH_BYTES];
		path_index(where, "award_types", i);
		if (read_type(v, &out->types[i], where, e) != 0) {
			rule_set_free(out);
			return -1;
		}
		out->n_types++;
	}
	if (check_references(out, e) != 0) {
		rule_set_free(out);
		return -1;
	}
	return 0;
}

void rule_set_free(struct rule_set *rs)
{
	free(rs->types);
	rs->types = NULL;
	rs->n_types = 0;
}

const struct award_type *rule_set_find(const struct rule_set *rs, const char *code)
{
	for (size_t i = 0; i < rs->n_types; i++)
		if (strcmp(rs->types[i].code, code) == 0)
			return &rs->types[i];
	return NULL;
}

int rule_set_covers(const struct rule_set *rs, const char *date)
{
	return strcmp(date, rs->effective_from) >= 0 &&
	       (!rs->effective_until[0] || strcmp(date, rs->effective_until) <= 0);
}

int rule_sets_overlap(const struct rule_set *a, const struct rule_set *b)
{
	/* a starts no later than b ends, and b starts no later than a ends */
	int a_before_b_ends = !b->effective_until[0] ||
			      strcmp(a->effective_from, b->effective_until) <= 0;
	int b_before_a_ends = !a->effective_until[0] ||
			      strcmp(b->effective_from, a->effective_until) <= 0;
	return a_before_b_ends && b_before_a_ends;
}

int rule_set_award(const struct rule_set *rs, const char *code, int is_person,
		   const struct award_type **out, struct error *e)
{
	*out = rule_set_find(rs, code);
	if (!*out)
		return err_set(e, ERR_INVALID, "unknown_award_type", "award_type",
			       "%s is not an award type of rule set %s", code, rs->code);
	if (!award_type_fits(*out, is_person))
		return err_set(e, ERR_INVALID, "wrong_subject", "award_type",
			       "%s is not given to %s", code,
			       is_person ? "individuals" : "collectives");
	return 0;
}

int award_type_fits(const struct award_type *t, int is_person)
{
	return (t->subject & (is_person ? SUBJECT_INDIVIDUAL : SUBJECT_COLLECTIVE)) != 0;
}

void rules_judging_date(int year, char out[11])
{
	snprintf(out, 11, "%04u-12-31", (unsigned)year % 10000u);
}
