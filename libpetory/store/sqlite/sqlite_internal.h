/* sqlite_internal.h -- the SQLite connection pool shared by the three
 * SQLite backends.
 *
 * A connection is used by one thread at a time: acquire it, run statements,
 * release it.  Statements come from petory__stmt (prepared once per
 * connection) and must be reset with petory__stmt_done before release.
 * Writes that span statements run inside petory__tx_begin (BEGIN
 * IMMEDIATE) ... petory__tx_end.
 */
#ifndef PETORY_SQLITE_INTERNAL_H
#define PETORY_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store_internal.h"
#include "store/sqlite/statements.h"

typedef struct petory__conn {
	sqlite3 *db;
	sqlite3_stmt *stmts[PETORY__STMT_COUNT];
	int64_t acquired_ns; /* monotonic, while a caller holds it */
} petory__conn;

int petory__conn_acquire(petory *db, petory__conn **out);
void petory__conn_release(petory *db, petory__conn *conn);

/* The prepared statement `id` (NULL with the error set on failure). */
sqlite3_stmt *petory__stmt(petory__conn *conn, petory__stmt_id id);
void petory__stmt_done(sqlite3_stmt *stmt);

/* Map a SQLite result code to a petory error (EEXISTS for a UNIQUE or
 * PRIMARY KEY violation, EBACKEND otherwise), logging SQLite's message. */
int petory__sqlite_error(petory__conn *conn, int rc, const char *what);
/* The same for a connection outside the pool (backups, restores). */
int petory__sqlite_handle_error(sqlite3 *h, int rc, const char *what);

/* Step a statement that returns no row, then reset it.  With
 * expect_change, ENOTFOUND (no error message set) when no row changed. */
int petory__step_done(
	petory__conn *conn, sqlite3_stmt *stmt, int expect_change);

int petory__tx_begin(petory__conn *conn);
/* COMMIT when error == 0, else ROLLBACK; returns error (or the commit's). */
int petory__tx_end(petory__conn *conn, int error);

/* Run the numbered migrations on conn (the first connection). */
int petory__migrate(petory__conn *conn, int *version_out);
int petory__migrations_latest(void);

/* Run body with `conn` bound to a pooled connection of handle `db`; a
 * `break` inside body ends it early and still releases the connection. */
#define PETORY__WITH_CONN(db, conn, body)          \
	do {                                       \
		petory__conn *conn;                \
		petory__conn_acquire((db), &conn); \
		do {                               \
			body;                      \
		} while (0);                       \
		petory__conn_release((db), conn);  \
	} while (0)

/* The SQLite petory_store; its root and the meta table live in store.c,
 * every other table in the file of its domain (user.c, …). */
typedef struct petory__sqlite_store {
	petory_store base; /* first */
	petory *db;
} petory__sqlite_store;

#define PETORY__STORE_DB(st) (((petory__sqlite_store *)(st))->db)
/* PETORY__WITH_CONN on the pool of a petory_store's handle. */
#define PETORY__WITH_STORE_CONN(st, conn, body) \
	PETORY__WITH_CONN(PETORY__STORE_DB(st), conn, body)

/* Inside a transaction on conn: give the files `keys` to a resource of
 * owner_id for `purpose`, each by a compare-and-set (owner_id's, for that
 * purpose, UPLOADED -> ATTACHED, with is_private).  ECONFLICT (no reason)
 * for the first key that is not in that state, absent included: the
 * caller rolls back.  Which keys a resource may take is the domain's rule
 * (petory__file_keys_attachable), checked before the write. */
int petory__sqlite_attach(petory__conn *conn, const char *const *keys,
	size_t count, int64_t owner_id, petory_file_purpose purpose,
	int is_private, petory_time_ms now);

/* An image from columns col..col+3: id, file_key, private, created_at.
 * ENOMEM, or 0 (a NULL id leaves *img zeroed: no image). */
int petory__sqlite_read_image(petory_image *img, sqlite3_stmt *s, int col);

/* The row's first image (columns col..col+3, NULL when it has none) as a
 * malloc'd array of 0 or 1 image. */
