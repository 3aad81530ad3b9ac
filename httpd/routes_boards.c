/* routes_boards.c -- the community board under /owner-boards: posts,
 * their images and comments.  Reads are open to anyone; every rule
 * (writer only, writer or admin, live posts only) is the library's.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

static void reply_post(
	struct request *r, unsigned status, int rc, petory_board_post *post)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_board_post_to_json(post));
	if (status == 201) {
		reply_location(r, "/owner-boards/%lld", (long long)post->id);
	}
	petory_board_post_free(post);
}

static void reply_comment(
	struct request *r, unsigned status, int rc, petory_board_comment *c)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_board_comment_to_json(c));
	if (status == 201) {
		reply_location(r, "/owner-boards/%lld/comments/%lld",
			(long long)c->post_id, (long long)c->id);
	}
	petory_board_comment_free(c);
}

static void reply_done(struct request *r, int rc)
{
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_boards_create(struct request *r)
{
	petory_board_input in = { 0 };
	petory_board_post *post = NULL;
	const char **keys = NULL;
	int rc;

	/* the library names a missing field with every other bad value */
	in.title = input_string(r, "title", INPUT_LIBRARY);
	in.content = input_string(r, "content", INPUT_LIBRARY);
	input_string_array(
		r, "imageKeys", INPUT_OPTIONAL, &keys, &in.image_key_count);
	in.image_keys = keys;
	if (!input_failed(r)) {
		rc = petory_board_create(&post, r->srv->db, &r->who, &in);
		reply_post(r, 201, rc, post);
	}
	free(keys);
}

void route_boards_list(struct request *r)
{
	petory_board_query query = { 0 };
	petory_page_req page;
	petory_board_page out;
	int rc;

	input_page(r, &page);
	query.title = input_query(r, "title", INPUT_OPTIONAL);
	query.q = input_query(r, "q", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_board_list(&out, r->srv->db, &query, &page);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_board_page_to_json(&out));
	petory_board_page_dispose(&out);
}

void route_boards_get(struct request *r)
{
	petory_board_post *post = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_board_get(&post, r->srv->db, id);
	reply_post(r, 200, rc, post);
}

void route_boards_update(struct request *r)
{
	petory_board_post *post = NULL;
	const char *title, *content;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	title = input_string(r, "title", INPUT_OPTIONAL);
	content = input_string(r, "content", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_board_update(
		&post, r->srv->db, &r->who, id, title, content);
	reply_post(r, 200, rc, post);
}

void route_boards_delete(struct request *r)
{
	int64_t id = 0;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	reply_done(r, petory_board_delete(r->srv->db, &r->who, id));
}

void route_boards_restore(struct request *r)
{
	petory_board_post *post = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_board_restore(&post, r->srv->db, &r->who, id);
	reply_post(r, 200, rc, post);
}

void route_boards_add_images(struct request *r)
{
	petory_board_post *post = NULL;
	const char **keys = NULL;
	size_t count = 0;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	input_string_array(r, "imageKeys", INPUT_REQUIRED, &keys, &count);
	if (!input_failed(r)) {
		rc = petory_board_add_images(
			&post, r->srv->db, &r->who, id, keys, count);
		reply_post(r, 201, rc, post);
	}
	free(keys);
}

void route_boards_image_delete(struct request *r)
{
	int64_t id = 0, image_id = 0;

	input_path_id(r, "id", &id);
	input_path_id(r, "imageId", &image_id);
	if (input_failed(r))
		return;
	reply_done(r,
		petory_board_image_delete(r->srv->db, &r->who, id, image_id));
}

void route_boards_comment_create(struct request *r)
{
	petory_board_comment *c = NULL;
	const char *content;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	content = input_string(r, "content", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_board_comment_create(&c, r->srv->db, &r->who, id, content);
	reply_comment(r, 201, rc, c);
}

void route_boards_comment_list(struct request *r)
{
	petory_board_comment_page out;
	petory_page_req page;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_board_comment_list(&out, r->srv->db, id, &page);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_board_comment_page_to_json(&out));
	petory_board_comment_page_dispose(&out);
}

void route_boards_comment_update(struct request *r)
{
	petory_board_comment *c = NULL;
	const char *content;
	int64_t id = 0, comment_id = 0;
	int rc;

	input_path_id(r, "id", &id);
	input_path_id(r, "commentId", &comment_id);
	content = input_string(r, "content", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_board_comment_update(
		&c, r->srv->db, &r->who, id, comment_id, content);
	reply_comment(r, 200, rc, c);
}

void route_boards_comment_delete(struct request *r)
{
	int64_t id = 0, comment_id = 0;

	input_path_id(r, "id", &id);
	input_path_id(r, "commentId", &comment_id);
	if (input_failed(r))
		return;
	reply_done(r, petory_board_comment_delete(
			      r->srv->db, &r->who, id, comment_id));
}
