/* The A4 document writer over cairo's PDF surface and pango (see pdf.h). */
#include "docs/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>

#define MM (72.0 / 25.4)
#define FONT "Liberation Serif"
#define BODY_PT 13.0
#define TABLE_PT 12.0
#define SMALL_PT 11.0
#define CELL_PAD 3.0
#define MOTTO "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define MOTTO_2 "Độc lập - Tự do - Hạnh phúc"

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;
	double width, height;  /* the page, in points */
	double left, right;    /* the text column's edges */
	double top, bottom;    /* where text starts and must end on a page */
	double y;              /* where the next block goes */
	int page;
	char *buf;
	size_t len, cap;
	int out_of_memory;
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int n)
{
	struct pdf *d = closure;
	if (d->len + n > d->cap) {
		size_t cap = d->cap ? d->cap : 64 * 1024;
		while (cap < d->len + n)
			cap *= 2;
		char *grown = realloc(d->buf, cap);
		if (!grown) {
			d->out_of_memory = 1;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		d->buf = grown;
		d->cap = cap;
	}
	memcpy(d->buf + d->len, data, n);
	d->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/*
** Pango's layout context is made per document from the thread's default
** font map: since Pango 1.32.6 that map is per thread ("In this way,
** PangoCairo can be used safely from multiple threads", the
** pango_cairo_font_map_get_default documentation), so server threads
** rendering at once share no pango state, and each keeps its font cache
** warm. The resolution is 72 dpi so that one pango point is one PDF point.
*/
static PangoContext *layout_context(cairo_t *cr)
{
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();
	/* hinting would move glyphs to a device grid a PDF does not have */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72.0);
	return pc;
}

struct pdf *pdf_new(enum pdf_orientation o, const char *title)
{
	struct pdf *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	double a = 210 * MM, b = 297 * MM;
	d->width = o == PDF_LANDSCAPE ? b : a;
	d->height = o == PDF_LANDSCAPE ? a : b;
	/* Decree 30/2020, Annex I: top and bottom 20–25 mm, left 30–35, right 15–20 */
	d->left = 30 * MM;
	d->right = d->width - 15 * MM;
	d->top = 20 * MM;
	d->bottom = d->height - 20 * MM;
	d->y = d->top;
	d->page = 1;
	d->surface = cairo_pdf_surface_create_for_stream(write_out, d, d->width, d->height);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title ? title : "");
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "thidua");
	d->cr = cairo_create(d->surface);
	d->pc = layout_context(d->cr);
	return d;
}

void pdf_free(struct pdf *d)
{
	if (!d)
		return;
	if (d->pc)
		g_object_unref(d->pc);
	cairo_destroy(d->cr);
	cairo_surface_destroy(d->surface);
	free(d->buf);
	free(d);
}

