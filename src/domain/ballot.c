/* Checking ballots and tallying them under the ballot's rules. */
#include "domain/ballot.h"

#include <stdlib.h>
#include <string.h>

#include "core/names.h"

static const char *const kind_names[] = {"single", "approve_each", "choose_n", NULL};
static const char *const base_names[] = {"eligible", "cast", NULL};
static const char *const cutoff_names[] = {"votes", "priority", "chair", "undecided"};
static const char *const status_names[] = {"draft", "open", "closed"};
static const char *const voter_kind_names[] = {"units", "users"};

void ballot_free(struct ballot *b)
{
	free(b->candidates);
	b->candidates = NULL;
	b->n_candidates = 0;
}

const char *ballot_status_name(enum ballot_status s)
{
	return status_names[s];
}

int ballot_status_parse(const char *s, enum ballot_status *out)
{
	int i = name_index(status_names, sizeof status_names / sizeof *status_names, s);
	if (i >= 0)
		*out = (enum ballot_status)i;
	return i >= 0 ? 0 : -1;
}

const char *voter_kind_name(enum voter_kind k)
{
	return voter_kind_names[k];
}

int ballot_require_status(const struct ballot *b, enum ballot_status want, const char *what,
			  struct error *e)
{
	if (b->status == want)
		return 0;
	const char *code = want == BALLOT_CLOSED ? "ballot_not_closed"
			   : want == BALLOT_DRAFT ? "ballot_not_draft"
			   : b->status == BALLOT_CLOSED ? "ballot_closed"
							: "ballot_not_open";
	return err_set(e, ERR_CONFLICT, code, "status", "cannot %s: the ballot is %s", what,
		       ballot_status_name(b->status));
}

const char *ballot_kind_name(enum ballot_kind k)
{
	return kind_names[k];
}

int ballot_kind_parse(const char *s, enum ballot_kind *out)
{
	int i = name_index(kind_names, sizeof kind_names / sizeof *kind_names - 1, s);
	if (i >= 0)
		*out = (enum ballot_kind)i;
	return i >= 0 ? 0 : -1;
}

const char *const *ballot_kind_names(void)
{
	return kind_names;
}

const char *threshold_base_name(enum threshold_base b)
{
	return base_names[b];
}

int threshold_base_parse(const char *s, enum threshold_base *out)
{
	int i = name_index(base_names, sizeof base_names / sizeof *base_names - 1, s);
	if (i >= 0)
		*out = (enum threshold_base)i;
	return i >= 0 ? 0 : -1;
}

const char *const *threshold_base_names(void)
{
	return base_names;
}

const char *voted_name(enum voted v)
{
	return v == VOTED_ONLINE ? "online" : v == VOTED_ON_PAPER ? "paper" : NULL;
}

const char *cutoff_rule_name(enum cutoff_rule r)
{
	return cutoff_names[r];
}

int ballot_rules_validate(const struct ballot_rules *r, size_t n_candidates,
			  struct error *e)
{
	if (n_candidates < 1 || n_candidates > BALLOT_CANDIDATES_MAX)
		return err_set(e, ERR_INVALID, "out_of_range", "candidates",
			       "a ballot has 1 to %d candidates", BALLOT_CANDIDATES_MAX);
	if (r->seats < 0 || (size_t)r->seats > n_candidates)
		return err_set(e, ERR_INVALID, "out_of_range", "seats",
			       "seats must be from 0 (no limit) to the number of candidates");
	if (r->threshold < 0 || r->threshold > SHARE_SCALE)
		return err_set(e, ERR_INVALID, "out_of_range", "threshold",
			       "threshold must be from 0 to 1");
	if (r->quorum < 0 || r->quorum > SHARE_SCALE)
		return err_set(e, ERR_INVALID, "out_of_range", "quorum",
			       "quorum must be from 0 to 1");
	if (r->kind == BALLOT_SINGLE && r->max_choices != 1)
		return err_set(e, ERR_INVALID, "out_of_range", "max_choices",
			       "a single-choice ballot takes one choice");
	if (r->kind == BALLOT_CHOOSE_N &&
	    (r->max_choices < 1 || (size_t)r->max_choices > n_candidates))
		return err_set(e, ERR_INVALID, "out_of_range", "max_choices",
			       "choose up to N: N must be from 1 to the number of candidates");
	return 0;
}

