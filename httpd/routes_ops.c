/* routes_ops.c -- operations endpoints: health and the OpenAPI document.
 *
 * Health is UP when the relational store answers; a failing database
 * makes it DOWN with 503 (the reason is logged, not shown).  Redis is
 * reported DISABLED when not configured and UNKNOWN when configured,
 * since this version does not use it yet.
 */
#include <petory.h>

#include "http_util.h"
#include "log.h"
#include "routes.h"
#include "static_files.h"

void route_ops_health(struct request *r)
{
	int up = petory_health_check(r->srv->db) == 0;
	json_t *redis;

	if (!up)
		log_msg(PETORY_LOG_ERROR, "health: database check failed: %s",
			petory_error_last()->message);
	if (r->srv->cfg->redis)
		redis = json_pack("{s:s, s:s}", "status", "UNKNOWN", "detail",
			"configured but not used by this version");
	else
		redis = json_pack("{s:s}", "status", "DISABLED");
	reply_json(r, up ? 200 : 503,
		json_pack("{s:s, s:{s:{s:s}, s:o}}", "status",
			up ? "UP" : "DOWN", "components", "db", "status",
			up ? "UP" : "DOWN", "redis", redis));
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
