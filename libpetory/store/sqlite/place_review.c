/* place_review.c -- the reviews table of the SQLite petory_store:
 * reviews and reports of places (the domain file it serves:
 * domain/place_review.c).
 *
 * Invariants kept here: places.review_count and places.rating_sum are the
 * count and the rating sum of the place's live reviews, changed in the
 * transaction that changes a review; places.report_count_since_restore is
 * the number of its valid reports with counted = 1 (a restore uncounts
 * them all), and the report that reaches the limit deactivates the place
 * and queues the admin alert in the outbox, in its own transaction.
 * Methods report facts (ENOTFOUND, EEXISTS, ECONFLICT without a reason,
 * or an outcome); the domain names them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/sqlite/sqlite_internal.h"

#define DB_OF(st) petory__sqlite_store_db(st)
#define WITH_CONN(st, conn, body) PETORY__WITH_CONN(DB_OF(st), conn, body)

static int review_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such review");
}

/* *outcome: whether place_id may take a review or a report (APPLIED) or
 * not (ABSENT, INACTIVE); *type gets its type. */
static int place_open(petory__conn *conn, petory_store_outcome *outcome,
	int64_t place_id, int *type)
{
	int status, error;
	int64_t likes;
	if ((error = petory__place_state_locked(
		     conn, place_id, &status, type, &likes)) < 0)
		return error;
	*outcome = petory__place_open_outcome(status);
	return 0;
}

static int rating_add(
	petory__conn *conn, int64_t place_id, int count, int64_t sum)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_REVIEW_ADD);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, place_id);
	sqlite3_bind_int(s, 2, count);
	sqlite3_bind_int64(s, 3, sum);
	return petory__step_done(conn, s, 0);
}

static int insert_locked(
	petory__conn *conn, petory_store_outcome *outcome, petory_review *r)
{
	sqlite3_stmt *s;
	int type, error;
	if ((error = place_open(conn, outcome, r->place_id, &type)) < 0 ||
		*outcome != PETORY_STORE_APPLIED)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_REVIEW_INSERT)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, r->place_id);
	sqlite3_bind_int64(s, 2, r->user_id);
	sqlite3_bind_text(s, 3, r->content, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, r->rating);
	sqlite3_bind_int64(s, 5, r->created_at);
	error = petory__step_done(conn, s, 0);
	if (error == PETORY_EEXISTS) {
		*outcome = PETORY_STORE_DUPLICATE;
		return 0;
	}
	if (error)
		return error;
	r->id = sqlite3_last_insert_rowid(conn->db);
	return rating_add(conn, r->place_id, 1, r->rating);
}

static int review_insert(
	petory_store_outcome *outcome_out, petory_store *st, petory_review *r)
{
	petory_store_outcome outcome = PETORY_STORE_ABSENT;
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn, insert_locked(conn, &outcome, r));
	});
	*outcome_out = outcome;
	return error;
}

static int read_review(petory_review **out, sqlite3_stmt *s)
{
	petory_review *r = calloc(1, sizeof(*r));
	if (!r)
		return petory__error_oom();
	r->id = sqlite3_column_int64(s, 0);
	r->place_id = sqlite3_column_int64(s, 1);
	r->user_id = sqlite3_column_int64(s, 2);
	r->nickname = petory__column_strdup(s, 3);
	r->content = petory__column_strdup(s, 4);
	r->rating = sqlite3_column_int(s, 5);
	r->created_at = sqlite3_column_int64(s, 6);
	r->updated_at = sqlite3_column_int64(s, 7);
	r->deleted_at = sqlite3_column_int64(s, 8);
	if (!r->content ||
		(sqlite3_column_type(s, 3) != SQLITE_NULL && !r->nickname)) {
		petory_review_free(r);
		return petory__error_oom();
	}
	*out = r;
	return 0;
}

static int get_locked(petory__conn *conn, petory_review **out, int64_t id)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REVIEW_BY_ID);
	int rc, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = read_review(out, s);
	else if (rc == SQLITE_DONE)
		error = review_not_found();
	else
		error = petory__sqlite_error(conn, rc, "review_get");
	petory__stmt_done(s);
	return error;
}

static int review_get(petory_review **out, petory_store *st, int64_t id)
{
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, error = get_locked(conn, out, id));
	return error;
}

static int update_locked(petory__conn *conn, int64_t id, const char *content,
	int rating, petory_time_ms now)
{
	petory_review *old = NULL;
	sqlite3_stmt *s;
	int error;
	if ((error = get_locked(conn, &old, id)) < 0)
		return error;
	if (old->deleted_at) {
		petory_review_free(old);
		return review_not_found();
	}
	if (!(s = petory__stmt(conn, PETORY__STMT_REVIEW_UPDATE))) {
		petory_review_free(old);
		return petory_error_last()->code;
	}
	sqlite3_bind_int64(s, 1, id);
	petory__bind_text_or_null(s, 2, content);
	if (rating)
		sqlite3_bind_int(s, 3, rating);
	sqlite3_bind_int64(s, 4, now);
	error = petory__step_done(conn, s, 1);
	if (!error && rating && rating != old->rating)
		error = rating_add(
			conn, old->place_id, 0, rating - old->rating);
	petory_review_free(old);
	return error == PETORY_ENOTFOUND ? review_not_found() : error;
}

