/* password.c -- Argon2id password hashes through libsodium's crypto_pwhash.
 *
 * The cost comes from the handle's options (tests use the minimum).  The
 * stored string encodes its own parameters, so raising the cost later
 * keeps old hashes verifiable.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

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
	/* Same work as a real verification, so an unknown email cannot be
	 * told apart from a wrong password by timing. */
	char *hash = NULL;
	if (petory__password_hash(&hash, db, "petory-timing-equaliser") == 0)
		petory__password_verify(hash, password);
	free(hash);
}
