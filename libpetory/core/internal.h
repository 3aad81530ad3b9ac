/* internal.h -- the handle's layout and the library's internal helpers.
 *
 * Names that are not static and not public use the petory__ prefix.  The
 * handle is immutable after petory_open returns (backends are registered
 * before it is shared), so every thread reads it without locking; mutable
 * state lives behind the storage backends, which are thread-safe.
 */
#ifndef PETORY_INTERNAL_H
#define PETORY_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>

#include <curl/curl.h>
#include <jansson.h>

#include "petory.h"
#include "petory/sys/store.h"
#include "petory/sys/errors.h"

typedef struct petory__pool petory__pool;

/* Owned copies of every option string; defaults applied. */
typedef struct petory__config {
	char *db_path;
	unsigned pool_size;
	int create;
	int64_t access_ttl_s;
	int64_t refresh_ttl_s;
	unsigned long long pwhash_opslimit;
	size_t pwhash_memlimit;
	petory_clock_fn clock;
	void *clock_payload;
	char *default_timezone;
	petory_rate_rule login_email_failures;
	petory_rate_rule login_ip;
	petory_rate_rule signup_ip;
	char *redis_url; /* NULL: no Redis */
	char *redis_prefix;
	petory_rate_rule place_review;
	petory_rate_rule place_report;
	char *kakao_api_key; /* NULL: no geocoding */
	char *kakao_local_url;
	struct {
		char *client_id, *client_secret, *authorize_url, *token_url,
			*userinfo_url, *redirect_uri, *scope, *ca_file;
	} google;
	char *smtp_url; /* NULL: not configured */
	char *mail_from;
	char *admin_webhook_url; /* NULL: not configured */
} petory__config;

#define PETORY__JWT_KEY_MAX 64

/* A rendered GET /places/rank answer (see domain/place.c). */
#define PETORY__RANK_SIZE_MAX 50
typedef struct petory__rank_cached {
	uint64_t generation; /* 0: empty */
	petory_time_ms at;
	char *body;
	size_t len;
} petory__rank_cached;

struct petory {
	petory__config cfg;
	petory__pool *pool;
	int schema_version;
	petory_store *store;
	petory_rank_store *rank;
	petory_session_store *sessions;
	unsigned char jwt_key[PETORY__JWT_KEY_MAX];
	size_t jwt_key_len;
	/* Set when redis_url is configured: are the Redis backends in use? */
	bool redis_in_use;
	petory_notification_hook notification_hook;
	void *notification_hook_payload;
	/* Orders SQL like changes and their rank updates (shared) against
	 * board moves and rebuilds (exclusive); see domain/place_rank.c. */
	pthread_rwlock_t rank_lock;
	/* Bumped by every change that can alter a rendered ranking; the
	 * rendered rankings of the current generation are reused. */
	_Atomic uint64_t places_generation;
	pthread_mutex_t rank_cache_lock;
	petory__rank_cached rank_cache[PETORY_PLACE_TYPE_COUNT + 1]
				      [PETORY__RANK_SIZE_MAX];
};

/* ---- errors (core/errors.c) ---- */

/* Validation: collect every bad field, then fail once. */
typedef struct petory__invalid {
	size_t count;
} petory__invalid;
void petory__invalid_begin(petory__invalid *v);
void petory__invalid_field(
	petory__invalid *v, const char *field, const char *message);
/* PETORY_EINVALID ("INVALID_PARAMETER") when a field was added, else 0. */
int petory__invalid_end(petory__invalid *v);
/* Set ENOMEM and return it. */
int petory__error_oom(void);

/* ---- logging (core/log.c) ---- */

