/* client_addr.c -- the trusted proxies of --trust-proxy and the walk of
 * X-Forwarded-For (see client_addr.h for the rules).
 *
 * Invariants: an ip_addr of family AF_INET keeps its 4 bytes first and
 * zeros after, so two equal addresses compare equal with memcmp; an
 * ip_net's base has its host bits cleared.
 */
#include "client_addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ip_addr_parse(struct ip_addr *out, const char *text, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a6;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, &a6) != 1)
		return -1;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		out->family = AF_INET;
		memcpy(out->addr, &a6.s6_addr[12], 4);
		return 0;
	}
	out->family = AF_INET6;
	memcpy(out->addr, a6.s6_addr, 16);
	return 0;
}

void ip_addr_text(const struct ip_addr *a, char *buf, size_t size)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)size))
		snprintf(buf, size, "-");
}

/* Does a start with the first prefix bits of base? */
static int in_net(const struct ip_net *net, const struct ip_addr *a)
{
	unsigned full = net->prefix / 8, rest = net->prefix % 8;

	if (a->family != net->base.family)
		return 0;
	if (memcmp(a->addr, net->base.addr, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a->addr[full] ^ net->base.addr[full]) & (0xffu << (8 - rest)) &
		       0xffu) == 0;
}

static void clear_host_bits(struct ip_net *net)
{
	unsigned max = net->base.family == AF_INET ? 32 : 128, i;

	for (i = net->prefix; i < max; i++)
		net->base.addr[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
}

/* "ADDR" or "ADDR/PREFIX" in item[0..len). */
static int net_parse(struct ip_net *out, const char *item, size_t len)
{
	const char *slash = memchr(item, '/', len);
	size_t addr_len = slash ? (size_t)(slash - item) : len;
	unsigned max, prefix = 0;
	const char *p;

	if (ip_addr_parse(&out->base, item, addr_len) < 0)
		return -1;
	/* written as IPv6 (an IPv4-mapped one too): up to 128 */
	max = memchr(item, ':', addr_len) ? 128 : 32;
	if (!slash) {
		out->prefix = out->base.family == AF_INET ? 32 : 128;
		return 0;
	}
	p = slash + 1;
	if (p == item + len || (*p == '0' && p + 1 < item + len))
		return -1; /* empty, or a leading zero */
	for (; p < item + len; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		prefix = prefix * 10 + (unsigned)(*p - '0');
		if (prefix > max)
			return -1;
	}
	/* an IPv4-mapped network names the IPv4 one: its prefix counts the
	 * 96 bits of the ::ffff: part */
	if (out->base.family == AF_INET && memchr(item, ':', addr_len)) {
		if (prefix < 96)
			return -1;
		prefix -= 96;
	}
	out->prefix = prefix;
	clear_host_bits(out);
	return 0;
}

int trusted_proxies_parse(struct trusted_proxies *out, const char *list,
	char *err, size_t err_size)
{
	const char *p = list;

	memset(out, 0, sizeof(*out));
	while (p && *p) {
		size_t skip = strcspn(p, ","), len = skip;
		const char *item = p;

		while (len && (*item == ' ' || *item == '\t'))
			item++, len--;
		while (len && (item[len - 1] == ' ' || item[len - 1] == '\t'))
			len--;
		p += skip + (p[skip] == ',');
		if (len == 0)
			continue;
		if (out->count == TRUSTED_PROXIES_MAX) {
			snprintf(err, err_size,
				"more than %d addresses or networks",
				TRUSTED_PROXIES_MAX);
			return -1;
		}
		if (net_parse(&out->nets[out->count], item, len) < 0) {
			snprintf(err, err_size,
				"'%.*s' is not an IPv4 or IPv6 address or "
				"ADDR/PREFIX network",
				(int)(len > 64 ? 64 : len), item);
			return -1;
		}
		out->count++;
	}
	return 0;
}

int trusted_proxies_contains(
	const struct trusted_proxies *tp, const struct ip_addr *a)
{
	size_t i;

	for (i = 0; i < tp->count; i++)
		if (in_net(&tp->nets[i], a))
			return 1;
	return 0;
}

void client_addr_resolve(const struct trusted_proxies *tp,
	const struct ip_addr *peer, const char *xff, char *out, size_t size)
{
	struct ip_addr last = *peer, entry;
	const char *end;
	unsigned walked = 0;

	if (tp->count == 0 || !xff || !trusted_proxies_contains(tp, peer)) {
		ip_addr_text(peer, out, size);
		return;
	}
	end = xff + strlen(xff);
	while (end > xff && walked < CLIENT_ADDR_WALK_MAX) {
		const char *start = end, *a, *b;

		while (start > xff && start[-1] != ',')
			start--;
		a = start;
		b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		walked++;
		if (ip_addr_parse(&entry, a, (size_t)(b - a)) < 0)
			break; /* malformed: the last good address stands */
		last = entry;
		if (!trusted_proxies_contains(tp, &entry))
			break; /* the client */
		if (start == xff)
			break;   /* all trusted: the leftmost */
		end = start - 1; /* before the comma */
	}
	ip_addr_text(&last, out, size);
}
