/* routes_files.c -- file uploads and downloads.
 *
 *   POST /files/presign          a file key and the URL to PUT it to
 *   POST /chat/image             the same for purpose "chat" (its old path)
 *   PUT  /files/{key}/upload     the bytes, streamed (local storage)
 *   GET  /files/{key}            the bytes, or a redirect to S3
 *
 * The upload is a streaming route (router.h): the URL's signature, the
 * declared type and the announced length are checked before a byte is
 * read, the body goes to the library piece by piece as it arrives (never
 * held whole in memory), and the request's end aborts whatever did not
 * finish, so nothing partial is kept.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

/* POST /files/presign, or POST /chat/image when purpose is given. */
static void presign(struct request *r, const char *purpose)
{
	petory_presign_input in = { 0 };
	petory_presigned p;
	int rc;

	/* the library names a missing field with every other bad value */
	in.purpose =
		purpose ? purpose : input_string(r, "purpose", INPUT_LIBRARY);
	in.filename = input_string(r, "filename", INPUT_LIBRARY);
	in.content_type = input_string(r, "contentType", INPUT_LIBRARY);
	input_int(r, "size", INPUT_LIBRARY, &in.size);
	input_int(r, "chatRoomId", INPUT_OPTIONAL, &in.chat_room_id);
	if (input_failed(r))
		return;
	if ((rc = petory_file_presign(&p, r->srv->db, &r->who, &in)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 201, petory_presigned_to_json(&p));
	petory_presigned_dispose(&p);
}

void route_files_presign(struct request *r)
{
	presign(r, NULL);
}

/* The original's path for chat images: always purpose "chat". */
void route_chat_image(struct request *r)
{
	presign(r, "chat");
}

/* ---- PUT /files/{key}/upload ------------------------------------------ */

/* Content-Length as a number; -1 when absent or unreadable (the library
 * then counts what arrives). */
static int64_t content_length(const struct request *r)
{
	const char *cl = request_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	long long n;

	if (!cl)
		return -1;
	errno = 0;
	n = strtoll(cl, &end, 10);
	return errno || end == cl || *end || n < 0 ? -1 : (int64_t)n;
}

static void upload_begin(struct request *r)
{
	petory_upload *up = NULL;
	int rc = petory_file_upload_begin(&up, r->srv->db,
		router_param(r, "key"), request_query(r, "expires"),
		request_query(r, "signature"),
		request_header(r, MHD_HTTP_HEADER_CONTENT_TYPE),
		content_length(r));

	if (rc < 0)
		reply_error(r, rc);
	else
		r->stream_state = up;
}

static void upload_data(struct request *r, const char *data, size_t size)
{
	int rc = petory_file_upload_write(r->stream_state, data, size);

	if (rc < 0) {
		reply_error(r, rc);
		/* drop it now, before the answer leaves: nothing is kept */
		petory_file_upload_abort(r->stream_state);
		r->stream_state = NULL;
	}
}

static void upload_cleanup(struct request *r)
{
	petory_file_upload_abort(r->stream_state);
	r->stream_state = NULL;
}

const struct route_stream route_files_upload_stream = {
	upload_begin,
	upload_data,
	upload_cleanup,
};

void route_files_upload(struct request *r)
{
	petory_upload *up = r->stream_state;
	const char *key = router_param(r, "key");
	int64_t stored = 0;
	int rc;

	r->stream_state = NULL; /* finish consumes it */
	if ((rc = petory_file_upload_finish(&stored, up)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 201,
		json_pack("{s:s, s:I}", "fileKey", key, "size",
			(json_int_t)stored));
	reply_location(r, "/files/%s", key);
}

/* ---- GET /files/{key} ---------------------------------------------------- */

void route_files_get(struct request *r)
{
	petory_file_content c;
	const char *cache;
	int rc;

	rc = petory_file_open(&c, r->srv->db, r->authenticated ? &r->who : NULL,
		router_param(r, "key"), request_query(r, "expires"),
		request_query(r, "signature"));
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	if (c.redirect_url) {
		reply_redirect(r, c.redirect_url);
		petory_file_content_dispose(&c);
		return;
	}
	/* The bytes of a key never change: the ETag is the key. */
	cache = c.is_private ? "private, max-age=300" : "public, max-age=3600";
	if (request_not_modified(r, c.etag)) {
		reply_empty(r, 304);
	} else {
		reply_fd(r, 200, c.fd, c.size);
		c.fd = -1; /* the response owns it */
		reply_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, c.content_type);
		reply_header(r, "Content-Security-Policy",
			"default-src 'none'; sandbox");
	}
	reply_header(r, MHD_HTTP_HEADER_ETAG, c.etag);
	reply_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	if (c.is_private)
		reply_header(r, MHD_HTTP_HEADER_VARY, "Authorization");
	petory_file_content_dispose(&c);
}
