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
#include "petory/sys/blob.h"
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
	char *smtp_url; /* NULL: not configured */
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
	petory__pool *pool;
	int schema_version;
	petory_store *store;
	petory_rank_store *rank;
	petory_session_store *sessions;
	petory_blob_store *blob;
	unsigned char jwt_key[PETORY__JWT_KEY_MAX];
	size_t jwt_key_len;
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
/* EAUTH "UNAUTHORIZED" without an actor. */
int petory__require_actor(const petory_identity *actor);
/* ENOTSUPPORTED unless the relational store implements `version`. */
int petory__require_store(petory *db, unsigned version);

/* A secret key: the configured base64 value (32..cap bytes decoded), else
 * one generated on first use and kept in the meta table under meta_key.
 * `what` names it in error messages. */
int petory__secret_load(unsigned char *key, size_t cap, size_t *len_out,
	petory *db, const char *configured_b64, const char *meta_key,
	const char *what);

/* ---- storage plumbing (store/registry.c, store/sqlite/) ---- */

int petory__sqlite_open_pool(petory *db);
void petory__sqlite_close_pool(petory *db);
/* Checkouts of the pool, and the time connections were held and waited
 * for, since open (petory_stats_get). */
void petory__pool_stats(petory *db, petory_stats *out);
/* The outbox backlog and the last run of each daily job
 * (store/sqlite/store_daily.c; petory_jobs_status_get), whose job_runs
 * names are these. */
#define PETORY__JOB_DAILY_NOTIFY "daily-notify"
#define PETORY__JOB_PURGE "notification-purge"
#define PETORY__JOB_LIFECYCLE "account-lifecycle"
int petory__sqlite_jobs_status(petory *db, petory_jobs_status *out);
void petory__stores_free(petory *db);
/* Check a relational store and each of its tables (store/registry.c). */
int petory__store_check(const petory_store *st);

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

/* ---- pet D-days (jobs/pet_ddays.c) ---- */

/* A PET_DDAY notification to the owner of every pet whose birthday is
 * today in the owner's zone, once per pet and day. */
int petory__pet_ddays_run(int64_t *sent_out, petory *db, petory_time_ms now);
void petory__pet_birthdays_free(petory_pet_birthday *rows, size_t n);

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
/* 0 when actor may see the place as petory_place_get would show it
 * (ACTIVE; INACTIVE to an admin), else ENOTFOUND "PLACE_NOT_FOUND"
 * (domain/place.c). */
int petory__place_check_visible(
	petory *db, const petory_identity *actor, int64_t place_id);
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
 * secondary (SQLite) until primary answers again; owns both.  With
 * primary_down it starts on secondary and probes primary. */
int petory__rank_fallback_new(petory_rank_store **out, petory *db,
	petory_rank_store *primary, petory_rank_store *secondary,
	bool primary_down);
/* The Redis rank store without a connection yet: its first command
 * connects (store/redis/rank.c). */
int petory__redis_rank_store_unconnected(
	petory_rank_store **out, const char *url, const char *prefix);
/* True while a fallback wrapper serves from its secondary (or is about
 * to); probes the primary first when a probe is due. */
bool petory__rank_degraded(petory *db);
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

/* ---- store facts as the domain tells them ---- */

/* error, except that the store's fact "absent" (ENOTFOUND, no reason)
 * becomes the domain's answer reason() (which sets the error and returns
 * its code). */
static inline int petory__absent_as(int error, int (*reason)(void))
{
	return error == PETORY_ENOTFOUND ? reason() : error;
}

/* ---- chat (domain/chat.c) ---- */

/* Free the strings of m and zero it. */
void petory__chat_message_clear(petory_chat_message *m);
/* EPERM "FORBIDDEN" unless user_id is a member of room_id, ENOTFOUND
 * "CHAT_ROOM_NOT_FOUND" when there is no such room (file presigns). */
int petory__chat_require_member(petory *db, int64_t room_id, int64_t user_id);

/* ---- files (domain/file.c, domain/image.c, store/blob/) ---- */

int petory__blob_open_default(petory *db, const petory_options *opts);

/* Is key one the library could have made (32 lower-case hex digits)? */
bool petory__file_key_valid(const char *key);

/* Check a list of image keys: between min and max of them, each a
 * well-formed key, no repeats; errors go to field "imageKeys". */
void petory__check_image_keys(petory__invalid *v, const char *const *keys,
	size_t count, size_t min, size_t max);

/* Before resources take keys: files that a client uploaded straight to
 * the backend (S3) are checked, cleaned of GPS tags and marked UPLOADED.
 * Nothing to do with local storage. */
int petory__files_confirm(petory *db, const petory_identity *actor,
	const char *const *keys, size_t count);

/* Fill images[i].url for the caller (signed for private files). */
int petory__images_resolve(petory *db, petory_image *images, size_t count);

/* Remove the bytes of files whose records are gone (best effort). */
void petory__files_remove_blobs(
	petory *db, const petory_file_key *keys, size_t count);

/* JSON helpers of the renderers (core/json.c): an id, or null for 0 (a
 * gone account); a string, or null for NULL. */
json_t *petory__json_id_or_null(int64_t id);
json_t *petory__json_string_or_null(const char *s);

/* [{id, url}] of count images (the detail shape of pets and places). */
json_t *petory__images_to_json(const petory_image *images, size_t count);

void petory__image_clear(petory_image *img);
/* Clear count images and free the array (NULL is fine). */
void petory__images_free(petory_image *images, size_t count);

/* Image types recognised from their first bytes. */
typedef enum petory__image_type {
	PETORY__IMG_NONE = 0,
	PETORY__IMG_JPEG,
	PETORY__IMG_PNG,
	PETORY__IMG_GIF,
	PETORY__IMG_WEBP
} petory__image_type;

/* The type of a media type ("image/png"), NONE when not an image type we
 * take. */
petory__image_type petory__image_type_of(const char *content_type);
const char *petory__image_mime(petory__image_type type);
/* The type of the first n bytes: a type, NONE when they are none of the
 * four, or -1 when n is too short to say. */
int petory__image_sniff(const unsigned char *p, size_t n);

/* Remove the GPS tags of an APP1 "Exif\0\0" payload.  *out is the new
 * payload (malloc'd), or NULL when the segment is to be dropped. */
int petory__exif_strip_gps(unsigned char **out, size_t *out_len,
	const unsigned char *payload, size_t len);

/* A streaming filter over an upload: checks that the bytes are the
 * declared image type and, for JPEG, drops EXIF GPS tags and XMP packets
 * on the way through.  Bytes leave through emit. */
typedef int (*petory__emit_fn)(void *payload, const void *data, size_t n);
typedef struct petory__image_filter {
	petory__image_type declared;
	petory__image_type type; /* NONE while sniffing */
	int state;
	unsigned char *buf;
	size_t len, cap;
	uint64_t skip;
	petory__emit_fn emit;
	void *payload;
} petory__image_filter;
void petory__image_filter_init(petory__image_filter *f,
	petory__image_type declared, petory__emit_fn emit, void *payload);
int petory__image_filter_feed(
	petory__image_filter *f, const void *data, size_t n);
/* EMEDIATYPE when the stream ended before the image's headers did. */
int petory__image_filter_finish(petory__image_filter *f);
void petory__image_filter_dispose(petory__image_filter *f);

#endif
