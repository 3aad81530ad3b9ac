/* calls.h -- the domain's calls into the relational store.
 *
 * Domain code never calls a backend's table directly: each method has a
 * wrapper petory__store_<method> taking the handle where the method takes
 * the store.  A wrapper passes one fault point ("store.<method>", see
 * core/fault.c) so that tests can fail any call, and refuses a method
 * that the backend's table is too old to have (ENOTSUPPORTED).
 */
#ifndef PETORY_STORE_CALLS_H
#define PETORY_STORE_CALLS_H

#include "core/internal.h"

/* meta (sys/store_meta.h) */
int petory__store_meta_get(char **value_out, petory *db, const char *key);
int petory__store_meta_put_if_absent(
	char **value_out, petory *db, const char *key, const char *value);
int petory__store_meta_replace(
	petory *db, const char *key, const char *expected, const char *value);
/* users (sys/store_users.h) */
int petory__store_user_insert(petory *db, petory_user *u,
	const char *email_norm, const char *password_hash);
int petory__store_user_get(petory_user **out, petory_user_secret *secret_out,
	petory *db, int64_t id);
int petory__store_user_get_by_email(petory_user **out,
	petory_user_secret *secret_out, petory *db, const char *email_norm);
int petory__store_user_auth_state(
	petory_user_auth_state *out, petory *db, int64_t id);
int petory__store_user_update_profile(petory *db, int64_t id,
	const petory_user_patch *patch, petory_time_ms now);
int petory__store_user_set_status(petory *db, int64_t id, unsigned from_mask,
	petory_user_status to, int bump_tokens, petory_time_ms now);
int petory__store_user_set_roles(petory *db, int64_t id, unsigned expected,
	unsigned roles, petory_time_ms now);
int petory__store_user_record_login(
	petory *db, int64_t id, int reactivate, petory_time_ms now);
int petory__store_user_list(petory_user_page *out, petory *db,
	const char *query, int64_t offset, int64_t limit);
int petory__store_user_count_active_admins(int64_t *count_out, petory *db);
int petory__store_oauth_state_put(petory *db, const char *state,
	const char *verifier, petory_time_ms expires_at);
int petory__store_oauth_state_take(
	char **verifier_out, petory *db, const char *state, petory_time_ms now);
int petory__store_oauth_state_put2(petory *db, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now);
int petory__store_oauth_state_take2(char **verifier_out, petory *db,
	const char *state, const unsigned char *browser_hash,
	petory_time_ms now);
int petory__store_login_code_put(petory *db, const unsigned char *code_hash,
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now);
int petory__store_login_code_take(int64_t *user_id_out, petory *db,
	const unsigned char *code_hash, petory_time_ms now);
int petory__store_oauth_purge(
	int64_t *removed_out, petory *db, petory_time_ms now);
int petory__store_user_mark_email_verified(
	int *changed_out, petory *db, int64_t id, petory_time_ms now);
int petory__store_user_set_password(petory *db, int64_t id,
	const char *password_hash, int bump_tokens, petory_time_ms now);
int petory__store_user_take_over(petory *db, int64_t id, petory_time_ms now);
int petory__store_account_token_put(petory *db,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now);
int petory__store_account_token_take(int64_t *user_id_out, petory *db,
	petory_account_token_purpose purpose, const unsigned char hash[32],
	petory_time_ms now);
int petory__store_account_token_drop_user(
	petory *db, int64_t user_id, petory_account_token_purpose purpose);
/* events (sys/store_events.h) */
int petory__store_event_insert(petory *db, petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end);
int petory__store_event_insert_capped(int *inserted_out, petory *db,
	petory_event *e, petory_time_ms series_start, petory_time_ms series_end,
	int64_t max_events);
int petory__store_event_update(petory *db, const petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end);
int petory__store_event_get(
	petory_event **out, petory *db, int64_t user_id, int64_t event_id);
int petory__store_event_delete(petory *db, int64_t user_id, int64_t event_id);
int petory__store_event_list_overlapping(petory_event **out, size_t *count_out,
	petory *db, int64_t user_id, petory_time_ms from, petory_time_ms to);
/* notifications (sys/store_notifications.h) */
int petory__store_notification_insert(petory *db, petory_notification *n);
int petory__store_notification_list(petory_notification_page *out, petory *db,
	int64_t user_id, int unread_only, int64_t offset, int64_t limit);
int petory__store_notification_mark_read(
	petory *db, int64_t user_id, int64_t id, petory_time_ms now);
int petory__store_notification_delete(petory *db, int64_t user_id, int64_t id);
int petory__store_notification_fanout(int64_t *inserted_out, petory *db,
	const char *job, const char *day, const char *content, const char *link,
	petory_time_ms now, petory_progress_fn progress,
	void *progress_payload);
