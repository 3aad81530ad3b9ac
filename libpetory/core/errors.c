/* errors.c -- error codes' names and texts, and the per-thread last error.
 *
 * The last error lives in thread-local storage, so two threads never see
 * each other's failures and an error can be reported before any handle
 * exists.  Strings are copied into fixed buffers: petory_error_last()
 * stays valid until the next libpetory call on the same thread.
 */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"

#define MAX_FIELDS 16

typedef struct thread_error {
	petory_error pub;
	char reason[64];
	char message[512];
	petory_error_field fields[MAX_FIELDS];
	char field_names[MAX_FIELDS][64];
	char field_messages[MAX_FIELDS][160];
} thread_error;

static _Thread_local thread_error last_error;

static const char *default_reason(int code)
{
	switch (code) {
		/* clang-format off */
#define PETORY_XX(name, num, reason, text) case num: return reason;
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
		/* clang-format on */
	}
	return "INTERNAL_ERROR";
}

const char *petory_strerror(int code)
{
	if (code == 0)
		return "no error";
	switch (code) {
		/* clang-format off */
#define PETORY_XX(name, num, reason, text) case num: return text;
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
		/* clang-format on */
	}
	return "unknown error";
}

const char *petory_error_name(int code)
{
	if (code == 0)
		return "PETORY_OK";
	switch (code) {
		/* clang-format off */
#define PETORY_XX(name, num, reason, text) case num: return "PETORY_" #name;
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
		/* clang-format on */
	}
	return "PETORY_UNKNOWN";
}

const petory_error *petory_error_last(void)
{
	thread_error *e = &last_error;
	if (!e->pub.reason) {
		e->pub.reason = "";
		e->pub.message = "";
	}
	return &e->pub;
}

void petory_error_clear(void)
{
	memset(&last_error.pub, 0, sizeof(last_error.pub));
}

static void set_va(int code, const char *reason, const char *fmt, va_list ap)
{
	thread_error *e = &last_error;
	snprintf(e->reason, sizeof(e->reason), "%s",
		reason ? reason : default_reason(code));
	if (fmt)
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
	else
		snprintf(e->message, sizeof(e->message), "%s",
			petory_strerror(code));
	e->pub.code = code;
	e->pub.reason = e->reason;
	e->pub.message = e->message;
	e->pub.field_count = 0;
	e->pub.fields = e->fields;
}

int petory_error_set(int code, const char *reason, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_va(code, reason, fmt, ap);
	va_end(ap);
	return code;
}

int petory__error_oom(void)
{
	return petory_error_set(PETORY_ENOMEM, NULL, "out of memory");
}

void petory__invalid_begin(petory__invalid *v)
{
	v->count = 0;
	last_error.pub.field_count = 0;
}

void petory__invalid_field(
	petory__invalid *v, const char *field, const char *message)
{
	thread_error *e = &last_error;
	size_t i = v->count;
	if (i >= MAX_FIELDS)
		return;
	snprintf(e->field_names[i], sizeof(e->field_names[i]), "%s", field);
	snprintf(e->field_messages[i], sizeof(e->field_messages[i]), "%s",
		message);
	e->fields[i].field = e->field_names[i];
	e->fields[i].message = e->field_messages[i];
	v->count = i + 1;
}

int petory__invalid_end(petory__invalid *v)
{
	thread_error *e = &last_error;
	size_t n = v->count;
	if (n == 0)
		return 0;
	petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER", "invalid %s%s",
		e->field_names[0], n > 1 ? " and other fields" : "");
	e->pub.field_count = n;
	return PETORY_EINVALID;
}
