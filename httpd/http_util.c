/* http_util.c -- response building shared by every handler.
 *
 * Invariants: API responses (JSON and problems) are never cached
 * (Cache-Control: no-store); a problem body always has type, title,
 * status and code; 5xx problems never carry the library's message; the
 * client sees X-Request-Id on every response, including errors.
 */
#include "http_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <petory/json.h>

#include "errmap.h"
#include "log.h"

#define CORS_EXPOSE                                              \
	"X-Request-Id, Location, Retry-After, RateLimit-Limit, " \
	"RateLimit-Remaining, RateLimit-Reset, Link"
#define CORS_ALLOW_HEADERS "Authorization, Content-Type, Idempotency-Key"

const char *request_header(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *request_query(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(
		r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int request_not_modified(const struct request *r, const char *etag)
{
	const char *inm = request_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);

	return inm && (strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL);
}

static int request_id_sane(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++) {
		char c = id[n];
		if (n == REQUEST_ID_MAX ||
			!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9') || c == '.' ||
				c == '_' || c == ':' || c == '-'))
			return 0;
	}
	return n > 0;
}

void request_id_init(struct request *r)
{
	static const char hex[] = "0123456789abcdef";
	const char *given = request_header(r, "X-Request-Id");
	unsigned char raw[16];
	size_t i;

	if (given && request_id_sane(given)) {
		snprintf(r->request_id, sizeof(r->request_id), "%s", given);
		return;
	}
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		/* no entropy yet: unique enough for correlating log lines */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		memcpy(raw, &ts,
			sizeof(raw) < sizeof(ts) ? sizeof(raw) : sizeof(ts));
		memcpy(raw + 8, &r, sizeof(r) < 8 ? sizeof(r) : 8);
	}
	for (i = 0; i < sizeof(raw); i++) {
		r->request_id[2 * i] = hex[raw[i] >> 4];
		r->request_id[2 * i + 1] = hex[raw[i] & 15];
	}
	r->request_id[2 * sizeof(raw)] = '\0';
}

/* ---------------------------------------------------------------- */

void reply_set(struct request *r, unsigned status,
	struct MHD_Response *response, uint64_t bytes)
{
	if (r->response) {
		log_msg(PETORY_LOG_ERROR,
			"request %s: %s %s replied twice (%u, then %u)",
			r->request_id, r->method, r->path, r->status, status);
		MHD_destroy_response(r->response);
	}
	r->response = response;
	r->status = status;
	r->response_bytes = bytes;
}

int reply_header(struct request *r, const char *name, const char *value)
{
	if (!r->response ||
		MHD_add_response_header(r->response, name, value) != MHD_YES)
		return -1;
	return 0;
}

void reply_data(struct request *r, unsigned status, const char *content_type,
	const void *data, size_t size, int is_static)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(size,
		(void *)data,
		is_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);

	reply_set(r, status, resp, size);
	if (content_type)
		reply_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
}

void reply_fd(struct request *r, unsigned status, int fd, uint64_t size)
{
	struct MHD_Response *resp = MHD_create_response_from_fd64(size, fd);

	if (!resp)
		close(fd);
	reply_set(r, status, resp, size);
}

void reply_empty(struct request *r, unsigned status)
{
	reply_data(r, status, NULL, "", 0, 1);
}

/* Render body (stolen) with the given media type; no-store. */
static void reply_json_as(struct request *r, unsigned status, json_t *body,
	const char *content_type)
{
	struct MHD_Response *resp = NULL;
	char *text = body ? json_dumps(body, HTTP_JSON_FLAGS) : NULL;
	size_t len = text ? strlen(text) : 0;

	json_decref(body);
	if (text) {
		resp = MHD_create_response_from_buffer(
			len, text, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(text);
	}
	if (!resp && status != 500) {
		log_msg(PETORY_LOG_ERROR, "request %s: cannot render %u reply",
			r->request_id, status);
		reply_problem(
			r, 500, "INTERNAL_ERROR", "internal server error");
		return;
	}
	reply_set(r, status, resp, len);
	reply_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	reply_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

void reply_json(struct request *r, unsigned status, json_t *body)
{
	reply_json_as(r, status, body, "application/json");
}

static json_t *problem_body(
	unsigned status, const char *code, const char *detail)
{
	const char *title = MHD_get_reason_phrase_for(status);
	json_t *body;

	body = json_pack("{s:s, s:s, s:i, s:s, s:s*}", "type", "about:blank",
		"title", title && *title ? title : "Error", "status",
		(int)status, "code", code, "detail", detail);
	if (!body) /* detail or code was not valid UTF-8 */
		body = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank",
			"title", title && *title ? title : "Error", "status",
			(int)status, "code", "INTERNAL_ERROR");
	return body;
}

void reply_problem(struct request *r, unsigned status, const char *code,
	const char *detail)
{
	reply_json_as(r, status, problem_body(status, code, detail),
		"application/problem+json");
}

void reply_invalid(struct request *r, json_t *errors)
{
	json_t *body = problem_body(
		400, "INVALID_PARAMETER", "some parameters are invalid");

	if (body && errors)
		json_object_set(body, "errors", errors);
	json_decref(errors);
	reply_json_as(r, 400, body, "application/problem+json");
}

void reply_error(struct request *r, int rc)
{
	const petory_error *e = petory_error_last();
	const struct errmap_entry *m = errmap_lookup(rc);
	int own = e->code == rc;
	const char *reason = own ? e->reason : errmap_default_reason(rc);
	const char *message = own ? e->message : petory_strerror(rc);
	json_t *body, *errors = NULL;
	size_t i;

	if (!m->expose) {
		log_msg(PETORY_LOG_ERROR, "request %s: %s %s: %s %s: %s",
			r->request_id, r->method, r->path,
			petory_error_name(rc), reason, message);
		if (m->status == 500)
			reason = "INTERNAL_ERROR";
		message = m->status == 500 ? "internal server error"
					   : petory_strerror(rc);
	} else {
		log_msg(PETORY_LOG_DEBUG, "request %s: %s: %s", r->request_id,
			reason, message);
	}
	body = problem_body(m->status, reason, message);
	if (body && own && m->expose && e->field_count > 0) {
		errors = json_object();
		for (i = 0; errors && i < e->field_count; i++) {
			const petory_error_field *f = &e->fields[i];
			if (f->field && !json_object_get(errors, f->field))
				json_object_set_new(errors, f->field,
					json_string(f->message ? f->message
							       : "is invalid"));
		}
		json_object_set_new(body, "errors", errors);
	}
	reply_json_as(r, m->status, body, "application/problem+json");
	if (m->status == 401)
		reply_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
			r->token_rejected ? "Bearer error=\"invalid_token\""
					  : "Bearer");
}

