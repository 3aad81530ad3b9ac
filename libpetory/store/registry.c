/* registry.c -- registering storage and blob backends on a handle.
 *
 * Every table is checked once, here, by one table-driven checker: its
 * version must be one this build knows, and every method valid at that
 * version must be present.  The descriptors below name each table's
 * methods with the version they appeared in; a table newer than this
 * build is refused, an older one is taken and its newer methods answer
 * ENOTSUPPORTED through the wrappers (store/calls.c).  Ownership passes
 * to the handle only on success; the previous backend is freed then.
 */
#include <stddef.h>

#include "store/store_internal.h"

typedef struct method_desc {
	const char *name;
	size_t offset;  /* of the function pointer in its table */
	unsigned since; /* the table version it appeared in */
} method_desc;

typedef struct table_desc {
	const char *name;
	size_t offset;  /* of the table's pointer in petory_store, or 0 */
	unsigned known; /* the newest version this build knows */
	const method_desc *methods;
	size_t count;
} table_desc;

#define METHOD(type, member, version)                      \
	{                                                  \
#member, offsetof(type, member), (version) \
	}
#define TABLE(type, member, version, methods)                                \
	{                                                                    \
#member, offsetof(petory_store, member), (version), methods, \
			sizeof(methods) / sizeof(methods[0])                 \
	}
#define VTABLE(name, version, methods)                       \
	{                                                    \
		name, 0, (version), methods,                 \
			sizeof(methods) / sizeof(methods[0]) \
	}

