/*
** The minutes of a cluster's year-end conference (biên bản hội nghị tổng
** kết công tác thi đua, khen thưởng): who attended, who chaired, the
** agenda, the published ranking, every closed ballot with its counts, the
** nominations, and next year's leader and deputies; signed by the chair
** and the secretary.
*/
#include "docs/docs.h"
#include "docs/pdf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct pdf_style section = {.bold = 1, .before = 8};
static const struct pdf_style item = {.align = PDF_JUSTIFY, .before = 2, .indent = 10 * 72.0 / 25.4};

/* Points with a decimal comma, as Vietnamese writes them. */
static void centi_words(int64_t centi, char *out, size_t n)
{
	int64_t a = centi < 0 ? -centi : centi;
	snprintf(out, n, "%s%" PRId64 ",%02" PRId64, centi < 0 ? "-" : "", a / 100, a % 100);
}

static void share_words(int share, char *out, size_t n)
{
	if (share % 100 == 0)
		snprintf(out, n, "%d%%", share / 100);
	else
		snprintf(out, n, "%d,%02d%%", share / 100, share % 100);
}

static void members_part(struct pdf *d, const struct doc_minutes *m)
{
	pdf_text(d, "I. THÀNH PHẦN THAM DỰ", &section);
	pdf_textf(d, &item, "Các đơn vị thành viên của %s năm %d (%zu đơn vị):", m->cluster,
		  m->year, m->n_members);
	for (size_t i = 0; i < m->n_members; i++)
		pdf_textf(d, &item, "%zu. %s", i + 1, m->members[i]);
	pdf_textf(d, &item, "Chủ trì: %s (đơn vị Cụm trưởng năm %d).", m->chair, m->year);
	pdf_text(d, "Thư ký: ................................................................", &item);
}

static void agenda_part(struct pdf *d, const struct doc_minutes *m)
{
	pdf_text(d, "II. NỘI DUNG HỘI NGHỊ", &section);
	pdf_textf(d, &item, "1. Tổng kết công tác thi đua, khen thưởng năm %d và công bố kết quả "
		  "chấm điểm, xếp hạng thi đua.", m->year);
	pdf_text(d, "2. Bỏ phiếu kín suy tôn, bình xét các danh hiệu thi đua và hình thức khen "
		 "thưởng.", &item);
	pdf_textf(d, &item, "3. Bầu đơn vị Cụm trưởng, Cụm phó năm %d.", m->year + 1);
}

static void ranking_part(struct pdf *d, const struct doc_minutes *m)
{
	static const double widths[] = {1, 6, 2};
	static const char *const header[] = {"Xếp hạng", "Đơn vị", "Tổng điểm"};
	static const enum pdf_align align[] = {PDF_CENTER, PDF_LEFT, PDF_RIGHT};
	pdf_textf(d, &section, "III. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM %d", m->year);
	const char **cells = calloc(m->n_ranked * 3 + 1, sizeof *cells);
	char(*num)[2][32] = calloc(m->n_ranked + 1, sizeof *num);
	if (cells && num) {
		for (size_t i = 0; i < m->n_ranked; i++) {
			snprintf(num[i][0], sizeof num[i][0], "%d", m->ranking[i].rank);
			centi_words(m->ranking[i].total_centi, num[i][1], sizeof num[i][1]);
			cells[i * 3] = num[i][0];
			cells[i * 3 + 1] = m->ranking[i].unit;
			cells[i * 3 + 2] = num[i][1];
		}
		struct pdf_table t = {3, widths, header, cells, m->n_ranked, align, 0};
		pdf_table(d, &t);
	}
	free(cells);
	free(num);
}

static void ballot_counts(struct pdf *d, const struct doc_ballot *b)
{
	static const double widths[] = {6, 2, 2};
	static const char *const header[] = {"Ứng viên / phương án", "Số phiếu", "Kết quả"};
	static const enum pdf_align align[] = {PDF_LEFT, PDF_RIGHT, PDF_CENTER};
	const char **cells = calloc(b->n * 3 + 1, sizeof *cells);
	char(*votes)[24] = calloc(b->n + 1, sizeof *votes);
	if (cells && votes) {
		for (size_t i = 0; i < b->n; i++) {
			snprintf(votes[i], sizeof votes[i], "%" PRId64, b->tally[i].votes);
			cells[i * 3] = b->tally[i].label;
			cells[i * 3 + 1] = votes[i];
			cells[i * 3 + 2] = b->tally[i].passed ? "Đạt" : "Không đạt";
		}
		struct pdf_table t = {3, widths, header, cells, b->n, align, 0};
		pdf_table(d, &t);
	}
	free(cells);
	free(votes);
}

