/*
** The document writer (docs/pdf.h): a PDF comes back in memory; a long
** table flows onto more pages with its header repeated and the pages
** numbered; the text is extractable with its diacritics (checked with
** poppler's pdftotext where it is installed); dates and capitals follow
** Decree 30/2020; several threads render at once.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "docs/pdf.h"

static size_t count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		n += memcmp(hay + i, needle, k) == 0;
	return n;
}

/* Pages of a PDF cairo wrote: its page objects ("/Type /Pages" is the tree). */
static size_t pages(const char *pdf, size_t len)
{
	return count(pdf, len, "/Type /Page") - count(pdf, len, "/Type /Pages");
}

static void long_table(struct pdf *d, size_t rows)
{
	static const double widths[] = {1, 5, 2};
	static const char *const header[] = {"TT", "Đơn vị", "Tổng điểm"};
	const char **cells = calloc(rows * 3, sizeof *cells);
	char(*text)[96] = calloc(rows * 3, sizeof *text);
	assert_non_null(cells);
	assert_non_null(text);
	for (size_t r = 0; r < rows; r++) {
		snprintf(text[r * 3], 96, "%zu", r + 1);
		snprintf(text[r * 3 + 1], 96, "Sở Giáo dục và Đào tạo tỉnh số %zu", r + 1);
		snprintf(text[r * 3 + 2], 96, "%zu,5", 90 - r % 50);
		for (size_t c = 0; c < 3; c++)
			cells[r * 3 + c] = text[r * 3 + c];
	}
	struct pdf_table t = {3, widths, header, cells, rows, NULL, 0};
	pdf_table(d, &t);
	free(cells);
	free(text);
}

static char *render(size_t rows, size_t *len)
{
	struct pdf *d = pdf_new(PDF_PORTRAIT, "Biên bản thử");
	assert_non_null(d);
	struct pdf_heading h = {"Ban Tổ chức Trung ương", "Cụm thi đua số 1", "12/BB-CTĐ",
				"Hà Nội", "2026-02-05"};
	pdf_heading(d, &h);
	pdf_title(d, "BIÊN BẢN");
	pdf_text(d, "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2025.", NULL);
	long_table(d, rows);
	struct pdf_signer chair = {"Chủ trì hội nghị", "Nguyễn Văn Ất"};
	const char *const to[] = {"- Như trên;", "- Lưu: VT.", NULL};
	pdf_signatures(d, NULL, &chair, to);
	char *out = NULL;
	struct error e;
	err_clear(&e);
	assert_int_equal(pdf_finish(d, &out, len, &e), 0);
	assert_true(*len > 5 && memcmp(out, "%PDF-", 5) == 0);
	return out;
}

static void test_short_document_is_one_page(void **state)
{
	(void)state;
	size_t len = 0;
	char *pdf = render(3, &len);
	assert_int_equal(pages(pdf, len), 1);
	free(pdf);
}

/* pdftotext -layout of pdf, or NULL when poppler is not installed. */
static char *pdftotext(const char *pdf, size_t len)
{
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		return NULL;
	char path[] = "/tmp/thidua-test-pdf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf, len), (ssize_t)len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	n = fread(text, 1, cap - 1, p);
	text[n] = '\0';
	pclose(p);
	unlink(path);
	return text;
}

static void test_long_table_flows_with_its_header(void **state)
{
	(void)state;
	size_t len = 0;
	char *pdf = render(120, &len);
	size_t n = pages(pdf, len);
	assert_true(n >= 3);
	char *text = pdftotext(pdf, len);
	if (text) {
		/* the header on every page the table reaches, and every row once */
		assert_true(count(text, strlen(text), "Tổng điểm") >= n);
		assert_non_null(strstr(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
		assert_non_null(strstr(text, "Độc lập - Tự do - Hạnh phúc"));
		assert_non_null(strstr(text, "CỤM THI ĐUA SỐ 1"));
		assert_non_null(strstr(text, "Hà Nội, ngày 05 tháng 02 năm 2026"));
		assert_non_null(strstr(text, "Sở Giáo dục và Đào tạo tỉnh số 120"));
		assert_non_null(strstr(text, "Nguyễn Văn Ất"));
		assert_non_null(strstr(text, "CHỦ TRÌ HỘI NGHỊ"));
		free(text);
	}
	free(pdf);
}

static void test_dates_and_capitals(void **state)
{
	(void)state;
	char out[64];
	pdf_date_words("2026-11-05", out, sizeof out);
	assert_string_equal(out, "ngày 05 tháng 11 năm 2026");
	pdf_date_words("2026-02-15", out, sizeof out);
	assert_string_equal(out, "ngày 15 tháng 02 năm 2026");
	pdf_date_words("2026-03-01", out, sizeof out);
	assert_string_equal(out, "ngày 01 tháng 3 năm 2026");
	pdf_date_words("", out, sizeof out);
	assert_non_null(strstr(out, "....."));
	char *up = pdf_upper("Cụm thi đua các đơn vị Đảng ở Trung ương");
	assert_string_equal(up, "CỤM THI ĐUA CÁC ĐƠN VỊ ĐẢNG Ở TRUNG ƯƠNG");
	free(up);
}

static void *render_thread(void *arg)
{
	size_t *len = arg;
	free(render(40, len));
	return NULL;
}

static void test_threads_render_at_once(void **state)
{
	(void)state;
	pthread_t t[4];
	size_t len[4] = {0};
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, render_thread, &len[i]), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int i = 1; i < 4; i++)
		assert_true(len[i] > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_document_is_one_page),
		cmocka_unit_test(test_long_table_flows_with_its_header),
		cmocka_unit_test(test_dates_and_capitals),
		cmocka_unit_test(test_threads_render_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
