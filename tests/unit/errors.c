/* errors.c -- the error table and the per-thread last error. */
#include <pthread.h>
#include <string.h>

#include "petory_test.h"

Test(errors, names_and_texts_come_from_the_table)
{
	cr_assert_str_eq(
		petory_error_name(PETORY_ENOTFOUND), "PETORY_ENOTFOUND");
	cr_assert_str_eq(petory_error_name(PETORY_OK), "PETORY_OK");
	cr_assert_str_eq(petory_error_name(-999), "PETORY_UNKNOWN");
	cr_assert_str_eq(petory_strerror(PETORY_EVERSION),
		"unsupported struct or vtable version");
	cr_assert_eq(PETORY_EAUTH, -13);
	cr_assert_eq(PETORY_EINVALID, -5);
}

Test(errors, set_fills_reason_and_message)
{
	int rc = petory_error_set(PETORY_EEXISTS, "DUPLICATE_EMAIL", "x=%d", 4);
	const petory_error *e = petory_error_last();
	cr_assert_eq(rc, PETORY_EEXISTS);
	cr_assert_eq(e->code, PETORY_EEXISTS);
	cr_assert_str_eq(e->reason, "DUPLICATE_EMAIL");
	cr_assert_str_eq(e->message, "x=4");
	petory_error_set(PETORY_ENOTFOUND, NULL, NULL);
	cr_assert_str_eq(petory_error_last()->reason, "NOT_FOUND");
	petory_error_clear();
	cr_assert_eq(petory_error_last()->code, 0);
	cr_assert_not_null(petory_error_last()->message);
}

Test(errors, validation_names_every_field)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	cr_assert_eq(petory__invalid_end(&v), 0);
	petory__invalid_field(&v, "email", "is required");
	petory__invalid_field(&v, "password", "is too short");
	cr_assert_eq(petory__invalid_end(&v), PETORY_EINVALID);
	const petory_error *e = petory_error_last();
	cr_assert_str_eq(e->reason, "INVALID_PARAMETER");
	cr_assert_eq(e->field_count, 2);
	cr_assert_str_eq(e->fields[0].field, "email");
	cr_assert_str_eq(e->fields[1].field, "password");
	cr_assert_str_eq(e->fields[1].message, "is too short");
}

static void *other_thread(void *arg)
{
	(void)arg;
	petory_error_set(PETORY_EPERM, "FORBIDDEN", "other thread");
	return NULL;
}

Test(errors, are_per_thread)
{
	pthread_t t;
	petory_error_set(PETORY_ENOTFOUND, "USER_NOT_FOUND", "mine");
	pthread_create(&t, NULL, other_thread, NULL);
	pthread_join(t, NULL);
	cr_assert_str_eq(petory_error_last()->message, "mine");
	cr_assert_str_eq(petory_error_last()->reason, "USER_NOT_FOUND");
}

Test(version, header_matches_library)
{
	cr_assert_eq(petory_version_number(), PETORY_VERSION_NUMBER);
	cr_assert_str_eq(petory_version_string(), PETORY_VERSION_STRING);
	cr_assert(PETORY_VERSION_CHECK(0, 1, 0));
}

static void log_capture(petory_log_level level, const char *msg, void *payload)
{
	char *buf = payload;
	(void)level;
	strncat(buf, msg, 255 - strlen(buf));
}

Test(log, callback_receives_messages_at_or_below_its_level)
{
	char buf[256] = "";
	petory_log_set(PETORY_LOG_WARN, log_capture, buf);
	petory__log(PETORY_LOG_INFO, "hidden");
	petory__log(PETORY_LOG_ERROR, "shown %d", 1);
	cr_assert_str_eq(buf, "shown 1");
	petory_log_set(PETORY_LOG_NONE, NULL, NULL);
	petory__log(PETORY_LOG_ERROR, "dropped");
	cr_assert_str_eq(buf, "shown 1");
	cr_assert_str_eq(petory_log_level_name(PETORY_LOG_WARN), "warn");
}
