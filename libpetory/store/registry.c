/* registry.c -- registering storage and blob backends on a handle.
 *
 * Each vtable is checked once, here: its version must be one this build
 * knows and every required method must be present.  Ownership passes to
 * the handle only on success; the previous backend is freed then.
 */
#include "core/internal.h"

static int check_version(unsigned version, unsigned known, const char *what)
{
	if (version < 1 || version > known)
		return petory_error_set(PETORY_EVERSION, NULL,
			"unsupported %s version %u (this build knows 1..%u)",
			what, version, known);
	return 0;
}

static int incomplete(const char *what, const char *name)
{
	return petory_error_set(PETORY_EINVALID, NULL,
		"incomplete %s implementation '%s'", what, name ? name : "?");
}

int petory_set_store(petory *db, petory_store *st)
{
	int error;
	if (!db || !st)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = check_version(
		     st->version, PETORY_STORE_VERSION, "petory_store")) < 0)
		return error;
	if (!st->free || !st->ping || !st->meta_get ||
		!st->meta_put_if_absent || !st->user_insert || !st->user_get ||
		!st->user_get_by_email || !st->user_auth_state ||
		!st->user_update_profile || !st->user_set_status ||
		!st->user_set_roles || !st->user_record_login ||
		!st->user_list || !st->user_count_active_admins ||
		!st->oauth_state_put || !st->oauth_state_take)
		return incomplete("petory_store", st->name);
	/* This build calls every method of its own version. */
	if (st->version < PETORY_STORE_VERSION)
		return petory_error_set(PETORY_EVERSION, NULL,
			"petory_store '%s' is version %u; this build needs %u",
			st->name ? st->name : "?", st->version,
			PETORY_STORE_VERSION);
	if (!st->event_insert || !st->event_update || !st->event_get ||
		!st->event_delete || !st->event_list_overlapping ||
		!st->notification_insert || !st->notification_list ||
		!st->notification_mark_read || !st->notification_delete ||
		!st->notification_fanout || !st->notification_purge ||
		!st->job_run_get || !st->daily_question_load ||
		!st->daily_question_insert || !st->daily_question_get ||
		!st->daily_question_by_date || !st->daily_question_update ||
		!st->daily_question_set_status || !st->daily_question_list ||
		!st->daily_answer_insert || !st->daily_answer_get ||
		!st->daily_answer_update || !st->daily_answer_set_status ||
		!st->daily_answer_list || !st->account_lifecycle ||
		!st->outbox_insert || !st->outbox_claim || !st->outbox_finish ||
		!st->event_list_reminding || !st->event_reminder_record ||
		!st->place_insert || !st->place_get || !st->place_get_many ||
		!st->place_update || !st->place_set_status ||
		!st->place_search || !st->place_like || !st->place_rank_truth ||
		!st->review_insert || !st->review_get || !st->review_update ||
		!st->review_set_deleted || !st->review_list ||
		!st->report_insert || !st->report_cancel || !st->file_insert ||
		!st->file_get || !st->file_set_state || !st->file_list_stale ||
		!st->file_delete_unattached || !st->pet_insert ||
		!st->pet_get || !st->pet_list || !st->pet_update ||
		!st->pet_set_deleted || !st->pet_image_pet ||
		!st->pet_image_delete || !st->album_insert || !st->album_get ||
		!st->album_list || !st->album_update || !st->album_delete ||
		!st->album_add_images || !st->album_image_album ||
		!st->album_image_delete || !st->pet_birthdays ||
		!st->pet_dday_record || !st->place_add_images ||
		!st->place_image_delete || !st->board_insert ||
		!st->board_get || !st->board_list || !st->board_update ||
		!st->board_set_deleted || !st->board_add_images ||
		!st->board_image_delete || !st->board_comment_insert ||
		!st->board_comment_get || !st->board_comment_list ||
		!st->board_comment_update || !st->board_comment_delete ||
		!st->trade_insert || !st->trade_get || !st->trade_list ||
		!st->trade_update || !st->trade_set_status ||
		!st->trade_image_delete || !st->chat_room_open ||
		!st->chat_room_get || !st->chat_room_list ||
		!st->chat_messages || !st->chat_message_get ||
		!st->chat_message_insert || !st->chat_mark_read ||
		!st->chat_set_hidden || !st->review_feed || !st->review_count)
		return incomplete("petory_store", st->name);
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
	if ((error = check_version(rs->version, PETORY_RANK_STORE_VERSION,
		     "petory_rank_store")) < 0)
		return error;
	if (!rs->free || !rs->incr || !rs->top || !rs->score || !rs->rebuild ||
		!rs->remove)
		return incomplete("petory_rank_store", rs->name);
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
	if ((error = check_version(ss->version, PETORY_SESSION_STORE_VERSION,
		     "petory_session_store")) < 0)
		return error;
	if (!ss->free || !ss->session_create || !ss->session_active ||
		!ss->refresh_rotate || !ss->session_revoke ||
		!ss->session_revoke_user || !ss->rate_hit || !ss->purge)
		return incomplete("petory_session_store", ss->name);
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
	if ((error = check_version(bs->version, PETORY_BLOB_STORE_VERSION,
		     "petory_blob_store")) < 0)
		return error;
	if (!bs->free || !bs->put_begin || !bs->put_write || !bs->put_commit ||
		!bs->put_abort || !bs->open || !bs->stat || !bs->remove)
		return incomplete("petory_blob_store", bs->name);
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
