/* client_addr.h -- who the client of a request is: the trusted proxies of
 * --trust-proxy and the walk of X-Forwarded-For.
 *
 * Without trusted proxies the client is the socket's peer.  When the peer
 * is a trusted proxy, X-Forwarded-For is walked from its right end: each
 * entry that is a trusted proxy is skipped, and the first that is not is
 * the client (nginx's `real_ip_recursive on`).  When every entry is
 * trusted, the leftmost is the client.  A malformed entry (not a bare
 * IPv4 or IPv6 address), or more than CLIENT_ADDR_WALK_MAX entries, ends
 * the walk: the client is then the last good address seen (a trusted
 * proxy, or the peer).  A peer that is not trusted is never looked past.
 * Addresses are parsed with inet_pton only; an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is the IPv4 address.  No dependency on libmicrohttpd,
 * so the unit tests link this file alone.
 */
#ifndef HTTPD_CLIENT_ADDR_H
#define HTTPD_CLIENT_ADDR_H

#include <netinet/in.h>
#include <stddef.h>

/* Networks --trust-proxy may list, and X-Forwarded-For entries walked. */
#define TRUSTED_PROXIES_MAX 64
#define CLIENT_ADDR_WALK_MAX 32

/* An IPv4 or IPv6 address; IPv4 in the first 4 bytes of addr. */
struct ip_addr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
};

/* A network: the addresses whose first prefix bits are those of base. */
struct ip_net {
	struct ip_addr base; /* host bits cleared */
	unsigned prefix;     /* 0..32 for IPv4, 0..128 for IPv6 */
};

struct trusted_proxies {
	size_t count; /* 0: none, X-Forwarded-For is never read */
	struct ip_net nets[TRUSTED_PROXIES_MAX];
};

/* Parse text[0..len) as one bare address (no brackets, no port, no
 * spaces).  0, or -1 when it is not one. */
int ip_addr_parse(struct ip_addr *out, const char *text, size_t len);

/* The canonical text of a (inet_ntop), at least INET6_ADDRSTRLEN bytes. */
void ip_addr_text(const struct ip_addr *a, char *buf, size_t size);

/* Parse a comma-separated list of ADDR or ADDR/PREFIX (spaces around the
 * items are allowed; an empty list is none).  0, or -1 with a sentence
 * naming the bad item in err. */
int trusted_proxies_parse(struct trusted_proxies *out, const char *list,
	char *err, size_t err_size);

/* Is a inside one of the trusted networks? */
int trusted_proxies_contains(
	const struct trusted_proxies *tp, const struct ip_addr *a);

/* The client of a request from peer carrying the X-Forwarded-For value
 * xff (NULL: none), as text in out (INET6_ADDRSTRLEN bytes at least). */
void client_addr_resolve(const struct trusted_proxies *tp,
	const struct ip_addr *peer, const char *xff, char *out, size_t size);

#endif
