/* user.c -- the PostgreSQL users table of petory_store: accounts and
 * their single-use tokens (only their SHA-256 is stored); its OAuth2
 * methods live in oauth.c; the twin of store/sqlite/user.c.
 *
 * Facts only: an absent account is ENOTFOUND, a taken email EEXISTS (the
 * unique email_norm, the lower-cased email the caller gives, so two
 * racing sign-ups of one address make one account), a compare-and-set on
 * the status or the roles that finds the row in another state ECONFLICT
 * (absent: ENOTFOUND); the domain (domain/user.c, user_admin.c, auth/)
 * turns them into the API's answers.  A compare-and-set is one UPDATE
 * whose WHERE holds the expected state, so racers serialize on the row
 * and one wins.  A search is an ILIKE the trigram indexes serve (see
 * sql_users.h).  An account token is single use: taking it is one
 * DELETE ... RETURNING, which one taker wins.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

/* ENOTFOUND (no reason) for an absent account. */
static int no_user(int64_t id)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no user %lld", (long long)id);
}

/* Row `row` of a PETORY__PG_USER_COLUMNS result into *u (zeroed). */
static int read_user(void *obj, const PGresult *r, int row)
{
	petory_user *u = obj;
	int64_t roles = 0, status = 0, verified = 0;
	int error;
	memset(u, 0, sizeof(*u));
	if ((error = petory__pg_get_int64(&u->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_text(&u->email, r, row, 1)) < 0 ||
		(error = petory__pg_get_text(&u->nickname, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&u->mobile_num, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&u->timezone, r, row, 4)) < 0 ||
		(error = petory__pg_get_int64(&roles, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&status, r, row, 6)) < 0 ||
		(error = petory__pg_get_int64(&u->created_at, r, row, 7)) < 0 ||
		(error = petory__pg_get_int64(&u->updated_at, r, row, 8)) < 0 ||
		(error = petory__pg_get_int64(&u->last_login_at, r, row, 9)) <
			0 ||
		(error = petory__pg_get_int64(
			 &u->status_changed_at, r, row, 10)) < 0 ||
		(error = petory__pg_get_int64(&verified, r, row, 13)) < 0)
		return error;
	u->email_verified = verified != 0;
	u->roles = (unsigned)roles;
	u->status = (petory_user_status)status;
	return 0;
}

/* The account selected by `id` (bound to params) and its secret. */
static int user_fetch(petory_user **out, petory_user_secret *secret,
	petory_store *st, petory__pg_stmt_id id,
	const petory__pg_params *params, int (*absent)(void *), void *key)
{
	PGresult *r = NULL;
	int error = 0;
	*out = NULL;
	if (secret)
		memset(secret, 0, sizeof(*secret));
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn, id, params)) < 0)
			break;
		if (PQntuples(r) == 0)
			error = absent(key);
		else if (!(*out = calloc(1, sizeof(**out))))
			error = petory__error_oom();
		else if ((error = read_user(*out, r, 0)) == 0 && secret &&
			 (error = petory__pg_get_text(
				  &secret->password_hash, r, 0, 11)) == 0)
			error = petory__pg_get_int64(
				&secret->token_version, r, 0, 12);
		PQclear(r);
	});
	if (error < 0) {
		petory_user_free(*out);
		*out = NULL;
		if (secret) {
			free(secret->password_hash);
			memset(secret, 0, sizeof(*secret));
		}
	}
	return error;
}

static int absent_id(void *key)
{
	return no_user(*(const int64_t *)key);
}

static int absent_email(void *key)
{
	(void)key;
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no user with that email");
}

static int user_get(petory_user **out, petory_user_secret *secret,
	petory_store *st, int64_t id)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	return user_fetch(out, secret, st, PETORY__PG_STMT_USER_BY_ID, &p,
		absent_id, &id);
}

static int user_get_by_email(petory_user **out, petory_user_secret *secret,
	petory_store *st, const char *email_norm)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, email_norm);
	return user_fetch(out, secret, st, PETORY__PG_STMT_USER_BY_EMAIL, &p,
		absent_email, NULL);
}

