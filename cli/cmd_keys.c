/* cmd_keys.c -- "petoryctl keys list" and "petoryctl keys rotate": the
 * keys that sign access tokens, by key id (petory/keys.h).  Neither ever
 * prints a key, only its id and dates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <petory/keys.h>

#include "args.h"
#include "output.h"

static const char keys_help[] =
	"Usage: petoryctl [--db PATH] [--secrets-file PATH] [--json] keys "
	"list|rotate\n"
	"\n"
	"The keys that sign access tokens, by key id (kid).\n"
	"\n"
	"  keys list    the keys, the current one first: its kid, when it\n"
	"               was made and retired, until when the tokens it signed\n"
	"               may still verify, and whether it is external (from\n"
	"               the secrets file or the environment)\n"
	"  keys rotate  make a new current key; tokens signed before keep\n"
	"               working until they expire, and retired keys whose\n"
	"               tokens have all expired are dropped.  External keys\n"
	"               are rotated where they come from (exit 4).\n"
	"\n"
	"Options:\n"
	"  --access-ttl S       the server's access-token lifetime, seconds\n"
	"                       (default $PETORY_ACCESS_TTL, else 900): how\n"
	"                       long a retired key must still verify\n"
	"  --db PATH            database file or postgres:// URL\n"
	"  --secrets-file PATH  keys from this owner-only file (see\n"
	"                       docs/configuration.md)\n"
	"  --json               print the keys as JSON\n"
	"  -h, --help           show this help\n"
	"\n" CTL_EXIT_HELP;

/* Open the database with the server's access-token lifetime. */
static int open_keys(petory **db, ctl *c, const char *cmd, const char *ttl)
{
	petory_options opts = PETORY_OPTIONS_INIT;
	int64_t seconds = 0;
	const char *env = getenv("PETORY_ACCESS_TTL");
	if (!ttl && env && *env)
		ttl = env;
	if (ttl && ctl_parse_int(
			   &seconds, cmd, "access-ttl", ttl, 1, INT32_MAX) != 0)
		return CTL_EXIT_USAGE;
	opts.access_ttl_s = seconds;
	return ctl_open_with(db, c, 0, &opts);
}

static json_t *key_json(const petory_signing_key_info *k)
{
	char created[32], retired[32], until[32];
	if (k->created_at)
		petory_time_format(created, sizeof(created), k->created_at);
	if (k->retired_at)
		petory_time_format(retired, sizeof(retired), k->retired_at);
	if (k->verifies_until)
		petory_time_format(until, sizeof(until), k->verifies_until);
	return json_pack("{s:s, s:b, s:b, s:b, s:s?, s:s?, s:s?}", "kid",
		k->kid, "current", k->current, "original", k->original,
		"external", k->external, "createdAt",
		k->created_at ? created : NULL, "retiredAt",
		k->retired_at ? retired : NULL, "verifiesUntil",
		k->verifies_until ? until : NULL);
}

static void key_print(const petory_signing_key_info *k)
{
	char created[32] = "-", until[32] = "-";
	if (k->created_at)
		petory_time_format(created, sizeof(created), k->created_at);
	if (k->verifies_until)
		petory_time_format(until, sizeof(until), k->verifies_until);
	printf("%-12s %-9s created %-20s verifies until %-20s%s%s\n", k->kid,
		k->current ? "current" : "retired", created,
		k->current ? "-" : until, k->external ? " external" : "",
		k->original ? " original" : "");
}

static int keys_list(ctl *c, int argc, char **argv)
{
	petory_signing_key_info *keys = NULL;
	const char *ttl = NULL;
	const ctl_arg args[] = { { "access-ttl", CTL_ARG_STRING, &ttl },
		{ NULL, 0, NULL } };
	size_t n = 0, i;
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, "keys list", keys_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = open_keys(&db, c, "keys list", ttl)) != 0)
		return rc;
	if ((error = petory_keys_list(&keys, &n, db)) < 0)
		rc = ctl_fail(error, "cannot list the keys");
	else if (c->json) {
		json_t *list = json_array();
		for (i = 0; list && i < n; i++)
			json_array_append_new(list, key_json(&keys[i]));
		rc = ctl_print_json(list);
	} else
		for (i = 0; i < n; i++)
			key_print(&keys[i]);
	free(keys);
	petory_close(db);
	return rc;
}

static int keys_rotate(ctl *c, int argc, char **argv)
{
	petory_signing_key_info current;
	const char *ttl = NULL;
	const ctl_arg args[] = { { "access-ttl", CTL_ARG_STRING, &ttl },
		{ NULL, 0, NULL } };
	size_t dropped = 0;
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, "keys rotate", keys_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = open_keys(&db, c, "keys rotate", ttl)) != 0)
		return rc;
	if ((error = petory_keys_rotate(&current, &dropped, db)) < 0)
		rc = ctl_fail(error, "cannot rotate the keys");
	else if (c->json)
		rc = ctl_print_json(json_pack("{s:o, s:I}", "current",
			key_json(&current), "dropped", (json_int_t)dropped));
	else
		printf("new current key %s; %zu expired %s dropped\n",
			current.kid, dropped, dropped == 1 ? "key" : "keys");
	petory_close(db);
	return rc;
}

static const ctl_command keys_commands[] = {
	{ "list", keys_list },
	{ "rotate", keys_rotate },
	{ NULL, NULL },
};

int cmd_keys(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "keys", keys_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("keys", "missing the keys command");
	sub = ctl_find(keys_commands, argv[rest]);
	if (!sub)
		return ctl_usage(
			"keys", "unknown keys command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
