/*
** The importers' CSV reader (docs/csv_read.c, csv_read_file on libcsv):
** any bytes as a file, read row by row into a callback.
**
** Input: byte 0 picks how the file is read: bits 0-2 a row (1 to 7) whose
** callback stops the reading with its own error (0: none does), bit 3 the
** file is the rest of the input repeated past 66 KiB (past the
** reader's 64 KiB chunks and its 64 KiB field limit); the rest is the
** file. The file is written each time into one memfd (or, without
** memfd_create, one temporary file) that the reader opens by path.
**
** Invariants: rows come numbered 1, 2, 3, … with 1 to CSV_FIELDS_MAX
** fields, each NUL-terminated valid UTF-8 (u8_check) of at most
** CSV_FIELD_BYTES_MAX bytes; the reading ends with 0, or -1 with a 422
** bad_csv naming "row N", N the row after the last one handed over; a
** callback that stops the reading is called no more and its error is
** the one returned. A file without a quote character is read as a plain
** reading of RFC 4180 and the reader's rules says: rows split at CR or
** LF, blank ones (spaces and tabs only) skipped, fields split at commas
** and trimmed of spaces and tabs (libcsv's way), a byte order mark
** dropped from the first field of the first row, and the first row
** wider than 64 fields, with a field over 64 KiB, a NUL byte or text
** that is not UTF-8 is the row the error names; each row handed over is
** that reading's.
**
** FUZZ_CSV_TRACE=1 prints the rows (replaying a finding).
*/
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <unistr.h>

#include "docs/csv_read.h"
#include "fuzz_answer.h"
#include "fuzz_util.h"

#define REPEAT_BYTES (66 * 1024)

static int fd = -1;
static char path[64], tmp_path[64];
static int tracing;

static void cleanup(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
}

static int on_row_unused(const struct csv_row *row, void *data, struct error *e)
{
	(void)row;
	(void)data;
	(void)e;
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = memfd_create("fuzz_csv", 0);
	if (fd >= 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (access(path, R_OK) != 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		snprintf(tmp_path, sizeof tmp_path, "%s/fuzz_csv.XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		fd = mkstemp(tmp_path);
		if (fd < 0)
			abort();
		snprintf(path, sizeof path, "%s", tmp_path);
		atexit(cleanup);
	}
	/* a file that is not there: 422 cannot_open naming the file */
	struct error e;
	err_clear(&e);
	if (csv_read_file("/nonexistent-fuzz-csv/awards.csv", on_row_unused, NULL, &e) != -1 ||
	    e.kind != ERR_INVALID || strcmp(e.code, "cannot_open") != 0 ||
	    strcmp(e.field, "file") != 0) {
		fprintf(stderr, "fuzz_csv: a missing file read as %s (%s)\n", e.code, e.field);
		abort();
	}
	return 0;
}

static void write_file(const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) != 0)
		abort();
	size_t done = 0;
	while (done < size) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
}

/* ---- a plain reading of a file without quotes ---- */

struct plain_row {
	size_t start, end; /* the line's bytes */
};

struct plain {
	struct plain_row *rows; /* non-blank lines */
	size_t n;
};

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

static void plain_read(const char *s, size_t len, struct plain *p)
{
	memset(p, 0, sizeof *p);
	size_t cap = 16;
	p->rows = malloc(cap * sizeof *p->rows);
	FUZZ_CHECK(p->rows != NULL, "out of memory");
	/* a byte order mark at the very start is not part of the text */
	size_t i = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '\r' && s[end] != '\n')
			end++;
		int only_blanks = 1;
		for (size_t k = i; k < end && only_blanks; k++)
			only_blanks = blank(s[k]);
		if (!only_blanks) {
			if (p->n == cap) {
				cap *= 2;
				p->rows = realloc(p->rows, cap * sizeof *p->rows);
				FUZZ_CHECK(p->rows != NULL, "out of memory");
			}
			p->rows[p->n++] = (struct plain_row){i, end};
		}
		i = end + 1;
	}
}

