/* routes_pet_growth.c -- a pet's growth diary: records, their summary and
 * the CSV export.
 *
 * Every route is the pet owner's: the library answers 404 PET_NOT_FOUND
 * for someone else's pet (or a deleted one) and GROWTH_RECORD_NOT_FOUND
 * for a record of another pet.  weightKg and lengthCm arrive as JSON
 * numbers; the library decides whether they have too many decimals.  On
 * PATCH, `lengthCm: null` removes the length and `note: ""` the note.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

/* The body of POST and PATCH.  On create the library names a missing
 * field with every other bad value. */
static void read_record(struct request *r, petory_growth_input *in, int create)
{
	json_t *length = r->json ? json_object_get(r->json, "lengthCm") : NULL;

	in->date = input_string(
		r, "date", create ? INPUT_LIBRARY : INPUT_OPTIONAL);
	in->has_weight = input_number(r, "weightKg",
				 create ? INPUT_LIBRARY : INPUT_OPTIONAL,
				 &in->weight_kg) == 0;
	in->has_length = input_number(r, "lengthCm", INPUT_OPTIONAL,
				 &in->length_cm) == 0;
	in->clear_length = !create && length && json_is_null(length);
	in->note = input_string(r, "note", INPUT_OPTIONAL);
}

/* ?from=&to=: both optional dates; the library checks them. */
static void read_range(struct request *r, const char **from, const char **to)
{
	*from = input_query(r, "from", INPUT_OPTIONAL);
	*to = input_query(r, "to", INPUT_OPTIONAL);
}

static void reply_record(
	struct request *r, unsigned status, int rc, petory_growth_record *rec)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_growth_record_to_json(rec));
	if (status == 201)
		reply_location(r, "/pets/%lld/growth/%lld",
			(long long)rec->pet_id, (long long)rec->id);
	petory_growth_record_free(rec);
}

void route_pet_growth_create(struct request *r)
{
	petory_growth_input in = { 0 };
	petory_growth_record *rec = NULL;
	int64_t pet_id = 0;
	int rc;

	input_path_id(r, "id", &pet_id);
	read_record(r, &in, 1);
	if (input_failed(r))
		return;
	rc = petory_growth_create(&rec, r->srv->db, &r->who, pet_id, &in);
	reply_record(r, 201, rc, rec);
}

void route_pet_growth_list(struct request *r)
{
	petory_growth_range list;
	const char *from, *to;
	int64_t pet_id = 0;
	int rc;

	input_path_id(r, "id", &pet_id);
	read_range(r, &from, &to);
	if (input_failed(r))
		return;
	if ((rc = petory_growth_list(
		     &list, r->srv->db, &r->who, pet_id, from, to)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_growth_range_to_json(&list));
	petory_growth_range_dispose(&list);
}

void route_pet_growth_csv(struct request *r)
{
	petory_growth_range list;
	const char *from, *to;
	char disposition[96];
	char *csv = NULL;
	size_t len = 0;
	int64_t pet_id = 0;
	int rc;

	input_path_id(r, "id", &pet_id);
	read_range(r, &from, &to);
	if (input_failed(r))
		return;
	if ((rc = petory_growth_list(
		     &list, r->srv->db, &r->who, pet_id, from, to)) < 0) {
		reply_error(r, rc);
		return;
	}
	rc = petory_growth_csv(&csv, &len, &list);
	petory_growth_range_dispose(&list);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_data(r, 200, "text/csv; charset=utf-8", csv, len, 0);
	petory_free(csv);
	snprintf(disposition, sizeof(disposition),
		"attachment; filename=\"pet-%lld-growth.csv\"",
		(long long)pet_id);
	reply_header(r, "Content-Disposition", disposition);
	reply_header(r, "Cache-Control", "no-store");
}

void route_pet_growth_update(struct request *r)
{
	petory_growth_input in = { 0 };
	petory_growth_record *rec = NULL;
	int64_t pet_id = 0, record_id = 0;
	int rc;

	input_path_id(r, "id", &pet_id);
	input_path_id(r, "recordId", &record_id);
	read_record(r, &in, 0);
	if (input_failed(r))
		return;
	rc = petory_growth_update(
		&rec, r->srv->db, &r->who, pet_id, record_id, &in);
	reply_record(r, 200, rc, rec);
}

void route_pet_growth_delete(struct request *r)
{
	int64_t pet_id = 0, record_id = 0;
	int rc;

	input_path_id(r, "id", &pet_id);
	input_path_id(r, "recordId", &record_id);
	if (input_failed(r))
		return;
	if ((rc = petory_growth_delete(
		     r->srv->db, &r->who, pet_id, record_id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
