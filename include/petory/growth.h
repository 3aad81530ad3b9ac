/* growth.h -- a pet's growth diary: one weight (and optional length and
 * note) per pet per calendar date, its summary and its CSV export.
 *
 * Every call is the pet owner's (or the system identity's, for operator
 * tools): a pet of another user, a deleted pet and an unknown id answer
 * ENOTFOUND "PET_NOT_FOUND"; a record of another pet answers ENOTFOUND
 * "GROWTH_RECORD_NOT_FOUND".  Weights are kept as integer hundredths of a
 * kilogram and lengths as integer millimetres, so 12.34 kg round-trips
 * exactly; see petory_growth_input for how decimal numbers are accepted.
 */
#ifndef PETORY_GROWTH_H
#define PETORY_GROWTH_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

/** One diary record.  Free with petory_growth_record_free(). */
typedef struct petory_growth_record {
	int64_t id;
	int64_t pet_id;
	char date[11];     /**< YYYY-MM-DD */
	int64_t weight_cg; /**< weight in hundredths of a kg (1..20000) */
	int64_t length_mm; /**< length in millimetres; 0: none */
	char *note;        /**< NULL: none */
	petory_time_ms created_at;
	petory_time_ms updated_at;
} petory_growth_record;

/** The summary of a range: change between its first and last record. */
typedef struct petory_growth_summary {
	int64_t count;
	char first_date[11]; /**< "" when count is 0 */
	char last_date[11];
	int64_t min_cg, max_cg, change_cg; /**< meaningful when count > 0 */
	/** 1 when count >= 2: change_permille is the change in tenths of a
	 * percent of the first weight, rounded half away from zero. */
	int has_change_percent;
	int64_t change_permille;
} petory_growth_summary;

/** Records of a range, oldest first, and their summary. */
typedef struct petory_growth_range {
	petory_growth_record *items;
	size_t count;
	petory_growth_summary summary;
} petory_growth_range;

/** Create: date and weight required.  Update: absent fields stay.
 *
 * Numbers arrive as doubles (JSON): weight_kg must be 0.01..200 with at
 * most 2 decimals and length_cm 0.1..300 with at most 1 decimal, where a
 * value has n decimals when x * 10^n lies within 1e-9 of an integer (so
 * 0.1 + 0.2 is 0.30, 12.345 is refused).  The date must be a real day,
 * not after today in the owner's zone (the user's time zone, else the
 * configured one). */
typedef struct petory_growth_input {
	const char *date; /**< YYYY-MM-DD */
	int has_weight;
	double weight_kg;
	int has_length;
	double length_cm;
	int clear_length; /**< update: remove the length */
	const char *note; /**< <= 200 characters; update: "" removes it */
} petory_growth_input;

PETORY_EXTERN void petory_growth_record_free(petory_growth_record *rec);
PETORY_EXTERN void petory_growth_range_dispose(petory_growth_range *list);

/** Add a record; ECONFLICT "GROWTH_RECORD_EXISTS" when the pet has one
 * for that date. */
PETORY_EXTERN int petory_growth_create(petory_growth_record **out, petory *db,
	const petory_identity *actor, int64_t pet_id,
	const petory_growth_input *in);

/** Records of the pet between from and to (inclusive dates; NULL: open),
 * oldest first, with the summary; EINVALID when from > to. */
PETORY_EXTERN int petory_growth_list(petory_growth_range *out, petory *db,
	const petory_identity *actor, int64_t pet_id, const char *from,
	const char *to);

/** Change a record; moving it onto another record's date is ECONFLICT
 * "GROWTH_RECORD_EXISTS". */
PETORY_EXTERN int petory_growth_update(petory_growth_record **out, petory *db,
	const petory_identity *actor, int64_t pet_id, int64_t record_id,
	const petory_growth_input *patch);

PETORY_EXTERN int petory_growth_delete(petory *db, const petory_identity *actor,
	int64_t pet_id, int64_t record_id);

/** The records of list as CSV (RFC 4180: CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled), header row
 * `date,weight_kg,length_cm,note`.  A note starting with '=', '+', '-' or
 * '@' gets a leading "'" so that spreadsheets do not run it as a formula.
 * *out is malloc'd (petory_free), *len_out its length. */
PETORY_EXTERN int petory_growth_csv(
	char **out, size_t *len_out, const petory_growth_range *list);

PETORY_END_DECL

#endif
