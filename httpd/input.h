/* input.h -- reading typed input from a request: JSON body fields, query
 * parameters and path parameters.
 *
 * Each getter checks one value; a bad or missing required value is noted
 * in r->errors ("field": "message") and the getter returns NULL/-1, so a
 * handler reads every field first and then calls input_failed() once:
 * the client learns about every bad field in one 400 answer.  JSON null
 * counts as absent.  Returned strings are borrowed from the request.
 */
#ifndef HTTPD_INPUT_H
#define HTTPD_INPUT_H

#include <stdint.h>

#include <petory.h>

#include "server.h"

/* INPUT_LIBRARY: required, but the library checks its presence and names
 * it with every other bad value of the body, so an absent field is only
 * noted here; it joins the 400 of input_failed() when the request fails
 * here anyway (a value of the wrong JSON type), else the handler passes
 * it on as absent and the library names it. */
enum input_need { INPUT_OPTIONAL = 0, INPUT_REQUIRED = 1, INPUT_LIBRARY = 2 };

/* A string member of the JSON body. */
const char *input_string(
	struct request *r, const char *name, enum input_need need);

/* A boolean member of the JSON body: 1 when present (value in *out),
 * 0 when absent or null, -1 when of another type (error recorded). */
int input_bool(struct request *r, const char *name, int *out);

/* An integer member of the JSON body into *out: 1 when present, 0 when
 * absent (and not required), -1 when bad or missing. */
int input_int(struct request *r, const char *name, enum input_need need,
	int64_t *out);

/* An array-of-strings member of the JSON body: *out is a malloc'd array
 * (free() it; the strings are borrowed) of *count strings, NULL when
 * absent.  0, or -1 when bad or missing. */
int input_string_array(struct request *r, const char *name,
	enum input_need need, const char ***out, size_t *count);

/* A query parameter as text (present and non-empty when required). */
const char *input_query(
	struct request *r, const char *name, enum input_need need);

/* A required query parameter holding a positive decimal integer. */
int input_query_id(struct request *r, const char *name, int64_t *out);

/* A required query parameter naming a role (USER or ADMIN): its bit. */
int input_query_role(struct request *r, const char *name, unsigned *out);

/* A path parameter holding a positive decimal integer. */
int input_path_id(struct request *r, const char *name, int64_t *out);

/* Record a problem with field (the first message per field is kept). */
void input_error(struct request *r, const char *field, const char *message);

/* When errors were recorded: reply 400 INVALID_PARAMETER naming them and
 * the absent INPUT_LIBRARY fields, and return 1.  Otherwise 0. */
int input_failed(struct request *r);

/* Strict positive decimal integer (no sign, no spaces, fits int64). */
int input_parse_id(const char *text, int64_t *out);

/* ?page=&size= into *out: page a non-negative integer (default 0), size
 * a positive integer (absent: 0, the endpoint's default); the library
 * checks the ranges. */
int input_page(struct request *r, petory_page_req *out);

/* An optional boolean query parameter ("true" or "false"); absent: 0. */
int input_query_bool(struct request *r, const char *name, int *out);

/* A number member of the JSON body: 0 when read, 1 when absent (an error
 * when required), -1 when not a number. */
int input_number(
	struct request *r, const char *name, enum input_need need, double *out);

/* A query parameter holding a finite decimal number: 0, 1 when absent,
 * -1 when malformed. */
int input_query_number(struct request *r, const char *name, double *out);

/* A query parameter holding a non-negative integer: 0, 1 when absent,
 * -1 when malformed. */
int input_query_size(struct request *r, const char *name, int64_t *out);

#endif
