/* store.c -- the SQLite implementation of petory_store: installation
 * facts (meta), accounts and OAuth2 login states.
 *
 * Each method acquires one pooled connection, runs its prepared
 * statement(s) and releases it; methods with more than one write run them
 * in one BEGIN IMMEDIATE transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"
#include "store/sqlite/store_event.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

typedef petory__sqlite_store sqlite_store;

petory *petory__sqlite_store_db(petory_store *st)
{
	return PETORY__STORE_DB(st);
}

static void store_free(petory_store *st)
{
	free(st);
}

static int store_ping(petory_store *st)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PING);
		int rc = s ? sqlite3_step(s) : SQLITE_ERROR;
		if (rc != SQLITE_ROW)
			error = s ? petory__sqlite_error(conn, rc, "ping")
				  : petory_error_last()->code;
		petory__stmt_done(s);
	});
	return error;
}

/* The value of key on conn: ENOTFOUND (no reason) when absent. */
static int meta_read(char **out, petory__conn *conn, const char *key)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_META_GET);
	int rc, error;
	*out = NULL;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = (*out = petory__column_strdup(s, 0))
				? 0
				: petory__error_oom();
	else if (rc == SQLITE_DONE)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no meta value '%s'", key);
	else
		error = petory__sqlite_error(conn, rc, "meta_get");
	petory__stmt_done(s);
	return error;
}

static int meta_get(char **out, petory_store *st, const char *key)
{
	int error = 0;
	WITH_CONN(st, conn, { error = meta_read(out, conn, key); });
	return error;
}

/* The insert and the read of the winner in one transaction: a failed
 * call leaves no value behind. */
static int meta_put_if_absent(
	char **out, petory_store *st, const char *key, const char *value)
{
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s;
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		s = petory__stmt(conn, PETORY__STMT_META_PUT_IF_ABSENT);
		if (!s)
			error = petory_error_last()->code;
		else {
			sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
			error = petory__step_done(conn, s, 0);
		}
		if (error == 0)
			error = meta_read(out, conn, key);
		error = petory__tx_end(conn, error);
	});
	if (error < 0) {
		free(*out);
		*out = NULL;
	}
	return error;
}

static int read_user(
	petory_user **out, petory_user_secret *secret, sqlite3_stmt *s)
{
	petory_user *u = calloc(1, sizeof(*u));
	if (!u)
		return petory__error_oom();
	u->id = sqlite3_column_int64(s, 0);
	u->email = petory__column_strdup(s, 1);
	u->nickname = petory__column_strdup(s, 2);
	u->mobile_num = petory__column_strdup(s, 3);
	u->timezone = petory__column_strdup(s, 4);
	u->roles = (unsigned)sqlite3_column_int(s, 5);
	u->status = (petory_user_status)sqlite3_column_int(s, 6);
	u->created_at = sqlite3_column_int64(s, 7);
	u->updated_at = sqlite3_column_int64(s, 8);
	u->last_login_at = sqlite3_column_int64(s, 9);
	u->status_changed_at = sqlite3_column_int64(s, 10);
	if (!u->email || !u->nickname || !u->timezone) {
		petory_user_free(u);
		return petory__error_oom();
	}
	if (secret) {
		secret->password_hash = petory__column_strdup(s, 11);
		secret->token_version = sqlite3_column_int64(s, 12);
	}
	*out = u;
	return 0;
}

static int user_fetch(petory_user **out, petory_user_secret *secret,
	petory_store *st, petory__stmt_id id, int64_t user_id,
	const char *email_norm)
{
	int error = 0;
	*out = NULL;
	if (secret)
		memset(secret, 0, sizeof(*secret));
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, id);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (email_norm)
			sqlite3_bind_text(s, 1, email_norm, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(s, 1, user_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			error = read_user(out, secret, s);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(PETORY_ENOTFOUND,
				"USER_NOT_FOUND", "no such user");
		else
			error = petory__sqlite_error(conn, rc, "user_get");
		petory__stmt_done(s);
	});
	return error;
}

static int user_get(petory_user **out, petory_user_secret *secret,
	petory_store *st, int64_t id)
{
	return user_fetch(out, secret, st, PETORY__STMT_USER_BY_ID, id, NULL);
}

