/* server.h -- the libmicrohttpd daemon and the per-request context.
 *
 * A struct request lives from the first call of the access handler to
 * libmicrohttpd's completion notification.  Handlers read it (body, query,
 * identity) and leave exactly one response in it through the reply_*
 * functions of http_util.h; server.c adds the common headers and queues
 * that response on a later call than the first (see server.c).
 */
#ifndef HTTPD_SERVER_H
#define HTTPD_SERVER_H

#include <microhttpd.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>

#include <petory.h>

#include "client_addr.h"
#include "config.h"

/* Request bodies larger than this answer 413. */
#define BODY_LIMIT ((size_t)1 << 20)
/* Past the limit a chunked body is read and dropped up to this many
 * bytes (libmicrohttpd cannot answer in the middle of a body); beyond it
 * the connection is closed without an answer. */
#define BODY_DISCARD_LIMIT ((size_t)16 << 20)

#define REQUEST_ID_MAX 128
#define ROUTE_PARAMS_MAX 4

struct conn_limits;
struct route;
struct route_stream;
struct ws_hub;

/* Process-wide state shared by every worker thread; read-only once the
 * daemon runs, except the atomic counter. */
struct server {
	petory *db;
	const struct config *cfg;
	struct MHD_Daemon *daemon;
	struct ws_hub *ws;          /* the WebSocket connections (ws_hub.h) */
	struct conn_limits *limits; /* per-address counts (conn_limits.h) */
	char *web_csp;              /* the web app's Content-Security-Policy */
	int listen_fd;
	char listen_addr[64]; /* numeric, IPv6 in brackets */
	unsigned port;
	atomic_int in_flight; /* requests begun and not yet completed */
	atomic_int stopping;  /* set by server_stop: new requests get 503 */
};

/* A path parameter captured by the router ("{id}" -> "42"). */
struct route_param {
	const char *name; /* borrowed from the route pattern */
	size_t name_len;
	char *value; /* owned */
};

struct request {
	struct server *srv;
	struct MHD_Connection *conn;
	const struct route *route; /* NULL: the path is unknown */
	char method[16];
	char *path; /* decoded path, no query string; owned */
	char request_id[REQUEST_ID_MAX + 1];
	char client_ip[INET6_ADDRSTRLEN];
	struct ip_addr client_addr; /* the same; family 0 when unknown */
	/* CONN_WS (and CONN_WS_ANON) taken for this client by a WebSocket
	 * upgrade not yet handed to the hub: given back at completion */
	int ws_held, ws_held_anon;
	int64_t start_us; /* monotonic */

	struct route_param params[ROUTE_PARAMS_MAX];
	size_t param_count;

	/* body */
	char *body;
	size_t body_len, body_cap;
	size_t body_seen; /* every byte received, kept or not */
	json_t *json;     /* the parsed object for ROUTE_JSON routes */
	json_t *errors;   /* field -> message, gathered by input.c */
	json_t *missing;  /* INPUT_LIBRARY fields absent (input.c) */
	const struct route_stream *stream; /* a streaming route's; else NULL */
	void *stream_state;  /* owned by the route's stream (router.h) */
	size_t body_dropped; /* stream routes: bytes read after a reply */

	/* caller */
	petory_identity who;
	int authenticated;
	int token_rejected;  /* a bearer token was presented and refused */
	int64_t log_user_id; /* user id for the access log; 0: none */
	petory_rate_info rate;

	/* response */
	struct MHD_Response *response; /* set by reply_*, queued by server */
	unsigned status;
	uint64_t response_bytes;
	int queued;
};

/* Create a listening socket for cfg->bind and cfg->port and fill
 * srv->listen_fd, listen_addr and port.  0 or -1 (logged). */
int server_listen(struct server *srv, const struct config *cfg);

/* Start libmicrohttpd on srv->listen_fd.  srv->db must be open. */
int server_start(struct server *srv);

/* The connection of an upgraded request is no longer an HTTP one: give
 * back its HTTP count (from the upgrade handler). */
void server_connection_upgraded(
	struct server *srv, struct MHD_Connection *conn);

/* Stop accepting, let requests in flight finish (at most grace_s
 * seconds), then stop the daemon and close the listening socket. */
void server_stop(struct server *srv, int grace_s);

#endif
