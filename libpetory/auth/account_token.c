/* account_token.c -- single-use account tokens (the email-verification
 * and password-reset links) and the mails that carry them.
 *
 * A token is 32 random bytes in base64url (43 characters); only its
 * SHA-256 is stored, so the database never holds a usable link.  Taking a
 * token deletes it: it works once, and an unknown, spent, expired or
 * malformed token is the same ENOTFOUND, which the caller words.  The
 * link carries the token in its fragment (public URL + /app/<page>#token=
 * …), which browsers send to no server and put in no Referer.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define TOKEN_BYTES 32
#define TOKEN_TEXT_MAX 256 /* longer is no token of ours */

void petory__account_token_new(char **token_out, unsigned char hash[32])
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof(raw));
	*token_out = petory__b64url_encode(raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	if (*token_out)
		crypto_hash_sha256(hash, (const unsigned char *)*token_out,
			strlen(*token_out));
}

int petory__account_token_issue(char **token_out, petory *db,
	petory_account_token_purpose purpose, int64_t user_id,
	petory_time_ms ttl_ms)
{
	unsigned char hash[32];
	petory_time_ms now = petory_now(db);
	int error;

	petory__account_token_new(token_out, hash);
	if (!*token_out)
		return petory__error_oom();
	if ((error = petory__store_account_token_put(
		     db, purpose, hash, user_id, now + ttl_ms, now)) < 0) {
		sodium_memzero(*token_out, strlen(*token_out));
		free(*token_out);
		*token_out = NULL;
	}
	return error;
}

int petory__account_token_take(int64_t *user_id_out, petory *db,
	petory_account_token_purpose purpose, const char *token)
{
	unsigned char hash[32];
	*user_id_out = 0;
	if (!token || strlen(token) > TOKEN_TEXT_MAX)
		return petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such account token");
	crypto_hash_sha256(hash, (const unsigned char *)token, strlen(token));
	return petory__store_account_token_take(
		user_id_out, db, purpose, hash, petory_now(db));
}

int petory__account_mail_queue(petory *db, const char *to,
	const petory__account_mail *mail, const char *token)
{
	size_t n = strlen(db->cfg.public_url) + strlen(mail->page) +
		   strlen(token) + 32;
	char *link = malloc(n), *body = NULL, *payload = NULL;
	json_t *j = NULL;
	int error = 0;

	if (link) {
		snprintf(link, n, "%s/app/%s#token=%s", db->cfg.public_url,
			mail->page, token);
		n = strlen(mail->before) + strlen(link) + strlen(mail->after) +
		    8;
		if ((body = malloc(n)))
			snprintf(body, n, "%s\n\n%s\n\n%s", mail->before, link,
				mail->after);
	}
	if (!body ||
		!(j = json_pack("{s:s, s:s, s:s}", "to", to, "subject",
			  mail->subject, "body", body)) ||
		!(payload = json_dumps(j, JSON_COMPACT)))
		error = petory__error_oom();
	else
		error = petory__store_outbox_insert(
			db, PETORY_OUTBOX_MAIL, payload, petory_now(db));
	json_decref(j);
	if (payload)
		sodium_memzero(payload, strlen(payload));
	free(payload);
	if (body)
		sodium_memzero(body, strlen(body));
	free(body);
	if (link)
		sodium_memzero(link, strlen(link));
	free(link);
	return error;
}

int petory__account_notify(petory *db, int64_t user_id, const char *content)
{
	int error = petory_notification_create(
		db, user_id, PETORY_NOTIFICATION_ACCOUNT, content, NULL);
	if (error < 0)
		petory__log(PETORY_LOG_WARN,
			"user %lld: the ACCOUNT notification failed: %s",
			(long long)user_id, petory_error_last()->message);
	return error;
}

void petory__secret_free(char *secret)
{
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
}
