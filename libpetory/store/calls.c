/* calls.c -- the petory__store_* wrappers (see calls.h). */
#include "store/calls.h"

#define STORE_CALL(db, table, method, since, args)                           \
	do {                                                                 \
		const petory_store_##table *t_ = (db)->store->table;         \
		int fault_ = petory__fault_point("store." #method);          \
		if (fault_ < 0)                                              \
			return fault_;                                       \
		if (t_->version < (since))                                   \
			return petory__store_missing((db), #table, #method); \
		return t_->method args;                                      \
	} while (0)

int petory__store_missing(petory *db, const char *table, const char *method)
{
	return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
		"the %s store has no %s.%s (its table is too old)",
		db->store->name ? db->store->name : "?", table, method);
}

/* ---- meta ---- */

int petory__store_meta_get(char **value_out, petory *db, const char *key)
{
	STORE_CALL(db, meta, meta_get, 1, (value_out, db->store, key));
}

int petory__store_meta_put_if_absent(
	char **value_out, petory *db, const char *key, const char *value)
{
	STORE_CALL(db, meta, meta_put_if_absent, 1,
		(value_out, db->store, key, value));
}

int petory__store_meta_replace(
	petory *db, const char *key, const char *expected, const char *value)
{
	STORE_CALL(
		db, meta, meta_replace, 2, (db->store, key, expected, value));
}

/* ---- users ---- */

int petory__store_user_insert(petory *db, petory_user *u,
	const char *email_norm, const char *password_hash)
{
	STORE_CALL(db, users, user_insert, 1,
		(db->store, u, email_norm, password_hash));
}

int petory__store_user_get(petory_user **out, petory_user_secret *secret_out,
	petory *db, int64_t id)
{
	STORE_CALL(db, users, user_get, 1, (out, secret_out, db->store, id));
}

int petory__store_user_get_by_email(petory_user **out,
	petory_user_secret *secret_out, petory *db, const char *email_norm)
{
	STORE_CALL(db, users, user_get_by_email, 1,
		(out, secret_out, db->store, email_norm));
}

int petory__store_user_auth_state(
	petory_user_auth_state *out, petory *db, int64_t id)
{
	STORE_CALL(db, users, user_auth_state, 1, (out, db->store, id));
}

int petory__store_user_update_profile(petory *db, int64_t id,
	const petory_user_patch *patch, petory_time_ms now)
{
	STORE_CALL(
		db, users, user_update_profile, 1, (db->store, id, patch, now));
}

int petory__store_user_set_status(petory *db, int64_t id, unsigned from_mask,
	petory_user_status to, int bump_tokens, petory_time_ms now)
{
	STORE_CALL(db, users, user_set_status, 1,
		(db->store, id, from_mask, to, bump_tokens, now));
}

int petory__store_user_set_roles(petory *db, int64_t id, unsigned expected,
	unsigned roles, petory_time_ms now)
{
	STORE_CALL(db, users, user_set_roles, 1,
		(db->store, id, expected, roles, now));
}

int petory__store_user_record_login(
	petory *db, int64_t id, int reactivate, petory_time_ms now)
{
	STORE_CALL(db, users, user_record_login, 1,
		(db->store, id, reactivate, now));
}

int petory__store_user_list(petory_user_page *out, petory *db,
	const char *query, int64_t offset, int64_t limit)
{
	STORE_CALL(db, users, user_list, 1,
		(out, db->store, query, offset, limit));
}

int petory__store_user_count_active_admins(int64_t *count_out, petory *db)
{
	STORE_CALL(
		db, users, user_count_active_admins, 1, (count_out, db->store));
}

int petory__store_oauth_state_put(petory *db, const char *state,
	const char *verifier, petory_time_ms expires_at)
{
	STORE_CALL(db, users, oauth_state_put, 1,
		(db->store, state, verifier, expires_at));
}

int petory__store_oauth_state_take(
	char **verifier_out, petory *db, const char *state, petory_time_ms now)
{
	STORE_CALL(db, users, oauth_state_take, 1,
		(verifier_out, db->store, state, now));
}

int petory__store_oauth_state_put2(petory *db, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now)
{
	STORE_CALL(db, users, oauth_state_put2, 2,
		(db->store, state, verifier, browser_hash, expires_at, now));
}

int petory__store_oauth_state_take2(char **verifier_out, petory *db,
	const char *state, const unsigned char *browser_hash,
	petory_time_ms now)
{
	STORE_CALL(db, users, oauth_state_take2, 2,
		(verifier_out, db->store, state, browser_hash, now));
}

int petory__store_login_code_put(petory *db, const unsigned char *code_hash,
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now)
{
	STORE_CALL(db, users, login_code_put, 2,
		(db->store, code_hash, user_id, expires_at, now));
}

int petory__store_login_code_take(int64_t *user_id_out, petory *db,
	const unsigned char *code_hash, petory_time_ms now)
{
	STORE_CALL(db, users, login_code_take, 2,
		(user_id_out, db->store, code_hash, now));
}

int petory__store_oauth_purge(
	int64_t *removed_out, petory *db, petory_time_ms now)
{
	STORE_CALL(db, users, oauth_purge, 2, (removed_out, db->store, now));
}

int petory__store_user_mark_email_verified(
	int *changed_out, petory *db, int64_t id, petory_time_ms now)
{
	STORE_CALL(db, users, user_mark_email_verified, 3,
		(changed_out, db->store, id, now));
}

int petory__store_user_set_password(petory *db, int64_t id,
	const char *password_hash, int bump_tokens, petory_time_ms now)
{
	STORE_CALL(db, users, user_set_password, 3,
		(db->store, id, password_hash, bump_tokens, now));
}

int petory__store_user_take_over(petory *db, int64_t id, petory_time_ms now)
{
	STORE_CALL(db, users, user_take_over, 3, (db->store, id, now));
}

int petory__store_account_token_put(petory *db,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now)
{
	STORE_CALL(db, users, account_token_put, 3,
		(db->store, purpose, hash, user_id, expires_at, now));
}

int petory__store_account_token_take(int64_t *user_id_out, petory *db,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	petory_time_ms now)
{
	STORE_CALL(db, users, account_token_take, 3,
		(user_id_out, db->store, purpose, hash, now));
}

int petory__store_account_token_drop_user(
	petory *db, int64_t user_id, petory_account_token_purpose purpose)
{
	STORE_CALL(db, users, account_token_drop_user, 3,
		(db->store, user_id, purpose));
}

/* ---- events ---- */

int petory__store_event_insert(petory *db, petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	STORE_CALL(db, events, event_insert, 1,
		(db->store, e, series_start, series_end));
}

int petory__store_event_insert_capped(int *inserted_out, petory *db,
	petory_event *e, petory_time_ms series_start, petory_time_ms series_end,
	int64_t max_events)
{
	STORE_CALL(db, events, event_insert_capped, 2,
		(inserted_out, db->store, e, series_start, series_end,
			max_events));
}

int petory__store_event_update(petory *db, const petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	STORE_CALL(db, events, event_update, 1,
		(db->store, e, series_start, series_end));
}

int petory__store_event_get(
	petory_event **out, petory *db, int64_t user_id, int64_t event_id)
{
	STORE_CALL(
		db, events, event_get, 1, (out, db->store, user_id, event_id));
}

int petory__store_event_delete(petory *db, int64_t user_id, int64_t event_id)
{
	STORE_CALL(db, events, event_delete, 1, (db->store, user_id, event_id));
}

int petory__store_event_list_overlapping(petory_event **out, size_t *count_out,
	petory *db, int64_t user_id, petory_time_ms from, petory_time_ms to)
{
	STORE_CALL(db, events, event_list_overlapping, 1,
		(out, count_out, db->store, user_id, from, to));
}

/* ---- notifications ---- */

int petory__store_notification_insert(petory *db, petory_notification *n)
{
	STORE_CALL(db, notifications, notification_insert, 1, (db->store, n));
}

int petory__store_notification_list(petory_notification_page *out, petory *db,
	int64_t user_id, int unread_only, int64_t offset, int64_t limit)
{
	STORE_CALL(db, notifications, notification_list, 1,
		(out, db->store, user_id, unread_only, offset, limit));
}

int petory__store_notification_mark_read(
	petory *db, int64_t user_id, int64_t id, petory_time_ms now)
{
	STORE_CALL(db, notifications, notification_mark_read, 1,
		(db->store, user_id, id, now));
}

int petory__store_notification_delete(petory *db, int64_t user_id, int64_t id)
{
	STORE_CALL(db, notifications, notification_delete, 1,
		(db->store, user_id, id));
}

int petory__store_notification_fanout(int64_t *inserted_out, petory *db,
	const char *job, const char *day, const char *content, const char *link,
	petory_time_ms now, petory_progress_fn progress, void *progress_payload)
{
	STORE_CALL(db, notifications, notification_fanout, 1,
		(inserted_out, db->store, job, day, content, link, now,
			progress, progress_payload));
}

int petory__store_notification_purge(int64_t *deleted_out, petory *db,
	const char *job, const char *day, petory_time_ms before,
	petory_time_ms now)
{
	STORE_CALL(db, notifications, notification_purge, 1,
		(deleted_out, db->store, job, day, before, now));
}

int petory__store_job_run_get(
	int *done_out, petory *db, const char *job, const char *day)
{
	STORE_CALL(db, notifications, job_run_get, 1,
		(done_out, db->store, job, day));
}

/* ---- daily ---- */

int petory__store_daily_question_load(int64_t *inserted_out, petory *db,
	const petory_daily_question *rows, size_t count, petory_time_ms now)
{
	STORE_CALL(db, daily, daily_question_load, 1,
		(inserted_out, db->store, rows, count, now));
}

int petory__store_daily_question_insert(petory *db, petory_daily_question *q)
{
	STORE_CALL(db, daily, daily_question_insert, 1, (db->store, q));
}

int petory__store_daily_question_get(
	petory_daily_question **out, petory *db, int64_t id)
{
	STORE_CALL(db, daily, daily_question_get, 1, (out, db->store, id));
}

int petory__store_daily_question_by_date(
	petory_daily_question **out, petory *db, const char *date)
{
	STORE_CALL(
		db, daily, daily_question_by_date, 1, (out, db->store, date));
}

int petory__store_daily_question_update(
	petory *db, const petory_daily_question *q, unsigned from_mask)
{
	STORE_CALL(
		db, daily, daily_question_update, 1, (db->store, q, from_mask));
}

int petory__store_daily_question_set_status(petory *db, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	STORE_CALL(db, daily, daily_question_set_status, 1,
		(db->store, id, from_mask, to, now));
}

int petory__store_daily_question_list(petory_daily_question_page *out,
	petory *db, unsigned mask, int by_change, int64_t offset, int64_t limit)
{
	STORE_CALL(db, daily, daily_question_list, 1,
		(out, db->store, mask, by_change, offset, limit));
}

int petory__store_daily_answer_insert(petory *db, petory_daily_answer *a)
{
	STORE_CALL(db, daily, daily_answer_insert, 1, (db->store, a));
}

int petory__store_daily_answer_get(
	petory_daily_answer **out, petory *db, int64_t id)
{
	STORE_CALL(db, daily, daily_answer_get, 1, (out, db->store, id));
}

int petory__store_daily_answer_update(petory *db, int64_t id,
	unsigned from_mask, const char *answer, petory_time_ms now)
{
	STORE_CALL(db, daily, daily_answer_update, 1,
		(db->store, id, from_mask, answer, now));
}

int petory__store_daily_answer_set_status(petory *db, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	STORE_CALL(db, daily, daily_answer_set_status, 1,
		(db->store, id, from_mask, to, now));
}

int petory__store_daily_answer_list(petory_daily_answer_page *out, petory *db,
	int64_t user_id, int64_t question_id, petory_daily_status status,
	int64_t offset, int64_t limit)
{
	STORE_CALL(db, daily, daily_answer_list, 1,
		(out, db->store, user_id, question_id, status, offset, limit));
}

/* ---- notifications ---- */

int petory__store_account_lifecycle(petory_lifecycle_counts *out, petory *db,
	const char *job, const char *day, petory_time_ms now,
	const petory_lifecycle_policy *policy)
{
	STORE_CALL(db, notifications, account_lifecycle, 1,
		(out, db->store, job, day, now, policy));
}

int petory__store_outbox_insert(petory *db, petory_outbox_kind kind,
	const char *payload, petory_time_ms now)
{
	STORE_CALL(db, notifications, outbox_insert, 1,
		(db->store, kind, payload, now));
}

int petory__store_outbox_claim(petory_outbox_item **items_out,
	size_t *count_out, petory *db, unsigned kind_mask, petory_time_ms now,
	petory_time_ms lease_until, size_t limit)
{
	STORE_CALL(db, notifications, outbox_claim, 1,
		(items_out, count_out, db->store, kind_mask, now, lease_until,
			limit));
}

int petory__store_outbox_finish(petory *db, int64_t id, const char *error,
	petory_time_ms next_attempt_at, petory_time_ms now)
{
	STORE_CALL(db, notifications, outbox_finish, 1,
		(db->store, id, error, next_attempt_at, now));
}

int petory__store_outbox_backlog(
	int64_t *pending_out, petory_time_ms *oldest_out, petory *db)
{
	STORE_CALL(db, notifications, outbox_backlog, 2,
		(pending_out, oldest_out, db->store));
}

int petory__store_job_run_last(
	petory_time_ms *finished_out, petory *db, const char *job)
{
	STORE_CALL(db, notifications, job_run_last, 2,
		(finished_out, db->store, job));
}

/* ---- events ---- */

int petory__store_event_list_reminding(petory_event **out, size_t *count_out,
	petory *db, petory_time_ms from, petory_time_ms to)
{
	STORE_CALL(db, events, event_list_reminding, 1,
		(out, count_out, db->store, from, to));
}

int petory__store_event_reminder_record(int *created_out, petory *db,
	int64_t event_id, petory_time_ms occurrence_start,
	petory_notification *n)
{
	STORE_CALL(db, events, event_reminder_record, 1,
		(created_out, db->store, event_id, occurrence_start, n));
}

/* ---- places ---- */

int petory__store_place_insert(petory *db, petory_place *p)
{
	STORE_CALL(db, places, place_insert, 1, (db->store, p));
}

int petory__store_place_get(
	petory_place **out, petory *db, int64_t id, int64_t viewer)
{
	STORE_CALL(db, places, place_get, 1, (out, db->store, id, viewer));
}

int petory__store_place_get_many(petory_place **out, size_t *count_out,
	petory *db, const int64_t *ids, size_t n)
{
	STORE_CALL(db, places, place_get_many, 1,
		(out, count_out, db->store, ids, n));
}

int petory__store_place_update(petory *db, const petory_place *p)
{
	STORE_CALL(db, places, place_update, 1, (db->store, p));
}

int petory__store_place_set_status(int64_t *like_count_out,
	petory_place_type *type_out, petory *db, int64_t id, unsigned from_mask,
	petory_place_status to, int reset_reports, petory_time_ms now)
{
	STORE_CALL(db, places, place_set_status, 1,
		(like_count_out, type_out, db->store, id, from_mask, to,
			reset_reports, now));
}

int petory__store_place_search(petory_place_page *out, petory *db,
	const petory_place_query *q, int type, int64_t offset, int64_t limit)
{
	STORE_CALL(db, places, place_search, 1,
		(out, db->store, q, type, offset, limit));
}

int petory__store_place_like(petory_store_outcome *outcome_out,
	petory_like_result *out, int *changed_out, petory_place_type *type_out,
	petory *db, int64_t user_id, int64_t place_id, petory_like_mode mode,
	petory_time_ms now)
{
	STORE_CALL(db, places, place_like, 1,
		(outcome_out, out, changed_out, type_out, db->store, user_id,
			place_id, mode, now));
}

int petory__store_place_rank_truth(
	petory_rank_entry **out, size_t *count_out, petory *db, int type)
{
	STORE_CALL(db, places, place_rank_truth, 1,
		(out, count_out, db->store, type));
}

/* ---- reviews ---- */

int petory__store_review_insert(
	petory_store_outcome *outcome_out, petory *db, petory_review *r)
{
	STORE_CALL(db, reviews, review_insert, 1, (outcome_out, db->store, r));
}

int petory__store_review_get(petory_review **out, petory *db, int64_t id)
{
	STORE_CALL(db, reviews, review_get, 1, (out, db->store, id));
}

int petory__store_review_update(petory *db, int64_t id, const char *content,
	int rating, petory_time_ms now)
{
	STORE_CALL(db, reviews, review_update, 1,
		(db->store, id, content, rating, now));
}

int petory__store_review_set_deleted(
	petory *db, int64_t id, int deleted, petory_time_ms now)
{
	STORE_CALL(db, reviews, review_set_deleted, 1,
		(db->store, id, deleted, now));
}

int petory__store_review_list(petory_review **out, size_t *count_out,
	petory *db, int64_t place_id, int64_t limit)
{
	STORE_CALL(db, reviews, review_list, 1,
		(out, count_out, db->store, place_id, limit));
}

int petory__store_report_insert(petory_store_outcome *outcome_out, petory *db,
	petory_report *r, int64_t limit, int *deactivated_out,
	petory_place_type *type_out)
{
	STORE_CALL(db, reviews, report_insert, 1,
		(outcome_out, db->store, r, limit, deactivated_out, type_out));
}

int petory__store_report_cancel(petory_report **out, petory *db,
	int64_t place_id, int64_t report_id, int64_t admin_id,
	const char *reason, petory_time_ms now)
{
	STORE_CALL(db, reviews, report_cancel, 1,
		(out, db->store, place_id, report_id, admin_id, reason, now));
}

/* ---- files ---- */

int petory__store_file_insert(
	petory *db, const petory_file_rec *rec, const char *filename)
{
	STORE_CALL(db, files, file_insert, 1, (db->store, rec, filename));
}

int petory__store_file_get(petory_file_rec *out, petory *db, const char *key)
{
	STORE_CALL(db, files, file_get, 1, (out, db->store, key));
}

int petory__store_file_set_state(petory *db, const char *key,
	unsigned from_mask, petory_file_state to, int64_t stored_size,
	petory_time_ms now)
{
	STORE_CALL(db, files, file_set_state, 1,
		(db->store, key, from_mask, to, stored_size, now));
}

int petory__store_file_list_stale(petory_file_key **out, size_t *count_out,
	petory *db, petory_time_ms before, size_t limit)
{
	STORE_CALL(db, files, file_list_stale, 1,
		(out, count_out, db->store, before, limit));
}

int petory__store_file_delete_unattached(petory *db, const char *key)
{
	STORE_CALL(db, files, file_delete_unattached, 1, (db->store, key));
}

/* ---- pets ---- */

int petory__store_pet_insert(petory *db, petory_pet *pet,
	const char *const *keys, size_t count, petory_time_ms now)
{
	STORE_CALL(db, pets, pet_insert, 1, (db->store, pet, keys, count, now));
}

int petory__store_pet_get(petory_pet **out, petory *db, int64_t id)
{
	STORE_CALL(db, pets, pet_get, 1, (out, db->store, id));
}

int petory__store_pet_list(petory_pet_page *out, petory *db, int64_t owner_id,
	int64_t offset, int64_t limit)
{
	STORE_CALL(db, pets, pet_list, 1,
		(out, db->store, owner_id, offset, limit));
}

int petory__store_pet_update(petory *db, int64_t id, int64_t owner_id,
	const petory_pet_patch *patch, const char *const *keys, size_t count,
	petory_time_ms now)
{
	STORE_CALL(db, pets, pet_update, 1,
		(db->store, id, owner_id, patch, keys, count, now));
}

int petory__store_pet_set_deleted(
	petory *db, int64_t id, int deleted, petory_time_ms now)
{
	STORE_CALL(db, pets, pet_set_deleted, 1, (db->store, id, deleted, now));
}

int petory__store_pet_image_pet(
	int64_t *pet_id_out, petory *db, int64_t image_id)
{
	STORE_CALL(
		db, pets, pet_image_pet, 1, (pet_id_out, db->store, image_id));
}

int petory__store_pet_image_delete(
	petory_file_key *key_out, petory *db, int64_t image_id)
{
	STORE_CALL(
		db, pets, pet_image_delete, 1, (key_out, db->store, image_id));
}

/* ---- albums ---- */

int petory__store_album_insert(petory *db, petory_album *album,
	const char *local_date, const char *const *keys, size_t count,
	petory_time_ms now)
{
	STORE_CALL(db, albums, album_insert, 1,
		(db->store, album, local_date, keys, count, now));
}

int petory__store_album_get(petory_album **out, petory *db, int64_t id)
{
	STORE_CALL(db, albums, album_get, 1, (out, db->store, id));
}

int petory__store_album_list(petory_album_page *out, petory *db,
	int64_t owner_id, int include_private, int64_t offset, int64_t limit)
{
	STORE_CALL(db, albums, album_list, 1,
		(out, db->store, owner_id, include_private, offset, limit));
}

int petory__store_album_update(petory *db, int64_t id, const char *content,
	int visibility, petory_time_ms now)
{
	STORE_CALL(db, albums, album_update, 1,
		(db->store, id, content, visibility, now));
}

int petory__store_album_delete(
	petory_file_key **keys_out, size_t *count_out, petory *db, int64_t id)
{
	STORE_CALL(db, albums, album_delete, 1,
		(keys_out, count_out, db->store, id));
}

int petory__store_album_add_images(petory *db, int64_t id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	STORE_CALL(db, albums, album_add_images, 1,
		(db->store, id, owner_id, keys, count, now));
}

int petory__store_album_image_album(
	int64_t *album_id_out, petory *db, int64_t image_id)
{
	STORE_CALL(db, albums, album_image_album, 1,
		(album_id_out, db->store, image_id));
}

int petory__store_album_image_delete(
	petory_file_key *key_out, petory *db, int64_t image_id)
{
	STORE_CALL(db, albums, album_image_delete, 1,
		(key_out, db->store, image_id));
}

/* ---- pets ---- */

int petory__store_pet_birthdays(petory_pet_birthday **out, size_t *count_out,
	petory *db, const char *const *month_days, size_t n)
{
	STORE_CALL(db, pets, pet_birthdays, 1,
		(out, count_out, db->store, month_days, n));
}

int petory__store_pet_dday_record(int *created_out, petory *db, int64_t pet_id,
	const char *local_date, petory_notification *n)
{
	STORE_CALL(db, pets, pet_dday_record, 1,
		(created_out, db->store, pet_id, local_date, n));
}

/* ---- the growth diary ---- */

int petory__store_growth_insert(
	petory *db, petory_growth_record *rec, petory_time_ms now)
{
	STORE_CALL(db, pets, growth_insert, 2, (db->store, rec, now));
}

int petory__store_growth_get(petory_growth_record **out, petory *db, int64_t id)
{
	STORE_CALL(db, pets, growth_get, 2, (out, db->store, id));
}

int petory__store_growth_list(petory_growth_record **out, size_t *count_out,
	petory *db, int64_t pet_id, const char *from, const char *to)
{
	STORE_CALL(db, pets, growth_list, 2,
		(out, count_out, db->store, pet_id, from, to));
}

int petory__store_growth_update(
	petory *db, petory_growth_record *rec, petory_time_ms now)
{
	STORE_CALL(db, pets, growth_update, 2, (db->store, rec, now));
}

int petory__store_growth_delete(petory *db, int64_t id)
{
	STORE_CALL(db, pets, growth_delete, 2, (db->store, id));
}

/* ---- places ---- */

int petory__store_place_add_images(petory_store_outcome *outcome_out,
	petory *db, int64_t place_id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now)
{
	STORE_CALL(db, places, place_add_images, 1,
		(outcome_out, db->store, place_id, owner_id, keys, count, now));
}

int petory__store_place_image_delete(petory_file_key *key_out, petory *db,
	int64_t place_id, int64_t image_id)
{
	STORE_CALL(db, places, place_image_delete, 1,
		(key_out, db->store, place_id, image_id));
}

/* ---- boards ---- */

int petory__store_board_insert(petory *db, petory_board_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	STORE_CALL(db, boards, board_insert, 1,
		(db->store, post, keys, count, now));
}

int petory__store_board_get(
	petory_board_post **out, petory *db, int64_t id, int64_t comment_limit)
{
	STORE_CALL(
		db, boards, board_get, 1, (out, db->store, id, comment_limit));
}

int petory__store_board_list(petory_board_page *out, petory *db,
	const char *title, const char *match, const char *scan, int64_t offset,
	int64_t limit)
{
	STORE_CALL(db, boards, board_list, 1,
		(out, db->store, title, match, scan, offset, limit));
}

int petory__store_board_update(petory *db, int64_t id, const char *title,
	const char *content, petory_time_ms now)
{
	STORE_CALL(db, boards, board_update, 1,
		(db->store, id, title, content, now));
}

int petory__store_board_set_deleted(petory_store_outcome *outcome_out,
	petory *db, int64_t id, int deleted, petory_time_ms now)
{
	STORE_CALL(db, boards, board_set_deleted, 1,
		(outcome_out, db->store, id, deleted, now));
}

int petory__store_board_add_images(petory_store_outcome *outcome_out,
	petory *db, int64_t id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now)
{
	STORE_CALL(db, boards, board_add_images, 1,
		(outcome_out, db->store, id, owner_id, keys, count, now));
}

int petory__store_board_image_delete(
	petory_file_key *key_out, petory *db, int64_t post_id, int64_t image_id)
{
	STORE_CALL(db, boards, board_image_delete, 1,
		(key_out, db->store, post_id, image_id));
}

int petory__store_board_comment_insert(petory *db,
	petory_board_comment *comment, petory_notification *n,
	petory_time_ms now)
{
	STORE_CALL(db, boards, board_comment_insert, 1,
		(db->store, comment, n, now));
}

int petory__store_board_comment_get(
	petory_board_comment **out, petory *db, int64_t id)
{
	STORE_CALL(db, boards, board_comment_get, 1, (out, db->store, id));
}

int petory__store_board_comment_list(petory_board_comment_page *out, petory *db,
	int64_t post_id, int64_t offset, int64_t limit)
{
	STORE_CALL(db, boards, board_comment_list, 1,
		(out, db->store, post_id, offset, limit));
}

int petory__store_board_comment_update(
	petory *db, int64_t id, const char *content, petory_time_ms now)
{
	STORE_CALL(db, boards, board_comment_update, 1,
		(db->store, id, content, now));
}

int petory__store_board_comment_delete(petory *db, int64_t id)
{
	STORE_CALL(db, boards, board_comment_delete, 1, (db->store, id));
}

/* ---- trades ---- */

int petory__store_trade_insert(petory *db, petory_trade_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	STORE_CALL(db, trades, trade_insert, 1,
		(db->store, post, keys, count, now));
}

int petory__store_trade_get(petory_trade_post **out, petory *db, int64_t id)
{
	STORE_CALL(db, trades, trade_get, 1, (out, db->store, id));
}

int petory__store_trade_list(petory_trade_page *out, petory *db,
	int64_t seller_id, int category, const char *scan, int64_t offset,
	int64_t limit)
{
	STORE_CALL(db, trades, trade_list, 1,
		(out, db->store, seller_id, category, scan, offset, limit));
}

int petory__store_trade_update(petory_store_outcome *outcome_out, petory *db,
	int64_t id, int category, const char *title, const char *content,
	int64_t price, int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	STORE_CALL(db, trades, trade_update, 1,
		(outcome_out, db->store, id, category, title, content, price,
			owner_id, keys, count, now));
}

int petory__store_trade_set_status(petory_store_outcome *outcome_out,
	int *status_out, petory *db, int64_t id, int from, int to,
	petory_time_ms now)
{
	STORE_CALL(db, trades, trade_set_status, 1,
		(outcome_out, status_out, db->store, id, from, to, now));
}

int petory__store_trade_image_delete(
	petory_file_key *key_out, petory *db, int64_t post_id, int64_t image_id)
{
	STORE_CALL(db, trades, trade_image_delete, 1,
		(key_out, db->store, post_id, image_id));
}

/* ---- chat ---- */

int petory__store_chat_room_open(int64_t *room_id_out, int *created_out,
	petory *db, int64_t trade_board_id, int64_t seller_id,
	int64_t customer_id, int may_create, petory_time_ms now)
{
	STORE_CALL(db, chat, chat_room_open, 1,
		(room_id_out, created_out, db->store, trade_board_id, seller_id,
			customer_id, may_create, now));
}

int petory__store_chat_room_get(petory_chat_room *out, int *member_out,
	petory *db, int64_t room_id, int64_t viewer_id)
{
	STORE_CALL(db, chat, chat_room_get, 1,
		(out, member_out, db->store, room_id, viewer_id));
}

int petory__store_chat_room_list(petory_chat_room_page *out, petory *db,
	int64_t user_id, int64_t offset, int64_t limit)
{
	STORE_CALL(db, chat, chat_room_list, 1,
		(out, db->store, user_id, offset, limit));
}

int petory__store_chat_messages(petory_chat_message **out, size_t *count_out,
	int *has_more_out, petory *db, int64_t room_id, int64_t before,
	int64_t limit)
{
	STORE_CALL(db, chat, chat_messages, 1,
		(out, count_out, has_more_out, db->store, room_id, before,
			limit));
}

int petory__store_chat_message_get(
	petory_chat_message **out, petory *db, int64_t id)
{
	STORE_CALL(db, chat, chat_message_get, 1, (out, db->store, id));
}

int petory__store_chat_message_insert(int64_t *id_out, int *duplicate_out,
	petory *db, const petory_chat_message *m, petory_notification *notes,
	size_t note_count, petory_time_ms now)
{
	STORE_CALL(db, chat, chat_message_insert, 1,
		(id_out, duplicate_out, db->store, m, notes, note_count, now));
}

int petory__store_chat_mark_read(petory *db, int64_t room_id, int64_t user_id)
{
	STORE_CALL(db, chat, chat_mark_read, 1, (db->store, room_id, user_id));
}

int petory__store_chat_set_hidden(
	petory *db, int64_t room_id, int64_t user_id, int hidden)
{
	STORE_CALL(db, chat, chat_set_hidden, 1,
		(db->store, room_id, user_id, hidden));
}

/* ---- reviews ---- */

int petory__store_review_feed(petory_review **out, size_t *count_out,
	int *has_more_out, petory *db, int64_t place_id, int64_t before,
	int64_t offset, int64_t limit)
{
	STORE_CALL(db, reviews, review_feed, 1,
		(out, count_out, has_more_out, db->store, place_id, before,
			offset, limit));
}

int petory__store_review_count(int64_t *count_out, petory *db, int64_t place_id)
{
	STORE_CALL(
		db, reviews, review_count, 1, (count_out, db->store, place_id));
}

/* ---- the rank store ---- */

unsigned petory__rank_store_flags(const petory_rank_store *rs)
{
	return rs->version >= 2 ? rs->flags : 0;
}

int petory__rank_store_incr_many(petory_rank_store *rs,
	const char *const *boards, size_t count, int64_t member, double delta)
{
	size_t i;
	int error = petory__fault_point("rank.incr_many");
	if (error < 0)
		return error;
	if (rs->version >= 2)
		return rs->incr_many(rs, boards, count, member, delta);
	for (i = 0; i < count && !error; i++)
		error = rs->incr(NULL, rs, boards[i], member, delta);
	return error;
}

/* ---- lost pets (root version 6) ---- */

#define LOST_PETS_CALL(db, method, args)                                 \
	do {                                                             \
		if ((db)->store->version < 6 || !(db)->store->lost_pets) \
			return petory__store_missing(                    \
				(db), "lost_pets", #method);             \
		STORE_CALL(db, lost_pets, method, 1, args);              \
	} while (0)

int petory__store_alert_area_put(petory *db, const petory_alert_area *a)
{
	LOST_PETS_CALL(db, alert_area_put, (db->store, a));
}

int petory__store_alert_area_get(
	petory_alert_area *out, petory *db, int64_t user_id)
{
	LOST_PETS_CALL(db, alert_area_get, (out, db->store, user_id));
}

int petory__store_alert_area_delete(petory *db, int64_t user_id)
{
	LOST_PETS_CALL(db, alert_area_delete, (db->store, user_id));
}

int petory__store_lost_pet_match(int64_t **users_out, size_t *count_out,
	petory *db, int64_t owner_id, double latitude, double longitude)
{
	LOST_PETS_CALL(db, lost_pet_match,
		(users_out, count_out, db->store, owner_id, latitude,
			longitude));
}

int petory__store_lost_pet_insert(petory_lost_pet_alerted **out,
	size_t *count_out, petory *db, petory_lost_pet *a,
	const petory_notification *note)
{
	LOST_PETS_CALL(
		db, lost_pet_insert, (out, count_out, db->store, a, note));
}

int petory__store_lost_pet_get(petory_lost_pet **out, petory *db, int64_t id)
{
	LOST_PETS_CALL(db, lost_pet_get, (out, db->store, id));
}

int petory__store_lost_pet_near(petory_lost_pet_page *out, petory *db,
	double latitude, double longitude, double radius_m, int64_t offset,
	int64_t limit)
{
	LOST_PETS_CALL(db, lost_pet_near,
		(out, db->store, latitude, longitude, radius_m, offset, limit));
}

int petory__store_lost_pet_close(petory_lost_pet_alerted **out,
	size_t *count_out, petory *db, int64_t id, petory_lost_pet_status to,
	const petory_notification *note, petory_time_ms now)
{
	LOST_PETS_CALL(db, lost_pet_close,
		(out, count_out, db->store, id, to, note, now));
}

int petory__store_lost_pet_cancel_for_pet(
	int *closed_out, petory *db, int64_t pet_id, petory_time_ms now)
{
	LOST_PETS_CALL(db, lost_pet_cancel_for_pet,
		(closed_out, db->store, pet_id, now));
}

int petory__store_sighting_insert(
	petory *db, petory_lost_pet_sighting *s, petory_notification *note)
{
	LOST_PETS_CALL(db, sighting_insert, (db->store, s, note));
}

int petory__store_lost_pet_file_public(
	int *public_out, petory *db, const char *key)
{
	LOST_PETS_CALL(db, lost_pet_file_public, (public_out, db->store, key));
}