int pdf_finish(struct pdf *d, char **out, size_t *len, struct error *e)
{
	*out = NULL;
	*len = 0;
	cairo_show_page(d->cr);
	cairo_status_t st = cairo_status(d->cr);
	cairo_surface_finish(d->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(d->surface);
	if (st != CAIRO_STATUS_SUCCESS || d->out_of_memory) {
		err_set(e, d->out_of_memory ? ERR_UNAVAILABLE : ERR_INTERNAL, "pdf_failed", NULL,
			"the PDF could not be made: %s",
			d->out_of_memory ? "out of memory" : cairo_status_to_string(st));
		pdf_free(d);
		return -1;
	}
	*out = d->buf;
	*len = d->len;
	d->buf = NULL;
	pdf_free(d);
	return 0;
}

static PangoLayout *layout_new(struct pdf *d, const char *text, const struct pdf_style *s,
			       double width)
{
	PangoLayout *l = pango_layout_new(d->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_size(fd, (int)((s->size > 0 ? s->size : BODY_PT) * PANGO_SCALE));
	pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, s->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
						PANGO_ALIGN_RIGHT, PANGO_ALIGN_LEFT};
	pango_layout_set_alignment(l, aligns[s->align]);
	pango_layout_set_justify(l, s->align == PDF_JUSTIFY);
	pango_layout_set_indent(l, (int)(s->indent * PANGO_SCALE));
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void set_colour(struct pdf *d, const struct pdf_style *s)
{
	cairo_set_source_rgb(d->cr, s->rgb[0], s->rgb[1], s->rgb[2]);
}

/* Pages after the first carry their number, centred in the top margin. */
static void new_page(struct pdf *d)
{
	cairo_show_page(d->cr);
	d->page++;
	d->y = d->top;
	char num[16];
	snprintf(num, sizeof num, "%d", d->page);
	struct pdf_style s = {.size = BODY_PT, .align = PDF_CENTER};
	PangoLayout *l = layout_new(d, num, &s, d->right - d->left);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_move_to(d->cr, d->left, 8 * MM);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
}

/* Room for h more points on this page, or a new page. */
static void need(struct pdf *d, double h)
{
	if (d->y + h > d->bottom && d->y > d->top)
		new_page(d);
}

/* Draw l line by line at x from d->y, breaking pages between lines. */
static void flow(struct pdf *d, PangoLayout *l, double x)
{
	double origin = d->y; /* the page's y of the layout's top */
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle ink, logical;
		pango_layout_iter_get_line_extents(it, &ink, &logical);
		double top = (double)logical.y / PANGO_SCALE;
		double h = (double)logical.height / PANGO_SCALE;
		if (origin + top + h > d->bottom && origin + top > d->top) {
			new_page(d);
			origin = d->top - top;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE, origin + base);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		d->y = origin + top + h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

void pdf_text(struct pdf *d, const char *text, const struct pdf_style *s)
{
	static const struct pdf_style body = {.align = PDF_JUSTIFY, .before = 4, .indent = 10 * MM};
	if (!s)
		s = &body;
	d->y += s->before;
	PangoLayout *l = layout_new(d, text, s, d->right - d->left);
	set_colour(d, s);
	flow(d, l, d->left);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	g_object_unref(l);
}

void pdf_textf(struct pdf *d, const struct pdf_style *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = NULL;
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		d->out_of_memory = 1;
		return;
	}
	pdf_text(d, text, s);
	free(text);
}

void pdf_title(struct pdf *d, const char *text)
{
	struct pdf_style s = {.size = 14, .bold = 1, .align = PDF_CENTER, .before = 6};
	pdf_text(d, text, &s);
}

void pdf_space(struct pdf *d, double pt)
{
	d->y += pt;
}

/*
** A column of centred lines: text in its style, or (text NULL) a rule of
** rule points, or of the line above's width when rule is negative.
*/
struct piece {
	const char *text;
	struct pdf_style st;
	double rule;
};

static double text_width(PangoLayout *l)
{
	PangoRectangle ink, logical;
	pango_layout_get_extents(l, &ink, &logical);
	return (double)logical.width / PANGO_SCALE;
}

/* Lay out (and, when draw, draw) pieces in the column [x, x + w] from y: the height. */
static double stack(struct pdf *d, const struct piece *p, size_t n, double x, double w,
		    double y, int draw)
{
	double y0 = y, last_width = w / 3;
	for (size_t i = 0; i < n; i++) {
		y += p[i].st.before;
		if (!p[i].text) {
			double rw = p[i].rule < 0 ? last_width : p[i].rule;
			if (draw) {
				cairo_set_line_width(d->cr, 0.6);
				cairo_move_to(d->cr, x + (w - rw) / 2, y + 1);
				cairo_line_to(d->cr, x + (w + rw) / 2, y + 1);
				cairo_stroke(d->cr);
			}
			y += 3;
			continue;
		}
		PangoLayout *l = layout_new(d, p[i].text, &p[i].st, w);
		last_width = text_width(l);
		if (last_width > w)
			last_width = w;
		if (draw) {
			set_colour(d, &p[i].st);
			cairo_move_to(d->cr, x, y);
			pango_cairo_show_layout(d->cr, l);
			cairo_set_source_rgb(d->cr, 0, 0, 0);
		}
		y += layout_height(l);
		g_object_unref(l);
	}
	return y - y0;
}

void pdf_date_words(const char *date, char *out, size_t n)
{
	int y = 0, m = 0, dd = 0;
	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &dd) != 3 || m < 1 || m > 12 ||
	    dd < 1 || dd > 31) {
		snprintf(out, n, "ngày ..... tháng ..... năm .......");
		return;
	}
	/* Decree 30/2020: a day below 10 and the months 1 and 2 take a leading zero */
	snprintf(out, n, "ngày %02d tháng %s%d năm %d", dd, m <= 2 ? "0" : "", m, y);
}

char *pdf_upper(const char *text)
{
	size_t len = 0;
	if (!text)
		text = "";
	uint8_t *up = u8_toupper((const uint8_t *)text, strlen(text), "vi", NULL, NULL, &len);
	if (!up)
		return NULL;
	char *s = malloc(len + 1);
	if (s) {
		memcpy(s, up, len);
		s[len] = '\0';
	}
	free(up);
	return s;
}

