/* log.h -- diagnostic log lines of petory-httpd (not the access log).
 *
 * One JSON object per line on stderr: {"time","level","msg"}.  The same
 * sink receives libpetory's messages (through petory_log_set) and
 * libmicrohttpd's.  Safe to call from any thread.
 */
#ifndef HTTPD_LOG_H
#define HTTPD_LOG_H

#include <stdarg.h>
#include <jansson.h>
#include <petory.h>

/* Install the sink for messages at or below max, for us and libpetory. */
void log_init(petory_log_level max);

/* 1 when a message at level would be written. */
int log_enabled(petory_log_level level);

void log_msg(petory_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_msgv(petory_log_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* text as a JSON string even when it is not valid UTF-8 (bytes >= 0x80
 * then become '?'); a new reference, NULL only without memory. */
json_t *log_json_text(const char *text);

/* Write obj (stolen; NULL is ignored) as one compact JSON line to fd,
 * in a single write(2). */
void log_write_json(int fd, json_t *obj);

/* RFC 3339 UTC with milliseconds into buf (>= 32 bytes); returns buf. */
char *log_time_now(char *buf, size_t size);

#endif
