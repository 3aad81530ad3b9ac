/* server.c -- the libmicrohttpd daemon, the access handler and the life of
 * a request.
 *
 * libmicrohttpd calls the access handler several times per request:
 *   1. first call: headers are in.  We build the request context, match
 *      the route, authenticate (401/403 when a route that needs a token
 *      has a missing or bad one) and decide the other early rejections
 *      (404, 405, OPTIONS, 413 by Content-Length, 415).  An early answer
 *      to a request that announces a body is queued at once, so the
 *      body is never read and the connection closes; every other answer
 *      waits.  Queueing on the first call makes libmicrohttpd answer
 *      `Connection: close`, which costs about 20x in throughput, so
 *      normal answers never do.
 *   2. calls with *upload_data_size > 0: body bytes.  Up to BODY_LIMIT
 *      are kept (for ROUTE_JSON routes); past it the rest is counted and
 *      dropped, and the answer is 413 (libmicrohttpd cannot answer in
 *      the middle of a body; past BODY_DISCARD_LIMIT we hang up).  A
 *      streaming route (uploads) gets every piece as it comes instead,
 *      with no size limit of ours: its begin, on the first call, has
 *      checked what it will take; once it replied, the rest is dropped.
 *   3. the call with *upload_data_size == 0 after the first: parse the
 *      JSON body, run the handler, queue its answer.
 * The completion notification writes the access-log line and frees the
 * context.  A request context is touched by one worker thread only.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "access_log.h"
#include "authn.h"
#include "conn_limits.h"
#include "http_util.h"
#include "log.h"
#include "metrics.h"
#include "router.h"
#include "ws_hub.h"

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---------------------------------------------------------------- */
/* client address */

/* The peer of conn as an ip_addr; -1 when it is not IP (never here). */
static int peer_addr(struct MHD_Connection *conn, struct ip_addr *out)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	if (!ci || !ci->client_addr)
		return -1;
	return sockaddr_to_ip(ci->client_addr, out);
}

/* Every X-Forwarded-For header line joined with ", " (RFC 9110: the
 * same as one line), keeping the rightmost FORWARDED_MAX bytes: the walk
 * reads from the right, and a cut first entry is malformed (it ends the
 * walk, which stops after CLIENT_ADDR_WALK_MAX entries anyway). */
#define FORWARDED_MAX 2048

struct forwarded {
	char buf[FORWARDED_MAX + 1];
	size_t len;
	int seen;
};

/* Append s[0..n) to f, dropping from the left past FORWARDED_MAX. */
static void forwarded_append(struct forwarded *f, const char *s, size_t n)
{
	if (n >= FORWARDED_MAX) {
		memcpy(f->buf, s + n - FORWARDED_MAX, FORWARDED_MAX);
		f->len = FORWARDED_MAX;
	} else {
		if (f->len + n > FORWARDED_MAX) {
			size_t drop = f->len + n - FORWARDED_MAX;
			memmove(f->buf, f->buf + drop, f->len - drop);
			f->len -= drop;
		}
		memcpy(f->buf + f->len, s, n);
		f->len += n;
	}
	f->buf[f->len] = '\0';
}

static enum MHD_Result join_forwarded(
	void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct forwarded *f = cls;

	(void)kind;
	if (!key || !value || strcasecmp(key, "X-Forwarded-For") != 0)
		return MHD_YES;
	if (f->seen)
		forwarded_append(f, ", ", 2);
	forwarded_append(f, value, strlen(value));
	f->seen = 1;
	return MHD_YES;
}

/* The client: the peer, or behind a trusted proxy the rightmost
 * X-Forwarded-For entry that is not one (client_addr.h). */
static void client_ip_init(struct request *r)
{
	struct ip_addr peer;
	struct forwarded f;

	if (peer_addr(r->conn, &peer) < 0) {
		snprintf(r->client_ip, sizeof(r->client_ip), "-");
		return;
	}
	f.len = 0;
	f.seen = 0;
	f.buf[0] = '\0';
	if (r->srv->cfg->trusted.count &&
		trusted_proxies_contains(&r->srv->cfg->trusted, &peer))
		MHD_get_connection_values(
			r->conn, MHD_HEADER_KIND, join_forwarded, &f);
	client_addr_resolve(&r->srv->cfg->trusted, &peer, f.seen ? f.buf : NULL,
		r->client_ip, sizeof(r->client_ip));
	if (ip_addr_parse(&r->client_addr, r->client_ip, strlen(r->client_ip)) <
		0)
		memset(&r->client_addr, 0, sizeof(r->client_addr));
}

