/* random.c -- random identifiers and base64 through libsodium. */
#include <string.h>

#include <sodium.h>

#include "core/internal.h"

void petory__random_hex(char *out, size_t n)
{
	unsigned char buf[64];
	if (n > sizeof(buf))
		n = sizeof(buf);
	randombytes_buf(buf, n);
	sodium_bin2hex(out, 2 * n + 1, buf, n);
	sodium_memzero(buf, sizeof(buf));
}

char *petory__b64url_encode(const unsigned char *bin, size_t n)
{
	int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	size_t cap = sodium_base64_encoded_len(n, variant);
	char *out = malloc(cap);
	if (!out)
		return NULL;
	sodium_bin2base64(out, cap, bin, n, variant);
	return out;
}

int petory__b64url_decode(
	unsigned char *out, size_t cap, size_t *len_out, const char *s)
{
	return sodium_base642bin(out, cap, s, strlen(s), NULL, len_out, NULL,
		       sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0
		       ? 0
		       : -1;
}

int petory__b64_decode_any(
	unsigned char *out, size_t cap, size_t *len_out, const char *s)
{
	static const int variants[] = { sodium_base64_VARIANT_ORIGINAL,
		sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
		sodium_base64_VARIANT_URLSAFE,
		sodium_base64_VARIANT_URLSAFE_NO_PADDING };
	size_t i;
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (sodium_base642bin(out, cap, s, strlen(s), NULL, len_out,
			    NULL, variants[i]) == 0)
			return 0;
	return -1;
}
