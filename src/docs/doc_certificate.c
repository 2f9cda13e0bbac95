/*
** The certificate of an award, on landscape A4 as certificates are
** printed: the national motto, the deciding authority, the award's name
** as the title (BẰNG KHEN, GIẤY KHEN, or the emulation title conferred),
** the recipient, the achievement and year, the decision's number and
** date, and the signer.
*/
#include "docs/docs.h"
#include "docs/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double red[3] = {0.65, 0.05, 0.05};

/* A merit certificate's own name leads its award's (e.g. "Bằng khen của Bộ trưởng"). */
static const char *certificate_kind(const char *award)
{
	static const char *const kinds[] = {"Bằng khen", "Giấy khen"};
	for (size_t i = 0; i < 2; i++)
		if (strncmp(award, kinds[i], strlen(kinds[i])) == 0)
			return kinds[i];
	return NULL;
}

static void body(struct pdf *d, const struct doc_certificate *c, const char *title,
		 const char *verb)
{
	struct pdf_style center = {.size = 15, .bold = 1, .align = PDF_CENTER, .before = 4};
	pdf_text(d, c->authority, &center);
	pdf_text(d, verb, &(struct pdf_style){.size = 15, .bold = 1, .align = PDF_CENTER,
					      .before = 10});
	struct pdf_style big = {.size = 40, .bold = 1, .align = PDF_CENTER, .before = 6};
	memcpy(big.rgb, red, sizeof red);
	pdf_text(d, title, &big);
	pdf_textf(d, &(struct pdf_style){.size = 18, .bold = 1, .italic = 1, .align = PDF_CENTER,
					 .before = 10},
		  "%s%s%s", c->recipient, c->recipient_unit ? " – " : "",
		  c->recipient_unit ? c->recipient_unit : "");
	pdf_textf(d, &(struct pdf_style){.size = 15, .italic = 1, .align = PDF_CENTER, .before = 8},
		  "Đã có thành tích xuất sắc trong phong trào thi đua năm %d.", c->year);
}

int doc_certificate_pdf(const struct doc_certificate *c, char **out, size_t *len,
			struct error *e)
{
	const char *kind = certificate_kind(c->award_name);
	char *authority = pdf_upper(c->authority);
	char *title = pdf_upper(kind ? kind : c->award_name);
	struct pdf *d = authority && title ? pdf_new(PDF_LANDSCAPE, c->award_name) : NULL;
	if (!d) {
		free(authority);
		free(title);
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	}
	struct doc_certificate upper = *c;
	upper.authority = authority;
	pdf_frame(d);
	pdf_space(d, 2);
	pdf_motto(d);
	body(d, &upper, title, kind ? "TẶNG" : "CÔNG NHẬN DANH HIỆU");
	if (kind && strlen(c->award_name) > strlen(kind))
		pdf_text(d, c->award_name, &(struct pdf_style){.size = 12, .italic = 1,
								.align = PDF_CENTER, .before = 4});
	char words[64];
	pdf_date_words(c->decision_date, words, sizeof words);
	pdf_textf(d, &(struct pdf_style){.size = 13, .align = PDF_LEFT, .before = 18},
		  "Quyết định số: %s, %s", c->decision_number, words);
	pdf_textf(d, &(struct pdf_style){.size = 13, .italic = 1, .align = PDF_RIGHT, .before = -14},
		  "%s, %s", c->place && c->place[0] ? c->place : "..............", words);
	struct pdf_signer signer = {authority, c->signer};
	pdf_signatures(d, NULL, &signer, NULL);
	free(authority);
	free(title);
	return pdf_finish(d, out, len, e);
}