int petory__sqlite_first_image(
	petory_image **images_out, size_t *count_out, sqlite3_stmt *s, int col);

/* Step stmt (bound; its rows are images from column 0) into a malloc'd
 * array; resets stmt. */
int petory__sqlite_images(petory_image **out, size_t *count_out,
	petory__conn *conn, sqlite3_stmt *stmt);

/* Image rows shared by pets, albums, posts, listings and places
 * (image_rows.c; the statements' shapes are described there).  Inside a
 * transaction: one image row per key under parent_id. */
int petory__sqlite_add_image_rows(petory__conn *conn, petory__stmt_id insert,
	int64_t parent_id, const char *const *keys, size_t count,
	petory_time_ms now);
/* Delete one image row and its file record; key_out gets the key;
 * ENOTFOUND (no reason) when the image is not there (or not the
 * parent's). */
int petory__sqlite_image_delete(petory_file_key *key_out, petory_store *st,
	petory__stmt_id stmt, int64_t image_id, int64_t parent_id);
/* Read one row of `row` for id into obj through read (not_found() when
 * there is none), then the images of id. */
typedef int (*petory__row_reader)(void *obj, sqlite3_stmt *s);
int petory__sqlite_row_with_images(petory__conn *conn, petory__stmt_id row,
	petory__stmt_id images, int64_t id, petory__row_reader read, void *obj,
	petory_image **images_out, size_t *count_out, int (*not_found)(void),
	const char *what);

/* A page of a list: `count` (bound) gives *total_out; `list` (bound but
 * for its last two parameters, offset then limit) is stepped into a
 * malloc'd array of at most limit items of item_size bytes through read.
 * On failure *count_out still counts the items to dispose of. */
int petory__sqlite_page(void **items_out, size_t *count_out, int64_t *total_out,
	petory__conn *conn, sqlite3_stmt *count, sqlite3_stmt *list,
	int64_t offset, int64_t limit, size_t item_size,
	petory__row_reader read, const char *what);

/* Step stmt, which yields file keys in column 0, into a malloc'd array. */
int petory__sqlite_collect_keys(petory_file_key **out, size_t *count_out,
	petory__conn *conn, sqlite3_stmt *stmt);

/* Column helpers.  petory__column_text: *out is a copy of the column,
 * NULL for SQL NULL; ENOMEM or 0. */
char *petory__column_strdup(sqlite3_stmt *stmt, int col);
int petory__column_text(char **out, sqlite3_stmt *stmt, int col);
int petory__bind_text_or_null(sqlite3_stmt *stmt, int idx, const char *s);

/* The handle behind a SQLite petory_store (store.c). */
petory *petory__sqlite_store_db(petory_store *st);
/* After a compare-and-set UPDATE of row `id` that changed nothing:
 * ENOTFOUND when the row is absent (row_by_id selects it by ?1), else
 * ECONFLICT; `what` names the row in the message (store.c). */
int petory__sqlite_cas_missed(petory__conn *conn, petory__stmt_id row_by_id,
	int64_t id, const char *what);
/* status, type and like_count of a place (place.c); *status is
 * PETORY__PLACE_ABSENT when there is no such place. */
#define PETORY__PLACE_ABSENT (-1)
int petory__place_state_locked(
	petory__conn *conn, int64_t id, int *status, int *type, int64_t *likes);
/* What a place in `status` (or PETORY__PLACE_ABSENT) is to a change that
 * needs it ACTIVE (a like, a review, a report): ABSENT when it is absent
 * or DELETED, INACTIVE when INACTIVE, APPLIED when the change may go on. */
petory_store_outcome petory__place_open_outcome(int status);

/* Step `mark` (a bound INSERT … ON CONFLICT DO NOTHING recording that
 * something was sent); when it inserted a row, insert n (sets n->id) and
 * set *created_out.  Inside the caller's transaction (notification.c). */
int petory__sqlite_notify_once(petory__conn *conn, sqlite3_stmt *mark,
	petory_notification *n, int *created_out);

/* Queue an outbox row on conn (inside the caller's transaction, so it
 * commits with the change that causes it; notification.c). */
