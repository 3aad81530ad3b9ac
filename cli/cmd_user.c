/* cmd_user.c -- "petoryctl user …": accounts managed by the operator.
 *
 * Every call acts as petory_identity_system(), which has every right, and
 * goes through the same library functions (and therefore the same rules
 * and validation) as the HTTP API.  Only "user create" may create a
 * missing database; the other sub-commands refuse one.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "output.h"

#define PASSWORD_MAX 1024

#define COMMON_OPTIONS                                                         \
	"  --db PATH   database file (default $PETORY_DB, else ./petory.db)\n" \
	"              or postgres://USER@HOST:PORT/DB; --db-pool N: its "     \
	"connections\n"                                                        \
	"  --json      print the record as JSON (the API's shape)\n"           \
	"  --verbose   show the library's log on stderr\n"                     \
	"  -h, --help  show this help\n"

static const char user_help[] =
	"Usage: petoryctl [--db PATH] [--json] user <command> [options]\n"
	"\n"
	"Manage accounts as the operator, with every right and no login.\n"
	"\n"
	"Commands:\n"
	"  create   create an account (--admin for an administrator)\n"
	"  list     list accounts, newest first\n"
	"  show     show one account\n"
	"  grant    give a user a role\n"
	"  revoke   take a role away from a user\n"
	"  suspend  suspend a user; their sessions end at once\n"
	"  restore  lift a suspension\n"
	"  set-password  give a user a new password; every login ends\n"
	"\n"
	"Run 'petoryctl user <command> --help' for the options of each.\n"
	"\n" CTL_EXIT_HELP;

static const char create_help[] =
	"Usage: petoryctl user create --email E --nickname N [--admin]\n"
	"                 (--password P | --password-file FILE)\n"
	"\n"
	"Create an account (role USER, or USER and ADMIN with --admin).  The\n"
	"database is created if it does not exist.  Use this to make the\n"
	"first administrator.\n"
	"\n"
	"Options:\n"
	"  --email E             login email, unique (case-insensitive)\n"
	"  --password P          8-128 characters; '-' reads it from stdin\n"
	"  --password-file FILE  read the password from the first line of\n"
	"                        FILE ('-' for stdin), so it is not visible\n"
	"                        in the process list\n"
	"  --nickname N          1-30 characters\n"
	"  --admin               also grant the ADMIN role\n" COMMON_OPTIONS
	"\n" CTL_EXIT_HELP;

static const char list_help[] =
	"Usage: petoryctl user list [--page N] [--size N]\n"
	"\n"
	"List accounts, newest first, as a table (or a JSON page).\n"
	"\n"
	"Options:\n"
	"  --page N    0-based page number (default 0)\n"
	"  --size N    accounts per page, 1-100 (default 20)\n" COMMON_OPTIONS
	"\n" CTL_EXIT_HELP;

static const char show_help[] =
	"Usage: petoryctl user show --id N\n"
	"\n"
	"Show one account.\n"
	"\n"
	"Options:\n"
	"  --id N      the user's id\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

static const char grant_help[] =
	"Usage: petoryctl user grant --id N --role USER|ADMIN\n"
	"\n"
	"Give a user a role; it takes effect on the user's next request.\n"
	"Granting a role the user has already fails (exit 4).\n"
	"\n"
	"Options:\n"
	"  --id N      the user's id\n"
	"  --role R    USER or ADMIN\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

static const char revoke_help[] =
	"Usage: petoryctl user revoke --id N --role USER|ADMIN\n"
	"\n"
	"Take a role away from a user; it takes effect on the user's next\n"
	"request.  A user's last role cannot be removed (exit 4).\n"
	"\n"
	"Options:\n"
	"  --id N      the user's id\n"
	"  --role R    USER or ADMIN\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

static const char suspend_help[] =
	"Usage: petoryctl user suspend --id N\n"
	"\n"
	"Suspend a user: status SUSPENDED, every session revoked at once,\n"
	"login refused until restored.\n"
	"\n"
	"Options:\n"
	"  --id N      the user's id\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

static const char restore_help[] =
	"Usage: petoryctl user restore --id N\n"
	"\n"
	"Lift a suspension: SUSPENDED becomes ACTIVE.  A user who is not\n"
	"suspended is refused (exit 4).\n"
	"\n"
	"Options:\n"
	"  --id N      the user's id\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

static const char set_password_help[] =
	"Usage: petoryctl user set-password --email E --password-file FILE\n"
	"\n"
	"Give the account with this email (case-insensitive) a new password\n"
	"and end every login of it at once (its refresh tokens stop working\n"
	"too).  The user gets an ACCOUNT notification.\n"
	"\n"
	"Options:\n"
	"  --email E             the account's email\n"
	"  --password-file FILE  read the new password (8-128 characters)\n"
	"                        from the first line of FILE ('-' for\n"
	"                        stdin), so it is not visible in the process\n"
	"                        list\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

/* ---- helpers ---------------------------------------------------------- */

