/* keyring.c -- the keys that sign and verify access tokens, by key id
 * (see petory/keys.h), and the secrets read from outside the database.
 *
 * External keys (options.jwt_secret, .jwt_previous_secrets) are the ring
 * as configured: the first signs, the others only verify; nothing is
 * written to the database.  Stored keys: the original key is the one
 * generated on first open (meta "jwt_hs256_key", as before key ids); the
 * ring is meta "jwt_keyring", JSON {"keys":[{"kid","key" (hex),
 * "createdAt","retiredAt" (null: current)}…]}, absent until the first
 * rotation (the ring is then the original key alone).  A rotation reads
 * the ring and writes the new one by compare-and-set, retrying when
 * another rotation came first, so racing rotations never lose a key.
 *
 * The handle keeps a copy of the ring under a mutex: signing re-reads
 * the stored ring (a login sees a rotation made by another process at
 * once), verification re-reads it when the copy is older than RELOAD_MS
 * (one read a second at most, so a rotation or a dropped key is seen
 * within a second) or names no key of the token's kid.  A retired key
 * stops verifying once every token it signed has expired, even before a
 * rotation drops it.
 * A kid is derived from its key (BLAKE2b of "petory-kid:" and the key,
 * the first 8 bytes in base64url).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "domain/domain.h"
#include "petory/keys.h"
#include "store/calls.h"

#define RING_META "jwt_keyring"
#define ORIGINAL_META "jwt_hs256_key"
#define RELOAD_MS 1000
#define UNKNOWN_KID_RELOAD_MS 1000
/* Signing re-reads the ring, so a server signs with a retired key only
 * when its read raced the rotation: a few seconds cover that. */
#define RETIRE_MARGIN_MS 5000
#define PREVIOUS_MAX 8
#define ROTATE_ATTEMPTS 8

struct petory__keyring {
	pthread_mutex_t lock;
	bool external;
	petory__signing_key original; /* stored rings: meta's first key */
	petory__signing_key keys[PETORY_SIGNING_KEYS_MAX + PREVIOUS_MAX];
	size_t count;      /* keys[0] signs */
	int64_t loaded_ms; /* monotonic */
};

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int kid_of(
	char out[PETORY__KID_MAX], const unsigned char *key, size_t len)
{
	static const char domain[] = "petory-kid:";
	unsigned char digest[crypto_generichash_BYTES_MIN];
	crypto_generichash_state st;
	char *b64;
	crypto_generichash_init(&st, NULL, 0, sizeof(digest));
	crypto_generichash_update(
		&st, (const unsigned char *)domain, sizeof(domain) - 1);
	crypto_generichash_update(&st, key, len);
	crypto_generichash_final(&st, digest, sizeof(digest));
	if (!(b64 = petory__b64url_encode(digest, 8)))
		return petory__error_oom();
	snprintf(out, PETORY__KID_MAX, "%s", b64);
	free(b64);
	return 0;
}

static int key_from_bytes(petory__signing_key *k, const unsigned char *key,
	size_t len, bool external)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->key, key, len);
	k->len = len;
	k->external = external;
	return kid_of(k->kid, key, len);
}

/* ---- the stored ring ---- */

static void ring_wipe(petory__signing_key *keys, size_t n)
{
	sodium_memzero(keys, n * sizeof(*keys));
}

