/* main.c -- petoryctl: the command line of PETORY over the public API of
 * libpetory.  This file holds the global flags, the top-level help with
 * the exit-status table, the dispatch table of commands, and the small
 * "version" and "help" commands.
 *
 *   petoryctl [--db PATH|URL] [--db-pool N] [--json] [--verbose] <command>
 *             [options]
 */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "output.h"

static const char main_help[] =
	"Usage: petoryctl [--db PATH|URL] [--db-pool N] [--json] [--verbose] "
	"<command> [options]\n"
	"\n"
	"The command line of PETORY: set up the database, manage accounts,\n"
	"clean up uploaded files, back up, restore, inspect, and move to\n"
	"PostgreSQL.\n"
	"\n"
	"Commands:\n"
	"  init            create or migrate the database, print its schema\n"
	"                  version\n"
	"  user create     create an account (--admin for an administrator)\n"
	"  user list       list accounts, newest first\n"
	"  user show       show one account\n"
	"  user grant      give a user a role\n"
	"  user revoke     take a role away from a user\n"
	"  user suspend    suspend a user; their sessions end at once\n"
	"  user restore    lift a suspension\n"
	"  batch daily-notify [--date D]  the DAILY_QUESTION fan-out\n"
	"  jobs run        run the daily jobs that are due\n"
	"  rank rebuild    rebuild the place ranking from the SQL likes\n"
	"  places import   import places from bookmark JSON files\n"
	"  files gc        remove uploads never attached to anything\n"
	"  pets growth export --pet ID  a pet's growth diary as CSV\n"
	"  backup FILE     consistent copy of the database and its files\n"
	"                  while the server runs (FILE, FILE.files/)\n"
	"  restore FILE    restore a backup into an empty --db and --files\n"
	"  stats           users, rows, sizes, outbox and jobs at a glance\n"
	"  migrate-to URL  copy the database into an empty PostgreSQL\n"
	"                  database, counts checked on both sides\n"
	"  keys list       the keys that sign access tokens, by key id\n"
	"  keys rotate     a new current signing key; older tokens keep\n"
	"                  working until they expire\n"
	"  version         print the versions of petoryctl and libpetory\n"
	"  help [COMMAND]  show the help of a command\n"
	"\n"
	"Global options (before or after the command):\n"
	"  --db PATH   database file (default $PETORY_DB, else ./petory.db),\n"
	"              or a PostgreSQL database: --db postgres://USER@HOST:\n"
	"              PORT/DB (or postgresql://, libpq's query parameters\n"
	"              allowed; a password is better in ~/.pgpass or\n"
	"              PGPASSWORD than on the command line)\n"
	"  --db-pool N database connections, 1 to 1024 (default\n"
	"              $PETORY_DB_POOL, else the command's own)\n"
	"  --json      machine-readable output, the same JSON as the HTTP API\n"
	"  --verbose   show the library's log on stderr\n"
	"  --secrets-file PATH  signing keys from this owner-only file\n"
	"              (name=value lines: jwt_key, jwt_previous_keys,\n"
	"              url_key; what it lacks from $PETORY_JWT_KEY,\n"
	"              $PETORY_JWT_PREVIOUS_KEYS, $PETORY_URL_KEY); such\n"
	"              keys are never written to the database\n"
	"  -h, --help  show help; every command and sub-command takes it\n"
	"\n"
	"Only init and user create make a missing database file; the other\n"
	"commands refuse it (a PostgreSQL database must exist; every\n"
	"command migrates it).  backup, restore and stats work on SQLite\n"
	"only (on PostgreSQL use pg_dump and pg_restore).  A failure prints\n"
	"one line on stderr:\n"
	"  petoryctl: <message> [<REASON>]\n"
	"\n" CTL_EXIT_HELP;

static const char version_help[] =
	"Usage: petoryctl version [--json]\n"
	"\n"
	"Print the versions of petoryctl and of the libpetory it runs with,\n"
	"and the newest database schema that libpetory knows.\n"
	"\n"
	"Options:\n"
	"  --json      print them as JSON\n"
	"  -h, --help  show this help\n";

static const char help_help[] =
	"Usage: petoryctl help [COMMAND [SUB-COMMAND]]\n"
	"\n"
	"Show the help of petoryctl or of one command, as --help does.\n";

static int cmd_version(ctl *c, int argc, char **argv)
{
	int rc;

	rc = ctl_parse(c, "version", version_help, argc, argv, NULL, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (c->json)
		return ctl_print_json(json_pack("{s:s,s:s,s:i}", "petoryctl",
			PETORY_VERSION_STRING, "libpetory",
			petory_version_string(), "schemaVersion",
			petory_schema_version_supported()));
	printf("petoryctl %s (libpetory %s, database schema %d)\n",
		PETORY_VERSION_STRING, petory_version_string(),
		petory_schema_version_supported());
	return CTL_EXIT_OK;
}

static int cmd_help(ctl *c, int argc, char **argv);

static const ctl_command commands[] = {
	{ "init", cmd_init },
	{ "user", cmd_user },
	{ "batch", cmd_batch },
	{ "jobs", cmd_jobs },
	{ "rank", cmd_rank },
	{ "places", cmd_places },
	{ "files", cmd_files },
	{ "pets", cmd_pets },
	{ "backup", cmd_backup },
	{ "restore", cmd_restore },
	{ "stats", cmd_stats },
	{ "migrate-to", cmd_migrate_to },
	{ "keys", cmd_keys },
	{ "version", cmd_version },
	{ "help", cmd_help },
	{ NULL, NULL },
};

/* "help X Y" runs "X Y --help". */
static int cmd_help(ctl *c, int argc, char **argv)
{
	static char help_flag[] = "--help";
	const ctl_command *cmd;
	char *args[4];
	int rc, rest, n;

	rc = ctl_parse(c, "help", help_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc) {
		fputs(main_help, stdout);
		return CTL_EXIT_OK;
	}
	if (argc - rest > 2)
		return ctl_usage("help", "too many arguments");
	cmd = ctl_find(commands, argv[rest]);
	if (!cmd)
		return ctl_usage(NULL, "unknown command '%s'", argv[rest]);
	for (n = 0; rest + n < argc; n++)
		args[n] = argv[rest + n];
	args[n++] = help_flag;
	args[n] = NULL;
	return cmd->run(c, n, args);
}

int main(int argc, char **argv)
{
	const char *env = getenv("PETORY_DB");
	const char *pool = getenv("PETORY_DB_POOL");
	const ctl_command *cmd;
	ctl c = { .db_path = NULL };
	int rc, rest;

	c.db_path = env && *env ? env : "./petory.db";
	if (pool && *pool &&
		ctl_parse_db_pool(&c, NULL, "PETORY_DB_POOL", pool) != 0)
		return CTL_EXIT_USAGE;
	rc = ctl_parse(&c, NULL, main_help, argc, argv, NULL, &rest);
	if (rc == CTL_PARSED_HELP)
		rc = CTL_EXIT_OK;
	else if (rc == 0 && rest >= argc)
		rc = ctl_usage(NULL, "missing command");
	else if (rc == 0 && !(cmd = ctl_find(commands, argv[rest])))
		rc = ctl_usage(NULL, "unknown command '%s'", argv[rest]);
	else if (rc == 0)
		rc = cmd->run(&c, argc - rest, argv + rest);
	if (fflush(stdout) != 0 && rc == CTL_EXIT_OK)
		rc = ctl_error(CTL_EXIT_INTERNAL, "IO_ERROR",
			"cannot write to standard output");
	return rc;
}
