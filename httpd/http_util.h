/* http_util.h -- building responses: JSON, problem details, redirects,
 * headers, request ids and CORS.
 *
 * Every reply_* function leaves one response in r (a second reply
 * replaces the first and is logged as a bug); server.c queues it after
 * response_finish() has added the headers every response carries.  On
 * allocation failure a reply leaves no response and server.c closes the
 * connection.
 */
#ifndef HTTPD_HTTP_UTIL_H
#define HTTPD_HTTP_UTIL_H

#include <jansson.h>
#include <petory.h>

#include "server.h"

/* How every JSON answer and WebSocket message is written: compact, and
 * reals with DBL_DIG (15) significant digits, so a value that arrived as
 * a short decimal (a weight of 0.3, a latitude of 37.5665) goes back as
 * that decimal and not as 0.29999999999999999. */
#define HTTP_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* ---- reading the request ---- */

/* Header or query argument of the request; NULL when absent. */
const char *request_header(const struct request *r, const char *name);
const char *request_query(const struct request *r, const char *name);

/* 1 when If-None-Match lists etag (or is "*"). */
int request_not_modified(const struct request *r, const char *etag);

/* Echo a sane X-Request-Id (1-128 of [A-Za-z0-9._:-]) or make one. */
void request_id_init(struct request *r);

/* ---- replies ---- */

/* Take ownership of response (may be NULL: out of memory). */
void reply_set(struct request *r, unsigned status,
	struct MHD_Response *response, uint64_t bytes);

/* application/json; steals body (NULL body: 500). */
void reply_json(struct request *r, unsigned status, json_t *body);

/* size bytes read from fd, which the response owns from here on (it is
 * closed even when the reply fails). */
void reply_fd(struct request *r, unsigned status, int fd, uint64_t size);

/* No body (204, 304, 302...). */
void reply_empty(struct request *r, unsigned status);

/* Static or copied bytes with a content type. */
void reply_data(struct request *r, unsigned status, const char *content_type,
	const void *data, size_t size, int is_static);

/* RFC 9457 problem details; detail may be NULL. */
void reply_problem(struct request *r, unsigned status, const char *code,
	const char *detail);

/* 400 INVALID_PARAMETER with errors {"field": "message"}; steals errors. */
void reply_invalid(struct request *r, json_t *errors);

/* The problem for a failed libpetory call that returned rc: status from
 * errmap.c, code and errors from petory_error_last() (so call this right
 * after the failing call). */
void reply_error(struct request *r, int rc);

/* 302 to location, never cached. */
void reply_redirect(struct request *r, const char *location);

/* Location header of a created resource, printf-style. */
void reply_location(struct request *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The feed's Link header to its next page, `<path?before=B&size=N>;
 * rel="next"` (api.md "Paging"); nothing when before is 0 (the end).
 * Call after the reply it belongs to. */
void reply_link_next(
	struct request *r, const char *path, int64_t before, int64_t size);

/* The caller's identity when a token was accepted, else NULL (routes
 * with AUTH_OPTIONAL). */
const petory_identity *request_caller(const struct request *r);

/* 200/201 with a user, 200 with a token pair. */
void reply_user(struct request *r, unsigned status, const petory_user *user);
void reply_tokens(struct request *r, const petory_tokens *tokens);

/* 204 for OPTIONS: Allow, plus the CORS preflight answer for an allowed
 * origin that sent Access-Control-Request-Method. */
void reply_options(struct request *r, const char *allow);

/* Is origin one of the configured CORS origins (or is "*" configured)? */
int cors_allowed(const struct server *srv, const char *origin);

/* Add a header to the pending response; 0 or -1. */
int reply_header(struct request *r, const char *name, const char *value);

/* Headers of every response: X-Request-Id, CORS, RateLimit-*,
 * Retry-After, X-Content-Type-Options. */
void response_finish(struct request *r);

/* ---- helpers ---- */

/* Percent-encode s for a query component (RFC 3986 unreserved kept)
 * into buf; returns 0, or -1 when buf is too small. */
int url_encode(char *buf, size_t size, const char *s);

#endif