static int review_update(petory_store *st, int64_t id, const char *content,
	int rating, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, update_locked(conn, id, content, rating, now));
	});
	return error;
}

static int set_deleted_locked(
	petory__conn *conn, int64_t id, int deleted, petory_time_ms now)
{
	petory_review *r = NULL;
	sqlite3_stmt *s;
	int error;
	if ((error = get_locked(conn, &r, id)) < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_REVIEW_SET_DELETED))) {
		petory_review_free(r);
		return petory_error_last()->code;
	}
	sqlite3_bind_int64(s, 1, id);
	if (deleted)
		sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, now);
	error = petory__step_done(conn, s, 1);
	if (error == PETORY_ENOTFOUND)
		error = petory_error_set(PETORY_ECONFLICT, NULL,
			"the review is already %s",
			deleted ? "deleted" : "live");
	else if (error == PETORY_EEXISTS)
		error = petory_error_set(PETORY_EEXISTS, NULL,
			"the author has a newer review of this place");
	else if (!error)
		error = rating_add(conn, r->place_id, deleted ? -1 : 1,
			deleted ? -(int64_t)r->rating : r->rating);
	petory_review_free(r);
	return error;
}

static int review_set_deleted(
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, set_deleted_locked(conn, id, deleted, now));
	});
	return error;
}

/* Up to limit rows of s (bound, stepped here) into a new array; one
 * more row sets *has_more (when has_more is not NULL). */
static int read_reviews(petory__conn *conn, sqlite3_stmt *s,
	petory_review **out, size_t *count_out, int *has_more, int64_t limit)
{
	petory_review *items, *one;
	size_t n = 0;
	int rc = SQLITE_DONE, error = 0;
	if (!(items = calloc((size_t)limit, sizeof(*items))))
		return petory__error_oom();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == (size_t)limit) {
			if (has_more)
				*has_more = 1;
			break;
		}
		if ((error = read_review(&one, s)) < 0)
			break;
		items[n++] = *one;
		free(one);
	}
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = petory__sqlite_error(conn, rc, "review list");
	*out = items;
	*count_out = n;
	return error;
}

static int review_list(petory_review **out, size_t *count_out, petory_store *st,
	int64_t place_id, int64_t limit)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REVIEW_LIST);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, place_id);
		sqlite3_bind_int64(s, 2, limit);
		error = read_reviews(conn, s, out, count_out, NULL, limit);
		petory__stmt_done(s);
	});
	if (error) {
		petory_review_list_free(*out, *count_out);
		*out = NULL;
		*count_out = 0;
	}
	return error;
}

static int review_feed(petory_review **out, size_t *count_out,
	int *has_more_out, petory_store *st, int64_t place_id, int64_t before,
	int64_t offset, int64_t limit)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	*has_more_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REVIEW_FEED);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, place_id);
		sqlite3_bind_int64(s, 2, before > 0 ? before : INT64_MAX);
		sqlite3_bind_int64(s, 3, limit + 1); /* one more: has_more */
		sqlite3_bind_int64(s, 4, offset);
		error = read_reviews(
			conn, s, out, count_out, has_more_out, limit);
		petory__stmt_done(s);
	});
	if (error) {
		petory_review_list_free(*out, *count_out);
		*out = NULL;
		*count_out = 0;
		*has_more_out = 0;
	}
	return error;
}

static int review_count(int64_t *count_out, petory_store *st, int64_t place_id)
{
	int error = 0;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REVIEW_COUNT);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, place_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*count_out = sqlite3_column_int64(s, 0);
		else
			error = petory__sqlite_error(conn, rc, "review_count");
		petory__stmt_done(s);
	});
	return error;
}

/* Move the place's count of reports since its restore by delta;
 * *count_out (may be NULL) gets the new count. */
static int report_count_add(
	petory__conn *conn, int64_t *count_out, int64_t place_id, int delta)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_REPORT_ADD);
	int rc;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, place_id);
	sqlite3_bind_int(s, 2, delta);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && count_out)
		*count_out = sqlite3_column_int64(s, 0);
	petory__stmt_done(s);
	if (rc != SQLITE_ROW)
		return petory__sqlite_error(conn, rc, "report count");
	return 0;
}

