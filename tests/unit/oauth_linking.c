/* oauth_linking.c -- api.md's linking rule for Google logins, at the
 * library level, against a provider served from this process (a loopback
 * thread that answers the token exchange and userinfo with the email a
 * test chose).
 *
 * The pre-hijacking attack: someone signs up with another person's email
 * and a password of their own; when the address's owner logs in with
 * Google, the account becomes theirs and the squatter's password and
 * logins stop working.  A verified account (or one made by Google) is
 * simply logged into.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "account_mail.h"
#include "petory_test.h"

typedef struct provider {
	int fd, port;
	volatile int stop;
	char email[128];
	pthread_t thread;
} provider;

static provider prov;

/* Read one request (headers, then Content-Length bytes) and answer it. */
static void serve_one(int c)
{
	char req[8192], body[512], reply[1024];
	size_t got = 0;
	const char *end = NULL, *cl;
	size_t want = 0;
	ssize_t n;
	while (got < sizeof(req) - 1 &&
		(n = read(c, req + got, sizeof(req) - 1 - got)) > 0) {
		got += (size_t)n;
		req[got] = '\0';
		if (!end && (end = strstr(req, "\r\n\r\n"))) {
			cl = strstr(req, "Content-Length:");
			want = (size_t)(end - req) + 4 +
			       (cl && cl < end ? (size_t)atol(cl + 15) : 0);
		}
		if (end && got >= want)
			break;
	}
	if (strncmp(req, "POST /token", 11) == 0)
		snprintf(body, sizeof(body),
			"{\"access_token\":\"provider-token\","
			"\"token_type\":\"Bearer\"}");
	else
		snprintf(body, sizeof(body),
			"{\"sub\":\"1\",\"email\":\"%s\",\"email_verified\":"
			"true,\"name\":\"Owner\"}",
			prov.email);
	snprintf(reply, sizeof(reply),
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		"Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
		strlen(body), body);
	if (write(c, reply, strlen(reply)) < 0)
		return;
}

static void *provider_main(void *arg)
{
	(void)arg;
	while (!prov.stop) {
		struct pollfd p = { .fd = prov.fd, .events = POLLIN };
		int c;
		if (poll(&p, 1, 100) != 1)
			continue;
		if ((c = accept(prov.fd, NULL, NULL)) < 0)
			continue;
		serve_one(c);
		close(c);
	}
	return NULL;
}

