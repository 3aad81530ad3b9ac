/* jwt.c -- access-token signing and every way a token can be wrong:
 * expired, tampered payload or signature, alg none or another algorithm,
 * the wrong key, malformed structure. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "petory_test.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcde";
static const unsigned char other_key[32] = "fedcba9876543210fedcba987654321";

static petory__claims sample(int64_t exp)
{
	petory__claims c;
	memset(&c, 0, sizeof(c));
	c.sub = 42;
	c.ver = 3;
	c.iat = 1000;
	c.exp = exp;
	strcpy(c.sid, "0011223344556677");
	strcpy(c.jti, "8899aabbccddeeff");
	return c;
}

static char *signed_token(int64_t exp)
{
	char *t = NULL;
	petory__claims c = sample(exp);
	cr_assert_petory_ok(petory__jwt_sign(&t, key, sizeof(key), NULL, &c));
	return t;
}

/* header.payload.signature from parts, signing with HMAC-SHA-256 or -512
 * (alg "HS512"), or leaving the signature empty. */
static char *forge(const char *header_json, const char *payload_json,
	const unsigned char *k, int sha512)
{
	char *h = petory__b64url_encode(
		(const unsigned char *)header_json, strlen(header_json));
	char *p = petory__b64url_encode(
		(const unsigned char *)payload_json, strlen(payload_json));
	char *out = malloc(strlen(h) + strlen(p) + 200);
	unsigned char mac[crypto_auth_hmacsha512_BYTES];
	char *sig;
	sprintf(out, "%s.%s", h, p);
	if (!k) {
		strcat(out, ".");
	} else if (sha512) {
		crypto_auth_hmacsha512_state st;
		crypto_auth_hmacsha512_init(&st, k, 32);
		crypto_auth_hmacsha512_update(
			&st, (unsigned char *)out, strlen(out));
		crypto_auth_hmacsha512_final(&st, mac);
		sig = petory__b64url_encode(mac, 64);
		strcat(out, ".");
		strcat(out, sig);
		free(sig);
	} else {
		crypto_auth_hmacsha256_state st;
		crypto_auth_hmacsha256_init(&st, k, 32);
		crypto_auth_hmacsha256_update(
			&st, (unsigned char *)out, strlen(out));
		crypto_auth_hmacsha256_final(&st, mac);
		sig = petory__b64url_encode(mac, 32);
		strcat(out, ".");
		strcat(out, sig);
		free(sig);
	}
	free(h);
	free(p);
	return out;
}

#define PAYLOAD                                                       \
	"{\"sub\":\"42\",\"sid\":\"0011223344556677\",\"jti\":\"x\"," \
	"\"ver\":3,\"iat\":1000,\"exp\":99999999999}"

static void assert_invalid(const char *token, const char *reason)
{
	petory__claims c;
	cr_assert_petory_fails(PETORY_EAUTH, reason,
		petory__jwt_verify(&c, key, sizeof(key), token, 2000));
}

Test(jwt, round_trip)
{
	petory__claims c;
	char *t = signed_token(5000);
	cr_assert_petory_ok(petory__jwt_verify(&c, key, sizeof(key), t, 2000));
	cr_assert_eq(c.sub, 42);
	cr_assert_eq(c.ver, 3);
	cr_assert_eq(c.exp, 5000);
	cr_assert_str_eq(c.sid, "0011223344556677");
	cr_assert_null(strchr(t, '='), "no padding");
	free(t);
}

Test(jwt, forged_hs256_with_the_right_key_is_accepted)
{
	/* Proves forge() builds real tokens, so the failures below fail for
	 * the reason each test names. */
	petory__claims c;
	char *t = forge("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", PAYLOAD, key, 0);
	cr_assert_petory_ok(petory__jwt_verify(&c, key, sizeof(key), t, 2000));
	free(t);
}

Test(jwt, expired)
{
	char *t = signed_token(2000);
	assert_invalid(t, "EXPIRED_TOKEN");
	free(t);
}

Test(jwt, tampered_payload)
{
	char *t = signed_token(5000);
	char *evil = forge("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
		"{\"sub\":\"1\",\"sid\":\"0011223344556677\",\"jti\":\"x\","
		"\"ver\":3,\"iat\":1000,\"exp\":5000}",
		other_key, 0);
	/* keep the original signature, swap in the new payload */
	char *dot1 = strchr(t, '.'), *dot2 = strrchr(t, '.');
	char *edot1 = strchr(evil, '.'), *edot2 = strrchr(evil, '.');
	char mixed[4096];
	snprintf(mixed, sizeof(mixed), "%.*s%.*s%s", (int)(dot1 - t), t,
		(int)(edot2 - edot1), edot1, dot2);
	assert_invalid(mixed, "INVALID_TOKEN");
	free(t);
	free(evil);
}

Test(jwt, tampered_signature)
{
	char *t = signed_token(5000);
	char *last = t + strlen(t) - 2;
	*last = *last == 'A' ? 'B' : 'A';
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
}

