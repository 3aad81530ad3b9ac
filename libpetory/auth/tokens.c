/* tokens.c -- login sessions and their tokens: issue, rotate, verify,
 * revoke.
 *
 * A login creates a session (the refresh-token family) whose lifetime is
 * the refresh TTL.  The access token names its session (sid) and the
 * user's token version (ver); verification checks both against storage on
 * every call, so revocation needs no deny-list and takes effect at once.
 * Refresh tokens are 32 random bytes; only their SHA-256 is stored.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define REFRESH_BYTES 32

static int new_refresh(char **token_out, unsigned char hash[32])
{
	unsigned char raw[REFRESH_BYTES];
	randombytes_buf(raw, sizeof(raw));
	*token_out = petory__b64url_encode(raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	if (!*token_out)
		return petory__error_oom();
	crypto_hash_sha256(
		hash, (const unsigned char *)*token_out, strlen(*token_out));
	return 0;
}

static int sign_access(petory_tokens *out, petory *db, int64_t user_id,
	int64_t token_version, const char *session_id)
{
	petory__claims c;
	petory__signing_key key;
	int64_t now_s = petory_now(db) / 1000;
	int error;
	memset(&c, 0, sizeof(c));
	c.sub = user_id;
	c.ver = token_version;
	c.iat = now_s;
	c.exp = now_s + db->cfg.access_ttl_s;
	snprintf(c.sid, sizeof(c.sid), "%s", session_id);
	petory__random_hex(c.jti, 16);
	out->expires_in = db->cfg.access_ttl_s;
	out->user_id = user_id;
	if ((error = petory__keyring_signing(&key, db)) < 0)
		return error;
	error = petory__jwt_sign(
		&out->access_token, key.key, key.len, key.kid, &c);
	sodium_memzero(&key, sizeof(key));
	return error;
}

int petory__tokens_issue(
	petory_tokens *out, petory *db, int64_t user_id, int64_t token_version)
{
	char session_id[33];
	unsigned char hash[32];
	petory_time_ms now = petory_now(db);
	int error;

	memset(out, 0, sizeof(*out));
	petory__random_hex(session_id, 16);
	if ((error = new_refresh(&out->refresh_token, hash)) < 0 ||
		(error = db->sessions->session_create(db->sessions, session_id,
			 user_id, hash, now,
			 now + db->cfg.refresh_ttl_s * 1000)) < 0 ||
		(error = sign_access(
			 out, db, user_id, token_version, session_id)) < 0)
		petory_tokens_dispose(out);
	return error;
}

static int refresh_failed(const char *reason, const char *message)
{
	return petory_error_set(PETORY_EAUTH, reason, "%s", message);
}

int petory_auth_reissue(
	petory_tokens *out, petory *db, const char *refresh_token)
{
	unsigned char old_hash[32], new_hash[32];
	petory_refresh_result r;
	petory_user_auth_state state;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (!refresh_token || !*refresh_token) {
		petory__invalid v;
		petory__invalid_begin(&v);
		petory__invalid_field(&v, "refreshToken", "is required");
		return petory__invalid_end(&v);
	}
	if (strlen(refresh_token) > 256)
		return refresh_failed("INVALID_TOKEN", "invalid refresh token");
	crypto_hash_sha256(old_hash, (const unsigned char *)refresh_token,
		strlen(refresh_token));
	if ((error = new_refresh(&out->refresh_token, new_hash)) < 0)
		return error;
	error = db->sessions->refresh_rotate(
		&r, db->sessions, old_hash, new_hash, petory_now(db));
	if (error == 0) {
		switch (r.outcome) {
		case PETORY_REFRESH_ROTATED:
			break;
		case PETORY_REFRESH_REUSED:
			petory__log(PETORY_LOG_WARN,
				"refresh token reused for user %lld; "
				"session revoked",
				(long long)r.user_id);
			error = refresh_failed("REFRESH_TOKEN_REUSED",
				"this refresh token was already used; the "
				"login has been revoked");
			break;
		case PETORY_REFRESH_EXPIRED:
			error = refresh_failed("EXPIRED_TOKEN",
				"the refresh token has expired");
			break;
		default:
			error = refresh_failed(
				"INVALID_TOKEN", "invalid refresh token");
		}
	}
	if (error == 0 &&
		(error = petory__store_user_auth_state(
			 &state, db, r.user_id)) == 0 &&
		state.status != PETORY_USER_ACTIVE) {
		db->sessions->session_revoke(
			db->sessions, r.session_id, petory_now(db));
		error = refresh_failed(
			"INVALID_TOKEN", "invalid refresh token");
	} else if (error == PETORY_ENOTFOUND) {
		error = refresh_failed(
			"INVALID_TOKEN", "invalid refresh token");
	}
	if (error == 0)
		error = sign_access(
			out, db, r.user_id, state.token_version, r.session_id);
	if (error)
		petory_tokens_dispose(out);
	return error;
}

int petory_auth_verify(
	petory_identity *out, petory *db, const char *access_token)
{
	petory__claims c;
	petory__signing_key key;
	petory_user_auth_state state;
	petory_time_ms now;
	char kid[PETORY__KID_MAX];
	int active = 0, error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	now = petory_now(db);
	/* The token's kid names its key; without kid, the original key. */
	if ((error = petory__jwt_kid(kid, access_token)) < 0 ||
		(error = petory__keyring_lookup(
			 &key, db, error == 1 ? kid : NULL)) < 0)
		return error;
	error = petory__jwt_verify(
		&c, key.key, key.len, access_token, now / 1000);
	sodium_memzero(&key, sizeof(key));
	if (error < 0)
		return error;
	if ((error = db->sessions->session_active(
		     &active, db->sessions, c.sid, now)) < 0)
		return error;
	error = petory__store_user_auth_state(&state, db, c.sub);
	if (error < 0 && error != PETORY_ENOTFOUND)
		return error;
	if (!active || error == PETORY_ENOTFOUND ||
		state.status != PETORY_USER_ACTIVE ||
		state.token_version != c.ver)
		return petory_error_set(PETORY_EAUTH, "REVOKED_TOKEN",
			"the access token has been revoked");
	out->user_id = c.sub;
	out->roles = state.roles;
	out->expires_at = c.exp * 1000;
	snprintf(out->session_id, sizeof(out->session_id), "%s", c.sid);
	snprintf(out->token_id, sizeof(out->token_id), "%s", c.jti);
	return 0;
}

int petory_auth_logout(petory *db, const petory_identity *who)
{
	if (!db || !who || !who->session_id[0])
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return db->sessions->session_revoke(
		db->sessions, who->session_id, petory_now(db));
}
