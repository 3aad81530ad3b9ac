/* cmd_files.c -- "petoryctl files …": uploaded files, for the operator.
 *
 *   files gc   remove files that were presigned long ago and never
 *              attached to anything (their records and their bytes)
 *
 * The storage is the server's: --files DIR (or $PETORY_FILES, else
 * ./files), or S3 when $PETORY_S3_BUCKET is set, with the same
 * PETORY_S3_* variables petory-httpd reads, so a cron job run with the
 * server's environment cleans the server's storage.
 */
#include <stdio.h>

#include "args.h"
#include "output.h"

#define DEFAULT_AGE_S (24 * 3600)

static const char files_help[] =
	"Usage: petoryctl [--db PATH] [--json] files <command> [options]\n"
	"\n"
	"Manage uploaded files.\n"
	"\n"
	"Commands:\n"
	"  gc       remove uploads never attached to anything\n"
	"\n"
	"Run 'petoryctl files <command> --help' for the options of each.\n"
	"\n" CTL_EXIT_HELP;

static const char gc_help[] =
	"Usage: petoryctl files gc [--older-than SECONDS] [--files DIR]\n"
	"\n"
	"Remove every file that was presigned more than SECONDS ago and was\n"
	"never attached to a pet, an album or another resource: its record\n"
	"and its bytes.  Leftovers of uploads interrupted by a crash go too.\n"
	"Files in use are never touched.  Safe to run from cron while the\n"
	"server runs.\n"
	"\n"
	"Options:\n"
	"  --older-than S  minimum age in seconds (default 86400, one "
	"day)\n" CTL_FILES_OPTION_HELP
	"  --db PATH       database file (default $PETORY_DB, else\n"
	"                  ./petory.db) or postgres://USER@HOST:PORT/DB;\n"
	"                  --db-pool N: its connections\n"
	"  --json          print {\"removed\": N} as JSON\n"
	"  --verbose       show the library's log on stderr\n"
	"  -h, --help      show this help\n"
	"\n" CTL_EXIT_HELP;

static int files_gc(ctl *c, int argc, char **argv)
{
	const char *cmd = "files gc";
	const char *older = NULL, *dir = NULL;
	const ctl_arg args[] = { { "older-than", CTL_ARG_STRING, &older },
		{ "files", CTL_ARG_STRING, &dir }, { NULL, 0, NULL } };
	petory_options opts = PETORY_OPTIONS_INIT;
	int64_t age = DEFAULT_AGE_S, removed = 0;
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, cmd, gc_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (older && (rc = ctl_parse_int(&age, cmd, "older-than", older, 0,
			      INT64_MAX / 1000)) != 0)
		return rc;
	ctl_files_options(&opts, dir);
	if ((rc = ctl_open_with(&db, c, 0, &opts)) != 0)
		return rc;
	error = petory_files_gc(&removed, db, petory_identity_system(), age);
	rc = error ? ctl_fail(error, "cannot clean up the files") : 0;
	petory_close(db);
	if (rc != 0)
		return rc;
	if (c->json)
		return ctl_print_json(
			json_pack("{s:I}", "removed", (json_int_t)removed));
	printf("%lld unused %s removed\n", (long long)removed,
		removed == 1 ? "file" : "files");
	return CTL_EXIT_OK;
}

static const ctl_command files_commands[] = {
	{ "gc", files_gc },
	{ NULL, NULL },
};

int cmd_files(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "files", files_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("files", "missing the files command");
	if (!(sub = ctl_find(files_commands, argv[rest])))
		return ctl_usage(
			"files", "unknown files command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
