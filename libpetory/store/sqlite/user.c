/* user.c -- the SQLite users table of petory_store: accounts and their
 * single-use tokens (email verification and password reset links; only
 * their SHA-256 is stored).  Its OAuth2 methods live in oauth.c.
 *
 * Facts only: an absent account is ENOTFOUND, a taken email EEXISTS, a
 * compare-and-set on the status or the roles that finds the row in
 * another state ECONFLICT (absent: ENOTFOUND); the domain (domain/user.c,
 * user_admin.c, auth/) turns them into the API's answers.  An account
 * token is single use: taking it deletes it in the same statement.
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
	u->email_verified = sqlite3_column_int(s, 13) != 0;
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
		sqlite3_bind_int(s, 10, u->email_verified ? 1 : 0);
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

static int user_mark_email_verified(
	int *changed_out, petory_store *st, int64_t id, petory_time_ms now)
{
	int error = 0;
	if (changed_out)
		*changed_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(
			conn, PETORY__STMT_USER_MARK_EMAIL_VERIFIED);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		error = petory__step_done(conn, s, 1);
		if (error == 0 && changed_out)
			*changed_out = 1;
		else if (error == PETORY_ENOTFOUND) {
			/* verified already (a fact, not a failure) or absent */
			error = petory__sqlite_cas_missed(
				conn, PETORY__STMT_USER_EXISTS, id, "user");
			if (error == PETORY_ECONFLICT)
				error = 0;
		}
	});
	return error;
}

static int user_set_password(petory_store *st, int64_t id,
	const char *password_hash, int bump_tokens, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_SET_PASSWORD);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		petory__bind_text_or_null(s, 2, password_hash);
		sqlite3_bind_int(s, 3, bump_tokens ? 1 : 0);
		sqlite3_bind_int64(s, 4, now);
		error = one_user_changed(petory__step_done(conn, s, 1), id);
	});
	return error;
}

static int user_take_over(petory_store *st, int64_t id, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_USER_TAKE_OVER);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = petory__sqlite_cas_missed(
				conn, PETORY__STMT_USER_EXISTS, id, "user");
	});
	return error;
}

/* Inside a transaction: forget the expired tokens, then store this one. */
static int account_token_put_locked(petory__conn *conn,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_ACCOUNT_TOKEN_PURGE);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, now);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_ACCOUNT_TOKEN_PUT)))
		return petory_error_last()->code;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)purpose);
	sqlite3_bind_int64(s, 3, user_id);
	sqlite3_bind_int64(s, 4, expires_at);
	sqlite3_bind_int64(s, 5, now);
	return petory__step_done(conn, s, 0);
}

static int account_token_put(petory_store *st,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, account_token_put_locked(conn, purpose, hash,
				      user_id, expires_at, now));
	});
	return error;
}

static int account_token_take(int64_t *user_id_out, petory_store *st,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	petory_time_ms now)
{
	int error = 0;
	*user_id_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_ACCOUNT_TOKEN_TAKE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, (int)purpose);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_int64(s, 1) > now)
			*user_id_out = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no such account token, or it expired");
		else
			error = petory__sqlite_error(
				conn, rc, "account_token_take");
		petory__stmt_done(s);
	});
	return error;
}

static int account_token_drop_user(
	petory_store *st, int64_t user_id, petory_account_token_purpose purpose)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(
			conn, PETORY__STMT_ACCOUNT_TOKEN_DROP_USER);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int(s, 2, (int)purpose);
		error = petory__step_done(conn, s, 0);
	});
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
	.user_mark_email_verified = user_mark_email_verified,
	.user_set_password = user_set_password,
	.user_take_over = user_take_over,
	.account_token_put = account_token_put,
	.account_token_take = account_token_take,
	.account_token_drop_user = account_token_drop_user,
};
