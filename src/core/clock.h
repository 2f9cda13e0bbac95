/* Wall-clock time as the formats the product stores (UTC, ISO 8601). */
#ifndef THIDUA_CLOCK_H
#define THIDUA_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch. */
int64_t clock_now(void);
/* "2026-11-23T10:35:06Z" into buf (at least 21 bytes). */
void clock_iso(int64_t t, char *buf, size_t n);
void clock_now_iso(char *buf, size_t n);
/* Milliseconds from a monotonic clock, for durations. */
double clock_mono_ms(void);
/*
** Today in Vietnam (UTC+7) as "YYYY-MM-DD", and its year: the product's
** "today" and "this year" (a decision signed there today is not "after
** today", a report of this year is not of the future).
*/
void clock_today(char day[11]);
int clock_year(void);
/* 1 if s is a real calendar date "YYYY-MM-DD". */
int clock_valid_date(const char *s);

#endif
