/* internal.h -- the handle's layout and core's internal helpers.
 *
 * Core is the bottom layer with the model (model/model.h, included here):
 * it declares nothing of the layers above it.  Their internal calls are
 * in domain/domain.h (domain/, auth/, jobs/) and store/store_internal.h
 * (the backends' plumbing); see docs/architecture.md, "Layers".
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
#include "petory/sys/blob.h"
#include "petory/sys/errors.h"

#include "model/model.h"

typedef struct petory__pool petory__pool;
typedef struct petory__keyring petory__keyring; /* auth/keyring.c */
typedef struct petory__pg_pool petory__pg_pool;

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
	petory_rate_rule oauth_begin_ip;
	petory_rate_rule login_email_any_failures;
	petory_rate_rule verify_resend;
	petory_rate_rule password_reset_email, password_reset_ip;
	petory_rate_rule lost_pet_alerts;
	char *redis_url;    /* NULL: no Redis */
	int redis_sessions; /* sessions and rate limits in Redis too */
	char *redis_prefix;
	petory_rate_rule place_review;
	petory_rate_rule place_report;
	char *kakao_api_key; /* NULL: no geocoding */
	char *kakao_local_url;
	struct {
		char *client_id, *client_secret, *authorize_url, *token_url,
			*userinfo_url, *redirect_uri, *scope, *ca_file;
	} google;
	char *smtp_url;    /* NULL: not configured */
	int smtp_insecure; /* credentials may go without TLS */
	char *mail_from;
	char *admin_webhook_url; /* NULL: not configured */
	/* version 2 */
	char *files_dir;
	int64_t max_upload_size;
	int64_t upload_url_ttl_s;
	int64_t download_url_ttl_s;
	char *public_url; /* "" when relative */
	int64_t album_images_user;
	int64_t album_images_admin;
} petory__config;

#define PETORY__JWT_KEY_MAX 64
#define PETORY__FILES_KEY_MAX 64
#define PETORY__PWHASH_STR_MAX 128 /* crypto_pwhash_STRBYTES */

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
	petory__pool *pool; /* SQLite's; NULL on PostgreSQL */
	/* PostgreSQL's, shared by the three stores; the handle holds one
	 * reference for its statistics.  NULL on SQLite. */
	petory__pg_pool *pg_pool;
	int schema_version;
	petory_store *store;
	petory_rank_store *rank;
	petory_session_store *sessions;
	petory_blob_store *blob;
	petory__keyring *keyring; /* the JWT keys, by kid */
	/* Set when redis_url is configured: are the Redis backends in use? */
	bool redis_in_use;
	petory_notification_hook notification_hook;
	void *notification_hook_payload;
	petory_chat_message_hook chat_message_hook;
	void *chat_message_hook_payload;
	petory_presence_hook presence_hook;
	void *presence_hook_payload;
	/* Orders SQL like changes and their rank updates (shared) against
	 * board moves and rebuilds (exclusive); see domain/place_rank.c. */
	pthread_rwlock_t rank_lock;
	/* Bumped by every change that can alter a rendered ranking; the
	 * rendered rankings of the current generation are reused. */
	_Atomic uint64_t places_generation;
	pthread_mutex_t rank_cache_lock;
	petory__rank_cached rank_cache[PETORY_PLACE_TYPE_COUNT + 1]
				      [PETORY__RANK_SIZE_MAX];
	unsigned char files_key[PETORY__FILES_KEY_MAX];
	size_t files_key_len;
	/* What an unknown email's password is checked against: a hash at the
	 * configured cost, made on first use (auth/password.c). */
	pthread_mutex_t dummy_hash_lock;
	char dummy_hash[PETORY__PWHASH_STR_MAX];
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

/* ---- fault points for tests (core/fault.c) ---- */

/* Returns 0 to go on, or a negative petory error to fail at `where`. */
typedef int (*petory__fault_hook)(void *payload, const char *where);
/* Install (NULL: remove) the calling thread's hook. */
void petory__fault_set(petory__fault_hook hook, void *payload);
/* 0, or the hook's error (set as the thread's last error). */
int petory__fault_point(const char *where);

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
/* The same for running text (posts, messages, descriptions): line breaks
 * and tabs are allowed, other control characters are not. */