static int user_get_by_email(petory_user **out, petory_user_secret *secret,
	petory_store *st, const char *email_norm)
{
	return user_fetch(
		out, secret, st, PETORY__STMT_USER_BY_EMAIL, 0, email_norm);
}

static int user_insert(petory_store *st, petory_user *u, const char *email_norm,
	const char *password_hash)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_USER_INSERT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, u->email, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, email_norm, -1, SQLITE_STATIC);
		petory__bind_text_or_null(s, 3, password_hash);
		sqlite3_bind_text(s, 4, u->nickname, -1, SQLITE_STATIC);
		petory__bind_text_or_null(s, 5, u->mobile_num);
		sqlite3_bind_text(s, 6, u->timezone, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 7, (int)u->roles);
		sqlite3_bind_int(s, 8, (int)u->status);
		sqlite3_bind_int64(s, 9, u->created_at);
		error = petory__step_done(conn, s, 0);
		if (error == PETORY_EEXISTS)
			petory_error_set(PETORY_EEXISTS, "DUPLICATE_EMAIL",
				"an account with this email already exists");
		else if (!error)
			u->id = sqlite3_last_insert_rowid(conn->db);
	});
	return error;
}

static int user_auth_state(
	petory_user_auth_state *out, petory_store *st, int64_t id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_AUTH_STATE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			out->status =
				(petory_user_status)sqlite3_column_int(s, 0);
			out->roles = (unsigned)sqlite3_column_int(s, 1);
			out->token_version = sqlite3_column_int64(s, 2);
		} else if (rc == SQLITE_DONE) {
			error = petory_error_set(PETORY_ENOTFOUND,
				"USER_NOT_FOUND", "no such user");
		} else {
			error = petory__sqlite_error(conn, rc, "auth_state");
		}
		petory__stmt_done(s);
	});
	return error;
}

static int not_found_user(int error)
{
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(
			PETORY_ENOTFOUND, "USER_NOT_FOUND", "no such user");
	return error;
}

static int user_update_profile(petory_store *st, int64_t id,
	const petory_user_patch *p, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_UPDATE_PROFILE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		petory__bind_text_or_null(s, 2, p->nickname);
		petory__bind_text_or_null(s, 3, p->mobile_num);
		petory__bind_text_or_null(s, 4, p->timezone);
		sqlite3_bind_int64(s, 5, now);
		error = not_found_user(petory__step_done(conn, s, 1));
	});
	return error;
}

static int user_set_status(petory_store *st, int64_t id, unsigned from_mask,
	petory_user_status to, int bump_tokens, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_SET_STATUS);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, (int)from_mask);
		sqlite3_bind_int(s, 3, (int)to);
		sqlite3_bind_int(s, 4, bump_tokens ? 1 : 0);
		sqlite3_bind_int64(s, 5, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"the account is not in a state that allows "
				"this change");
	});
	return error;
}

static int user_set_roles(petory_store *st, int64_t id, unsigned expected,
	unsigned roles, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_SET_ROLES);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, (int)expected);
		sqlite3_bind_int(s, 3, (int)roles);
		sqlite3_bind_int64(s, 4, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = petory_error_set(PETORY_ECONFLICT,
				"CONCURRENT_CHANGE",
				"the roles changed meanwhile; try again");
	});
	return error;
}

static int user_record_login(
	petory_store *st, int64_t id, int reactivate, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_RECORD_LOGIN);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, reactivate ? 1 : 0);
		sqlite3_bind_int64(s, 3, now);
		error = not_found_user(petory__step_done(conn, s, 1));
	});
	return error;
}

static int count_query(int64_t *out, petory__conn *conn, petory__stmt_id id)
{
	sqlite3_stmt *s = petory__stmt(conn, id);
	int rc, error = 0;
	if (!s)
		return petory_error_last()->code;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		error = petory__sqlite_error(conn, rc, "count");
	petory__stmt_done(s);
	return error;
}