/* ---------------------------------------------------------------- */
/* connection caps (conn_limits.h) */

/* What a connection holds, in its socket context. */
struct conn_state {
	struct ip_addr peer;
	int http; /* CONN_HTTP taken for peer (not a trusted proxy), until
		     the connection closes or becomes a WebSocket */
};

/* libmicrohttpd's accept policy: a new socket is taken while its peer
 * holds fewer than --max-connections-per-address HTTP connections (a
 * trusted proxy is not capped per address; --max-connections, which
 * libmicrohttpd enforces, caps every connection).  The count is taken
 * here, at once, and given back in on_connection(CLOSED) or
 * server_connection_upgraded(). */
static enum MHD_Result on_accept(
	void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct server *srv = cls;
	const struct config *cfg = srv->cfg;
	struct ip_addr peer;
	char text[INET6_ADDRSTRLEN];

	(void)addrlen;
	if (sockaddr_to_ip(addr, &peer) < 0)
		return MHD_NO;
	if (trusted_proxies_contains(&cfg->trusted, &peer) ||
		conn_limits_take(srv->limits, &peer, CONN_HTTP,
			cfg->max_connections_per_address) == 0)
		return MHD_YES;
	if (log_enabled(PETORY_LOG_DEBUG)) {
		ip_addr_text(&peer, text, sizeof(text));
		log_msg(PETORY_LOG_DEBUG,
			"connection from %s refused: "
			"--max-connections-per-address %lld are open",
			text, cfg->max_connections_per_address);
	}
	return MHD_NO;
}

static void give_http(struct server *srv, struct conn_state *st)
{
	if (!st->http)
		return;
	st->http = 0;
	conn_limits_give(srv->limits, &st->peer, CONN_HTTP);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
	void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	struct conn_state *st = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct ip_addr peer;
		if (peer_addr(conn, &peer) < 0 ||
			!(st = calloc(1, sizeof(*st)))) {
			/* no state: CLOSED gives back by the peer again */
			*socket_context = NULL;
			return;
		}
		st->peer = peer;
		st->http = !trusted_proxies_contains(&srv->cfg->trusted, &peer);
		*socket_context = st;
		return;
	}
	/* MHD_CONNECTION_NOTIFY_CLOSED */
	if (st) {
		give_http(srv, st);
		free(st);
		*socket_context = NULL;
		return;
	}
	{
		struct conn_state tmp;
		if (peer_addr(conn, &tmp.peer) < 0)
			return;
		tmp.http = !trusted_proxies_contains(
			&srv->cfg->trusted, &tmp.peer);
		give_http(srv, &tmp);
	}
}

void server_connection_upgraded(struct server *srv, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	if (ci && ci->socket_context)
		give_http(srv, ci->socket_context);
}

/* ---------------------------------------------------------------- */
/* request context */

static struct request *request_new(struct server *srv,
	struct MHD_Connection *conn, const char *url, const char *method)
{
	struct request *r = calloc(1, sizeof(*r));
	size_t i;

	if (!r)
		return NULL;
	if (!(r->path = strdup(url))) {
		free(r);
		return NULL;
	}
	r->srv = srv;
	r->conn = conn;
	r->start_us = now_us();
	for (i = 0; method[i] && i + 1 < sizeof(r->method); i++)
		r->method[i] = method[i];
	r->method[i] = '\0';
	request_id_init(r);
	client_ip_init(r);
	atomic_fetch_add(&srv->in_flight, 1);
	return r;
}

static void request_free(struct request *r)
{
	if (r->stream)
		r->stream->cleanup(r);
	if (r->response)
		MHD_destroy_response(r->response);
	router_clear(r);
	json_decref(r->json);
	json_decref(r->errors);
	json_decref(r->missing);
	free(r->body);
	free(r->path);
	free(r);
}