int petory__store_notification_purge(int64_t *deleted_out, petory *db,
	const char *job, const char *day, petory_time_ms before,
	petory_time_ms now);
int petory__store_job_run_get(
	int *done_out, petory *db, const char *job, const char *day);
/* daily (sys/store_daily.h) */
int petory__store_daily_question_load(int64_t *inserted_out, petory *db,
	const petory_daily_question *rows, size_t count, petory_time_ms now);
int petory__store_daily_question_insert(petory *db, petory_daily_question *q);
int petory__store_daily_question_get(
	petory_daily_question **out, petory *db, int64_t id);
int petory__store_daily_question_by_date(
	petory_daily_question **out, petory *db, const char *date);
int petory__store_daily_question_update(
	petory *db, const petory_daily_question *q, unsigned from_mask);
int petory__store_daily_question_set_status(petory *db, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now);
int petory__store_daily_question_list(petory_daily_question_page *out,
	petory *db, unsigned mask, int by_change, int64_t offset,
	int64_t limit);
int petory__store_daily_answer_insert(petory *db, petory_daily_answer *a);
int petory__store_daily_answer_get(
	petory_daily_answer **out, petory *db, int64_t id);
int petory__store_daily_answer_update(petory *db, int64_t id,
	unsigned from_mask, const char *answer, petory_time_ms now);
int petory__store_daily_answer_set_status(petory *db, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now);
int petory__store_daily_answer_list(petory_daily_answer_page *out, petory *db,
	int64_t user_id, int64_t question_id, petory_daily_status status,
	int64_t offset, int64_t limit);
/* notifications (sys/store_notifications.h) */
int petory__store_account_lifecycle(petory_lifecycle_counts *out, petory *db,
	const char *job, const char *day, petory_time_ms now,
	const petory_lifecycle_policy *policy);
int petory__store_outbox_insert(petory *db, petory_outbox_kind kind,
	const char *payload, petory_time_ms now);
int petory__store_outbox_claim(petory_outbox_item **items_out,
	size_t *count_out, petory *db, unsigned kind_mask, petory_time_ms now,
	petory_time_ms lease_until, size_t limit);
int petory__store_outbox_finish(petory *db, int64_t id, const char *error,
	petory_time_ms next_attempt_at, petory_time_ms now);
int petory__store_outbox_backlog(
	int64_t *pending_out, petory_time_ms *oldest_out, petory *db);
int petory__store_job_run_last(
	petory_time_ms *finished_out, petory *db, const char *job);
/* events (sys/store_events.h) */
int petory__store_event_list_reminding(petory_event **out, size_t *count_out,
	petory *db, petory_time_ms from, petory_time_ms to);
int petory__store_event_reminder_record(int *created_out, petory *db,
	int64_t event_id, petory_time_ms occurrence_start,
	petory_notification *n);
/* places (sys/store_places.h) */
int petory__store_place_insert(petory *db, petory_place *p);
int petory__store_place_get(
	petory_place **out, petory *db, int64_t id, int64_t viewer);
int petory__store_place_get_many(petory_place **out, size_t *count_out,
	petory *db, const int64_t *ids, size_t n);
int petory__store_place_update(petory *db, const petory_place *p);
int petory__store_place_set_status(int64_t *like_count_out,
	petory_place_type *type_out, petory *db, int64_t id, unsigned from_mask,
	petory_place_status to, int reset_reports, petory_time_ms now);
int petory__store_place_search(petory_place_page *out, petory *db,
	const petory_place_query *q, int type, int64_t offset, int64_t limit);
int petory__store_place_like(petory_store_outcome *outcome_out,
	petory_like_result *out, int *changed_out, petory_place_type *type_out,
	petory *db, int64_t user_id, int64_t place_id, petory_like_mode mode,
	petory_time_ms now);
int petory__store_place_rank_truth(
	petory_rank_entry **out, size_t *count_out, petory *db, int type);
/* reviews (sys/store_reviews.h) */
int petory__store_review_insert(
	petory_store_outcome *outcome_out, petory *db, petory_review *r);
int petory__store_review_get(petory_review **out, petory *db, int64_t id);
int petory__store_review_update(petory *db, int64_t id, const char *content,
	int rating, petory_time_ms now);
int petory__store_review_set_deleted(
	petory *db, int64_t id, int deleted, petory_time_ms now);
int petory__store_review_list(petory_review **out, size_t *count_out,
	petory *db, int64_t place_id, int64_t limit);
int petory__store_report_insert(petory_store_outcome *outcome_out, petory *db,
	petory_report *r, int64_t limit, int *deactivated_out,
	petory_place_type *type_out);
