/* router.h -- the one routing table of petory-httpd and its matcher.
 *
 * A pattern is a path whose segments are literals, "{name}" (exactly one
 * non-empty segment, captured) or a final "*" (one or more segments).
 * Routes are tried in table order, so a literal route listed before a
 * "{name}" route of the same shape wins.
 */
#ifndef HTTPD_ROUTER_H
#define HTTPD_ROUTER_H

#include <stddef.h>

#include "server.h"

enum auth_level {
	AUTH_NONE,     /* the Authorization header is not looked at */
	AUTH_OPTIONAL, /* a token, when given, must be valid */
	AUTH_USER,     /* a valid token is required */
	AUTH_ADMIN     /* a valid token of an ADMIN is required */
};

enum route_flags {
	ROUTE_JSON = 1 << 0,   /* takes a JSON object body */
	ROUTE_STREAM = 1 << 1, /* streams its body (see route_stream) */
	/* takes an optional JSON object body: none, or an empty one, reads
	 * as {} */
	ROUTE_JSON_OPTIONAL = ROUTE_JSON | 1 << 2
};

typedef void (*route_handler)(struct request *r);

/* A ROUTE_STREAM route streams its body instead of buffering it
 * (uploads): the 1 MiB limit does not apply; the route enforces its own.
 * Its operations are listed by handler in router.c.
 *   begin    first call, after routing and authentication; replying
 *            refuses the body before a byte of it is read;
 *   data     every piece of the body, in order, until a reply is set
 *            (later pieces are read and dropped);
 *   cleanup  when the request ends, whatever happened (frees
 *            r->stream_state).
 * The route's handler runs after the last piece, unless a reply is set. */
struct route_stream {
	void (*begin)(struct request *r);
	void (*data)(struct request *r, const char *data, size_t size);
	void (*cleanup)(struct request *r);
};

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	enum auth_level auth;
	unsigned flags;
};

enum route_match {
	ROUTE_FOUND,    /* *out is the route; r->params are filled */
	ROUTE_NO_PATH,  /* no pattern matches the path: 404 */
	ROUTE_NO_METHOD /* the path exists with other methods: 405 */
};

/* Match r->method and r->path.  Whatever the result, allow receives the
 * methods of every route whose pattern matches the path, as an Allow
 * header value ("GET, HEAD, PATCH, OPTIONS"); HEAD matches GET routes. */
enum route_match router_match(struct request *r, const struct route **out,
	char *allow, size_t allow_size);

/* The stream operations of a ROUTE_STREAM route; NULL for others. */
const struct route_stream *router_stream(const struct route *rt);

/* Free the path parameters captured by router_match(). */
void router_clear(struct request *r);

/* The routing table, for per-route metrics: its size, its i-th route,
 * and a route's index in it. */
size_t router_count(void);
const struct route *router_at(size_t i);
size_t router_index(const struct route *rt);

/* Path parameter of the matched route; NULL when absent. */
const char *router_param(const struct request *r, const char *name);

#endif
