/* access_log.c -- the access log: one JSON object per request and line.
 *
 * {"time","requestId","method","path","status","bytes","durationUs",
 *  "clientIp","userId"?}.  The path never includes the query string, and
 * no header, token, password or body is ever written.  Each line is one
 * write(2) on an O_APPEND descriptor, so concurrent lines never
 * interleave.  A status of 0 means the client went away before an answer.
 */
#include "access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include "log.h"

static int log_fd = STDERR_FILENO;

int access_log_open(const char *path)
{
	int fd;

	if (!path)
		return 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	log_fd = fd;
	return 0;
}

void access_log_close(void)
{
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = STDERR_FILENO;
}

void access_log_write(const struct request *r, int64_t duration_us)
{
	char now[40];
	json_t *obj;

	obj = json_pack("{s:s, s:s, s:o, s:o, s:i, s:I, s:I, s:s}", "time",
		log_time_now(now, sizeof(now)), "requestId", r->request_id,
		"method", log_json_text(r->method), "path",
		log_json_text(r->path), "status", (int)r->status, "bytes",
		(json_int_t)r->response_bytes, "durationUs",
		(json_int_t)duration_us, "clientIp", r->client_ip);
	if (obj && r->log_user_id > 0)
		json_object_set_new(obj, "userId",
			json_integer((json_int_t)r->log_user_id));
	log_write_json(log_fd, obj);
}
