/* password.c -- Argon2id password hashes through libsodium's crypto_pwhash,
 * and the rule every new password follows (8 to 128 characters).
 *
 * The cost comes from the handle's options (tests use the minimum).  The
 * stored string encodes its own parameters, so raising the cost later
 * keeps old hashes verifiable.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"

_Static_assert(PETORY__PWHASH_STR_MAX == crypto_pwhash_STRBYTES,
	"the dummy hash holds one crypto_pwhash_str");

int petory__password_hash(char **out, petory *db, const char *password)
{
	char *hash = malloc(crypto_pwhash_STRBYTES);
	if (!hash)
		return petory__error_oom();
	if (crypto_pwhash_str(hash, password, strlen(password),
		    db->cfg.pwhash_opslimit, db->cfg.pwhash_memlimit) != 0) {
		free(hash);
		return petory_error_set(PETORY_ENOMEM, NULL,
			"not enough memory to hash the password");
	}
	*out = hash;
	return 0;
}

int petory__password_verify(const char *hash, const char *password)
{
	if (!hash || !password ||
		crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
		return petory_error_set(PETORY_EAUTH, "BAD_CREDENTIALS",
			"wrong email or password");
	return 0;
}

void petory__password_dummy_verify(petory *db, const char *password)
{
	/* One verification against a hash of the configured cost, as for a
	 * real account's wrong password: hashing anew here as well would
	 * make an unknown email twice as slow, telling it apart by timing.
	 * The hash is made once; once made it never changes, so it is read
	 * outside the lock. */
	int ready;

	pthread_mutex_lock(&db->dummy_hash_lock);
	if (!db->dummy_hash[0] &&
		crypto_pwhash_str(db->dummy_hash, "petory-timing-equaliser",
			strlen("petory-timing-equaliser"),
			db->cfg.pwhash_opslimit, db->cfg.pwhash_memlimit) != 0)
		db->dummy_hash[0] = '\0';
	ready = db->dummy_hash[0] != '\0';
	pthread_mutex_unlock(&db->dummy_hash_lock);
	if (ready)
		petory__password_verify(db->dummy_hash, password);
}

void petory__check_new_password(
	petory__invalid *v, const char *field, const char *password)
{
	int64_t n;
	if (!password) {
		petory__invalid_field(v, field, "is required");
		return;
	}
	n = petory__utf8_length(password);
	if (n < 0)
		petory__invalid_field(v, field, "is not valid UTF-8");
	else if (n < 8 || n > 128)
		petory__invalid_field(v, field, "must be 8 to 128 characters");
}
