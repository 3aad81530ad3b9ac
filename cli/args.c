/* args.c -- the parts every petoryctl command shares before it calls
 * libpetory: option parsing over getopt_long with the global flags mixed
 * in, integer values, reading a password from a file or stdin, and
 * opening the database with the right "create" policy.
 *
 * getopt_long runs with opterr = 0 so that every complaint goes through
 * ctl_usage() and stays one line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "output.h"

#define MAX_ARGS 16

enum {
	OPT_HELP = 'h',
	OPT_DB = 1000,
	OPT_DB_POOL,
	OPT_JSON,
	OPT_VERBOSE,
	OPT_SMTP_INSECURE,
	OPT_FIRST
};

/* The most connections a pool may have (the library's bound). */
#define DB_POOL_MAX 1024

/* ---- options ---------------------------------------------------------- */

int ctl_parse(ctl *c, const char *cmd, const char *help, int argc, char **argv,
	const ctl_arg *args, int *rest)
{
	struct option longopts[MAX_ARGS + 6];
	size_t n = 0, i;
	int ch;

	for (i = 0; args && args[i].name && n < MAX_ARGS; i++, n++) {
		longopts[n].name = args[i].name;
		longopts[n].has_arg = args[i].kind == CTL_ARG_FLAG
					      ? no_argument
					      : required_argument;
		longopts[n].flag = NULL;
		longopts[n].val = OPT_FIRST + (int)i;
	}
	longopts[n++] =
		(struct option){ "db", required_argument, NULL, OPT_DB };
	longopts[n++] = (struct option){ "db-pool", required_argument, NULL,
		OPT_DB_POOL };
	longopts[n++] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	longopts[n++] =
		(struct option){ "verbose", no_argument, NULL, OPT_VERBOSE };
	longopts[n++] = (struct option){ "smtp-insecure", no_argument, NULL,
		OPT_SMTP_INSECURE };
	longopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	optind = 0; /* glibc: start afresh for each command */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, rest ? "+:h" : ":h", longopts,
			NULL)) != -1) {
		switch (ch) {
		case OPT_HELP:
			fputs(help, stdout);
			return CTL_PARSED_HELP;
		case OPT_DB:
			if (!*optarg)
				return ctl_usage(
					cmd, "--db needs a path or a URL");
			c->db_path = optarg;
			break;
		case OPT_DB_POOL:
			if (ctl_parse_db_pool(c, cmd, "--db-pool", optarg) != 0)
				return CTL_EXIT_USAGE;
			break;
		case OPT_JSON:
			c->json = 1;
			break;
		case OPT_VERBOSE:
			c->verbose = 1;
			break;
		case OPT_SMTP_INSECURE:
			c->smtp_insecure = 1;
			break;
		case ':':
			return ctl_usage(cmd, "option '%s' needs a value",
				argv[optind - 1]);
		case '?':
			if (optopt)
				return ctl_usage(
					cmd, "unknown option '-%c'", optopt);
			return ctl_usage(
				cmd, "unknown option '%s'", argv[optind - 1]);
		default: {
			const ctl_arg *a = &args[ch - OPT_FIRST];

			if (a->kind == CTL_ARG_FLAG)
				*(int *)a->target = 1;
			else
				*(const char **)a->target = optarg;
			break;
		}
		}
	}
	if (rest)
		*rest = optind;
	else if (optind < argc)
		return ctl_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

const ctl_command *ctl_find(const ctl_command *table, const char *name)
{
	for (; table->name; table++)
		if (strcmp(table->name, name) == 0)
			return table;
	return NULL;
}

int ctl_parse_int(int64_t *out, const char *cmd, const char *option,
	const char *value, int64_t min, int64_t max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max) {
		if (min == INT64_MIN && max == INT64_MAX)
			return ctl_usage(cmd,
				"--%s must be an integer, not '%s'", option,
				value);
		if (max == INT64_MAX)
			return ctl_usage(cmd,
				"--%s must be an integer of at least %lld, not "
				"'%s'",
				option, (long long)min, value);
		return ctl_usage(cmd,
			"--%s must be an integer from %lld to %lld, not '%s'",
			option, (long long)min, (long long)max, value);
	}
	*out = v;
	return 0;
}

int ctl_parse_db_pool(
	ctl *c, const char *cmd, const char *option, const char *value)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno || end == value || *end || v < 1 || v > DB_POOL_MAX)
		return ctl_usage(cmd,
			"%s must be a number of connections from 1 to %d, not "
			"'%s'",
			option, DB_POOL_MAX, value);
	c->db_pool = (unsigned)v;
	return 0;
}

/* ---- passwords -------------------------------------------------------- */

