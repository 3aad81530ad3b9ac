/* ws_hub.h -- the WebSocket side of petory-httpd: one epoll thread that
 * owns every upgraded connection and drives wslay on it.
 *
 * Connections arrive from libmicrohttpd's upgrade handler (any worker
 * thread) through ws_hub_adopt(); from then on only the hub thread
 * touches them.  Other threads reach connections only through the push
 * queue (the library's notification and chat-message hooks enqueue, the
 * hub delivers), and the presence hook reads the user index under its
 * lock.  A connection is freed only between two turns of the loop, never
 * inside a wslay callback.  ws_session.c speaks the JSON protocol over a
 * connection; this file does framing, timers, limits and fan-out.
 */
#ifndef HTTPD_WS_HUB_H
#define HTTPD_WS_HUB_H

#include <microhttpd.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <wslay/wslay.h>

#include <petory.h>

#include "client_addr.h"

struct server;

/* The per-address counts (conn_limits.h) a WebSocket holds: CONN_WS while
 * it is open, CONN_WS_ANON until it authenticates. */
struct ws_hold {
	struct ip_addr client;
	int ws, anon;
};
struct ws_hub;

/* RFC 6455 and our own close codes. */
#define WS_CLOSE_NORMAL 1000
#define WS_CLOSE_GOING_AWAY 1001
#define WS_CLOSE_PROTOCOL 1002
#define WS_CLOSE_UNSUPPORTED 1003
#define WS_CLOSE_BAD_DATA 1007
#define WS_CLOSE_POLICY 1008
#define WS_CLOSE_TOO_BIG 1009
#define WS_CLOSE_UNAUTHORIZED 4401

/* The largest message a client may send (a frame or a fragmented
 * message), and the most a slow reader may have queued before it is
 * dropped. */
#define WS_MESSAGE_MAX (64 * 1024)
#define WS_OUTBOX_MAX (1024 * 1024)
/* The most frames one message may come in (wslay keeps each apart). */
#define WS_FRAMES_MAX 1024
/* Seconds a new connection has to authenticate. */
#define WS_AUTH_DEADLINE_S 5

/* One upgraded connection (hub thread only). */
struct ws_conn {
	struct ws_hub *hub;
	MHD_socket fd;
	struct MHD_UpgradeResponseHandle *urh;
	wslay_event_context_ptr ctx;

	petory_identity who; /* who.user_id 0: not authenticated yet */
	char *token;         /* the access token, for rechecks */
	struct ws_hold hold; /* given back when authenticated / freed */

	char *pending; /* bytes libmicrohttpd read past the request */
	size_t pending_len, pending_off;

	int64_t opened_ms, last_heard_ms, last_ping_ms, last_check_ms;
	int64_t closing_ms;  /* when ws_conn_close was called; 0: open */
	uint16_t close_code; /* our close, until what came before it is out */
	const char *close_reason;
	int64_t window_start_ms;
	unsigned window_count; /* messages in the current second */
	size_t read_budget;    /* bytes the socket may still give this turn */
	uint8_t head[10];      /* the frame header coming in (no mask key) */
	unsigned head_len;     /* its bytes so far, mask key counted */
	uint64_t payload_left; /* of the frame coming in, after its header */
	unsigned frames;       /* of the message coming in, so far */
	uint16_t refused;      /* the close code of a header kept from wslay */
	int dead;              /* freed at the end of the turn */
	uint32_t events;       /* what epoll watches for */
	int in_dirty;          /* listed to send at the end of the turn */
	int indexed;           /* in the user index (authenticated, open) */
	int64_t index_user;    /* its user there; written under hub->lock */
	int shut_wr;           /* our close frame is out: writes shut */
	int draining;          /* wslay reads no more: drop until EOF */

	struct ws_conn *next, *prev; /* every connection */
	struct ws_conn *user_next;   /* the same user's, in the index */
	struct ws_conn *dead_next;   /* the turn's dead ones */
};

/* Start the hub thread for srv (after petory_open, before the daemon
 * serves) and install the library's hooks; NULL on failure (logged). */
struct ws_hub *ws_hub_start(struct server *srv);

/* Close every connection (1001) and stop the thread; later pushes are
 * dropped.  Before libmicrohttpd stops: upgraded sockets are closed
 * through it. */
void ws_hub_stop(struct ws_hub *hub);

/* Stop (if needed) and free the hub.  After petory_close: the library's
 * hooks point at it until then. */
void ws_hub_free(struct ws_hub *hub);

/* Room for one more connection? */
int ws_hub_has_room(struct ws_hub *hub);

/* Take over an upgraded socket (from the upgrade handler, any thread)
 * and the counts it holds (given back when it closes).  who and token,
 * when not NULL, authenticated it already.  On failure the socket is
 * closed through urh and the counts given back. */
void ws_hub_adopt(struct ws_hub *hub, MHD_socket sock,
	struct MHD_UpgradeResponseHandle *urh, const char *extra,
	size_t extra_len, const petory_identity *who, const char *token,
	const struct ws_hold *hold);

/* Open connections now (any thread). */
size_t ws_hub_count(struct ws_hub *hub);

/* ---- for ws_session.c, on the hub thread ---- */

petory *ws_hub_db(const struct ws_hub *hub);

/* Queue a text message (steals msg); a slow reader is dropped. */
void ws_conn_send(struct ws_conn *c, json_t *msg);

/* Close with code and reason (a string that outlives the connection): the
 * close frame follows whatever is queued already, and the connection ends
 * once it is answered or after a short wait.  Nothing more is queued. */
void ws_conn_close(struct ws_conn *c, uint16_t code, const char *reason);

/* The connection now belongs to who (token copied): it enters the user
 * index.  -1 (and a 1008 close) when the user has too many. */
int ws_conn_authenticate(
	struct ws_conn *c, const petory_identity *who, const char *token);

/* Deliver what the hooks queued so far (keeps a message before its
 * ack on the sender's connection). */
void ws_hub_flush(struct ws_hub *hub);

#endif
