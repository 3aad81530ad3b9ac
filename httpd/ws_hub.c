/* ws_hub.c -- the WebSocket hub: one epoll thread driving wslay on every
 * upgraded connection, the user index, the push queue and the timers.
 *
 * Invariants:
 * - Only the hub thread reads or writes a struct ws_conn, its wslay
 *   context and its socket.  Other threads hand over work through
 *   hub->adopt_head and hub->push_head (under hub->lock) and wake the
 *   thread through an eventfd.
 * - The user index (hub->users) is written by the hub thread under
 *   hub->lock and read by the presence hook under it; a connection is in
 *   it exactly while it is authenticated and alive.
 * - A connection marked dead leaves epoll and the index at once and is
 *   freed at the end of the turn, never inside a wslay callback; its
 *   socket is closed through MHD_upgrade_action, never close().
 * - A text message reaches ws_session.c only complete (wslay reassembles
 *   fragments, at most WS_MESSAGE_MAX bytes in at most WS_FRAMES_MAX
 *   frames) and valid UTF-8.
 */
#include "ws_hub.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <petory/json.h>
#include <utf8proc.h>

#include "conn_limits.h"
#include "http_util.h"
#include "log.h"
#include "server.h"
#include "ws_session.h"

#define USER_BUCKETS 4096
#define EVENTS_PER_TURN 64
#define TICK_MS 250
#define CLOSE_WAIT_MS 2000
/* Bytes read from one socket in one turn: a peer that sends without
 * pause neither holds the thread nor queues pongs without bound between
 * two checks of its outbox. */
#define READ_PER_TURN WS_MESSAGE_MAX
/* Messages a connection may send per second before it is told to slow
 * down (the excess is refused, not queued). */
#define MESSAGES_PER_SECOND 20

/* Work handed to the hub thread. */
struct ws_push {
	struct ws_push *next;
	int64_t users[2]; /* 0: unused; both 0 with everyone */
	int everyone;
	char *text;
	size_t len;
};

struct ws_adopt {
	struct ws_adopt *next;
	MHD_socket fd;
	struct MHD_UpgradeResponseHandle *urh;
	char *extra;
	size_t extra_len;
	petory_identity who;
	char *token; /* NULL: not authenticated */
	struct ws_hold hold;
};

struct ws_hub {
	struct server *srv;
	petory *db;
	pthread_t thread;
	int thread_started;
	int epfd, wakefd;
	atomic_int stopping;
	atomic_size_t count; /* adopted, not yet freed */

	pthread_mutex_t lock; /* the queues and the user index */
	struct ws_push *push_head, *push_tail;
	struct ws_adopt *adopt_head;
	struct ws_conn *users[USER_BUCKETS];

	/* hub thread only */
	struct ws_conn *all;
	struct ws_conn *dead;
	struct ws_conn **dirty;
	size_t dirty_len, dirty_cap;
	int64_t last_tick_ms;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t bucket_of(int64_t user_id)
{
	return (size_t)((uint64_t)user_id * 0x9E3779B97F4A7C15ull >> 52) %
	       USER_BUCKETS;
}

static void wake(struct ws_hub *hub)
{
	uint64_t one = 1;
	ssize_t n = write(hub->wakefd, &one, sizeof(one));
	(void)n; /* a full counter still wakes the thread */
}

/* Give back what h holds (conn_limits.h); h holds nothing after. */
static void give_hold(struct ws_hub *hub, struct ws_hold *h)
{
	if (h->anon)
		conn_limits_give(hub->srv->limits, &h->client, CONN_WS_ANON);
	if (h->ws)
		conn_limits_give(hub->srv->limits, &h->client, CONN_WS);
	h->ws = h->anon = 0;
}

petory *ws_hub_db(const struct ws_hub *hub)
{
	return hub->db;
}

size_t ws_hub_count(struct ws_hub *hub)
{
	return hub ? atomic_load(&hub->count) : 0;
}

int ws_hub_has_room(struct ws_hub *hub)
{
	return hub && !atomic_load(&hub->stopping) &&
	       atomic_load(&hub->count) <
		       (size_t)hub->srv->cfg->ws_max_connections;
}

/* ---------------------------------------------------------------- */
/* the user index */

static void index_remove(struct ws_conn *c)
{
	struct ws_hub *hub = c->hub;
	struct ws_conn **p;

	if (!c->indexed)
		return;
	c->indexed = 0;
	pthread_mutex_lock(&hub->lock);
	for (p = &hub->users[bucket_of(c->index_user)]; *p;
		p = &(*p)->user_next)
		if (*p == c) {
			*p = c->user_next;
			break;
		}
	pthread_mutex_unlock(&hub->lock);
	c->user_next = NULL;
}

/* Connections of user_id (caller holds the lock or is the hub thread).
 * Only index_user is read: other threads call this under the lock while
 * the hub thread may rewrite c->who. */
static size_t user_connections(struct ws_hub *hub, int64_t user_id)
{
	struct ws_conn *c;
	size_t n = 0;

	for (c = hub->users[bucket_of(user_id)]; c; c = c->user_next)
		if (c->index_user == user_id)
			n++;
	return n;
}

static int on_presence(void *payload, int64_t user_id)
{
	struct ws_hub *hub = payload;
	size_t n;

	pthread_mutex_lock(&hub->lock);
	n = user_connections(hub, user_id);
	pthread_mutex_unlock(&hub->lock);
	return n > 0;
}

int ws_conn_authenticate(
	struct ws_conn *c, const petory_identity *who, const char *token)
{
	struct ws_hub *hub = c->hub;
	char *copy = strdup(token);
	size_t b;