bool petory__check_multiline_text(petory__invalid *v, const char *field,
	const char *value, int64_t min, int64_t max);
bool petory__email_valid(const char *email);
bool petory__timezone_valid(const char *zone);
char *petory__strdup(const char *s); /* NULL stays NULL */

/* ---- dates as text (core/localdate.c) ---- */

/* "YYYY-MM-DD" naming a real calendar day. */
bool petory__date_valid(const char *s);
/* The UTC calendar date of t as "YYYY-MM-DD". */
void petory__utc_date(char out[11], petory_time_ms t);
/* The calendar date of t in the IANA zone (UTC when unknown). */
void petory__local_date_text(char out[11], const char *zone, petory_time_ms t);

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

/* "PostgreSQL" or "SQLite": the kind of database the handle's db_path
 * names, for messages. */
const char *petory__database_kind(const petory *db);

static inline petory_time_ms petory__now(petory *db)
{
	return petory_now(db);
}
/* The size of petory_options as a caller built against `version` knows
 * it: fields past it must never be read or written. */
size_t petory__options_size(unsigned version);
/* Copy every option into c, defaults applied; EINVALID for a bad zone or
 * password cost.  petory__config_free frees what a load left, even a
 * failed one. */
int petory__config_load(petory__config *c, const petory_options *o);
void petory__config_free(petory__config *c);

/* ---- local dates (core/localdate.c) ---- */

typedef struct petory__date {
	int year, month, day;
} petory__date;
/* The calendar date of `instant` in zone (NULL: the configured default
 * zone); EINVALID for an unknown zone. */
int petory__local_date(petory__date *out, petory *db, const char *zone,
	petory_time_ms instant);
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

/* ---- outbound HTTP (core/http.c) ---- */

/* Perform the GET/POST prepared on curl (URL, headers, body) with the
 * library's limits; 0 with *out a JSON object (new reference) for a 2xx
 * answer, else EUPSTREAM with reason and message (details are logged as
 * `what`, never returned: they may name hosts). */
int petory__http_json(json_t **out, CURL *curl, const char *ca_file,
	const char *what, const char *reason, const char *message);

/* ---- AWS Signature Version 4 (core/sigv4.c) ---- */

typedef struct petory__sigv4_param {
	const char *name;
	const char *value;
} petory__sigv4_param;

/* A request to sign.  path and query are raw (the signer encodes them);
 * headers are the ones to sign (host at least), any case. */
typedef struct petory__sigv4_request {
	const char *method;
	const char *path;
	const petory__sigv4_param *query;
	size_t query_count;
	const petory__sigv4_param *headers;
	size_t header_count;
	const char *payload_hash; /* hex SHA-256; NULL: UNSIGNED-PAYLOAD */
	const char *region;
	const char *service;
	const char *access_key;
	const char *secret_key;
	int64_t time_s; /* the signing time, Unix seconds */
} petory__sigv4_request;

/* Every stage, for checking against AWS's examples; strings malloc'd. */
typedef struct petory__sigv4_result {
	char *canonical_request;
	char *string_to_sign;
	char *signed_headers; /* "host;x-amz-date" */
	char *query; /* the canonical query; presigned: + X-Amz-Signature */
	char signature[65];
} petory__sigv4_result;

/* Header form (the caller sends Authorization and x-amz-date itself). */
int petory__sigv4_sign(
	petory__sigv4_result *out, const petory__sigv4_request *req);
/* Presigned query form, valid expires_s seconds from req->time_s. */
int petory__sigv4_presign(petory__sigv4_result *out,
	const petory__sigv4_request *req, int64_t expires_s);
void petory__sigv4_result_dispose(petory__sigv4_result *r);
/* RFC 3986 percent-encoding (unreserved kept; '/' kept when asked). */
char *petory__uri_encode(const char *s, int keep_slash);

/* ---- JSON (core/json.c) ---- */

/* JSON helpers of the renderers (core/json.c): an id, or null for 0 (a
 * gone account); a string, or null for NULL. */
json_t *petory__json_id_or_null(int64_t id);
json_t *petory__json_string_or_null(const char *s);

/* [{id, url}] of count images (the detail shape of pets and places). */
json_t *petory__images_to_json(const petory_image *images, size_t count);

#endif
