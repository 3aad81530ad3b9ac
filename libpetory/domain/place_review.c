/* place_review.c -- reviews and reports of places.
 *
 * Rights: a logged-in user writes reviews and reports; only the author
 * edits a review; the author or an ADMIN deletes it; an ADMIN restores
 * reviews and cancels reports; anyone reads the live reviews of a place
 * they may see (the review feed, by page or by an id cursor).  A review
 * or report id under another place's path answers not found.  Creating
 * either is rate-limited per user (the configured place_review /
 * place_report rules); the counter moves on every attempt, as the
 * original's interceptor did.  The store reports facts (absent rows,
 * taken keys, states, outcomes); the reasons are named here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

static int require_user(const petory_identity *actor)
{
	if (!actor || actor->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return 0;
}

static int check_rating(petory__invalid *v, int64_t rating)
{
	if (rating < 1 || rating > 5) {
		petory__invalid_field(v, "ratio", "must be an integer 1 to 5");
		return 0;
	}
	return 1;
}

static int rate(petory_rate_info *info, petory *db, const char *what,
	int64_t user_id, const petory_rate_rule *rule)
{
	petory_rate_info local;
	char key[64];
	snprintf(key, sizeof(key), "place-%s:%lld", what, (long long)user_id);
	return petory__rate_consume(info ? info : &local, db, key, rule, 1);
}

static int review_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "PLACE_REVIEW_NOT_FOUND", "no such review");
}

/* The review, live or deleted (PLACE_REVIEW_NOT_FOUND when absent). */
static int review_read(petory_review **out, petory *db, int64_t review_id)
{
	return petory__absent_as(
		petory__store_review_get(out, db, review_id), review_not_found);
}

/* The review, when it is under place_id (ENOTFOUND otherwise). */
static int review_of(
	petory_review **out, petory *db, int64_t place_id, int64_t review_id)
{
	int error = review_read(out, db, review_id);
	if (error < 0)
		return error;
	if ((*out)->place_id != place_id) {
		petory_review_free(*out);
		*out = NULL;
		return review_not_found();
	}
	return 0;
}

int petory_review_create(petory_review **out, petory *db,
	const petory_identity *actor, int64_t place_id, const char *content,
	int64_t rating, petory_rate_info *info)
{
	petory_store_outcome outcome;
	petory_review r = { 0 };
	petory__invalid v;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0 ||
		(error = rate(info, db, "review", actor->user_id,
			 &db->cfg.place_review)) < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_multiline_text(&v, "content", content, 1, 255);
	check_rating(&v, rating);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	r.place_id = place_id;
	r.user_id = actor->user_id;
	r.content = (char *)content;
	r.rating = (int)rating;
	r.created_at = petory_now(db);
	if ((error = petory__store_review_insert(&outcome, db, &r)) < 0)
		return error;
	if (outcome == PETORY_STORE_DUPLICATE)
		return petory_error_set(PETORY_EEXISTS, "DUPLICATE_REVIEW",
			"you have already reviewed this place");
	if ((error = petory__place_refusal(outcome)) < 0)
		return error;
	petory__places_changed(db);
	return review_read(out, db, r.id);
}

int petory_review_update(petory_review **out, petory *db,
	const petory_identity *actor, int64_t place_id, int64_t review_id,
	const char *content, int64_t rating)
{
	petory_review *r = NULL;
	petory__invalid v;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (content)
		petory__check_multiline_text(&v, "content", content, 1, 255);
	if (rating)
		check_rating(&v, rating);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((error = review_of(&r, db, place_id, review_id)) < 0)
		return error;
	if (r->deleted_at)
		error = review_not_found();
	else if (r->user_id != actor->user_id)
		error = petory_error_set(PETORY_EPERM, "ONLY_AUTHOR_CAN_EDIT",
			"only the author may edit a review");
	petory_review_free(r);
	if (error || (error = petory__absent_as(
			      petory__store_review_update(db, review_id,
				      content, (int)rating, petory_now(db)),
			      review_not_found)) < 0)
		return error;
	petory__places_changed(db);
	return review_read(out, db, review_id);
}

int petory_review_delete(petory *db, const petory_identity *actor,
	int64_t place_id, int64_t review_id)
{
	petory_review *r = NULL;
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = require_user(actor)) < 0 ||
		(error = review_of(&r, db, place_id, review_id)) < 0)
		return error;
	if (r->user_id != actor->user_id && !petory__is_admin(actor))
		error = r->deleted_at ? review_not_found()
				      : petory_error_set(PETORY_EPERM,
						"ONLY_AUTHOR_CAN_DELETE",
						"only the author may delete a "
						"review");
	petory_review_free(r);
	if (error)
		return error;
	error = petory__store_review_set_deleted(
		db, review_id, 1, petory_now(db));
	petory__places_changed(db);
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_DELETED_REVIEW",
			"the review is already deleted");
	return petory__absent_as(error, review_not_found);
}