/* Parse the stored ring text into keys (current first). */
static int ring_parse(petory__signing_key *keys, size_t *count,
	const char *text, const petory__signing_key *original)
{
	json_t *root = json_loads(text, 0, NULL), *list, *item;
	size_t i, n = 0;
	int error = 0;
	list = root ? json_object_get(root, "keys") : NULL;
	if (!json_is_array(list) || json_array_size(list) == 0 ||
		json_array_size(list) > PETORY_SIGNING_KEYS_MAX)
		error = -1;
	json_array_foreach(list, i, item)
	{
		const char *kid, *hex;
		json_int_t created;
		json_t *retired;
		petory__signing_key *k = &keys[n];
		size_t len = 0;
		if (error ||
			json_unpack(item, "{s:s, s:s, s:I, s:o}", "kid", &kid,
				"key", &hex, "createdAt", &created, "retiredAt",
				&retired) != 0 ||
			sodium_hex2bin(k->key, sizeof(k->key), hex, strlen(hex),
				NULL, &len, NULL) != 0 ||
			len < 32 ||
			(!json_is_null(retired) && !json_is_integer(retired))) {
			error = -1;
			break;
		}
		k->len = len;
		k->external = false; /* keys[] is not zeroed: set each field */
		k->created_at = created;
		k->retired_at =
			json_is_null(retired) ? 0 : json_integer_value(retired);
		if (kid_of(k->kid, k->key, k->len) < 0 ||
			strcmp(k->kid, kid) != 0 ||
			(n == 0) != (k->retired_at == 0)) {
			error = -1;
			break;
		}
		k->original = strcmp(k->kid, original->kid) == 0;
		n++;
	}
	json_decref(root);
	if (error) {
		ring_wipe(keys, PETORY_SIGNING_KEYS_MAX);
		return petory_error_set(PETORY_EBACKEND, NULL,
			"the stored JWT key ring is damaged");
	}
	*count = n;
	return 0;
}

static char *ring_format(const petory__signing_key *keys, size_t n)
{
	json_t *list = json_array(), *root;
	char hex[2 * PETORY__JWT_KEY_MAX + 1], *text;
	size_t i;
	for (i = 0; list && i < n; i++) {
		const petory__signing_key *k = &keys[i];
		sodium_bin2hex(hex, sizeof(hex), k->key, k->len);
		json_array_append_new(list,
			json_pack("{s:s, s:s, s:I, s:o}", "kid", k->kid, "key",
				hex, "createdAt", (json_int_t)k->created_at,
				"retiredAt",
				k->retired_at ? json_integer(k->retired_at)
					      : json_null()));
	}
	sodium_memzero(hex, sizeof(hex));
	root = list ? json_pack("{s:o}", "keys", list) : NULL;
	text = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	return text;
}

/* The stored ring as text (*text NULL when never rotated) and keys. */
static int ring_read(
	petory *db, char **text, petory__signing_key *keys, size_t *count)
{
	const petory__signing_key *original = &db->keyring->original;
	int error = petory__store_meta_get(text, db, RING_META);
	if (error == PETORY_ENOTFOUND) {
		*text = NULL;
		keys[0] = *original;
		keys[0].original = true;
		*count = 1;
		return 0;
	}
	if (error < 0)
		return error;
	return ring_parse(keys, count, *text, original);
}

/* Under the lock: refresh the copy of a stored ring. */
static int reload_locked(petory *db)
{
	petory__keyring *ring = db->keyring;
	petory__signing_key keys[PETORY_SIGNING_KEYS_MAX];
	char *text = NULL;
	size_t n = 0;
	int error;
	if (ring->external)
		return 0;
	error = ring_read(db, &text, keys, &n);
	if (text)
		sodium_memzero(text, strlen(text));
	free(text);
	if (error < 0)
		return error;
	ring_wipe(ring->keys, ring->count);
	memcpy(ring->keys, keys, n * sizeof(*keys));
	ring->count = n;
	ring->loaded_ms = monotonic_ms();
	ring_wipe(keys, n);
	return 0;
}

/* ---- loading at open ---- */

static int decode_key(petory__signing_key *k, const char *b64, bool external,
	const char *what)
{
	unsigned char raw[PETORY__JWT_KEY_MAX];
	size_t len = 0;
	int error;
	if ((error = petory__secret_load(
		     raw, sizeof(raw), &len, NULL, b64, NULL, what)) < 0)
		return error;
	error = key_from_bytes(k, raw, len, external);
	sodium_memzero(raw, sizeof(raw));
	return error;
}

