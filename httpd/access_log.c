/* access_log.c -- the access log: one line per request.
 *
 * JSON (the default): {"time","requestId","method","path","status",
 * "bytes","durationUs","clientIp","userId"?}; --log-format text:
 * `time clientIp "METHOD path" status bytes durationUs requestId user`
 * (user "-" when anonymous).  The path never includes the query string,
 * and no header, token, password or body is ever written.  Each line is
 * one write(2) on an O_APPEND descriptor, so concurrent lines never
 * interleave and a copytruncate leaves no hole.  A status of 0 means the
 * client went away before an answer.  access_log_reopen() (SIGHUP) opens
 * the path again and dup()s it over the descriptor in use.
 */
#include "access_log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static struct log_file access_log = LOG_FILE_STDERR;

int access_log_open(const char *path)
{
	return log_file_open(&access_log, path);
}

int access_log_reopen(void)
{
	return log_file_reopen(&access_log);
}

void access_log_close(void)
{
	log_file_close(&access_log);
}

static void write_text(const struct request *r, int64_t duration_us)
{
	char now[40], user[24], line[4096];

	if (r->log_user_id > 0)
		snprintf(user, sizeof(user), "%" PRId64,
			(int64_t)r->log_user_id);
	else
		snprintf(user, sizeof(user), "-");
	snprintf(line, sizeof(line),
		"%s %s \"%s %s\" %u %" PRId64 " %" PRId64 "us %s %s",
		log_time_now(now, sizeof(now)), r->client_ip, r->method,
		r->path, (unsigned)r->status, (int64_t)r->response_bytes,
		duration_us, r->request_id, user);
	log_write_text(access_log.fd, line);
}

void access_log_write(const struct request *r, int64_t duration_us)
{
	char now[40];
	json_t *obj;

	if (log_text_format()) {
		write_text(r, duration_us);
		return;
	}
	obj = json_pack("{s:s, s:s, s:o, s:o, s:i, s:I, s:I, s:s}", "time",
		log_time_now(now, sizeof(now)), "requestId", r->request_id,
		"method", log_json_text(r->method), "path",
		log_json_text(r->path), "status", (int)r->status, "bytes",
		(json_int_t)r->response_bytes, "durationUs",
		(json_int_t)duration_us, "clientIp", r->client_ip);
	if (obj && r->log_user_id > 0)
		json_object_set_new(obj, "userId",
			json_integer((json_int_t)r->log_user_id));
	log_write_json(access_log.fd, obj);
}
