/* routes_oauth.c -- OAuth2 authorization-code login (Google).
 *
 * /oauth2/authorization/{provider} redirects the browser to the provider
 * (state and PKCE are kept by the library).  The provider sends the
 * browser back to /login/oauth2/code/{provider}?code=&state=; after the
 * exchange the browser is redirected to the web front-end with the token
 * pair in the URL fragment only (fragments are never sent to a server
 * nor in a Referer), URL-encoded, with no-store and no-referrer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <petory.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

void route_oauth_begin(struct request *r)
{
	char *url = NULL;
	int rc = petory_oauth_begin(
		&url, r->srv->db, router_param(r, "provider"));

	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_redirect(r, url);
	petory_free(url);
}

/* The provider's ?error= code when it is a plain token, else NULL. */
static const char *provider_error(const char *error)
{
	size_t n = strspn(error, "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

	return n > 0 && n <= 64 && error[n] == '\0' ? error : NULL;
}

/* <base>/app/auth/callback#accessToken=…&refreshToken=…&tokenType=Bearer&
 * expiresIn=… (the web app's page reads the fragment); free() the result.
 * NULL without memory. */
static char *callback_location(const char *base, const petory_tokens *t)
{
	size_t alen = strlen(t->access_token) * 3 + 1;
	size_t rlen = strlen(t->refresh_token) * 3 + 1;
	size_t size = strlen(base) + alen + rlen + 128;
	char *access = malloc(alen), *refresh = malloc(rlen);
	char *out = malloc(size);

	if (!access || !refresh || !out ||
		url_encode(access, alen, t->access_token) < 0 ||
		url_encode(refresh, rlen, t->refresh_token) < 0) {
		free(out);
		out = NULL;
	} else {
		snprintf(out, size,
			"%s/app/auth/callback#accessToken=%s&refreshToken=%s"
			"&tokenType=Bearer&expiresIn=%lld",
			base, access, refresh, (long long)t->expires_in);
	}
	free(access);
	free(refresh);
	return out;
}

void route_oauth_callback(struct request *r)
{
	const char *error = request_query(r, "error");
	const char *code, *state;
	petory_tokens tokens = { 0 };
	char detail[128], *location;
	int rc;

	if (error) {
		const char *shown = provider_error(error);
		snprintf(detail, sizeof(detail),
			"the provider did not sign the user in%s%s%s",
			shown ? " (" : "", shown ? shown : "",
			shown ? ")" : "");
		reply_problem(r, 400, "OAUTH2_AUTHORIZATION_DENIED", detail);
		return;
	}
	code = input_query(r, "code", INPUT_REQUIRED);
	state = input_query(r, "state", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_oauth_finish(
		&tokens, r->srv->db, router_param(r, "provider"), code, state);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	r->log_user_id = tokens.user_id;
	/* relative unless an external base URL was configured */
	location = callback_location(
		r->srv->cfg->public_url ? r->srv->cfg->public_url : "",
		&tokens);
	petory_tokens_dispose(&tokens);
	if (!location)
		return; /* no reply: out of memory closes the connection */
	reply_redirect(r, location);
	reply_header(r, "Referrer-Policy", "no-referrer");
	free(location);
}
