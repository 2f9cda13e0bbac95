/*
** An eligibility detail said in words. Each kind has a sentence per
** language with its figures as {name} slots, as the web catalogs write
** them (src/web/i18n.js, elig.d.*): the English is the API's `detail`
** as it always read, the Vietnamese what a proposal prints.
*/
#include "domain/eligibility.h"

#include <stdio.h>
#include <string.h>

#define P(x) (1u << (x))

/* When a kind says its second sentence: a count that found no year, a rating over one year. */
enum variant { ONE_FORM = 0, NO_YEARS, ONE_YEAR };

struct detail_form {
	const char *code;
	unsigned params;
	enum variant variant;
	const char *text[2][2]; /* [enum lang][the variant applies] */
};

static const struct detail_form forms[DETAIL_KINDS] = {
	[DETAIL_NONE] = {"none", 0, ONE_FORM, {{"", NULL}, {"", NULL}}},
	[DETAIL_HELD] = {"held", P(DP_AWARD) | P(DP_YEARS), ONE_FORM,
			 {{"Đã đạt {award} năm {years}", NULL}, {"{award} held in {years}", NULL}}},
	[DETAIL_NOT_HELD] = {"not_held", P(DP_AWARD) | P(DP_YEARS), ONE_FORM,
			     {{"Chưa đạt {award} năm {years}", NULL},
			      {"{award} not held in {years}", NULL}}},
	[DETAIL_COUNT] = {"count",
			  P(DP_AWARD) | P(DP_N) | P(DP_FROM) | P(DP_TO) | P(DP_YEARS) | P(DP_NEEDS),
			  NO_YEARS,
			  {{"{award}: {n} lần trong {from}–{to} (năm {years}); cần {needs} lần",
			    "{award}: {n} lần trong {from}–{to}; cần {needs} lần"},
			   {"{award} {n} time(s) in {from}-{to}: {years} (needs {needs})",
			    "{award} {n} time(s) in {from}-{to} (needs {needs})"}}},
	[DETAIL_NOT_HELD_BY] = {"not_held_by", P(DP_AWARD) | P(DP_YEAR), ONE_FORM,
				{{"Chưa đạt {award} đến năm {year}", NULL},
				 {"{award} not held by {year}", NULL}}},
	[DETAIL_RATED] = {"rated", P(DP_RATING) | P(DP_N) | P(DP_FROM) | P(DP_TO), ONE_YEAR,
			  {{"Xếp loại «{rating}» trở lên {n} năm trong {from}–{to}",
			    "Xếp loại «{rating}» trở lên năm {from}"},
			   {"rated {rating} or better in {n} of {from}-{to}", NULL}}},
	[DETAIL_RATED_BELOW] = {"rated_below", P(DP_RATING) | P(DP_YEARS), ONE_FORM,
				{{"Xếp loại dưới mức «{rating}» năm {years}", NULL},
				 {"rated below {rating} in {years}", NULL}}},
	[DETAIL_NO_RATING] = {"no_rating", P(DP_YEARS), ONE_FORM,
			      {{"Chưa có xếp loại năm {years}", NULL},
			       {"no rating recorded for {years}", NULL}}},
	[DETAIL_INITIATIVE] = {"initiative", P(DP_ID) | P(DP_LEVEL) | P(DP_YEAR), ONE_FORM,
			       {{"Sáng kiến số {id} (cấp {level}, năm {year})", NULL},
				{"initiative {id} ({level}, {year})", NULL}}},
	[DETAIL_INITIATIVE_USED] = {"initiative_used", P(DP_ID), ONE_FORM,
				    {{"Sáng kiến số {id} đã dùng cho một đề nghị khác", NULL},
				     {"initiative {id} already backs another award", NULL}}},
	[DETAIL_NO_INITIATIVE] = {"no_initiative", P(DP_LEVEL), ONE_FORM,
				  {{"Chưa có sáng kiến cấp {level} trở lên", NULL},
				   {"no initiative at {level} level or above recorded", NULL}}},
	[DETAIL_FROZEN] = {"frozen", P(DP_HOLD) | P(DP_DATE), ONE_FORM,
			   {{"Đang trong thời gian {hold} từ {date}", NULL},
			    {"under {hold} since {date}", NULL}}},
	[DETAIL_NOT_FROZEN] = {"not_frozen", P(DP_DATE), ONE_FORM,
			       {{"Không có việc xem xét kỷ luật, thanh tra, kiểm tra, khiếu nại "
				 "nào đang mở vào ngày {date}",
				 NULL},
				{"no discipline, inspection or complaint open on {date}", NULL}}},
	[DETAIL_NO_MEMBERS] = {"no_members", 0, ONE_FORM,
			       {{"Chưa có dữ liệu về thành viên của tập thể", NULL},
				{"no members recorded", NULL}}},
	[DETAIL_MEMBERS_SHARE] = {"members_share",
				  P(DP_N) | P(DP_TOTAL) | P(DP_AWARD) | P(DP_YEAR), ONE_FORM,
				  {{"{n}/{total} thành viên đạt {award} năm {year}", NULL},
				   {"{n} of {total} members hold {award} in {year}", NULL}}},
	[DETAIL_MEMBERS_HOLD] = {"members_hold", P(DP_N) | P(DP_AWARD) | P(DP_YEAR), ONE_FORM,
				 {{"{n} thành viên đạt {award} năm {year}", NULL},
				  {"{n} member(s) hold {award} in {year}", NULL}}},
	[DETAIL_MEMBER_DISCIPLINE] = {"member_discipline", P(DP_DATE), ONE_FORM,
				      {{"Có thành viên bị kỷ luật từ {date}", NULL},
				       {"a member was under discipline from {date}", NULL}}},
	[DETAIL_MEMBERS_CLEAN] = {"members_clean", P(DP_YEAR), ONE_FORM,
				  {{"Không thành viên nào bị kỷ luật năm {year}", NULL},
				   {"no member under discipline in {year}", NULL}}},
	[DETAIL_BALLOT_PASSED] = {"ballot_passed", 0, ONE_FORM,
				  {{"Trúng trong cuộc bỏ phiếu của Cụm", NULL},
				   {"passed the cluster's ballot", NULL}}},
	[DETAIL_BALLOT_FAILED] = {"ballot_failed", 0, ONE_FORM,
				  {{"Không trúng trong cuộc bỏ phiếu của Cụm", NULL},
				   {"did not pass the cluster's ballot", NULL}}},
	[DETAIL_NO_BALLOT] = {"no_ballot", 0, ONE_FORM,
			      {{"Chưa đính kèm kết quả bỏ phiếu đã kết thúc của Cụm", NULL},
			       {"no closed cluster ballot attached", NULL}}},
	[DETAIL_OPTION_MET] = {"option_met", 0, ONE_FORM,
			       {{"Đạt một trong các điều kiện", NULL}, {"one option met", NULL}}},
	[DETAIL_NO_OPTION] = {"no_option", 0, ONE_FORM,
			      {{"Không đạt điều kiện nào", NULL}, {"no option met", NULL}}},
	[DETAIL_NO_OPTION_DATA] = {"no_option_data", 0, ONE_FORM,
				   {{"Chưa đạt điều kiện nào theo dữ liệu đang có", NULL},
				    {"no option met on the evidence held", NULL}}},
};

