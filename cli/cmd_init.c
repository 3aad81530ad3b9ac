/* cmd_init.c -- "petoryctl init": create the database when it is missing,
 * apply every pending schema migration (petory_open does both) and report
 * the schema version.  Running it again on a current database changes
 * nothing.
 */
#include <stdio.h>

#include "args.h"
#include "output.h"

static const char init_help[] =
	"Usage: petoryctl [--db PATH] [--json] init\n"
	"\n"
	"Create the database if it does not exist, bring its schema up to\n"
	"date, load the shipped daily questions whose date is free and print\n"
	"the schema version.  Safe to run again.\n"
	"\n"
	"Options:\n"
	"  --db PATH   database file (default $PETORY_DB, else ./petory.db)\n"
	"              or postgres://USER@HOST:PORT/DB; --db-pool N: its "
	"connections\n"
	"  --json      print {\"database\", \"schemaVersion\",\n"
	"              \"supportedVersion\", \"dailyQuestionsLoaded\"} as "
	"JSON\n"
	"  --verbose   show the library's log on stderr\n"
	"  -h, --help  show this help\n"
	"\n" CTL_EXIT_HELP;

int cmd_init(ctl *c, int argc, char **argv)
{
	petory *db = NULL;
	int64_t questions = 0;
	int rc, version;

	rc = ctl_parse(c, "init", init_help, argc, argv, NULL, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = ctl_open(&db, c, 1)) != 0)
		return rc;
	version = petory_schema_version(db);
	if (version < 0)
		rc = ctl_fail(version, "cannot read the schema version");
	else if ((rc = petory_daily_questions_load(
			  db, petory_identity_system(), &questions)) < 0)
		rc = ctl_fail(rc, "cannot load the daily questions");
	petory_close(db);
	if (rc != 0)
		return rc;
	if (c->json)
		return ctl_print_json(json_pack("{s:s,s:i,s:i,s:I}", "database",
			ctl_db_name(c), "schemaVersion", version,
			"supportedVersion", petory_schema_version_supported(),
			"dailyQuestionsLoaded", (json_int_t)questions));
	printf("%s: schema version %d; shipped daily questions added by this "
	       "run: %lld (they load on first open; dates present are kept)\n",
		ctl_db_name(c), version, (long long)questions);
	return CTL_EXIT_OK;
}