/* Field k of a line as the reader should hand it over: trimmed. */
static size_t plain_fields(const char *s, const struct plain_row *r, size_t *starts,
			   size_t *lens, size_t max)
{
	size_t n = 0, i = r->start;
	for (;;) {
		size_t end = i;
		while (end < r->end && s[end] != ',')
			end++;
		size_t a = i, b = end;
		while (a < b && blank(s[a]))
			a++;
		while (b > a && blank(s[b - 1]))
			b--;
		if (n < max) {
			starts[n] = a;
			lens[n] = b - a;
		}
		n++;
		if (end >= r->end)
			break;
		i = end + 1;
	}
	return n;
}

/* Is a field (as the reader should hand it over) one it must refuse? */
static int plain_bad(const char *s, size_t start, size_t len)
{
	return len > CSV_FIELD_BYTES_MAX || memchr(s + start, '\0', len) ||
	       u8_check((const uint8_t *)s + start, len) != NULL;
}

/* ---- the reading ---- */

struct seen {
	const char *file;
	size_t len;
	int quoted;   /* the file has a quote: no plain reading to compare with */
	size_t stop;  /* the row whose callback fails, 0: none */
	size_t rows;  /* rows handed over */
	struct plain plain;
	size_t starts[CSV_FIELDS_MAX + 1], lens[CSV_FIELDS_MAX + 1];
};

static int on_row(const struct csv_row *row, void *data, struct error *e)
{
	struct seen *s = data;
	FUZZ_CHECK(s->stop == 0 || s->rows < s->stop, "row %zu after the callback stopped at %zu",
		   row->number, s->stop);
	FUZZ_CHECK(row->number == s->rows + 1, "row %zu after %zu rows", row->number, s->rows);
	s->rows++;
	FUZZ_CHECK(row->n >= 1 && row->n <= CSV_FIELDS_MAX, "row %zu of %zu fields", row->number,
		   row->n);
	FUZZ_CHECK(row->fields != NULL, "row %zu without fields", row->number);
	if (tracing)
		fprintf(stderr, "row %zu:", row->number);
	for (size_t i = 0; i < row->n; i++) {
		const char *f = row->fields[i];
		FUZZ_CHECK(f != NULL, "row %zu field %zu is NULL", row->number, i);
		size_t n = strlen(f);
		FUZZ_CHECK(n <= CSV_FIELD_BYTES_MAX, "row %zu field %zu of %zu bytes", row->number,
			   i, n);
		FUZZ_CHECK(u8_check((const uint8_t *)f, n) == NULL, "row %zu field %zu is not UTF-8",
			   row->number, i);
		if (tracing)
			fprintf(stderr, " [%s]", f);
	}
	if (tracing)
		fputc('\n', stderr);
	if (!s->quoted) {
		FUZZ_CHECK(row->number <= s->plain.n, "row %zu of a file of %zu rows", row->number,
			   s->plain.n);
		size_t want = plain_fields(s->file, &s->plain.rows[row->number - 1], s->starts,
					   s->lens, CSV_FIELDS_MAX + 1);
		FUZZ_CHECK(row->n == want, "row %zu: %zu fields, a plain reading has %zu",
			   row->number, row->n, want);
		for (size_t i = 0; i < row->n; i++)
			FUZZ_CHECK(strlen(row->fields[i]) == s->lens[i] &&
					   memcmp(row->fields[i], s->file + s->starts[i], s->lens[i]) == 0,
				   "row %zu field %zu: [%s], a plain reading has [%.*s]", row->number, i,
				   row->fields[i], (int)(s->lens[i] > 200 ? 200 : s->lens[i]),
				   s->file + s->starts[i]);
	}
	if (s->stop && row->number == s->stop)
		return err_set(e, ERR_INVALID, "fuzz_stop", "callback", "stopped at row %zu",
			       row->number);
	return 0;
}