static void ballot_part(struct pdf *d, const struct doc_ballot *b, size_t k)
{
	char share[24];
	share_words(b->threshold, share, sizeof share);
	pdf_textf(d, &item, "%zu. %s", k + 1, b->question);
	pdf_textf(d, &item, "Số đại biểu có quyền biểu quyết: %" PRId64 "; số phiếu phát ra thu về: "
		  "%" PRId64 " (phiếu trắng: %" PRId64 "; phiếu không hợp lệ: %" PRId64 ").",
		  b->eligible, b->cast, b->blank, b->invalid);
	if (b->is_void) {
		pdf_text(d, "Số phiếu quá ít để công bố mà vẫn giữ bí mật lá phiếu: kết quả không "
			 "được công bố.", &item);
		return;
	}
	pdf_textf(d, &item, "Ngưỡng trúng: từ %s %s trở lên, tức ít nhất %" PRId64 " phiếu.", share,
		  b->base_cast ? "số phiếu bầu" : "tổng số đại biểu có quyền biểu quyết", b->needed);
	ballot_counts(d, b);
	char passed[1024] = "";
	for (size_t i = 0; i < b->n; i++) {
		size_t len = strlen(passed);
		if (b->tally[i].passed && len + 8 < sizeof passed)
			snprintf(passed + len, sizeof passed - len, "%s%s", len ? "; " : "",
				 b->tally[i].label);
	}
	pdf_textf(d, &item, "Đạt: %s.", passed[0] ? passed : "không có");
}

static void ballots_part(struct pdf *d, const struct doc_minutes *m)
{
	pdf_text(d, "IV. KẾT QUẢ BỎ PHIẾU KÍN", &section);
	if (!m->n_ballots)
		pdf_text(d, "Hội nghị không tổ chức bỏ phiếu.", &item);
	for (size_t i = 0; i < m->n_ballots; i++)
		ballot_part(d, &m->ballots[i], i);
}

static void nominations_part(struct pdf *d, const struct doc_minutes *m)
{
	static const double widths[] = {1, 5, 4, 2};
	static const char *const header[] = {"TT", "Tập thể / cá nhân", "Hình thức đề nghị",
					     "Trạng thái"};
	pdf_text(d, "V. ĐỀ NGHỊ KHEN THƯỞNG", &section);
	if (!m->n_nominations) {
		pdf_text(d, "Chưa có đề nghị khen thưởng.", &item);
		return;
	}
	const char **cells = calloc(m->n_nominations * 4 + 1, sizeof *cells);
	char(*num)[24] = calloc(m->n_nominations + 1, sizeof *num);
	if (cells && num) {
		for (size_t i = 0; i < m->n_nominations; i++) {
			snprintf(num[i], sizeof num[i], "%zu", i + 1);
			cells[i * 4] = num[i];
			cells[i * 4 + 1] = m->nominations[i].nominee;
			cells[i * 4 + 2] = m->nominations[i].award;
			cells[i * 4 + 3] = m->nominations[i].status;
		}
		struct pdf_table t = {4, widths, header, cells, m->n_nominations, NULL, 0};
		pdf_table(d, &t);
	}
	free(cells);
	free(num);
}

static void handover_part(struct pdf *d, const struct doc_minutes *m)
{
	pdf_textf(d, &section, "VI. ĐƠN VỊ CỤM TRƯỞNG, CỤM PHÓ NĂM %d", m->year + 1);
	if (!m->next_leader) {
		pdf_text(d, "Hội nghị chưa bầu đơn vị Cụm trưởng, Cụm phó năm sau.", &item);
		return;
	}
	pdf_textf(d, &item, "Cụm trưởng: %s.", m->next_leader);
	for (size_t i = 0; i < m->n_next_deputies; i++)
		pdf_textf(d, &item, "Cụm phó: %s.", m->next_deputies[i]);
}

int doc_minutes_pdf(const struct doc_minutes *m, char **out, size_t *len, struct error *e)
{
	char title[160];
	snprintf(title, sizeof title, "Biên bản hội nghị tổng kết năm %d", m->year);
	struct pdf *d = pdf_new(PDF_PORTRAIT, title);
	if (!d)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	struct pdf_heading h = {m->authority, m->cluster, "....../BB-CTĐ", m->place, m->date};
	pdf_heading(d, &h);
	pdf_title(d, "BIÊN BẢN");
	/* the summary (trích yếu) under the type's name, in bold lower case */
	pdf_textf(d, &(struct pdf_style){.bold = 1, .align = PDF_CENTER},
		  "Hội nghị tổng kết công tác thi đua, khen thưởng năm %d", m->year);
	pdf_text(d, m->cluster, &(struct pdf_style){.bold = 1, .align = PDF_CENTER});
	char when[64];
	pdf_date_words(m->date, when, sizeof when);
	pdf_textf(d, &(struct pdf_style){.align = PDF_JUSTIFY, .before = 10, .indent = 10 * 72.0 / 25.4},
		  "Hôm nay, %s, tại %s, %s tổ chức Hội nghị tổng kết công tác thi đua, khen "
		  "thưởng năm %d.", when, m->place && m->place[0] ? m->place : "trụ sở đơn vị Cụm trưởng",
		  m->cluster, m->year);
	members_part(d, m);
	agenda_part(d, m);
	ranking_part(d, m);
	ballots_part(d, m);
	nominations_part(d, m);
	handover_part(d, m);
	pdf_text(d, "Biên bản được lập và thông qua tại Hội nghị, các đại biểu dự Hội nghị nhất trí "
		 "với nội dung biên bản.", &item);
	/* the records name the chairing unit, no person: both sign and write their names on paper */
	struct pdf_signer secretary = {"Thư ký", NULL}, chair = {"Chủ trì hội nghị", NULL};
	pdf_signatures(d, &secretary, &chair, NULL);
	return pdf_finish(d, out, len, e);
}
