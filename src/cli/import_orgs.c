/*
** thidua import orgs FILE.csv: authorities and units, a whole province's
** tree in one file. Columns: the API's field names (name and kind
** required; short_name, parent_id, province, active_from, active_until,
** successor_id), and a key per row, ref, by which the other rows name it
** in parent_id and successor_id, before or after it. thidua export orgs
** writes the key as id: a file has ref or id, and either only keys the
** file, as every org gets a new id. A parent_id or successor_id that is
** a row's key names that row's org; any other names an org already in
** the database.
**
** Each row is checked as POST /orgs checks it and stored at once; a
** reference to a later row is set after the last row, and then every
** imported org's parent and successor are checked for loops and depth
** as PATCH /orgs checks them.
*/
#include "cli/import.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "store/store.h"

enum org_column {
	COL_REF, COL_ID, COL_NAME, COL_SHORT, COL_KIND, COL_PARENT, COL_PROVINCE, COL_FROM,
	COL_UNTIL, COL_SUCCESSOR
};
static const char *const columns[] = {"ref", "id", "name", "short_name", "kind", "parent_id",
				      "province", "active_from", "active_until",
				      "successor_id", NULL};
static const char *const required[] = {"name", "kind", NULL};
/* in the order of enum org_kind */
static const char *const kind_names[] = {"unit", "authority", NULL};

/* A row of the file and the org it made (id 0: the row was bad). */
struct org_entry {
	int64_t id;
	size_t row;
	int bad; /* a reference to a later row named nothing, or could not be set */
	/* a reference that may name a later row: the cell, until the last row is read */
	char *parent, *successor;
};

struct org_import {
	struct import im;
	int key;      /* COL_REF or COL_ID; -1 when the file has neither */
	json_t *keys; /* each row's key: its index in entries */
	struct org_entry *entries;
	size_t n, cap;
};

static int header_check(struct import *im, struct error *e)
{
	struct org_import *oi = (struct org_import *)im;
	if (im->where[COL_REF] >= 0 && im->where[COL_ID] >= 0)
		return err_set(e, ERR_INVALID, "bad_header", "row 1",
			       "row 1: the rows are keyed by ref or by id, not both");
	oi->key = im->where[COL_REF] >= 0 ? COL_REF : im->where[COL_ID] >= 0 ? COL_ID : -1;
	oi->keys = json_object();
	return oi->keys ? 0 : err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
}

/* Fill o from the row's cells but its references; 0, or -1 after reporting one. */
static int row_org(struct import *im, const struct csv_row *row, struct org *o)
{
	int kind = 0;
	memset(o, 0, sizeof *o);
	if (import_text(im, row, COL_NAME, o->name, sizeof o->name, NAME_CHARS, 0, 1) != 0 ||
	    import_text(im, row, COL_SHORT, o->short_name, sizeof o->short_name,
			SHORT_NAME_CHARS, 0, 0) != 0 ||
	    import_enum(im, row, COL_KIND, kind_names, &kind, 1) != 0 ||
	    import_text(im, row, COL_PROVINCE, o->province, sizeof o->province, PROVINCE_CHARS,
			0, 0) != 0 ||
	    import_date(im, row, COL_FROM, o->active_from) != 0 ||
	    import_date(im, row, COL_UNTIL, o->active_until) != 0)
		return -1;
	o->kind = (enum org_kind)kind;
	return 0;
}

/*
** The org a parent_id or successor_id cell names: 1 with *id set (0 when
** the cell is blank or names a bad row); 0 when it may yet be a later
** row's key (never once at_end); -1 when it names nothing (reported);
** -2 when the store failed (e set).
*/
static int reference(struct org_import *oi, size_t row, int c, const char *cell, int at_end,
		     int64_t *id, struct error *e)
{
	json_t *key = json_object_get(oi->keys, cell);
	*id = 0;
	if (!cell[0])
		return 1;
	if (key) {
		*id = oi->entries[json_integer_value(key)].id;
		return 1;
	}
	if (oi->key >= 0 && !at_end)
		return 0;
	int exists = cli_parse_id(cell, INT64_MAX / 2, id) == 0 ? import_org_exists(&oi->im, *id, e)
								 : 0;
	if (exists > 0)
		return 1;
	*id = 0;
	if (exists < 0)
		return -2;
	char message[200];
	snprintf(message, sizeof message, "%s names %s", columns[c],
		 oi->key >= 0 ? "no row of the file (by its key) and no organization"
			      : "no organization");
	import_report(&oi->im, row, columns[c], message);
	return -1;
}

/* A reference of the row: set in *id now, or its cell kept in *later. */
static int reference_now(struct org_import *oi, const struct csv_row *row, int c, int64_t *id,
			 char **later, struct error *e)
{
	const char *cell = import_cell(&oi->im, row, c);
	int rc = reference(oi, row->number, c, cell, 0, id, e);
	if (rc == 0 && !(*later = strdup(cell))) {
		err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return -2;
	}
	return rc;
}

