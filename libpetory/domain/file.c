/* file.c -- uploaded files: presigning, uploads through petory-httpd,
 * downloads, image URLs, and the clean-up of files never used.
 *
 * Invariants:
 *  - A key is 16 random bytes in hex (libsodium), never derived from a
 *    name.  Its record is created PENDING and private; only an upload
 *    whose bytes passed every check makes it UPLOADED, and only a
 *    resource of its owner makes it ATTACHED (and public, unless the
 *    resource is private).
 *  - URLs petory-httpd serves are signed here with HMAC-SHA-256 under the
 *    installation's files key:
 *      upload   "PUT\n<key>\n<expires>\n<content type>\n<size>"
 *      download "GET\n<key>\n<expires>"
 *    (expires in Unix seconds, signature in lower-case hex).  Backends
 *    that clients reach directly (S3) sign their own URLs.
 *  - An upload claims its key (PENDING -> RECEIVING) before reading a
 *    byte, so two uploads of one key never race; whatever fails, the
 *    blob write is aborted and the key goes back to PENDING.
 *  - With a backend clients write to directly (S3), the upload URL names
 *    a blob of its own, "upload<key>", which only the confirmation reads:
 *    the checked bytes are written under the key itself, the only name
 *    ever served.  So an upload URL that is still valid cannot replace
 *    bytes that were already checked (and GPS-stripped).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/domain.h"
#include "store/calls.h"

#define KEY_BYTES 16
#define SIG_HEX 64

/* The blob a client PUTs to when it writes to the backend directly. */
#define INCOMING_PREFIX "upload"
#define INCOMING_MAX (sizeof(INCOMING_PREFIX) + sizeof(petory_file_key))

static const char *incoming_name(char out[INCOMING_MAX], const char *key)
{
	snprintf(out, INCOMING_MAX, INCOMING_PREFIX "%s", key);
	return out;
}

static void remove_incoming(petory *db, const char *key)
{
	char incoming[INCOMING_MAX];
	if (db->blob->remove(db->blob, incoming_name(incoming, key)) < 0)
		petory__log(PETORY_LOG_WARN,
			"could not remove the upload of file %s: %s", key,
			petory_error_last()->message);
}

bool petory__file_key_valid(const char *key)
{
	return key && strlen(key) == 2 * KEY_BYTES &&
	       strspn(key, "0123456789abcdef") == 2 * KEY_BYTES;
}

/* ---------------------------------------------------------------- */
/* signatures of the URLs petory-httpd serves */

static void mac_hex(char out[SIG_HEX + 1], petory *db, const char *msg)
{
	unsigned char digest[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, db->files_key, db->files_key_len);
	crypto_auth_hmacsha256_update(
		&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, digest);
	sodium_bin2hex(out, SIG_HEX + 1, digest, sizeof(digest));
}

static void sign_put(char out[SIG_HEX + 1], petory *db, const char *key,
	int64_t expires, const char *content_type, int64_t size)
{
	char msg[256];
	snprintf(msg, sizeof(msg), "PUT\n%s\n%lld\n%s\n%lld", key,
		(long long)expires, content_type, (long long)size);
	mac_hex(out, db, msg);
}

static void sign_get(
	char out[SIG_HEX + 1], petory *db, const char *key, int64_t expires)
{
	char msg[128];
	snprintf(msg, sizeof(msg), "GET\n%s\n%lld", key, (long long)expires);
	mac_hex(out, db, msg);
}

