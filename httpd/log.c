/* log.c -- the diagnostic log sink shared by the server and libpetory.
 *
 * Each message becomes exactly one JSON line, written with one write(2)
 * so that lines of concurrent threads never interleave.  Messages are
 * rendered by jansson, so any text (even invalid UTF-8) is escaped safely.
 */
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static petory_log_level max_level = PETORY_LOG_INFO;

static const char *level_name(petory_log_level level)
{
	switch (level) {
	case PETORY_LOG_ERROR:
		return "error";
	case PETORY_LOG_WARN:
		return "warn";
	case PETORY_LOG_INFO:
		return "info";
	case PETORY_LOG_DEBUG:
		return "debug";
	default:
		return "trace";
	}
}

char *log_time_now(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000);
	return buf;
}

json_t *log_json_text(const char *text)
{
	json_t *v = json_string(text);
	char *copy, *p;

	if (v || !(copy = strdup(text)))
		return v;
	for (p = copy; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	}
	v = json_string(copy);
	free(copy);
	return v;
}

void log_write_json(int fd, json_t *obj)
{
	char *line =
		obj ? json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	size_t len;
	ssize_t written;

	json_decref(obj);
	if (!line)
		return;
	len = strlen(line);
	line[len] = '\n'; /* over the terminator: written by length */
	written = write(fd, line, len + 1);
	(void)written; /* nowhere left to report a failed log write */
	free(line);
}

static void write_line(petory_log_level level, const char *message)
{
	char now[40];

	log_write_json(STDERR_FILENO,
		json_pack("{s:s, s:s, s:o}", "time",
			log_time_now(now, sizeof(now)), "level",
			level_name(level), "msg", log_json_text(message)));
}

static void library_cb(
	petory_log_level level, const char *message, void *payload)
{
	(void)payload;
	write_line(level, message);
}

void log_init(petory_log_level max)
{
	max_level = max;
	petory_log_set(max, library_cb, NULL);
}

int log_enabled(petory_log_level level)
{
	return level != PETORY_LOG_NONE && level <= max_level;
}

void log_msgv(petory_log_level level, const char *fmt, va_list ap)
{
	char message[2048];

	if (!log_enabled(level))
		return;
	vsnprintf(message, sizeof(message), fmt, ap);
	write_line(level, message);
}

void log_msg(petory_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_msgv(level, fmt, ap);
	va_end(ap);
}
