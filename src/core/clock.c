/* Time helpers: UTC timestamps and date validation. */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t clock_now(void)
{
	return (int64_t)time(NULL);
}

void clock_iso(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_now_iso(char *buf, size_t n)
{
	clock_iso(clock_now(), buf, n);
}

double clock_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

#define VIETNAM_UTC_OFFSET_S (7 * 3600)

void clock_today(char day[11])
{
	char now[32];
	clock_iso(clock_now() + VIETNAM_UTC_OFFSET_S, now, sizeof now);
	memcpy(day, now, 10);
	day[10] = '\0';
}

int clock_year(void)
{
	char day[11];
	clock_today(day);
	return atoi(day);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int clock_valid_date(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y, m, d;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	int max = days[m - 1] + (m == 2 && is_leap(y));
	return d <= max;
}