/* Strict decimal seconds; -1 when malformed. */
static int64_t parse_expires(const char *s)
{
	int64_t n = 0;
	if (!s || !*s || strlen(s) > 15)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* Constant-time comparison of two hex signatures. */
static bool signature_ok(const char *expected, const char *given)
{
	return given && strlen(given) == SIG_HEX &&
	       sodium_memcmp(expected, given, SIG_HEX) == 0;
}

/* A URL of petory-httpd's: prefix + path (prefix "" keeps it relative). */
static char *local_url(petory *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static char *local_url(petory *db, const char *fmt, ...)
{
	char path[512], *url;
	size_t n;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	n = strlen(db->cfg.public_url) + strlen(path) + 1;
	if ((url = malloc(n)))
		snprintf(url, n, "%s%s", db->cfg.public_url, path);
	return url;
}

static int file_url(char **out, petory *db, const char *key, int is_private)
{
	int64_t now_s = petory_now(db) / 1000, expires;
	char sig[SIG_HEX + 1];
	*out = NULL;
	if (db->blob->presign_get)
		return db->blob->presign_get(
			out, db->blob, key, now_s, db->cfg.download_url_ttl_s);
	if (!is_private) {
		*out = local_url(db, "/files/%s", key);
	} else {
		/* Rounded up to 5 minutes: the same URL for a while, so
		 * clients can cache the image. */
		expires =
			(now_s + db->cfg.download_url_ttl_s + 299) / 300 * 300;
		sign_get(sig, db, key, expires);
		*out = local_url(db, "/files/%s?expires=%lld&signature=%s", key,
			(long long)expires, sig);
	}
	return *out ? 0 : petory__error_oom();
}

bool petory__file_purpose_private(petory_file_purpose purpose)
{
	/* Pet photos (api.md, Pets).  The photo of a pet in a LOST alert is
	 * everyone's: petory_file_open asks petory__lost_pet_file_public. */
	return purpose == PETORY_FILE_PET;
}

int petory__images_resolve(petory *db, petory_image *images, size_t count)
{
	size_t i;
	int error;
	for (i = 0; i < count; i++) {
		free(images[i].url);
		images[i].url = NULL;
		if ((error = file_url(&images[i].url, db, images[i].file_key,
			     images[i].is_private)) < 0)
			return error;
	}
	return 0;
}

void petory__files_remove_blobs(
	petory *db, const petory_file_key *keys, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++) {
		if (db->blob->remove(db->blob, keys[i].key) < 0)
			petory__log(PETORY_LOG_WARN,
				"could not remove the bytes of file %s: %s",
				keys[i].key, petory_error_last()->message);
		/* what a client put (again) on its upload URL */
		if (db->blob->presign_put)
			remove_incoming(db, keys[i].key);
	}
}

void petory__check_image_keys(petory__invalid *v, const char *const *keys,
	size_t count, size_t min, size_t max)
{
	char msg[96];
	size_t i, j;
	if (count < min || count > max) {
		if (min == max)
			snprintf(msg, sizeof(msg), "must hold %zu key", min);
		else if (count < min)
			snprintf(msg, sizeof(msg), "must hold at least %zu %s",
				min, min == 1 ? "key" : "keys");
		else
			snprintf(msg, sizeof(msg), "must hold at most %zu %s",
				max, max == 1 ? "key" : "keys");
		petory__invalid_field(v, "imageKeys", msg);
		return;
	}
	for (i = 0; i < count; i++) {
		if (!petory__file_key_valid(keys[i])) {
			petory__invalid_field(
				v, "imageKeys", "holds a malformed file key");
			return;
		}
		for (j = 0; j < i; j++)
			if (strcmp(keys[i], keys[j]) == 0) {
				petory__invalid_field(v, "imageKeys",
					"holds the same key twice");
				return;
			}
	}
}

/* ---------------------------------------------------------------- */
/* the files a resource may take */

/* How a file fits a resource that would take it. */
typedef enum file_fit {
	FILE_FITS,          /* the owner's, for the purpose, UPLOADED */
	FILE_UNKNOWN,       /* absent, or another user's */
	FILE_OTHER_PURPOSE, /* presigned for another purpose (or room) */
	FILE_NOT_UPLOADED,  /* PENDING or RECEIVING */
	FILE_IN_USE,        /* ATTACHED already */
} file_fit;

/* The fit of `key` to a resource of owner_id for `purpose` (and, when
 * chat_room_id > 0, that chat room). */
static int fit_of(file_fit *out, petory *db, const char *key, int64_t owner_id,
	petory_file_purpose purpose, int64_t chat_room_id)
{
	petory_file_rec rec;
	int error = petory__store_file_get(&rec, db, key);
	if (error < 0 && error != PETORY_ENOTFOUND)
		return error;
	/* another user's key reads as an unknown one */
	if (error == PETORY_ENOTFOUND || rec.owner_id != owner_id)
		*out = FILE_UNKNOWN;
	else if (rec.purpose != purpose ||
		 (chat_room_id > 0 && rec.chat_room_id != chat_room_id))
		*out = FILE_OTHER_PURPOSE;
	else if (rec.state == PETORY_FILE_ATTACHED)
		*out = FILE_IN_USE;
	else if (rec.state != PETORY_FILE_UPLOADED)
		*out = FILE_NOT_UPLOADED;
	else
		*out = FILE_FITS;
	return 0;
}

static int invalid_key(const char *field, const char *message)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	petory__invalid_field(&v, field, message);
	return petory__invalid_end(&v);
}