/* The configured previous keys, comma-separated, after keys[0]. */
static int load_previous(petory__keyring *ring, const char *list)
{
	char item[256];
	const char *p = list;
	while (p && *p) {
		size_t n = strcspn(p, ",");
		int error;
		if (n >= sizeof(item) || ring->count >= 1 + PREVIOUS_MAX)
			return petory_error_set(PETORY_EINVALID,
				"INVALID_PARAMETER",
				"the previous JWT keys must be at most %d "
				"comma-separated base64 keys",
				PREVIOUS_MAX);
		memcpy(item, p, n);
		item[n] = '\0';
		if (n > 0) {
			error = decode_key(&ring->keys[ring->count], item, true,
				"previous JWT key");
			sodium_memzero(item, sizeof(item));
			if (error < 0)
				return error;
			ring->keys[ring->count].retired_at = 1;
			ring->count++;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int petory__jwt_key_load(petory *db, const petory_options *opts)
{
	petory__keyring *ring = calloc(1, sizeof(*ring));
	unsigned char raw[PETORY__JWT_KEY_MAX];
	size_t len = 0;
	int error;
	if (!ring)
		return petory__error_oom();
	pthread_mutex_init(&ring->lock, NULL);
	db->keyring = ring;
	if (opts->jwt_secret && *opts->jwt_secret) {
		ring->external = true;
		if ((error = decode_key(&ring->keys[0], opts->jwt_secret, true,
			     "JWT secret")) < 0)
			return error;
		ring->keys[0].original = true;
		ring->count = 1;
		ring->original = ring->keys[0];
		return load_previous(ring, opts->jwt_previous_secrets);
	}
	if (opts->jwt_previous_secrets && *opts->jwt_previous_secrets)
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"previous JWT keys are given without a JWT key");
	error = petory__secret_load(
		raw, sizeof(raw), &len, db, NULL, ORIGINAL_META, "JWT secret");
	if (!error)
		error = key_from_bytes(&ring->original, raw, len, false);
	sodium_memzero(raw, sizeof(raw));
	if (!error) {
		pthread_mutex_lock(&ring->lock);
		error = reload_locked(db);
		pthread_mutex_unlock(&ring->lock);
	}
	return error;
}

void petory__keyring_free(petory *db)
{
	if (!db->keyring)
		return;
	pthread_mutex_destroy(&db->keyring->lock);
	sodium_memzero(db->keyring, sizeof(*db->keyring));
	free(db->keyring);
	db->keyring = NULL;
}

/* ---- signing and verifying ---- */

int petory__keyring_signing(petory__signing_key *out, petory *db)
{
	petory__keyring *ring = db->keyring;
	int error;
	pthread_mutex_lock(&ring->lock);
	error = reload_locked(db);
	if (!error)
		*out = ring->keys[0];
	pthread_mutex_unlock(&ring->lock);
	return error;
}

static petory_time_ms verifies_until(
	const petory *db, const petory__signing_key *k);

/* The key of kid (NULL: the original), unless it was retired so long ago
 * that every token it signed has expired (dropped by the next rotation,
 * refused already). */
static const petory__signing_key *find_locked(
	petory *db, const petory__keyring *ring, const char *kid)
{
	size_t i;
	for (i = 0; i < ring->count; i++) {
		const petory__signing_key *k = &ring->keys[i];
		if (kid ? strcmp(k->kid, kid) != 0 : !k->original)
			continue;
		if (!k->external && k->retired_at &&
			verifies_until(db, k) <= petory_now(db))
			return NULL;
		return k;
	}
	return NULL;
}

int petory__keyring_lookup(
	petory__signing_key *out, petory *db, const char *kid)
{
	petory__keyring *ring = db->keyring;
	const petory__signing_key *k;
	int64_t age;
	int error = 0;
	pthread_mutex_lock(&ring->lock);
	age = monotonic_ms() - ring->loaded_ms;
	if (!ring->external && age > RELOAD_MS)
		error = reload_locked(db);
	k = error ? NULL : find_locked(db, ring, kid);
	if (!error && !k && !ring->external && age > UNKNOWN_KID_RELOAD_MS &&
		(error = reload_locked(db)) == 0)
		k = find_locked(db, ring, kid);
	if (k)
		*out = *k;
	pthread_mutex_unlock(&ring->lock);
	if (error)
		return error;
	if (!k)
		return petory_error_set(
			PETORY_EAUTH, "INVALID_TOKEN", "invalid access token");
	return 0;
}

/* ---- listing and rotating ---- */

static petory_time_ms verifies_until(
	const petory *db, const petory__signing_key *k)
{
	return k->retired_at ? k->retired_at + db->cfg.access_ttl_s * 1000 +
				       RETIRE_MARGIN_MS
			     : 0;
}

static void describe(petory_signing_key_info *out, const petory *db,
	const petory__signing_key *k, bool current)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->kid, sizeof(out->kid), "%s", k->kid);
	out->created_at = k->created_at;
	out->retired_at = k->external ? 0 : k->retired_at;
	out->verifies_until = k->external ? 0 : verifies_until(db, k);
	out->current = current;
	out->original = k->original;
	out->external = k->external;
}