int ballot_check_choices(const struct ballot_rules *r, size_t n_candidates,
			 const int *choices, size_t n_choices, struct error *e)
{
	size_t most = r->kind == BALLOT_APPROVE_EACH ? n_candidates : (size_t)r->max_choices;
	if (n_choices == 0)
		return 1;
	if (n_choices > most)
		return err_set(e, ERR_INVALID, "too_many_choices", "choices",
			       "this ballot takes at most %zu choice%s", most, most == 1 ? "" : "s");
	for (size_t i = 0; i < n_choices; i++) {
		if (choices[i] < 0 || (size_t)choices[i] >= n_candidates)
			return err_set(e, ERR_INVALID, "unknown_candidate", "choices",
				       "a choice names no candidate of this ballot");
		for (size_t k = 0; k < i; k++)
			if (choices[k] == choices[i])
				return err_set(e, ERR_INVALID, "duplicate", "choices",
					       "a candidate is chosen twice");
	}
	return 0;
}

/*
** Far more voters than any conference or council; keeps cast + invalid,
** threshold × base, quorum × eligible and the sum of votes within int64_t.
*/
#define COUNT_MAX ((int64_t)1000000000000)

static int check_counts(const struct ballot_rules *r, size_t n, const struct ballot_counts *c,
			struct error *e)
{
	int64_t sum = 0;
	if (c->eligible < 0 || c->eligible > COUNT_MAX || c->cast < 0 || c->blank < 0 ||
	    c->invalid < 0 || c->cast > c->eligible || c->invalid > c->eligible ||
	    c->cast + c->invalid > c->eligible || c->blank > c->cast)
		return err_set(e, ERR_INVALID, "inconsistent_counts", "counts",
			       "more ballots than eligible voters, more blank than cast, "
			       "or a count out of range");
	for (size_t i = 0; i < n; i++) {
		if (c->votes[i] < 0 || c->votes[i] > c->cast - c->blank)
			return err_set(e, ERR_INVALID, "inconsistent_counts", "counts",
				       "a candidate has more votes than valid ballots");
		sum += c->votes[i];
	}
	if (r->kind == BALLOT_SINGLE && sum != c->cast - c->blank)
		return err_set(e, ERR_INVALID, "inconsistent_counts", "counts",
			       "single-choice votes must add up to the valid ballots");
	return 0;
}

int ballot_check_paper(const struct ballot_rules *r, size_t n_candidates,
		       const struct paper_counts *p, struct error *e)
{
	/* each bounded before they are added */
	if (p->ballots < 0 || p->ballots > BALLOT_VOTERS_MAX || p->blank < 0 ||
	    p->blank > p->ballots || p->invalid < 0 || p->invalid > p->ballots ||
	    p->blank + p->invalid > p->ballots)
		return err_set(e, ERR_INVALID, "inconsistent_counts", "blank",
			       "blank and invalid papers cannot outnumber the papers");
	int64_t marked = p->ballots - p->blank - p->invalid, sum = 0;
	int64_t most = r->kind == BALLOT_APPROVE_EACH ? (int64_t)n_candidates : r->max_choices;
	for (size_t i = 0; i < n_candidates; i++) {
		if (p->votes[i] < 0 || p->votes[i] > marked)
			return err_set(e, ERR_INVALID, "inconsistent_counts", "counts",
				       "a candidate has more votes than marked papers");
		sum += p->votes[i];
	}
	/* every marked paper holds from one choice to as many as the kind allows */
	if (sum < marked || sum > marked * most)
		return err_set(e, ERR_INVALID, "inconsistent_counts", "counts",
			       "the votes do not fit %lld marked papers of %lld choice%s at most",
			       (long long)marked, (long long)most, most == 1 ? "" : "s");
	return 0;
}

