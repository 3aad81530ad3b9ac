/* input.c -- typed request input with field-level error collection.
 *
 * The only place that turns client-supplied text into typed values, so
 * the rules (what counts as a positive id, null is absent, which message
 * a bad field gets) are the same for every endpoint.
 */
#include "input.h"

#include <stdio.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <petory.h>

#include "http_util.h"
#include "router.h"

void input_error(struct request *r, const char *field, const char *message)
{
	if (!r->errors && !(r->errors = json_object()))
		return;
	if (!json_object_get(r->errors, field))
		json_object_set_new(r->errors, field, json_string(message));
}

/* An absent field: an error when required, noted for INPUT_LIBRARY. */
static void input_absent(
	struct request *r, const char *name, enum input_need need)
{
	if (need == INPUT_REQUIRED) {
		input_error(r, name, "is required");
	} else if (need == INPUT_LIBRARY) {
		if (!r->missing && !(r->missing = json_object()))
			return;
		json_object_set_new(
			r->missing, name, json_string("is required"));
	}
}

int input_failed(struct request *r)
{
	const char *field;
	json_t *message;

	if (!r->errors || json_object_size(r->errors) == 0)
		return 0;
	json_object_foreach(r->missing, field, message)
	{
		if (!json_object_get(r->errors, field))
			json_object_set(r->errors, field, message);
	}
	json_decref(r->missing);
	r->missing = NULL;
	reply_invalid(r, r->errors);
	r->errors = NULL;
	return 1;
}

const char *input_string(
	struct request *r, const char *name, enum input_need need)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;

	if (!v || json_is_null(v)) {
		input_absent(r, name, need);
		return NULL;
	}
	if (!json_is_string(v)) {
		input_error(r, name, "must be a string");
		return NULL;
	}
	return json_string_value(v);
}

int input_bool(struct request *r, const char *name, int *out)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		input_error(r, name, "must be true or false");
		return -1;
	}
	*out = json_is_true(v);
	return 1;
}

int input_int(
	struct request *r, const char *name, enum input_need need, int64_t *out)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;

	if (!v || json_is_null(v)) {
		input_absent(r, name, need);
		return need == INPUT_REQUIRED ? -1 : 0;
	}
	if (!json_is_integer(v)) {
		input_error(r, name, "must be an integer");
		return -1;
	}
	*out = (int64_t)json_integer_value(v);
	return 1;
}

int input_string_array(struct request *r, const char *name,
	enum input_need need, const char ***out, size_t *count)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;
	const char **items;
	size_t i, n;

	*out = NULL;
	*count = 0;
	if (!v || json_is_null(v)) {
		input_absent(r, name, need);
		return need == INPUT_REQUIRED ? -1 : 0;
	}
	if (!json_is_array(v)) {
		input_error(r, name, "must be an array of strings");
		return -1;
	}
	n = json_array_size(v);
	if (!(items = calloc(n ? n : 1, sizeof(*items)))) {
		input_error(r, name, "is too large");
		return -1;
	}
	for (i = 0; i < n; i++) {
		json_t *item = json_array_get(v, i);
		if (!json_is_string(item)) {
			free(items);
			input_error(r, name, "must be an array of strings");
			return -1;
		}
		items[i] = json_string_value(item);
	}
	*out = items;
	*count = n;
	return 0;
}

const char *input_query(
	struct request *r, const char *name, enum input_need need)
{
	const char *v = request_query(r, name);

	if ((!v || !*v) && need == INPUT_REQUIRED) {
		input_error(r, name, "is required");
		return NULL;
	}
	return v;
}

int input_parse_id(const char *text, int64_t *out)
{
	int64_t n = 0;
	const char *p;

	if (!text || !*text)
		return -1;
	for (p = text; *p; p++) {
		if (*p < '0' || *p > '9' || n > (INT64_MAX - (*p - '0')) / 10)
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (n == 0)
		return -1;
	*out = n;
	return 0;
}

int input_query_id(struct request *r, const char *name, int64_t *out)
{
	const char *v = input_query(r, name, INPUT_REQUIRED);

	if (!v)
		return -1;
	if (input_parse_id(v, out) < 0) {
		input_error(r, name, "must be a positive integer");
		return -1;
	}
	return 0;
}

int input_query_role(struct request *r, const char *name, unsigned *out)
{
	const char *v = input_query(r, name, INPUT_REQUIRED);
	const char *canonical;
	unsigned bit;

	if (!v)
		return -1;
	bit = petory_role_parse(v);
	canonical = bit ? petory_role_name(bit) : NULL;
	/* only the canonical spelling: the library may be more lenient */
	if (!canonical || strcmp(canonical, v) != 0) {
		input_error(r, name, "must be USER or ADMIN");
		return -1;
	}
	*out = bit;
	return 0;
}

int input_path_id(struct request *r, const char *name, int64_t *out)
{
	if (input_parse_id(router_param(r, name), out) < 0) {
		input_error(r, name, "must be a positive integer");
		return -1;
	}
	return 0;
}

int input_page(struct request *r, petory_page_req *out)
{
	const char *page = request_query(r, "page");
	const char *size = request_query(r, "size");
	int64_t n;
	int failed = 0;

	out->page = 0;
	out->size = 0;
	if (page && strcmp(page, "0") != 0) {
		if (input_parse_id(page, &n) < 0) {
			input_error(r, "page", "must be 0 or more");
			failed = -1;
		} else {
			out->page = n;
		}
	}
	if (size) {
		if (input_parse_id(size, &n) < 0 || n > 100) {
			input_error(r, "size", "must be 1 to 100");
			failed = -1;
		} else {
			out->size = n;
		}
	}
	return failed;
}

int input_query_bool(struct request *r, const char *name, int *out)
{
	const char *v = request_query(r, name);

	*out = 0;
	if (!v)
		return 0;
	if (strcmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(v, "false") == 0)
		return 0;
	input_error(r, name, "must be true or false");
	return -1;
}

int input_number(
	struct request *r, const char *name, enum input_need need, double *out)
{
	json_t *v = r->json ? json_object_get(r->json, name) : NULL;

	if (!v || json_is_null(v)) {
		input_absent(r, name, need);
		return 1;
	}
	if (!json_is_number(v)) {
		input_error(r, name, "must be a number");
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

int input_query_number(struct request *r, const char *name, double *out)
{
	const char *v = request_query(r, name);
	char *end;

	if (!v)
		return 1;
	errno = 0;
	*out = strtod(v, &end);
	if (!*v || *end || errno || !isfinite(*out) ||
		isspace((unsigned char)*v)) {
		input_error(r, name, "must be a number");
		return -1;
	}
	return 0;
}

/* A non-negative decimal integer query parameter; 1 when absent. */
static int query_count(struct request *r, const char *name, int64_t *out)
{
	const char *v = request_query(r, name);

	if (!v)
		return 1;
	if (strcmp(v, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (input_parse_id(v, out) < 0) {
		input_error(r, name, "must be a non-negative integer");
		return -1;
	}
	return 0;
}

int input_query_size(struct request *r, const char *name, int64_t *out)
{
	return query_count(r, name, out);
}