void pdf_heading(struct pdf *d, const struct pdf_heading *h)
{
	double w = d->right - d->left, lw = w * 0.40, rw = w - lw + 12 * MM;
	char number[160], dateline[400], words[64];
	snprintf(number, sizeof number, "Số: %s", h->number ? h->number : "......");
	pdf_date_words(h->date, words, sizeof words);
	snprintf(dateline, sizeof dateline, "%s, %s",
		 h->place && h->place[0] ? h->place : "..............", words);
	char *superior = pdf_upper(h->superior), *issuer = pdf_upper(h->issuer);
	if (!superior || !issuer) {
		d->out_of_memory = 1;
	} else {
		struct piece left[] = {
			{superior, {.size = 12.5, .align = PDF_CENTER}, 0},
			{issuer, {.size = 12.5, .bold = 1, .align = PDF_CENTER}, 0},
			{NULL, {.before = 3}, lw / 3},
			{number, {.size = BODY_PT, .align = PDF_CENTER, .before = 4}, 0},
		};
		struct piece right[] = {
			{MOTTO, {.size = 12.5, .bold = 1, .align = PDF_CENTER}, 0},
			{MOTTO_2, {.size = BODY_PT, .bold = 1, .align = PDF_CENTER}, 0},
			{NULL, {.before = 3}, -1},
			{dateline, {.size = BODY_PT, .italic = 1, .align = PDF_CENTER, .before = 4}, 0},
		};
		size_t skip = h->superior && h->superior[0] ? 0 : 1;
		/* the left column leans into the left margin as the decree's model does */
		double hl = stack(d, left + skip, 4 - skip, d->left - 8 * MM, lw, d->y, 1);
		double hr = stack(d, right, 4, d->right - rw + 6 * MM, rw, d->y, 1);
		d->y += (hl > hr ? hl : hr) + 10;
	}
	free(superior);
	free(issuer);
}

void pdf_motto(struct pdf *d)
{
	struct piece p[] = {
		{MOTTO, {.size = 14, .bold = 1, .align = PDF_CENTER}, 0},
		{MOTTO_2, {.size = 14, .bold = 1, .align = PDF_CENTER}, 0},
		{NULL, {.before = 3}, -1},
	};
	d->y += stack(d, p, 3, d->left, d->right - d->left, d->y, 1) + 6;
}

/* The cells of one row laid out in their columns (header: bold). */
static double row_layouts(struct pdf *d, const struct pdf_table *t, const char *const *cells,
			  int header, const double *cw, PangoLayout **out)
{
	double h = 0;
	for (size_t c = 0; c < t->n_cols; c++) {
		struct pdf_style s = {.size = t->size > 0 ? t->size : TABLE_PT, .bold = header};
		s.align = header ? PDF_CENTER : t->align ? t->align[c] : PDF_LEFT;
		out[c] = layout_new(d, cells[c], &s, cw[c] - 2 * CELL_PAD);
		double ch = layout_height(out[c]) + 2 * CELL_PAD;
		if (ch > h)
			h = ch;
	}
	return h;
}

static void row_draw(struct pdf *d, const struct pdf_table *t, const double *cw,
		     PangoLayout **l, double h)
{
	double x = d->left;
	cairo_set_line_width(d->cr, 0.5);
	for (size_t c = 0; c < t->n_cols; c++) {
		cairo_rectangle(d->cr, x, d->y, cw[c], h);
		cairo_stroke(d->cr);
		cairo_move_to(d->cr, x + CELL_PAD, d->y + CELL_PAD);
		pango_cairo_show_layout(d->cr, l[c]);
		x += cw[c];
	}
	d->y += h;
}

static void layouts_free(PangoLayout **l, size_t n)
{
	for (size_t c = 0; c < n; c++)
		g_object_unref(l[c]);
}

/* One row, the header first when the row opens a page. */
static void table_row(struct pdf *d, const struct pdf_table *t, const double *cw,
		      const char *const *cells, PangoLayout **l, PangoLayout **hl, double hh)
{
	double h = row_layouts(d, t, cells, 0, cw, l);
	if (d->y + h > d->bottom) {
		new_page(d);
		row_draw(d, t, cw, hl, hh);
	}
	row_draw(d, t, cw, l, h);
	layouts_free(l, t->n_cols);
}

