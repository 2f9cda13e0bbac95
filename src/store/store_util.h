/* Helpers private to the store's repository files. */
#ifndef THIDUA_STORE_UTIL_H
#define THIDUA_STORE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/ids.h"
#include "store/db.h"
#include "store/store.h"

/* The SQL word for an enum scope_kind: "all", "subtree", "exact" or "none". */
const char *store_scope_word(int kind);
/* Copy a column's text (NULL → "") into a fixed buffer. */
void copy_text(char *dst, size_t n, const char *src);
/* "%folded query%" with LIKE metacharacters escaped by '\'; NULL if q is empty. */
char *like_pattern(const char *q);
/* Bind the folded search key and the collation key of text. */
int bind_text_keys(struct db_stmt *s, int fold_idx, int sort_idx, const char *text);
int page_limit(const struct page *p);
/* Step a COUNT(*) statement into *total and reset it. */
int count_rows(struct db_conn *c, struct db_stmt *s, int64_t *total, struct error *e);
/* Step a statement that returns nothing (or ignores its row) and reset it. */
int step_done(struct db_conn *c, struct db_stmt *s, struct error *e, const char *what);
/*
** Step s to its end, reading each row with read_row into a growing array
** of items of `size` bytes (malloc'd into *items, count in *n); resets s.
** On failure nothing is returned and the error is set.
*/
int collect_rows(struct db_conn *c, struct db_stmt *s, size_t size,
		 void (*read_row)(struct db_stmt *s, void *item), void **items, size_t *n,
		 struct error *e, const char *what);
/* The same for rows that own memory: drop_row frees one when reading fails. */
int collect_rows_owning(struct db_conn *c, struct db_stmt *s, size_t size,
			void (*read_row)(struct db_stmt *s, void *item),
			void (*drop_row)(void *item), void **items, size_t *n, struct error *e,
			const char *what);
/*
** Step s to its end, reading each row with read_row into one item of
** `size` bytes and handing it to fn; stops (-1) when fn does. Resets s.
*/
int each_row(struct db_conn *c, struct db_stmt *s, size_t size,
	     void (*read_row)(struct db_stmt *s, void *item), store_row_fn fn, void *data,
	     struct error *e, const char *what);
/* A collect_rows reader of one integer column into an int64_t. */
void read_id(struct db_stmt *s, void *out);
/* Grow an array to hold `need` items of `size`; NULL when out of memory. */
void *grow(void *items, size_t *cap, size_t need, size_t size);

/*
** The branches a statistic rolls up over, as a common table expression
** branch(org_id, branch_id) mapping every org counted to the org whose
** line it adds to. Parameters ?1 org id, ?2 cluster id, ?3 year (0 when
** not given): for an org, the org itself (its own rows only) and each of
** its children with everything beneath it; for a cluster, each member of
** that year (the rotation when the year has no members) with everything
** beneath it; with neither, each root org (a province) with its tree.
** Queries using it number their own parameters from ?4.
*/
#define STATS_BRANCHES_CTE                                                           \
	"WITH RECURSIVE heads(branch_id) AS ("                                       \
	" SELECT id FROM orgs WHERE ?1 > 0 AND (id = ?1 OR parent_id = ?1)"          \
	" UNION SELECT org_id FROM cluster_year_members"                             \
	"  WHERE ?1 = 0 AND ?2 > 0 AND cluster_id = ?2 AND year = ?3"                \
	" UNION SELECT org_id FROM cluster_rotation WHERE ?1 = 0 AND ?2 > 0"         \
	"  AND cluster_id = ?2 AND NOT EXISTS (SELECT 1 FROM cluster_year_members"   \
	"  WHERE cluster_id = ?2 AND year = ?3)"                                     \
	" UNION SELECT id FROM orgs WHERE ?1 = 0 AND ?2 = 0 AND parent_id IS NULL),"  \
	" branch(org_id, branch_id) AS ("                                            \
	" SELECT branch_id, branch_id FROM heads"                                    \
	" UNION ALL SELECT o.id, b.branch_id FROM orgs o JOIN branch b"              \
	"  ON o.parent_id = b.org_id WHERE b.branch_id <> ?1) "

/* Bind a scope to STATS_BRANCHES_CTE's ?1, ?2 and ?3. */
void bind_stats_scope(struct db_stmt *s, const struct stats_scope *sc);

/* Prepare or return from the enclosing function with a store error. */
#define PREPARE(c, sql, s, e, what)                                   \
	do {                                                          \
		int prc_ = db_prepare((c), (sql), (s));               \
		if (prc_ != DB_OK)                                    \
			return store_fail((c), prc_, (e), (what));    \
	} while (0)

#endif
