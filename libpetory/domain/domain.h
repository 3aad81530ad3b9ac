/* domain.h -- the internal calls of the layer that holds the rules:
 * domain/, auth/, jobs/ (and ops/, the wiring in petory.c and the tests
 * that reach internals).  It includes core's and the store's internal
 * headers; nothing below the domain includes it (tools/check_layers.py).
 */
#ifndef PETORY_DOMAIN_H
#define PETORY_DOMAIN_H

#include "domain/domain.h"
#include "store/store_internal.h"

/* ---- access (domain/access.c) ---- */

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
/* The date of the actor's zone (users.timezone; NULL actor or system:
 * the configured zone). */
int petory__actor_date(petory__date *out, petory *db,
	const petory_identity *actor, petory_time_ms instant);

/* ---- installation secrets (auth/secret.c) ---- */

/* A secret key: the configured base64 value (32..cap bytes decoded), else
 * one generated on first use and kept in the meta table under meta_key.
 * `what` names it in error messages. */
int petory__secret_load(unsigned char *key, size_t cap, size_t *len_out,
	petory *db, const char *configured_b64, const char *meta_key,
	const char *what);

/* ---- auth internals ---- */

int petory__password_hash(char **out, petory *db, const char *password);
/* 0 on match, EAUTH on mismatch (or on a NULL hash). */
int petory__password_verify(const char *hash, const char *password);
/* Spend the time of one verification (unknown email). */
void petory__password_dummy_verify(petory *db, const char *password);
/* The JWT key ring (auth/keyring.c): the configured keys, or the stored
 * ones (the original key generated on first open). */
int petory__jwt_key_load(petory *db, const petory_options *opts);
void petory__keyring_free(petory *db);

#define PETORY__KID_MAX 24
typedef struct petory__signing_key {
	char kid[PETORY__KID_MAX];
	unsigned char key[PETORY__JWT_KEY_MAX];
	size_t len;
	petory_time_ms created_at;
	petory_time_ms retired_at; /* 0: current */
	bool original;             /* verifies tokens without kid */
	bool external;             /* from options */
} petory__signing_key;
/* The key that signs new tokens. */
int petory__keyring_signing(petory__signing_key *out, petory *db);
/* The key of kid (NULL: a token without kid, the original key); EAUTH
 * "INVALID_TOKEN" when none. */
int petory__keyring_lookup(
	petory__signing_key *out, petory *db, const char *kid);

/* Claims of our access tokens. */
typedef struct petory__claims {
	int64_t sub;
	int64_t ver;
	int64_t iat;
	int64_t exp;
	char sid[48];
	char jti[48];
} petory__claims;
/* kid (NULL: none) goes into the header. */
int petory__jwt_sign(char **out, const unsigned char *key, size_t key_len,
	const char *kid, const petory__claims *claims);
/* The header's kid into kid (PETORY__KID_MAX bytes): 1 when it has one,
 * 0 when not; EAUTH "INVALID_TOKEN" for a malformed token or kid. */
int petory__jwt_kid(char *kid, const char *token);
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
/* The store's ENOTFOUND for an account as the API's USER_NOT_FOUND; any
 * other result passes unchanged (domain/user.c). */
int petory__user_not_found(int error);
/* The account id (and its secret, when secret_out is not NULL), any
 * status; ENOTFOUND "USER_NOT_FOUND" when there is none. */
int petory__user_load(petory_user **out, petory_user_secret *secret_out,
	petory *db, int64_t id);

/* The login status rules: EPERM "LOGIN_UNAVAILABLE" for a suspended
 * account or one closed more than 90 days ago; *reactivate_out 1 for a
 * closed one within them (auth/login.c). */
int petory__login_allowed(
	int *reactivate_out, const petory_user *user, petory_time_ms now);
/* Apply login status rules (suspended, reactivation) then issue. */
int petory__login_user(petory_tokens *out, petory *db, petory_user *user,
	const petory_user_secret *secret);

