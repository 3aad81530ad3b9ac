/* pet_growth.c -- the growth diary of a pet: its rules and reason codes.
 *
 * Rights: only the pet's owner (or the system identity, for operator
 * tools) reads or writes a diary, and only of a live pet.  Another
 * user's pet, a deleted pet and an unknown id answer ENOTFOUND
 * "PET_NOT_FOUND"; a record that is not the pet's answers ENOTFOUND
 * "GROWTH_RECORD_NOT_FOUND", so ids cannot be probed.
 *
 * Values: a date is a real day, not after today in the owner's zone
 * (users.timezone, else the configured zone).  Weights are kept as
 * integer hundredths of a kg (1..20000) and lengths as integer mm
 * (1..3000); a JSON number x has at most n decimals when x * 10^n lies
 * within EXACT_EPSILON of an integer, which accepts every decimal text of
 * n decimals (12.34 is 1233.9999999999998 * 100) and the sums of such
 * values (0.1 + 0.2), and refuses 12.345.  One record per pet and date:
 * the store's EEXISTS becomes ECONFLICT "GROWTH_RECORD_EXISTS".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define NOTE_MAX 200
#define EXACT_EPSILON 1e-9

static int pet_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "PET_NOT_FOUND", "no such pet");
}

static int record_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, "GROWTH_RECORD_NOT_FOUND",
		"no such growth record");
}

static int record_exists(void)
{
	return petory_error_set(PETORY_ECONFLICT, "GROWTH_RECORD_EXISTS",
		"the pet has a growth record for that date");
}

/* x in units of 1/scale into *out when it is a whole number of them
 * (within EXACT_EPSILON) between min and max; -1 otherwise. */
static int scaled_value(
	double x, double scale, int64_t min, int64_t max, int64_t *out)
{
	double scaled, whole;
	if (!isfinite(x))
		return -1;
	scaled = x * scale;
	whole = round(scaled);
	if (fabs(scaled - whole) > EXACT_EPSILON || whole < (double)min ||
		whole > (double)max)
		return -1;
	*out = (int64_t)whole;
	return 0;
}

/* The owner of pet_id (live, and the actor's unless the actor is the
 * system) into *owner_out. */
static int diary_pet(int64_t *owner_out, petory *db,
	const petory_identity *actor, int64_t pet_id)
{
	petory_pet *p = NULL;
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_actor(actor)) < 0)
		return error;
	if (actor->user_id <= 0 && !(actor->roles & PETORY_ROLE_SYSTEM))
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "only a user keeps pets");
	if ((error = petory__store_pet_get(&p, db, pet_id)) < 0)
		return petory__absent_as(error, pet_not_found);
	if (p->deleted_at != 0 || (!(actor->roles & PETORY_ROLE_SYSTEM) &&
					  p->owner_id != actor->user_id)) {
		petory_pet_free(p);
		return pet_not_found();
	}
	*owner_out = p->owner_id;
	petory_pet_free(p);
	return 0;
}

/* Is date (valid) after today in the zone of owner_id? */
static int date_in_future(
	bool *future, petory *db, int64_t owner_id, const char *date)
{
	petory_identity owner;
	petory__date today;
	char text[11];
	int error;
	memset(&owner, 0, sizeof(owner));
	owner.user_id = owner_id;
	owner.roles = PETORY_ROLE_USER;
	if ((error = petory__actor_date(&today, db, &owner, petory_now(db))) <
		0)
		return error;
	petory__date_format(text, sizeof(text), &today);
	*future = strcmp(date, text) > 0;
	return 0;
}

/* Check the input's fields (all of them on create, the given ones on
 * update) and apply them to rec. */
static int apply_input(petory *db, int64_t owner_id,
	const petory_growth_input *in, int creating, petory_growth_record *rec)
{
	petory__invalid v;
	int64_t value;
	bool future = false;
	int error;

	petory__invalid_begin(&v);
	if (in->date || creating) {
		if (!in->date)
			petory__invalid_field(&v, "date", "is required");
		else if (!petory__date_valid(in->date) ||
			 strcmp(in->date, "1900-01-01") < 0)
			petory__invalid_field(
				&v, "date", "must be a real date (YYYY-MM-DD)");
		else if ((error = date_in_future(
				  &future, db, owner_id, in->date)) < 0)
			return error;
		else if (future)
			petory__invalid_field(&v, "date",
				"must not be after today in the owner's time "
				"zone");
		else
			snprintf(rec->date, sizeof(rec->date), "%s", in->date);
	}
	if (in->has_weight) {
		if (scaled_value(in->weight_kg, 100.0, 1, 20000, &value) < 0)
			petory__invalid_field(&v, "weightKg",
				"must be a number from 0.01 to 200 with at "
				"most 2 decimals");
		else
			rec->weight_cg = value;
	} else if (creating)
		petory__invalid_field(&v, "weightKg", "is required");
	if (in->has_length) {
		if (scaled_value(in->length_cm, 10.0, 1, 3000, &value) < 0)
			petory__invalid_field(&v, "lengthCm",
				"must be a number from 0.1 to 300 with at most "
				"1 decimal");
		else
			rec->length_mm = value;
	} else if (in->clear_length)
		rec->length_mm = 0;
	if (in->note && *in->note &&
		petory__check_multiline_text(
			&v, "note", in->note, 1, NOTE_MAX)) {
		char *copy = petory__strdup(in->note);
		if (!copy)
			return petory__error_oom();
		free(rec->note);
		rec->note = copy;
	} else if (in->note && !*in->note) {
		free(rec->note);
		rec->note = NULL;
	}
	return petory__invalid_end(&v);
}

