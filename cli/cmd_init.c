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
	"date and print the schema version.  Safe to run again.\n"
	"\n"
	"Options:\n"
	"  --db PATH   database file (default $PETORY_DB, else ./petory.db)\n"
	"  --json      print {\"database\", \"schemaVersion\",\n"
	"              \"supportedVersion\"} as JSON\n"
	"  --verbose   show the library's log on stderr\n"
	"  -h, --help  show this help\n"
	"\n" CTL_EXIT_HELP;

int cmd_init(ctl *c, int argc, char **argv)
{
	petory *db = NULL;
	int rc, version;

	rc = ctl_parse(c, "init", init_help, argc, argv, NULL, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = ctl_open(&db, c, 1)) != 0)
		return rc;
	version = petory_schema_version(db);
	if (version < 0)
		rc = ctl_fail(version, "cannot read the schema version");
	petory_close(db);
	if (rc != 0)
		return rc;
	if (c->json)
		return ctl_print_json(json_pack("{s:s,s:i,s:i}", "database",
			c->db_path, "schemaVersion", version,
			"supportedVersion", petory_schema_version_supported()));
	printf("%s: schema version %d\n", c->db_path, version);
	return CTL_EXIT_OK;
}
