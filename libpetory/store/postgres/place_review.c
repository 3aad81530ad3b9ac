/* place_review.c -- the reviews table of the PostgreSQL petory_store:
 * reviews and reports of places (the domain file it serves:
 * domain/place_review.c; the SQLite twin: store/sqlite/place_review.c).
 * Statements: sql_reviews.h.
 *
 * Invariants kept here:
 *   - places.review_count and places.rating_sum are the count and the
 *     rating sum of the place's live reviews, moved by atomic UPDATEs in
 *     the transaction that changes a review;
 *   - places.report_count_since_restore is the number of its valid
 *     reports with counted = 1 (a restore uncounts them all, place.c);
 *     the report that reaches the limit makes the place INACTIVE and
 *     queues the admin alert in the outbox in its own transaction;
 *   - every write first locks the place's row (petory__pg_place_lock, or
 *     REVIEW_PLACE_LOCK from a review's id), so the writes of one place
 *     run one at a time: a review read before its update is still so
 *     when it is written, and the place is locked before its child rows
 *     as in place.c;
 *   - a user's second live review or second report is no error inside the
 *     transaction (ON CONFLICT DO NOTHING): the outcome says DUPLICATE;
 *   - transaction bodies set their out-values afresh on each run.
 * Methods report facts (ENOTFOUND, EEXISTS, ECONFLICT without a reason,
 * or an outcome); the domain names them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_places.h"

#define POOL(st) PETORY__PG_POOL(st)

static int review_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such review");
}

/* Run an INSERT ... ON CONFLICT DO NOTHING RETURNING id: *found tells
 * whether it inserted, *id_out gets the new id. */
static int insert_returning_id(petory__pg_conn *conn, petory__pg_stmt_id id,
	const petory__pg_params *q, int64_t *id_out, bool *found)
{
	PGresult *r;
	int error;
	*id_out = 0;
	*found = false;
	if ((error = petory__pg_exec(&r, conn, id, q)) < 0)
		return error;
	if (PQntuples(r) > 0) {
		*found = true;
		error = petory__pg_get_int64(id_out, r, 0, 0);
	}
	PQclear(r);
	return error;
}

static int rating_add(
	petory__pg_conn *conn, int64_t place_id, int count, int64_t sum)
{
	petory__pg_params q;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, place_id);
	petory__pg_param_int64(&q, count);
	petory__pg_param_int64(&q, sum);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_PLACE_REVIEW_ADD, &q);
}

/* ---- reviews ---- */

static int read_review(void *obj, const PGresult *r, int row)
{
	petory_review *v = obj;
	int error;
	memset(v, 0, sizeof(*v));
	if ((error = petory__pg_get_int64(&v->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&v->place_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&v->user_id, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&v->nickname, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&v->content, r, row, 4)) < 0 ||
		(error = petory__pg_get_int(&v->rating, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&v->created_at, r, row, 6)) < 0 ||
		(error = petory__pg_get_int64(&v->updated_at, r, row, 7)) < 0 ||
		(error = petory__pg_get_int64(&v->deleted_at, r, row, 8)) < 0)
		return error;
	return 0;
}

static void review_free(void *obj)
{
	petory_review_free(obj);
}

static int get_on(petory__pg_conn *conn, petory_review **out, int64_t id)
{
	petory__pg_params q;
	void *v = NULL;
	int error;
	*out = NULL;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, id);
	error = petory__pg_fetch_one(&v, conn, PETORY__PG_STMT_REVIEW_BY_ID, &q,
		sizeof(petory_review), read_review, review_free, "review");
	if (error == PETORY_ENOTFOUND)
		return review_not_found();
	*out = v;
	return error;
}

/* Lock the place of review id (nothing when there is no such review). */
static int lock_review_place(petory__pg_conn *conn, int64_t id)
{
	petory__pg_params q;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, id);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_REVIEW_PLACE_LOCK, &q);
}

typedef struct insert_tx {
	const petory_review *r;
	petory_store_outcome outcome;
	int64_t id;
} insert_tx;

