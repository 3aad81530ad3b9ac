/* log.c -- the diagnostic log sink shared by the server and libpetory.
 *
 * Each message becomes exactly one line, written with one write(2) so
 * that lines of concurrent threads never interleave: a JSON object
 * rendered by jansson (any text, even invalid UTF-8, escaped safely) or,
 * with --log-format text, `time LEVEL message` with control characters
 * escaped, so a message is still one line.
 *
 * With --log-file the lines go to a file opened O_APPEND (a copytruncate
 * leaves no hole: the next write lands at the new end).  log_reopen()
 * opens the path again and dup2()s it over the descriptor in use, so a
 * thread writing at that moment writes whole lines to one file or the
 * other, never to a closed descriptor.
 */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static petory_log_level max_level = PETORY_LOG_INFO;
static int text_format;
static struct log_file server_log = LOG_FILE_STDERR;

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

void log_write_text(int fd, const char *line)
{
	size_t len = strlen(line);
	char *copy = malloc(len * 4 + 2), *p = copy;
	const unsigned char *c;
	ssize_t written;

	if (!copy)
		return;
	for (c = (const unsigned char *)line; *c; c++) {
		if (*c == '\n' || *c == '\r' || *c == '\t') {
			*p++ = '\\';
			*p++ = *c == '\n' ? 'n' : *c == '\r' ? 'r' : 't';
		} else if (*c < 0x20 || *c == 0x7f) {
			p += sprintf(p, "\\x%02x", *c);
		} else {
			*p++ = (char)*c;
		}
	}
	*p++ = '\n';
	written = write(fd, copy, (size_t)(p - copy));
	(void)written; /* nowhere left to report a failed log write */
	free(copy);
}

int log_text_format(void)
{
	return text_format;
}

static void write_line(petory_log_level level, const char *message)
{
	char now[40];

	if (text_format) {
		char *line;
		size_t size = strlen(message) + 64;
		if (!(line = malloc(size)))
			return;
		snprintf(line, size, "%s %-5s %s",
			log_time_now(now, sizeof(now)), level_name(level),
			message);
		log_write_text(server_log.fd, line);
		free(line);
		return;
	}
	log_write_json(server_log.fd,
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

void log_init(petory_log_level max, int text)
{
	max_level = max;
	text_format = text;
	petory_log_set(max, library_cb, NULL);
}

/* Open path for appending and, with fd >= 0, put it in fd's place
 * (dup2); the descriptor now writing to path, or -1 (errno set). */
static int reopen_fd(int fd, const char *path)
{
	int nfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

	if (nfd < 0)
		return -1;
	if (fd < 0 || nfd == fd)
		return nfd;
	if (dup2(nfd, fd) < 0) {
		int saved = errno;
		close(nfd);
		errno = saved;
		return -1;
	}
	close(nfd);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

int log_file_open(struct log_file *f, const char *path)
{
	int fd;

	if (!path)
		return 0;
	if ((fd = reopen_fd(-1, path)) < 0)
		return -1;
	if (!(f->path = strdup(path))) {
		close(fd);
		return errno = ENOMEM, -1;
	}
	f->fd = fd;
	return 0;
}

int log_file_reopen(struct log_file *f)
{
	if (!f->path)
		return 0;
	return reopen_fd(f->fd, f->path) < 0 ? -1 : 0;
}

void log_file_close(struct log_file *f)
{
	if (f->fd != STDERR_FILENO)
		close(f->fd);
	f->fd = STDERR_FILENO;
	free(f->path);
	f->path = NULL;
}

int log_open(const char *path)
{
	return log_file_open(&server_log, path);
}

int log_reopen(void)
{
	return log_file_reopen(&server_log);
}

void log_close(void)
{
	log_file_close(&server_log);
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
