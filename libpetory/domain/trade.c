/* trade.c -- the trade board: listings, their status machine and images.
 *
 * Rights: anyone reads FOR_SALE, RESERVED and SOLD_OUT listings; a HIDDEN
 * listing exists for its seller and admins only, a DELETED one for no
 * one (ENOTFOUND "TRADE_BOARD_NOT_FOUND").  The seller or an ADMIN edits
 * a listing, moves its status and changes its images; another user who
 * can see the listing gets EPERM "ONLY_AUTHOR_CAN_EDIT".  The transition
 * table below is the whole status machine: a move it does not allow is
 * ECONFLICT "INVALID_STATUS_TRANSITION", and the current status again is
 * a no-op.  The store moves a status only while it is the one the move
 * was decided on; when another move got there first, the move is judged
 * again from the status it found.  The store reports facts (a listing or
 * image absent, a DELETED listing, the status found); this file turns
 * them into the API's reasons.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define TRADE_IMAGES_MAX 10
#define TRADE_PRICE_MAX 100000000

/* allowed[from] has bit `to` set when from -> to is a transition. */
#define BIT(s) (1u << PETORY_TRADE_##s)
static const unsigned allowed[PETORY__TRADE_STATUS_COUNT] = {
	[PETORY_TRADE_FOR_SALE] =
		BIT(RESERVED) | BIT(SOLD_OUT) | BIT(HIDDEN) | BIT(DELETED),
	[PETORY_TRADE_RESERVED] =
		BIT(FOR_SALE) | BIT(SOLD_OUT) | BIT(HIDDEN) | BIT(DELETED),
	[PETORY_TRADE_SOLD_OUT] = BIT(HIDDEN) | BIT(DELETED),
	[PETORY_TRADE_HIDDEN] =
		BIT(FOR_SALE) | BIT(RESERVED) | BIT(SOLD_OUT) | BIT(DELETED),
	[PETORY_TRADE_DELETED] = 0,
};
#undef BIT

#define STATUS_RETRIES 8

static int trade_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND", "no such listing");
}

static int image_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, "TRADE_BOARD_IMAGE_NOT_FOUND",
		"no such image of this listing");
}

/* The listing id of any status, as stored; TRADE_BOARD_NOT_FOUND when
 * the store has none. */
static int stored(petory_trade_post **out, petory *db, int64_t id)
{
	return petory__absent_as(
		petory__store_trade_get(out, db, id), trade_not_found);
}

static int start(petory *db, const petory_identity *actor, int need_user)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_store(db, 2)) < 0)
		return error;
	if (!need_user)
		return 0;
	if ((error = petory__require_actor(actor)) < 0)
		return error;
	if (actor->user_id <= 0)
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "only a user sells");
	return 0;
}

static bool may_manage(const petory_identity *actor, const petory_trade_post *p)
{
	return actor &&
	       ((actor->user_id > 0 && actor->user_id == p->seller_id) ||
		       petory__is_admin(actor));
}

/* The listing as actor may see it. */
static int visible(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t id)
{
	petory_trade_post *p = NULL;
	int error;
	*out = NULL;
	if ((error = stored(&p, db, id)) < 0)
		return error;
	if (p->status == PETORY_TRADE_DELETED ||
		(p->status == PETORY_TRADE_HIDDEN && !may_manage(actor, p))) {
		petory_trade_post_free(p);
		return trade_not_found();
	}
	*out = p;
	return 0;
}

/* The listing for a change by its seller or an admin. */
static int managed(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t id)
{
	int error = visible(out, db, actor, id);
	if (error < 0)
		return error;
	if (!may_manage(actor, *out)) {
		petory_trade_post_free(*out);
		*out = NULL;
		return petory_error_set(PETORY_EPERM, "ONLY_AUTHOR_CAN_EDIT",
			"only the seller or an admin may do this");
	}
	return 0;
}

static int fetch(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t id)
{
	int error = visible(out, db, actor, id);
	if (!error && (error = petory__images_resolve(
			       db, (*out)->images, (*out)->image_count)) < 0) {
		petory_trade_post_free(*out);
		*out = NULL;
	}
	return error;
}