/* The conflict of a file of the right owner and purpose, or 0. */
static int state_conflict(file_fit fit, const char *key)
{
	if (fit == FILE_IN_USE)
		return petory_error_set(PETORY_ECONFLICT, "FILE_ALREADY_USED",
			"the file %s is already in use", key);
	if (fit == FILE_NOT_UPLOADED)
		return petory_error_set(PETORY_ECONFLICT, "FILE_NOT_UPLOADED",
			"the file %s has not been uploaded yet", key);
	return 0;
}

int petory__file_keys_attachable(petory *db, const char *const *keys,
	size_t count, int64_t owner_id, petory_file_purpose purpose)
{
	file_fit fit;
	size_t i;
	int error;
	for (i = 0; i < count; i++) {
		if ((error = fit_of(&fit, db, keys[i], owner_id, purpose, 0)) <
			0)
			return error;
		if (fit == FILE_UNKNOWN)
			return invalid_key(
				"imageKeys", "holds an unknown file key");
		if (fit == FILE_OTHER_PURPOSE)
			return invalid_key("imageKeys",
				"holds a key presigned for another purpose");
		if ((error = state_conflict(fit, keys[i])) < 0)
			return error;
	}
	return 0;
}

int petory__chat_file_attachable(petory *db, const char *key, int64_t room_id,
	int64_t sender_id, bool may_be_resent)
{
	file_fit fit;
	int error = fit_of(&fit, db, key, sender_id, PETORY_FILE_CHAT, room_id);
	if (error < 0)
		return error;
	if (fit == FILE_UNKNOWN || fit == FILE_OTHER_PURPOSE)
		return invalid_key("content",
			"is not a file you uploaded for this chat room");
	if (fit == FILE_IN_USE && may_be_resent)
		return 0; /* the write finds the message that took it */
	return state_conflict(fit, key);
}

int petory__file_attach_result(int error)
{
	if (error != PETORY_ECONFLICT)
		return error;
	return petory_error_set(PETORY_ECONFLICT, "FILE_ALREADY_USED",
		"a file was attached to something else meanwhile");
}

/* ---------------------------------------------------------------- */
/* presign */

