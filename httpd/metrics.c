/* metrics.c -- the counters behind /actuator/prometheus and their text
 * exposition (Prometheus format 0.0.4).
 *
 * One slot per route of the routing table plus one for requests that
 * matched none; each slot counts answers by status (a fixed list of the
 * statuses this API uses, the rest under "other") and holds one latency
 * histogram per status class (2xx, 3xx, 4xx, 5xx): a fast 401 and a slow
 * 200 of one route stay apart.  The series are bounded by the routing
 * table (raw paths never become labels): at most routes x 4 classes x
 * (buckets + 3).  WebSocket upgrades (101) and requests the client left
 * (0) are counted but kept out of the histograms: the duration of the
 * first is the life of the connection, the second has no class.  Only
 * series that saw a request are printed.
 */
#include "metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <petory.h>

#include "router.h"
#include "scheduler.h"
#include "server.h"
#include "ws_hub.h"

static const unsigned statuses[] = { 101, 200, 201, 204, 302, 304, 400, 401,
	403, 404, 405, 409, 413, 415, 426, 429, 500, 502, 503 };
#define STATUS_SLOTS (sizeof(statuses) / sizeof(statuses[0]) + 1)

/* Upper bounds in microseconds; +Inf is the count. */
static const int64_t bounds_us[] = { 500, 1000, 2500, 5000, 10000, 25000, 50000,
	100000, 250000, 500000, 1000000, 2500000, 5000000 };
#define BUCKETS (sizeof(bounds_us) / sizeof(bounds_us[0]))

/* Status classes of the histograms: 2xx, 3xx, 4xx, 5xx. */
#define CLASSES 4
static const char *const class_names[CLASSES] = { "2xx", "3xx", "4xx", "5xx" };

struct histogram {
	atomic_ullong buckets[BUCKETS]; /* non-cumulative */
	atomic_ullong timed;            /* requests in the histogram */
	atomic_ullong sum_us;
};

struct slot {
	atomic_ullong by_status[STATUS_SLOTS];
	struct histogram by_class[CLASSES];
};

static struct slot *slots; /* router_count() + 1; the last: unmatched */
static size_t slot_count;

int metrics_init(void)
{
	slot_count = router_count() + 1;
	slots = calloc(slot_count, sizeof(*slots));
	return slots ? 0 : -1;
}

void metrics_free(void)
{
	free(slots);
	slots = NULL;
}

static size_t status_slot(unsigned status)
{
	size_t i;
	for (i = 0; i < STATUS_SLOTS - 1; i++)
		if (statuses[i] == status)
			return i;
	return STATUS_SLOTS - 1;
}

void metrics_request(
	const struct route *rt, unsigned status, int64_t duration_us)
{
	struct slot *s;
	struct histogram *h;
	size_t b;

	if (!slots)
		return;
	s = &slots[rt ? router_index(rt) : slot_count - 1];
	atomic_fetch_add_explicit(
		&s->by_status[status_slot(status)], 1, memory_order_relaxed);
	if (status < 200 || status > 599)
		return;
	h = &s->by_class[status / 100 - 2];
	if (duration_us < 0)
		duration_us = 0;
	for (b = 0; b < BUCKETS && duration_us > bounds_us[b]; b++)
		;
	if (b < BUCKETS)
		atomic_fetch_add_explicit(
			&h->buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->timed, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_us, (unsigned long long)duration_us,
		memory_order_relaxed);
}

/* A growing text buffer. */
struct text {
	char *buf;
	size_t len, cap;
	int failed;
};

static void put(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		if (t->failed)
			return;
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = 1;
			return;
		}
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		{
			size_t cap = t->cap * 2 + (size_t)n;
			char *grown = realloc(t->buf, cap);
			if (!grown) {
				t->failed = 1;
				return;
			}
			t->buf = grown;
			t->cap = cap;
		}
	}
}