	if (!copy) {
		ws_conn_close(c, WS_CLOSE_GOING_AWAY, "out of memory");
		return -1;
	}
	free(c->token);
	c->token = copy;
	c->last_check_ms = now_ms();
	if (c->who.user_id == who->user_id) { /* a fresh token */
		c->who = *who;
		return 0;
	}
	if (c->hold.anon) { /* no longer anonymous */
		conn_limits_give(
			hub->srv->limits, &c->hold.client, CONN_WS_ANON);
		c->hold.anon = 0;
	}
	if (user_connections(hub, who->user_id) >=
		(size_t)hub->srv->cfg->ws_max_per_user) {
		ws_conn_close(c, WS_CLOSE_POLICY, "too many connections");
		return -1;
	}
	c->who = *who;
	b = bucket_of(who->user_id);
	pthread_mutex_lock(&hub->lock);
	c->index_user = who->user_id;
	c->user_next = hub->users[b];
	hub->users[b] = c;
	pthread_mutex_unlock(&hub->lock);
	c->indexed = 1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* connection life */

static void mark_dirty(struct ws_conn *c)
{
	struct ws_hub *hub = c->hub;
	struct ws_conn **grown;

	if (c->in_dirty)
		return;
	if (hub->dirty_len == hub->dirty_cap) {
		size_t cap = hub->dirty_cap ? hub->dirty_cap * 2 : 64;
		if (!(grown = realloc(hub->dirty, cap * sizeof(*grown))))
			return; /* sent on its next event or tick */
		hub->dirty = grown;
		hub->dirty_cap = cap;
	}
	hub->dirty[hub->dirty_len++] = c;
	c->in_dirty = 1;
}

static void conn_kill(struct ws_conn *c)
{
	struct ws_hub *hub = c->hub;

	if (c->dead)
		return;
	c->dead = 1;
	epoll_ctl(hub->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	index_remove(c);
	c->dead_next = hub->dead;
	hub->dead = c;
}

/* Drop a connection that lets more than WS_OUTBOX_MAX pile up (messages,
 * and the pongs of its own pings); 1 when it did. */
static int drop_if_slow(struct ws_conn *c)
{
	if (c->dead ||
		wslay_event_get_queued_msg_length(c->ctx) <= WS_OUTBOX_MAX)
		return 0;
	log_msg(PETORY_LOG_WARN,
		"websocket of user %lld: reader too slow, dropped",
		(long long)c->who.user_id);
	conn_kill(c);
	return 1;
}

static void conn_free(struct ws_conn *c)
{
	struct ws_hub *hub = c->hub;

	if (c->prev)
		c->prev->next = c->next;
	else
		hub->all = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (c->ctx)
		wslay_event_context_free(c->ctx);
	MHD_upgrade_action(c->urh, MHD_UPGRADE_ACTION_CLOSE);
	give_hold(hub, &c->hold);
	free(c->token);
	free(c->pending);
	free(c);
	atomic_fetch_sub(&hub->count, 1);
}

static void free_dead(struct ws_hub *hub)
{
	struct ws_conn *c;
	size_t i;

	/* the dirty list may name dead connections: forget it first */
	for (i = 0; i < hub->dirty_len; i++)
		hub->dirty[i]->in_dirty = 0;
	hub->dirty_len = 0;
	while ((c = hub->dead)) {
		hub->dead = c->dead_next;
		conn_free(c);
	}
}

static void deliver_text(struct ws_conn *c, const char *text, size_t len);

void ws_conn_send(struct ws_conn *c, json_t *msg)
{
	char *text;

	if (!msg)
		return;
	text = c->dead ? NULL : json_dumps(msg, HTTP_JSON_FLAGS);
	json_decref(msg);
	if (text)
		deliver_text(c, text, strlen(text));
	free(text);
}

void ws_conn_close(struct ws_conn *c, uint16_t code, const char *reason)
{
	if (c->dead || c->closing_ms)
		return;
	c->close_code = code; /* queued by conn_flush, after the rest */
	c->close_reason = reason;
	c->closing_ms = now_ms();
	index_remove(c); /* no more pushes; no longer counts as online */
	mark_dirty(c);
}

/* Send what is queued.  Our close frame is queued only once everything
 * queued before it is out: wslay sends control frames ahead of messages
 * and nothing after a close, so a message (an ack, say) queued just
 * before the close would be lost.  -1 when the peer is gone. */
static int conn_flush(struct ws_conn *c)
{
	const char *why = c->close_reason ? c->close_reason : "";

	if (wslay_event_want_write(c->ctx) && wslay_event_send(c->ctx) != 0)
		return -1;
	if (!c->close_code || wslay_event_want_write(c->ctx))
		return 0;
	wslay_event_queue_close(
		c->ctx, c->close_code, (const uint8_t *)why, strlen(why));
	c->close_code = 0;
	if (wslay_event_want_write(c->ctx) && wslay_event_send(c->ctx) != 0)
		return -1;
	return 0;
}

/* Read and drop whatever the peer still sends after our close, until it
 * hangs up: closing a socket with unread bytes would reset the
 * connection and could destroy our close frame before the peer reads
 * it. */
static void drain_socket(struct ws_conn *c)
{
	char scratch[4096];
	size_t left = READ_PER_TURN;
	ssize_t n = 0;

	while (left > 0 && (n = recv(c->fd, scratch, sizeof(scratch), 0)) > 0)
		left -= (size_t)n < left ? (size_t)n : left;
	if (left == 0)
		return; /* the rest in the next turn */
	if (n == 0 ||
		(errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		conn_kill(c);
}

/* Send what is queued, then decide: done, closing, or watch for
 * writability. */
static void conn_settle(struct ws_conn *c)
{
	struct epoll_event ev;
	uint32_t events;
	int want_write;

	if (c->dead)
		return;
	if (!c->draining && conn_flush(c) < 0) {
		conn_kill(c);
		return;
	}
	if (drop_if_slow(c))
		return;
	if (!c->closing_ms && !wslay_event_want_read(c->ctx)) {
		/* wslay closes by itself (a message too big, text that is
		 * not UTF-8, the peer's close): a short wait, as for ours */
		c->closing_ms = now_ms();
		index_remove(c);
	}
	want_write = !c->draining && wslay_event_want_write(c->ctx);
	if (!want_write && wslay_event_get_close_sent(c->ctx)) {
		/* our close frame is out: no more writes, then wait for the
		 * peer's close (or its hang-up) a little while */
		if (!c->closing_ms)
			c->closing_ms = now_ms();
		index_remove(c);
		if (!c->shut_wr) {
			shutdown(c->fd, SHUT_WR);
			c->shut_wr = 1;
		}
		if (wslay_event_get_close_received(c->ctx)) {
			conn_kill(c);
			return;
		}
		if (!wslay_event_want_read(c->ctx))
			c->draining = 1;
	} else if (!want_write && !wslay_event_want_read(c->ctx)) {
		conn_kill(c);
		return;
	}
	/* bytes that neither wslay nor the drain will read must not wake
	 * the thread on every turn (epoll is level-triggered); a hang-up
	 * still shows as EPOLLHUP */
	events = (c->draining || wslay_event_want_read(c->ctx)
				 ? EPOLLIN | EPOLLRDHUP
				 : 0) |
		 (want_write ? EPOLLOUT : 0);
	if (events != c->events) {
		memset(&ev, 0, sizeof(ev));
		ev.events = events;
		ev.data.ptr = c;
		if (epoll_ctl(c->hub->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
			c->events = events;
	}
}

static void settle_dirty(struct ws_hub *hub)
{
	size_t i;

	/* conn_settle never adds to the list, so it may be walked by index */
	for (i = 0; i < hub->dirty_len; i++) {
		hub->dirty[i]->in_dirty = 0;
		conn_settle(hub->dirty[i]);
	}
	hub->dirty_len = 0;
}

/* ---------------------------------------------------------------- */
/* frame headers
 *
 * The bytes from the peer are followed here on their way to wslay, and
 * two kinds of header never reach it: those its frame layer fails (a
 * control frame over 125 bytes or fragmented, a length not in its
 * shortest form) without any close frame, as if the peer had hung up --
 * 1002 here; and the frame after WS_FRAMES_MAX of one message, since
 * wslay keeps a chunk per frame -- 1009 here, as for a message too big.
 * The close follows what came before. */

/* The header's size in bytes, mask key included (head_len >= 2). */
static unsigned head_size(const struct ws_conn *c)
{
	unsigned len7 = c->head[1] & 0x7f, size = 2;

	if (len7 == 126)
		size += 2;
	else if (len7 == 127)
		size += 8;
	return size + (c->head[1] & 0x80 ? 4 : 0);
}

static uint64_t head_payload(const struct ws_conn *c)
{
	unsigned len7 = c->head[1] & 0x7f, i, n = len7 == 126 ? 2 : 8;
	uint64_t len = 0;

	if (len7 < 126)
		return len7;
	for (i = 0; i < n; i++)
		len = len << 8 | c->head[2 + i];
	return len;
}

/* After each byte of a header (head_len >= 2 of them so far): the close
 * code when wslay must not see it, else 0. */
static uint16_t head_refused(struct ws_conn *c)
{
	unsigned len7 = c->head[1] & 0x7f;
	uint64_t len;

	if (c->head_len == 2 && (c->head[0] & 0x08)) /* control */
		return !(c->head[0] & 0x80) || len7 > 125 ? WS_CLOSE_PROTOCOL
							  : 0;
	if (c->head_len == 2) { /* data: the message's first or next frame */
		c->frames = (c->head[0] & 0x0f) ? 1 : c->frames + 1;
		return c->frames > WS_FRAMES_MAX ? WS_CLOSE_TOO_BIG : 0;
	}
	if ((len7 == 126 && c->head_len == 4) ||
		(len7 == 127 && c->head_len == 10)) {
		len = head_payload(c);
		if (len7 == 126 ? len < 126 : len < 65536 || len >> 63)
			return WS_CLOSE_PROTOCOL;
	}
	return 0;
}

/* Follow n bytes from the peer: how many of them wslay may read (all, or
 * those before the byte that makes a header refused; refused is set
 * then and nothing more is read). */
static size_t scan_frames(struct ws_conn *c, const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (c->payload_left) {
			size_t k = n - i;
			if (k > c->payload_left)
				k = (size_t)c->payload_left;
			i += k;
			c->payload_left -= k;
			continue;
		}
		if (c->head_len < sizeof(c->head))
			c->head[c->head_len] = p[i];
		c->head_len++;
		if (c->head_len >= 2 && (c->refused = head_refused(c)))
			return i;
		i++;
		if (c->head_len >= 2 && c->head_len == head_size(c)) {
			c->payload_left = head_payload(c);
			c->head_len = 0;
		}
	}
	return n;
}

/* ---------------------------------------------------------------- */
/* wslay callbacks */

static ssize_t would_block(wslay_event_context_ptr ctx)
{
	wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
	return -1;
}

static ssize_t on_recv(wslay_event_context_ptr ctx, uint8_t *buf, size_t len,
	int flags, void *user_data)
{
	struct ws_conn *c = user_data;
	ssize_t n;

	(void)flags;
	if (c->refused)
		return would_block(ctx);
	if (c->pending) {
		size_t left = c->pending_len - c->pending_off;
		if (len > left)
			len = left;
		memcpy(buf, c->pending + c->pending_off, len);
		c->pending_off += len;
		if (c->pending_off == c->pending_len) {
			free(c->pending);
			c->pending = NULL;
		}
		len = scan_frames(c, buf, len);
		return len ? (ssize_t)len : would_block(ctx);
	}
	if (!c->read_budget) /* the socket's turn is over */
		return would_block(ctx);
	if (len > c->read_budget)
		len = c->read_budget;
	do
		n = recv(c->fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		c->read_budget -= (size_t)n;
		c->last_heard_ms = now_ms();
		n = (ssize_t)scan_frames(c, buf, (size_t)n);
		return n ? n : would_block(ctx);
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
	else /* the peer went away, with or without a close frame */
		wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
	return -1;
}

static ssize_t on_send(wslay_event_context_ptr ctx, const uint8_t *data,
	size_t len, int flags, void *user_data)
{
	struct ws_conn *c = user_data;
	int sflags = MSG_NOSIGNAL | (flags & WSLAY_MSG_MORE ? MSG_MORE : 0);
	ssize_t n;

	do
		n = send(c->fd, data, len, sflags);
	while (n < 0 && errno == EINTR);
	if (n >= 0)
		return n;
	wslay_event_set_error(ctx, errno == EAGAIN || errno == EWOULDBLOCK
					   ? WSLAY_ERR_WOULDBLOCK
					   : WSLAY_ERR_CALLBACK_FAILURE);
	return -1;
}

static int utf8_valid(const uint8_t *p, size_t len)
{
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	utf8proc_int32_t cp;

	while (left > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0 || cp < 0)
			return 0;
		p += n;
		left -= n;
	}
	return 1;
}

/* At most MESSAGES_PER_SECOND a second per connection. */
static int within_rate(struct ws_conn *c)
{
	int64_t now = now_ms();

	if (now - c->window_start_ms >= 1000) {
		c->window_start_ms = now;
		c->window_count = 0;
	}
	return ++c->window_count <= MESSAGES_PER_SECOND;
}

static void on_message(wslay_event_context_ptr ctx,
	const struct wslay_event_on_msg_recv_arg *arg, void *user_data)
{
	struct ws_conn *c = user_data;

	(void)ctx;
	if (c->dead || c->closing_ms)
		return;
	switch (arg->opcode) {
	case WSLAY_TEXT_FRAME:
		if (!utf8_valid(arg->msg, arg->msg_length)) {
			ws_conn_close(c, WS_CLOSE_BAD_DATA,
				"text is not valid UTF-8");
			return;
		}
		if (!within_rate(c)) {
			ws_session_refuse(c, "RATE_LIMITED",
				"too many messages; slow down",
				(const char *)arg->msg, arg->msg_length);
			return;
		}
		ws_session_message(c, (const char *)arg->msg, arg->msg_length);
		return;
	case WSLAY_BINARY_FRAME:
		ws_conn_close(c, WS_CLOSE_UNSUPPORTED,
			"binary messages are not accepted");
		return;
	default: /* ping (answered by wslay), pong, close */
		return;
	}
}

static const struct wslay_event_callbacks callbacks = {
	.recv_callback = on_recv,
	.send_callback = on_send,
	.on_msg_recv_callback = on_message,
};

/* Let wslay read what the peer sent, at most READ_PER_TURN bytes of it
 * from the socket (the rest waits for the next turn). */
static void conn_read(struct ws_conn *c)
{
	c->read_budget = READ_PER_TURN;
	if (wslay_event_recv(c->ctx) != 0) {
		conn_kill(c); /* the peer went away */
	} else if (c->refused && wslay_event_want_read(c->ctx)) {
		ws_conn_close(c, c->refused,
			c->refused == WS_CLOSE_PROTOCOL
				? "malformed frame header"
				: "a message in too many frames");
		wslay_event_shutdown_read(c->ctx); /* drained from now on */
	}
}

/* ---------------------------------------------------------------- */
/* handing over */

void ws_hub_adopt(struct ws_hub *hub, MHD_socket sock,
	struct MHD_UpgradeResponseHandle *urh, const char *extra,
	size_t extra_len, const petory_identity *who, const char *token,
	const struct ws_hold *hold)
{
	struct ws_adopt *a = calloc(1, sizeof(*a));
	struct ws_hold held = *hold;

	if (!a || (extra_len && !(a->extra = malloc(extra_len))) ||
		(who && token && !(a->token = strdup(token)))) {
		if (a) {
			free(a->extra);
			free(a);
		}
		MHD_upgrade_action(urh, MHD_UPGRADE_ACTION_CLOSE);
		give_hold(hub, &held);
		return;
	}
	a->hold = held;
	a->fd = sock;
	a->urh = urh;
	if (extra_len)
		memcpy(a->extra, extra, extra_len);
	a->extra_len = extra_len;
	if (who && a->token)
		a->who = *who;
	pthread_mutex_lock(&hub->lock);
	if (atomic_load(&hub->stopping)) {
		pthread_mutex_unlock(&hub->lock);
		MHD_upgrade_action(urh, MHD_UPGRADE_ACTION_CLOSE);
		give_hold(hub, &a->hold);
		free(a->extra);
		free(a->token);
		free(a);
		return;
	}
	a->next = hub->adopt_head;
	hub->adopt_head = a;
	atomic_fetch_add(&hub->count, 1);
	pthread_mutex_unlock(&hub->lock);
	wake(hub);
}

static void adopt_one(struct ws_hub *hub, struct ws_adopt *a)
{
	struct ws_conn *c = calloc(1, sizeof(*c));
	struct epoll_event ev;
	int flags;

	if (!c || wslay_event_context_server_init(&c->ctx, &callbacks, c)) {
		free(c);
		MHD_upgrade_action(a->urh, MHD_UPGRADE_ACTION_CLOSE);
		give_hold(hub, &a->hold);
		atomic_fetch_sub(&hub->count, 1);
		return;
	}
	wslay_event_config_set_max_recv_msg_length(c->ctx, WS_MESSAGE_MAX);
	c->hub = hub;
	c->fd = a->fd;
	c->urh = a->urh;
	c->pending = a->extra;
	c->pending_len = a->extra_len;
	a->extra = NULL;
	c->hold = a->hold;
	a->hold.ws = a->hold.anon = 0;
	c->opened_ms = c->last_heard_ms = c->window_start_ms = now_ms();
	c->next = hub->all;
	if (hub->all)
		hub->all->prev = c;
	hub->all = c;
	if ((flags = fcntl(c->fd, F_GETFL)) >= 0)
		fcntl(c->fd, F_SETFL, flags | O_NONBLOCK);
	memset(&ev, 0, sizeof(ev));
	ev.events = c->events = EPOLLIN | EPOLLRDHUP;
	ev.data.ptr = c;
	if (epoll_ctl(hub->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
		log_msg(PETORY_LOG_WARN, "websocket: epoll: %s",
			strerror(errno));
		c->dead = 1; /* not in epoll: just free it */
		c->dead_next = hub->dead;
		hub->dead = c;
		return;
	}
	ws_session_opened(c, a->token ? &a->who : NULL, a->token);
	if (c->pending && !c->dead)
		conn_read(c);
	mark_dirty(c);
}

static void take_adopted(struct ws_hub *hub)
{
	struct ws_adopt *a, *next;

	pthread_mutex_lock(&hub->lock);
	a = hub->adopt_head;
	hub->adopt_head = NULL;
	pthread_mutex_unlock(&hub->lock);
	for (; a; a = next) {
		next = a->next;
		adopt_one(hub, a);
		free(a->extra);
		free(a->token);
		free(a);
	}
}

/* ---------------------------------------------------------------- */
/* pushes */

static void enqueue_push(struct ws_hub *hub, json_t *msg, const int64_t *users,
	size_t nusers, int everyone)
{
	struct ws_push *p;
	char *text;
	size_t i;

	if (!msg)
		return;
	text = json_dumps(msg, HTTP_JSON_FLAGS);
	json_decref(msg);
	if (!text || !(p = calloc(1, sizeof(*p)))) {
		free(text);
		return;
	}
	p->text = text;
	p->len = strlen(text);
	p->everyone = everyone;
	for (i = 0; i < nusers && i < 2; i++)
		p->users[i] = users[i];
	pthread_mutex_lock(&hub->lock);
	if (atomic_load(&hub->stopping)) {
		pthread_mutex_unlock(&hub->lock);
		free(p->text);
		free(p);
		return;
	}
	if (hub->push_tail)
		hub->push_tail->next = p;
	else
		hub->push_head = p;
	hub->push_tail = p;
	pthread_mutex_unlock(&hub->lock);
	wake(hub);
}

static void on_notification(void *payload, const petory_notification *n)
{
	json_t *msg = json_pack("{s:s, s:o}", "type", "notification",
		"notification", petory_notification_to_json(n));

	enqueue_push(payload, msg, &n->user_id, 1, n->user_id == 0);
}

static void on_chat_message(void *payload, const petory_chat_message *m,
	const int64_t member_ids[2])
{
	json_t *msg = json_pack("{s:s, s:I, s:o}", "type", "message", "roomId",
		(json_int_t)m->room_id, "message",
		petory_chat_message_to_json(m));

	enqueue_push(payload, msg, member_ids, 2, 0);
}

static void deliver_text(struct ws_conn *c, const char *text, size_t len)
{
	struct wslay_event_msg m = { WSLAY_TEXT_FRAME, (const uint8_t *)text,
		len };

	if (c->dead || c->closing_ms || wslay_event_queue_msg(c->ctx, &m))
		return;
	mark_dirty(c);
	drop_if_slow(c);
}

static void deliver(struct ws_hub *hub, const struct ws_push *p)
{
	struct ws_conn *c, *next;
	size_t i;

	if (p->everyone) {
		for (c = hub->all; c; c = c->next)
			if (c->who.user_id > 0)
				deliver_text(c, p->text, p->len);
		return;
	}
	for (i = 0; i < 2; i++) {
		int64_t uid = p->users[i];
		if (uid <= 0 || (i == 1 && uid == p->users[0]))
			continue;
		/* the hub thread is the index's only writer; a slow reader
		 * that deliver_text drops leaves the index (and its
		 * user_next is cleared), so the next one is taken first */
		for (c = hub->users[bucket_of(uid)]; c; c = next) {
			next = c->user_next;
			if (c->index_user == uid)
				deliver_text(c, p->text, p->len);
		}
	}
}

void ws_hub_flush(struct ws_hub *hub)
{
	struct ws_push *p, *next;

	pthread_mutex_lock(&hub->lock);
	p = hub->push_head;
	hub->push_head = hub->push_tail = NULL;
	pthread_mutex_unlock(&hub->lock);
	for (; p; p = next) {
		next = p->next;
		deliver(hub, p);
		free(p->text);
		free(p);
	}
}

/* ---------------------------------------------------------------- */
/* timers */

static void tick(struct ws_hub *hub, int64_t now)
{
	int64_t ping_ms = hub->srv->cfg->ws_ping_interval * 1000;
	int64_t recheck_ms = hub->srv->cfg->ws_auth_recheck * 1000;
	struct ws_conn *c;

	for (c = hub->all; c; c = c->next) {
		if (c->dead)
			continue;
		if (c->closing_ms) {
			if (now - c->closing_ms > CLOSE_WAIT_MS)
				conn_kill(c);
			continue;
		}
		if (c->who.user_id <= 0) {
			if (now - c->opened_ms > WS_AUTH_DEADLINE_S * 1000)
				ws_conn_close(c, WS_CLOSE_UNAUTHORIZED,
					"authentication timeout");
			continue;
		}
		if (now - c->last_check_ms >= recheck_ms) {
			c->last_check_ms = now;
			if (ws_session_recheck(c) < 0)
				continue;
		}
		if (now - c->last_heard_ms > 2 * ping_ms) {
			conn_kill(c); /* gone without a word */
		} else if (now - c->last_heard_ms > ping_ms &&
			   now - c->last_ping_ms > ping_ms) {
			struct wslay_event_msg ping = { WSLAY_PING, NULL, 0 };
			c->last_ping_ms = now;
			if (wslay_event_queue_msg(c->ctx, &ping) == 0)
				mark_dirty(c);
		}
	}
}

/* ---------------------------------------------------------------- */
/* the thread */

static void drain_wakeups(struct ws_hub *hub)
{
	uint64_t n;
	ssize_t r = read(hub->wakefd, &n, sizeof(n));
	(void)r;
}

static void shut_everything(struct ws_hub *hub)
{
	struct ws_conn *c;

	take_adopted(hub);
	for (c = hub->all; c; c = c->next) {
		if (c->dead)
			continue;
		ws_conn_close(c, WS_CLOSE_GOING_AWAY, "server shutting down");
		if (!c->draining)
			conn_flush(c); /* best effort */
		conn_kill(c);
	}
	free_dead(hub);
}

static void *hub_main(void *arg)
{
	struct ws_hub *hub = arg;
	struct epoll_event events[EVENTS_PER_TURN];
	int i, n;

	while (!atomic_load(&hub->stopping)) {
		int64_t now;
		n = epoll_wait(hub->epfd, events, EVENTS_PER_TURN, TICK_MS);
		for (i = 0; i < n; i++) {
			struct ws_conn *c = events[i].data.ptr;
			if (!c) {
				drain_wakeups(hub);
				take_adopted(hub);
				ws_hub_flush(hub);
				continue;
			}
			if (c->dead)
				continue;
			if (c->draining) {
				drain_socket(c);
				continue;
			}
			if (events[i].events &
				(EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
				conn_read(c);
			conn_settle(c);
		}
		now = now_ms();
		if (now - hub->last_tick_ms >= TICK_MS) {
			hub->last_tick_ms = now;
			tick(hub, now);
		}
		settle_dirty(hub);
		free_dead(hub);
	}
	shut_everything(hub);
	return NULL;
}

struct ws_hub *ws_hub_start(struct server *srv)
{
	struct ws_hub *hub = calloc(1, sizeof(*hub));
	struct epoll_event ev;

	if (!hub)
		return NULL;
	hub->srv = srv;
	hub->db = srv->db;
	hub->epfd = epoll_create1(EPOLL_CLOEXEC);
	hub->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pthread_mutex_init(&hub->lock, NULL);
	atomic_init(&hub->stopping, 0);
	atomic_init(&hub->count, 0);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	if (hub->epfd < 0 || hub->wakefd < 0 ||
		epoll_ctl(hub->epfd, EPOLL_CTL_ADD, hub->wakefd, &ev) < 0 ||
		pthread_create(&hub->thread, NULL, hub_main, hub) != 0) {
		log_msg(PETORY_LOG_ERROR, "websocket hub: %s", strerror(errno));
		ws_hub_free(hub);
		return NULL;
	}
	hub->thread_started = 1;
	petory_set_notification_hook(srv->db, on_notification, hub);
	petory_set_chat_message_hook(srv->db, on_chat_message, hub);
	petory_set_presence_hook(srv->db, on_presence, hub);
	return hub;
}

void ws_hub_stop(struct ws_hub *hub)
{
	if (!hub || !hub->thread_started)
		return;
	pthread_mutex_lock(&hub->lock);
	atomic_store(&hub->stopping, 1);
	pthread_mutex_unlock(&hub->lock);
	wake(hub);
	pthread_join(hub->thread, NULL);
	hub->thread_started = 0;
}

void ws_hub_free(struct ws_hub *hub)
{
	struct ws_push *p, *next;

	if (!hub)
		return;
	ws_hub_stop(hub);
	for (p = hub->push_head; p; p = next) {
		next = p->next;
		free(p->text);
		free(p);
	}
	free(hub->dirty);
	if (hub->epfd >= 0)
		close(hub->epfd);
	if (hub->wakefd >= 0)
		close(hub->wakefd);
	pthread_mutex_destroy(&hub->lock);
	free(hub);
}
