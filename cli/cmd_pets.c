/* cmd_pets.c -- "petoryctl pets …": pets, for the operator.
 *
 *   pets growth export --pet ID [--from D] [--to D]
 *              a pet's growth diary as CSV on stdout, the same bytes as
 *              GET /pets/{id}/growth.csv (RFC 4180, CRLF line ends)
 *
 * Acts as the system identity, which may read any live pet's diary.
 */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "output.h"

static const char pets_help[] =
	"Usage: petoryctl [--db PATH] pets <command> [options]\n"
	"\n"
	"Pets, for the operator.\n"
	"\n"
	"Commands:\n"
	"  growth export  a pet's growth diary as CSV on stdout\n"
	"\n"
	"Run 'petoryctl pets growth export --help' for its options.\n"
	"\n" CTL_EXIT_HELP;

static const char growth_help[] =
	"Usage: petoryctl [--db PATH] pets growth <command> [options]\n"
	"\n"
	"A pet's growth diary.\n"
	"\n"
	"Commands:\n"
	"  export   the diary as CSV on stdout\n"
	"\n" CTL_EXIT_HELP;

static const char export_help[] =
	"Usage: petoryctl pets growth export --pet ID [--from DATE] "
	"[--to DATE]\n"
	"\n"
	"Print the growth diary of pet ID (live pets only), oldest first, as\n"
	"CSV (RFC 4180: CRLF line ends, quoted fields where needed) with the\n"
	"header row date,weight_kg,length_cm,note; the same bytes as\n"
	"GET /pets/{id}/growth.csv.  A note starting with =, +, -, @, a tab\n"
	"or a carriage return gets a leading ' so that spreadsheets do not\n"
	"run it as a formula.\n"
	"\n"
	"Options:\n"
	"  --pet ID     the pet (required)\n"
	"  --from DATE  first date, YYYY-MM-DD (inclusive)\n"
	"  --to DATE    last date, YYYY-MM-DD (inclusive, not before --from)\n"
	"  --db PATH    database file (default $PETORY_DB, else ./petory.db)\n"
	"               or postgres://USER@HOST:PORT/DB\n"
	"  --verbose    show the library's log on stderr\n"
	"  -h, --help   show this help\n"
	"\n" CTL_EXIT_HELP;

static int growth_export(ctl *c, int argc, char **argv)
{
	const char *cmd = "pets growth export";
	const char *pet = NULL, *from = NULL, *to = NULL;
	const ctl_arg args[] = { { "pet", CTL_ARG_STRING, &pet },
		{ "from", CTL_ARG_STRING, &from },
		{ "to", CTL_ARG_STRING, &to }, { NULL, 0, NULL } };
	petory_growth_range list;
	int64_t pet_id = 0;
	petory *db = NULL;
	char *csv = NULL;
	size_t len = 0;
	int rc, error;

	rc = ctl_parse(c, cmd, export_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (!pet)
		return ctl_usage(cmd, "missing --pet");
	if ((rc = ctl_parse_int(&pet_id, cmd, "pet", pet, 1, INT64_MAX)) != 0)
		return rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	error = petory_growth_list(
		&list, db, petory_identity_system(), pet_id, from, to);
	if (!error) {
		error = petory_growth_csv(&csv, &len, &list);
		petory_growth_range_dispose(&list);
	}
	rc = error ? ctl_fail(error, "cannot export the growth diary") : 0;
	petory_close(db);
	if (rc != 0)
		return rc;
	if (fwrite(csv, 1, len, stdout) != len || fflush(stdout) != 0)
		rc = ctl_error(CTL_EXIT_INTERNAL, NULL, "cannot write stdout");
	petory_free(csv);
	return rc;
}

static const ctl_command growth_commands[] = {
	{ "export", growth_export },
	{ NULL, NULL },
};

static int pets_growth(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "pets growth", growth_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("pets growth", "missing the growth command");
	if (!(sub = ctl_find(growth_commands, argv[rest])))
		return ctl_usage("pets growth", "unknown growth command '%s'",
			argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}

static const ctl_command pets_commands[] = {
	{ "growth", pets_growth },
	{ NULL, NULL },
};

int cmd_pets(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "pets", pets_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("pets", "missing the pets command");
	if (!(sub = ctl_find(pets_commands, argv[rest])))
		return ctl_usage(
			"pets", "unknown pets command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