/* Candidate indexes in order of votes, most first (ties by index). */
static void sort_by_votes(size_t *idx, size_t n, const int64_t *votes)
{
	for (size_t i = 1; i < n; i++) {
		size_t x = idx[i], j = i;
		while (j > 0 && votes[idx[j - 1]] < votes[x]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = x;
	}
}

static void take(struct ballot_result *out, size_t candidate)
{
	out->passed[out->n_passed++] = candidate;
}

/*
** The candidates tied at the cut-off (group, n_group) share `open` seats:
** priority first, then the chair's casting votes, one seat each, in order.
*/
static void settle_tie(const int *priority, const int *chair, size_t n_chair,
		       const size_t *group, size_t n_group, size_t open,
		       struct ballot_result *out)
{
	size_t rest[BALLOT_CANDIDATES_MAX], n_rest = 0, n_priority = 0;
	for (size_t i = 0; i < n_group; i++)
		n_priority += priority[group[i]] != 0;
	if (n_priority > 0 && n_priority <= open) {
		for (size_t i = 0; i < n_group; i++)
			if (priority[group[i]])
				take(out, group[i]);
		open -= n_priority;
		out->cutoff = DECIDED_BY_PRIORITY;
		for (size_t i = 0; i < n_group; i++)
			if (!priority[group[i]])
				rest[n_rest++] = group[i];
	} else {
		/* priority cannot settle it: among the prioritized, or among all */
		for (size_t i = 0; i < n_group; i++)
			if (n_priority == 0 || priority[group[i]])
				rest[n_rest++] = group[i];
	}
	for (size_t c = 0; c < n_chair && open > 0 && n_rest > open; c++) {
		for (size_t i = 0; i < n_rest; i++) {
			if (rest[i] != (size_t)chair[c])
				continue;
			take(out, rest[i]);
			memmove(&rest[i], &rest[i + 1], (n_rest - i - 1) * sizeof *rest);
			n_rest--;
			open--;
			out->cutoff = DECIDED_BY_CHAIR;
			break;
		}
	}
	if (open == 0) /* the casting votes filled the last seat: the rest are out */
		return;
	if (n_rest <= open) {
		for (size_t i = 0; i < n_rest; i++)
			take(out, rest[i]);
		return;
	}
	memcpy(out->undecided, rest, n_rest * sizeof *rest);
	out->n_undecided = n_rest;
	out->open_seats = open;
	out->cutoff = UNDECIDED;
}

int ballot_tally(const struct ballot_rules *r, size_t n_candidates, const int *priority,
		 const struct ballot_counts *c, const int *chair, size_t n_chair,
		 struct ballot_result *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (ballot_rules_validate(r, n_candidates, e) != 0 ||
	    check_counts(r, n_candidates, c, e) != 0)
		return -1;
	int64_t base = r->base == BASE_ELIGIBLE ? c->eligible : c->cast;
	/* at least threshold × base, and never fewer than one vote */
	out->needed = (r->threshold * base + SHARE_SCALE - 1) / SHARE_SCALE;
	if (out->needed < 1)
		out->needed = 1;
	out->quorum_met = c->cast * SHARE_SCALE >= (int64_t)r->quorum * c->eligible;
	if (!out->quorum_met)
		return 0;
	size_t pass[BALLOT_CANDIDATES_MAX], n = 0;
	for (size_t i = 0; i < n_candidates; i++)
		if (c->votes[i] >= out->needed)
			pass[n++] = i;
	sort_by_votes(pass, n, c->votes);
	size_t seats = r->seats > 0 ? (size_t)r->seats : n;
	if (n <= seats || c->votes[pass[seats]] < c->votes[pass[seats - 1]]) {
		for (size_t i = 0; i < n && i < seats; i++)
			take(out, pass[i]);
		return 0;
	}
	/* a tie across the last seat: those above it pass, the tied share the rest */
	int64_t at = c->votes[pass[seats - 1]];
	size_t group[BALLOT_CANDIDATES_MAX], n_group = 0;
	for (size_t i = 0; i < n; i++) {
		if (c->votes[pass[i]] > at)
			take(out, pass[i]);
		else if (c->votes[pass[i]] == at)
			group[n_group++] = pass[i];
	}
	settle_tie(priority, chair, n_chair, group, n_group, seats - out->n_passed, out);
	return 0;
}

size_t ballot_chair_order(const struct ballot *b, int *chair)
{
	size_t n = 0;
	for (int place = 1; place <= (int)b->n_candidates; place++)
		for (size_t i = 0; i < b->n_candidates; i++)
			if (b->candidates[i].casting == place)
				chair[n++] = (int)i;
	return n;
}

static int group_kept(int64_t n)
{
	return n == 0 || n >= BALLOT_SECRET_MIN;
}

int ballot_secret_kept(int64_t online, int64_t paper)
{
	return group_kept(online) && group_kept(paper) && online + paper >= BALLOT_SECRET_MIN;
}

int ballot_void(const struct ballot *b)
{
	int64_t paper = b->has_paper ? b->paper_ballots : 0;
	int64_t counted_paper = b->has_paper ? b->paper_ballots - b->paper_invalid : 0;
	return !ballot_secret_kept(b->voted - paper, counted_paper);
}