static const char *const param_names[DP_PARAMS] = {
	"award", "years", "n", "total", "needs", "year", "from",
	"to", "rating", "level", "hold", "id", "date"};

/* Ratings, levels and holds in Vietnamese: the web's task_rating.*, award_level.*, hold_kind.* */
static const char *const rating_vi[] = {"Không hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ",
					"Hoàn thành tốt nhiệm vụ",
					"Hoàn thành xuất sắc nhiệm vụ"};
static const char *const level_vi[] = {"cơ sở", "bộ, ban, ngành, tỉnh", "toàn quốc",
				       "Nhà nước"};
static const char *const hold_vi[] = {"xem xét kỷ luật", "thanh tra, kiểm tra",
				      "giải quyết khiếu nại, tố cáo"};

static const struct detail_form *form_of(enum detail_kind k)
{
	return (unsigned)k < DETAIL_KINDS ? &forms[k] : &forms[DETAIL_NONE];
}

const char *eligibility_detail_code(enum detail_kind k)
{
	return form_of(k)->code;
}

unsigned eligibility_detail_params(enum detail_kind k)
{
	return form_of(k)->params;
}

const char *eligibility_param_name(enum detail_param p)
{
	return (unsigned)p < DP_PARAMS ? param_names[p] : "?";
}

static const char *named(const char *const *vi, size_t n_vi, const char *en, unsigned i,
			 enum lang lang)
{
	if (lang == LANG_EN)
		return en;
	return i < n_vi ? vi[i] : "?";
}