/* Validate a new password (8-128 characters) under `field`. */
void petory__check_new_password(
	petory__invalid *v, const char *field, const char *password);

/* ---- account tokens and mails (auth/account_token.c) ---- */

/* A mail whose body is before, the link to /app/<page>#token=…, after. */
typedef struct petory__account_mail {
	const char *subject;
	const char *page;
	const char *before;
	const char *after;
} petory__account_mail;

/* A fresh token (malloc'd; NULL when out of memory) and its SHA-256. */
void petory__account_token_new(char **token_out, unsigned char hash[32]);
/* A fresh token stored (hash only) for user_id, valid ttl_ms. */
int petory__account_token_issue(char **token_out, petory *db,
	petory_account_token_purpose purpose, int64_t user_id,
	petory_time_ms ttl_ms);
/* Spend a token: its user, once; ENOTFOUND for an unknown, spent,
 * expired or malformed one. */
int petory__account_token_take(int64_t *user_id_out, petory *db,
	petory_account_token_purpose purpose, const char *token);
/* Queue the mail carrying token's link to `to` in the outbox. */
int petory__account_mail_queue(petory *db, const char *to,
	const petory__account_mail *mail, const char *token);
/* An ACCOUNT notification to the user (a failure is logged). */
int petory__account_notify(petory *db, int64_t user_id, const char *content);
/* Zero and free a secret string (NULL is fine). */
void petory__secret_free(char *secret);

/* Mail the user a verification link (auth/email_verify.c). */
int petory__email_verification_send(petory *db, const petory_user *user);
/* Store new_password's hash, revoke the user's logins (all of them, or
 * all but keep_session_id), void reset links, notify `notice`
 * (auth/password_change.c). */
int petory__password_replace(petory *db, int64_t user_id,
	const char *new_password, const char *keep_session_id,
	const char *notice);

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

/* ---- seeding (domain/daily.c) ---- */

/* Load the shipped questions when the database has never had them. */
int petory__daily_questions_seed(petory *db);

/* ---- geocoding (domain/geocode.c) ---- */

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
/* The API's error for a change the places store refused because the
 * place is ABSENT (or DELETED: ENOTFOUND "PLACE_NOT_FOUND") or INACTIVE
 * (ECONFLICT "ALREADY_INACTIVE_PLACE"); 0 for any other outcome
 * (domain/place.c). */
int petory__place_refusal(petory_store_outcome outcome);
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
/* Replace every board of rs with the SQL truth (nothing to do for a
 * PETORY_RANK_DERIVED store); *places_out may be NULL. */
int petory__rank_rebuild_into(
	petory *db, petory_rank_store *rs, int64_t *places_out);
/* The place ranking as the owner of a fallback's truth (the wiring hands
 * it to petory__rank_fallback_new): it resyncs boards and logs switches. */
extern const petory__rank_fallback_owner petory__place_rank_owner;
/* True while the ranking's fallback serves from its secondary (or is
 * about to); probes the primary first when a probe is due. */
bool petory__rank_degraded(petory *db);

/* ---- store facts as the domain tells them ---- */

/* error, except that the store's fact "absent" (ENOTFOUND, no reason)
 * becomes the domain's answer reason() (which sets the error and returns
 * its code). */
static inline int petory__absent_as(int error, int (*reason)(void))
{
	return error == PETORY_ENOTFOUND ? reason() : error;
}

/* ---- chat (domain/chat.c) ---- */

/* EPERM "FORBIDDEN" unless user_id is a member of room_id, ENOTFOUND
 * "CHAT_ROOM_NOT_FOUND" when there is no such room (file presigns). */
int petory__chat_require_member(petory *db, int64_t room_id, int64_t user_id);

/* ---- files (domain/file.c, domain/image.c) ---- */

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

/* The file rules of a resource taking `keys` for `purpose` on behalf of
 * owner_id, read from the file records before the resource's write: 0
 * when each key is owner_id's, presigned for that purpose, UPLOADED and
 * not attached; otherwise the error of the first that is not: EINVALID on
 * "imageKeys" (unknown, another user's, another purpose), ECONFLICT
 * "FILE_NOT_UPLOADED" or "FILE_ALREADY_USED".  The write attaches them by
 * a compare-and-set; see petory__file_attach_result. */
