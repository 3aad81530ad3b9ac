/* authn.c -- reads `Authorization: Bearer <token>` and asks libpetory.
 *
 * Tokens are taken from that header only (never from the query string
 * or a cookie).  A missing token answers 401 with `WWW-Authenticate:
 * Bearer`; a token that is malformed or that libpetory refuses answers 401
 * with `error="invalid_token"`; a valid token without ADMIN on an admin
 * route answers 403 before the handler does any work.  The library checks
 * rights again itself.
 */
#include "authn.h"

#include <string.h>
#include <strings.h>

#include "http_util.h"

/* RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
 * "/" ) *"=" */
static int token_syntax_ok(const char *t)
{
	size_t n =
		strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789-._~+/");

	if (n == 0)
		return 0;
	n += strspn(t + n, "=");
	return t[n] == '\0';
}

const char *authn_bearer_token(const struct request *r)
{
	const char *h = request_header(r, MHD_HTTP_HEADER_AUTHORIZATION);

	if (!h || strncasecmp(h, "Bearer", 6) != 0 ||
		(h[6] != ' ' && h[6] != '\0'))
		return NULL;
	h += 6;
	while (*h == ' ')
		h++;
	return token_syntax_ok(h) ? h : "";
}

int authn_check(struct request *r, enum auth_level level)
{
	const char *token;
	int rc;

	if (level == AUTH_NONE)
		return 0;
	token = authn_bearer_token(r);
	if (!token) {
		if (level == AUTH_OPTIONAL)
			return 0;
		reply_problem(
			r, 401, "UNAUTHORIZED", "a bearer token is required");
		reply_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
		return -1;
	}
	r->token_rejected = 1;
	if (!*token) {
		reply_problem(
			r, 401, "INVALID_TOKEN", "the token is malformed");
		reply_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
			"Bearer error=\"invalid_token\"");
		return -1;
	}
	if ((rc = petory_auth_verify(&r->who, r->srv->db, token)) < 0) {
		reply_error(r, rc);
		return -1;
	}
	r->token_rejected = 0;
	r->authenticated = 1;
	r->log_user_id = r->who.user_id;
	if (level == AUTH_ADMIN && !(r->who.roles & PETORY_ROLE_ADMIN)) {
		reply_problem(r, 403, "FORBIDDEN",
			"administrator rights are required");
		return -1;
	}
	return 0;
}