static petory *open_with_provider(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	char token_url[64], userinfo_url[64];
	petory_options o;
	petory *db = NULL;

	prov.fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(prov.fd, 0);
	cr_assert_eq(bind(prov.fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	cr_assert_eq(listen(prov.fd, 16), 0);
	cr_assert_eq(getsockname(prov.fd, (struct sockaddr *)&addr, &len), 0);
	prov.port = ntohs(addr.sin_port);
	prov.stop = 0;
	cr_assert_eq(
		pthread_create(&prov.thread, NULL, provider_main, NULL), 0);
	snprintf(token_url, sizeof(token_url), "http://127.0.0.1:%d/token",
		prov.port);
	snprintf(userinfo_url, sizeof(userinfo_url),
		"http://127.0.0.1:%d/userinfo", prov.port);
	test_options(&o);
	o.google.client_id = "client";
	o.google.client_secret = "secret";
	o.google.authorize_url = "http://127.0.0.1:1/authorize";
	o.google.token_url = token_url;
	o.google.userinfo_url = userinfo_url;
	o.google.redirect_uri = "http://127.0.0.1/login/oauth2/code/google";
	cr_assert_petory_ok(petory_open(&db, &o));
	return db;
}

static void close_provider(petory *db)
{
	test_db_close(db);
	prov.stop = 1;
	pthread_join(prov.thread, NULL);
	close(prov.fd);
}

/* Log in through Google as the owner of `email` (begin, the provider's
 * redirect back with the browser's nonce, the login code spent); the
 * user id. */
static int64_t google_login(petory *db, const char *email)
{
	petory_tokens t;
	char *url = NULL, *nonce = NULL, *code = NULL;
	char state[128];
	const char *p;
	int64_t id = 0;
	snprintf(prov.email, sizeof(prov.email), "%s", email);
	cr_assert_petory_ok(
		petory_oauth_begin(&url, &nonce, db, "google", NULL, NULL));
	cr_assert_not_null(p = strstr(url, "&state="));
	p += 7;
	snprintf(state, sizeof(state), "%.*s", (int)strcspn(p, "&"), p);
	petory_free(url);
	cr_assert_petory_ok(petory_oauth_finish(
		&code, &id, db, "google", "a-code", state, nonce));
	petory_free(nonce);
	cr_assert_petory_ok(petory_oauth_redeem(&t, db, code));
	petory_free(code);
	cr_assert_eq(t.user_id, id);
	petory_tokens_dispose(&t);
	return id;
}

static petory_user *load(petory *db, int64_t id)
{
	petory_user *u = NULL;
	cr_assert_petory_ok(
		petory_user_get(&u, db, petory_identity_system(), id));
	return u;
}

static int64_t account_notifications(petory *db, int64_t user_id)
{
	petory_identity who = { .user_id = user_id, .roles = PETORY_ROLE_USER };
	petory_notification_page page;
	petory_page_req req = { .page = 0, .size = 100 };
	int64_t n = 0;
	size_t i;
	cr_assert_petory_ok(petory_notification_list(&page, db, &who, &req, 0));
	for (i = 0; i < page.count; i++)
		n += page.items[i].type == PETORY_NOTIFICATION_ACCOUNT;
	petory_notification_page_dispose(&page);
	return n;
}

Test(oauth_linking, the_google_owner_takes_over_a_squatted_account,
	.timeout = 30)
{
	petory_new_user in = { "victim@example.com", "squatter-secret",
		"squatter" };
	petory_user *u = NULL;
	petory_tokens squatter, again;
	petory_identity who;
	int64_t id;
	test_clock_now = TEST_EPOCH_MS;
	petory *db = open_with_provider();

	cr_assert_petory_ok(petory_auth_signup(&u, db, &in, NULL, NULL));
	id = u->id;
	cr_assert_eq(u->email_verified, 0);
	petory_user_free(u);
	cr_assert_petory_ok(petory_auth_login(
		&squatter, db, in.email, in.password, "192.0.2.1", NULL));

	cr_assert_eq(google_login(db, "Victim@Example.com"), id,
		"the owner lands in the account");
	u = load(db, id);
	cr_assert_eq(u->email_verified, 1);
	petory_user_free(u);
	/* the squatter's password and login are gone */
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory_auth_login(
			&again, db, in.email, in.password, "192.0.2.1", NULL));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&who, db, squatter.access_token));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_auth_reissue(&again, db, squatter.refresh_token));
	cr_assert_eq(account_notifications(db, id), 1);
	/* a second Google login changes nothing more */
	cr_assert_eq(google_login(db, "victim@example.com"), id);
	cr_assert_eq(account_notifications(db, id), 1);
	petory_tokens_dispose(&squatter);
	close_provider(db);
}

Test(oauth_linking, a_verified_account_is_logged_into_as_it_is, .timeout = 30)
{
	petory_new_user in = { "owner@example.com", "owner-secret-1", "owner" };
	petory_user *u = NULL;
	petory_tokens t;
	petory_identity who;
	char token[128];
	int64_t id;
	test_clock_now = TEST_EPOCH_MS;
	petory *db = open_with_provider();

	cr_assert_petory_ok(petory_auth_signup(&u, db, &in, NULL, NULL));
	id = u->id;
	petory_user_free(u);
	cr_assert_petory_ok(
		petory_auth_login(&t, db, in.email, in.password, NULL, NULL));
	/* the owner follows the mailed link */
	cr_assert(test_mail_token(
		db, in.email, "verify-email", token, sizeof(token)));
	cr_assert_petory_ok(petory_auth_verify_email(db, token));

	cr_assert_eq(google_login(db, in.email), id);
	/* password and login intact, no notice of a take-over */
	cr_assert_petory_ok(petory_auth_verify(&who, db, t.access_token));
	petory_tokens_dispose(&t);
	cr_assert_petory_ok(
		petory_auth_login(&t, db, in.email, in.password, NULL, NULL));
	petory_tokens_dispose(&t);
	cr_assert_eq(account_notifications(db, id), 1, "only 'verified'");
	close_provider(db);
}

Test(oauth_linking, an_account_made_by_google_is_verified_and_kept,
	.timeout = 30)
{
	petory_user *u;
	int64_t id;
	test_clock_now = TEST_EPOCH_MS;
	petory *db = open_with_provider();

	id = google_login(db, "new@example.com");
	u = load(db, id);
	cr_assert_eq(u->email_verified, 1);
	petory_user_free(u);
	cr_assert_eq(google_login(db, "NEW@example.com"), id);
	cr_assert_eq(account_notifications(db, id), 0);
	close_provider(db);
}
