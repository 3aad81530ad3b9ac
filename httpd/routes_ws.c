/* routes_ws.c -- GET /ws-chat: the RFC 6455 opening handshake over
 * libmicrohttpd's upgrade, then the socket goes to the hub (ws_hub.c).
 *
 * Refusals are ordinary problem answers: 426 without an Upgrade to
 * websocket (or with another Sec-WebSocket-Version than 13), 400 for a
 * malformed Sec-WebSocket-Key, 403 for a browser Origin that is neither
 * this server nor a configured CORS origin (the original hard-coded one),
 * 401 for a bad bearer token (authn.c, before this handler), 503 when the
 * hub is full, 429 when the client address holds --ws-max-per-address
 * WebSockets (or --ws-max-anonymous-per-address without a token).  Those
 * counts are taken here and handed to the hub with the socket (server.c
 * gives them back if the upgrade never happens).  The accept key is SHA-1
 * and base64 from nettle.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <nettle/base64.h>
#include <nettle/sha1.h>

#include "authn.h"
#include "conn_limits.h"
#include "http_util.h"
#include "routes.h"
#include "ws_hub.h"

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

/* Does the comma-separated header value hold token (any case)? */
static int has_token(const char *value, const char *token)
{
	size_t n = strlen(token);

	while (value && *value) {
		size_t len;
		value += strspn(value, " \t,");
		len = strcspn(value, ",");
		while (len > 0 &&
			(value[len - 1] == ' ' || value[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(value, token, n) == 0)
			return 1;
		value += strcspn(value, ",");
	}
	return 0;
}

/* A Sec-WebSocket-Key is base64 of 16 bytes: 24 characters. */
static int key_valid(const char *key)
{
	struct base64_decode_ctx ctx;
	uint8_t raw[BASE64_DECODE_LENGTH(24)];
	size_t len = sizeof(raw);

	if (!key || strlen(key) != 24)
		return 0;
	base64_decode_init(&ctx);
	return base64_decode_update(&ctx, &len, raw, 24, key) &&
	       base64_decode_final(&ctx) && len == 16;
}

static void accept_key(char out[BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE) + 1],
	const char *key)
{
	struct sha1_ctx sha;
	uint8_t digest[SHA1_DIGEST_SIZE];

	sha1_init(&sha);
	sha1_update(&sha, strlen(key), (const uint8_t *)key);
	sha1_update(&sha, strlen(WS_GUID), (const uint8_t *)WS_GUID);
	sha1_digest(&sha, sizeof(digest), digest);
	base64_encode_raw(out, sizeof(digest), digest);
	out[BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE)] = '\0';
}

/* A browser's Origin must be this server itself or a CORS origin. */
static int origin_allowed(const struct request *r)
{
	const char *origin = request_header(r, "Origin");
	const char *host = request_header(r, MHD_HTTP_HEADER_HOST);
	const char *rest;

	if (!origin)
		return 1; /* not a browser */
	if (cors_allowed(r->srv, origin))
		return 1;
	if (!host)
		return 0;
	if (strncasecmp(origin, "http://", 7) == 0)
		rest = origin + 7;
	else if (strncasecmp(origin, "https://", 8) == 0)
		rest = origin + 8;
	else
		return 0;
	return strcasecmp(rest, host) == 0;
}

static void on_upgrade(void *cls, struct MHD_Connection *connection,
	void *con_cls, const char *extra_in, size_t extra_in_size,
	MHD_socket sock, struct MHD_UpgradeResponseHandle *urh)
{
	struct request *r = con_cls;
	const char *token = authn_bearer_token(r);

	struct ws_hold hold = { r->client_addr, r->ws_held, r->ws_held_anon };

	/* the counts go with the socket to the hub */
	r->ws_held = r->ws_held_anon = 0;
	server_connection_upgraded(r->srv, connection);
	ws_hub_adopt(cls, sock, urh, extra_in, extra_in_size,
		r->authenticated ? &r->who : NULL,
		r->authenticated ? token : NULL, &hold);
}

/* Take this client's WebSocket counts (and its anonymous one without a
 * token); -1 when it holds its share already. */
static int take_ws_counts(struct request *r)
{
	const struct config *cfg = r->srv->cfg;
	struct conn_limits *cl = r->srv->limits;

	if (r->client_addr.family == 0)
		return 0; /* not an IP client: nothing to count by */
	if (conn_limits_take(
		    cl, &r->client_addr, CONN_WS, cfg->ws_max_per_address) < 0)
		return -1;
	r->ws_held = 1;
	if (r->authenticated)
		return 0;
	if (conn_limits_take(cl, &r->client_addr, CONN_WS_ANON,
		    cfg->ws_max_anonymous_per_address) < 0) {
		conn_limits_give(cl, &r->client_addr, CONN_WS);
		r->ws_held = 0;
		return -1;
	}
	r->ws_held_anon = 1;
	return 0;
}

void route_ws_chat(struct request *r)
{
	const char *upgrade = request_header(r, "Upgrade");
	const char *connection = request_header(r, "Connection");
	const char *version = request_header(r, "Sec-WebSocket-Version");
	const char *key = request_header(r, "Sec-WebSocket-Key");
	char accept[BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE) + 1];
	struct MHD_Response *resp;

	if (!has_token(upgrade, "websocket") ||
		!has_token(connection, "upgrade")) {
		reply_problem(r, 426, "UPGRADE_REQUIRED",
			"this endpoint speaks WebSocket only");
		reply_header(r, "Upgrade", "websocket");
		return;
	}
	if (!version || strcmp(version, "13") != 0) {
		reply_problem(r, 426, "UNSUPPORTED_WEBSOCKET_VERSION",
			"WebSocket version 13 is required");
		reply_header(r, "Sec-WebSocket-Version", "13");
		return;
	}
	if (!key_valid(key)) {
		reply_problem(r, 400, "INVALID_INPUT",
			"Sec-WebSocket-Key must be base64 of 16 bytes");
		return;
	}
	if (!origin_allowed(r)) {
		reply_problem(r, 403, "ORIGIN_NOT_ALLOWED",
			"this origin may not open a WebSocket here");
		return;
	}
	if (!ws_hub_has_room(r->srv->ws)) {
		reply_problem(r, 503, "TOO_MANY_CONNECTIONS",
			"no room for another WebSocket connection");
		reply_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
		return;
	}
	if (take_ws_counts(r) < 0) {
		reply_problem(r, 429, "TOO_MANY_CONNECTIONS",
			r->authenticated
				? "this address has too many WebSockets open"
				: "this address has too many WebSockets open "
				  "without a token: authenticate the open ones "
				  "first");
		reply_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
		return;
	}
	if (!(resp = MHD_create_response_for_upgrade(on_upgrade, r->srv->ws))) {
		reply_problem(
			r, 503, "OUT_OF_MEMORY", "the server is out of memory");
		return;
	}
	accept_key(accept, key);
	reply_set(r, 101, resp, 0);
	reply_header(r, "Upgrade", "websocket");
	reply_header(r, "Sec-WebSocket-Accept", accept);
}