int petory_keys_list(
	petory_signing_key_info **out, size_t *count_out, petory *db)
{
	petory__keyring *ring;
	size_t i;
	int error;
	if (!out || !count_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	*count_out = 0;
	ring = db->keyring;
	pthread_mutex_lock(&ring->lock);
	error = reload_locked(db);
	if (!error && !(*out = calloc(ring->count, sizeof(**out))))
		error = petory__error_oom();
	for (i = 0; !error && i < ring->count; i++)
		describe(&(*out)[i], db, &ring->keys[i], i == 0);
	if (!error)
		*count_out = ring->count;
	pthread_mutex_unlock(&ring->lock);
	return error;
}

/* The ring after rotating `old` at now: a new current key, the old
 * current retired, expired retired keys dropped. */
static int rotated(petory__signing_key *next, size_t *next_count,
	size_t *dropped, const petory__signing_key *old, size_t count,
	petory *db, petory_time_ms now)
{
	unsigned char raw[32];
	size_t i, n = 1;
	int error;
	randombytes_buf(raw, sizeof(raw));
	error = key_from_bytes(&next[0], raw, sizeof(raw), false);
	sodium_memzero(raw, sizeof(raw));
	if (error < 0)
		return error;
	next[0].created_at = now;
	*dropped = 0;
	for (i = 0; i < count; i++) {
		petory__signing_key k = old[i];
		if (k.retired_at == 0)
			k.retired_at = now;
		if (verifies_until(db, &k) <= now) {
			(*dropped)++;
			continue;
		}
		if (n >= PETORY_SIGNING_KEYS_MAX) {
			ring_wipe(next, n);
			return petory_error_set(PETORY_ECONFLICT,
				"TOO_MANY_KEYS",
				"%d keys still verify tokens; rotate again "
				"once the oldest has expired",
				PETORY_SIGNING_KEYS_MAX - 1);
		}
		next[n++] = k;
	}
	*next_count = n;
	return 0;
}

int petory_keys_rotate(
	petory_signing_key_info *current_out, size_t *dropped_out, petory *db)
{
	petory__signing_key old[PETORY_SIGNING_KEYS_MAX],
		next[PETORY_SIGNING_KEYS_MAX];
	size_t old_n = 0, next_n = 0, dropped = 0;
	int attempt, error = 0;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (db->keyring->external)
		return petory_error_set(PETORY_ECONFLICT, "KEYS_EXTERNAL",
			"the JWT key comes from the secrets file or the "
			"environment: rotate it there (the old key goes to "
			"jwt_previous_keys)");
	for (attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
		char *text = NULL, *winner = NULL, *new_text;
		if ((error = ring_read(db, &text, old, &old_n)) < 0 ||
			(error = rotated(next, &next_n, &dropped, old, old_n,
				 db, petory_now(db))) < 0) {
			free(text);
			break;
		}
		if (!(new_text = ring_format(next, next_n)))
			error = petory__error_oom();
		else if (!text) {
			error = petory__store_meta_put_if_absent(
				&winner, db, RING_META, new_text);
			if (!error && strcmp(winner, new_text) != 0)
				error = PETORY_ECONFLICT;
		} else
			error = petory__store_meta_replace(
				db, RING_META, text, new_text);
		if (new_text)
			sodium_memzero(new_text, strlen(new_text));
		if (text)
			sodium_memzero(text, strlen(text));
		free(new_text);
		free(text);
		free(winner);
		ring_wipe(old, old_n);
		if (error != PETORY_ECONFLICT)
			break;
		ring_wipe(next, next_n);
	}
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT, NULL,
			"other rotations kept changing the key ring; try "
			"again");
	if (error < 0)
		return error;
	petory__log(PETORY_LOG_INFO,
		"JWT key rotated: %s signs from now on, %zu expired %s dropped",
		next[0].kid, dropped, dropped == 1 ? "key" : "keys");
	if (current_out)
		describe(current_out, db, &next[0], true);
	if (dropped_out)
		*dropped_out = dropped;
	ring_wipe(next, next_n);
	pthread_mutex_lock(&db->keyring->lock);
	error = reload_locked(db);
	pthread_mutex_unlock(&db->keyring->lock);
	return error;
}

