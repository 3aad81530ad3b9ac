/* conn_limits.c -- petory-httpd's per-address connection counts
 * (httpd/conn_limits.c): caps per count, IPv6 per /64, IPv4-mapped as
 * IPv4, gives without takes, entries that go when emptied, and the body
 * byte budget (take_n/give_n: exact fits, refusals that take nothing, no
 * leak across threads). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "conn_limits.h"

static struct ip_addr addr(const char *text)
{
	struct ip_addr a;

	cr_assert_eq(ip_addr_parse(&a, text, strlen(text)), 0, "%s", text);
	return a;
}

Test(conn_limits, each_count_has_its_own_cap)
{
	struct conn_limits *cl = conn_limits_new();
	struct ip_addr a = addr("192.0.2.1"), b = addr("192.0.2.2");
	int i;

	cr_assert_not_null(cl);
	for (i = 0; i < 3; i++)
		cr_assert_eq(conn_limits_take(cl, &a, CONN_HTTP, 3), 0);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_HTTP, 3), -1);
	cr_assert_eq(conn_limits_held(cl, &a, CONN_HTTP), 3);
	/* another address, another count: untouched */
	cr_assert_eq(conn_limits_take(cl, &b, CONN_HTTP, 3), 0);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_WS, 1), 0);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_WS, 1), -1);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_WS_ANON, 0), -1);
	conn_limits_give(cl, &a, CONN_HTTP);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_HTTP, 3), 0);
	conn_limits_free(cl);
}

Test(conn_limits, ipv6_counts_per_64_and_mapped_ipv4_as_ipv4)
{
	struct conn_limits *cl = conn_limits_new();
	struct ip_addr one = addr("2001:db8:1:2::1");
	struct ip_addr other_host = addr("2001:db8:1:2:ffff::9");
	struct ip_addr other_net = addr("2001:db8:1:3::1");
	struct ip_addr v4 = addr("198.51.100.7");
	struct ip_addr mapped = addr("::ffff:198.51.100.7");

	cr_assert_eq(conn_limits_take(cl, &one, CONN_HTTP, 2), 0);
	cr_assert_eq(conn_limits_take(cl, &other_host, CONN_HTTP, 2), 0);
	cr_assert_eq(conn_limits_take(cl, &one, CONN_HTTP, 2), -1,
		"a second host of the same /64 escaped the cap");
	cr_assert_eq(conn_limits_take(cl, &other_net, CONN_HTTP, 2), 0);
	cr_assert_eq(conn_limits_take(cl, &v4, CONN_HTTP, 1), 0);
	cr_assert_eq(conn_limits_take(cl, &mapped, CONN_HTTP, 1), -1);
	conn_limits_free(cl);
}

Test(conn_limits, gives_without_takes_are_ignored_and_empty_entries_go)
{
	struct conn_limits *cl = conn_limits_new();
	struct ip_addr a = addr("203.0.113.5");

	conn_limits_give(cl, &a, CONN_HTTP); /* nothing held: no effect */
	cr_assert_eq(conn_limits_held(cl, &a, CONN_HTTP), 0);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_WS, 1), 0);
	conn_limits_give(cl, &a, CONN_HTTP); /* another count: no effect */
	cr_assert_eq(conn_limits_held(cl, &a, CONN_WS), 1);
	conn_limits_give(cl, &a, CONN_WS);
	conn_limits_give(cl, &a, CONN_WS);
	cr_assert_eq(conn_limits_held(cl, &a, CONN_WS), 0);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_WS, 1), 0);
	conn_limits_free(cl); /* frees what is still held (LeakSanitizer) */
}

#define MiB (1024LL * 1024)

Test(conn_limits, body_bytes_fill_the_budget_exactly_and_no_further)
{
	struct conn_limits *cl = conn_limits_new();
	struct ip_addr a = addr("192.0.2.9"), b = addr("192.0.2.10");
	int i;

	/* four 1 MiB bodies fit a 4 MiB budget; not a byte more */
	for (i = 0; i < 4; i++)
		cr_assert_eq(conn_limits_take_n(
				     cl, &a, CONN_BODY_BYTES, MiB, 4 * MiB),
			0);
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 1, 4 * MiB), -1);
	/* a refusal takes nothing */
	cr_assert_eq(conn_limits_held(cl, &a, CONN_BODY_BYTES), 4 * MiB);
	/* zero bytes always fit; a negative amount never */
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 0, 4 * MiB), 0);
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, -1, 4 * MiB), -1);
	/* other addresses and other counts are untouched */
	cr_assert_eq(
		conn_limits_take_n(cl, &b, CONN_BODY_BYTES, 4 * MiB, 4 * MiB),
		0);
	cr_assert_eq(conn_limits_take(cl, &a, CONN_HTTP, 1), 0);
	/* one body done: one more fits */
	conn_limits_give_n(cl, &a, CONN_BODY_BYTES, MiB);
	cr_assert_eq(conn_limits_held(cl, &a, CONN_BODY_BYTES), 3 * MiB);
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, MiB - 1, 4 * MiB),
		0);
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 2, 4 * MiB), -1);
	conn_limits_free(cl);
}

Test(conn_limits, body_bytes_larger_than_the_budget_leave_no_entry)
{
	struct conn_limits *cl = conn_limits_new();
	struct ip_addr a = addr("192.0.2.11");

	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 5 * MiB, 4 * MiB),
		-1);
	cr_assert_eq(conn_limits_held(cl, &a, CONN_BODY_BYTES), 0);
	/* a chunked body taken piece by piece: refused at the piece that
	 * would go over, having kept the pieces before it */
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 3 * MiB, 4 * MiB),
		0);
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 2 * MiB, 4 * MiB),
		-1);
	/* giving back more than is held stops at zero, and the entry goes */
	conn_limits_give_n(cl, &a, CONN_BODY_BYTES, 10 * MiB);
	cr_assert_eq(conn_limits_held(cl, &a, CONN_BODY_BYTES), 0);
	cr_assert_eq(
		conn_limits_take_n(cl, &a, CONN_BODY_BYTES, 4 * MiB, 4 * MiB),
		0);
	conn_limits_free(cl);
}

struct churn {
	struct conn_limits *cl;
	struct ip_addr a;
	int refused;
};

static void *churn_bodies(void *arg)
{
	struct churn *c = arg;
	int i;

	for (i = 0; i < 20000; i++) {
		long long n = 1 + (i * 7919) % MiB;
		if (conn_limits_take_n(
			    c->cl, &c->a, CONN_BODY_BYTES, n, 4 * MiB) == 0)
			conn_limits_give_n(c->cl, &c->a, CONN_BODY_BYTES, n);
		else
			__atomic_add_fetch(&c->refused, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

Test(conn_limits, body_bytes_balance_across_threads)
{
	struct churn c = { conn_limits_new(), addr("192.0.2.12"), 0 };
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, churn_bodies, &c), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	/* four takes of at most 1 MiB always fit 4 MiB together */
	cr_assert_eq(c.refused, 0);
	/* every take was given back: nothing leaks, the budget is whole */
	cr_assert_eq(conn_limits_held(c.cl, &c.a, CONN_BODY_BYTES), 0);
	cr_assert_eq(conn_limits_take_n(
			     c.cl, &c.a, CONN_BODY_BYTES, 4 * MiB, 4 * MiB),
		0);
	conn_limits_free(c.cl);
}
