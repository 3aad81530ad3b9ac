/* output.h -- how petoryctl answers: records as text or as the library's
 * JSON on stdout, failures as one line on stderr, and the one table that
 * maps libpetory error codes to exit statuses.
 */
#ifndef PETORYCTL_OUTPUT_H
#define PETORYCTL_OUTPUT_H

#include <stdint.h>

#include <jansson.h>
#include <petory.h>

/* Exit statuses; CTL_EXIT_HELP is the table shown by --help. */
#define CTL_EXIT_OK 0
#define CTL_EXIT_INTERNAL 1
#define CTL_EXIT_USAGE 2
#define CTL_EXIT_NOT_FOUND 3
#define CTL_EXIT_CONFLICT 4
#define CTL_EXIT_INVALID 5
#define CTL_EXIT_DENIED 6
#define CTL_EXIT_DATABASE 7

#define CTL_EXIT_HELP                                                         \
	"Exit status:\n"                                                      \
	"  0  success\n"                                                      \
	"  1  internal or storage error\n"                                    \
	"  2  usage error: unknown command or option, missing or malformed\n" \
	"     value, unreadable password file\n"                              \
	"  3  not found: the user, or the database file (only init and\n"     \
	"     user create make a new one)\n"                                  \
	"  4  already exists or conflicts with the current state\n"           \
	"  5  invalid input (the bad fields are named)\n"                     \
	"  6  permission or authentication refused\n"                         \
	"  7  database written by a newer version, or not usable\n"

/** The exit status for a libpetory error code. */
int ctl_exit_code(int code);

/** Print "petoryctl: <what>: <message> (<fields>) [<REASON>]" from
 * petory_error_last() and return the exit status for code. */
int ctl_fail(int code, const char *what);

/** Print "petoryctl: <message> [<reason>]" and return exit_code. */
int ctl_error(int exit_code, const char *reason, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

/** A usage error of command cmd (NULL: the top level): prints the line
 * with a pointer to its --help and returns CTL_EXIT_USAGE. */
int ctl_usage(const char *cmd, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

/** Print value as indented JSON and release it.  Returns 0, or
 * CTL_EXIT_INTERNAL when value is NULL (out of memory) or stdout fails. */
int ctl_print_json(json_t *value);

/** A petory_progress_fn drawing a bar on stderr (give it only when
 * stderr is a terminal); a newline once done reaches total. */
void ctl_progress_bar(void *payload, int64_t done, int64_t total);

int ctl_print_user(const petory_user *user, int json);
int ctl_print_user_page(const petory_user_page *page, int json);
int ctl_print_roles(int64_t user_id, unsigned roles, int json);

#endif
