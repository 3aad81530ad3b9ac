/* jwt.c -- compact JWS (RFC 7515/7519) access tokens, HS256 only.
 *
 * The header names the signing key ("kid", see auth/keyring.c); a token
 * without kid comes from before key ids.  Verification accepts exactly
 * the header this library writes' algorithm:
 * "alg" must be "HS256" (never "none", never another algorithm), the
 * signature is compared in constant time (libsodium), and the claims must
 * have the expected types.  JSON through jansson, base64url and
 * HMAC-SHA-256 through libsodium.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/domain.h"

#define MAX_TOKEN 4096

static int invalid(void)
{
	return petory_error_set(
		PETORY_EAUTH, "INVALID_TOKEN", "invalid access token");
}

static void mac(unsigned char out[crypto_auth_hmacsha256_BYTES],
	const unsigned char *key, size_t key_len, const char *data, size_t n)
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)data, n);
	crypto_auth_hmacsha256_final(&st, out);
}

static char *encode_json(json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	char *b64 = text ? petory__b64url_encode(
				   (const unsigned char *)text, strlen(text))
			 : NULL;
	free(text);
	return b64;
}

int petory__jwt_sign(char **out, const unsigned char *key, size_t key_len,
	const char *kid, const petory__claims *c)
{
	json_t *header =
		kid ? json_pack("{s:s, s:s, s:s}", "alg", "HS256", "typ", "JWT",
			      "kid", kid)
		    : json_pack("{s:s, s:s}", "alg", "HS256", "typ", "JWT");
	char sub[24];
	json_t *payload;
	char *h, *p, *sig = NULL, *token = NULL;
	unsigned char digest[crypto_auth_hmacsha256_BYTES];
	size_t hl, pl;

	snprintf(sub, sizeof(sub), "%lld", (long long)c->sub);
	payload = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "sub", sub, "sid",
		c->sid, "jti", c->jti, "ver", (json_int_t)c->ver, "iat",
		(json_int_t)c->iat, "exp", (json_int_t)c->exp);
	h = header ? encode_json(header) : NULL;
	p = payload ? encode_json(payload) : NULL;
	json_decref(header);
	json_decref(payload);
	if (h && p) {
		hl = strlen(h);
		pl = strlen(p);
		token = malloc(hl + pl + 2 + 64);
	}
	if (token) {
		memcpy(token, h, hl);
		token[hl] = '.';
		memcpy(token + hl + 1, p, pl + 1);
		mac(digest, key, key_len, token, hl + 1 + pl);
		sig = petory__b64url_encode(digest, sizeof(digest));
	}
	if (sig) {
		token[hl + 1 + pl] = '.';
		memcpy(token + hl + pl + 2, sig, strlen(sig) + 1);
	}
	free(h);
	free(p);
	if (!sig) {
		free(token);
		return petory__error_oom();
	}
	free(sig);
	*out = token;
	return 0;
}

static json_t *decode_json(const char *b64, size_t n)
{
	char part[MAX_TOKEN + 1];
	unsigned char bin[MAX_TOKEN];
	size_t len;
	memcpy(part, b64, n);
	part[n] = '\0';
	if (petory__b64url_decode(bin, sizeof(bin), &len, part) < 0)
		return NULL;
	return json_loadb((const char *)bin, len, JSON_REJECT_DUPLICATES, NULL);
}

/* A kid as this library makes them: 1 to PETORY__KID_MAX - 1 base64url
 * characters. */
static int kid_ok(const char *kid)
{
	size_t n = strlen(kid);
	return n > 0 && n < PETORY__KID_MAX &&
	       strspn(kid,
		       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		       "0123456789-_") == n;
}

/* The header is ours: HS256, JWT, no crit, a kid (when there is one) of
 * our shape, copied into kid. */
static int header_ok(const char *token, size_t n, char *kid)
{
	json_t *h = decode_json(token, n), *k;
	const char *alg = NULL, *typ = NULL;
	int ok = h && json_is_object(h) &&
		 json_unpack(h, "{s:s, s?s}", "alg", &alg, "typ", &typ) == 0 &&
		 strcmp(alg, "HS256") == 0 &&
		 (!typ || strcmp(typ, "JWT") == 0) &&
		 !json_object_get(h, "crit");
	k = ok ? json_object_get(h, "kid") : NULL;
	if (k && !(json_is_string(k) && kid_ok(json_string_value(k))))
		ok = 0;
	if (kid)
		snprintf(kid, PETORY__KID_MAX, "%s",
			ok && k ? json_string_value(k) : "");
	json_decref(h);
	return ok;
}

int petory__jwt_kid(char *kid, const char *token)
{
	const char *dot = token ? strchr(token, '.') : NULL;
	if (!dot || dot == token || (size_t)(dot - token) > MAX_TOKEN ||
		!header_ok(token, (size_t)(dot - token), kid))
		return invalid();
	return kid[0] != '\0';
}

static int claims_read(petory__claims *c, json_t *p)
{
	const char *sub, *sid, *jti;
	json_int_t ver, iat, exp;
	char *end;
	long long id;
	if (!json_is_object(p) ||
		json_unpack(p, "{s:s, s:s, s:s, s:I, s:I, s:I}", "sub", &sub,
			"sid", &sid, "jti", &jti, "ver", &ver, "iat", &iat,
			"exp", &exp) != 0)
		return -1;
	id = strtoll(sub, &end, 10);
	if (*sub == '\0' || *end != '\0' || id <= 0 ||
		strlen(sid) >= sizeof(c->sid) || strlen(jti) >= sizeof(c->jti))
		return -1;
	c->sub = id;
	c->ver = ver;
	c->iat = iat;
	c->exp = exp;
	snprintf(c->sid, sizeof(c->sid), "%s", sid);
	snprintf(c->jti, sizeof(c->jti), "%s", jti);
	return 0;
}

int petory__jwt_verify(petory__claims *out, const unsigned char *key,
	size_t key_len, const char *token, int64_t now_s)
{
	const char *dot1, *dot2;
	unsigned char sig[crypto_auth_hmacsha256_BYTES + 8];
	unsigned char expect[crypto_auth_hmacsha256_BYTES];
	size_t sig_len, n = token ? strlen(token) : 0;
	json_t *payload;
	int bad;

	if (n == 0 || n > MAX_TOKEN)
		return invalid();
	dot1 = strchr(token, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot1 || !dot2 || strchr(dot2 + 1, '.') || dot1 == token ||
		dot2 == dot1 + 1)
		return invalid();
	if (!header_ok(token, (size_t)(dot1 - token), NULL))
		return invalid();
	if (petory__b64url_decode(sig, sizeof(sig), &sig_len, dot2 + 1) < 0 ||
		sig_len != sizeof(expect))
		return invalid();
	mac(expect, key, key_len, token, (size_t)(dot2 - token));
	if (sodium_memcmp(sig, expect, sizeof(expect)) != 0)
		return invalid();
	payload = decode_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	bad = !payload || claims_read(out, payload) < 0;
	json_decref(payload);
	if (bad)
		return invalid();
	if (out->exp <= now_s)
		return petory_error_set(PETORY_EAUTH, "EXPIRED_TOKEN",
			"the access token has expired");
	return 0;
}
