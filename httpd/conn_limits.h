/* conn_limits.h -- open connections counted per client address, so that
 * one client can neither fill --max-connections nor the WebSocket hub.
 *
 * Three counts per address, each with its own cap:
 *   HTTP sockets      by the socket's peer, taken when libmicrohttpd
 *                     accepts (its accept policy) and given back when the
 *                     connection closes or becomes a WebSocket; a peer
 *                     that is a trusted proxy (--trust-proxy) is not
 *                     capped per address (it carries many clients: the
 *                     proxy caps them), only by --max-connections;
 *   WebSockets        by the client address of the upgrade request (the
 *                     X-Forwarded-For walk behind a trusted proxy), for
 *                     the connection's life;
 *   anonymous ones    the same, until the connection authenticates.
 * IPv6 addresses are counted per /64 (one host's usual allocation).  The
 * table holds an entry only while one of its counts is above zero.
 * Thread-safe (one mutex).
 */
#ifndef HTTPD_CONN_LIMITS_H
#define HTTPD_CONN_LIMITS_H

#include <stddef.h>
#include <sys/socket.h>

#include "client_addr.h"

enum conn_count {
	CONN_HTTP = 0, /* sockets speaking HTTP */
	CONN_WS,       /* WebSockets */
	CONN_WS_ANON,  /* WebSockets not yet authenticated */
	CONN_COUNTS
};

struct conn_limits;

/* NULL when out of memory. */
struct conn_limits *conn_limits_new(void);
void conn_limits_free(struct conn_limits *cl);

/* Count one more `which` for addr unless addr already has cap of them:
 * 0 when counted, -1 when refused. */
int conn_limits_take(struct conn_limits *cl, const struct ip_addr *addr,
	enum conn_count which, long long cap);

/* Give back one `which` taken for addr. */
void conn_limits_give(struct conn_limits *cl, const struct ip_addr *addr,
	enum conn_count which);

/* How many `which` addr holds now (tests, logs). */
long long conn_limits_held(struct conn_limits *cl, const struct ip_addr *addr,
	enum conn_count which);

/* A socket address as an ip_addr (IPv4-mapped IPv6 as IPv4); -1 when it
 * is not IPv4 or IPv6. */
int sockaddr_to_ip(const struct sockaddr *sa, struct ip_addr *out);

#endif
