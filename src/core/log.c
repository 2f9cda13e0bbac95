/* Timestamped log lines on stderr; one write per line so threads do not interleave. */
#include "core/log.h"
#include "core/clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static const char *level_name(enum log_level level)
{
	switch (level) {
	case LOG_DEBUG: return "debug";
	case LOG_INFO: return "info";
	case LOG_WARN: return "warn";
	case LOG_ERROR: return "error";
	}
	return "info";
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048];
	char ts[32];
	clock_now_iso(ts, sizeof ts);
	int n = snprintf(line, sizeof line, "%s %s ", ts, level_name(level));
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof line)
		n += vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line - 1)
		n = sizeof line - 2;
	line[n++] = '\n';
	ssize_t unused = write(STDERR_FILENO, line, (size_t)n);
	(void)unused;
}