/* ---------------------------------------------------------------- */
/* body rules */

static int declares_body(const struct request *r)
{
	const char *cl = request_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);

	if (request_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		return 1;
	return cl && strspn(cl, "0 \t") != strlen(cl);
}

static int content_length_too_big(const struct request *r)
{
	const char *cl = request_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long n;
	char *end;

	if (!cl)
		return 0;
	errno = 0;
	n = strtoull(cl, &end, 10);
	return errno == ERANGE || (end != cl && n > BODY_LIMIT);
}

/* application/json, optionally with parameters; a charset, if given,
 * must be UTF-8. */
static int is_json_media_type(const char *ct)
{
	const char *p;
	size_t n;

	ct += strspn(ct, " \t");
	n = strcspn(ct, "; \t");
	if (n != 16 || strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	for (p = ct + n; (p = strchr(p, ';'));) {
		p++;
		p += strspn(p, " \t");
		if (strncasecmp(p, "charset=", 8) == 0) {
			const char *v = p + 8;
			if (*v == '"')
				v++;
			/* v[5] may be the terminator, which strchr finds */
			if (strncasecmp(v, "utf-8", 5) != 0 ||
				strchr("\"; \t", v[5]) == NULL)
				return 0;
		}
	}
	return 1;
}

static void body_append(struct request *r, const char *data, size_t size)
{
	r->body_seen += size;
	if (r->stream) {
		if (r->response)
			r->body_dropped += size;
		else
			r->stream->data(r, data, size);
		return;
	}
	if (r->response || r->body_seen > BODY_LIMIT || !r->route ||
		!(r->route->flags & ROUTE_JSON))
		return;
	if (r->body_len + size > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 4096;
		char *grown;
		while (cap < r->body_len + size)
			cap *= 2;
		if (cap > BODY_LIMIT)
			cap = BODY_LIMIT;
		if (!(grown = realloc(r->body, cap))) {
			reply_problem(r, 503, "OUT_OF_MEMORY",
				"the server is out of memory");
			return;
		}
		r->body = grown;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, size);
	r->body_len += size;
}

/* Parse the body of a ROUTE_JSON route into r->json (an object). */
static int parse_body(struct request *r)
{
	json_error_t err;
	char detail[96];

	if (r->body_len == 0) {
		if ((r->route->flags & ROUTE_JSON_OPTIONAL) ==
			ROUTE_JSON_OPTIONAL) {
			r->json = json_object();
			return r->json ? 0 : -1;
		}
		reply_problem(r, 400, "INVALID_INPUT",
			"a JSON object body is required");
		return -1;
	}
	r->json = json_loadb(r->body, r->body_len,
		JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!r->json) {
		const char *what = "is not valid JSON";
		switch (json_error_code(&err)) {
		case json_error_invalid_utf8:
			what = "is not valid UTF-8";
			break;
		case json_error_duplicate_key:
			what = "repeats an object key";
			break;
		case json_error_null_character:
			what = "contains a NUL character";
			break;
		default:
			break;
		}
		snprintf(detail, sizeof(detail),
			"the body %s (line %d, column %d)", what, err.line,
			err.column);
		reply_problem(r, 400, "INVALID_INPUT", detail);
		return -1;
	}
	if (!json_is_object(r->json)) {
		reply_problem(r, 400, "INVALID_INPUT",
			"the body must be a JSON object");
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* the three phases */

/* First call: route and early rejections. */
static void request_begin(struct request *r)
{
	char allow[128];
	const char *ct;

	switch (router_match(r, &r->route, allow, sizeof(allow))) {
	case ROUTE_NO_PATH:
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	case ROUTE_NO_METHOD:
		if (strcmp(r->method, "OPTIONS") == 0) {
			reply_options(r, allow);
			return;
		}
		reply_problem(r, 405, "METHOD_NOT_ALLOWED",
			"the resource does not support this method");
		reply_header(r, MHD_HTTP_HEADER_ALLOW, allow);
		return;
	case ROUTE_FOUND:
		break;
	}
	/* A route that needs a token refuses a missing or bad one here,
	 * on the first call: a body it announced is never read (the answer
	 * is queued at once and the connection closes). */
	if (authn_check(r, r->route->auth) < 0)
		return;
	if ((r->stream = router_stream(r->route)) != NULL) {
		r->stream->begin(r);
		return;
	}
	if (content_length_too_big(r)) {
		reply_problem(r, 413, "PAYLOAD_TOO_LARGE",
			"the request body is larger than 1 MiB");
		return;
	}
	if (r->route->flags & ROUTE_JSON) {
		ct = request_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
		if ((ct || declares_body(r)) && !(ct && is_json_media_type(ct)))
			reply_problem(r, 415, "UNSUPPORTED_MEDIA_TYPE",
				"the request body must be application/json");
	}
}

/* Last call: parse, run the handler. */
static void request_process(struct request *r)
{
	/* request_begin has authenticated */
	if (r->stream) {
		r->route->handler(r);
		if (!r->response)
			reply_problem(r, 500, "INTERNAL_ERROR",
				"internal server error");
		return;
	}
	if (r->body_seen > BODY_LIMIT) {
		reply_problem(r, 413, "PAYLOAD_TOO_LARGE",
			"the request body is larger than 1 MiB");
		return;
	}
	if ((r->route->flags & ROUTE_JSON) && parse_body(r) < 0)
		return;
	r->route->handler(r);
	if (!r->response) {
		log_msg(PETORY_LOG_ERROR, "request %s: %s %s left no reply",
			r->request_id, r->method, r->path);
		reply_problem(
			r, 500, "INTERNAL_ERROR", "internal server error");
	}
}

static enum MHD_Result request_send(struct request *r)
{
	enum MHD_Result ret;

	if (!r->response)
		return MHD_NO; /* out of memory: close the connection */
	response_finish(r);
	ret = MHD_queue_response(r->conn, r->status, r->response);
	MHD_destroy_response(r->response);
	r->response = NULL;
	r->queued = ret == MHD_YES;
	if (strcmp(r->method, "HEAD") == 0)
		r->response_bytes = 0;
	return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn,
	const char *url, const char *method, const char *version,
	const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct request *r = *con_cls;

	(void)version;
	if (!r) {
		if (!(r = request_new(cls, conn, url, method)))
			return MHD_NO;
		*con_cls = r;
		if (atomic_load(&r->srv->stopping)) {
			/* Shutting down: no new work, and no keep-alive. */
			reply_problem(r, 503, "SHUTTING_DOWN",
				"the server is shutting down");
			reply_header(r, "Connection", "close");
			reply_header(r, "Retry-After", "1");
		} else {
			request_begin(r);
		}
		if (r->response && declares_body(r))
			return request_send(r);
		return MHD_YES;
	}
	if (*upload_data_size) {
		body_append(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (r->stream)
			return r->body_dropped > BODY_DISCARD_LIMIT ? MHD_NO
								    : MHD_YES;
		return r->body_seen > BODY_DISCARD_LIMIT ? MHD_NO : MHD_YES;
	}
	if (!r->response)
		request_process(r);
	return request_send(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct request *r = *con_cls;
	int64_t duration;

	(void)conn;
	if (!r)
		return;
	*con_cls = NULL;
	if (!r->queued) {
		r->status = 0;
		r->response_bytes = 0;
	} else if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
		log_msg(PETORY_LOG_DEBUG, "request %s: ended early (%d)",
			r->request_id, (int)toe);
	}
	if (r->ws_held)
		conn_limits_give(srv->limits, &r->client_addr, CONN_WS);
	if (r->ws_held_anon)
		conn_limits_give(srv->limits, &r->client_addr, CONN_WS_ANON);
	duration = now_us() - r->start_us;
	access_log_write(r, duration);
	metrics_request(r->route, r->queued ? r->status : 0, duration);
	request_free(r);
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char message[512];
	size_t len;

	(void)cls;
	vsnprintf(message, sizeof(message), fmt, ap);
	len = strlen(message);
	while (len > 0 && (message[len - 1] == '\n' || message[len - 1] == ' '))
		message[--len] = '\0';
	log_msg(PETORY_LOG_WARN, "libmicrohttpd: %s", message);
}

/* ---------------------------------------------------------------- */
/* start and stop */

int server_listen(struct server *srv, const struct config *cfg)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct sockaddr_storage ss;
	socklen_t slen = sizeof(ss);
	char port[8], host[INET6_ADDRSTRLEN], serv[8];
	int fd = -1, rc, one = 1, err = 0;
	int backlog = cfg->max_connections > 65535 ? 65535
						   : (int)cfg->max_connections;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%lld", cfg->port);
	if ((rc = getaddrinfo(cfg->bind, port, &hints, &res)) != 0) {
		fprintf(stderr, "petory-httpd: --bind %s: %s\n", cfg->bind,
			gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
			ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
			listen(fd, backlog < 128 ? 128 : backlog) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		fprintf(stderr,
			"petory-httpd: cannot listen on %s port %lld: "
			"%s\n",
			cfg->bind, cfg->port, strerror(err));
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &slen) < 0 ||
		getnameinfo((struct sockaddr *)&ss, slen, host, sizeof(host),
			serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		fprintf(stderr,
			"petory-httpd: cannot read the bound address: "
			"%s\n",
			strerror(errno));
		close(fd);
		return -1;
	}
	snprintf(srv->listen_addr, sizeof(srv->listen_addr),
		ss.ss_family == AF_INET6 ? "[%s]" : "%s", host);
	srv->port = (unsigned)atoi(serv);
	srv->listen_fd = fd;
	return 0;
}

int server_start(struct server *srv)
{
	const struct config *cfg = srv->cfg;
	const union MHD_DaemonInfo *info;
	/* one thread is the daemon's own polling thread: no pool option then
	 * (libmicrohttpd warns about a pool of size 0 or 1) */
	struct MHD_OptionItem pool[] = {
		{ MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)cfg->threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_UPGRADE | MHD_USE_ITC;

	atomic_init(&srv->in_flight, 0);
	atomic_init(&srv->stopping, 0);
	if (!srv->limits && !(srv->limits = conn_limits_new())) {
		fprintf(stderr, "petory-httpd: out of memory\n");
		return -1;
	}
	/* the logger goes first so that it sees every message */
	srv->daemon = MHD_start_daemon(flags, 0, on_accept, srv, on_access, srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)srv->listen_fd,
		/* all connections, WebSockets too; per address: on_accept */
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		/* an idle connection (no byte either way) is closed after
		 * --idle-timeout seconds, one that sent half a request too */
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->idle_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)cfg->connection_memory_limit,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_ARRAY, cfg->threads > 1 ? pool : pool + 1,
		MHD_OPTION_END);
	if (!srv->daemon) {
		fprintf(stderr, "petory-httpd: cannot start the HTTP daemon\n");
		return -1;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info && info->port)
		srv->port = info->port;
	return 0;
}

void server_stop(struct server *srv, int grace_s)
{
	int64_t deadline = now_us() + (int64_t)grace_s * 1000000;
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	/* new requests get 503 from now on */
	atomic_store(&srv->stopping, 1);
	/* upgraded connections count as requests in flight until they
	 * close: close them first (also when the daemon never started:
	 * the hub thread must not outlive the library) */
	ws_hub_stop(srv->ws);
	if (srv->daemon) {
		/* Not MHD_quiesce_daemon: with the epoll thread pool of
		 * libmicrohttpd 0.9.75 it races the workers over the listen
		 * socket and can abort ("Failed to remove listen FD from epoll
		 * set").  New requests are refused with 503 instead while
		 * those in flight finish. */
		while (atomic_load(&srv->in_flight) > 0 && now_us() < deadline)
			nanosleep(&pause, NULL);
		if (atomic_load(&srv->in_flight) > 0)
			log_msg(PETORY_LOG_WARN,
				"stopping with %d requests in flight",
				atomic_load(&srv->in_flight));
		MHD_stop_daemon(srv->daemon);
		srv->daemon = NULL;
		srv->listen_fd = -1; /* the daemon has closed it */
	}
	if (srv->listen_fd >= 0) {
		close(srv->listen_fd);
		srv->listen_fd = -1;
	}
	conn_limits_free(srv->limits);
	srv->limits = NULL;
}
