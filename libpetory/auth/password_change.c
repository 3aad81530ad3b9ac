/* password_change.c -- replacing an account's password: by its owner
 * (POST /auth/password), by the reset link (auth/password_reset.c) and by
 * the operator (petoryctl user set-password).
 *
 * Every replacement goes through petory__password_replace: the new hash
 * is stored, logins are revoked (all of them, or all but the caller's
 * own), outstanding reset links die, and the owner gets an ACCOUNT
 * notification.  The owner must give the current password unless the
 * account has none (one made by Google sets its first password so); wrong
 * current passwords are limited per account as failed logins are (the
 * login failure rule, default 10 per 15 minutes), so a stolen access
 * token cannot be used to guess the password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

int petory__password_replace(petory *db, int64_t user_id,
	const char *new_password, const char *keep_session_id,
	const char *notice)
{
	petory_time_ms now = petory_now(db);
	char *hash = NULL;
	int error;

	if ((error = petory__password_hash(&hash, db, new_password)) < 0)
		return error;
	error = petory__user_not_found(petory__store_user_set_password(
		db, user_id, hash, keep_session_id ? 0 : 1, now));
	petory__secret_free(hash);
	if (error < 0)
		return error;
	if (keep_session_id) {
		if (db->sessions->version < 2)
			return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
				"the session store cannot keep one login");
		error = db->sessions->session_revoke_user_except(
			db->sessions, user_id, keep_session_id, now);
	} else {
		error = db->sessions->session_revoke_user(
			db->sessions, user_id, now);
	}
	if (error < 0)
		return error;
	petory__store_account_token_drop_user(
		db, user_id, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD);
	petory__log(PETORY_LOG_INFO, "user %lld: password replaced",
		(long long)user_id);
	petory__account_notify(db, user_id, notice);
	return 0;
}

static int wrong_password(void)
{
	return petory_error_set(PETORY_EINVALID, "WRONG_PASSWORD",
		"the current password is wrong");
}

int petory_auth_password_change(petory *db, const petory_identity *who,
	const char *current_password, const char *new_password,
	petory_rate_info *rate)
{
	petory_rate_info info = { 0 };
	petory_user *user = NULL;
	petory_user_secret secret = { 0 };
	petory__invalid v;
	char key[64];
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (rate)
		memset(rate, 0, sizeof(*rate));
	if (!who || who->user_id <= 0 || !who->session_id[0])
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	snprintf(key, sizeof(key), "password:user:%lld",
		(long long)who->user_id);
	petory__invalid_begin(&v);
	petory__check_new_password(&v, "newPassword", new_password);
	if (current_password && strlen(current_password) > 4096)
		petory__invalid_field(&v, "currentPassword", "is too long");
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((error = petory__rate_peek(
		     &info, db, key, &db->cfg.login_email_failures)) < 0 ||
		(error = petory__user_load(&user, &secret, db, who->user_id)) <
			0)
		goto done;
	if (secret.password_hash &&
		(!current_password ||
			petory__password_verify(
				secret.password_hash, current_password) < 0)) {
		petory__rate_consume(
			&info, db, key, &db->cfg.login_email_failures, 1);
		info.retry_after_s = 0;
		error = wrong_password();
	}
	if (error == 0)
		error = petory__password_replace(db, who->user_id, new_password,
			who->session_id,
			"비밀번호가 변경되었습니다. 다른 기기의 로그인은 "
			"종료되었습니다. Your password was changed; your other "
			"logins were ended.");
done:
	if (rate)
		*rate = info;
	petory__user_secret_dispose(&secret);
	petory_user_free(user);
	return error;
}

int petory_user_set_password(petory *db, const petory_identity *actor,
	const char *email, const char *new_password)
{
	petory_user *user = NULL;
	petory__invalid v;
	char *email_norm = NULL;
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (!email || !*email)
		petory__invalid_field(&v, "email", "is required");
	else if (petory__utf8_length(email) < 0 || strlen(email) > 1024)
		petory__invalid_field(&v, "email", "is not a valid address");
	petory__check_new_password(&v, "password", new_password);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if (!(email_norm = petory__utf8_fold(email)))
		return petory__error_oom();
	error = petory__user_not_found(
		petory__store_user_get_by_email(&user, NULL, db, email_norm));
	if (error == 0)
		error = petory__password_replace(db, user->id, new_password,
			NULL,
			"운영자가 비밀번호를 재설정했습니다. 모든 로그인이 "
			"종료되었습니다. An operator set a new password; every "
			"login was ended.");
	petory_user_free(user);
	free(email_norm);
	return error;
}
