/* cmd_rank.c -- "petoryctl rank rebuild": recompute every board of the
 * place ranking (ALL and one per type) from the SQL likes, in the
 * database (SQLite or PostgreSQL, whose boards are read from the places
 * themselves) or, with --redis URL (or $PETORY_REDIS_URL), in that Redis.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory/json.h>

#include "args.h"
#include "output.h"

static const char rank_help[] =
	"Usage: petoryctl [--db PATH] [--json] rank rebuild [--redis URL]\n"
	"\n"
	"Rebuild every board of the place ranking (ALL and one per place\n"
	"type) from the likes in the database, which are the truth.\n"
	"\n"
	"Options:\n"
	"  --redis URL  rebuild the boards in this Redis (default\n"
	"               $PETORY_REDIS_URL; none: the database's boards)\n"
	"  --db PATH    database file (default $PETORY_DB, else ./petory.db)\n"
	"               or postgres://USER@HOST:PORT/DB; --db-pool N: its "
	"connections\n"
	"  --json       print {\"rankedPlaces\": N, \"store\": NAME}\n"
	"  --verbose    show the library's log on stderr\n"
	"  -h, --help   show this help\n"
	"\n" CTL_EXIT_HELP;

static int rank_rebuild(ctl *c, int argc, char **argv)
{
	const char *cmd = "rank rebuild";
	const char *env = getenv("PETORY_REDIS_URL");
	const char *redis = env && *env ? env : NULL;
	const ctl_arg args[] = { { "redis", CTL_ARG_STRING, &redis },
		{ NULL, 0, NULL } };
	const char *store = "redis", *shown = "Redis";
	int64_t places = 0;
	petory_health health;
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, cmd, rank_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	c->redis_url = redis;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	if (redis && petory_health_get(&health, db) < 0 &&
		health.redis != PETORY_COMPONENT_UP) {
		petory_close(db);
		return ctl_error(CTL_EXIT_DATABASE, "REDIS_UNAVAILABLE",
			"Redis at the given URL does not answer");
	}
	if (!redis && petory_database_is_url(c->db_path)) {
		store = "postgres";
		shown = "PostgreSQL";
	} else if (!redis) {
		store = "sqlite";
		shown = "SQLite";
	}
	error = petory_place_rank_rebuild(
		&places, db, petory_identity_system());
	if (error)
		rc = ctl_fail(error, "cannot rebuild the ranking");
	else if (c->json)
		rc = ctl_print_json(json_pack("{s:I, s:s}", "rankedPlaces",
			(json_int_t)places, "store", store));
	else
		printf("ranking rebuilt in %s: %lld ranked places\n", shown,
			(long long)places);
	petory_close(db);
	return rc;
}

static const ctl_command rank_commands[] = {
	{ "rebuild", rank_rebuild },
	{ NULL, NULL },
};

int cmd_rank(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "rank", rank_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("rank", "missing the rank command");
	sub = ctl_find(rank_commands, argv[rest]);
	if (!sub)
		return ctl_usage(
			"rank", "unknown rank command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