void reply_location(struct request *r, const char *fmt, ...)
{
	char location[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(location, sizeof(location), fmt, ap);
	va_end(ap);
	reply_header(r, MHD_HTTP_HEADER_LOCATION, location);
}

void reply_link_next(
	struct request *r, const char *path, int64_t before, int64_t size)
{
	char link[320];

	if (before <= 0)
		return;
	snprintf(link, sizeof(link), "<%s?before=%lld&size=%lld>; rel=\"next\"",
		path, (long long)before, (long long)size);
	reply_header(r, "Link", link);
}

const petory_identity *request_caller(const struct request *r)
{
	return r->authenticated ? &r->who : NULL;
}

void reply_redirect(struct request *r, const char *location)
{
	reply_empty(r, 302);
	reply_header(r, MHD_HTTP_HEADER_LOCATION, location);
	reply_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

void reply_user(struct request *r, unsigned status, const petory_user *user)
{
	reply_json(r, status, petory_user_to_json(user));
}

void reply_tokens(struct request *r, const petory_tokens *tokens)
{
	reply_json(r, 200, petory_tokens_to_json(tokens));
}

/* ---------------------------------------------------------------- */

int cors_allowed(const struct server *srv, const char *origin)
{
	char **o = srv->cfg->cors_list;

	for (; o && *o && origin && *origin; o++) {
		if (strcmp(*o, "*") == 0 || strcasecmp(*o, origin) == 0)
			return 1;
	}
	return 0;
}

void reply_options(struct request *r, const char *allow)
{
	const char *origin = request_header(r, "Origin");
	const char *wanted = request_header(r, "Access-Control-Request-Method");

	reply_empty(r, 204);
	reply_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	if (!wanted || !cors_allowed(r->srv, origin))
		return;
	reply_header(r, "Access-Control-Allow-Methods", allow);
	reply_header(r, "Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
	reply_header(r, "Access-Control-Max-Age", "600");
}

static void add_int_header(struct request *r, const char *name, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	reply_header(r, name, buf);
}

void response_finish(struct request *r)
{
	const char *origin;

	reply_header(r, "X-Request-Id", r->request_id);
	reply_header(r, "X-Content-Type-Options", "nosniff");
	if (r->srv->cfg->cors_list) {
		reply_header(r, MHD_HTTP_HEADER_VARY, "Origin");
		origin = request_header(r, "Origin");
		if (cors_allowed(r->srv, origin)) {
			reply_header(r, "Access-Control-Allow-Origin", origin);
			reply_header(r, "Access-Control-Expose-Headers",
				CORS_EXPOSE);
		}
	}
	if (r->rate.applies) {
		add_int_header(r, "RateLimit-Limit", r->rate.limit);
		add_int_header(r, "RateLimit-Remaining",
			r->rate.remaining > 0 ? r->rate.remaining : 0);
		add_int_header(r, "RateLimit-Reset",
			r->rate.reset_s > 0 ? r->rate.reset_s : 0);
		if (r->status == 429) {
			int64_t after = r->rate.retry_after_s > 0
						? r->rate.retry_after_s
						: r->rate.reset_s;
			add_int_header(r, MHD_HTTP_HEADER_RETRY_AFTER,
				after > 0 ? after : 1);
		}
	}
}

int url_encode(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '.' ||
			c == '_' || c == '~') {
			if (n + 1 >= size)
				return -1;
			buf[n++] = (char)c;
		} else {
			if (n + 3 >= size)
				return -1;
			buf[n++] = '%';
			buf[n++] = hex[c >> 4];
			buf[n++] = hex[c & 15];
		}
	}
	if (n >= size)
		return -1;
	buf[n] = '\0';
	return 0;
}
