/* oauth.h -- OAuth2 authorization-code login with state and PKCE (S256),
 * bound to the browser that began it, finished by a one-time login code.
 *
 * begin: a random state and code verifier are stored (single use, 10
 * minutes) with the hash of a random browser nonce, which the caller puts
 * in an HttpOnly cookie; the provider's authorize URL is returned.
 * finish: the state is taken only with the nonce of the browser that
 * began it (login CSRF: a state started elsewhere is refused), the code
 * is exchanged at the token endpoint over libcurl, the userinfo endpoint
 * gives a verified email, the user is found or created, and a single-use
 * login code (valid 60 s, stored as a hash) is returned instead of
 * tokens, so that no token ever travels in a URL.  redeem: the login code
 * gives the token pair, once.
 */
#ifndef PETORY_OAUTH_H
#define PETORY_OAUTH_H

#include "common.h"
#include "types.h"
#include "auth.h"

PETORY_BEGIN_DECL

/** How long a login attempt (state and browser nonce) lives: the cookie's
 * Max-Age. */
#define PETORY_OAUTH_ATTEMPT_TTL_S 600
/** How long a login code lives. */
#define PETORY_OAUTH_LOGIN_CODE_TTL_S 60

/** Begin a login: *url_out is the provider's authorize URL to redirect the
 * browser to, *browser_nonce_out the nonce for the browser's cookie (43
 * URL-safe characters); release both with petory_free().  client_ip (NULL
 * or "": not limited) counts against the per-IP limit of
 * petory_options.oauth_begin_ip; rate (may be NULL) describes it.
 * ENOTFOUND "OAUTH2_PROVIDER_NOT_CONFIGURED" for an unknown or unset
 * provider; ERATELIMIT when the IP is over its limit (nothing stored). */
PETORY_EXTERN int petory_oauth_begin(char **url_out, char **browser_nonce_out,
	petory *db, const char *provider, const char *client_ip,
	petory_rate_info *rate);

/** Finish a login at the provider's redirect: code and state from its
 * query, browser_nonce from the browser's cookie (NULL when it sent
 * none).  *login_code_out (petory_free) is a single-use code for
 * petory_oauth_redeem, valid PETORY_OAUTH_LOGIN_CODE_TTL_S seconds;
 * *user_id_out (may be NULL) the account.  EINVALID
 * "OAUTH2_STATE_MISMATCH", with nothing changed, for a missing, unknown,
 * used or expired state or one begun by another browser; EUPSTREAM when
 * the provider fails; EINVALID "OAUTH2_EMAIL_NOT_FOUND" without a verified
 * email; EPERM "LOGIN_UNAVAILABLE" as a password login. */
PETORY_EXTERN int petory_oauth_finish(char **login_code_out,
	int64_t *user_id_out, petory *db, const char *provider,
	const char *code, const char *state, const char *browser_nonce);

/** Spend a login code: the token pair, as petory_auth_login gives it.
 * EINVALID "INVALID_LOGIN_CODE" for an unknown, used or expired code;
 * EPERM "LOGIN_UNAVAILABLE" when the account cannot log in any more. */
PETORY_EXTERN int petory_oauth_redeem(
	petory_tokens *out, petory *db, const char *login_code);

PETORY_END_DECL

#endif