static int user_list(petory_user_page *out, petory_store *st, const char *query,
	int64_t offset, int64_t limit)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *s;
		int rc;
		if (!(s = petory__stmt(conn, PETORY__STMT_USER_COUNT))) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 3, query, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW)
			out->total = sqlite3_column_int64(s, 0);
		else
			error = petory__sqlite_error(conn, rc, "user_count");
		petory__stmt_done(s);
		if (error)
			break;
		if (!(s = petory__stmt(conn, PETORY__STMT_USER_LIST))) {
			error = petory_error_last()->code;
			break;
		}
		out->items = calloc((size_t)limit, sizeof(*out->items));
		if (!out->items) {
			petory__stmt_done(s);
			error = petory__error_oom();
			break;
		}
		sqlite3_bind_int64(s, 1, offset);
		sqlite3_bind_int64(s, 2, limit);
		sqlite3_bind_text(s, 3, query, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
			out->count < (size_t)limit) {
			petory_user *u;
			if ((error = read_user(&u, NULL, s)) < 0)
				break;
			out->items[out->count++] = *u;
			free(u);
		}
		if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
			error = petory__sqlite_error(conn, rc, "user_list");
		petory__stmt_done(s);
	});
	if (error)
		petory_user_page_dispose(out);
	return error;
}

static int user_count_active_admins(int64_t *out, petory_store *st)
{
	int error = 0;
	WITH_CONN(st, conn,
		error = count_query(
			out, conn, PETORY__STMT_USER_COUNT_ACTIVE_ADMINS));
	return error;
}

static int oauth_state_put(petory_store *st, const char *state,
	const char *verifier, petory_time_ms expires_at)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *purge =
			petory__stmt(conn, PETORY__STMT_OAUTH_STATE_PURGE);
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_OAUTH_STATE_PUT);
		if (!s || !purge) {
			error = petory_error_last()->code;
			break;
		}
		/* Forget attempts that were never finished. */
		sqlite3_bind_int64(purge, 1, expires_at - 3600 * 1000);
		petory__step_done(conn, purge, 0);
		sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, verifier, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, expires_at);
		error = petory__step_done(conn, s, 0);
	});
	return error;
}

static int oauth_state_take(char **verifier_out, petory_store *st,
	const char *state, petory_time_ms now)
{
	int error = 0;
	*verifier_out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_OAUTH_STATE_TAKE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_int64(s, 1) > now)
			error = (*verifier_out = petory__column_strdup(s, 0))
					? 0
					: petory__error_oom();
		else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"unknown or expired state");
		else
			error = petory__sqlite_error(conn, rc, "oauth_state");
		petory__stmt_done(s);
	});
	return error;
}

const petory_store_meta petory__sqlite_meta = {
	.version = PETORY_STORE_META_VERSION,
	.meta_get = meta_get,
	.meta_put_if_absent = meta_put_if_absent,
};

const petory_store_users petory__sqlite_users = {
	.version = PETORY_STORE_USERS_VERSION,
	.user_insert = user_insert,
	.user_get = user_get,
	.user_get_by_email = user_get_by_email,
	.user_auth_state = user_auth_state,
	.user_update_profile = user_update_profile,
	.user_set_status = user_set_status,
	.user_set_roles = user_set_roles,
	.user_record_login = user_record_login,
	.user_list = user_list,
	.user_count_active_admins = user_count_active_admins,
	.oauth_state_put = oauth_state_put,
	.oauth_state_take = oauth_state_take,
};

int petory_sqlite_store_new(petory_store **out, petory *db)
{
	sqlite_store *st = calloc(1, sizeof(*st));
	if (!st)
		return petory__error_oom();
	st->db = db;
	st->base = (petory_store){
		.version = PETORY_STORE_VERSION,
		.name = "sqlite",
		.free = store_free,
		.ping = store_ping,
		.meta = &petory__sqlite_meta,
		.users = &petory__sqlite_users,
		.events = &petory__sqlite_events,
		.notifications = &petory__sqlite_notifications,
		.daily = &petory__sqlite_daily,
		.places = &petory__sqlite_places,
		.reviews = &petory__sqlite_reviews,
		.files = &petory__sqlite_files,
		.pets = &petory__sqlite_pets,
		.albums = &petory__sqlite_albums,
		.boards = &petory__sqlite_boards,
		.trades = &petory__sqlite_trades,
		.chat = &petory__sqlite_chat,
	};
	*out = &st->base;
	return 0;
}
