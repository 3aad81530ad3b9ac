/* auth.h -- signup, password login, token reissue, logout and token checks.
 *
 * Access tokens are HS256 JWTs (sub, sid, jti, ver, iat, exp).  Every check
 * reads the user's status, roles and token version and the login session
 * from storage, so logout, suspension, deletion and role changes take
 * effect on the very next call.  Refresh tokens are opaque, stored hashed,
 * and rotate: presenting a spent one revokes the whole login session.
 */
#ifndef PETORY_AUTH_H
#define PETORY_AUTH_H

#include "common.h"
#include "types.h"
#include "user.h"

PETORY_BEGIN_DECL

/** A token pair; release with petory_tokens_dispose(). */
typedef struct petory_tokens {
	char *access_token;
	char *refresh_token;
	int64_t expires_in; /**< access token lifetime, seconds */
	int64_t user_id;
} petory_tokens;

PETORY_EXTERN void petory_tokens_dispose(petory_tokens *tokens);

/** Register an account with role USER.  client_ip (may be NULL) feeds the
 * per-IP signup limit; rate (may be NULL) receives the limit's state. */
PETORY_EXTERN int petory_auth_signup(petory_user **out, petory *db,
	const petory_new_user *in, const char *client_ip,
	petory_rate_info *rate);

/** Password login.  EAUTH "BAD_CREDENTIALS" for an unknown email and a wrong
 * password alike; EPERM "LOGIN_UNAVAILABLE" when suspended; ERATELIMIT
 * when the email or the IP is over its limit.  A DEACTIVATED or DELETED
 * account within 90 days of the change becomes ACTIVE again. */
PETORY_EXTERN int petory_auth_login(petory_tokens *out, petory *db,
	const char *email, const char *password, const char *client_ip,
	petory_rate_info *rate);

/** Spend refresh_token and return a new pair.  EAUTH "INVALID_TOKEN" for an
 * unknown or expired token; EAUTH "REFRESH_TOKEN_REUSED" for a spent one
 * (the session is revoked). */
PETORY_EXTERN int petory_auth_reissue(
	petory_tokens *out, petory *db, const char *refresh_token);

/** Revoke the caller's login session: its access and refresh tokens. */
PETORY_EXTERN int petory_auth_logout(petory *db, const petory_identity *who);

/** Check an access token (signature, algorithm, expiry, session, account
 * state) and describe its holder.  EAUTH with reasons INVALID_TOKEN,
 * EXPIRED_TOKEN, REVOKED_TOKEN. */
PETORY_EXTERN int petory_auth_verify(
	petory_identity *out, petory *db, const char *access_token);

/** Issue tokens for an already authenticated user (used by OAuth2 login):
 * applies the same status rules as password login. */
PETORY_EXTERN int petory_auth_issue_for_user(
	petory_tokens *out, petory *db, int64_t user_id);

PETORY_END_DECL

#endif
