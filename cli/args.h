/* args.h -- what every petoryctl command needs before it calls libpetory:
 * the global flags, the option parser shared by the commands, reading a
 * password without putting it on the command line, and opening the
 * database.
 *
 * Commands return the process exit status (see output.h); a command that
 * printed its help returns CTL_EXIT_OK.
 */
#ifndef PETORYCTL_ARGS_H
#define PETORYCTL_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include <petory.h>

/** Global flags, accepted before the command and after it. */
typedef struct ctl {
	const char *db_path;   /**< --db, else $PETORY_DB, else ./petory.db:
				    a SQLite file or a postgres:// URL */
	unsigned db_pool;      /**< --db-pool, else $PETORY_DB_POOL; 0: the
				    command's own (the library's default) */
	int json;              /**< --json: the library's JSON renderings */
	int verbose;           /**< --verbose: library log on stderr */
	const char *redis_url; /**< Redis of the ranking (rank rebuild) */
	/** --secrets-file: the keys from this owner-only file (and, for
	 * what it does not set, $PETORY_JWT_KEY, $PETORY_URL_KEY, …) */
	const char *secrets_file;
	int smtp_insecure; /**< --smtp-insecure or $PETORY_SMTP_INSECURE:
				SMTP credentials may go without TLS */
} ctl;

typedef enum ctl_arg_kind {
	CTL_ARG_FLAG,  /**< --name; sets *(int *)target to 1 */
	CTL_ARG_STRING /**< --name VALUE; sets *(const char **)target */
} ctl_arg_kind;

/** One option of a command; arrays end with a zeroed entry. */
typedef struct ctl_arg {
	const char *name; /**< long name without the leading "--" */
	ctl_arg_kind kind;
	void *target;
} ctl_arg;

/** A command or sub-command of the dispatch tables. */
typedef struct ctl_command {
	const char *name;
	int (*run)(ctl *c, int argc, char **argv);
} ctl_command;

/** Returned by ctl_parse() after it printed the help text. */
#define CTL_PARSED_HELP (-1)

/** Parse argv[1..argc-1] (argv[0] is the command's name) against args
 * plus the global flags and -h/--help.  cmd is the command's path for
 * messages ("user create").  With rest NULL positional arguments are
 * refused; otherwise parsing stops at the first one, whose index goes to
 * *rest.  Returns 0, CTL_PARSED_HELP after printing help on stdout, or
 * CTL_EXIT_USAGE after printing the error line. */
int ctl_parse(ctl *c, const char *cmd, const char *help, int argc, char **argv,
	const ctl_arg *args, int *rest);

/** The command of table (ending with a zeroed entry) named name, or
 * NULL. */
const ctl_command *ctl_find(const ctl_command *table, const char *name);

/** Parse a decimal integer option value within [min, max]; prints the
 * usage error and returns CTL_EXIT_USAGE when it is not one. */
int ctl_parse_int(int64_t *out, const char *cmd, const char *option,
	const char *value, int64_t min, int64_t max);

/** Read a password: the first line of path, or of stdin when path is
 * "-".  buf receives it NUL-terminated, without the line end.  Returns 0
 * or an exit status after printing the error line. */
int ctl_read_password(char *buf, size_t size, const char *path);

/** Open the database of c.  create: make a missing file (init, user
 * create); otherwise a missing file is refused.  Returns 0 or an exit
 * status after printing the error line. */
int ctl_open(petory **out, const ctl *c, int create);

/** The database of c as it may be printed: a URL without its password. */
const char *ctl_db_name(const ctl *c);

/** Parse a --db-pool value (1..1024) of option into c->db_pool; prints
 * the usage error (naming option: "--db-pool", "PETORY_DB_POOL") and
 * returns CTL_EXIT_USAGE when it is not one. */
int ctl_parse_db_pool(
	ctl *c, const char *cmd, const char *option, const char *value);

/** ctl_open with more options (files, S3): opts is filled in with the
 * database path and `create`, then opened. */
int ctl_open_with(petory **out, const ctl *c, int create, petory_options *opts);

/** The file storage of the server's environment into opts: dir (--files)
 * else $PETORY_FILES (else the library's ./files), or S3 when
 * $PETORY_S3_BUCKET is set, with the PETORY_S3_* variables petory-httpd
 * reads.  dir may be NULL. */
void ctl_files_options(petory_options *opts, const char *dir);

/** Help lines of the --files option (files gc, backup, stats). */
#define CTL_FILES_OPTION_HELP                                                 \
	"  --files DIR     local file storage (default $PETORY_FILES, else\n" \
	"                  ./files); with $PETORY_S3_BUCKET set the files\n"  \
	"                  are in S3, configured by PETORY_S3_REGION,\n"      \
	"                  PETORY_S3_ENDPOINT, PETORY_S3_ACCESS_KEY,\n"       \
	"                  PETORY_S3_SECRET_KEY, PETORY_S3_PATH_STYLE and\n"  \
	"                  PETORY_S3_CA_FILE, as for petory-httpd\n"

int cmd_init(ctl *c, int argc, char **argv);
int cmd_user(ctl *c, int argc, char **argv);
int cmd_batch(ctl *c, int argc, char **argv);
int cmd_jobs(ctl *c, int argc, char **argv);
int cmd_rank(ctl *c, int argc, char **argv);
int cmd_places(ctl *c, int argc, char **argv);
int cmd_files(ctl *c, int argc, char **argv);
int cmd_pets(ctl *c, int argc, char **argv);
int cmd_backup(ctl *c, int argc, char **argv);
int cmd_restore(ctl *c, int argc, char **argv);
int cmd_stats(ctl *c, int argc, char **argv);
int cmd_migrate_to(ctl *c, int argc, char **argv);
int cmd_keys(ctl *c, int argc, char **argv);

#endif
