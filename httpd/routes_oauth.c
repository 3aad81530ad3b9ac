/* routes_oauth.c -- OAuth2 authorization-code login (Google).
 *
 * /oauth2/authorization/{provider} redirects the browser to the provider
 * (state and PKCE are kept by the library, limited per client IP) and
 * sets the cookie that binds the state to this browser: its nonce, for
 * the callback only (Path), HttpOnly, SameSite=Lax (a top-level redirect
 * from the provider still carries it), 10 minutes, and Secure when the
 * server's public URL (--public-url) is https:// (petory-httpd speaks
 * plain HTTP itself; HTTPS is a proxy's in front of it).  The provider
 * sends the browser back to /login/oauth2/code/{provider}?code=&state=;
 * the state is taken only with that cookie's nonce, the cookie is
 * cleared whatever happens, and after the exchange the browser is
 * redirected to the web app with a one-time login code in the fragment
 * (`/app/auth/callback#code=…`): no token in any URL or header.  The app
 * spends the code at POST /auth/oauth2/token for the token pair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <petory.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

#define BINDING_COOKIE "petory_oauth"
#define CALLBACK_DIR "/login/oauth2/"

/* The path of the public URL ("" at the root, never ending in '/'). */
static const char *public_path(const char *public_url)
{
	const char *p = public_url ? strstr(public_url, "://") : NULL;
	return p && (p = strchr(p + 3, '/')) ? p : "";
}

static int behind_https(const struct request *r)
{
	const char *url = r->srv->cfg->public_url;
	return url && strncmp(url, "https://", 8) == 0;
}

/* Set (nonce) or clear (NULL) the binding cookie. */
static void binding_cookie(struct request *r, const char *nonce)
{
	char cookie[512];
	snprintf(cookie, sizeof(cookie),
		BINDING_COOKIE "=%s; Path=%s" CALLBACK_DIR
			       "; Max-Age=%d; HttpOnly; SameSite=Lax%s",
		nonce ? nonce : "", public_path(r->srv->cfg->public_url),
		nonce ? PETORY_OAUTH_ATTEMPT_TTL_S : 0,
		behind_https(r) ? "; Secure" : "");
	reply_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
}

void route_oauth_begin(struct request *r)
{
	char *url = NULL, *nonce = NULL;
	int rc = petory_oauth_begin(&url, &nonce, r->srv->db,
		router_param(r, "provider"), r->client_ip, &r->rate);

	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_redirect(r, url);
	binding_cookie(r, nonce);
	reply_header(r, "Referrer-Policy", "no-referrer");
	petory_free(url);
	petory_free(nonce);
}

/* The provider's ?error= code when it is a plain token, else NULL. */
static const char *provider_error(const char *error)
{
	size_t n = strspn(error, "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

	return n > 0 && n <= 64 && error[n] == '\0' ? error : NULL;
}

/* <base>/app/auth/callback#code=… (the web app's page reads the
 * fragment); free() the result.  NULL without memory. */
static char *callback_location(const char *base, const char *login_code)
{
	size_t size = strlen(base) + strlen(login_code) + 64;
	char *out = malloc(size);

	if (out)
		snprintf(out, size, "%s/app/auth/callback#code=%s", base,
			login_code);
	return out;
}

static void callback(struct request *r)
{
	const char *error = request_query(r, "error");
	const char *code, *state, *nonce;
	char detail[128], *location, *login_code = NULL;
	int64_t user_id = 0;
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
	nonce = MHD_lookup_connection_value(
		r->conn, MHD_COOKIE_KIND, BINDING_COOKIE);
	rc = petory_oauth_finish(&login_code, &user_id, r->srv->db,
		router_param(r, "provider"), code, state, nonce);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	r->log_user_id = user_id;
	/* relative unless an external base URL was configured */
	location = callback_location(
		r->srv->cfg->public_url ? r->srv->cfg->public_url : "",
		login_code);
	petory_free(login_code);
	if (!location)
		return; /* no reply: out of memory closes the connection */
	reply_redirect(r, location);
	reply_header(r, "Referrer-Policy", "no-referrer");
	free(location);
}

void route_oauth_callback(struct request *r)
{
	callback(r);
	if (r->response) /* whatever the answer, the attempt is over */
		binding_cookie(r, NULL);
}

void route_oauth_token(struct request *r)
{
	petory_tokens tokens = { 0 };
	const char *code = input_string(r, "code", INPUT_REQUIRED);
	int rc;

	if (input_failed(r))
		return;
	if ((rc = petory_oauth_redeem(&tokens, r->srv->db, code)) < 0) {
		reply_error(r, rc);
		return;
	}
	r->log_user_id = tokens.user_id;
	reply_tokens(r, &tokens);
	petory_tokens_dispose(&tokens);
}
