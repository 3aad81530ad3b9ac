/* password.c -- password hashes: Argon2id at the configured cost, never
 * the password itself in storage, and an unknown email checked against a
 * hash made once, so that it costs one verification like a wrong
 * password. */
#include <string.h>

#include "petory_test.h"

/* The stored hash of email's account (the caller frees it). */
static char *stored_hash(petory *db, const char *email)
{
	petory_user *u = NULL;
	petory_user_secret secret = { 0 };
	char *hash;
	cr_assert_petory_ok(
		petory__store_user_get_by_email(&u, &secret, db, email));
	hash = strdup(secret.password_hash);
	petory__user_secret_dispose(&secret);
	petory_user_free(u);
	return hash;
}

Test(password, stored_as_argon2id_at_the_configured_cost)
{
	petory_options o;
	petory *db = test_db_open(); /* opslimit 1, memlimit 8 KiB */
	char *hash;
	test_user(db, "cost@example.com");
	hash = stored_hash(db, "cost@example.com");
	cr_assert(strncmp(hash, "$argon2id$v=19$m=8,t=1,p=1$", 27) == 0, "%s",
		hash);
	cr_assert_null(strstr(hash, "correct horse"));
	free(hash);
	petory_close(db);

	/* Another cost is used for new hashes; old ones still verify. */
	test_options(&o);
	o.pwhash_opslimit = 2;
	o.pwhash_memlimit = 16384;
	cr_assert_petory_ok(petory_open(&db, &o));
	test_user(db, "dearer@example.com");
	hash = stored_hash(db, "dearer@example.com");
	cr_assert(strncmp(hash, "$argon2id$v=19$m=16,t=2,p=1$", 28) == 0, "%s",
		hash);
	free(hash);
	hash = stored_hash(db, "cost@example.com");
	cr_assert_petory_ok(petory__password_verify(hash, "correct horse"));
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory__password_verify(hash, "correct horsE"));
	free(hash);
	test_db_close(db);
}

Test(password, unknown_email_is_checked_against_one_hash_made_once)
{
	petory *db = test_db_open();
	petory_tokens t;
	char first[sizeof(db->dummy_hash)];
	cr_assert_eq(db->dummy_hash[0], '\0', "not made before it is needed");
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory_auth_login(&t, db, "ghost@example.com", "some password",
			NULL, NULL));
	/* The configured cost, so that verifying costs what a real account's
	 * verification costs... */
	cr_assert(
		strncmp(db->dummy_hash, "$argon2id$v=19$m=8,t=1,p=1$", 27) == 0,
		"%s", db->dummy_hash);
	strcpy(first, db->dummy_hash);
	/* ...and only the verification: no new hash per login. */
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory_auth_login(&t, db, "ghost2@example.com",
			"other password", NULL, NULL));
	cr_assert_str_eq(db->dummy_hash, first);
	test_db_close(db);
}
