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

/** Spend an email-verification link's token: the account's email becomes
 * verified (an ACCOUNT notification says so).  EINVALID naming "token"
 * when it is missing; EINVALID "INVALID_VERIFICATION_TOKEN" for an
 * unknown, spent or expired (24 h) one. */
PETORY_EXTERN int petory_auth_verify_email(petory *db, const char *token);

/** Mail the caller a new verification link (nothing when the email is
 * verified already); ERATELIMIT past 3 an hour; rate (may be NULL)
 * receives the limit's state. */
PETORY_EXTERN int petory_auth_verify_email_resend(
	petory *db, const petory_identity *who, petory_rate_info *rate);

/** The caller changes their password: every other login of the account
 * is revoked, the caller's stays.  current_password may be NULL only for
 * an account without a password (made by Google); EINVALID
 * "WRONG_PASSWORD" when it does not match; EINVALID naming
 * "newPassword" unless new_password has 8-128 characters.  Wrong current
 * passwords count against the login failure limit, per account
 * (ERATELIMIT past it); rate (may be NULL) receives its state. */
PETORY_EXTERN int petory_auth_password_change(petory *db,
	const petory_identity *who, const char *current_password,
	const char *new_password, petory_rate_info *rate);

/** Mail a single-use reset link (30 minutes) when an account has this
 * email; succeeds alike when none has (no enumeration).  ERATELIMIT past
 * 5 an hour per email or per client_ip (may be NULL); rate (may be NULL)
 * receives the limits' state. */
PETORY_EXTERN int petory_auth_password_reset_request(petory *db,
	const char *email, const char *client_ip, petory_rate_info *rate);

/** Set a new password through a reset link's token; every login of the
 * account is revoked.  EINVALID "INVALID_RESET_TOKEN" for an unknown,
 * spent or expired token; EINVALID naming the bad fields. */
PETORY_EXTERN int petory_auth_password_reset_confirm(
	petory *db, const char *token, const char *new_password);

PETORY_END_DECL

#endif