int petory_file_presign(petory_presigned *out, petory *db,
	const petory_identity *actor, const petory_presign_input *in)
{
	petory_file_purpose purpose = PETORY_FILE_PET;
	petory__image_type type;
	petory_file_rec rec;
	petory__invalid v;
	char key[2 * KEY_BYTES + 1], sig[SIG_HEX + 1], msg[64];
	char incoming[INCOMING_MAX];
	petory_time_ms now;
	int64_t expires;
	int error;

	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = petory__require_actor(actor)) < 0 ||
		(error = petory__require_store(db, 2)) < 0)
		return error;
	if (actor->user_id <= 0)
		return petory_error_set(PETORY_EPERM, "FORBIDDEN",
			"only a user can upload files");
	petory__invalid_begin(&v);
	if (!in->purpose)
		petory__invalid_field(&v, "purpose", "is required");
	else if (petory__file_purpose_parse(in->purpose, &purpose) < 0)
		petory__invalid_field(&v, "purpose",
			"must be pet, album, owner-board, trade-board, place "
			"or chat");
	petory__check_text(&v, "filename", in->filename, 1, 255);
	type = petory__image_type_of(in->content_type);
	if (!in->content_type)
		petory__invalid_field(&v, "contentType", "is required");
	else if (type == PETORY__IMG_NONE)
		petory__invalid_field(&v, "contentType",
			"must be image/jpeg, image/png, image/gif or "
			"image/webp");
	if (in->size < 1 || in->size > db->cfg.max_upload_size) {
		snprintf(msg, sizeof(msg), "must be 1 to %lld bytes",
			(long long)db->cfg.max_upload_size);
		petory__invalid_field(&v, "size", msg);
	}
	if (purpose == PETORY_FILE_CHAT && in->chat_room_id <= 0)
		petory__invalid_field(
			&v, "chatRoomId", "is required for chat files");
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if (purpose == PETORY_FILE_CHAT &&
		(error = petory__chat_require_member(
			 db, in->chat_room_id, actor->user_id)) < 0)
		return error;

	petory__random_hex(key, KEY_BYTES);
	now = petory_now(db);
	expires = now / 1000 + db->cfg.upload_url_ttl_s;
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.key, sizeof(rec.key), "%s", key);
	rec.owner_id = actor->user_id;
	rec.purpose = purpose;
	snprintf(rec.content_type, sizeof(rec.content_type), "%s",
		petory__image_mime(type));
	rec.declared_size = in->size;
	rec.stored_size = -1;
	rec.state = PETORY_FILE_PENDING;
	rec.is_private = 1;
	rec.chat_room_id = purpose == PETORY_FILE_CHAT ? in->chat_room_id : 0;
	rec.created_at = now;
	rec.upload_expires_at = expires * 1000;
	if ((error = petory__store_file_insert(db, &rec, in->filename)) < 0)
		return error;

	if (db->blob->presign_put) {
		error = db->blob->presign_put(&out->upload_url, db->blob,
			incoming_name(incoming, key), rec.content_type,
			(uint64_t)in->size, now / 1000,
			db->cfg.upload_url_ttl_s);
	} else {
		sign_put(sig, db, key, expires, rec.content_type, in->size);
		out->upload_url = local_url(db,
			"/files/%s/upload?expires=%lld&signature=%s", key,
			(long long)expires, sig);
		error = out->upload_url ? 0 : petory__error_oom();
	}
	out->file_key = strdup(key);
	out->content_type = strdup(rec.content_type);
	out->expires_at = expires * 1000;
	if (!error && (!out->file_key || !out->content_type))
		error = petory__error_oom();
	if (error < 0)
		petory_presigned_dispose(out);
	return error;
}

/* ---------------------------------------------------------------- */
/* uploads through petory-httpd */

struct petory_upload {
	petory *db;
	petory_file_rec rec;
	petory_blob_writer *writer;
	petory__image_filter filter;
	int64_t received;
	int64_t stored;
	int error; /* sticky: the first failure */
};

static int invalid_url(void)
{
	return petory_error_set(PETORY_EPERM, "INVALID_UPLOAD_URL",
		"the upload URL is not valid");
}

/* Put a claimed key back to PENDING (it may be uploaded again while its
 * URL lives), keeping the thread's last error for the caller. */
static int release_key(petory *db, const char *key, int error)
{
	const petory_error *e = petory_error_last();
	char reason[64], message[512];
	snprintf(reason, sizeof(reason), "%s", e->reason);
	snprintf(message, sizeof(message), "%s", e->message);
	petory__store_file_set_state(db, key, 1u << PETORY_FILE_RECEIVING,
		PETORY_FILE_PENDING, -1, petory_now(db));
	return petory_error_set(error, reason, "%s", message);
}

static int upload_emit(void *payload, const void *data, size_t n)
{
	petory_upload *up = payload;
	up->stored += (int64_t)n;
	return up->db->blob->put_write(up->writer, data, n);
}

static int too_large(int64_t declared)
{
	return petory_error_set(PETORY_ETOOBIG, "FILE_TOO_LARGE",
		"the upload is larger than the declared %lld bytes",
		(long long)declared);
}