/* Parse the required --id option. */
static int need_id(int64_t *out, const char *cmd, const char *value)
{
	if (!value)
		return ctl_usage(cmd, "missing --id");
	return ctl_parse_int(out, cmd, "id", value, 1, INT64_MAX);
}

/* Parse the required --role option (case-insensitive). */
static int need_role(unsigned *out, const char *cmd, const char *value)
{
	char name[16];
	size_t i;

	if (!value)
		return ctl_usage(cmd, "missing --role");
	for (i = 0; value[i] && i < sizeof(name) - 1; i++)
		name[i] = (char)toupper((unsigned char)value[i]);
	name[i] = '\0';
	*out = value[i] ? 0 : petory_role_parse(name);
	if (*out == 0)
		return ctl_usage(
			cmd, "--role must be USER or ADMIN, not '%s'", value);
	return 0;
}

/* Print the user after a change, or just say what happened. */
static int report_user(petory *db, const ctl *c, int64_t id, const char *done)
{
	petory_user *user = NULL;
	int error, rc;

	if (!c->json) {
		printf("user %lld %s\n", (long long)id, done);
		return CTL_EXIT_OK;
	}
	error = petory_user_get(&user, db, petory_identity_system(), id);
	rc = error ? ctl_fail(error, "cannot read the user")
		   : ctl_print_user(user, 1);
	petory_user_free(user);
	return rc;
}

/* ---- sub-commands ----------------------------------------------------- */

static int user_create(ctl *c, int argc, char **argv)
{
	const char *cmd = "user create";
	const char *email = NULL, *password = NULL, *password_file = NULL;
	const char *nickname = NULL;
	int admin = 0, rc, error;
	const ctl_arg args[] = { { "email", CTL_ARG_STRING, &email },
		{ "password", CTL_ARG_STRING, &password },
		{ "password-file", CTL_ARG_STRING, &password_file },
		{ "nickname", CTL_ARG_STRING, &nickname },
		{ "admin", CTL_ARG_FLAG, &admin }, { NULL, 0, NULL } };
	char secret[PASSWORD_MAX];
	petory_new_user in = { 0 };
	petory_user *user = NULL;
	petory *db = NULL;

	rc = ctl_parse(c, cmd, create_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (!email || !nickname || (!password && !password_file))
		return ctl_usage(cmd, "missing%s%s%s", email ? "" : " --email",
			password || password_file ? "" : " --password",
			nickname ? "" : " --nickname");
	if (password && password_file)
		return ctl_usage(cmd,
			"give either --password or --password-file, not both");
	if (password_file || strcmp(password, "-") == 0) {
		rc = ctl_read_password(secret, sizeof(secret),
			password_file ? password_file : "-");
		if (rc != 0)
			return rc;
		password = secret;
	}

	in.email = email;
	in.password = password;
	in.nickname = nickname;
	if ((rc = ctl_open(&db, c, 1)) == 0) {
		error = petory_user_create(&user, db, petory_identity_system(),
			&in,
			PETORY_ROLE_USER | (admin ? PETORY_ROLE_ADMIN : 0u));
		rc = error ? ctl_fail(error, "cannot create the user")
			   : ctl_print_user(user, c->json);
		petory_user_free(user);
		petory_close(db);
	}
	explicit_bzero(secret, sizeof(secret));
	return rc;
}

static int user_list(ctl *c, int argc, char **argv)
{
	const char *cmd = "user list";
	const char *page_s = NULL, *size_s = NULL;
	const ctl_arg args[] = { { "page", CTL_ARG_STRING, &page_s },
		{ "size", CTL_ARG_STRING, &size_s }, { NULL, 0, NULL } };
	petory_page_req req = { 0, 20 };
	petory_user_page page = { 0 };
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, cmd, list_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (page_s && (rc = ctl_parse_int(&req.page, cmd, "page", page_s,
			       INT64_MIN, INT64_MAX)) != 0)
		return rc;
	/* The library reads size 0 as "the default": refuse it here. */
	if (size_s && (rc = ctl_parse_int(&req.size, cmd, "size", size_s, 1,
			       INT64_MAX)) != 0)
		return rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	error = petory_user_list(&page, db, petory_identity_system(), &req);
	rc = error ? ctl_fail(error, "cannot list users")
		   : ctl_print_user_page(&page, c->json);
	if (!error)
		petory_user_page_dispose(&page);
	petory_close(db);
	return rc;
}

static int user_show(ctl *c, int argc, char **argv)
{
	const char *cmd = "user show", *id_s = NULL;
	const ctl_arg args[] = { { "id", CTL_ARG_STRING, &id_s },
		{ NULL, 0, NULL } };
	petory_user *user = NULL;
	petory *db = NULL;
	int64_t id;
	int rc, error;

	rc = ctl_parse(c, cmd, show_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = need_id(&id, cmd, id_s)) != 0)
		return rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	error = petory_user_get(&user, db, petory_identity_system(), id);
	rc = error ? ctl_fail(error, "cannot show the user")
		   : ctl_print_user(user, c->json);
	petory_user_free(user);
	petory_close(db);
	return rc;
}

