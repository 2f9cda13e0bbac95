/*
** A small writer of A4 documents in the layout of Vietnamese state
** documents (Decree 30/2020/NĐ-CP): the two-column heading with the
** issuing body and the national motto, a centred title, justified
** paragraphs, tables whose header repeats on every page, and the
** signature block with its list of recipients. Text is set in Liberation
** Serif (Times New Roman's metrics) through pango, so it stays real,
** extractable text with its diacritics. Content flows onto as many pages
** as it needs; pages after the first are numbered at the top, as the
** decree asks. The PDF is made in memory.
**
** Drawing calls record any failure inside the document (cairo keeps its
** first error); pdf_finish reports it. Strings are UTF-8.
*/
#ifndef THIDUA_PDF_H
#define THIDUA_PDF_H

#include <stddef.h>

#include "core/error.h"

struct pdf;

enum pdf_orientation { PDF_PORTRAIT = 0, PDF_LANDSCAPE };

/* A new document; title goes into the PDF's metadata. NULL only on out of memory. */
struct pdf *pdf_new(enum pdf_orientation o, const char *title);
/*
** End the document: *out (malloc'd, the caller frees it) and *len hold
** the PDF; 500 pdf_failed when cairo could not make it. Frees d either way.
*/
int pdf_finish(struct pdf *d, char **out, size_t *len, struct error *e);
/* Drop an unfinished document. */
void pdf_free(struct pdf *d);

/*
** The heading (thể thức): left, the superior body (may be NULL) over the
** issuing body in capitals, a short rule, and "Số: number"; right, the
** national motto with its rule, then "place, ngày dd tháng mm năm yyyy"
** in italics (date "YYYY-MM-DD"; place NULL or "" leaves dots to fill in).
*/
struct pdf_heading {
	const char *superior;
	const char *issuer;
	const char *number;
	const char *place;
	const char *date;
};
void pdf_heading(struct pdf *d, const struct pdf_heading *h);
/* Only the national motto, centred (a certificate's head). */
void pdf_motto(struct pdf *d);

enum pdf_align { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT, PDF_JUSTIFY };
struct pdf_style {
	double size;     /* points; 0: the body's 13 pt */
	int bold, italic;
	enum pdf_align align;
	double before;   /* space above, in points */
	double indent;   /* first line indent, in points */
	double rgb[3];   /* colour; all 0: black */
};
/* A block of text in style s (NULL: a justified body paragraph), wrapped and flowing over pages. */
void pdf_text(struct pdf *d, const char *text, const struct pdf_style *s);
/* printf into a paragraph in style s. */
void pdf_textf(struct pdf *d, const struct pdf_style *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A centred bold title line (capitals are the caller's). */
void pdf_title(struct pdf *d, const char *text);
/* Vertical space, in points. */
void pdf_space(struct pdf *d, double pt);

/*
** A table of n_cols columns with relative widths, one header row and
** n_rows rows (cells[row * n_cols + col]; NULL is an empty cell), in
** size pt (0: 12 pt). Cells wrap; a row never splits across pages, and
** the header is drawn again on every page the table reaches.
*/
struct pdf_table {
	size_t n_cols;
	const double *widths;
	const char *const *header;
	const char *const *cells;
	size_t n_rows;
	const enum pdf_align *align; /* per column, NULL: all left */
	double size;
};
void pdf_table(struct pdf *d, const struct pdf_table *t);

/*
** The signature block, kept on one page: right, the signer's capacity
** (lines split at '\n', capitals bold) and name in bold after room to
** sign; left, either a second signer (a secretary) or "Nơi nhận:" with
** recipients (NULL-terminated) in small type. Any part may be NULL.
*/
struct pdf_signer {
	const char *capacity;
	const char *name;
};
void pdf_signatures(struct pdf *d, const struct pdf_signer *left,
		    const struct pdf_signer *right, const char *const *recipients);

/* A double frame around the page (certificates); the text then keeps inside it. */
void pdf_frame(struct pdf *d);

/* "ngày 05 tháng 11 năm 2026" from "2026-11-05" into out; dots when date is not one. */
void pdf_date_words(const char *date, char *out, size_t n);
/* UTF-8 text in capitals (Vietnamese letters included), malloc'd; NULL on out of memory. */
char *pdf_upper(const char *text);

#endif