int petory_file_upload_begin(petory_upload **out, petory *db, const char *key,
	const char *expires_text, const char *signature,
	const char *content_type, int64_t content_length)
{
	petory_upload *up;
	petory_file_rec rec;
	char expect[SIG_HEX + 1];
	int64_t expires = parse_expires(expires_text);
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_store(db, 2)) < 0)
		return error;
	/* with a backend clients reach directly, no upload URL is ours */
	if (!petory__file_key_valid(key) || expires < 0 ||
		db->blob->presign_put)
		return invalid_url();
	if ((error = petory__store_file_get(&rec, db, key)) < 0)
		return error == PETORY_ENOTFOUND ? invalid_url() : error;
	sign_put(expect, db, key, expires, rec.content_type, rec.declared_size);
	if (!signature_ok(expect, signature))
		return invalid_url();
	if (expires * 1000 <= petory_now(db))
		return petory_error_set(PETORY_EPERM, "UPLOAD_URL_EXPIRED",
			"the upload URL has expired");
	if (content_type && petory__image_type_of(content_type) !=
				    petory__image_type_of(rec.content_type))
		return petory_error_set(PETORY_EMEDIATYPE,
			"UNSUPPORTED_MEDIA_TYPE",
			"the Content-Type must be %s, as declared",
			rec.content_type);
	if (content_length > rec.declared_size)
		return too_large(rec.declared_size);
	error = petory__store_file_set_state(db, key, 1u << PETORY_FILE_PENDING,
		PETORY_FILE_RECEIVING, -1, petory_now(db));
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT,
			"FILE_ALREADY_UPLOADED",
			"this file has already been uploaded");
	if (error == PETORY_ENOTFOUND) /* removed meanwhile (files gc) */
		return invalid_url();
	if (error < 0)
		return error;
	if (!(up = calloc(1, sizeof(*up)))) {
		error = petory__error_oom();
		goto release;
	}
	up->db = db;
	up->rec = rec;
	if ((error = db->blob->put_begin(
		     &up->writer, db->blob, key, rec.content_type)) < 0) {
		free(up);
		goto release;
	}
	petory__image_filter_init(&up->filter,
		petory__image_type_of(rec.content_type), upload_emit, up);
	*out = up;
	return 0;
release:
	return release_key(db, key, error);
}

int petory_file_upload_write(petory_upload *up, const void *data, size_t size)
{
	if (!up)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (up->error)
		return up->error;
	up->received += (int64_t)size;
	if (up->received > up->rec.declared_size)
		return up->error = too_large(up->rec.declared_size);
	if ((up->error = petory__image_filter_feed(&up->filter, data, size)) <
		0)
		return up->error;
	return 0;
}

static void upload_free(petory_upload *up)
{
	if (up->writer)
		up->db->blob->put_abort(up->writer);
	petory__image_filter_dispose(&up->filter);
	free(up);
}

/* Drop everything of a failed upload and free the key again. */
static int fail_upload(petory_upload *up, int error)
{
	petory *db = up->db;
	char key[sizeof(up->rec.key)];
	memcpy(key, up->rec.key, sizeof(key));
	upload_free(up);
	return release_key(db, key, error);
}

int petory_file_upload_finish(int64_t *stored_size_out, petory_upload *up)
{
	petory *db;
	int error;

	if (!up)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	db = up->db;
	if (up->error)
		return fail_upload(up, up->error);
	/* a short upload is told as such, before the image it cut */
	if (up->received != up->rec.declared_size) {
		petory_error_set(PETORY_EINVALID, "UPLOAD_SIZE_MISMATCH",
			"%lld bytes arrived but %lld were declared",
			(long long)up->received,
			(long long)up->rec.declared_size);
		return fail_upload(up, PETORY_EINVALID);
	}
	if ((error = petory__image_filter_finish(&up->filter)) < 0)
		return fail_upload(up, error);
	error = db->blob->put_commit(up->writer);
	up->writer = NULL;
	if (error < 0)
		return fail_upload(up, error);
	error = petory__store_file_set_state(db, up->rec.key,
		1u << PETORY_FILE_RECEIVING, PETORY_FILE_UPLOADED, up->stored,
		petory_now(db));
	if (error < 0) {
		/* the record changed under us (a clean-up): keep nothing */
		db->blob->remove(db->blob, up->rec.key);
		return fail_upload(up, error);
	}
	if (stored_size_out)
		*stored_size_out = up->stored;
	petory__log(PETORY_LOG_INFO, "file %s uploaded (%lld bytes kept)",
		up->rec.key, (long long)up->stored);
	upload_free(up);
	return 0;
}