int petory__store_report_cancel(petory_report **out, petory *db,
	int64_t place_id, int64_t report_id, int64_t admin_id,
	const char *reason, petory_time_ms now);
/* files (sys/store_files.h) */
int petory__store_file_insert(
	petory *db, const petory_file_rec *rec, const char *filename);
int petory__store_file_get(petory_file_rec *out, petory *db, const char *key);
int petory__store_file_set_state(petory *db, const char *key,
	unsigned from_mask, petory_file_state to, int64_t stored_size,
	petory_time_ms now);
int petory__store_file_list_stale(petory_file_key **out, size_t *count_out,
	petory *db, petory_time_ms before, size_t limit);
int petory__store_file_delete_unattached(petory *db, const char *key);
/* pets (sys/store_pets.h) */
int petory__store_pet_insert(petory *db, petory_pet *pet,
	const char *const *keys, size_t count, petory_time_ms now);
int petory__store_pet_get(petory_pet **out, petory *db, int64_t id);
int petory__store_pet_list(petory_pet_page *out, petory *db, int64_t owner_id,
	int64_t offset, int64_t limit);
int petory__store_pet_update(petory *db, int64_t id, int64_t owner_id,
	const petory_pet_patch *patch, const char *const *keys, size_t count,
	petory_time_ms now);
int petory__store_pet_set_deleted(
	petory *db, int64_t id, int deleted, petory_time_ms now);
int petory__store_pet_image_pet(
	int64_t *pet_id_out, petory *db, int64_t image_id);
int petory__store_pet_image_delete(
	petory_file_key *key_out, petory *db, int64_t image_id);
/* albums (sys/store_albums.h) */
int petory__store_album_insert(petory *db, petory_album *album,
	const char *local_date, const char *const *keys, size_t count,
	petory_time_ms now);
int petory__store_album_get(petory_album **out, petory *db, int64_t id);
int petory__store_album_list(petory_album_page *out, petory *db,
	int64_t owner_id, int include_private, int64_t offset, int64_t limit);
int petory__store_album_update(petory *db, int64_t id, const char *content,
	int visibility, petory_time_ms now);
int petory__store_album_delete(
	petory_file_key **keys_out, size_t *count_out, petory *db, int64_t id);
int petory__store_album_add_images(petory *db, int64_t id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now);
int petory__store_album_image_album(
	int64_t *album_id_out, petory *db, int64_t image_id);
int petory__store_album_image_delete(
	petory_file_key *key_out, petory *db, int64_t image_id);
/* pets (sys/store_pets.h) */
int petory__store_pet_birthdays(petory_pet_birthday **out, size_t *count_out,
	petory *db, const char *const *month_days, size_t n);
int petory__store_pet_dday_record(int *created_out, petory *db, int64_t pet_id,
	const char *local_date, petory_notification *n);
/* the growth diary (sys/store_pets.h, version 2) */
int petory__store_growth_insert(
	petory *db, petory_growth_record *rec, petory_time_ms now);
int petory__store_growth_get(
	petory_growth_record **out, petory *db, int64_t id);
int petory__store_growth_list(petory_growth_record **out, size_t *count_out,
	petory *db, int64_t pet_id, const char *from, const char *to);
int petory__store_growth_update(
	petory *db, petory_growth_record *rec, petory_time_ms now);
int petory__store_growth_delete(petory *db, int64_t id);
/* places (sys/store_places.h) */
int petory__store_place_add_images(petory_store_outcome *outcome_out,
	petory *db, int64_t place_id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now);
int petory__store_place_image_delete(petory_file_key *key_out, petory *db,
	int64_t place_id, int64_t image_id);
/* boards (sys/store_boards.h) */
int petory__store_board_insert(petory *db, petory_board_post *post,
	const char *const *keys, size_t count, petory_time_ms now);
int petory__store_board_get(
	petory_board_post **out, petory *db, int64_t id, int64_t comment_limit);
int petory__store_board_list(petory_board_page *out, petory *db,
	const char *title, const char *match, const char *scan, int64_t offset,
	int64_t limit);
int petory__store_board_update(petory *db, int64_t id, const char *title,
	const char *content, petory_time_ms now);
int petory__store_board_set_deleted(petory_store_outcome *outcome_out,
	petory *db, int64_t id, int deleted, petory_time_ms now);
int petory__store_board_add_images(petory_store_outcome *outcome_out,
	petory *db, int64_t id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now);
int petory__store_board_image_delete(petory_file_key *key_out, petory *db,
	int64_t post_id, int64_t image_id);
int petory__store_board_comment_insert(petory *db,
	petory_board_comment *comment, petory_notification *n,
	petory_time_ms now);
