/* ws_session.h -- the JSON protocol spoken on a /ws-chat connection (see
 * ws_session.c); called by the hub thread only. */
#ifndef HTTPD_WS_SESSION_H
#define HTTPD_WS_SESSION_H

#include <stddef.h>

#include <petory.h>

struct ws_conn;

/* A new connection; who and token when the upgrade request carried a
 * valid bearer token, else NULL (the first message must authenticate). */
void ws_session_opened(
	struct ws_conn *c, const petory_identity *who, const char *token);

/* One complete text message (valid UTF-8). */
void ws_session_message(struct ws_conn *c, const char *text, size_t len);

/* Tell the client that its message text (len bytes, valid UTF-8) was
 * refused unread, with its clientMsgId when it has one. */
void ws_session_refuse(struct ws_conn *c, const char *code, const char *detail,
	const char *text, size_t len);

/* Check the connection's token again; -1 when it no longer holds (the
 * connection is closing with 4401). */
int ws_session_recheck(struct ws_conn *c);

#endif
