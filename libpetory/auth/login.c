/* login.c -- signup, password login and the status rules every login
 * follows (suspended accounts refused; deactivated or deleted accounts
 * within 90 days of the change reactivated).
 *
 * Signup mails a verification link (auth/email_verify.c).
 *
 * Rate limits: signup counts every attempt per IP; login counts every
 * attempt per IP and only failures per (email, IP) and, more loosely, per
 * email; an email over either failure limit is refused before its
 * password is even checked.  Counting per (email, IP) keeps a stranger
 * from locking the owner out: their failures fill their own address's
 * window, while the per-email cap still bounds what many addresses
 * together may try.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define REACTIVATION_WINDOW_MS (90LL * 24 * 3600 * 1000)

/* Validate a new account's fields; on success *email_norm is malloc'd. */
static int check_new_user(const petory_new_user *in, char **email_norm)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	*email_norm = NULL;
	if (!in->email || !*in->email)
		petory__invalid_field(&v, "email", "is required");
	else if (petory__utf8_length(in->email) < 0)
		petory__invalid_field(&v, "email", "is not valid UTF-8");
	else if (!petory__email_valid(in->email))
		petory__invalid_field(&v, "email", "is not a valid address");
	petory__check_new_password(&v, "password", in->password);
	petory__check_text(&v, "nickname", in->nickname, 1, 30);
	if (petory__invalid_end(&v) < 0)
		return PETORY_EINVALID;
	if (!(*email_norm = petory__utf8_fold(in->email)))
		return petory__error_oom();
	return 0;
}

static int email_taken(void)
{
	return petory_error_set(PETORY_EEXISTS, "DUPLICATE_EMAIL",
		"an account with this email already exists");
}

int petory__user_register(petory_user **out, petory *db,
	const petory_new_user *in, unsigned roles)
{
	char *email_norm = NULL, *hash = NULL;
	petory_user *u = NULL;
	petory_user *existing = NULL;
	int error;

	*out = NULL;
	if ((error = check_new_user(in, &email_norm)) < 0)
		return error;
	/* A cheap early answer; the UNIQUE index is the real guard. */
	error = petory__store_user_get_by_email(
		&existing, NULL, db, email_norm);
	petory_user_free(existing);
	if (error == 0) {
		error = email_taken();
		goto done;
	}
	if (error != PETORY_ENOTFOUND)
		goto done;
	if ((error = petory__password_hash(&hash, db, in->password)) < 0)
		goto done;
	if (!(u = calloc(1, sizeof(*u))) || !(u->email = strdup(in->email)) ||
		!(u->nickname = strdup(in->nickname)) ||
		!(u->timezone = strdup(db->cfg.default_timezone))) {
		error = petory__error_oom();
		goto done;
	}
	u->roles = roles;
	u->status = PETORY_USER_ACTIVE;
	u->created_at = u->updated_at = u->status_changed_at = petory_now(db);
	error = petory__store_user_insert(db, u, email_norm, hash);
	if (error == PETORY_EEXISTS) /* taken since the early answer */
		error = email_taken();
	if (error < 0)
		goto done;
	*out = u;
	u = NULL;
done:
	petory_user_free(u);
	if (hash) {
		sodium_memzero(hash, strlen(hash));
		free(hash);
	}
	free(email_norm);
	return error;
}

int petory_auth_signup(petory_user **out, petory *db, const petory_new_user *in,
	const char *client_ip, petory_rate_info *rate)
{
	petory_rate_info info = { 0 };
	char key[128];
	int error = 0;

	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (client_ip && *client_ip) {
		snprintf(key, sizeof(key), "signup:ip:%s", client_ip);
		error = petory__rate_consume(
			&info, db, key, &db->cfg.signup_ip, 1);
	}
	if (rate)
		*rate = info;
	if (error < 0)
		return error;
	if ((error = petory__user_register(out, db, in, PETORY_ROLE_USER)) < 0)
		return error;
	/* The account exists: a mail that cannot be queued now is sent
	 * again on request (POST /auth/verify-email/resend). */
	if (petory__email_verification_send(db, *out) < 0)
		petory__log(PETORY_LOG_WARN,
			"user %lld: the verification mail was not queued: %s",
			(long long)(*out)->id, petory_error_last()->message);
	return 0;
}

int petory__login_allowed(
	int *reactivate_out, const petory_user *user, petory_time_ms now)
{
	*reactivate_out = 0;
	switch (user->status) {
	case PETORY_USER_ACTIVE:
		break;
	case PETORY_USER_SUSPENDED:
		return petory_error_set(PETORY_EPERM, "LOGIN_UNAVAILABLE",
			"this account is suspended");
	case PETORY_USER_DEACTIVATED:
	case PETORY_USER_DELETED:
		if (now - user->status_changed_at > REACTIVATION_WINDOW_MS)
			return petory_error_set(PETORY_EPERM,
				"LOGIN_UNAVAILABLE",
				"this account was closed more than 90 days "
				"ago");
		*reactivate_out = 1;
		break;
	}
	return 0;
}

