/* concurrency.c -- one handle shared by many threads: the pool hands out
 * connections safely, and a refresh token raced by two threads is spent
 * once (the other sees reuse). */
#include <pthread.h>
#include <stdio.h>

#include "petory_test.h"

#define THREADS 8
#define ROUNDS 20

static petory *db;

static void *worker(void *arg)
{
	long n = (long)arg;
	int i;
	for (i = 0; i < ROUNDS; i++) {
		char email[64];
		petory_new_user in = { email, "password1", "t" };
		petory_user *u = NULL;
		petory_tokens t;
		petory_identity id;
		snprintf(email, sizeof(email), "t%ld-%d@example.com", n, i);
		if (petory_auth_signup(&u, db, &in, NULL, NULL) != 0)
			return (void *)1;
		petory_user_free(u);
		if (petory_auth_login(&t, db, email, "password1", NULL, NULL) ||
			petory_auth_verify(&id, db, t.access_token))
			return (void *)2;
		petory_tokens_dispose(&t);
	}
	return NULL;
}

Test(concurrency, many_threads_share_one_handle, .timeout = 60)
{
	pthread_t t[THREADS];
	petory_user_page page;
	petory_page_req req = { 0, 1 };
	long i;
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (i = 0; i < THREADS; i++) {
		void *res;
		pthread_join(t[i], &res);
		cr_assert_null(res, "worker %ld failed: %s", i,
			petory_error_last()->message);
	}
	cr_assert_petory_ok(
		petory_user_list(&page, db, petory_identity_system(), &req));
	cr_assert_eq(page.total, THREADS * ROUNDS);
	petory_user_page_dispose(&page);
	test_db_close(db);
}

static const char *race_token;
static int race_results[2];

static void *racer(void *arg)
{
	long n = (long)arg;
	petory_tokens t;
	race_results[n] = petory_auth_reissue(&t, db, race_token);
	petory_tokens_dispose(&t);
	return NULL;
}

Test(concurrency, a_refresh_token_is_spent_once, .timeout = 60)
{
	pthread_t a, b;
	petory_tokens t;
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	test_user(db, "race@example.com");
	test_login(&t, db, "race@example.com");
	race_token = t.refresh_token;
	pthread_create(&a, NULL, racer, (void *)0);
	pthread_create(&b, NULL, racer, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	cr_assert_eq((race_results[0] == 0) + (race_results[1] == 0), 1,
		"exactly one rotation wins (%d, %d)", race_results[0],
		race_results[1]);
	petory_tokens_dispose(&t);
	test_db_close(db);
}