static const method_desc meta_methods[] = {
	METHOD(petory_store_meta, meta_get, 1),
	METHOD(petory_store_meta, meta_put_if_absent, 1),
	METHOD(petory_store_meta, meta_replace, 2),
};
static const method_desc users_methods[] = {
	METHOD(petory_store_users, user_insert, 1),
	METHOD(petory_store_users, user_get, 1),
	METHOD(petory_store_users, user_get_by_email, 1),
	METHOD(petory_store_users, user_auth_state, 1),
	METHOD(petory_store_users, user_update_profile, 1),
	METHOD(petory_store_users, user_set_status, 1),
	METHOD(petory_store_users, user_set_roles, 1),
	METHOD(petory_store_users, user_record_login, 1),
	METHOD(petory_store_users, user_list, 1),
	METHOD(petory_store_users, user_count_active_admins, 1),
	METHOD(petory_store_users, oauth_state_put, 1),
	METHOD(petory_store_users, oauth_state_take, 1),
	METHOD(petory_store_users, oauth_state_put2, 2),
	METHOD(petory_store_users, oauth_state_take2, 2),
	METHOD(petory_store_users, login_code_put, 2),
	METHOD(petory_store_users, login_code_take, 2),
	METHOD(petory_store_users, oauth_purge, 2),
	METHOD(petory_store_users, user_mark_email_verified, 3),
	METHOD(petory_store_users, user_set_password, 3),
	METHOD(petory_store_users, user_take_over, 3),
	METHOD(petory_store_users, account_token_put, 3),
	METHOD(petory_store_users, account_token_take, 3),
	METHOD(petory_store_users, account_token_drop_user, 3),
};
static const method_desc events_methods[] = {
	METHOD(petory_store_events, event_insert, 1),
	METHOD(petory_store_events, event_update, 1),
	METHOD(petory_store_events, event_get, 1),
	METHOD(petory_store_events, event_delete, 1),
	METHOD(petory_store_events, event_list_overlapping, 1),
	METHOD(petory_store_events, event_list_reminding, 1),
	METHOD(petory_store_events, event_reminder_record, 1),
	METHOD(petory_store_events, event_insert_capped, 2),
};
static const method_desc notifications_methods[] = {
	METHOD(petory_store_notifications, notification_insert, 1),
	METHOD(petory_store_notifications, notification_list, 1),
	METHOD(petory_store_notifications, notification_mark_read, 1),
	METHOD(petory_store_notifications, notification_delete, 1),
	METHOD(petory_store_notifications, notification_fanout, 1),
	METHOD(petory_store_notifications, notification_purge, 1),
	METHOD(petory_store_notifications, job_run_get, 1),
	METHOD(petory_store_notifications, account_lifecycle, 1),
	METHOD(petory_store_notifications, outbox_insert, 1),
	METHOD(petory_store_notifications, outbox_claim, 1),
	METHOD(petory_store_notifications, outbox_finish, 1),
	METHOD(petory_store_notifications, outbox_backlog, 2),
	METHOD(petory_store_notifications, job_run_last, 2),
};
static const method_desc daily_methods[] = {
	METHOD(petory_store_daily, daily_question_load, 1),
	METHOD(petory_store_daily, daily_question_insert, 1),
	METHOD(petory_store_daily, daily_question_get, 1),
	METHOD(petory_store_daily, daily_question_by_date, 1),
	METHOD(petory_store_daily, daily_question_update, 1),
	METHOD(petory_store_daily, daily_question_set_status, 1),
	METHOD(petory_store_daily, daily_question_list, 1),
	METHOD(petory_store_daily, daily_answer_insert, 1),
	METHOD(petory_store_daily, daily_answer_get, 1),
	METHOD(petory_store_daily, daily_answer_update, 1),
	METHOD(petory_store_daily, daily_answer_set_status, 1),
	METHOD(petory_store_daily, daily_answer_list, 1),
};
static const method_desc places_methods[] = {
	METHOD(petory_store_places, place_insert, 1),
	METHOD(petory_store_places, place_get, 1),
	METHOD(petory_store_places, place_get_many, 1),
	METHOD(petory_store_places, place_update, 1),
	METHOD(petory_store_places, place_set_status, 1),
	METHOD(petory_store_places, place_search, 1),
	METHOD(petory_store_places, place_like, 1),
	METHOD(petory_store_places, place_rank_truth, 1),
	METHOD(petory_store_places, place_add_images, 1),
	METHOD(petory_store_places, place_image_delete, 1),
};
static const method_desc reviews_methods[] = {
	METHOD(petory_store_reviews, review_insert, 1),
	METHOD(petory_store_reviews, review_get, 1),
	METHOD(petory_store_reviews, review_update, 1),
	METHOD(petory_store_reviews, review_set_deleted, 1),
	METHOD(petory_store_reviews, review_list, 1),
	METHOD(petory_store_reviews, report_insert, 1),
	METHOD(petory_store_reviews, report_cancel, 1),
	METHOD(petory_store_reviews, review_feed, 1),
	METHOD(petory_store_reviews, review_count, 1),
};
static const method_desc files_methods[] = {
	METHOD(petory_store_files, file_insert, 1),
	METHOD(petory_store_files, file_get, 1),
	METHOD(petory_store_files, file_set_state, 1),
	METHOD(petory_store_files, file_list_stale, 1),
	METHOD(petory_store_files, file_delete_unattached, 1),
};
static const method_desc pets_methods[] = {
	METHOD(petory_store_pets, pet_insert, 1),
	METHOD(petory_store_pets, pet_get, 1),
	METHOD(petory_store_pets, pet_list, 1),
	METHOD(petory_store_pets, pet_update, 1),
	METHOD(petory_store_pets, pet_set_deleted, 1),
	METHOD(petory_store_pets, pet_image_pet, 1),
	METHOD(petory_store_pets, pet_image_delete, 1),
	METHOD(petory_store_pets, pet_birthdays, 1),
	METHOD(petory_store_pets, pet_dday_record, 1),
	METHOD(petory_store_pets, growth_insert, 2),
	METHOD(petory_store_pets, growth_get, 2),
	METHOD(petory_store_pets, growth_list, 2),
	METHOD(petory_store_pets, growth_update, 2),
	METHOD(petory_store_pets, growth_delete, 2),
};
static const method_desc albums_methods[] = {
	METHOD(petory_store_albums, album_insert, 1),
	METHOD(petory_store_albums, album_get, 1),
	METHOD(petory_store_albums, album_list, 1),
	METHOD(petory_store_albums, album_update, 1),
	METHOD(petory_store_albums, album_delete, 1),
	METHOD(petory_store_albums, album_add_images, 1),
	METHOD(petory_store_albums, album_image_album, 1),
	METHOD(petory_store_albums, album_image_delete, 1),
};
static const method_desc boards_methods[] = {
	METHOD(petory_store_boards, board_insert, 1),
	METHOD(petory_store_boards, board_get, 1),
	METHOD(petory_store_boards, board_list, 1),
	METHOD(petory_store_boards, board_update, 1),
	METHOD(petory_store_boards, board_set_deleted, 1),
	METHOD(petory_store_boards, board_add_images, 1),
	METHOD(petory_store_boards, board_image_delete, 1),
	METHOD(petory_store_boards, board_comment_insert, 1),
	METHOD(petory_store_boards, board_comment_get, 1),
	METHOD(petory_store_boards, board_comment_list, 1),
	METHOD(petory_store_boards, board_comment_update, 1),
	METHOD(petory_store_boards, board_comment_delete, 1),
};
static const method_desc trades_methods[] = {
	METHOD(petory_store_trades, trade_insert, 1),
	METHOD(petory_store_trades, trade_get, 1),
	METHOD(petory_store_trades, trade_list, 1),
	METHOD(petory_store_trades, trade_update, 1),
	METHOD(petory_store_trades, trade_set_status, 1),
	METHOD(petory_store_trades, trade_image_delete, 1),
};
static const method_desc chat_methods[] = {
	METHOD(petory_store_chat, chat_room_open, 1),
	METHOD(petory_store_chat, chat_room_get, 1),
	METHOD(petory_store_chat, chat_room_list, 1),
	METHOD(petory_store_chat, chat_messages, 1),
	METHOD(petory_store_chat, chat_message_get, 1),
	METHOD(petory_store_chat, chat_message_insert, 1),
	METHOD(petory_store_chat, chat_mark_read, 1),
	METHOD(petory_store_chat, chat_set_hidden, 1),
};