/* ---- secrets from outside the database ---- */

static int secrets_set(char **slot, const char *value, size_t line)
{
	if (*slot) {
		return petory_error_set(PETORY_EINVALID, "INVALID_SECRETS_FILE",
			"the secrets file sets a key twice (line %zu)", line);
	}
	if (!(*slot = strdup(value)))
		return petory__error_oom();
	return 0;
}

static char *trim(char *s)
{
	char *end;
	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
				  end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

static int secrets_parse(petory_secrets *out, FILE *f)
{
	char buf[4096];
	size_t line = 0;
	int error = 0;
	while (!error && fgets(buf, sizeof(buf), f)) {
		char *text, *eq, *name, *value;
		line++;
		if (!strchr(buf, '\n') && !feof(f))
			error = petory_error_set(PETORY_EINVALID,
				"INVALID_SECRETS_FILE",
				"line %zu of the secrets file is too long",
				line);
		text = trim(buf);
		if (error || *text == '\0' || *text == '#')
			continue;
		if (!(eq = strchr(text, '='))) {
			error = petory_error_set(PETORY_EINVALID,
				"INVALID_SECRETS_FILE",
				"line %zu of the secrets file is not "
				"name=value",
				line);
			break;
		}
		*eq = '\0';
		name = trim(text);
		value = trim(eq + 1);
		if (strcmp(name, "jwt_key") == 0)
			error = secrets_set(&out->jwt_key, value, line);
		else if (strcmp(name, "jwt_previous_keys") == 0)
			error = secrets_set(
				&out->jwt_previous_keys, value, line);
		else if (strcmp(name, "url_key") == 0)
			error = secrets_set(&out->url_key, value, line);
		else
			error = petory_error_set(PETORY_EINVALID,
				"INVALID_SECRETS_FILE",
				"line %zu of the secrets file names no key "
				"(jwt_key, jwt_previous_keys, url_key)",
				line);
	}
	sodium_memzero(buf, sizeof(buf));
	return error;
}

static int secrets_file(petory_secrets *out, const char *path)
{
	struct stat st;
	FILE *f = fopen(path, "re");
	int error;
	if (!f)
		return petory_error_set(PETORY_ENOTFOUND,
			"SECRETS_FILE_UNREADABLE",
			"cannot read the secrets file %s", path);
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return petory_error_set(PETORY_EINVALID, "INVALID_SECRETS_FILE",
			"the secrets file %s is not a regular file", path);
	}
	if (st.st_mode & 077) {
		fclose(f);
		return petory_error_set(PETORY_EPERM, "SECRETS_FILE_READABLE",
			"the secrets file %s is mode %03o: others than its "
			"owner may use it (chmod 600 it)",
			path, (unsigned)(st.st_mode & 0777));
	}
	error = secrets_parse(out, f);
	fclose(f);
	return error;
}

static int secrets_env(char **slot, const char *name)
{
	const char *v = getenv(name);
	if (*slot || !v || !*v)
		return 0;
	return (*slot = strdup(v)) ? 0 : petory__error_oom();
}

int petory_secrets_load(petory_secrets *out, const char *path)
{
	int error = 0;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (path && (error = secrets_file(out, path)) < 0) {
		petory_secrets_dispose(out);
		return error;
	}
	if ((error = secrets_env(&out->jwt_key, "PETORY_JWT_KEY")) < 0 ||
		(error = secrets_env(&out->jwt_previous_keys,
			 "PETORY_JWT_PREVIOUS_KEYS")) < 0 ||
		(error = secrets_env(&out->url_key, "PETORY_URL_KEY")) < 0)
		petory_secrets_dispose(out);
	return error;
}

static void wipe_free(char **s)
{
	if (*s) {
		sodium_memzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void petory_secrets_dispose(petory_secrets *s)
{
	if (!s)
		return;
	wipe_free(&s->jwt_key);
	wipe_free(&s->jwt_previous_keys);
	wipe_free(&s->url_key);
}
