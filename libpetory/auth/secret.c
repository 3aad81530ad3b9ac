/* secret.c -- installation secrets (token and URL signing keys): taken
 * from the configuration, or generated once and kept in the meta table so
 * that what was signed survives a restart and is shared by every process
 * on the same database. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

int petory__secret_load(unsigned char *key, size_t cap, size_t *len_out,
	petory *db, const char *configured_b64, const char *meta_key,
	const char *what)
{
	unsigned char raw[128];
	char generated[2 * 32 + 1];
	char *stored = NULL;
	size_t len = 0;
	int error;

	if (cap > sizeof(raw))
		cap = sizeof(raw);
	if (configured_b64 && *configured_b64) {
		if (petory__b64_decode_any(raw, cap, &len, configured_b64) <
				0 ||
			len < 32)
			return petory_error_set(PETORY_EINVALID,
				"INVALID_PARAMETER",
				"the %s must be base64 of 32 to %zu bytes",
				what, cap);
		memcpy(key, raw, len);
		*len_out = len;
		sodium_memzero(raw, sizeof(raw));
		return 0;
	}
	petory__random_hex(generated, 32);
	error = petory__store_meta_put_if_absent(
		&stored, db, meta_key, generated);
	sodium_memzero(generated, sizeof(generated));
	if (error < 0)
		return error;
	if (sodium_hex2bin(
		    key, cap, stored, strlen(stored), NULL, &len, NULL) != 0 ||
		len < 32) {
		free(stored);
		return petory_error_set(PETORY_EBACKEND, NULL,
			"the stored %s is damaged", what);
	}
	*len_out = len;
	sodium_memzero(stored, strlen(stored));
	free(stored);
	return 0;
}