int petory_review_restore(petory_review **out, petory *db,
	const petory_identity *actor, int64_t place_id, int64_t review_id)
{
	petory_review *r = NULL;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = review_of(&r, db, place_id, review_id)) < 0)
		return error;
	petory_review_free(r);
	error = petory__store_review_set_deleted(
		db, review_id, 0, petory_now(db));
	petory__places_changed(db);
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT, "REVIEW_NOT_DELETED",
			"the review is not deleted");
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_EEXISTS, "DUPLICATE_REVIEW",
			"the author has a newer review of this place");
	if (error)
		return petory__absent_as(error, review_not_found);
	return review_read(out, db, review_id);
}

int petory_review_list(petory_review **out, size_t *count_out, petory *db,
	int64_t place_id, int64_t limit)
{
	if (!out || !count_out || !db || limit < 1 || limit > 100)
		return petory_error_set(
			PETORY_EINVALID, NULL, "bad argument (limit 1-100)");
	return petory__store_review_list(out, count_out, db, place_id, limit);
}

/* The feed's rule: page or before, not both; sizes 1..100. */
static int check_feed_req(
	const petory_review_feed_req *req, int64_t *page_out, int64_t *size_out)
{
	petory__invalid v;
	int64_t page = req->has_page ? req->page : 0;
	int64_t size = req->size ? req->size : PETORY_REVIEW_FEED_SIZE;
	petory__invalid_begin(&v);
	if (req->has_page && req->has_before) {
		petory__invalid_field(&v, "page", "cannot go with before");
		petory__invalid_field(&v, "before", "cannot go with page");
	}
	if (page < 0 || page > 1000000000)
		petory__invalid_field(&v, "page", "must be 0 or more");
	if (size < 1 || size > PETORY_REVIEW_FEED_SIZE_MAX)
		petory__invalid_field(&v, "size", "must be 1 to 100");
	if (req->has_before && req->before < 1)
		petory__invalid_field(&v, "before", "must be a review id");
	*page_out = page;
	*size_out = size;
	return petory__invalid_end(&v);
}

int petory_review_feed_get(petory_review_feed *out, petory *db,
	const petory_identity *actor, int64_t place_id,
	const petory_review_feed_req *req)
{
	petory_review_feed_req none = { 0 };
	int64_t page, size, before;
	int has_more = 0, error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (!req)
		req = &none;
	if ((error = check_feed_req(req, &page, &size)) < 0 ||
		(error = petory__place_check_visible(db, actor, place_id)) < 0)
		return error;
	before = req->has_before ? req->before : 0;
	out->paged = !req->has_before;
	out->page = out->paged ? page : 0;
	out->size = size;
	if (out->paged && (error = petory__store_review_count(
				   &out->total, db, place_id)) < 0)
		return error;
	error = petory__store_review_feed(&out->items, &out->count, &has_more,
		db, place_id, before, out->paged ? page * size : 0, size);
	if (error < 0) {
		petory_review_feed_dispose(out);
		return error;
	}
	if (has_more && out->count > 0)
		out->next_before = out->items[out->count - 1].id;
	return 0;
}

int petory_report_create(petory_report **out, petory *db,
	const petory_identity *actor, int64_t place_id, const char *content,
	petory_rate_info *info)
{
	petory_store_outcome outcome;
	petory_report r = { 0 };
	petory_place_type type;
	petory__invalid v;
	int deactivated = 0, error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0 ||
		(error = rate(info, db, "report", actor->user_id,
			 &db->cfg.place_report)) < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_text(&v, "content", content, 1, 255);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	r.place_id = place_id;
	r.user_id = actor->user_id;
	r.content = (char *)content;
	r.created_at = petory_now(db);
	/* exclusive: the report that deactivates moves the boards */
	petory__rank_lock(db, true);
	error = petory__store_report_insert(&outcome, db, &r,
		PETORY_PLACE_REPORT_LIMIT, &deactivated, &type);
	if (!error && deactivated)
		petory__rank_drop(db, place_id, type);
	petory__rank_unlock(db);
	if (error)
		return error;
	if (outcome == PETORY_STORE_DUPLICATE)
		return petory_error_set(PETORY_EEXISTS, "ALREADY_REPORT_PLACE",
			"you have already reported this place");
	if ((error = petory__place_refusal(outcome)) < 0)
		return error;
	if (deactivated)
		petory__log(PETORY_LOG_WARN,
			"place %lld deactivated after %d reports; admins "
			"alerted",
			(long long)place_id, PETORY_PLACE_REPORT_LIMIT);
	if (!(*out = calloc(1, sizeof(**out))) ||
		!((*out)->content = petory__strdup(content))) {
		petory_report_free(*out);
		*out = NULL;
		return petory__error_oom();
	}
	(*out)->id = r.id;
	(*out)->place_id = place_id;
	(*out)->user_id = actor->user_id;
	(*out)->valid = 1;
	(*out)->counted = 1;
	(*out)->created_at = r.created_at;
	return 0;
}

int petory_report_cancel(petory_report **out, petory *db,
	const petory_identity *actor, int64_t place_id, int64_t report_id,
	const char *reason)
{
	petory__invalid v;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (reason)
		petory__check_text(&v, "reason", reason, 0, 30);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	error = petory__store_report_cancel(out, db, place_id, report_id,
		actor->user_id, reason, petory_now(db));
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ENOTFOUND,
			"PLACE_REPORT_NOT_FOUND", "no such report");
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_INVALID_REPORT",
			"the report is already cancelled");
	return error;
}