static int user_insert(petory_store *st, petory_user *u, const char *email_norm,
	const char *password_hash)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, u->email);
	petory__pg_param_text(&p, email_norm);
	petory__pg_param_text(&p, password_hash);
	petory__pg_param_text(&p, u->nickname);
	petory__pg_param_text(&p, u->mobile_num);
	petory__pg_param_text(&p, u->timezone);
	petory__pg_param_int64(&p, (int64_t)u->roles);
	petory__pg_param_int64(&p, (int64_t)u->status);
	petory__pg_param_int64(&p, u->created_at);
	petory__pg_param_int64(&p, u->email_verified ? 1 : 0);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_USER_INSERT, &p);
		if (error == PETORY_EEXISTS)
			petory_error_set(PETORY_EEXISTS, NULL,
				"the email is taken by another account");
		else if (!error)
			error = petory__pg_get_int64(&u->id, r, 0, 0);
		PQclear(r);
	});
	return error;
}

static int user_auth_state(
	petory_user_auth_state *out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t status = 0, roles = 0;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_USER_AUTH_STATE, &p)) < 0)
			break;
		if (PQntuples(r) == 0)
			error = no_user(id);
		else if ((error = petory__pg_get_int64(&status, r, 0, 0)) ==
				 0 &&
			 (error = petory__pg_get_int64(&roles, r, 0, 1)) == 0)
			error = petory__pg_get_int64(
				&out->token_version, r, 0, 2);
		PQclear(r);
	});
	if (error == 0) {
		out->status = (petory_user_status)status;
		out->roles = (unsigned)roles;
	}
	return error;
}

/* Run `id`, an UPDATE of account `user_id` (bound to params) that must
 * change one row.  With cas, a miss is a compare-and-set that lost
 * (ECONFLICT) unless the account is absent; without, it is absent. */
static int update_user(petory_store *st, petory__pg_stmt_id id,
	const petory__pg_params *params, int64_t user_id, bool cas)
{
	PGresult *r = NULL;
	int error = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn, id, params)) < 0)
			break;
		if (petory__pg_changes(r) == 0)
			error = cas ? petory__pg_cas_missed(conn,
					      PETORY__PG_STMT_USER_EXISTS,
					      user_id, "user")
				    : no_user(user_id);
		PQclear(r);
	});
	return error;
}

static int user_update_profile(petory_store *st, int64_t id,
	const petory_user_patch *patch, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_text(&p, patch->nickname);
	petory__pg_param_text(&p, patch->mobile_num);
	petory__pg_param_text(&p, patch->timezone);
	petory__pg_param_int64(&p, now);
	return update_user(
		st, PETORY__PG_STMT_USER_UPDATE_PROFILE, &p, id, false);
}

static int user_set_status(petory_store *st, int64_t id, unsigned from_mask,
	petory_user_status to, int bump_tokens, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, (int64_t)from_mask);
	petory__pg_param_int64(&p, (int64_t)to);
	petory__pg_param_int64(&p, bump_tokens ? 1 : 0);
	petory__pg_param_int64(&p, now);
	return update_user(st, PETORY__PG_STMT_USER_SET_STATUS, &p, id, true);
}

static int user_set_roles(petory_store *st, int64_t id, unsigned expected,
	unsigned roles, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, (int64_t)expected);
	petory__pg_param_int64(&p, (int64_t)roles);
	petory__pg_param_int64(&p, now);
	return update_user(st, PETORY__PG_STMT_USER_SET_ROLES, &p, id, true);
}

static int user_record_login(
	petory_store *st, int64_t id, int reactivate, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, reactivate ? 1 : 0);
	petory__pg_param_int64(&p, now);
	return update_user(
		st, PETORY__PG_STMT_USER_RECORD_LOGIN, &p, id, false);
}

/* The ILIKE pattern of a search text ('%text%', with '\', '%' and '_'
 * escaped by '\') and the text with ASCII letters lower-cased; both
 * malloc'd (NULL: out of memory). */
static int search_terms(char **pattern_out, char **lower_out, const char *q)
{
	size_t n = strlen(q), i;
	char *pattern = malloc(2 * n + 3), *lower = malloc(n + 1), *p;
	if (!pattern || !lower) {
		free(pattern);
		free(lower);
		return petory__error_oom();
	}
	p = pattern;
	*p++ = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '\\' || q[i] == '%' || q[i] == '_')
			*p++ = '\\';
		*p++ = q[i];
		lower[i] = q[i] >= 'A' && q[i] <= 'Z' ? (char)(q[i] - 'A' + 'a')
						      : q[i];
	}
	*p++ = '%';
	*p = '\0';
	lower[n] = '\0';
	*pattern_out = pattern;
	*lower_out = lower;
	return 0;
}

