/* pending.c -- SCAFFOLDING while the PostgreSQL tables are written:
 * every method of a table not yet implemented answers ENOTSUPPORTED, so
 * that a handle on PostgreSQL opens and the finished tables can be
 * tested.  Each table leaves this file when its real one (store/postgres/
 * <domain>.c) lands; the file goes when the last one does.
 */
#include "store/postgres/pg_store.h"

static int pending(const char *method)
{
	return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
		"the PostgreSQL store does not implement %s yet", method);
}

/* ---- places ---- */

static int pending_place_insert(petory_store *st, petory_place *p)
{
	(void)st;
	(void)p;
	return pending("places.place_insert");
}

static int pending_place_get(
	petory_place **out, petory_store *st, int64_t id, int64_t viewer)
{
	(void)out;
	(void)st;
	(void)id;
	(void)viewer;
	return pending("places.place_get");
}

static int pending_place_get_many(petory_place **out, size_t *count_out,
	petory_store *st, const int64_t *ids, size_t n)
{
	(void)out;
	(void)count_out;
	(void)st;
	(void)ids;
	(void)n;
	return pending("places.place_get_many");
}

static int pending_place_update(petory_store *st, const petory_place *p)
{
	(void)st;
	(void)p;
	return pending("places.place_update");
}

static int pending_place_set_status(int64_t *like_count_out,
	petory_place_type *type_out, petory_store *st, int64_t id,
	unsigned from_mask, petory_place_status to, int reset_reports,
	petory_time_ms now)
{
	(void)like_count_out;
	(void)type_out;
	(void)st;
	(void)id;
	(void)from_mask;
	(void)to;
	(void)reset_reports;
	(void)now;
	return pending("places.place_set_status");
}

static int pending_place_search(petory_place_page *out, petory_store *st,
	const petory_place_query *q, int type, int64_t offset, int64_t limit)
{
	(void)out;
	(void)st;
	(void)q;
	(void)type;
	(void)offset;
	(void)limit;
	return pending("places.place_search");
}

static int pending_place_like(petory_store_outcome *outcome_out,
	petory_like_result *out, int *changed_out, petory_place_type *type_out,
	petory_store *st, int64_t user_id, int64_t place_id,
	petory_like_mode mode, petory_time_ms now)
{
	(void)outcome_out;
	(void)out;
	(void)changed_out;
	(void)type_out;
	(void)st;
	(void)user_id;
	(void)place_id;
	(void)mode;
	(void)now;
	return pending("places.place_like");
}

static int pending_place_rank_truth(
	petory_rank_entry **out, size_t *count_out, petory_store *st, int type)
{
	(void)out;
	(void)count_out;
	(void)st;
	(void)type;
	return pending("places.place_rank_truth");
}

static int pending_place_add_images(petory_store_outcome *outcome_out,
	petory_store *st, int64_t place_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	(void)outcome_out;
	(void)st;
	(void)place_id;
	(void)owner_id;
	(void)keys;
	(void)count;
	(void)now;
	return pending("places.place_add_images");
}

static int pending_place_image_delete(petory_file_key *key_out,
	petory_store *st, int64_t place_id, int64_t image_id)
{
	(void)key_out;
	(void)st;
	(void)place_id;
	(void)image_id;
	return pending("places.place_image_delete");
}

const petory_store_places petory__pg_places = {
	.version = PETORY_STORE_PLACES_VERSION,
	.place_insert = pending_place_insert,
	.place_get = pending_place_get,
	.place_get_many = pending_place_get_many,
	.place_update = pending_place_update,
	.place_set_status = pending_place_set_status,
	.place_search = pending_place_search,
	.place_like = pending_place_like,
	.place_rank_truth = pending_place_rank_truth,
	.place_add_images = pending_place_add_images,
	.place_image_delete = pending_place_image_delete,
};

/* ---- reviews ---- */

static int pending_review_insert(
	petory_store_outcome *outcome_out, petory_store *st, petory_review *r)
{
	(void)outcome_out;
	(void)st;
	(void)r;
	return pending("reviews.review_insert");
}

static int pending_review_get(petory_review **out, petory_store *st, int64_t id)
{
	(void)out;
	(void)st;
	(void)id;
	return pending("reviews.review_get");
}

static int pending_review_update(petory_store *st, int64_t id,
	const char *content, int rating, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)content;
	(void)rating;
	(void)now;
	return pending("reviews.review_update");
}

static int pending_review_set_deleted(
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)deleted;
	(void)now;
	return pending("reviews.review_set_deleted");
}

static int pending_review_list(petory_review **out, size_t *count_out,
	petory_store *st, int64_t place_id, int64_t limit)
{
	(void)out;
	(void)count_out;
	(void)st;
	(void)place_id;
	(void)limit;
	return pending("reviews.review_list");
}

static int pending_report_insert(petory_store_outcome *outcome_out,
	petory_store *st, petory_report *r, int64_t limit, int *deactivated_out,
	petory_place_type *type_out)
{
	(void)outcome_out;
	(void)st;
	(void)r;
	(void)limit;
	(void)deactivated_out;
	(void)type_out;
	return pending("reviews.report_insert");
}

static int pending_report_cancel(petory_report **out, petory_store *st,
	int64_t place_id, int64_t report_id, int64_t admin_id,
	const char *reason, petory_time_ms now)
{
	(void)out;
	(void)st;
	(void)place_id;
	(void)report_id;
	(void)admin_id;
	(void)reason;
	(void)now;
	return pending("reviews.report_cancel");
}

static int pending_review_feed(petory_review **out, size_t *count_out,
	int *has_more_out, petory_store *st, int64_t place_id, int64_t before,
	int64_t offset, int64_t limit)
{
	(void)out;
	(void)count_out;
	(void)has_more_out;
	(void)st;
	(void)place_id;
	(void)before;
	(void)offset;
	(void)limit;
	return pending("reviews.review_feed");
}

static int pending_review_count(
	int64_t *count_out, petory_store *st, int64_t place_id)
{
	(void)count_out;
	(void)st;
	(void)place_id;
	return pending("reviews.review_count");
}

const petory_store_reviews petory__pg_reviews = {
	.version = PETORY_STORE_REVIEWS_VERSION,
	.review_insert = pending_review_insert,
	.review_get = pending_review_get,
	.review_update = pending_review_update,
	.review_set_deleted = pending_review_set_deleted,
	.review_list = pending_review_list,
	.report_insert = pending_report_insert,
	.report_cancel = pending_report_cancel,
	.review_feed = pending_review_feed,
	.review_count = pending_review_count,
};