static void labels(char *out, size_t size, size_t i)
{
	const struct route *rt = router_at(i);
	if (rt)
		snprintf(out, size, "method=\"%s\",route=\"%s\"", rt->method,
			rt->pattern);
	else
		snprintf(out, size, "method=\"\",route=\"unmatched\"");
}

static void render_requests(struct text *t)
{
	char l[320];
	size_t i, k, c, len;

	put(t, "# HELP petory_http_requests_total Requests answered, by "
	       "route and status (0: the client left first).\n"
	       "# TYPE petory_http_requests_total counter\n");
	for (i = 0; i < slot_count; i++) {
		labels(l, sizeof(l), i);
		for (k = 0; k < STATUS_SLOTS; k++) {
			unsigned long long n =
				atomic_load(&slots[i].by_status[k]);
			if (!n)
				continue;
			if (k < STATUS_SLOTS - 1)
				put(t,
					"petory_http_requests_total{%s,status="
					"\"%u\"} "
					"%llu\n",
					l, statuses[k], n);
			else
				put(t,
					"petory_http_requests_total{%s,status="
					"\""
					"other\"} %llu\n",
					l, n);
		}
	}
	put(t, "# HELP petory_http_request_duration_seconds Time from the "
	       "first byte of a request to its completion, by route and "
	       "status class (WebSocket upgrades excluded).\n"
	       "# TYPE petory_http_request_duration_seconds histogram\n");
	for (i = 0; i < slot_count; i++) {
		for (c = 0; c < CLASSES; c++) {
			struct histogram *h = &slots[i].by_class[c];
			unsigned long long timed = atomic_load(&h->timed),
					   cum = 0;
			if (!timed)
				continue;
			labels(l, sizeof(l), i);
			len = strlen(l);
			snprintf(l + len, sizeof(l) - len,
				",status_class=\"%s\"", class_names[c]);
			for (k = 0; k < BUCKETS; k++) {
				cum += atomic_load(&h->buckets[k]);
				put(t,
					"petory_http_request_duration_seconds_"
					"bucket{%s,le=\"%g\"} %llu\n",
					l, (double)bounds_us[k] / 1e6, cum);
			}
			put(t,
				"petory_http_request_duration_seconds_bucket{%"
				"s,le=\"+Inf\"} %llu\n",
				l, timed);
			put(t,
				"petory_http_request_duration_seconds_sum{%s} "
				"%.6f\n",
				l, (double)atomic_load(&h->sum_us) / 1e6);
			put(t,
				"petory_http_request_duration_seconds_count{%"
				"s} %llu\n",
				l, timed);
		}
	}
}

/* The outbox backlog, the last run of each daily job and the Redis
 * fallback: gauges read at each scrape (petory_jobs_status_get is two
 * indexed reads; petory_health_get one probe when Redis is configured). */