/* Validate in (creating: every field required); *category_out is -1
 * when absent. */
static int check_input(petory__invalid *v, const petory_trade_input *in,
	int creating, int *category_out)
{
	*category_out = -1;
	petory__invalid_begin(v);
	if (in->category || creating) {
		if (!in->category)
			petory__invalid_field(v, "category", "is required");
		else if ((*category_out = petory__trade_category_parse(
				  in->category)) < 0)
			petory__invalid_field(
				v, "category", "is not a known category");
	}
	if (in->title || creating)
		petory__check_text(v, "title", in->title, 1, 30);
	if (in->content || creating)
		petory__check_multiline_text(
			v, "content", in->content, 1, 1000);
	if (creating && !in->has_price)
		petory__invalid_field(v, "price", "is required");
	else if (in->has_price &&
		 (in->price < 0 || in->price > TRADE_PRICE_MAX))
		petory__invalid_field(v, "price", "must be 0..100000000");
	if (in->image_key_count)
		petory__check_image_keys(v, in->image_keys, in->image_key_count,
			0, TRADE_IMAGES_MAX);
	return petory__invalid_end(v);
}

int petory_trade_create(petory_trade_post **out, petory *db,
	const petory_identity *actor, const petory_trade_input *in)
{
	petory_trade_post post;
	petory__invalid v;
	int category, error;

	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = check_input(&v, in, 1, &category)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0)
		return error;
	memset(&post, 0, sizeof(post));
	post.seller_id = actor->user_id;
	post.category = (petory_trade_category)category;
	post.title = (char *)in->title;
	post.content = (char *)in->content;
	post.price = in->price;
	if ((error = petory__file_keys_attachable(db, in->image_keys,
		     in->image_key_count, actor->user_id,
		     PETORY_FILE_TRADE_BOARD)) < 0 ||
		(error = petory__file_attach_result(
			 petory__store_trade_insert(db, &post, in->image_keys,
				 in->image_key_count, petory_now(db)))) < 0)
		return error;
	petory__log(PETORY_LOG_INFO, "trade board %lld created by user %lld",
		(long long)post.id, (long long)actor->user_id);
	return fetch(out, db, actor, post.id);
}

static int list(petory_trade_page *out, petory *db, int64_t seller_id,
	int category, const char *scan, const petory_page_req *page)
{
	int64_t p, s;
	size_t i;
	int error;
	if ((error = petory__check_page(page, 10, &p, &s)) < 0 ||
		(error = petory__store_trade_list(
			 out, db, seller_id, category, scan, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	for (i = 0; i < out->count; i++)
		if ((error = petory__images_resolve(db, out->items[i].images,
			     out->items[i].image_count)) < 0) {
			petory_trade_page_dispose(out);
			return error;
		}
	return 0;
}

int petory_trade_list(petory_trade_page *out, petory *db,
	const petory_trade_query *query, const petory_page_req *page)
{
	const char *scan = NULL;
	petory__invalid v;
	int category = -1, error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, NULL, 0)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (query && query->category && *query->category &&
		(category = petory__trade_category_parse(query->category)) < 0)
		petory__invalid_field(
			&v, "category", "is not a known category");
	if (query && query->q && *query->q &&
		petory__check_text(&v, "q", query->q, 1, 100))
		scan = query->q;
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	return list(out, db, 0, category, scan, page);
}

int petory_trade_list_mine(petory_trade_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page)
{
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, actor, 1)) < 0)
		return error;
	return list(out, db, actor->user_id, -1, NULL, page);
}

int petory_trade_get(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id)
{
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, NULL, 0)) < 0)
		return error;
	return fetch(out, db, actor, post_id);
}

