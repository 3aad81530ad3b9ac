/* conn_limits.c -- the per-address connection counts (conn_limits.h).
 *
 * A chained hash table under one mutex.  Invariant: an entry is in the
 * table exactly while one of its counts is above zero; counts never go
 * below zero (a give without a take is ignored).
 */
#include "conn_limits.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096

struct entry {
	struct ip_addr key;
	long long counts[CONN_COUNTS];
	struct entry *next;
};

struct conn_limits {
	pthread_mutex_t lock;
	struct entry *buckets[BUCKETS];
};

struct conn_limits *conn_limits_new(void)
{
	struct conn_limits *cl = calloc(1, sizeof(*cl));

	if (cl)
		pthread_mutex_init(&cl->lock, NULL);
	return cl;
}

void conn_limits_free(struct conn_limits *cl)
{
	size_t i;

	if (!cl)
		return;
	for (i = 0; i < BUCKETS; i++) {
		struct entry *e, *next;
		for (e = cl->buckets[i]; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	pthread_mutex_destroy(&cl->lock);
	free(cl);
}

/* The counting key of addr: IPv6 cut to its /64. */
static struct ip_addr key_of(const struct ip_addr *addr)
{
	struct ip_addr k = *addr;

	if (k.family == AF_INET6)
		memset(k.addr + 8, 0, 8);
	return k;
}

static size_t bucket_of(const struct ip_addr *k)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	size_t i;

	for (i = 0; i < sizeof(k->addr); i++)
		h = (h ^ k->addr[i]) * 1099511628211ull;
	h ^= (uint64_t)k->family;
	return (size_t)(h % BUCKETS);
}

static int same(const struct ip_addr *a, const struct ip_addr *b)
{
	return a->family == b->family &&
	       memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

/* The entry of k in *slot's chain, and the link pointing at it. */
static struct entry **find(struct conn_limits *cl, const struct ip_addr *k)
{
	struct entry **p;

	for (p = &cl->buckets[bucket_of(k)]; *p; p = &(*p)->next)
		if (same(&(*p)->key, k))
			return p;
	return p;
}

int conn_limits_take(struct conn_limits *cl, const struct ip_addr *addr,
	enum conn_count which, long long cap)
{
	struct ip_addr k = key_of(addr);
	struct entry **p, *e;
	int rc = 0;

	pthread_mutex_lock(&cl->lock);
	p = find(cl, &k);
	if (!(e = *p)) {
		if (cap < 1 || !(e = calloc(1, sizeof(*e)))) {
			pthread_mutex_unlock(&cl->lock);
			return -1;
		}
		e->key = k;
		*p = e;
	}
	if (e->counts[which] >= cap)
		rc = -1;
	else
		e->counts[which]++;
	pthread_mutex_unlock(&cl->lock);
	return rc;
}

void conn_limits_give(struct conn_limits *cl, const struct ip_addr *addr,
	enum conn_count which)
{
	struct ip_addr k = key_of(addr);
	struct entry **p, *e;
	int i, empty = 1;

	pthread_mutex_lock(&cl->lock);
	p = find(cl, &k);
	if ((e = *p)) {
		if (e->counts[which] > 0)
			e->counts[which]--;
		for (i = 0; i < CONN_COUNTS; i++)
			empty &= e->counts[i] == 0;
		if (empty) {
			*p = e->next;
			free(e);
		}
	}
	pthread_mutex_unlock(&cl->lock);
}

long long conn_limits_held(struct conn_limits *cl, const struct ip_addr *addr,
	enum conn_count which)
{
	struct ip_addr k = key_of(addr);
	struct entry *e;
	long long n;

	pthread_mutex_lock(&cl->lock);
	e = *find(cl, &k);
	n = e ? e->counts[which] : 0;
	pthread_mutex_unlock(&cl->lock);
	return n;
}

int sockaddr_to_ip(const struct sockaddr *sa, struct ip_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (sa->sa_family == AF_INET) {
		out->family = AF_INET;
		memcpy(out->addr, &((const struct sockaddr_in *)sa)->sin_addr,
			4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 =
			&((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			out->family = AF_INET;
			memcpy(out->addr, &a6->s6_addr[12], 4);
		} else {
			out->family = AF_INET6;
			memcpy(out->addr, a6->s6_addr, 16);
		}
		return 0;
	}
	return -1;
}