/* The row a plain reading fails at (0: none), and how many rows it hands over. */
static size_t plain_failure(struct seen *s)
{
	for (size_t r = 0; r < s->plain.n; r++) {
		size_t starts[CSV_FIELDS_MAX + 1], lens[CSV_FIELDS_MAX + 1];
		size_t n = plain_fields(s->file, &s->plain.rows[r], starts, lens, CSV_FIELDS_MAX + 1);
		size_t checked = n < CSV_FIELDS_MAX ? n : CSV_FIELDS_MAX;
		for (size_t i = 0; i < checked; i++)
			if (plain_bad(s->file, starts[i], lens[i]))
				return r + 1;
		if (n > CSV_FIELDS_MAX)
			return r + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	tracing = getenv("FUZZ_CSV_TRACE") != NULL;
	unsigned selector = data[0];
	data++;
	size--;
	uint8_t *file = NULL;
	size_t len = size;
	if ((selector & 8) && size > 0) {
		size_t times = REPEAT_BYTES / size + 1;
		len = size * times;
		file = malloc(len);
		FUZZ_CHECK(file != NULL, "out of memory");
		for (size_t i = 0; i < times; i++)
			memcpy(file + i * size, data, size);
	}
	const uint8_t *bytes = file ? file : data;
	write_file(bytes, len);

	struct seen *s = calloc(1, sizeof *s);
	FUZZ_CHECK(s != NULL, "out of memory");
	s->file = (const char *)bytes;
	s->len = len;
	s->quoted = memchr(bytes, '"', len) != NULL;
	s->stop = selector & 7;
	if (!s->quoted)
		plain_read(s->file, len, &s->plain);

	struct error e;
	err_clear(&e);
	int rc = csv_read_file(path, on_row, s, &e);
	if (tracing)
		fprintf(stderr, "rc %d after %zu rows: %s (%s): %s\n", rc, s->rows, e.code, e.field,
			e.message);
	int stopped = s->stop && s->rows == s->stop;
	if (stopped) {
		FUZZ_CHECK(rc == -1 && strcmp(e.code, "fuzz_stop") == 0 &&
				   strcmp(e.field, "callback") == 0,
			   "the callback stopped the reading, which returned %d with %s (%s)", rc,
			   e.code, e.field);
	} else if (rc != 0) {
		FUZZ_CHECK(rc == -1, "csv_read_file returned %d", rc);
		FUZZ_CHECK(e.kind == ERR_INVALID && strcmp(e.code, "bad_csv") == 0,
			   "refused with kind %d code %s: %s", (int)e.kind, e.code, e.message);
		char want[32];
		snprintf(want, sizeof want, "row %zu", s->rows + 1);
		FUZZ_CHECK(strcmp(e.field, want) == 0, "the error names %s after %zu rows: %s",
			   e.field, s->rows, e.message);
		check_refusal(&e);
	} else {
		FUZZ_CHECK(e.kind == ERR_NONE, "read with an error set: %s", e.message);
	}
	if (!s->quoted) {
		size_t fails = plain_failure(s);
		size_t want_rows = fails ? fails - 1 : s->plain.n;
		if (s->stop && s->stop <= want_rows) {
			FUZZ_CHECK(stopped, "%zu rows handed over, the callback stops at %zu", s->rows,
				   s->stop);
		} else {
			FUZZ_CHECK((rc != 0) == (fails != 0),
				   "read %s, a plain reading %s (row %zu): %s",
				   rc ? "refused" : "accepted", fails ? "fails" : "does not fail",
				   fails, e.message);
			FUZZ_CHECK(s->rows == want_rows, "%zu rows handed over, a plain reading has %zu",
				   s->rows, want_rows);
		}
	}
	free(s->plain.rows);
	free(s);
	free(file);
	return 0;
}
