/* cmd_backup.c -- "petoryctl backup FILE" and "petoryctl restore FILE":
 * a consistent copy of a running installation (the database and the
 * local file store beside it), and putting one back into an empty place.
 * The work is the library's (petory/ops.h); this file parses, calls and
 * reports.
 */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "output.h"

static const char backup_help[] =
	"Usage: petoryctl [--db PATH] [--json] backup FILE [--files DIR]\n"
	"\n"
	"Take a consistent backup of the database while petory-httpd runs\n"
	"and writes: FILE is a copy of the database (SQLite's online backup\n"
	"API over one snapshot, written under a temporary name, checked with\n"
	"PRAGMA integrity_check, then moved into place) and FILE.files/ a\n"
	"copy of the local file store holding exactly the files the copy\n"
	"references (uploaded or attached).  With S3 ($PETORY_S3_BUCKET) no\n"
	"files are copied: back the bucket up with S3 versioning or\n"
	"replication; the copy references its keys.  FILE and FILE.files must\n"
	"not exist: a backup never overwrites (exit status 4).\n"
	"\n"
	"Options:\n" CTL_FILES_OPTION_HELP
	"  --db PATH       database file (default $PETORY_DB, else\n"
	"                  ./petory.db); a PostgreSQL database is backed up\n"
	"                  with pg_dump instead\n"
	"  --json          print {\"backup\", \"filesDir\" (null with S3),\n"
	"                  \"databaseBytes\", \"pages\", \"files\",\n"
	"                  \"fileBytes\", \"filesMissing\", \"durationMs\"}\n"
	"  --verbose       show the library's log on stderr\n"
	"  -h, --help      show this help\n"
	"\n" CTL_EXIT_HELP;

static const char restore_help[] =
	"Usage: petoryctl restore FILE --db NEWPATH [--files NEWDIR] [--json]\n"
	"\n"
	"Restore a backup made by 'petoryctl backup' into an empty place: the\n"
	"database FILE into NEWPATH and the files of FILE.files/ into NEWDIR.\n"
	"NEWPATH must not exist (or be an empty file) and NEWDIR must not\n"
	"exist or be empty: otherwise nothing is written (exit status 4).\n"
	"The backup is checked with PRAGMA integrity_check first (a damaged\n"
	"backup: exit status 5).  Then start petory-httpd with --db NEWPATH\n"
	"--files NEWDIR.\n"
	"\n"
	"Options:\n"
	"  --db PATH       where the database goes (default $PETORY_DB, else\n"
	"                  ./petory.db): a SQLite file (into PostgreSQL:\n"
	"                  restore here, then petoryctl migrate-to)\n"
	"  --files DIR     where the files go (default $PETORY_FILES); needed\n"
	"                  when the backup holds files\n"
	"  --json          print {\"database\", \"filesDir\", "
	"\"schemaVersion\",\n"
	"                  \"databaseBytes\", \"files\", \"fileBytes\",\n"
	"                  \"filesMissing\"}\n"
	"  --verbose       show the library's log on stderr\n"
	"  -h, --help      show this help\n"
	"\n" CTL_EXIT_HELP;

static void log_to_stderr(
	petory_log_level level, const char *message, void *payload)
{
	(void)payload;
	fprintf(stderr, "petoryctl: %s: %s\n", petory_log_level_name(level),
		message);
}

/* One positional FILE among the options, before or after them. */
static int parse_with_file(ctl *c, const char *cmd, const char *help, int argc,
	char **argv, const ctl_arg *args, const char **file)
{
	int rc, rest;

	rc = ctl_parse(c, cmd, help, argc, argv, args, &rest);
	if (rc != 0)
		return rc;
	if (rest >= argc)
		return ctl_usage(cmd, "missing the backup FILE");
	*file = argv[rest];
	if (!**file)
		return ctl_usage(cmd, "the backup FILE is empty");
	/* The options after FILE; argv[rest] stands for the command name. */
	return ctl_parse(c, cmd, help, argc - rest, argv + rest, args, NULL);
}