void petory_file_upload_abort(petory_upload *up)
{
	if (up)
		fail_upload(up, petory_error_last()->code);
}

/* ---------------------------------------------------------------- */
/* files clients uploaded straight to the backend (S3) */

/* Pass what the client uploaded through the image filter into the key
 * itself: the type is checked and GPS tags go. */
static int confirm_one(petory *db, petory_file_rec *rec, int64_t *stored)
{
	petory_upload up;
	petory_blob_stat st;
	unsigned char buf[65536];
	char incoming[INCOMING_MAX];
	ssize_t n;
	int fd = -1, error;

	memset(&up, 0, sizeof(up));
	up.db = db;
	up.rec = *rec;
	if ((error = db->blob->open(&fd, &st, db->blob,
		     incoming_name(incoming, rec->key))) < 0)
		return error;
	if ((int64_t)st.size > rec->declared_size) {
		close(fd);
		return too_large(rec->declared_size);
	}
	if ((error = db->blob->put_begin(
		     &up.writer, db->blob, rec->key, rec->content_type)) < 0) {
		close(fd);
		return error;
	}
	petory__image_filter_init(&up.filter,
		petory__image_type_of(rec->content_type), upload_emit, &up);
	while (!error && (n = read(fd, buf, sizeof(buf))) > 0)
		error = petory__image_filter_feed(&up.filter, buf, (size_t)n);
	if (!error && n < 0)
		error = petory_error_set(PETORY_EBACKEND, "STORAGE_ERROR",
			"could not read the uploaded file");
	if (!error)
		error = petory__image_filter_finish(&up.filter);
	close(fd);
	petory__image_filter_dispose(&up.filter);
	if (error) {
		db->blob->put_abort(up.writer);
		return error;
	}
	*stored = up.stored;
	return db->blob->put_commit(up.writer);
}

int petory__files_confirm(petory *db, const petory_identity *actor,
	const char *const *keys, size_t count)
{
	petory_file_rec rec;
	petory_blob_stat st;
	char incoming[INCOMING_MAX];
	int64_t stored = 0;
	size_t i;
	int error;

	if (!db->blob->presign_put)
		return 0; /* uploads came through petory-httpd: checked */
	for (i = 0; i < count; i++) {
		if (petory__store_file_get(&rec, db, keys[i]) < 0 ||
			rec.owner_id != actor->user_id ||
			rec.state != PETORY_FILE_PENDING ||
			(error = db->blob->stat(&st, db->blob,
				 incoming_name(incoming, keys[i]))) ==
				PETORY_ENOTFOUND)
			continue; /* the resource's own checks will say */
		if (error < 0)
			return error; /* the storage did not answer */
		if ((error = confirm_one(db, &rec, &stored)) ==
			PETORY_ENOTFOUND)
			continue; /* a confirmation racing ours took it */
		if (error < 0) {
			/* refused bytes go; the URL may take another upload
			 * while it lives */
			if (error == PETORY_EMEDIATYPE ||
				error == PETORY_ETOOBIG)
				remove_incoming(db, keys[i]);
			return error;
		}
		error = petory__store_file_set_state(db, keys[i],
			1u << PETORY_FILE_PENDING, PETORY_FILE_UPLOADED, stored,
			petory_now(db));
		if (error < 0 && error != PETORY_ECONFLICT &&
			error != PETORY_ENOTFOUND)
			return error; /* not moved: the resource's checks say */
		remove_incoming(db, keys[i]);
	}
	petory_error_clear();
	return 0;
}

/* ---------------------------------------------------------------- */
/* downloads */

