/*
** Line-oriented logging to stderr: one line per event, key=value pairs.
** Callers never pass secrets (passwords, tokens, ballot choices) here.
*/
#ifndef THIDUA_LOG_H
#define THIDUA_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