int cmd_backup(ctl *c, int argc, char **argv)
{
	const char *cmd = "backup", *file = NULL, *dir = NULL;
	const ctl_arg args[] = { { "files", CTL_ARG_STRING, &dir },
		{ NULL, 0, NULL } };
	petory_options opts = PETORY_OPTIONS_INIT;
	petory_backup_report rep;
	petory *db = NULL;
	char what[1100];
	int rc, error;

	rc = parse_with_file(c, cmd, backup_help, argc, argv, args, &file);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	ctl_files_options(&opts, dir);
	/* Two connections: the snapshot's and the open's own reads. */
	opts.pool_size = 2;
	if ((rc = ctl_open_with(&db, c, 0, &opts)) != 0)
		return rc;
	/* Missing files are warnings of the library: show them. */
	if (!c->verbose)
		petory_log_set(PETORY_LOG_WARN, log_to_stderr, NULL);
	error = petory_backup(&rep, db, petory_identity_system(), file);
	petory_close(db);
	if (error) {
		snprintf(what, sizeof(what), "backup to '%s'", file);
		return ctl_fail(error, what);
	}
	if (c->json) {
		char files_dir[1100];

		snprintf(files_dir, sizeof(files_dir), "%s.files", file);
		return ctl_print_json(json_pack(
			"{s:s,s:s?,s:I,s:I,s:I,s:I,s:I,s:I}", "backup", file,
			"filesDir", rep.files_copied ? files_dir : NULL,
			"databaseBytes", (json_int_t)rep.db_bytes, "pages",
			(json_int_t)rep.db_pages, "files",
			(json_int_t)rep.files, "fileBytes",
			(json_int_t)rep.file_bytes, "filesMissing",
			(json_int_t)rep.files_missing, "durationMs",
			(json_int_t)rep.duration_ms));
	}
	printf("%s: database copy of %lld bytes (%lld pages), checked\n", file,
		(long long)rep.db_bytes, (long long)rep.db_pages);
	if (rep.files_copied)
		printf("%s.files: %lld %s, %lld bytes\n", file,
			(long long)rep.files, rep.files == 1 ? "file" : "files",
			(long long)rep.file_bytes);
	else
		printf("files: in S3, not copied (back the bucket up with S3 "
		       "versioning or replication)\n");
	if (rep.files_missing)
		printf("warning: %lld %s removed while the backup ran (not "
		       "copied)\n",
			(long long)rep.files_missing,
			rep.files_missing == 1 ? "file was" : "files were");
	printf("took %lld ms\n", (long long)rep.duration_ms);
	return CTL_EXIT_OK;
}

int cmd_restore(ctl *c, int argc, char **argv)
{
	const char *cmd = "restore", *file = NULL, *dir = NULL;
	const ctl_arg args[] = { { "files", CTL_ARG_STRING, &dir },
		{ NULL, 0, NULL } };
	petory_restore_report rep;
	char what[1100];
	int rc, error;

	rc = parse_with_file(c, cmd, restore_help, argc, argv, args, &file);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (!dir) {
		const char *env = getenv("PETORY_FILES");
		dir = env && *env ? env : NULL;
	}
	petory_log_set(c->verbose ? PETORY_LOG_DEBUG : PETORY_LOG_WARN,
		log_to_stderr, NULL);
	error = petory_restore(&rep, file, c->db_path, dir);
	if (error) {
		snprintf(what, sizeof(what), "restore of '%s'", file);
		return ctl_fail(error, what);
	}
	if (c->json)
		return ctl_print_json(json_pack(
			"{s:s,s:s?,s:i,s:I,s:I,s:I,s:I}", "database",
			c->db_path, "filesDir", rep.files_restored ? dir : NULL,
			"schemaVersion", rep.schema_version, "databaseBytes",
			(json_int_t)rep.db_bytes, "files",
			(json_int_t)rep.files, "fileBytes",
			(json_int_t)rep.file_bytes, "filesMissing",
			(json_int_t)rep.files_missing));
	printf("%s: database restored (%lld bytes, schema version %d)\n",
		c->db_path, (long long)rep.db_bytes, rep.schema_version);
	if (rep.files_restored)
		printf("%s: %lld %s restored, %lld bytes\n", dir,
			(long long)rep.files, rep.files == 1 ? "file" : "files",
			(long long)rep.file_bytes);
	else
		printf("files: the backup holds none (S3 keeps them)\n");
	if (rep.files_missing)
		printf("warning: %lld %s missing from the backup\n",
			(long long)rep.files_missing,
			rep.files_missing == 1 ? "file was" : "files were");
	return CTL_EXIT_OK;
}