static int user_list(petory_user_page *out, petory_store *st, const char *query,
	int64_t offset, int64_t limit)
{
	petory__pg_params p;
	char *pattern = NULL, *lower = NULL;
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&p);
	if (query) {
		if ((error = search_terms(&pattern, &lower, query)) < 0)
			return error;
		petory__pg_param_text(&p, pattern);
		petory__pg_param_text(&p, lower);
	}
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_page(&items, &out->count, &out->total, conn,
			query ? PETORY__PG_STMT_USER_COUNT_MATCH
			      : PETORY__PG_STMT_USER_COUNT_ALL,
			query ? PETORY__PG_STMT_USER_LIST_MATCH
			      : PETORY__PG_STMT_USER_LIST_ALL,
			&p, offset, limit, sizeof(*out->items), read_user);
	});
	out->items = items;
	free(pattern);
	free(lower);
	if (error)
		petory_user_page_dispose(out);
	return error;
}

static int user_count_active_admins(int64_t *count_out, petory_store *st)
{
	int error = 0;
	*count_out = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_query_int64(count_out, NULL, conn,
			PETORY__PG_STMT_USER_COUNT_ACTIVE_ADMINS, NULL);
	});
	return error;
}

static int user_mark_email_verified(
	int *changed_out, petory_store *st, int64_t id, petory_time_ms now)
{
	petory__pg_params p;
	int error;
	if (changed_out)
		*changed_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, now);
	error = update_user(
		st, PETORY__PG_STMT_USER_MARK_EMAIL_VERIFIED, &p, id, true);
	if (error == 0 && changed_out)
		*changed_out = 1;
	else if (error == PETORY_ECONFLICT) /* verified already: a fact */
		error = 0;
	return error;
}

static int user_set_password(petory_store *st, int64_t id,
	const char *password_hash, int bump_tokens, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_text(&p, password_hash);
	petory__pg_param_int64(&p, bump_tokens ? 1 : 0);
	petory__pg_param_int64(&p, now);
	return update_user(
		st, PETORY__PG_STMT_USER_SET_PASSWORD, &p, id, false);
}

static int user_take_over(petory_store *st, int64_t id, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, now);
	return update_user(st, PETORY__PG_STMT_USER_TAKE_OVER, &p, id, true);
}

typedef struct token_put {
	petory_account_token_purpose purpose;
	const unsigned char *hash;
	int64_t user_id;
	petory_time_ms expires_at, now;
} token_put;

/* Forget the expired tokens, then store this one. */
static int token_put_body(petory__pg_conn *conn, void *payload)
{
	const token_put *put = payload;
	petory__pg_params p;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, put->now);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_ACCOUNT_TOKEN_PURGE, &p)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, put->hash, 32);
	petory__pg_param_int64(&p, (int64_t)put->purpose);
	petory__pg_param_int64(&p, put->user_id);
	petory__pg_param_int64(&p, put->expires_at);
	petory__pg_param_int64(&p, put->now);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_ACCOUNT_TOKEN_PUT, &p);
}

static int account_token_put(petory_store *st,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now)
{
	token_put put = { purpose, hash, user_id, expires_at, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, token_put_body, &put);
}

static int account_token_take(int64_t *user_id_out, petory_store *st,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t expires_at = 0;
	int error = 0;
	*user_id_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, hash, 32);
	petory__pg_param_int64(&p, (int64_t)purpose);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_ACCOUNT_TOKEN_TAKE, &p)) < 0)
			break;
		if (PQntuples(r) == 0 ||
			((error = petory__pg_get_int64(&expires_at, r, 0, 1)) ==
					0 &&
				expires_at <= now))
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no such account token, or it expired");
		else if (error == 0)
			error = petory__pg_get_int64(user_id_out, r, 0, 0);
		PQclear(r);
	});
	return error;
}

static int account_token_drop_user(
	petory_store *st, int64_t user_id, petory_account_token_purpose purpose)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, (int64_t)purpose);
	return petory__pg_run(NULL, PETORY__PG_POOL(st),
		PETORY__PG_STMT_ACCOUNT_TOKEN_DROP_USER, &p);
}

const petory_store_users petory__pg_users = {
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
	PETORY__PG_OAUTH_METHODS,
	.user_mark_email_verified = user_mark_email_verified,
	.user_set_password = user_set_password,
	.user_take_over = user_take_over,
	.account_token_put = account_token_put,
	.account_token_take = account_token_take,
	.account_token_drop_user = account_token_drop_user,
};
