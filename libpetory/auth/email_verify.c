/* email_verify.c -- proving an account's email address: the link mailed
 * at signup (and again on request, 3 times an hour), and spending it.
 *
 * A link is valid 24 hours and works once; a new one does not void the
 * older ones still valid.  Verifying drops the account's other links and
 * sends the owner an ACCOUNT notification.  An address Google vouched for
 * is verified without a link (auth/oauth2.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define VERIFY_TTL_MS ((petory_time_ms)24 * 3600 * 1000)

static const petory__account_mail verify_mail = {
	.subject = "[Petory] 이메일 주소 확인 / Confirm your email address",
	.page = "verify-email",
	.before = "Petory 가입을 환영합니다! 아래 링크를 열어 이메일 주소를 "
		  "확인해 주세요. 링크는 24시간 동안 한 번 사용할 수 "
		  "있습니다.\n\n"
		  "Welcome to Petory! Open the link below to confirm your "
		  "email address. It works once, within 24 hours.",
	.after = "가입하지 않으셨다면 이 메일을 무시하세요.\n"
		 "If you did not sign up, ignore this mail.\n\n- Petory",
};

int petory__email_verification_send(petory *db, const petory_user *user)
{
	char *token = NULL;
	int error = petory__account_token_issue(&token, db,
		PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, user->id, VERIFY_TTL_MS);
	if (error == 0)
		error = petory__account_mail_queue(
			db, user->email, &verify_mail, token);
	petory__secret_free(token);
	return error;
}

int petory_auth_verify_email(petory *db, const char *token)
{
	petory__invalid v;
	int64_t user_id = 0;
	int changed = 0, error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	petory__invalid_begin(&v);
	if (!token || !*token)
		petory__invalid_field(&v, "token", "is required");
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	error = petory__account_token_take(
		&user_id, db, PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, token);
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_EINVALID,
			"INVALID_VERIFICATION_TOKEN",
			"the verification link is unknown, used or expired");
	if (error < 0)
		return error;
	error = petory__store_user_mark_email_verified(
		&changed, db, user_id, petory_now(db));
	if (error == PETORY_ENOTFOUND) /* removed since the mail */
		return petory_error_set(PETORY_EINVALID,
			"INVALID_VERIFICATION_TOKEN",
			"the verification link is unknown, used or expired");
	if (error < 0)
		return error;
	petory__store_account_token_drop_user(
		db, user_id, PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL);
	if (changed) {
		petory__log(PETORY_LOG_INFO, "user %lld verified their email",
			(long long)user_id);
		petory__account_notify(db, user_id,
			"이메일 주소가 확인되었습니다. Your email address is "
			"verified.");
	}
	return 0;
}

int petory_auth_verify_email_resend(
	petory *db, const petory_identity *who, petory_rate_info *rate)
{
	petory_rate_info info = { 0 };
	petory_user *user = NULL;
	char key[64];
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (rate)
		memset(rate, 0, sizeof(*rate));
	if (!who || who->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	snprintf(key, sizeof(key), "verify-email:user:%lld",
		(long long)who->user_id);
	error = petory__rate_consume(&info, db, key, &db->cfg.verify_resend, 1);
	if (rate)
		*rate = info;
	if (error < 0)
		return error;
	if ((error = petory__user_load(&user, NULL, db, who->user_id)) < 0)
		return error;
	if (!user->email_verified)
		error = petory__email_verification_send(db, user);
	petory_user_free(user);
	return error;
}
