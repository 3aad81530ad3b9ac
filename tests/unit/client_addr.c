/* client_addr.c -- the --trust-proxy list and the X-Forwarded-For walk of
 * petory-httpd (httpd/client_addr.c): CIDR edges, IPv6, garbage, too
 * many entries, and who the client is in each case. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "client_addr.h"

static struct trusted_proxies parsed(const char *list)
{
	struct trusted_proxies tp;
	char err[160] = "";

	cr_assert_eq(trusted_proxies_parse(&tp, list, err, sizeof(err)), 0,
		"'%s': %s", list, err);
	return tp;
}

static int refused(const char *list)
{
	struct trusted_proxies tp;
	char err[160] = "";
	int rc = trusted_proxies_parse(&tp, list, err, sizeof(err));

	if (rc < 0)
		cr_assert(
			strlen(err) > 0, "'%s' refused without a reason", list);
	return rc < 0;
}

static int trusts(const struct trusted_proxies *tp, const char *addr)
{
	struct ip_addr a;

	cr_assert_eq(ip_addr_parse(&a, addr, strlen(addr)), 0, "%s", addr);
	return trusted_proxies_contains(tp, &a);
}

/* The client of a request from peer with X-Forwarded-For xff. */
static const char *client(
	const struct trusted_proxies *tp, const char *peer, const char *xff)
{
	static char out[INET6_ADDRSTRLEN];
	struct ip_addr p;

	cr_assert_eq(ip_addr_parse(&p, peer, strlen(peer)), 0, "%s", peer);
	client_addr_resolve(tp, &p, xff, out, sizeof(out));
	return out;
}

Test(client_addr, parses_addresses_with_inet_pton_only)
{
	struct ip_addr a;
	char text[INET6_ADDRSTRLEN];
	static const char *const bad[] = { "", " 1.2.3.4", "1.2.3.4 ", "1.2.3",
		"1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:80", "[::1]",
		"[::1]:80", "::1%eth0", "unknown", "1.2.3.-1", "0x7f.0.0.1",
		"2001:db8::1::2", "gggg::1", "1.2.3.4/32" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cr_assert_eq(ip_addr_parse(&a, bad[i], strlen(bad[i])), -1,
			"'%s' was taken for an address", bad[i]);
	cr_assert_eq(ip_addr_parse(&a, "2001:DB8:0::1", 13), 0);
	ip_addr_text(&a, text, sizeof(text));
	cr_assert_str_eq(text, "2001:db8::1");
	cr_assert_eq(ip_addr_parse(&a, "::ffff:192.0.2.9", 16), 0);
	cr_assert_eq(a.family, AF_INET);
	ip_addr_text(&a, text, sizeof(text));
	cr_assert_str_eq(text, "192.0.2.9");
	/* only len bytes are read */
	cr_assert_eq(ip_addr_parse(&a, "10.0.0.1, 10.0.0.2", 8), 0);
	ip_addr_text(&a, text, sizeof(text));
	cr_assert_str_eq(text, "10.0.0.1");
}

Test(client_addr, cidr_edges)
{
	struct trusted_proxies tp = parsed("10.0.0.0/8, 192.168.1.128/25");

	cr_assert_eq(tp.count, 2);
	cr_assert(trusts(&tp, "10.0.0.0"));
	cr_assert(trusts(&tp, "10.255.255.255"));
	cr_assert_not(trusts(&tp, "11.0.0.0"));
	cr_assert_not(trusts(&tp, "9.255.255.255"));
	cr_assert(trusts(&tp, "192.168.1.128"));
	cr_assert(trusts(&tp, "192.168.1.255"));
	cr_assert_not(trusts(&tp, "192.168.1.127"));
	cr_assert(trusts(&tp, "::ffff:10.1.2.3")); /* mapped is IPv4 */

	tp = parsed("0.0.0.0/0");
	cr_assert(trusts(&tp, "203.0.113.1"));
	cr_assert_not(trusts(&tp, "2001:db8::1")); /* families apart */
	tp = parsed("203.0.113.7/32");
	cr_assert(trusts(&tp, "203.0.113.7"));
	cr_assert_not(trusts(&tp, "203.0.113.6"));
	tp = parsed("203.0.113.7"); /* a bare address is /32 */
	cr_assert_eq(tp.nets[0].prefix, 32);
	tp = parsed("10.1.2.3/8"); /* host bits are cleared */
	cr_assert(trusts(&tp, "10.9.9.9"));
	tp = parsed("10.0.0.0/9");
	cr_assert(trusts(&tp, "10.127.0.1"));
	cr_assert_not(trusts(&tp, "10.128.0.1"));

	cr_assert(refused("10.0.0.0/33"));
	cr_assert(refused("10.0.0.0/"));
	cr_assert(refused("10.0.0.0/-1"));
	cr_assert(refused("10.0.0.0/08"));
	cr_assert(refused("10.0.0.0/8/8"));
	cr_assert(refused("10.0.0.0/ 8"));
	cr_assert(refused("/8"));
	cr_assert(refused("10.0.0.0/4294967304")); /* no wrap-around */
}

Test(client_addr, ipv6_networks)
{
	struct trusted_proxies tp = parsed("::1, 2001:db8::/32, fd00::/8");

	cr_assert(trusts(&tp, "::1"));
	cr_assert_not(trusts(&tp, "::2"));
	cr_assert(trusts(&tp, "2001:db8:ffff::1"));
	cr_assert_not(trusts(&tp, "2001:db9::1"));
	cr_assert(trusts(&tp, "fdff::1"));
	cr_assert_not(trusts(&tp, "fe00::1"));
	cr_assert_not(trusts(&tp, "127.0.0.1"));
	tp = parsed("::/0");
	cr_assert(trusts(&tp, "2001:db8::1"));
	tp = parsed("2001:db8::1/128");
	cr_assert(trusts(&tp, "2001:db8::1"));
	cr_assert_not(trusts(&tp, "2001:db8::2"));
	tp = parsed("::ffff:10.0.0.0/104"); /* = 10.0.0.0/8 */
	cr_assert(trusts(&tp, "10.2.3.4"));
	cr_assert_not(trusts(&tp, "11.2.3.4"));
	cr_assert(refused("::1/129"));
	cr_assert(refused("::ffff:10.0.0.0/95"));
	cr_assert(refused("[::1]"));
}

Test(client_addr, garbage_and_too_many_in_the_list)
{
	char many[64 * 16 + 32] = "";
	int i;

	cr_assert(refused("true"));
	cr_assert(refused("on"));
	cr_assert(refused("localhost"));
	cr_assert(refused("127.0.0.1;10.0.0.1"));
	cr_assert(refused("127.0.0.1 10.0.0.1"));
	cr_assert_eq(parsed("").count, 0);
	cr_assert_eq(parsed(" , ,").count, 0);
	cr_assert_eq(parsed("127.0.0.1,10.0.0.0/8,::1").count, 3);
	for (i = 0; i < 64; i++)
		sprintf(many + strlen(many), "%s10.0.%d.0/24", i ? "," : "", i);
	cr_assert_eq(parsed(many).count, 64);
	strcat(many, ",10.1.0.0/16");
	cr_assert(refused(many));
}

Test(client_addr, rightmost_untrusted_entry_is_the_client)
{
	struct trusted_proxies tp = parsed("127.0.0.1,10.0.0.0/8,::1");

	/* the client's own first entry is never believed */
	cr_assert_str_eq(client(&tp, "127.0.0.1", "1.1.1.1, 203.0.113.7"),
		"203.0.113.7");
	cr_assert_str_eq(client(&tp, "127.0.0.1",
				 "1.1.1.1, 203.0.113.7, 10.0.0.2, 10.9.9.9"),
		"203.0.113.7");
	cr_assert_str_eq(client(&tp, "::1", "2001:db8::5"), "2001:db8::5");
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", " 2001:DB8::5 "), "2001:db8::5");
	cr_assert_str_eq(client(&tp, "127.0.0.1", "::ffff:198.51.100.1"),
		"198.51.100.1");
	/* all trusted: the leftmost */
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "10.0.0.3, 10.0.0.2"), "10.0.0.3");
	/* no header, an empty one */
	cr_assert_str_eq(client(&tp, "127.0.0.1", NULL), "127.0.0.1");
	cr_assert_str_eq(client(&tp, "127.0.0.1", ""), "127.0.0.1");
}

