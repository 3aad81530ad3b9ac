/* routes_auth.c -- signup, password login, token reissue and logout,
 * email verification, password change and reset.
 *
 * Signup and login pass the client IP and r->rate to the library, which
 * applies the configured limits; server.c turns r->rate into the
 * RateLimit-* headers (and Retry-After on 429) whether the call succeeded
 * or not; so do the verification resend, the password change (wrong
 * current passwords) and the reset request.
 */
#include <petory.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

void route_auth_signup(struct request *r)
{
	petory_new_user in = { 0 };
	petory_user *user = NULL;
	int rc;

	/* the library names a missing field with every other bad value */
	in.email = input_string(r, "email", INPUT_LIBRARY);
	in.password = input_string(r, "password", INPUT_LIBRARY);
	in.nickname = input_string(r, "nickname", INPUT_LIBRARY);
	if (input_failed(r))
		return;
	rc = petory_auth_signup(&user, r->srv->db, &in, r->client_ip, &r->rate);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	r->log_user_id = user->id;
	reply_user(r, 201, user);
	reply_header(r, MHD_HTTP_HEADER_LOCATION, "/users/me");
	petory_user_free(user);
}

void route_auth_login(struct request *r)
{
	petory_tokens tokens = { 0 };
	const char *email, *password;
	int rc;

	email = input_string(r, "email", INPUT_REQUIRED);
	password = input_string(r, "password", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_auth_login(
		&tokens, r->srv->db, email, password, r->client_ip, &r->rate);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	r->log_user_id = tokens.user_id;
	reply_tokens(r, &tokens);
	petory_tokens_dispose(&tokens);
}

void route_auth_reissue(struct request *r)
{
	petory_tokens tokens = { 0 };
	const char *refresh;
	int rc;

	refresh = input_string(r, "refreshToken", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	if ((rc = petory_auth_reissue(&tokens, r->srv->db, refresh)) < 0) {
		reply_error(r, rc);
		return;
	}
	r->log_user_id = tokens.user_id;
	reply_tokens(r, &tokens);
	petory_tokens_dispose(&tokens);
}

void route_auth_logout(struct request *r)
{
	int rc = petory_auth_logout(r->srv->db, &r->who);

	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_auth_verify_email(struct request *r)
{
	const char *token = input_string(r, "token", INPUT_LIBRARY);
	int rc;

	if (input_failed(r))
		return;
	if ((rc = petory_auth_verify_email(r->srv->db, token)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_auth_verify_email_resend(struct request *r)
{
	int rc = petory_auth_verify_email_resend(r->srv->db, &r->who, &r->rate);

	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 202);
}

void route_auth_password_change(struct request *r)
{
	const char *current, *fresh;
	int rc;

	current = input_string(r, "currentPassword", INPUT_OPTIONAL);
	fresh = input_string(r, "newPassword", INPUT_LIBRARY);
	if (input_failed(r))
		return;
	rc = petory_auth_password_change(
		r->srv->db, &r->who, current, fresh, &r->rate);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_auth_password_reset(struct request *r)
{
	const char *email = input_string(r, "email", INPUT_LIBRARY);
	int rc;

	if (input_failed(r))
		return;
	rc = petory_auth_password_reset_request(
		r->srv->db, email, r->client_ip, &r->rate);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 202);
}

void route_auth_password_reset_confirm(struct request *r)
{
	const char *token, *fresh;
	int rc;

	token = input_string(r, "token", INPUT_LIBRARY);
	fresh = input_string(r, "newPassword", INPUT_LIBRARY);
	if (input_failed(r))
		return;
	rc = petory_auth_password_reset_confirm(r->srv->db, token, fresh);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