/* A new entry for the row, its key noted; NULL when out of memory (e set). */
static struct org_entry *entry_add(struct org_import *oi, const struct csv_row *row,
				   struct error *e)
{
	if (oi->n == oi->cap) {
		size_t cap = oi->cap ? oi->cap * 2 : 256;
		struct org_entry *bigger = realloc(oi->entries, cap * sizeof *bigger);
		if (!bigger) {
			err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
			return NULL;
		}
		oi->entries = bigger;
		oi->cap = cap;
	}
	struct org_entry *en = &oi->entries[oi->n];
	memset(en, 0, sizeof *en);
	en->row = row->number;
	const char *key = oi->key >= 0 ? import_cell(&oi->im, row, oi->key) : "";
	json_t *earlier = key[0] ? json_object_get(oi->keys, key) : NULL;
	if (earlier) {
		char message[120];
		snprintf(message, sizeof message, "row %zu has the same %s",
			 oi->entries[json_integer_value(earlier)].row, columns[oi->key]);
		import_report(&oi->im, row->number, columns[oi->key], message);
	} else if (key[0] && json_object_set_new(oi->keys, key, json_integer((json_int_t)oi->n))) {
		err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	oi->n++;
	return en;
}

static int org_row(struct import *im, const struct csv_row *row, struct error *e)
{
	struct org_import *oi = (struct org_import *)im;
	struct org o;
	struct error why;
	err_clear(&why);
	char *parent = NULL, *successor = NULL;
	int rc = row_org(im, row, &o) != 0 ? -1 : 0;
	/* before the row's own key: naming itself is a loop, found at the end */
	if (rc == 0)
		rc = reference_now(oi, row, COL_PARENT, &o.parent_id, &parent, e);
	if (rc >= 0)
		rc = reference_now(oi, row, COL_SUCCESSOR, &o.successor_id, &successor, e);
	struct org_entry *en = rc == -2 ? NULL : entry_add(oi, row, e);
	if (!en) {
		free(parent);
		free(successor);
		return -1;
	}
	en->parent = parent;
	en->successor = successor;
	if (rc < 0)
		return 0;
	if (org_validate(&o, &why) != 0 || store_org_insert(im->db, &o, &why) != 0)
		return import_refused(im, row->number, &why, e);
	en->id = o.id;
	import_created(im, o.id);
	return 0;
}

/* Set the references of en that named later rows: 0, or -1 (e set). */
static int entry_link(struct org_import *oi, struct org_entry *en, struct error *e)
{
	int64_t parent = 0, successor = 0;
	int rc_parent = en->parent ? reference(oi, en->row, COL_PARENT, en->parent, 1, &parent, e)
				   : 1;
	int rc_successor = en->successor ? reference(oi, en->row, COL_SUCCESSOR, en->successor, 1,
						     &successor, e)
					 : 1;
	if (rc_parent == -2 || rc_successor == -2)
		return -1;
	en->bad = rc_parent < 0 || rc_successor < 0;
	if (!parent && !successor)
		return 0;
	struct org o;
	struct error why;
	err_clear(&why);
	if (store_org_get(oi->im.db, en->id, &o, e) != 0)
		return -1;
	o.parent_id = parent ? parent : o.parent_id;
	o.successor_id = successor ? successor : o.successor_id;
	if (org_validate(&o, &why) == 0 && store_org_update(oi->im.db, &o, &why) == 0)
		return 0;
	en->bad = 1;
	return import_refused(&oi->im, en->row, &why, e);
}

/* The imported org's parent and successor lead neither round nor too deep. */
static int entry_check(struct org_import *oi, const struct org_entry *en, struct error *e)
{
	struct org o;
	int cycle = 0, loop = 0;
	if (store_org_get(oi->im.db, en->id, &o, e) != 0 ||
	    (o.parent_id && store_org_would_cycle(oi->im.db, o.id, o.parent_id, &cycle, e) != 0) ||
	    (o.successor_id &&
	     store_org_successor_loops(oi->im.db, o.id, o.successor_id, &loop, e) != 0))
		return -1;
	if (cycle) {
		char message[120];
		snprintf(message, sizeof message,
			 "that parent would make the hierarchy loop or deeper than %d levels",
			 ORG_CHAIN_MAX);
		import_report(&oi->im, en->row, "parent_id", message);
	}
	if (loop)
		import_report(&oi->im, en->row, "successor_id",
			      "that successor would make the merger history loop");
	return 0;
}

static int orgs_finish(struct import *im, struct error *e)
{
	struct org_import *oi = (struct org_import *)im;
	for (size_t i = 0; i < oi->n; i++)
		if (oi->entries[i].id && entry_link(oi, &oi->entries[i], e) != 0)
			return -1;
	for (size_t i = 0; i < oi->n; i++)
		if (oi->entries[i].id && !oi->entries[i].bad &&
		    entry_check(oi, &oi->entries[i], e) != 0)
			return -1;
	return 0;
}

static void orgs_done(struct import *im)
{
	struct org_import *oi = (struct org_import *)im;
	for (size_t i = 0; i < oi->n; i++) {
		free(oi->entries[i].parent);
		free(oi->entries[i].successor);
	}
	free(oi->entries);
	json_decref(oi->keys);
}

const struct import_kind import_orgs = {
	.name = "orgs",
	.entity = "org",
	.columns = columns,
	.required = required,
	.size = sizeof(struct org_import),
	.header_check = header_check,
	.row = org_row,
	.finish = orgs_finish,
	.done = orgs_done,
};