int petory__file_keys_attachable(petory *db, const char *const *keys,
	size_t count, int64_t owner_id, petory_file_purpose purpose);
/* The same for the file of an IMAGE chat message, which sender_id must
 * have presigned for room_id (EINVALID on "content" otherwise).  With
 * may_be_resent (the message has a clientMsgId) a file in use passes: the
 * write finds the message that took it, or fails as a lost race. */
int petory__chat_file_attachable(petory *db, const char *key, int64_t room_id,
	int64_t sender_id, bool may_be_resent);
/* The result of a store write that attached files: its ECONFLICT (a key
 * was taken, or changed, after petory__file_keys_attachable) becomes
 * ECONFLICT "FILE_ALREADY_USED"; anything else is returned as it is. */
int petory__file_attach_result(int error);

/* Are files of this purpose private to their owner whatever the file
 * record says?  (Pet photos: api.md, Pets.) */
bool petory__file_purpose_private(petory_file_purpose purpose);

/* Lost-pet alerts (domain/lost_pet.c).  *public_out: file `key` is a
 * photo of a pet in a LOST alert or an image of a LOST alert or of its
 * sightings, which everyone may see. */
int petory__lost_pet_file_public(bool *public_out, petory *db, const char *key);
/* A pet was deleted: its LOST alert, if any, becomes CANCELLED. */
int petory__lost_pet_pet_deleted(petory *db, int64_t pet_id);

/* Fill images[i].url for the caller (signed for private files). */
int petory__images_resolve(petory *db, petory_image *images, size_t count);

/* Remove the bytes of files whose records are gone (best effort). */
void petory__files_remove_blobs(
	petory *db, const petory_file_key *keys, size_t count);

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

/* A streaming filter over an upload: checks that the bytes are the
 * declared image type and keeps only what is needed to render the image
 * (an allow-list per format: domain/image_jpeg.c, image_png.c,
 * image_gif.c, image_webp.c), so no metadata -- EXIF, XMP, IPTC, text
 * chunks, comments, a second image after the end -- leaves it, however it
 * is spelled.  A file whose structure is not well-formed is refused
 * (EMEDIATYPE "UNSUPPORTED_MEDIA_TYPE").  Bytes leave through emit. */
typedef int (*petory__emit_fn)(void *payload, const void *data, size_t n);
typedef struct petory__image_filter {
	petory__image_type declared;
	petory__image_type type; /* NONE while sniffing */
	int state;               /* F_SNIFF, F_DONE or the format's own */
	unsigned char *buf;      /* bytes held until a unit is whole: */
	size_t off, len, cap;    /* buf[off .. off + len) */
	uint64_t skip; /* bytes of the current unit still to pass or drop */
	int skip_keep; /* 1: skipped bytes are emitted, 0: dropped */
	int crc_on;    /* emitted skipped bytes feed crc (PNG) */
	uint32_t crc;
	uint32_t tag;   /* the format's current unit (a PNG chunk type) */
	unsigned flags; /* the format's own facts (seen a frame, ...) */
	petory__emit_fn emit;
	void *payload;
} petory__image_filter;
void petory__image_filter_init(petory__image_filter *f,
	petory__image_type declared, petory__emit_fn emit, void *payload);
int petory__image_filter_feed(
	petory__image_filter *f, const void *data, size_t n);
/* EMEDIATYPE when the stream ended before the image did. */
int petory__image_filter_finish(petory__image_filter *f);
void petory__image_filter_dispose(petory__image_filter *f);

/* The whole filter over a buffer: *out (malloc'd, *out_len bytes) is what
 * an upload of in would store.  For tests and the fuzzer. */
int petory__image_strip(unsigned char **out, size_t *out_len,
	petory__image_type type, const unsigned char *in, size_t len);

#endif