static void render_jobs(struct text *t, struct server *srv)
{
	petory_jobs_status js = PETORY_JOBS_STATUS_INIT;
	petory_health health;
	petory_time_ms now = petory_now(srv->db);
	int fallback;

	if (petory_jobs_status_get(&js, srv->db) == 0) {
		put(t,
			"# HELP petory_outbox_pending Mails and admin alerts "
			"not delivered yet.\n"
			"# TYPE petory_outbox_pending gauge\n"
			"petory_outbox_pending %lld\n"
			"# HELP petory_outbox_oldest_age_seconds Age of the "
			"oldest undelivered outbox row (0: none).\n"
			"# TYPE petory_outbox_oldest_age_seconds gauge\n"
			"petory_outbox_oldest_age_seconds %.3f\n",
			(long long)js.outbox_pending,
			js.outbox_oldest_at && now > js.outbox_oldest_at
				? (double)(now - js.outbox_oldest_at) / 1e3
				: 0.0);
		put(t, "# HELP petory_job_last_run_timestamp_seconds End of "
		       "the last run of each daily job, Unix time (0: "
		       "never).\n"
		       "# TYPE petory_job_last_run_timestamp_seconds gauge\n");
		put(t,
			"petory_job_last_run_timestamp_seconds{job=\"daily-"
			"notify\"} %.3f\n"
			"petory_job_last_run_timestamp_seconds{job=\""
			"notification-purge\"} %.3f\n"
			"petory_job_last_run_timestamp_seconds{job=\"account-"
			"lifecycle\"} %.3f\n",
			(double)js.daily_notify_at / 1e3,
			(double)js.purge_at / 1e3,
			(double)js.lifecycle_at / 1e3);
	}
	/* Its status says DOWN (EBACKEND) when Redis is: not an error
	 * here. */
	health.redis = PETORY_COMPONENT_DISABLED;
	if (srv->cfg->redis)
		(void)petory_health_get(&health, srv->db);
	fallback = health.redis == PETORY_COMPONENT_DOWN;
	put(t,
		"# HELP petory_redis_configured 1 when Redis is configured "
		"(--redis).\n# TYPE petory_redis_configured gauge\n"
		"petory_redis_configured %d\n"
		"# HELP petory_redis_fallback 1 while Redis is configured but "
		"down: the ranking serves from its SQLite fallback.\n"
		"# TYPE petory_redis_fallback gauge\n"
		"petory_redis_fallback %d\n",
		srv->cfg->redis ? 1 : 0, fallback);
}

char *metrics_render(struct server *srv)
{
	struct text t = { malloc(16384), 0, 16384, 0 };
	petory_stats st;
	uint64_t runs = 0, failures = 0;

	if (!t.buf)
		return NULL;
	t.buf[0] = '\0';
	render_requests(&t);
	put(&t,
		"# HELP petory_http_requests_in_flight Requests begun and not "
		"completed (open WebSockets included).\n"
		"# TYPE petory_http_requests_in_flight gauge\n"
		"petory_http_requests_in_flight %d\n",
		atomic_load(&srv->in_flight));
	if (petory_stats_get(&st, srv->db) == 0)
		put(&t,
			"# HELP petory_db_uses_total Database connection "
			"checkouts.\n# TYPE petory_db_uses_total counter\n"
			"petory_db_uses_total %llu\n"
			"# HELP petory_db_busy_seconds_total Time database "
			"connections were held.\n"
			"# TYPE petory_db_busy_seconds_total counter\n"
			"petory_db_busy_seconds_total %.6f\n"
			"# HELP petory_db_wait_seconds_total Time spent "
			"waiting "
			"for a free database connection.\n"
			"# TYPE petory_db_wait_seconds_total counter\n"
			"petory_db_wait_seconds_total %.6f\n"
			"# HELP petory_db_connections Connections of the "
			"pool.\n"
			"# TYPE petory_db_connections gauge\n"
			"petory_db_connections %zu\n",
			(unsigned long long)st.db_uses,
			(double)st.db_busy_us / 1e6,
			(double)st.db_wait_us / 1e6, st.db_connections);
	put(&t,
		"# HELP petory_websocket_connections Open WebSocket "
		"connections.\n# TYPE petory_websocket_connections gauge\n"
		"petory_websocket_connections %zu\n",
		ws_hub_count(srv->ws));
	scheduler_stats(&runs, &failures);
	put(&t,
		"# HELP petory_batch_runs_total Passes of the scheduled jobs "
		"(daily notifications, purge, lifecycle, reminders, outbox).\n"
		"# TYPE petory_batch_runs_total counter\n"
		"petory_batch_runs_total %llu\n"
		"# HELP petory_batch_failures_total Passes that failed.\n"
		"# TYPE petory_batch_failures_total counter\n"
		"petory_batch_failures_total %llu\n",
		(unsigned long long)runs, (unsigned long long)failures);
	render_jobs(&t, srv);
	if (t.failed) {
		free(t.buf);
		return NULL;
	}
	return t.buf;
}
