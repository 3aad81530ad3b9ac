/* ws_session.c -- the JSON protocol of /ws-chat, one message at a time.
 *
 *   client -> {"type":"auth","token":T}           first, within 5 s (or
 *             an Authorization header on the upgrade); again later to
 *             refresh the token (same user only)
 *   client -> {"type":"send","roomId":N,"messageType":"TEXT"|"IMAGE",
 *              "content":S,"clientMsgId":S?}
 *   server -> {"type":"authenticated","userId":N}
 *             {"type":"message","roomId":N,"message":{…}}   (ws_hub.c)
 *             {"type":"notification","notification":{…}}    (ws_hub.c)
 *             {"type":"ack","clientMsgId":S,"messageId":N,"duplicate":B}
 *             {"type":"error","code":C,"detail":S,"clientMsgId":S?,
 *              "errors":{field:message}?}
 *
 * Every rule is the library's: petory_auth_verify for tokens (a revoked
 * or expired one closes the connection with 4401, checked again before
 * each send and every --ws-auth-recheck seconds), petory_chat_send for
 * membership, validation and resends.  A send's pushes are delivered
 * before its ack, so the sender sees its message first.
 */
#include "ws_session.h"

#include <string.h>

#include <jansson.h>

#include "ws_hub.h"

static void send_error(struct ws_conn *c, const char *code, const char *detail,
	const char *client_msg_id, json_t *errors)
{
	json_t *msg = json_pack("{s:s, s:s, s:s}", "type", "error", "code",
		code, "detail", detail ? detail : "");

	if (msg && client_msg_id)
		json_object_set_new(
			msg, "clientMsgId", json_string(client_msg_id));
	if (msg && errors)
		json_object_set(msg, "errors", errors);
	ws_conn_send(c, msg);
}

void ws_session_refuse(struct ws_conn *c, const char *code, const char *detail,
	const char *text, size_t len)
{
	json_t *msg = json_loadb(text, len, 0, NULL);

	/* named by its clientMsgId, if it has one: the client knows which
	 * message to send again */
	send_error(c, code, detail,
		json_string_value(json_object_get(msg, "clientMsgId")), NULL);
	json_decref(msg);
}

/* The library's last error as an error message. */
static void send_library_error(struct ws_conn *c, const char *client_msg_id)
{
	const petory_error *e = petory_error_last();
	json_t *errors = NULL;
	size_t i;

	if (e->field_count && (errors = json_object()))
		for (i = 0; i < e->field_count; i++)
			json_object_set_new(errors, e->fields[i].field,
				json_string(e->fields[i].message));
	send_error(c, e->reason, e->message, client_msg_id, errors);
	json_decref(errors);
}

static void authenticated(
	struct ws_conn *c, const petory_identity *who, const char *token)
{
	if (ws_conn_authenticate(c, who, token) < 0)
		return;
	ws_conn_send(c, json_pack("{s:s, s:I}", "type", "authenticated",
				"userId", (json_int_t)who->user_id));
}

void ws_session_opened(
	struct ws_conn *c, const petory_identity *who, const char *token)
{
	if (who && token)
		authenticated(c, who, token);
}

static void on_auth(struct ws_conn *c, json_t *msg)
{
	const char *token = json_string_value(json_object_get(msg, "token"));
	petory_identity who;

	if (!token || petory_auth_verify(&who, ws_hub_db(c->hub), token) < 0 ||
		(c->who.user_id > 0 && who.user_id != c->who.user_id)) {
		ws_conn_close(c, WS_CLOSE_UNAUTHORIZED, "unauthorized");
		return;
	}
	authenticated(c, &who, token);
}

int ws_session_recheck(struct ws_conn *c)
{
	petory_identity who;

	if (c->who.user_id > 0 && c->token &&
		petory_auth_verify(&who, ws_hub_db(c->hub), c->token) == 0 &&
		who.user_id == c->who.user_id) {
		c->who = who; /* roles may have changed */
		return 0;
	}
	ws_conn_close(c, WS_CLOSE_UNAUTHORIZED, "the token no longer holds");
	return -1;
}

/* A string member, or NULL; a present member of another type is noted. */
static const char *member_string(json_t *msg, const char *name, json_t *bad)
{
	json_t *v = json_object_get(msg, name);

	if (v && !json_is_null(v) && !json_is_string(v))
		json_object_set_new(bad, name, json_string("must be a string"));
	return json_string_value(v);
}

static void on_send(struct ws_conn *c, json_t *msg)
{
	petory_chat_send_input in;
	petory_chat_message *m = NULL;
	json_t *bad = json_object(), *room = json_object_get(msg, "roomId");
	int duplicate = 0;

	memset(&in, 0, sizeof(in));
	if (!bad)
		return;
	in.client_msg_id = member_string(msg, "clientMsgId", bad);
	in.message_type = member_string(msg, "messageType", bad);
	in.content = member_string(msg, "content", bad);
	if (!json_is_integer(room) || json_integer_value(room) <= 0)
		json_object_set_new(
			bad, "roomId", json_string("must be a room id"));
	else
		in.room_id = json_integer_value(room);
	if (json_object_size(bad)) {
		send_error(c, "INVALID_PARAMETER", "the message is malformed",
			in.client_msg_id, bad);
		json_decref(bad);
		return;
	}
	json_decref(bad);
	if (ws_session_recheck(c) < 0)
		return;
	if (petory_chat_send(&m, &duplicate, ws_hub_db(c->hub), &c->who, &in) <
		0) {
		send_library_error(c, in.client_msg_id);
		return;
	}
	ws_hub_flush(c->hub); /* the message goes out before its ack */
	ws_conn_send(c, json_pack("{s:s, s:s?, s:I, s:b}", "type", "ack",
				"clientMsgId", in.client_msg_id, "messageId",
				(json_int_t)m->id, "duplicate", duplicate));
	petory_chat_message_free(m);
}

void ws_session_message(struct ws_conn *c, const char *text, size_t len)
{
	json_error_t err;
	json_t *msg = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	const char *type = json_string_value(json_object_get(msg, "type"));

	if (!json_is_object(msg) || !type) {
		if (c->who.user_id <= 0)
			ws_conn_close(
				c, WS_CLOSE_UNAUTHORIZED, "authenticate first");
		else
			send_error(c, "INVALID_INPUT",
				"a message is a JSON object with a type", NULL,
				NULL);
	} else if (strcmp(type, "auth") == 0) {
		on_auth(c, msg);
	} else if (c->who.user_id <= 0) {
		ws_conn_close(c, WS_CLOSE_UNAUTHORIZED, "authenticate first");
	} else if (strcmp(type, "send") == 0) {
		on_send(c, msg);
	} else {
		send_error(c, "UNKNOWN_TYPE", "unknown message type",
			json_string_value(json_object_get(msg, "clientMsgId")),
			NULL);
	}
	json_decref(msg);
}