int petory_trade_update(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id,
	const petory_trade_input *in)
{
	petory_trade_post *p = NULL;
	petory_store_outcome outcome;
	petory__invalid v;
	int category, error;
	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = managed(&p, db, actor, post_id)) < 0)
		return error;
	petory_trade_post_free(p);
	if ((error = check_input(&v, in, 0, &category)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0 ||
		(error = petory__file_keys_attachable(db, in->image_keys,
			 in->image_key_count, actor->user_id,
			 PETORY_FILE_TRADE_BOARD)) < 0 ||
		(error = petory__file_attach_result(petory__store_trade_update(
			 &outcome, db, post_id, category, in->title,
			 in->content, in->has_price ? in->price : -1,
			 actor->user_id, in->image_keys, in->image_key_count,
			 petory_now(db)))) < 0)
		return error;
	if (outcome != PETORY_STORE_APPLIED)
		return trade_not_found(); /* deleted meanwhile */
	return fetch(out, db, actor, post_id);
}

/* Move listing post_id, found in status `from`, to `to` by the
 * transition table; when another move changed the status first, judge
 * the move again from the status it made.  *moved_out is 0 when the
 * listing already was `to` (nothing to do). */
static int move_status(
	int *moved_out, petory *db, int64_t post_id, int from, int to)
{
	petory_store_outcome outcome;
	int tries, error;
	*moved_out = 0;
	for (tries = 0; tries < STATUS_RETRIES; tries++) {
		if (from == to)
			return 0;
		/* DELETED is final; a status outside the table, no listing */
		if (from == PETORY_TRADE_DELETED ||
			(unsigned)from >= PETORY__TRADE_STATUS_COUNT)
			return trade_not_found();
		if (!(allowed[from] & (1u << to)))
			return petory_error_set(PETORY_ECONFLICT,
				"INVALID_STATUS_TRANSITION",
				"%s cannot become %s",
				petory_trade_status_name(from),
				petory_trade_status_name(to));
		if ((error = petory__store_trade_set_status(&outcome, &from, db,
			     post_id, from, to, petory_now(db))) < 0)
			return error;
		if (outcome == PETORY_STORE_APPLIED) {
			*moved_out = 1;
			return 0;
		}
		if (outcome == PETORY_STORE_ABSENT)
			return trade_not_found();
	}
	return petory_error_set(PETORY_ECONFLICT, "INVALID_STATUS_TRANSITION",
		"the listing's status keeps changing");
}

int petory_trade_set_status(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id, const char *status)
{
	petory_trade_post *p = NULL;
	petory__invalid v;
	int to, from, moved, error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0)
		return error;
	petory__invalid_begin(&v);
	if ((to = petory__trade_status_parse(status)) < 0)
		petory__invalid_field(&v, "status",
			"must be FOR_SALE, RESERVED, SOLD_OUT, HIDDEN or "
			"DELETED");
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = managed(&p, db, actor, post_id)) < 0)
		return error;
	from = (int)p->status;
	petory_trade_post_free(p);
	if ((error = move_status(&moved, db, post_id, from, to)) < 0)
		return error;
	if (!moved)
		return fetch(out, db, actor, post_id);
	if ((error = stored(out, db, post_id)) < 0)
		return error;
	/* a DELETED listing is answered once more, as it now is */
	if ((error = petory__images_resolve(
		     db, (*out)->images, (*out)->image_count)) < 0) {
		petory_trade_post_free(*out);
		*out = NULL;
	}
	return error;
}

int petory_trade_add_images(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id,
	const char *const *image_keys, size_t image_key_count)
{
	petory_trade_input in;
	petory__invalid v;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_image_keys(
		&v, image_keys, image_key_count, 1, TRADE_IMAGES_MAX);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	memset(&in, 0, sizeof(in));
	in.image_keys = image_keys;
	in.image_key_count = image_key_count;
	return petory_trade_update(out, db, actor, post_id, &in);
}

int petory_trade_image_delete(petory *db, const petory_identity *actor,
	int64_t post_id, int64_t image_id)
{
	petory_trade_post *p = NULL;
	petory_file_key key;
	int error;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = managed(&p, db, actor, post_id)) < 0)
		return error;
	petory_trade_post_free(p);
	if ((error = petory__store_trade_image_delete(
		     &key, db, post_id, image_id)) < 0)
		return petory__absent_as(error, image_not_found);
	petory__files_remove_blobs(db, &key, 1);
	return 0;
}