int petory__store_board_comment_get(
	petory_board_comment **out, petory *db, int64_t id);
int petory__store_board_comment_list(petory_board_comment_page *out, petory *db,
	int64_t post_id, int64_t offset, int64_t limit);
int petory__store_board_comment_update(
	petory *db, int64_t id, const char *content, petory_time_ms now);
int petory__store_board_comment_delete(petory *db, int64_t id);
/* trades (sys/store_trades.h) */
int petory__store_trade_insert(petory *db, petory_trade_post *post,
	const char *const *keys, size_t count, petory_time_ms now);
int petory__store_trade_get(petory_trade_post **out, petory *db, int64_t id);
int petory__store_trade_list(petory_trade_page *out, petory *db,
	int64_t seller_id, int category, const char *scan, int64_t offset,
	int64_t limit);
int petory__store_trade_update(petory_store_outcome *outcome_out, petory *db,
	int64_t id, int category, const char *title, const char *content,
	int64_t price, int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now);
int petory__store_trade_set_status(petory_store_outcome *outcome_out,
	int *status_out, petory *db, int64_t id, int from, int to,
	petory_time_ms now);
int petory__store_trade_image_delete(petory_file_key *key_out, petory *db,
	int64_t post_id, int64_t image_id);
/* chat (sys/store_chat.h) */
int petory__store_chat_room_open(int64_t *room_id_out, int *created_out,
	petory *db, int64_t trade_board_id, int64_t seller_id,
	int64_t customer_id, int may_create, petory_time_ms now);
int petory__store_chat_room_get(petory_chat_room *out, int *member_out,
	petory *db, int64_t room_id, int64_t viewer_id);
int petory__store_chat_room_list(petory_chat_room_page *out, petory *db,
	int64_t user_id, int64_t offset, int64_t limit);
int petory__store_chat_messages(petory_chat_message **out, size_t *count_out,
	int *has_more_out, petory *db, int64_t room_id, int64_t before,
	int64_t limit);
int petory__store_chat_message_get(
	petory_chat_message **out, petory *db, int64_t id);
int petory__store_chat_message_insert(int64_t *id_out, int *duplicate_out,
	petory *db, const petory_chat_message *m, petory_notification *notes,
	size_t note_count, petory_time_ms now);
int petory__store_chat_mark_read(petory *db, int64_t room_id, int64_t user_id);
int petory__store_chat_set_hidden(
	petory *db, int64_t room_id, int64_t user_id, int hidden);
/* reviews (sys/store_reviews.h) */
int petory__store_review_feed(petory_review **out, size_t *count_out,
	int *has_more_out, petory *db, int64_t place_id, int64_t before,
	int64_t offset, int64_t limit);
int petory__store_review_count(
	int64_t *count_out, petory *db, int64_t place_id);
/* The rank store (sys/store.h), called on the store given: the members a
 * table older than version 2 lacks read as no flags, and as one incr per
 * board (not atomic). */
unsigned petory__rank_store_flags(const petory_rank_store *rs);
int petory__rank_store_incr_many(petory_rank_store *rs,
	const char *const *boards, size_t count, int64_t member, double delta);

/* ENOTSUPPORTED naming table.method (for the wrappers). */
int petory__store_missing(petory *db, const char *table, const char *method);

/* lost pets (sys/store_lost_pets.h; a root older than 6 has none:
 * ENOTSUPPORTED) */
int petory__store_alert_area_put(petory *db, const petory_alert_area *a);
int petory__store_alert_area_get(
	petory_alert_area *out, petory *db, int64_t user_id);
int petory__store_alert_area_delete(petory *db, int64_t user_id);
int petory__store_lost_pet_match(int64_t **users_out, size_t *count_out,
	petory *db, int64_t owner_id, double latitude, double longitude);
int petory__store_lost_pet_insert(petory_lost_pet_alerted **out,
	size_t *count_out, petory *db, petory_lost_pet *a,
	const petory_notification *note);
int petory__store_lost_pet_get(petory_lost_pet **out, petory *db, int64_t id);
int petory__store_lost_pet_near(petory_lost_pet_page *out, petory *db,
	double latitude, double longitude, double radius_m, int64_t offset,
	int64_t limit);
int petory__store_lost_pet_close(petory_lost_pet_alerted **out,
	size_t *count_out, petory *db, int64_t id, petory_lost_pet_status to,
	const petory_notification *note, petory_time_ms now);
int petory__store_lost_pet_cancel_for_pet(
	int *closed_out, petory *db, int64_t pet_id, petory_time_ms now);
int petory__store_sighting_insert(
	petory *db, petory_lost_pet_sighting *s, petory_notification *note);
int petory__store_lost_pet_file_public(
	int *public_out, petory *db, const char *key);

#endif