static const char *award_words(const char *code, const struct rule_set *rs, enum lang lang)
{
	const struct award_type *t = lang == LANG_VI && rs ? rule_set_find(rs, code) : NULL;
	return t ? t->name : code;
}

/* "2023, 2024" */
static void years_words(const struct condition_detail *d, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < d->n_years && len < n; i++) {
		int w = snprintf(out + len, n - len, "%s%d", i ? ", " : "", d->years[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* "2025-03-01" as Vietnamese writes it, "01/03/2025"; anything else as it is. */
static void date_words(const char *date, enum lang lang, char *out, size_t n)
{
	int y, m, dd;
	char tail;
	if (lang == LANG_VI && sscanf(date, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3)
		snprintf(out, n, "%02d/%02d/%04d", dd, m, y);
	else
		snprintf(out, n, "%s", date);
}

int64_t eligibility_detail_number(const struct condition_detail *d, enum detail_param p)
{
	switch (p) {
	case DP_N:
		return d->n;
	case DP_TOTAL:
		return d->total;
	case DP_NEEDS:
		return d->needs;
	case DP_YEAR:
		return d->year;
	case DP_FROM:
		return d->from;
	case DP_TO:
		return d->to;
	case DP_ID:
		return d->id;
	default:
		return 0;
	}
}

/* One figure of d in words, into out (of n bytes): its text. */
static const char *param_words(const struct condition_detail *d, enum detail_param p,
			       const struct rule_set *rs, enum lang lang, char *out, size_t n)
{
	switch (p) {
	case DP_AWARD:
		return award_words(d->award, rs, lang);
	case DP_YEARS:
		years_words(d, out, n);
		return out;
	case DP_RATING:
		return named(rating_vi, sizeof rating_vi / sizeof *rating_vi,
			     rating_name(d->rating), (unsigned)d->rating, lang);
	case DP_LEVEL:
		return named(level_vi, sizeof level_vi / sizeof *level_vi, level_name(d->level),
			     (unsigned)d->level, lang);
	case DP_HOLD:
		return named(hold_vi, sizeof hold_vi / sizeof *hold_vi, hold_kind_name(d->hold),
			     (unsigned)d->hold, lang);
	case DP_DATE:
		date_words(d->date, lang, out, n);
		return out;
	default:
		snprintf(out, n, "%lld", (long long)eligibility_detail_number(d, p));
		return out;
	}
}

static int variant_applies(const struct detail_form *f, const struct condition_detail *d)
{
	return (f->variant == NO_YEARS && d->n_years == 0) ||
	       (f->variant == ONE_YEAR && d->from == d->to);
}

/* The figure named by the slot at name (after '{', len bytes), or DP_PARAMS. */
static enum detail_param slot_param(const char *name, size_t len)
{
	for (int p = 0; p < DP_PARAMS; p++)
		if (strlen(param_names[p]) == len && memcmp(param_names[p], name, len) == 0)
			return (enum detail_param)p;
	return DP_PARAMS;
}

/*
** Append s[0..len) to buf (n bytes, *used of them filled): 0, or -1 when
** it had to be cut, between two characters, and nothing more may follow.
*/
static int append(char *buf, size_t n, size_t *used, const char *s, size_t len)
{
	size_t room = n - 1 - *used;
	int cut = len > room;
	if (cut) {
		len = room;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(buf + *used, s, len);
	*used += len;
	buf[*used] = '\0';
	return cut ? -1 : 0;
}

void eligibility_detail_text(const struct condition_detail *d, const struct rule_set *rs,
			     enum lang lang, char *buf, size_t n)
{
	if (!n)
		return;
	const struct detail_form *f = form_of(d->kind);
	int l = lang == LANG_EN;
	const char *text = f->text[l][0];
	if (f->text[l][1] && variant_applies(f, d))
		text = f->text[l][1];
	size_t used = 0;
	buf[0] = '\0';
	while (*text) {
		const char *open = strchr(text, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			append(buf, n, &used, text, strlen(text));
			return;
		}
		if (append(buf, n, &used, text, (size_t)(open - text)) != 0)
			return;
		char scratch[DETAIL_YEARS_MAX * 6 + 1];
		const char *words =
			param_words(d, slot_param(open + 1, (size_t)(close - open - 1)), rs, lang,
				    scratch, sizeof scratch);
		if (append(buf, n, &used, words, strlen(words)) != 0)
			return;
		text = close + 1;
	}
}
