/*
** A proposal to the authority (tờ trình đề nghị khen thưởng): whom the
** proposing org nominates for which award, on what grounds, the ballot
** it came from with its counts, and each condition of the law with its
** legal basis and whether it is met; signed for the proposing org.
*/
#include "docs/docs.h"
#include "docs/pdf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define INDENT (10 * 72.0 / 25.4)

static const struct pdf_style section = {.bold = 1, .before = 8};
static const struct pdf_style item = {.align = PDF_JUSTIFY, .before = 2, .indent = INDENT};

static const char *met_words(int met)
{
	return met > 0 ? "Đạt" : met == 0 ? "Không đạt" : "Chưa đủ căn cứ";
}

static void nominee_part(struct pdf *d, const struct doc_proposal *p)
{
	pdf_text(d, "I. TẬP THỂ, CÁ NHÂN ĐƯỢC ĐỀ NGHỊ", &section);
	if (p->nominee_unit)
		pdf_textf(d, &item, "Ông/Bà: %s, đơn vị: %s.", p->nominee, p->nominee_unit);
	else
		pdf_textf(d, &item, "Tập thể: %s.", p->nominee);
	pdf_textf(d, &item, "Hình thức đề nghị: %s (năm %d).", p->award_name, p->year);
	if (p->award_basis && p->award_basis[0])
		pdf_textf(d, &item, "Căn cứ: %s.", p->award_basis);
}

static void ballot_part(struct pdf *d, const struct doc_proposal *p)
{
	if (!p->ballot_question)
		return;
	char share[24];
	if (p->ballot_threshold % 100)
		snprintf(share, sizeof share, "%d,%02d%%", p->ballot_threshold / 100,
			 p->ballot_threshold % 100);
	else
		snprintf(share, sizeof share, "%d%%", p->ballot_threshold / 100);
	pdf_text(d, "III. KẾT QUẢ BỎ PHIẾU KÍN", &section);
	pdf_textf(d, &item, "Nội dung: %s", p->ballot_question);
	pdf_textf(d, &item, "Số người có quyền biểu quyết: %" PRId64 "; số phiếu bầu: %" PRId64
		  "; số phiếu đồng ý: %" PRId64 " (ngưỡng %s, cần ít nhất %" PRId64 " phiếu): %s.",
		  p->ballot_eligible, p->ballot_cast, p->ballot_votes, share, p->ballot_needed,
		  p->ballot_passed ? "đạt" : "không đạt");
}

static void conditions_part(struct pdf *d, const struct doc_proposal *p)
{
	static const double widths[] = {1, 6, 4, 2};
	static const char *const header[] = {"TT", "Điều kiện, tiêu chuẩn", "Căn cứ pháp lý",
					     "Kết quả"};
	static const enum pdf_align align[] = {PDF_CENTER, PDF_LEFT, PDF_LEFT, PDF_CENTER};
	pdf_textf(d, &section, "%s. ĐIỀU KIỆN, TIÊU CHUẨN", p->ballot_question ? "IV" : "III");
	const char **cells = calloc(p->n_conds * 4 + 1, sizeof *cells);
	char(*num)[24] = calloc(p->n_conds + 1, sizeof *num);
	char **text = calloc(p->n_conds + 1, sizeof *text);
	if (!cells || !num || !text)
		goto done;
	for (size_t i = 0; i < p->n_conds; i++) {
		const struct doc_condition *c = &p->conds[i];
		snprintf(num[i], sizeof num[i], "%zu", i + 1);
		if (c->detail && c->detail[0] && asprintf(&text[i], "%s\n(%s)", c->text, c->detail) < 0)
			text[i] = NULL;
		cells[i * 4] = num[i];
		cells[i * 4 + 1] = text[i] ? text[i] : c->text;
		cells[i * 4 + 2] = c->basis;
		cells[i * 4 + 3] = met_words(c->met);
	}
	struct pdf_table t = {4, widths, header, cells, p->n_conds, align, 0};
	pdf_table(d, &t);
	pdf_textf(d, &item, "Kết luận: %s.",
		  p->eligible ? "đủ điều kiện, tiêu chuẩn theo quy định"
			      : "chưa đủ điều kiện, tiêu chuẩn theo quy định");
done:
	for (size_t i = 0; text && i < p->n_conds; i++)
		free(text[i]);
	free(text);
	free(cells);
	free(num);
}

int doc_proposal_pdf(const struct doc_proposal *p, char **out, size_t *len, struct error *e)
{
	char title[96];
	snprintf(title, sizeof title, "Tờ trình đề nghị khen thưởng số %" PRId64, p->id);
	struct pdf *d = pdf_new(PDF_PORTRAIT, title);
	if (!d)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	struct pdf_heading h = {p->superior, p->proposer, "....../TTr-TĐKT", p->place, p->date};
	pdf_heading(d, &h);
	pdf_title(d, "TỜ TRÌNH");
	pdf_textf(d, &(struct pdf_style){.bold = 1, .align = PDF_CENTER},
		  "Về việc đề nghị khen thưởng %s năm %d", p->award_name, p->year);
	pdf_textf(d, &(struct pdf_style){.align = PDF_CENTER, .before = 8}, "Kính gửi: %s.",
		  p->authority);
	if (p->rule_set_basis && p->rule_set_basis[0])
		pdf_textf(d, &(struct pdf_style){.italic = 1, .align = PDF_JUSTIFY, .before = 8,
						 .indent = INDENT},
			  "Căn cứ %s;", p->rule_set_basis);
	pdf_textf(d, &item, "%s trân trọng đề nghị %s xem xét, khen thưởng %s cho %s, cụ thể như sau:",
		  p->proposer, p->authority, p->award_name, p->nominee);
	nominee_part(d, p);
	pdf_text(d, "II. THÀNH TÍCH ĐẠT ĐƯỢC", &section);
	pdf_text(d, p->grounds, &item);
	ballot_part(d, p);
	conditions_part(d, p);
	pdf_textf(d, &item, "%s kính trình %s xem xét, quyết định./.", p->proposer, p->authority);
	const char *const to[] = {"- Như trên;", "- Lưu: VT, TĐKT.", NULL};
	char *capacity = NULL;
	if (asprintf(&capacity, "TM. %s\nThủ trưởng đơn vị", p->proposer) < 0) {
		pdf_free(d);
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	}
	struct pdf_signer signer = {capacity, NULL};
	pdf_signatures(d, NULL, &signer, to);
	free(capacity);
	return pdf_finish(d, out, len, e);
}