extern petory_log_level petory__log_max;
void petory__log_write(petory_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define petory__log(level, ...)                                  \
	do {                                                     \
		if ((level) <= petory__log_max)                  \
			petory__log_write((level), __VA_ARGS__); \
	} while (0)

/* ---- text (core/text.c) ---- */

/* Number of Unicode code points in s, or -1 when s is not valid UTF-8. */
int64_t petory__utf8_length(const char *s);
/* Case-folded, NFC copy of s (for case-insensitive keys); NULL on error. */
char *petory__utf8_fold(const char *s);
/* True when s has no control characters (after valid UTF-8). */
bool petory__utf8_printable(const char *s);
/* Check a text field: present, valid UTF-8, min..max characters,
 * printable; adds a field error otherwise.  Returns true when valid. */
bool petory__check_text(petory__invalid *v, const char *field,
	const char *value, int64_t min, int64_t max);
bool petory__email_valid(const char *email);
bool petory__timezone_valid(const char *zone);
char *petory__strdup(const char *s); /* NULL stays NULL */

/* ---- random and encoding (core/random.c) ---- */

/* n random bytes as lower-case hex into out (2n+1 bytes). */
void petory__random_hex(char *out, size_t n);
/* base64url without padding of n bytes; malloc'd. */
char *petory__b64url_encode(const unsigned char *bin, size_t n);
/* Decode base64url (no padding); -1 on bad input or overflow. */
int petory__b64url_decode(
	unsigned char *out, size_t cap, size_t *len_out, const char *s);
/* Decode standard or URL-safe base64, padding optional. */
int petory__b64_decode_any(
	unsigned char *out, size_t cap, size_t *len_out, const char *s);

/* ---- clock and config (core/handle.c) ---- */

static inline petory_time_ms petory__now(petory *db)
{
	return petory_now(db);
}
/* ENOTFOUND-free check: actor holds ADMIN (or is the system). */
bool petory__is_admin(const petory_identity *actor);
/* EPERM "FORBIDDEN" unless the actor is an admin. */
int petory__require_admin(const petory_identity *actor);
/* Validate a page request (size 1..100, page >= 0). */
int petory__check_page(const petory_page_req *page, int64_t default_size,
	int64_t *page_out, int64_t *size_out);

/* ---- storage plumbing (store/registry.c, store/sqlite/) ---- */

int petory__sqlite_open_pool(petory *db);
void petory__sqlite_close_pool(petory *db);
void petory__stores_free(petory *db);

/* ---- auth internals ---- */

int petory__password_hash(char **out, petory *db, const char *password);
/* 0 on match, EAUTH on mismatch (or on a NULL hash). */
int petory__password_verify(const char *hash, const char *password);
/* Spend the time of one verification (unknown email). */
void petory__password_dummy_verify(petory *db, const char *password);
int petory__jwt_key_load(petory *db, const char *configured_b64);

/* Claims of our access tokens. */
typedef struct petory__claims {
	int64_t sub;
	int64_t ver;
	int64_t iat;
	int64_t exp;
	char sid[48];
	char jti[48];
} petory__claims;
int petory__jwt_sign(char **out, const unsigned char *key, size_t key_len,
	const petory__claims *claims);
/* Checks format, algorithm (HS256 only), signature and expiry. */
int petory__jwt_verify(petory__claims *out, const unsigned char *key,
	size_t key_len, const char *token, int64_t now_s);

/* Check and count a rate-limited event; fills info; ERATELIMIT when over. */
int petory__rate_consume(petory_rate_info *info, petory *db, const char *key,
	const petory_rate_rule *rule, int64_t cost);
/* Would one more event be refused?  Counts nothing. */
int petory__rate_peek(petory_rate_info *info, petory *db, const char *key,
	const petory_rate_rule *rule);
/* Merge: keep in *into the rule with the fewest remaining events. */
void petory__rate_merge(petory_rate_info *into, const petory_rate_info *other);

/* Create a login session and sign its first token pair. */
int petory__tokens_issue(
	petory_tokens *out, petory *db, int64_t user_id, int64_t token_version);
/* Validate and insert a new account (signup, petory_user_create). */
int petory__user_register(petory_user **out, petory *db,
	const petory_new_user *in, unsigned roles);
/* Wipe and free the password hash of a secret. */
void petory__user_secret_dispose(petory_user_secret *secret);

/* Free the fields of n events of an array, then the array. */
void petory__event_array_free(petory_event *events, size_t n);

/* Apply login status rules (suspended, reactivation) then issue. */
int petory__login_user(petory_tokens *out, petory *db, petory_user *user,
	const petory_user_secret *secret);

/* ---- local dates (core/localdate.c) ---- */

typedef struct petory__date {
	int year, month, day;
} petory__date;
/* The calendar date of `instant` in zone (NULL: the configured default
 * zone); EINVALID for an unknown zone. */
int petory__local_date(petory__date *out, petory *db, const char *zone,
	petory_time_ms instant);
/* The date of the actor's zone (users.timezone; NULL actor or system:
 * the configured zone). */
int petory__actor_date(petory__date *out, petory *db,
	const petory_identity *actor, petory_time_ms instant);
/* The instant at which `date` begins in zone (NULL: default zone). */
int petory__local_midnight(petory_time_ms *out, petory *db, const char *zone,
	const petory__date *date);
/* Day after d. */
petory__date petory__date_next(petory__date d);
/* "YYYY-MM-DD" (11 bytes) and "MM-dd" (6 bytes). */
void petory__date_format(char *buf, size_t size, const petory__date *d);
/* Parse "YYYY-MM-DD" naming a real day; -1 otherwise. */
int petory__date_parse(petory__date *out, const char *s);
/* True when "MM-dd" names a day of a leap year (02-29 included). */
bool petory__month_day_valid(const char *s);

/* ---- outbox (jobs/outbox.c) ---- */

/* Deliver the due rows whose destination is configured. */
int petory__outbox_run(
	int64_t *delivered, int64_t *failed, petory *db, petory_time_ms now);
/* Delay before the next attempt after `attempts_before` failed ones. */
petory_time_ms petory__outbox_backoff(int64_t attempts_before);

/* ---- event reminders (jobs/reminders.c) ---- */

/* Send the reminders due in the last hour up to now, once each. */
int petory__reminders_run(int64_t *sent_out, petory *db, petory_time_ms now);
/* When the next reminder after now falls due within a day; 0: none. */
petory_time_ms petory__reminders_next(petory *db, petory_time_ms now);

/* ---- seeding (domain/daily.c) ---- */

/* Load the shipped questions when the database has never had them. */
int petory__daily_questions_seed(petory *db);
/* ---- outbound HTTP (core/http.c) ---- */

/* Perform the GET/POST prepared on curl (URL, headers, body) with the
 * library's limits; 0 with *out a JSON object (new reference) for a 2xx
 * answer, else EUPSTREAM with reason and message (details are logged as
 * `what`, never returned: they may name hosts). */
int petory__http_json(json_t **out, CURL *curl, const char *ca_file,
	const char *what, const char *reason, const char *message);

/* Coordinates of an address through the configured Kakao-Local-compatible
 * provider (domain/geocode.c); EINVALID naming address when it is not
 * found, EUPSTREAM "GEOCODING_FAILED" when the provider fails. */
int petory__geocode(
	petory *db, const char *address, double *lat_out, double *lng_out);

/* ---- places and ranking (domain/place_rank.c) ---- */

/* Hold db->rank_lock around a SQL change of likes or of a place's board
 * and the rank updates that follow it; unlocking settles a pending
 * switch of the Redis fallback. */
void petory__rank_lock(petory *db, bool exclusive);
/* Places or their likes, reviews or status changed: rendered rankings
 * are stale. */
void petory__places_changed(petory *db);
void petory__rank_unlock(petory *db);
/* Rank updates after the SQL truth changed (failures are logged: the
 * boards are rebuilt from the truth on the next switch or rebuild). */
void petory__rank_bump(
	petory *db, int64_t place_id, petory_place_type type, int64_t delta);
void petory__rank_put(petory *db, int64_t place_id, petory_place_type old_type,
	petory_place_type type, int64_t likes);
void petory__rank_drop(petory *db, int64_t place_id, petory_place_type type);
/* Replace every board of rs with the SQL truth; *places_out may be NULL. */
int petory__rank_rebuild_into(
	petory *db, petory_rank_store *rs, int64_t *places_out);
/* Wrap primary (Redis) so that failures switch reads and writes to
 * secondary (SQLite) until primary answers again; owns both. */
int petory__rank_fallback_new(petory_rank_store **out, petory *db,
	petory_rank_store *primary, petory_rank_store *secondary);
/* True while a fallback wrapper serves from its secondary (or is about
 * to); probes the primary first when a probe is due. */
bool petory__rank_degraded(petory *db);

#endif