Test(client_addr, an_untrusted_peer_is_never_looked_past)
{
	struct trusted_proxies tp = parsed("10.0.0.0/8");
	struct trusted_proxies none = parsed("");

	cr_assert_str_eq(
		client(&tp, "198.51.100.9", "203.0.113.7"), "198.51.100.9");
	cr_assert_str_eq(
		client(&none, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

Test(client_addr, malformed_entries_end_the_walk)
{
	struct trusted_proxies tp = parsed("127.0.0.1,10.0.0.0/8");

	/* garbage left of the client does not matter */
	cr_assert_str_eq(client(&tp, "127.0.0.1", "garbage, 203.0.113.7"),
		"203.0.113.7");
	/* garbage right of it stops the walk at the last good address */
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "203.0.113.7, unknown, 10.0.0.2"),
		"10.0.0.2");
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "203.0.113.7, unknown"), "127.0.0.1");
	cr_assert_str_eq(client(&tp, "127.0.0.1", "203.0.113.7,"), "127.0.0.1");
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "203.0.113.7,,10.0.0.2"), "10.0.0.2");
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "203.0.113.7:4711"), "127.0.0.1");
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "[2001:db8::1]"), "127.0.0.1");
	cr_assert_str_eq(
		client(&tp, "127.0.0.1", "203.0.113.7, 10.0.0.2 10.0.0.3"),
		"127.0.0.1");
}

Test(client_addr, too_many_entries_end_the_walk)
{
	char xff[64 * 12] = "198.51.100.1";
	int i;

	/* 32 trusted entries after the client: the walk gives up at the
	 * 32nd, leaving the leftmost trusted one it saw */
	for (i = 0; i < CLIENT_ADDR_WALK_MAX; i++)
		sprintf(xff + strlen(xff), ", 10.0.0.%d", i + 1);
	{
		struct trusted_proxies tp = parsed("127.0.0.1,10.0.0.0/8");
		cr_assert_str_eq(client(&tp, "127.0.0.1", xff), "10.0.0.1");
		/* one fewer: the client is reached */
		*strrchr(xff, ',') = '\0';
		cr_assert_str_eq(client(&tp, "127.0.0.1", xff), "198.51.100.1");
	}
}