static const method_desc lost_pets_methods[] = {
	METHOD(petory_store_lost_pets, alert_area_put, 1),
	METHOD(petory_store_lost_pets, alert_area_get, 1),
	METHOD(petory_store_lost_pets, alert_area_delete, 1),
	METHOD(petory_store_lost_pets, lost_pet_match, 1),
	METHOD(petory_store_lost_pets, lost_pet_insert, 1),
	METHOD(petory_store_lost_pets, lost_pet_get, 1),
	METHOD(petory_store_lost_pets, lost_pet_near, 1),
	METHOD(petory_store_lost_pets, lost_pet_close, 1),
	METHOD(petory_store_lost_pets, lost_pet_cancel_for_pet, 1),
	METHOD(petory_store_lost_pets, sighting_insert, 1),
	METHOD(petory_store_lost_pets, lost_pet_file_public, 1),
};

/* Tables of the root's version 6 and later: checked only in a root of
 * that version (an older root has no pointer to them). */
static const table_desc store_tables_v6[] = {
	TABLE(petory_store_lost_pets, lost_pets, PETORY_STORE_LOST_PETS_VERSION,
		lost_pets_methods),
};

static const table_desc store_tables[] = {
	TABLE(petory_store_meta, meta, PETORY_STORE_META_VERSION, meta_methods),
	TABLE(petory_store_users, users, PETORY_STORE_USERS_VERSION,
		users_methods),
	TABLE(petory_store_events, events, PETORY_STORE_EVENTS_VERSION,
		events_methods),
	TABLE(petory_store_notifications, notifications,
		PETORY_STORE_NOTIFICATIONS_VERSION, notifications_methods),
	TABLE(petory_store_daily, daily, PETORY_STORE_DAILY_VERSION,
		daily_methods),
	TABLE(petory_store_places, places, PETORY_STORE_PLACES_VERSION,
		places_methods),
	TABLE(petory_store_reviews, reviews, PETORY_STORE_REVIEWS_VERSION,
		reviews_methods),
	TABLE(petory_store_files, files, PETORY_STORE_FILES_VERSION,
		files_methods),
	TABLE(petory_store_pets, pets, PETORY_STORE_PETS_VERSION, pets_methods),
	TABLE(petory_store_albums, albums, PETORY_STORE_ALBUMS_VERSION,
		albums_methods),
	TABLE(petory_store_boards, boards, PETORY_STORE_BOARDS_VERSION,
		boards_methods),
	TABLE(petory_store_trades, trades, PETORY_STORE_TRADES_VERSION,
		trades_methods),
	TABLE(petory_store_chat, chat, PETORY_STORE_CHAT_VERSION, chat_methods),
};

static const method_desc store_methods[] = {
	METHOD(petory_store, free, 5),
	METHOD(petory_store, ping, 5),
};
/* The oldest root this build takes (versions 1..4 had one flat table). */
#define STORE_ROOT_MIN 5
/* The top table: its layout of version 5 is the first with tables. */
static const table_desc store_root =
	VTABLE("petory_store", PETORY_STORE_VERSION, store_methods);

static const method_desc rank_methods[] = {
	METHOD(petory_rank_store, free, 1),
	METHOD(petory_rank_store, incr, 1),
	METHOD(petory_rank_store, top, 1),
	METHOD(petory_rank_store, score, 1),
	METHOD(petory_rank_store, rebuild, 1),
	METHOD(petory_rank_store, remove, 1),
	METHOD(petory_rank_store, incr_many, 2),
};
static const table_desc rank_table =
	VTABLE("petory_rank_store", PETORY_RANK_STORE_VERSION, rank_methods);

static const method_desc session_methods[] = {
	METHOD(petory_session_store, free, 1),
	METHOD(petory_session_store, session_create, 1),
	METHOD(petory_session_store, session_active, 1),
	METHOD(petory_session_store, refresh_rotate, 1),
	METHOD(petory_session_store, session_revoke, 1),
	METHOD(petory_session_store, session_revoke_user, 1),
	METHOD(petory_session_store, rate_hit, 1),
	METHOD(petory_session_store, purge, 1),
	METHOD(petory_session_store, session_revoke_user_except, 2),
};
static const table_desc session_table = VTABLE(
	"petory_session_store", PETORY_SESSION_STORE_VERSION, session_methods);

