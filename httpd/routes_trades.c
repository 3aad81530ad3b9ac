/* routes_trades.c -- the trade board under /trade-boards.  Reads take an
 * optional token (a HIDDEN listing shows to its seller and admins); every
 * rule, the status machine included, is the library's.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

static void reply_trade(
	struct request *r, unsigned status, int rc, petory_trade_post *post)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_trade_post_to_json(post));
	if (status == 201) {
		reply_location(r, "/trade-boards/%lld", (long long)post->id);
	}
	petory_trade_post_free(post);
}

static void reply_page(struct request *r, int rc, petory_trade_page *page)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_trade_page_to_json(page));
	petory_trade_page_dispose(page);
}

/* Every create field of the body; keys is the caller's to free(). */
static void read_input(struct request *r, petory_trade_input *in,
	enum input_need need, const char ***keys)
{
	in->category = input_string(r, "category", need);
	in->title = input_string(r, "title", need);
	in->content = input_string(r, "content", need);
	in->has_price = input_int(r, "price", need, &in->price) == 1;
	input_string_array(
		r, "imageKeys", INPUT_OPTIONAL, keys, &in->image_key_count);
	in->image_keys = *keys;
}

void route_trades_create(struct request *r)
{
	petory_trade_input in = { 0 };
	petory_trade_post *post = NULL;
	const char **keys = NULL;
	int rc;

	/* the library names a missing field with every other bad value */
	read_input(r, &in, INPUT_LIBRARY, &keys);
	if (!input_failed(r)) {
		rc = petory_trade_create(&post, r->srv->db, &r->who, &in);
		reply_trade(r, 201, rc, post);
	}
	free(keys);
}

void route_trades_list(struct request *r)
{
	petory_trade_query query = { 0 };
	petory_page_req page;
	petory_trade_page out;
	int rc;

	input_page(r, &page);
	query.category = input_query(r, "category", INPUT_OPTIONAL);
	query.q = input_query(r, "q", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_trade_list(&out, r->srv->db, &query, &page);
	reply_page(r, rc, &out);
}

void route_trades_mine(struct request *r)
{
	petory_page_req page;
	petory_trade_page out;
	int rc;

	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_trade_list_mine(&out, r->srv->db, &r->who, &page);
	reply_page(r, rc, &out);
}

void route_trades_get(struct request *r)
{
	petory_trade_post *post = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_trade_get(&post, r->srv->db, request_caller(r), id);
	reply_trade(r, 200, rc, post);
}

void route_trades_update(struct request *r)
{
	petory_trade_input in = { 0 };
	petory_trade_post *post = NULL;
	const char **keys = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	read_input(r, &in, INPUT_OPTIONAL, &keys);
	if (!input_failed(r)) {
		rc = petory_trade_update(&post, r->srv->db, &r->who, id, &in);
		reply_trade(r, 200, rc, post);
	}
	free(keys);
}

void route_trades_status(struct request *r)
{
	petory_trade_post *post = NULL;
	const char *status;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	status = input_query(r, "status", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_trade_set_status(&post, r->srv->db, &r->who, id, status);
	reply_trade(r, 200, rc, post);
}

void route_trades_add_images(struct request *r)
{
	petory_trade_post *post = NULL;
	const char **keys = NULL;
	size_t count = 0;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	input_string_array(r, "imageKeys", INPUT_REQUIRED, &keys, &count);
	if (!input_failed(r)) {
		rc = petory_trade_add_images(
			&post, r->srv->db, &r->who, id, keys, count);
		reply_trade(r, 201, rc, post);
	}
	free(keys);
}

void route_trades_image_delete(struct request *r)
{
	int64_t id = 0, image_id = 0;
	int rc;

	input_path_id(r, "id", &id);
	input_path_id(r, "imageId", &image_id);
	if (input_failed(r))
		return;
	if ((rc = petory_trade_image_delete(
		     r->srv->db, &r->who, id, image_id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