static int report_locked(petory__conn *conn, petory_store_outcome *outcome,
	petory_report *r, int64_t limit, int *deactivated, int *type)
{
	sqlite3_stmt *s;
	int64_t count = 0;
	char *body;
	int error;
	if ((error = place_open(conn, outcome, r->place_id, type)) < 0 ||
		*outcome != PETORY_STORE_APPLIED)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_REPORT_INSERT)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, r->place_id);
	sqlite3_bind_int64(s, 2, r->user_id);
	sqlite3_bind_text(s, 3, r->content, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, r->created_at);
	error = petory__step_done(conn, s, 0);
	if (error == PETORY_EEXISTS) {
		*outcome = PETORY_STORE_DUPLICATE;
		return 0;
	}
	if (error)
		return error;
	r->id = sqlite3_last_insert_rowid(conn->db);
	if ((error = report_count_add(conn, &count, r->place_id, 1)) < 0)
		return error;
	if (count < limit)
		return 0;
	if (!(s = petory__stmt(conn, PETORY__STMT_PLACE_DEACTIVATE)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, r->place_id);
	sqlite3_bind_int64(s, 2, r->created_at);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	/* The admins hear of it through the outbox, in this transaction. */
	if (!(body = petory__place_inactive_alert_payload(r->place_id, count)))
		return petory__error_oom();
	error = petory__sqlite_outbox_put(
		conn, PETORY_OUTBOX_WEBHOOK, body, r->created_at);
	free(body);
	*deactivated = error == 0;
	return error;
}

static int report_insert(petory_store_outcome *outcome_out, petory_store *st,
	petory_report *r, int64_t limit, int *deactivated_out,
	petory_place_type *type_out)
{
	petory_store_outcome outcome = PETORY_STORE_ABSENT;
	int deactivated = 0, type = 0, error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, report_locked(conn, &outcome, r, limit,
				      &deactivated, &type));
	});
	*outcome_out = outcome;
	*deactivated_out = error ? 0 : deactivated;
	*type_out = (petory_place_type)type;
	return error;
}

static int read_report(petory_report **out, sqlite3_stmt *s)
{
	petory_report *r = calloc(1, sizeof(*r));
	if (!r)
		return petory__error_oom();
	r->id = sqlite3_column_int64(s, 0);
	r->place_id = sqlite3_column_int64(s, 1);
	r->user_id = sqlite3_column_int64(s, 2);
	r->content = petory__column_strdup(s, 3);
	r->valid = sqlite3_column_int(s, 4);
	r->counted = sqlite3_column_int(s, 5);
	r->reason = petory__column_strdup(s, 6);
	r->created_at = sqlite3_column_int64(s, 7);
	if (!r->content ||
		(sqlite3_column_type(s, 6) != SQLITE_NULL && !r->reason)) {
		petory_report_free(r);
		return petory__error_oom();
	}
	*out = r;
	return 0;
}

static int report_get_locked(
	petory__conn *conn, petory_report **out, int64_t id, int64_t place_id)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REPORT_BY_ID);
	int rc, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = read_report(out, s);
	else if (rc == SQLITE_DONE)
		error = PETORY_ENOTFOUND;
	else
		error = petory__sqlite_error(conn, rc, "report_get");
	petory__stmt_done(s);
	if (!error && (*out)->place_id != place_id) {
		petory_report_free(*out);
		*out = NULL;
		error = PETORY_ENOTFOUND;
	}
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such report of this place");
	return error;
}

static int cancel_locked(petory__conn *conn, petory_report **out,
	int64_t place_id, int64_t id, int64_t admin_id, const char *reason,
	petory_time_ms now)
{
	petory_report *r = NULL;
	sqlite3_stmt *s;
	int error;
	if ((error = report_get_locked(conn, &r, id, place_id)) < 0)
		return error;
	if (!r->valid) {
		petory_report_free(r);
		return petory_error_set(PETORY_ECONFLICT, NULL,
			"the report is already cancelled");
	}
	if (!(s = petory__stmt(conn, PETORY__STMT_REPORT_CANCEL))) {
		petory_report_free(r);
		return petory_error_last()->code;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, admin_id);
	petory__bind_text_or_null(s, 3, reason);
	sqlite3_bind_int64(s, 4, now);
	error = petory__step_done(conn, s, 1);
	if (!error && r->counted)
		error = report_count_add(conn, NULL, place_id, -1);
	petory_report_free(r);
	return error ? error : report_get_locked(conn, out, id, place_id);
}

static int report_cancel(petory_report **out, petory_store *st,
	int64_t place_id, int64_t report_id, int64_t admin_id,
	const char *reason, petory_time_ms now)
{
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, cancel_locked(conn, out, place_id, report_id,
				      admin_id, reason, now));
	});
	if (error && *out) {
		petory_report_free(*out);
		*out = NULL;
	}
	return error;
}

const petory_store_reviews petory__sqlite_reviews = {
	.version = PETORY_STORE_REVIEWS_VERSION,
	.review_insert = review_insert,
	.review_get = review_get,
	.review_update = review_update,
	.review_set_deleted = review_set_deleted,
	.review_list = review_list,
	.review_feed = review_feed,
	.review_count = review_count,
	.report_insert = report_insert,
	.report_cancel = report_cancel,
};