Test(jwt, alg_none_is_refused)
{
	char *t = forge("{\"alg\":\"none\",\"typ\":\"JWT\"}", PAYLOAD, NULL, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
	t = forge("{\"alg\":\"none\"}", PAYLOAD, key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
}

Test(jwt, other_algorithms_are_refused)
{
	char *t = forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", PAYLOAD, key, 1);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
	t = forge("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", PAYLOAD, key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
	t = forge("{\"alg\":\"hs256\"}", PAYLOAD, key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
}

Test(jwt, wrong_key)
{
	char *t = forge(
		"{\"alg\":\"HS256\",\"typ\":\"JWT\"}", PAYLOAD, other_key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
}

Test(jwt, malformed)
{
	assert_invalid("", "INVALID_TOKEN");
	assert_invalid("abc", "INVALID_TOKEN");
	assert_invalid("a.b", "INVALID_TOKEN");
	assert_invalid("a.b.c.d", "INVALID_TOKEN");
	assert_invalid("..", "INVALID_TOKEN");
	assert_invalid("!!!.###.$$$", "INVALID_TOKEN");
	char *t =
		forge("{\"alg\":\"HS256\",\"crit\":[\"x\"]}", PAYLOAD, key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
	t = forge("{\"alg\":\"HS256\"}", "{\"sub\":42}", key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
	t = forge("{\"alg\":\"HS256\"}", "[1,2]", key, 0);
	assert_invalid(t, "INVALID_TOKEN");
	free(t);
}

/* ---- key ids and the key ring ---- */

Test(jwt, the_kid_travels_in_the_header)
{
	petory__claims c = sample(5000);
	char *t = NULL, kid[PETORY__KID_MAX];
	cr_assert_petory_ok(
		petory__jwt_sign(&t, key, sizeof(key), "AbC-_09xyz1", &c));
	cr_assert_eq(petory__jwt_kid(kid, t), 1);
	cr_assert_str_eq(kid, "AbC-_09xyz1");
	cr_assert_petory_ok(petory__jwt_verify(&c, key, sizeof(key), t, 2000));
	free(t);
	cr_assert_petory_ok(petory__jwt_sign(&t, key, sizeof(key), NULL, &c));
	cr_assert_eq(petory__jwt_kid(kid, t), 0);
	cr_assert_str_eq(kid, "");
	free(t);
	/* a kid that is not one of ours is a bad token */
	cr_assert_petory_ok(petory__jwt_sign(&t, key, sizeof(key), "a/b", &c));
	cr_assert_eq(petory__jwt_kid(kid, t), PETORY_EAUTH);
	cr_assert_eq(petory__jwt_verify(&c, key, sizeof(key), t, 2000),
		PETORY_EAUTH);
	free(t);
	cr_assert_eq(petory__jwt_kid(kid, "no-dot"), PETORY_EAUTH);
}

Test(jwt, rotation_keeps_old_keys_until_their_tokens_expire)
{
	petory *db;
	petory__signing_key first, second, found;
	petory_signing_key_info current, *list = NULL;
	size_t dropped = 99, n = 0;
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	cr_assert_petory_ok(petory__keyring_signing(&first, db));
	cr_assert(first.original);
	cr_assert_petory_ok(petory_keys_rotate(&current, &dropped, db));
	cr_assert_eq(dropped, 0);
	cr_assert_petory_ok(petory__keyring_signing(&second, db));
	cr_assert_str_eq(second.kid, current.kid);
	cr_assert_str_neq(second.kid, first.kid);
	/* the old key verifies by its kid and for tokens without kid */
	cr_assert_petory_ok(petory__keyring_lookup(&found, db, first.kid));
	cr_assert_petory_ok(petory__keyring_lookup(&found, db, NULL));
	cr_assert_str_eq(found.kid, first.kid);
	cr_assert_eq(petory__keyring_lookup(&found, db, "AAAAAAAAAAA"),
		PETORY_EAUTH);
	cr_assert_petory_ok(petory_keys_list(&list, &n, db));
	cr_assert_eq(n, 2);
	cr_assert(list[0].current && !list[1].current && list[1].original);
	cr_assert_eq(list[1].retired_at, TEST_EPOCH_MS);
	cr_assert_eq(list[1].verifies_until, TEST_EPOCH_MS + 900000 + 5000);
	free(list);
	/* once every token of the old key has expired it verifies nothing,
	 * and the next rotation drops it */
	test_clock_now = TEST_EPOCH_MS + 905000;
	cr_assert_eq(
		petory__keyring_lookup(&found, db, first.kid), PETORY_EAUTH);
	cr_assert_eq(petory__keyring_lookup(&found, db, NULL), PETORY_EAUTH);
	cr_assert_petory_ok(petory__keyring_lookup(&found, db, second.kid));
	cr_assert_petory_ok(petory_keys_rotate(NULL, &dropped, db));
	cr_assert_eq(dropped, 1);
	cr_assert_petory_ok(petory_keys_list(&list, &n, db));
	cr_assert_eq(n, 2);
	cr_assert_str_eq(list[1].kid, second.kid);
	free(list);
	test_db_close(db);
}
