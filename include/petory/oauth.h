/* oauth.h -- OAuth2 authorization-code login with state and PKCE (S256).
 *
 * begin: a random state and code verifier are stored (single use, 10
 * minutes) and the provider's authorize URL is returned.  finish: the state
 * is taken, the code is exchanged at the token endpoint over libcurl, the
 * userinfo endpoint gives a verified email, the user is found or created,
 * and a token pair is issued.
 */
#ifndef PETORY_OAUTH_H
#define PETORY_OAUTH_H

#include "common.h"
#include "types.h"
#include "auth.h"

PETORY_BEGIN_DECL

/** URL to redirect the browser to; release *url_out with petory_free().
 * ENOTFOUND "OAUTH2_PROVIDER_NOT_CONFIGURED" for an unknown or unset provider.
 */
PETORY_EXTERN int petory_oauth_begin(
	char **url_out, petory *db, const char *provider);

/** EINVALID "INVALID_OAUTH_STATE" for a missing, unknown, used or expired
 * state; EUPSTREAM when the provider fails; EINVALID
 * "OAUTH2_EMAIL_NOT_FOUND" without a verified email. */
PETORY_EXTERN int petory_oauth_finish(petory_tokens *out, petory *db,
	const char *provider, const char *code, const char *state);

PETORY_END_DECL

#endif