int petory_growth_create(petory_growth_record **out, petory *db,
	const petory_identity *actor, int64_t pet_id,
	const petory_growth_input *in)
{
	petory_growth_record *rec;
	int64_t owner_id = 0;
	int error;

	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = diary_pet(&owner_id, db, actor, pet_id)) < 0)
		return error;
	if (!(rec = calloc(1, sizeof(*rec))))
		return petory__error_oom();
	rec->pet_id = pet_id;
	if ((error = apply_input(db, owner_id, in, 1, rec)) < 0 ||
		(error = petory__store_growth_insert(db, rec, petory_now(db))) <
			0) {
		petory_growth_record_free(rec);
		return error == PETORY_EEXISTS ? record_exists() : error;
	}
	*out = rec;
	return 0;
}

/* Count, bounds, extremes and change of n records, oldest first. */
static void summarize(
	petory_growth_summary *s, const petory_growth_record *rows, size_t n)
{
	size_t i;
	int64_t first, change, sign;
	memset(s, 0, sizeof(*s));
	s->count = (int64_t)n;
	if (n == 0)
		return;
	memcpy(s->first_date, rows[0].date, sizeof(s->first_date));
	memcpy(s->last_date, rows[n - 1].date, sizeof(s->last_date));
	s->min_cg = s->max_cg = rows[0].weight_cg;
	for (i = 1; i < n; i++) {
		if (rows[i].weight_cg < s->min_cg)
			s->min_cg = rows[i].weight_cg;
		if (rows[i].weight_cg > s->max_cg)
			s->max_cg = rows[i].weight_cg;
	}
	first = rows[0].weight_cg;
	change = s->change_cg = rows[n - 1].weight_cg - first;
	if (n < 2)
		return;
	/* tenths of a percent, rounded half away from zero, in integers */
	sign = change < 0 ? -1 : 1;
	s->has_change_percent = 1;
	s->change_permille =
		sign * ((2 * 1000 * sign * change + first) / (2 * first));
}

int petory_growth_list(petory_growth_range *out, petory *db,
	const petory_identity *actor, int64_t pet_id, const char *from,
	const char *to)
{
	petory__invalid v;
	int64_t owner_id = 0;
	int error;

	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = diary_pet(&owner_id, db, actor, pet_id)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (from && !petory__date_valid(from))
		petory__invalid_field(
			&v, "from", "must be a date (YYYY-MM-DD)");
	if (to && !petory__date_valid(to))
		petory__invalid_field(&v, "to", "must be a date (YYYY-MM-DD)");
	else if (from && to && petory__date_valid(from) && strcmp(from, to) > 0)
		petory__invalid_field(&v, "to", "must not be before from");
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__store_growth_list(
			 &out->items, &out->count, db, pet_id, from, to)) < 0)
		return error;
	summarize(&out->summary, out->items, out->count);
	return 0;
}

/* The record record_id of pet_id, for a caller who may use the pet. */
static int diary_record(petory_growth_record **out, int64_t *owner_out,
	petory *db, const petory_identity *actor, int64_t pet_id,
	int64_t record_id)
{
	int error;
	*out = NULL;
	if ((error = diary_pet(owner_out, db, actor, pet_id)) < 0)
		return error;
	if ((error = petory__store_growth_get(out, db, record_id)) < 0)
		return petory__absent_as(error, record_not_found);
	if ((*out)->pet_id != pet_id) {
		petory_growth_record_free(*out);
		*out = NULL;
		return record_not_found();
	}
	return 0;
}

int petory_growth_update(petory_growth_record **out, petory *db,
	const petory_identity *actor, int64_t pet_id, int64_t record_id,
	const petory_growth_input *patch)
{
	static const petory_growth_input empty;
	petory_growth_record *rec = NULL;
	int64_t owner_id = 0;
	int error;

	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (!patch)
		patch = &empty;
	if ((error = diary_record(
		     &rec, &owner_id, db, actor, pet_id, record_id)) < 0)
		return error;
	if ((error = apply_input(db, owner_id, patch, 0, rec)) < 0 ||
		(error = petory__store_growth_update(db, rec, petory_now(db))) <
			0) {
		petory_growth_record_free(rec);
		if (error == PETORY_EEXISTS)
			return record_exists();
		return petory__absent_as(error, record_not_found);
	}
	*out = rec;
	return 0;
}

int petory_growth_delete(petory *db, const petory_identity *actor,
	int64_t pet_id, int64_t record_id)
{
	petory_growth_record *rec = NULL;
	int64_t owner_id = 0;
	int error;
	if ((error = diary_record(
		     &rec, &owner_id, db, actor, pet_id, record_id)) < 0)
		return error;
	petory_growth_record_free(rec);
	error = petory__store_growth_delete(db, record_id);
	return petory__absent_as(error, record_not_found);
}