static int insert_body(petory__pg_conn *conn, void *payload)
{
	insert_tx *t = payload;
	const petory_review *r = t->r;
	petory__pg_params q;
	bool inserted;
	int status, error;
	t->outcome = PETORY_STORE_ABSENT;
	t->id = 0;
	if ((error = petory__pg_place_lock(
		     conn, r->place_id, &status, NULL, NULL)) < 0 ||
		(t->outcome = petory__pg_place_open_outcome(status)) !=
			PETORY_STORE_APPLIED)
		return error;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, r->place_id);
	petory__pg_param_int64(&q, r->user_id);
	petory__pg_param_text(&q, r->content);
	petory__pg_param_int64(&q, r->rating);
	petory__pg_param_int64(&q, r->created_at);
	if ((error = insert_returning_id(conn, PETORY__PG_STMT_REVIEW_INSERT,
		     &q, &t->id, &inserted)) < 0)
		return error;
	if (!inserted) {
		t->outcome = PETORY_STORE_DUPLICATE;
		return 0;
	}
	return rating_add(conn, r->place_id, 1, r->rating);
}

static int review_insert(
	petory_store_outcome *outcome_out, petory_store *st, petory_review *r)
{
	insert_tx t = { r, PETORY_STORE_ABSENT, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, insert_body, &t);
	*outcome_out = error ? PETORY_STORE_ABSENT : t.outcome;
	if (!error && t.outcome == PETORY_STORE_APPLIED)
		r->id = t.id;
	return error;
}

static int review_get(petory_review **out, petory_store *st, int64_t id)
{
	int error = 0;
	*out = NULL;
	PETORY__PG_WITH_CONN(st, conn, error, error = get_on(conn, out, id));
	return error;
}

typedef struct update_tx {
	int64_t id;
	const char *content;
	int rating;
	petory_time_ms now;
} update_tx;

static int update_body(petory__pg_conn *conn, void *payload)
{
	update_tx *t = payload;
	petory_review *old = NULL;
	petory__pg_params q;
	PGresult *r;
	int error;
	if ((error = lock_review_place(conn, t->id)) < 0 ||
		(error = get_on(conn, &old, t->id)) < 0)
		return error;
	if (old->deleted_at) {
		petory_review_free(old);
		return review_not_found();
	}
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, t->id);
	petory__pg_param_text(&q, t->content);
	if (t->rating)
		petory__pg_param_int64(&q, t->rating);
	else
		petory__pg_param_null(&q);
	petory__pg_param_int64(&q, t->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_REVIEW_UPDATE, &q)) == 0) {
		if (petory__pg_changes(r) == 0)
			error = review_not_found();
		PQclear(r);
	}
	if (!error && t->rating && t->rating != old->rating)
		error = rating_add(
			conn, old->place_id, 0, t->rating - old->rating);
	petory_review_free(old);
	return error;
}

static int review_update(petory_store *st, int64_t id, const char *content,
	int rating, petory_time_ms now)
{
	update_tx t = { id, content, rating, now };
	return petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, update_body, &t);
}

typedef struct deleted_tx {
	int64_t id;
	int deleted;
	petory_time_ms now;
} deleted_tx;

static int set_deleted_body(petory__pg_conn *conn, void *payload)
{
	deleted_tx *t = payload;
	petory_review *v = NULL;
	petory__pg_params q;
	PGresult *r;
	int error;
	if ((error = lock_review_place(conn, t->id)) < 0 ||
		(error = get_on(conn, &v, t->id)) < 0)
		return error;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, t->id);
	if (t->deleted)
		petory__pg_param_int64(&q, t->now);
	else
		petory__pg_param_null(&q);
	petory__pg_param_int64(&q, t->now);
	error = petory__pg_exec(
		&r, conn, PETORY__PG_STMT_REVIEW_SET_DELETED, &q);
	if (error == PETORY_EEXISTS) {
		error = petory_error_set(PETORY_EEXISTS, NULL,
			"the author has a newer review of this place");
	} else if (!error) {
		if (petory__pg_changes(r) == 0)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"the review is already %s",
				t->deleted ? "deleted" : "live");
		PQclear(r);
		if (!error)
			error = rating_add(conn, v->place_id,
				t->deleted ? -1 : 1,
				t->deleted ? -(int64_t)v->rating : v->rating);
	}
	petory_review_free(v);
	return error;
}

static int review_set_deleted(
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	deleted_tx t = { id, deleted, now };
	return petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, set_deleted_body, &t);
}

/* The reviews of a statement's rows (on conn) into a malloc'd array:
 * at most limit of them; a row beyond them sets *has_more (when
 * has_more is not NULL). */
