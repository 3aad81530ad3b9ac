/* password_reset.c -- "forgot password": a single-use link by mail, valid
 * 30 minutes, then a new password through it.
 *
 * No enumeration: asking for an address that has no account answers the
 * same and does the same work up to the store (the limits are counted and
 * a token is made; only its storing and the mail are skipped).  Requests
 * are limited to 5 an hour per email and per client address.  Spending a
 * link revokes every login of the account and, since the link reached the
 * address, marks the email verified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/domain.h"
#include "store/calls.h"

#define RESET_TTL_MS ((petory_time_ms)30 * 60 * 1000)

static const petory__account_mail reset_mail = {
	.subject = "[Petory] 비밀번호 재설정 / Reset your password",
	.page = "reset-password",
	.before = "비밀번호 재설정을 요청하셨습니다. 아래 링크에서 새 "
		  "비밀번호를 정해 주세요. 링크는 30분 동안 한 번 사용할 수 "
		  "있습니다.\n\n"
		  "Someone asked to reset your Petory password. Choose a new "
		  "one through the link below; it works once, within 30 "
		  "minutes.",
	.after = "요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 "
		 "바뀌지 않습니다.\n"
		 "If you did not ask, ignore this mail: your password stays "
		 "as it is.\n\n- Petory",
};

static int check_email(const char *email)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	if (!email || !*email)
		petory__invalid_field(&v, "email", "is required");
	else if (petory__utf8_length(email) < 0 || strlen(email) > 320 ||
		 !petory__email_valid(email))
		petory__invalid_field(&v, "email", "is not a valid address");
	return petory__invalid_end(&v);
}

int petory_auth_password_reset_request(petory *db, const char *email,
	const char *client_ip, petory_rate_info *rate)
{
	petory_rate_info ip_info = { 0 }, email_info = { 0 };
	petory_user *user = NULL;
	unsigned char hash[32];
	char *email_norm = NULL, *token = NULL;
	char key[400];
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (rate)
		memset(rate, 0, sizeof(*rate));
	if ((error = check_email(email)) < 0)
		return error;
	if (!(email_norm = petory__utf8_fold(email)))
		return petory__error_oom();
	if (client_ip && *client_ip) {
		snprintf(key, sizeof(key), "reset:ip:%.100s", client_ip);
		error = petory__rate_consume(
			&ip_info, db, key, &db->cfg.password_reset_ip, 1);
	}
	if (error == 0) {
		snprintf(key, sizeof(key), "reset:email:%.330s", email_norm);
		error = petory__rate_consume(
			&email_info, db, key, &db->cfg.password_reset_email, 1);
	}
	if (rate) {
		*rate = ip_info;
		petory__rate_merge(rate, &email_info);
	}
	if (error < 0)
		goto done;
	error = petory__store_user_get_by_email(&user, NULL, db, email_norm);
	if (error < 0 && error != PETORY_ENOTFOUND)
		goto done;
	/* The same work for a known and an unknown address up to here. */
	petory__account_token_new(&token, hash);
	if (!token) {
		error = petory__error_oom();
		goto done;
	}
	error = 0;
	if (user) {
		petory_time_ms now = petory_now(db);
		error = petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, hash, user->id,
			now + RESET_TTL_MS, now);
		if (error == 0)
			error = petory__account_mail_queue(
				db, user->email, &reset_mail, token);
		if (error == 0)
			petory__log(PETORY_LOG_INFO,
				"user %lld: password reset link mailed",
				(long long)user->id);
	}
done:
	sodium_memzero(hash, sizeof(hash));
	petory__secret_free(token);
	petory_user_free(user);
	free(email_norm);
	return error;
}

int petory_auth_password_reset_confirm(
	petory *db, const char *token, const char *new_password)
{
	petory__invalid v;
	int64_t user_id = 0;
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	petory__invalid_begin(&v);
	if (!token || !*token)
		petory__invalid_field(&v, "token", "is required");
	petory__check_new_password(&v, "newPassword", new_password);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	error = petory__account_token_take(
		&user_id, db, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, token);
	if (error == 0)
		error = petory__password_replace(db, user_id, new_password,
			NULL,
			"비밀번호가 재설정되었습니다. 모든 로그인이 "
			"종료되었습니다. Your password was reset; every login "
			"was ended.");
	if (error == PETORY_ENOTFOUND) /* token, or account removed since */
		return petory_error_set(PETORY_EINVALID, "INVALID_RESET_TOKEN",
			"the reset link is unknown, used or expired");
	if (error == 0)
		petory__store_user_mark_email_verified(
			NULL, db, user_id, petory_now(db));
	return error;
}
