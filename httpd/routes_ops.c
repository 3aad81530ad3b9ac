/* routes_ops.c -- operations endpoints: health, metrics and the OpenAPI
 * document.
 *
 * Health is UP when every configured dependency answers (the database,
 * and Redis when --redis is given); anything DOWN makes it 503, with the
 * reason logged, not shown.  Redis is DISABLED when not configured.  The
 * websocket component counts the open WebSocket connections.
 */
#include <stdlib.h>
#include <string.h>

#include <petory.h>

#include "http_util.h"
#include "log.h"
#include "metrics.h"
#include "routes.h"
#include "static_files.h"
#include "ws_hub.h"

void route_ops_health(struct request *r)
{
	petory_health h;
	int up = petory_health_get(&h, r->srv->db) == 0;

	if (!up)
		log_msg(PETORY_LOG_ERROR, "health: %s (db %s, redis %s)",
			petory_error_last()->message,
			petory_component_status_name(h.db),
			petory_component_status_name(h.redis));
	reply_json(r, up ? 200 : 503,
		json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s, s:I}}}", "status",
			up ? "UP" : "DOWN", "components", "db", "status",
			petory_component_status_name(h.db), "redis", "status",
			petory_component_status_name(h.redis), "websocket",
			"status", "UP", "connections",
			(json_int_t)ws_hub_count(r->srv->ws)));
}

void route_ops_openapi(struct request *r)
{
	const struct asset *a = asset_find("openapi.json");

	if (!a) {
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	}
	reply_asset(r, a, "application/json");
}

void route_ops_metrics(struct request *r)
{
	char *text = metrics_render(r->srv);

	if (!text) {
		reply_problem(
			r, 503, "OUT_OF_MEMORY", "the server is out of memory");
		return;
	}
	reply_data(r, 200, "text/plain; version=0.0.4; charset=utf-8", text,
		strlen(text), 0);
	free(text);
}