int petory_file_open(petory_file_content *out, petory *db,
	const petory_identity *actor, const char *key, const char *expires_text,
	const char *signature)
{
	petory_file_rec rec;
	petory_blob_stat st;
	char expect[SIG_HEX + 1], etag[64];
	int64_t expires;
	bool allowed, is_private;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if ((error = petory__require_store(db, 2)) < 0)
		return error;
	if (!petory__file_key_valid(key) ||
		petory__store_file_get(&rec, db, key) < 0 ||
		(rec.state != PETORY_FILE_UPLOADED &&
			rec.state != PETORY_FILE_ATTACHED))
		return petory_error_set(
			PETORY_ENOTFOUND, "FILE_NOT_FOUND", "no such file");
	is_private = rec.is_private || rec.state != PETORY_FILE_ATTACHED ||
		     petory__file_purpose_private(rec.purpose);
	allowed = !is_private || (actor && actor->user_id > 0 &&
					 actor->user_id == rec.owner_id);
	/* Lost-pet alerts: the photos of a pet in a LOST alert and the
	 * alert's images are everyone's while it is LOST (lost_pet.c). */
	if (!allowed && rec.state == PETORY_FILE_ATTACHED &&
		rec.purpose == PETORY_FILE_PET) {
		bool lost_public = false;
		if (petory__lost_pet_file_public(&lost_public, db, key) == 0 &&
			lost_public)
			allowed = true;
	}
	if (!allowed && signature &&
		(expires = parse_expires(expires_text)) >= 0 &&
		expires * 1000 > petory_now(db)) {
		sign_get(expect, db, key, expires);
		allowed = signature_ok(expect, signature);
	}
	if (!allowed)
		return petory_error_set(
			PETORY_ENOTFOUND, "FILE_NOT_FOUND", "no such file");
	snprintf(etag, sizeof(etag), "\"%s\"", key);
	/* a public file that can turn private (with its album, post,
	 * listing) is cached privately too: only a place's may be shared */
	out->is_private = is_private || rec.purpose != PETORY_FILE_PLACE;
	out->content_type = strdup(rec.content_type);
	out->etag = strdup(etag);
	if (!out->content_type || !out->etag) {
		petory_file_content_dispose(out);
		return petory__error_oom();
	}
	if (db->blob->presign_get)
		error = db->blob->presign_get(&out->redirect_url, db->blob, key,
			petory_now(db) / 1000, 300);
	else
		error = db->blob->open(&out->fd, &st, db->blob, key);
	if (error == PETORY_ENOTFOUND)
		error = petory_error_set(
			PETORY_ENOTFOUND, "FILE_NOT_FOUND", "no such file");
	if (error < 0) {
		petory_file_content_dispose(out);
		return error;
	}
	out->size = out->redirect_url ? 0 : st.size;
	return 0;
}

/* ---------------------------------------------------------------- */
/* clean-up */

int petory_files_gc(int64_t *removed_out, petory *db,
	const petory_identity *actor, int64_t older_than_s)
{
	petory_file_key *keys = NULL;
	petory_time_ms before;
	size_t count, i;
	int64_t removed = 0;
	int error;

	if (removed_out)
		*removed_out = 0;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = petory__require_store(db, 2)) < 0)
		return error;
	if (older_than_s < 0)
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"the age must not be negative");
	before = petory_now(db) - older_than_s * 1000;
	do {
		int64_t batch = 0;
		if ((error = petory__store_file_list_stale(
			     &keys, &count, db, before, 200)) < 0)
			return error;
		for (i = 0; i < count; i++) {
			if (petory__store_file_delete_unattached(
				    db, keys[i].key) < 0)
				continue; /* attached meanwhile */
			petory__files_remove_blobs(db, &keys[i], 1);
			batch++;
		}
		free(keys);
		keys = NULL;
		removed += batch;
		if (batch == 0)
			break; /* nothing movable left in this batch */
	} while (count == 200);
	if (db->blob->sweep && (error = db->blob->sweep(db->blob, before)) < 0)
		return error;
	if (removed_out)
		*removed_out = removed;
	petory__log(PETORY_LOG_INFO, "files gc: %lld unused files removed",
		(long long)removed);
	return 0;
}