int petory__sqlite_outbox_put(petory__conn *conn, petory_outbox_kind kind,
	const char *payload, petory_time_ms now);
/* Images of places (place_images.c).  The JSON array of ids, malloc'd
 * (NULL: out of memory). */
char *petory__sqlite_ids_json(const int64_t *ids, size_t n);
/* Inside a transaction: attach keys of owner_id to place_id (public). */
int petory__place_images_add(petory__conn *conn, int64_t place_id,
	int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now);
/* Every image of p (by p->id); sets p->images_complete. */
int petory__place_images_all(petory__conn *conn, petory_place *p);
/* The first image of each of the n places, in one query. */
int petory__place_images_first(
	petory__conn *conn, petory_place *items, size_t n);
/* The two image methods of the places table (place_images.c). */
int petory__sqlite_place_add_images(petory_store_outcome *outcome_out,
	petory_store *st, int64_t place_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now);
int petory__sqlite_place_image_delete(petory_file_key *key_out,
	petory_store *st, int64_t place_id, int64_t image_id);

/* The OAuth2 methods of the users table (oauth.c), named in user.c's
 * table by PETORY__SQLITE_OAUTH_METHODS. */
int petory__sqlite_oauth_state_put(petory_store *st, const char *state,
	const char *verifier, petory_time_ms expires_at);
int petory__sqlite_oauth_state_take(char **verifier_out, petory_store *st,
	const char *state, petory_time_ms now);
int petory__sqlite_oauth_state_put2(petory_store *st, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now);
int petory__sqlite_oauth_state_take2(char **verifier_out, petory_store *st,
	const char *state, const unsigned char *browser_hash,
	petory_time_ms now);
int petory__sqlite_login_code_put(petory_store *st,
	const unsigned char *code_hash, int64_t user_id,
	petory_time_ms expires_at, petory_time_ms now);
int petory__sqlite_login_code_take(int64_t *user_id_out, petory_store *st,
	const unsigned char *code_hash, petory_time_ms now);
int petory__sqlite_oauth_purge(
	int64_t *removed_out, petory_store *st, petory_time_ms now);
#define PETORY__SQLITE_OAUTH_METHODS                           \
	.oauth_state_put = petory__sqlite_oauth_state_put,     \
	.oauth_state_take = petory__sqlite_oauth_state_take,   \
	.oauth_state_put2 = petory__sqlite_oauth_state_put2,   \
	.oauth_state_take2 = petory__sqlite_oauth_state_take2, \
	.login_code_put = petory__sqlite_login_code_put,       \
	.login_code_take = petory__sqlite_login_code_take,     \
	.oauth_purge = petory__sqlite_oauth_purge

/* The SQLite store's tables, one per domain, each defined in the file
 * of its domain. */
extern const petory_store_meta petory__sqlite_meta;
extern const petory_store_users petory__sqlite_users;
extern const petory_store_events petory__sqlite_events;
extern const petory_store_notifications petory__sqlite_notifications;
extern const petory_store_daily petory__sqlite_daily;
extern const petory_store_places petory__sqlite_places;
extern const petory_store_reviews petory__sqlite_reviews;
extern const petory_store_files petory__sqlite_files;
extern const petory_store_pets petory__sqlite_pets;
extern const petory_store_albums petory__sqlite_albums;
extern const petory_store_boards petory__sqlite_boards;
extern const petory_store_trades petory__sqlite_trades;
extern const petory_store_chat petory__sqlite_chat;
extern const petory_store_lost_pets petory__sqlite_lost_pets;

/* The growth diary's methods of the pets table (pet_growth.c). */
int petory__sqlite_growth_insert(
	petory_store *st, petory_growth_record *rec, petory_time_ms now);
int petory__sqlite_growth_get(
	petory_growth_record **out, petory_store *st, int64_t id);
int petory__sqlite_growth_list(petory_growth_record **out, size_t *count_out,
	petory_store *st, int64_t pet_id, const char *from, const char *to);
int petory__sqlite_growth_update(
	petory_store *st, petory_growth_record *rec, petory_time_ms now);
int petory__sqlite_growth_delete(petory_store *st, int64_t id);

#endif