void pdf_table(struct pdf *d, const struct pdf_table *t)
{
	double *cw = calloc(t->n_cols, sizeof *cw);
	PangoLayout **hl = calloc(t->n_cols, sizeof *hl), **l = calloc(t->n_cols, sizeof *l);
	if (!cw || !hl || !l || !t->n_cols) {
		d->out_of_memory |= t->n_cols > 0;
		goto done;
	}
	double sum = 0;
	for (size_t c = 0; c < t->n_cols; c++)
		sum += t->widths[c];
	for (size_t c = 0; c < t->n_cols; c++)
		cw[c] = (d->right - d->left) * t->widths[c] / sum;
	d->y += 4;
	double hh = row_layouts(d, t, t->header, 1, cw, hl);
	/* a header alone at the foot of a page would be orphaned: keep it with a row */
	need(d, hh + 3 * TABLE_PT);
	row_draw(d, t, cw, hl, hh);
	for (size_t r = 0; r < t->n_rows; r++) {
		const char *const *cells = t->cells + r * t->n_cols;
		table_row(d, t, cw, cells, l, hl, hh);
	}
	layouts_free(hl, t->n_cols);
done:
	free(cw);
	free(hl);
	free(l);
}

/* A signer's pieces: capacity lines in bold, room to sign, the name in bold. */
static size_t signer_pieces(const struct pdf_signer *s, char *capacity, struct piece *p)
{
	size_t n = 0;
	char *save = NULL;
	for (char *line = strtok_r(capacity, "\n", &save); line && n < 4;
	     line = strtok_r(NULL, "\n", &save))
		p[n++] = (struct piece){line, {.size = BODY_PT, .bold = 1, .align = PDF_CENTER}, 0};
	p[n++] = (struct piece){"(Ký, ghi rõ họ tên)",
				 {.size = SMALL_PT, .italic = 1, .align = PDF_CENTER}, 0};
	if (s->name && s->name[0])
		p[n++] = (struct piece){s->name,
					 {.size = BODY_PT, .bold = 1, .align = PDF_CENTER,
					  .before = 22 * MM}, 0};
	else
		p[n++] = (struct piece){" ", {.size = BODY_PT, .before = 22 * MM}, 0};
	return n;
}

void pdf_signatures(struct pdf *d, const struct pdf_signer *left,
		    const struct pdf_signer *right, const char *const *recipients)
{
	double half = (d->right - d->left) / 2;
	struct piece lp[24], rp[6];
	size_t nl = 0, nr = 0;
	char *lcap = left && left->capacity ? pdf_upper(left->capacity) : NULL;
	char *rcap = right && right->capacity ? pdf_upper(right->capacity) : NULL;
	if ((left && left->capacity && !lcap) || (right && right->capacity && !rcap)) {
		d->out_of_memory = 1;
		goto done;
	}
	if (left) {
		nl = signer_pieces(left, lcap ? lcap : "", lp);
	} else if (recipients) {
		lp[nl++] = (struct piece){"Nơi nhận:", {.size = 12, .bold = 1, .italic = 1}, 0};
		for (size_t i = 0; recipients[i] && nl < 24; i++)
			lp[nl++] = (struct piece){recipients[i], {.size = SMALL_PT}, 0};
	}
	if (right)
		nr = signer_pieces(right, rcap ? rcap : "", rp);
	d->y += 10;
	double hl = stack(d, lp, nl, d->left, half, d->y, 0);
	double hr = stack(d, rp, nr, d->left + half, half, d->y, 0);
	need(d, hl > hr ? hl : hr);
	stack(d, lp, nl, d->left, half, d->y, 1);
	stack(d, rp, nr, d->left + half, half, d->y, 1);
	d->y += hl > hr ? hl : hr;
done:
	free(lcap);
	free(rcap);
}

void pdf_frame(struct pdf *d)
{
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.55, 0.1, 0.1);
	cairo_set_line_width(d->cr, 2.5);
	cairo_rectangle(d->cr, 12 * MM, 12 * MM, d->width - 24 * MM, d->height - 24 * MM);
	cairo_stroke(d->cr);
	cairo_set_line_width(d->cr, 0.8);
	cairo_rectangle(d->cr, 15 * MM, 15 * MM, d->width - 30 * MM, d->height - 30 * MM);
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
	/* the text keeps clear of the frame */
	d->left = 25 * MM;
	d->right = d->width - 25 * MM;
}