static int list_reviews(petory__pg_conn *conn, petory__pg_stmt_id id,
	const petory__pg_params *q, int64_t limit, petory_review **out,
	size_t *count_out, int *has_more)
{
	petory_review *items = NULL;
	PGresult *r;
	size_t n, count = 0;
	int error;
	*out = NULL;
	*count_out = 0;
	if ((error = petory__pg_exec(&r, conn, id, q)) < 0)
		return error;
	n = (size_t)PQntuples(r);
	if (n > (size_t)limit) {
		/* the one more row asked for: more follow */
		n = (size_t)limit;
		if (has_more)
			*has_more = 1;
	}
	if (n > 0 && !(items = calloc(n, sizeof(*items))))
		error = petory__error_oom();
	while (!error && count < n) {
		/* counted before the read: a half-read item is freed too */
		count++;
		error = read_review(&items[count - 1], r, (int)count - 1);
	}
	PQclear(r);
	if (error) {
		petory_review_list_free(items, count);
		return error;
	}
	*out = items;
	*count_out = count;
	return 0;
}

static int review_list(petory_review **out, size_t *count_out, petory_store *st,
	int64_t place_id, int64_t limit)
{
	petory__pg_params q;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, place_id);
	petory__pg_param_int64(&q, limit);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = list_reviews(conn, PETORY__PG_STMT_REVIEW_LIST, &q,
			limit, out, count_out, NULL));
	return error;
}

static int review_feed(petory_review **out, size_t *count_out,
	int *has_more_out, petory_store *st, int64_t place_id, int64_t before,
	int64_t offset, int64_t limit)
{
	petory__pg_params q;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	*has_more_out = 0;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, place_id);
	petory__pg_param_int64(&q, before > 0 ? before : INT64_MAX);
	petory__pg_param_int64(&q, limit + 1); /* one more: has_more */
	petory__pg_param_int64(&q, offset);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = list_reviews(conn, PETORY__PG_STMT_REVIEW_FEED, &q,
			limit, out, count_out, has_more_out));
	if (error)
		*has_more_out = 0;
	return error;
}

static int review_count(int64_t *count_out, petory_store *st, int64_t place_id)
{
	petory__pg_params q;
	int error = 0;
	*count_out = 0;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, place_id);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_query_int64(count_out, NULL, conn,
			PETORY__PG_STMT_REVIEW_COUNT, &q));
	return error;
}

/* ---- reports ---- */

/* Move the place's count of reports since its restore by delta;
 * *count_out (may be NULL) gets the new count. */
static int report_count_add(
	petory__pg_conn *conn, int64_t *count_out, int64_t place_id, int delta)
{
	petory__pg_params q;
	int64_t count;
	int error;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, place_id);
	petory__pg_param_int64(&q, delta);
	if ((error = petory__pg_query_int64(&count, NULL, conn,
		     PETORY__PG_STMT_PLACE_REPORT_ADD, &q)) < 0)
		return error;
	if (count_out)
		*count_out = count;
	return 0;
}

/* Make the place INACTIVE and queue the admins' alert, as the SQLite
 * backend words it. */
static int deactivate(petory__pg_conn *conn, int64_t place_id, int64_t count,
	petory_time_ms now)
{
	petory__pg_params q;
	char text[160], *body;
	json_t *payload;
	int error;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, place_id);
	petory__pg_param_int64(&q, now);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_PLACE_DEACTIVATE, &q)) < 0)
		return error;
	snprintf(text, sizeof(text),
		"Place %lld received %lld reports and is now INACTIVE "
		"(PLACE_REPORT).",
		(long long)place_id, (long long)count);
	if (!(payload = json_pack("{s:s}", "content", text)) ||
		!(body = json_dumps(payload, JSON_COMPACT))) {
		json_decref(payload);
		return petory__error_oom();
	}
	json_decref(payload);
	error = petory__pg_outbox_put(conn, PETORY_OUTBOX_WEBHOOK, body, now);
	free(body);
	return error;
}

typedef struct report_tx {
	const petory_report *r;
	int64_t limit;
	petory_store_outcome outcome;
	int64_t id;
	int deactivated, type;
} report_tx;

static int report_body(petory__pg_conn *conn, void *payload)
{
	report_tx *t = payload;
	const petory_report *r = t->r;
	petory__pg_params q;
	int64_t count = 0;
	bool inserted;
	int status, error;
	t->outcome = PETORY_STORE_ABSENT;
	t->id = 0;
	t->deactivated = 0;
	t->type = 0;
	if ((error = petory__pg_place_lock(
		     conn, r->place_id, &status, &t->type, NULL)) < 0 ||
		(t->outcome = petory__pg_place_open_outcome(status)) !=
			PETORY_STORE_APPLIED)
		return error;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, r->place_id);
	petory__pg_param_int64(&q, r->user_id);
	petory__pg_param_text(&q, r->content);
	petory__pg_param_int64(&q, r->created_at);
	if ((error = insert_returning_id(conn, PETORY__PG_STMT_REPORT_INSERT,
		     &q, &t->id, &inserted)) < 0)
		return error;
	if (!inserted) {
		t->outcome = PETORY_STORE_DUPLICATE;
		return 0;
	}
	if ((error = report_count_add(conn, &count, r->place_id, 1)) < 0 ||
		count < t->limit)
		return error;
	/* the admins hear of it through the outbox, in this transaction */
	if ((error = deactivate(conn, r->place_id, count, r->created_at)) < 0)
		return error;
	t->deactivated = 1;
	return 0;
}

