/* output.c -- text and JSON answers on stdout, the single error line on
 * stderr, and the mapping from libpetory error codes to exit statuses.
 *
 * Every failure prints exactly one line: "petoryctl: <message> [REASON]".
 * Control characters in messages are replaced so the line stays one line.
 * JSON output is the library's own rendering (petory/json.h), so that it
 * has the shape the HTTP API shows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <petory/json.h>

#include "output.h"

#define LINE_MAX_BYTES 4096

/* ---- exit statuses ---------------------------------------------------- */

int ctl_exit_code(int code)
{
	switch (code) {
	case PETORY_OK:
		return CTL_EXIT_OK;
	case PETORY_ENOTFOUND:
		return CTL_EXIT_NOT_FOUND;
	case PETORY_EEXISTS:
	case PETORY_ECONFLICT:
		return CTL_EXIT_CONFLICT;
	case PETORY_EINVALID:
	case PETORY_ETOOBIG:
	case PETORY_EMEDIATYPE:
		return CTL_EXIT_INVALID;
	case PETORY_EPERM:
	case PETORY_EAUTH:
	case PETORY_ERATELIMIT:
		return CTL_EXIT_DENIED;
	case PETORY_EVERSION:
	case PETORY_EUNAVAILABLE:
	case PETORY_EBUSY:
		return CTL_EXIT_DATABASE;
	default:
		return CTL_EXIT_INTERNAL;
	}
}

/* ---- the error line --------------------------------------------------- */

typedef struct line {
	char buf[LINE_MAX_BYTES];
	size_t len;
} line;

static void line_vadd(line *l, const char *fmt, va_list ap)
{
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	if (n < 0)
		return;
	l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static void line_add(line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line_vadd(l, fmt, ap);
	va_end(ap);
}

/* Replace control characters, print the line with its reason, flush. */
static void line_emit(line *l, const char *reason)
{
	size_t i;

	for (i = 0; i < l->len; i++) {
		unsigned char ch = (unsigned char)l->buf[i];

		if (ch < 0x20 || ch == 0x7f)
			l->buf[i] = ' ';
	}
	fflush(stdout);
	fprintf(stderr, "petoryctl: %s [%s]\n", l->buf,
		reason && *reason ? reason : "ERROR");
	fflush(stderr);
}

int ctl_fail(int code, const char *what)
{
	const petory_error *e = petory_error_last();
	const char *message =
		e->message && *e->message ? e->message : petory_strerror(code);
	const char *reason = e->code != 0 && e->reason ? e->reason : NULL;
	line l = { { 0 }, 0 };
	size_t i;

	if (!reason) {
		/* The library set no detail: use the code's name. */
		reason = petory_error_name(code);
		if (strncmp(reason, "PETORY_", 7) == 0)
			reason += 7;
	}
	if (what && *what)
		line_add(&l, "%s: ", what);
	line_add(&l, "%s", message);
	for (i = 0; i < e->field_count; i++) {
		const petory_error_field *f = &e->fields[i];

		line_add(&l, "%s%s: %s", i == 0 ? " (" : "; ",
			f->field ? f->field : "?",
			f->message ? f->message : "");
	}
	if (e->field_count > 0)
		line_add(&l, ")");
	line_emit(&l, reason);
	return ctl_exit_code(code);
}

int ctl_error(int exit_code, const char *reason, const char *fmt, ...)
{
	line l = { { 0 }, 0 };
	va_list ap;

	va_start(ap, fmt);
	line_vadd(&l, fmt, ap);
	va_end(ap);
	line_emit(&l, reason);
	return exit_code;
}

int ctl_usage(const char *cmd, const char *fmt, ...)
{
	line l = { { 0 }, 0 };
	va_list ap;

	va_start(ap, fmt);
	line_vadd(&l, fmt, ap);
	va_end(ap);
	line_add(&l, " (see 'petoryctl %s%s--help')", cmd ? cmd : "",
		cmd ? " " : "");
	line_emit(&l, "USAGE");
	return CTL_EXIT_USAGE;
}

/* ---- records ---------------------------------------------------------- */

int ctl_print_json(json_t *value)
{
	int rc;

	if (!value)
		return ctl_error(CTL_EXIT_INTERNAL, "OUT_OF_MEMORY",
			"cannot render JSON");
	/* reals with DBL_DIG digits: 0.3 prints as 0.3 (as petory-httpd) */
	rc = json_dumpf(
		value, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(value);
	if (rc != 0 || fputc('\n', stdout) == EOF)
		return ctl_error(CTL_EXIT_INTERNAL, "IO_ERROR",
			"cannot write to standard output");
	return CTL_EXIT_OK;
}

static void roles_text(char *buf, size_t size, unsigned roles)
{
	static const unsigned bits[] = { PETORY_ROLE_USER, PETORY_ROLE_ADMIN };
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		const char *name;

		if (!(roles & bits[i]))
			continue;
		name = petory_role_name(bits[i]);
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0,
			"%s%s", len ? "," : "", name ? name : "?");
	}
	if (len == 0)
		snprintf(buf, size, "-");
}