/* grant and revoke differ only in the library call and the words. */
static int user_role(ctl *c, int argc, char **argv, int grant)
{
	const char *cmd = grant ? "user grant" : "user revoke";
	const char *id_s = NULL, *role_s = NULL;
	const ctl_arg args[] = { { "id", CTL_ARG_STRING, &id_s },
		{ "role", CTL_ARG_STRING, &role_s }, { NULL, 0, NULL } };
	petory *db = NULL;
	unsigned role, roles = 0;
	int64_t id;
	int rc, error;

	rc = ctl_parse(c, cmd, grant ? grant_help : revoke_help, argc, argv,
		args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = need_id(&id, cmd, id_s)) != 0 ||
		(rc = need_role(&role, cmd, role_s)) != 0)
		return rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	if (grant)
		error = petory_user_role_add(
			&roles, db, petory_identity_system(), id, role);
	else
		error = petory_user_role_remove(
			&roles, db, petory_identity_system(), id, role);
	rc = error ? ctl_fail(error, grant ? "cannot grant the role"
					   : "cannot revoke the role")
		   : ctl_print_roles(id, roles, c->json);
	petory_close(db);
	return rc;
}

static int user_grant(ctl *c, int argc, char **argv)
{
	return user_role(c, argc, argv, 1);
}

static int user_revoke(ctl *c, int argc, char **argv)
{
	return user_role(c, argc, argv, 0);
}

/* suspend and restore likewise. */
static int user_status(ctl *c, int argc, char **argv, int suspend)
{
	const char *cmd = suspend ? "user suspend" : "user restore";
	const char *id_s = NULL;
	const ctl_arg args[] = { { "id", CTL_ARG_STRING, &id_s },
		{ NULL, 0, NULL } };
	petory *db = NULL;
	int64_t id;
	int rc, error;

	rc = ctl_parse(c, cmd, suspend ? suspend_help : restore_help, argc,
		argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = need_id(&id, cmd, id_s)) != 0)
		return rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	if (suspend)
		error = petory_user_suspend(db, petory_identity_system(), id);
	else
		error = petory_user_restore(db, petory_identity_system(), id);
	if (error)
		rc = ctl_fail(error, suspend ? "cannot suspend the user"
					     : "cannot restore the user");
	else
		rc = report_user(db, c, id, suspend ? "suspended" : "restored");
	petory_close(db);
	return rc;
}

static int user_suspend(ctl *c, int argc, char **argv)
{
	return user_status(c, argc, argv, 1);
}

static int user_restore(ctl *c, int argc, char **argv)
{
	return user_status(c, argc, argv, 0);
}

static int user_set_password(ctl *c, int argc, char **argv)
{
	const char *cmd = "user set-password";
	const char *email = NULL, *password_file = NULL;
	const ctl_arg args[] = { { "email", CTL_ARG_STRING, &email },
		{ "password-file", CTL_ARG_STRING, &password_file },
		{ NULL, 0, NULL } };
	char secret[PASSWORD_MAX];
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, cmd, set_password_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (!email || !password_file)
		return ctl_usage(cmd, "missing%s%s", email ? "" : " --email",
			password_file ? "" : " --password-file");
	if ((rc = ctl_read_password(secret, sizeof(secret), password_file)) !=
		0)
		return rc;
	if ((rc = ctl_open(&db, c, 0)) == 0) {
		error = petory_user_set_password(
			db, petory_identity_system(), email, secret);
		if (error)
			rc = ctl_fail(error, "cannot set the password");
		else if (c->json)
			rc = ctl_print_json(json_pack("{s:s, s:b}", "email",
				email, "loginsRevoked", 1));
		else
			printf("password of %s set; every login ended\n",
				email);
		petory_close(db);
	}
	explicit_bzero(secret, sizeof(secret));
	return rc;
}

/* ---- dispatch --------------------------------------------------------- */

static const ctl_command user_commands[] = {
	{ "create", user_create },
	{ "list", user_list },
	{ "show", user_show },
	{ "grant", user_grant },
	{ "revoke", user_revoke },
	{ "suspend", user_suspend },
	{ "restore", user_restore },
	{ "set-password", user_set_password },
	{ NULL, NULL },
};

int cmd_user(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "user", user_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("user", "missing the user command");
	sub = ctl_find(user_commands, argv[rest]);
	if (!sub)
		return ctl_usage(
			"user", "unknown user command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