static int report_insert(petory_store_outcome *outcome_out, petory_store *st,
	petory_report *r, int64_t limit, int *deactivated_out,
	petory_place_type *type_out)
{
	report_tx t = { r, limit, PETORY_STORE_ABSENT, 0, 0, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, report_body, &t);
	*outcome_out = error ? PETORY_STORE_ABSENT : t.outcome;
	*deactivated_out = error ? 0 : t.deactivated;
	*type_out = (petory_place_type)(error ? 0 : t.type);
	if (!error && t.outcome == PETORY_STORE_APPLIED)
		r->id = t.id;
	return error;
}

static int read_report(void *obj, const PGresult *r, int row)
{
	petory_report *p = obj;
	int error;
	memset(p, 0, sizeof(*p));
	if ((error = petory__pg_get_int64(&p->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&p->place_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&p->user_id, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&p->content, r, row, 3)) < 0 ||
		(error = petory__pg_get_int(&p->valid, r, row, 4)) < 0 ||
		(error = petory__pg_get_int(&p->counted, r, row, 5)) < 0 ||
		(error = petory__pg_get_text(&p->reason, r, row, 6)) < 0 ||
		(error = petory__pg_get_int64(&p->created_at, r, row, 7)) < 0)
		return error;
	return 0;
}

static void report_free(void *obj)
{
	petory_report_free(obj);
}

/* The report id of place_id; ENOTFOUND when place_id has none such. */
static int report_get_on(petory__pg_conn *conn, petory_report **out, int64_t id,
	int64_t place_id)
{
	petory__pg_params q;
	void *p = NULL;
	int error;
	*out = NULL;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, id);
	error = petory__pg_fetch_one(&p, conn, PETORY__PG_STMT_REPORT_BY_ID, &q,
		sizeof(petory_report), read_report, report_free, "report");
	if (!error && ((petory_report *)p)->place_id != place_id) {
		petory_report_free(p);
		p = NULL;
		error = PETORY_ENOTFOUND;
	}
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such report of this place");
	*out = p;
	return error;
}

typedef struct cancel_tx {
	int64_t place_id, id, admin_id;
	const char *reason;
	petory_time_ms now;
	petory_report *out;
} cancel_tx;

static int cancel_body(petory__pg_conn *conn, void *payload)
{
	cancel_tx *t = payload;
	petory_report *r = NULL;
	petory__pg_params q;
	PGresult *res;
	int status, error;
	petory_report_free(t->out); /* of a run that did not commit */
	t->out = NULL;
	if ((error = petory__pg_place_lock(
		     conn, t->place_id, &status, NULL, NULL)) < 0 ||
		(error = report_get_on(conn, &r, t->id, t->place_id)) < 0)
		return error;
	if (!r->valid) {
		petory_report_free(r);
		return petory_error_set(PETORY_ECONFLICT, NULL,
			"the report is already cancelled");
	}
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, t->id);
	petory__pg_param_int64(&q, t->admin_id);
	petory__pg_param_text(&q, t->reason);
	petory__pg_param_int64(&q, t->now);
	if ((error = petory__pg_exec(
		     &res, conn, PETORY__PG_STMT_REPORT_CANCEL, &q)) == 0) {
		if (petory__pg_changes(res) == 0)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"the report is already cancelled");
		PQclear(res);
	}
	if (!error && r->counted)
		error = report_count_add(conn, NULL, t->place_id, -1);
	petory_report_free(r);
	return error ? error : report_get_on(conn, &t->out, t->id, t->place_id);
}

static int report_cancel(petory_report **out, petory_store *st,
	int64_t place_id, int64_t report_id, int64_t admin_id,
	const char *reason, petory_time_ms now)
{
	cancel_tx t = { place_id, report_id, admin_id, reason, now, NULL };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, cancel_body, &t);
	if (error) {
		petory_report_free(t.out);
		t.out = NULL;
	}
	*out = t.out;
	return error;
}

const petory_store_reviews petory__pg_reviews = {
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
