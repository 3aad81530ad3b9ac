/* metrics.h -- Prometheus metrics of petory-httpd (GET /actuator/prometheus,
 * alias /metrics): requests per route and status, latency histograms per
 * route and status class, the library's database counters, open WebSockets and
 * scheduler runs.  Recording is lock-free (atomic counters), from any thread.
 */
#ifndef HTTPD_METRICS_H
#define HTTPD_METRICS_H

#include <stdint.h>

struct route;
struct server;

/* Allocate the counters for the routing table; 0 or -1. */
int metrics_init(void);
void metrics_free(void);

/* One finished request: its route (NULL: no route matched), status (0:
 * the client left before the answer) and duration. */
void metrics_request(
	const struct route *rt, unsigned status, int64_t duration_us);

/* The exposition text (malloc'd, NUL-terminated); NULL when out of
 * memory. */
char *metrics_render(struct server *srv);

#endif