static const method_desc blob_methods[] = {
	METHOD(petory_blob_store, free, 1),
	METHOD(petory_blob_store, put_begin, 1),
	METHOD(petory_blob_store, put_write, 1),
	METHOD(petory_blob_store, put_commit, 1),
	METHOD(petory_blob_store, put_abort, 1),
	METHOD(petory_blob_store, open, 1),
	METHOD(petory_blob_store, stat, 1),
	METHOD(petory_blob_store, remove, 1),
};
static const table_desc blob_table =
	VTABLE("petory_blob_store", PETORY_BLOB_STORE_VERSION, blob_methods);

/* Check one table: `version` in min..d->known and every method of that
 * version present.  backend names the implementation in messages. */
static int check_table(const void *table, unsigned version, unsigned min,
	const table_desc *d, const char *backend)
{
	size_t i;
	if (!table)
		return petory_error_set(PETORY_EINVALID, NULL,
			"%s: the %s table is missing", backend, d->name);
	if (version < min || version > d->known)
		return petory_error_set(PETORY_EVERSION, NULL,
			"%s: unsupported %s version %u (this build knows "
			"%u..%u)",
			backend, d->name, version, min, d->known);
	for (i = 0; i < d->count; i++) {
		const method_desc *m = &d->methods[i];
		void (*const *fn)(void) = (void (*const *)(void))(
			(const char *)table + m->offset);
		if (m->since <= version && !*fn)
			return petory_error_set(PETORY_EINVALID, NULL,
				"%s: incomplete %s: %s is missing", backend,
				d->name, m->name);
	}
	return 0;
}

int petory__store_check(const petory_store *st)
{
	const char *backend;
	size_t i;
	int error;
	if (!st)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL store");
	backend = st->name ? st->name : "?";
	/* Versions 1..4 had one flat table this build cannot read. */
	if ((error = check_table(st, st->version, STORE_ROOT_MIN, &store_root,
		     backend)) < 0)
		return error;
	for (i = 0; st->version >= 6 &&
		    i < sizeof(store_tables_v6) / sizeof(store_tables_v6[0]);
		i++) {
		const table_desc *d = &store_tables_v6[i];
		const void *table =
			*(const void *const *)((const char *)st + d->offset);
		if ((error = check_table(table,
			     table ? *(const unsigned *)table : 0, 1, d,
			     backend)) < 0)
			return error;
	}
	for (i = 0; i < sizeof(store_tables) / sizeof(store_tables[0]); i++) {
		const table_desc *d = &store_tables[i];
		const void *table =
			*(const void *const *)((const char *)st + d->offset);
		/* every table starts with its version */
		if ((error = check_table(table,
			     table ? *(const unsigned *)table : 0, 1, d,
			     backend)) < 0)
			return error;
	}
	return 0;
}

int petory_set_store(petory *db, petory_store *st)
{
	int error;
	if (!db || !st)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__store_check(st)) < 0)
		return error;
	if (db->store && db->store != st)
		db->store->free(db->store);
	db->store = st;
	return 0;
}

int petory_set_rank_store(petory *db, petory_rank_store *rs)
{
	int error;
	if (!db || !rs)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = check_table(rs, rs->version, 1, &rank_table,
		     rs->name ? rs->name : "?")) < 0)
		return error;
	if (db->rank && db->rank != rs)
		db->rank->free(db->rank);
	db->rank = rs;
	return 0;
}

int petory_set_session_store(petory *db, petory_session_store *ss)
{
	int error;
	if (!db || !ss)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = check_table(ss, ss->version, 1, &session_table,
		     ss->name ? ss->name : "?")) < 0)
		return error;
	if (db->sessions && db->sessions != ss)
		db->sessions->free(db->sessions);
	db->sessions = ss;
	return 0;
}

int petory_set_blob_store(petory *db, petory_blob_store *bs)
{
	int error;
	if (!db || !bs)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = check_table(bs, bs->version, 1, &blob_table,
		     bs->name ? bs->name : "?")) < 0)
		return error;
	if (db->blob && db->blob != bs)
		db->blob->free(db->blob);
	db->blob = bs;
	return 0;
}

petory_blob_store *petory_get_blob_store(petory *db)
{
	return db->blob;
}

petory_store *petory_get_store(petory *db)
{
	return db->store;
}

petory_rank_store *petory_get_rank_store(petory *db)
{
	return db->rank;
}

petory_session_store *petory_get_session_store(petory *db)
{
	return db->sessions;
}

void petory__stores_free(petory *db)
{
	if (db->store)
		db->store->free(db->store);
	if (db->rank)
		db->rank->free(db->rank);
	if (db->sessions)
		db->sessions->free(db->sessions);
	if (db->blob)
		db->blob->free(db->blob);
	db->blob = NULL;
	db->store = NULL;
	db->rank = NULL;
	db->sessions = NULL;
}
