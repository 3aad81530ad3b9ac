/* conn_limits.c -- petory-httpd's per-address connection counts
 * (httpd/conn_limits.c): caps per count, IPv6 per /64, IPv4-mapped as
 * IPv4, gives without takes, and entries that go when emptied. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
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