int petory__login_user(petory_tokens *out, petory *db, petory_user *user,
	const petory_user_secret *secret)
{
	petory_time_ms now = petory_now(db);
	int reactivate = 0;
	int error;

	if ((error = petory__login_allowed(&reactivate, user, now)) < 0)
		return error;
	if ((error = petory__user_not_found(petory__store_user_record_login(
		     db, user->id, reactivate, now))) < 0)
		return error;
	if (reactivate) {
		petory__log(PETORY_LOG_INFO, "user %lld reactivated by login",
			(long long)user->id);
		user->status = PETORY_USER_ACTIVE;
	}
	return petory__tokens_issue(out, db, user->id, secret->token_version);
}

static int check_login_input(const char *email, const char *password)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	if (!email || !*email)
		petory__invalid_field(&v, "email", "is required");
	else if (petory__utf8_length(email) < 0 || strlen(email) > 1024)
		petory__invalid_field(&v, "email", "is not a valid address");
	if (!password || !*password)
		petory__invalid_field(&v, "password", "is required");
	else if (strlen(password) > 4096)
		petory__invalid_field(&v, "password", "is too long");
	return petory__invalid_end(&v);
}

int petory_auth_login(petory_tokens *out, petory *db, const char *email,
	const char *password, const char *client_ip, petory_rate_info *rate)
{
	petory_rate_info ip_info = { 0 }, pair_info = { 0 }, email_info = { 0 };
	petory_user *user = NULL;
	petory_user_secret secret = { 0 };
	char *email_norm = NULL;
	char ip_key[128], pair_key[420], email_key[300];
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (rate)
		memset(rate, 0, sizeof(*rate));
	if ((error = check_login_input(email, password)) < 0)
		return error;
	if (!(email_norm = petory__utf8_fold(email)))
		return petory__error_oom();
	if (client_ip && *client_ip) {
		snprintf(ip_key, sizeof(ip_key), "login:ip:%s", client_ip);
		if ((error = petory__rate_consume(
			     &ip_info, db, ip_key, &db->cfg.login_ip, 1)) < 0)
			goto done;
	}
	snprintf(pair_key, sizeof(pair_key), "login:email-ip:%.280s|%.100s",
		email_norm, client_ip ? client_ip : "");
	snprintf(
		email_key, sizeof(email_key), "login:email:%.280s", email_norm);
	if ((error = petory__rate_peek(&pair_info, db, pair_key,
		     &db->cfg.login_email_failures)) < 0 ||
		(error = petory__rate_peek(&email_info, db, email_key,
			 &db->cfg.login_email_any_failures)) < 0)
		goto done;

	error = petory__store_user_get_by_email(&user, &secret, db, email_norm);
	if (error == PETORY_ENOTFOUND) {
		petory__password_dummy_verify(db, password);
		error = petory_error_set(PETORY_EAUTH, "BAD_CREDENTIALS",
			"wrong email or password");
	} else if (error == 0) {
		error = petory__password_verify(secret.password_hash, password);
	}
	if (error == PETORY_EAUTH) {
		/* Count the failure; keep the BAD_CREDENTIALS answer. */
		char reason[64], message[128];
		snprintf(reason, sizeof(reason), "%s",
			petory_error_last()->reason);
		snprintf(message, sizeof(message), "%s",
			petory_error_last()->message);
		petory__rate_consume(&pair_info, db, pair_key,
			&db->cfg.login_email_failures, 1);
		petory__rate_consume(&email_info, db, email_key,
			&db->cfg.login_email_any_failures, 1);
		pair_info.retry_after_s = 0;
		email_info.retry_after_s = 0;
		error = petory_error_set(PETORY_EAUTH, reason, "%s", message);
		goto done;
	}
	if (error == 0)
		error = petory__login_user(out, db, user, &secret);
done:
	if (rate) {
		*rate = ip_info;
		petory__rate_merge(rate, &pair_info);
		petory__rate_merge(rate, &email_info);
	}
	petory__user_secret_dispose(&secret);
	petory_user_free(user);
	free(email_norm);
	return error;
}

int petory_auth_issue_for_user(petory_tokens *out, petory *db, int64_t user_id)
{
	petory_user *user = NULL;
	petory_user_secret secret = { 0 };
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = petory__user_load(&user, &secret, db, user_id)) == 0)
		error = petory__login_user(out, db, user, &secret);
	petory__user_secret_dispose(&secret);
	petory_user_free(user);
	return error;
}
