/* cmd_migrate.c -- "petoryctl migrate-to URL": copy the SQLite database
 * of --db into an empty PostgreSQL database and print, per table, the
 * counts checked on both sides.
 *
 * The source is first opened with the library like every command does,
 * which migrates it to this build's schema (and refuses a missing file);
 * the copy itself is the library's (petory_migrate_to in petory/ops.h);
 * this file parses, calls and reports.  On a terminal a progress bar is
 * drawn on stderr.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "output.h"

static const char migrate_help[] =
	"Usage: petoryctl [--db PATH] [--json] migrate-to URL\n"
	"\n"
	"Copy the SQLite database PATH into the empty PostgreSQL database at\n"
	"URL (postgres://USER[:PASSWORD]@HOST:PORT/DATABASE; libpq's query\n"
	"parameters such as ?sslmode=require are accepted).  PATH is opened\n"
	"first, which migrates it to this build's schema; URL gets the same\n"
	"schema from the PostgreSQL migrations, then every table with its\n"
	"ids, blobs and NULLs exact, in one transaction, read from one\n"
	"snapshot of PATH (the server may keep running on PATH; what it\n"
	"writes after the snapshot is not copied: stop it for the switch).\n"
	"Each identity sequence is set past the largest copied id.  Every\n"
	"table's row count is read back from PostgreSQL and compared with\n"
	"SQLite's before the commit; a difference rolls everything back.\n"
	"The SQLite tables PostgreSQL replaces with indexes (the boards'\n"
	"FTS5 index, the places' R*Tree) are not copied.  Then start\n"
	"petory-httpd with --db URL.  The files (--files, S3) are not\n"
	"touched: the copy references the same keys.  On a terminal a\n"
	"progress bar is drawn on stderr.\n"
	"\n"
	"URL must be an empty database: if any table holds a row, nothing is\n"
	"written, not even the schema (exit status 4, TARGET_NOT_EMPTY).\n"
	"\n"
	"Options:\n"
	"  --db PATH       the SQLite database to copy (default $PETORY_DB,\n"
	"                  else ./petory.db)\n"
	"  --json          print {\"source\", \"target\" (the URL without\n"
	"                  its password), \"schemaVersion\", \"tables\":\n"
	"                  {NAME: {\"sqlite\", \"postgres\", \"nextId\"}},\n"
	"                  \"tableCount\", \"skipped\", \"rows\",\n"
	"                  \"durationMs\"}\n"
	"  --verbose       show the library's log on stderr\n"
	"  -h, --help      show this help\n"
	"\n"
	"Refusals: no PATH (3, DATABASE_NOT_FOUND); URL not a PostgreSQL URL\n"
	"(5, INVALID_DATABASE_URL); PostgreSQL unreachable (7,\n"
	"DATABASE_UNAVAILABLE); URL not empty (4, TARGET_NOT_EMPTY); the\n"
	"schemas differ (7, SCHEMA_MISMATCH); a count differs after the copy\n"
	"(1, MIGRATION_COUNT_MISMATCH).\n"
	"\n" CTL_EXIT_HELP;

static int is_postgres_url(const char *s)
{
	return strncmp(s, "postgres://", 11) == 0 ||
	       strncmp(s, "postgresql://", 13) == 0;
}

static int print_json(const ctl *c, const petory_migrate_report *rep)
{
	json_t *tables = json_object(), *skipped = json_array(), *root;
	size_t i;

	for (i = 0; tables && i < rep->table_count; i++) {
		const petory_migrate_table *t = &rep->tables[i];
		json_object_set_new(tables, t->name,
			json_pack("{s:I,s:I,s:o}", "sqlite",
				(json_int_t)t->source_rows, "postgres",
				(json_int_t)t->target_rows, "nextId",
				t->next_id ? json_integer(t->next_id)
					   : json_null()));
	}
	for (i = 0; skipped && i < rep->skipped_count; i++)
		json_array_append_new(skipped, json_string(rep->skipped[i]));
	root = json_pack("{s:s,s:s,s:i,s:o,s:I,s:o,s:I,s:I}", "source",
		c->db_path, "target", rep->target, "schemaVersion",
		rep->schema_version, "tables", tables, "tableCount",
		(json_int_t)rep->table_count, "skipped", skipped, "rows",
		(json_int_t)rep->rows, "durationMs",
		(json_int_t)rep->duration_ms);
	return ctl_print_json(root);
}

static void print_text(const ctl *c, const petory_migrate_report *rep)
{
	size_t i;

	printf("%s -> %s (schema version %d)\n", c->db_path, rep->target,
		rep->schema_version);
	printf("%-28s %12s %12s %10s\n", "table", "sqlite", "postgres",
		"next id");
	for (i = 0; i < rep->table_count; i++) {
		const petory_migrate_table *t = &rep->tables[i];
		char next[24] = "-";

		if (t->next_id)
			snprintf(next, sizeof(next), "%lld",
				(long long)t->next_id);
		printf("%-28s %12lld %12lld %10s\n", t->name,
			(long long)t->source_rows, (long long)t->target_rows,
			next);
	}
	if (rep->skipped_count) {
		printf("not copied (PostgreSQL indexes replace them):");
		for (i = 0; i < rep->skipped_count; i++)
			printf("%s %s", i ? "," : "", rep->skipped[i]);
		printf("\n");
	}
	printf("%zu tables, %lld rows copied; every count checked on both "
	       "sides; took %lld ms\n",
		rep->table_count, (long long)rep->rows,
		(long long)rep->duration_ms);
}

int cmd_migrate_to(ctl *c, int argc, char **argv)
{
	const char *cmd = "migrate-to", *url;
	petory_options opts = PETORY_OPTIONS_INIT;
	petory_migrate_report rep;
	petory *db = NULL;
	int rc, rest, error;

	rc = ctl_parse(c, cmd, migrate_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage(cmd, "missing the PostgreSQL URL");
	url = argv[rest];
	/* Options may follow the URL; argv[rest] stands for the name. */
	rc = ctl_parse(
		c, cmd, migrate_help, argc - rest, argv + rest, NULL, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (!*url)
		return ctl_usage(cmd, "the PostgreSQL URL is empty");
	/* The library checks the URL too, but only after the source was
	 * opened (and migrated): refuse the obvious mistake first. */
	if (!is_postgres_url(url))
		return ctl_error(CTL_EXIT_INVALID, "INVALID_DATABASE_URL",
			"migrate-to URL: '%s' is not a PostgreSQL URL: "
			"expected postgres://USER@HOST:PORT/DATABASE",
			url);
	if (is_postgres_url(c->db_path))
		return ctl_usage(cmd,
			"--db names the SQLite database to copy, not a "
			"PostgreSQL URL");

	/* Open (and so migrate) the source with this build, as every
	 * command does; a missing file is refused there. */
	opts.pool_size = 1;
	if ((rc = ctl_open_with(&db, c, 0, &opts)) != 0)
		return rc;
	petory_close(db);

	error = petory_migrate_to(&rep, c->db_path, url,
		isatty(STDERR_FILENO) && !c->json ? ctl_progress_bar : NULL,
		NULL);
	if (error) {
		const petory_error *e = petory_error_last();
		/* A bad URL names the argument it came from. */
		if (e->reason && strcmp(e->reason, "INVALID_DATABASE_URL") == 0)
			return ctl_fail(error, "migrate-to URL");
		return ctl_fail(error, "migrate-to");
	}
	if (c->json)
		return print_json(c, &rep);
	print_text(c, &rep);
	return CTL_EXIT_OK;
}