static const char *time_text(char *buf, size_t size, petory_time_ms t)
{
	if (t == 0)
		return "never";
	return petory_time_format(buf, size, t);
}

/* Characters (not bytes) in a UTF-8 string, for column padding. */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void print_padded(const char *s, size_t width)
{
	size_t w = text_width(s);

	fputs(s, stdout);
	for (; w < width + 2; w++)
		fputc(' ', stdout);
}

int ctl_print_user(const petory_user *user, int json)
{
	char roles[64], t1[40], t2[40], t3[40];

	if (json)
		return ctl_print_json(petory_user_to_json(user));
	roles_text(roles, sizeof(roles), user->roles);
	printf("id           %lld\n"
	       "email        %s\n"
	       "nickname     %s\n"
	       "mobileNum    %s\n"
	       "roles        %s\n"
	       "status       %s\n"
	       "timezone     %s\n"
	       "createdAt    %s\n"
	       "updatedAt    %s\n"
	       "lastLoginAt  %s\n",
		(long long)user->id, user->email, user->nickname,
		user->mobile_num && *user->mobile_num ? user->mobile_num : "-",
		roles, petory_user_status_name(user->status), user->timezone,
		time_text(t1, sizeof(t1), user->created_at),
		time_text(t2, sizeof(t2), user->updated_at),
		time_text(t3, sizeof(t3), user->last_login_at));
	return CTL_EXIT_OK;
}

int ctl_print_user_page(const petory_user_page *page, int json)
{
	size_t w_id = 2, w_email = 5, w_roles = 5, w_status = 6, i;
	int64_t pages;
	char buf[64];

	if (json) {
		json_t *items = json_array();

		for (i = 0; items && i < page->count; i++)
			if (json_array_append_new(items,
				    petory_user_to_json(&page->items[i])) !=
				0) {
				json_decref(items);
				items = NULL;
			}
		if (!items)
			return ctl_print_json(NULL);
		return ctl_print_json(petory_page_to_json(
			items, page->page, page->size, page->total));
	}

	for (i = 0; i < page->count; i++) {
		const petory_user *u = &page->items[i];
		size_t w;

		w = (size_t)snprintf(
			buf, sizeof(buf), "%lld", (long long)u->id);
		w_id = w > w_id ? w : w_id;
		w = text_width(u->email);
		w_email = w > w_email ? w : w_email;
		roles_text(buf, sizeof(buf), u->roles);
		w = strlen(buf);
		w_roles = w > w_roles ? w : w_roles;
		w = strlen(petory_user_status_name(u->status));
		w_status = w > w_status ? w : w_status;
	}

	print_padded("ID", w_id);
	print_padded("EMAIL", w_email);
	print_padded("ROLES", w_roles);
	print_padded("STATUS", w_status);
	print_padded("CREATED", 20);
	puts("NICKNAME");
	for (i = 0; i < page->count; i++) {
		const petory_user *u = &page->items[i];

		snprintf(buf, sizeof(buf), "%lld", (long long)u->id);
		print_padded(buf, w_id);
		print_padded(u->email, w_email);
		roles_text(buf, sizeof(buf), u->roles);
		print_padded(buf, w_roles);
		print_padded(petory_user_status_name(u->status), w_status);
		print_padded(time_text(buf, sizeof(buf), u->created_at), 20);
		puts(u->nickname);
	}

	pages = page->size > 0 ? (page->total + page->size - 1) / page->size
			       : 0;
	printf("%lld user%s, page %lld of %lld (--page is 0-based)\n",
		(long long)page->total, page->total == 1 ? "" : "s",
		(long long)page->page + 1, (long long)pages);
	return CTL_EXIT_OK;
}

int ctl_print_roles(int64_t user_id, unsigned roles, int json)
{
	char buf[64];

	if (json) {
		json_t *o =
			json_pack("{s:I,s:o}", "userId", (json_int_t)user_id,
				"roles", petory_roles_to_json(roles));

		return ctl_print_json(o);
	}
	roles_text(buf, sizeof(buf), roles);
	printf("user %lld roles: %s\n", (long long)user_id, buf);
	return CTL_EXIT_OK;
}

/* ---- progress --------------------------------------------------------- */

void ctl_progress_bar(void *payload, int64_t done, int64_t total)
{
	int width = 40, filled;
	(void)payload;
	if (total <= 0)
		return;
	filled = (int)(done * width / total);
	fprintf(stderr, "\r[%.*s%*s] %3d%%", filled,
		"########################################", width - filled, "",
		(int)(done * 100 / total));
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}
