/* text.c -- Unicode-aware text checks: lengths are counted in code points
 * (utf8proc), never in bytes; email and time-zone validity.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>
#include <utf8proc.h>

#include "core/internal.h"
#include "core/zonetime.h"

int64_t petory__utf8_length(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int64_t count = 0;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0 || cp < 0)
			return -1;
		p += n;
		count++;
	}
	return count;
}

/* No control characters but, when multiline, line breaks and tabs. */
static bool printable(const char *s, bool multiline)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0 || cp < 0)
			return false;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC &&
			!(multiline &&
				(cp == '\n' || cp == '\r' || cp == '\t')))
			return false;
		p += n;
	}
	return true;
}

bool petory__utf8_printable(const char *s)
{
	return printable(s, false);
}

char *petory__utf8_fold(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
		UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
			UTF8PROC_CASEFOLD);
	if (n < 0)
		return NULL;
	return (char *)out;
}

static bool only_spaces(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static bool check_text(petory__invalid *v, const char *field, const char *value,
	int64_t min, int64_t max, bool multiline)
{
	char msg[96];
	int64_t len;
	if (!value) {
		if (min > 0) {
			petory__invalid_field(v, field, "is required");
			return false;
		}
		return true;
	}
	len = petory__utf8_length(value);
	if (len < 0) {
		petory__invalid_field(v, field, "is not valid UTF-8");
		return false;
	}
	if (len < min || len > max) {
		if (min == max)
			snprintf(msg, sizeof(msg), "must be %lld characters",
				(long long)min);
		else
			snprintf(msg, sizeof(msg),
				"must be %lld to %lld characters",
				(long long)min, (long long)max);
		petory__invalid_field(v, field, msg);
		return false;
	}
	if (!printable(value, multiline)) {
		petory__invalid_field(v, field,
			multiline ? "must not contain control characters but "
				    "line breaks and tabs"
				  : "must not contain control characters");
		return false;
	}
	if (min > 0 && only_spaces(value)) {
		petory__invalid_field(v, field, "must not be blank");
		return false;
	}
	return true;
}

bool petory__check_text(petory__invalid *v, const char *field,
	const char *value, int64_t min, int64_t max)
{
	return check_text(v, field, value, min, max, false);
}

bool petory__check_multiline_text(petory__invalid *v, const char *field,
	const char *value, int64_t min, int64_t max)
{
	return check_text(v, field, value, min, max, true);
}

/* A pragmatic address check: one '@', a local part of 1-64 printable
 * non-space characters, a domain of dot-separated labels with at least one
 * dot, 254 characters at most. */
bool petory__email_valid(const char *email)
{
	const char *at = strchr(email, '@');
	const char *p;
	size_t label = 0;
	bool dot = false;
	int64_t len = petory__utf8_length(email);
	if (len < 3 || len > 254 || !at || at == email || at - email > 64)
		return false;
	if (strchr(at + 1, '@'))
		return false;
	for (p = email; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	for (p = at + 1; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return false;
			dot = true;
			label = 0;
		} else {
			label++;
		}
	}
	return dot && label > 0;
}

bool petory__timezone_valid(const char *zone)
{
	const char *p;
	bool ok;
	if (!zone || !*zone || strlen(zone) > 64)
		return false;
	for (p = zone; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return false;
	if (zone[0] == '/' || strstr(zone, ".."))
		return false;
	petory__ical_lock();
	ok = icaltimezone_get_builtin_timezone(zone) != NULL;
	petory__ical_unlock();
	return ok;
}

char *petory__strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}