int ctl_read_password(char *buf, size_t size, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	const char *name = f == stdin ? "standard input" : path;
	size_t len;
	int err;

	if (!f)
		return ctl_error(CTL_EXIT_USAGE, "IO_ERROR",
			"cannot read password file '%s': %s", path,
			strerror(errno));
	/* Unbuffered: no copy of the secret is left in a stdio buffer. */
	setvbuf(f, NULL, _IONBF, 0);
	if (!fgets(buf, (int)size, f)) {
		err = ferror(f) ? errno : 0;
		if (f != stdin)
			fclose(f);
		buf[0] = '\0';
		if (err)
			return ctl_error(CTL_EXIT_USAGE, "IO_ERROR",
				"cannot read the password from %s: %s", name,
				strerror(err));
		return ctl_error(
			CTL_EXIT_USAGE, "IO_ERROR", "no password in %s", name);
	}
	if (f != stdin)
		fclose(f);
	len = strcspn(buf, "\r\n");
	if (buf[len] == '\0' && len == size - 1) {
		explicit_bzero(buf, size);
		return ctl_error(CTL_EXIT_USAGE, "IO_ERROR",
			"the password in %s is too long", name);
	}
	buf[len] = '\0';
	return 0;
}

/* ---- the database ----------------------------------------------------- */

static void log_to_stderr(
	petory_log_level level, const char *message, void *payload)
{
	fprintf(stderr, "petoryctl: %s: %s\n", petory_log_level_name(level),
		message);
}

/* An environment variable; NULL when unset or empty. */
static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static int env_true(const char *name)
{
	const char *v = env_or_null(name);
	return v &&
	       (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ||
		       strcasecmp(v, "yes") == 0 || strcasecmp(v, "on") == 0);
}

void ctl_files_options(petory_options *opts, const char *dir)
{
	opts->files_dir = dir ? dir : env_or_null("PETORY_FILES");
	opts->s3.bucket = env_or_null("PETORY_S3_BUCKET");
	opts->s3.region = env_or_null("PETORY_S3_REGION");
	opts->s3.endpoint = env_or_null("PETORY_S3_ENDPOINT");
	opts->s3.access_key = env_or_null("PETORY_S3_ACCESS_KEY");
	opts->s3.secret_key = env_or_null("PETORY_S3_SECRET_KEY");
	opts->s3.path_style = env_true("PETORY_S3_PATH_STYLE");
	opts->s3.ca_file = env_or_null("PETORY_S3_CA_FILE");
}

const char *ctl_db_name(const ctl *c)
{
	static char shown[1024];

	return petory_database_display(shown, sizeof(shown), c->db_path);
}

int ctl_open(petory **out, const ctl *c, int create)
{
	petory_options opts = PETORY_OPTIONS_INIT;

	return ctl_open_with(out, c, create, &opts);
}

int ctl_open_with(petory **out, const ctl *c, int create, petory_options *opts)
{
	char what[1100];
	int error;

	if (c->verbose)
		petory_log_set(PETORY_LOG_DEBUG, log_to_stderr, NULL);
	opts->db_path = c->db_path;
	if (c->db_pool)
		opts->pool_size = c->db_pool;
	opts->create = create;
	/* The scheduled jobs' settings, as petory-httpd reads them. */
	opts->default_timezone = env_or_null("PETORY_TIMEZONE");
	opts->smtp_url = env_or_null("PETORY_SMTP_URL");
	opts->smtp_insecure =
		c->smtp_insecure || env_true("PETORY_SMTP_INSECURE");
	opts->mail_from = env_or_null("PETORY_MAIL_FROM");
	opts->admin_webhook_url = env_or_null("PETORY_ADMIN_WEBHOOK_URL");
	opts->redis_url = c->redis_url;
	error = petory_open(out, opts);
	if (error == 0)
		return 0;
	*out = NULL;
	if (strcmp(petory_error_last()->reason, "DATABASE_URL_INVALID") == 0)
		return ctl_usage(
			NULL, "--db: %s", petory_error_last()->message);
	snprintf(what, sizeof(what), "cannot open database '%s'",
		ctl_db_name(c));
	if (error == PETORY_ENOTFOUND && !create)
		return ctl_error(CTL_EXIT_NOT_FOUND, "DATABASE_NOT_FOUND",
			"database '%s' does not exist (create it with "
			"'petoryctl --db %s init')",
			c->db_path, c->db_path);
	ctl_fail(error, what);
	/* Any other failure to open means this file cannot be used. */
	return error == PETORY_ENOMEM ? CTL_EXIT_INTERNAL : CTL_EXIT_DATABASE;
}
