/* user.c -- the SQLite users table of petory_store: accounts (its OAuth2
 * methods live in oauth.c).
 *
 * Facts only: an absent account is ENOTFOUND, a taken email EEXISTS, a
 * compare-and-set on the status or the roles that finds the row in
 * another state ECONFLICT (absent: ENOTFOUND); the domain (domain/user.c,
 * user_admin.c, auth/) turns them into the API's answers.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

/* ENOTFOUND (no reason) for an absent account. */
static int no_user(int64_t id)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no user %lld", (long long)id);
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
			error = email_norm ? petory_error_set(PETORY_ENOTFOUND,
						     NULL,
						     "no user with that email")
					   : no_user(user_id);
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
			petory_error_set(PETORY_EEXISTS, NULL,
				"the email is taken by another account");
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
			error = no_user(id);
		} else {
			error = petory__sqlite_error(conn, rc, "auth_state");
		}
		petory__stmt_done(s);
	});
	return error;
}

/* The result of an UPDATE of user id that must change one row. */
static int one_user_changed(int error, int64_t id)
{
	return error == PETORY_ENOTFOUND ? no_user(id) : error;
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
		error = one_user_changed(petory__step_done(conn, s, 1), id);
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
			error = petory__sqlite_cas_missed(
				conn, PETORY__STMT_USER_EXISTS, id, "user");
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
			error = petory__sqlite_cas_missed(
				conn, PETORY__STMT_USER_EXISTS, id, "user");
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
		error = one_user_changed(petory__step_done(conn, s, 1), id);
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
	PETORY__SQLITE_OAUTH_METHODS,
};
