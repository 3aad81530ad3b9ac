/* log.h -- diagnostic log lines of petory-httpd (not the access log).
 *
 * One line per message on stderr or --log-file: a JSON object
 * {"time","level","msg"} or, with --log-format text, `time level msg`.
 * The same sink receives libpetory's messages (through petory_log_set)
 * and libmicrohttpd's.  Safe to call from any thread.
 */
#ifndef HTTPD_LOG_H
#define HTTPD_LOG_H

#include <stdarg.h>
#include <jansson.h>
#include <petory.h>

/* Install the sink for messages at or below max, for us and libpetory;
 * text: 1 for text lines, 0 for JSON lines. */
void log_init(petory_log_level max, int text);

/* 1 when --log-format is text (the access log follows it too). */
int log_text_format(void);

/* Write log lines to path (appended, created 0640) instead of stderr;
 * NULL keeps stderr.  0 or -1 (errno set). */
int log_open(const char *path);
/* Open the file of log_open again (after a rotation renamed it); the
 * descriptor in use is replaced atomically.  0 (also without a file) or
 * -1 (errno set; the old file stays in use). */
int log_reopen(void);
void log_close(void);

/* A log destination: a file opened for appending (O_APPEND, so that
 * logrotate's copytruncate leaves no hole) that can be opened again under
 * the same descriptor after a rotation, or stderr. */
struct log_file {
	int fd;     /* STDERR_FILENO until opened */
	char *path; /* NULL: stderr */
};
#define LOG_FILE_STDERR             \
	{                           \
		STDERR_FILENO, NULL \
	}

/* Open path (NULL: stay on stderr).  0, or -1 with errno set. */
int log_file_open(struct log_file *f, const char *path);
/* Open the path again in the same descriptor (dup2): writers never see
 * a closed descriptor.  0 (also on stderr) or -1 (errno set; the old
 * file stays in use). */
int log_file_reopen(struct log_file *f);
/* Back to stderr. */
void log_file_close(struct log_file *f);

/* Write line followed by a newline to fd in a single write(2), with
 * control characters escaped (\n, \t, \xNN) so it stays one line. */
void log_write_text(int fd, const char *line);

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
