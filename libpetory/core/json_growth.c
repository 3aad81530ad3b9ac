/* json_growth.c -- the API's JSON shapes of the growth diary.  Weights
 * (integer hundredths of a kg) and lengths (integer mm) become JSON
 * numbers by one division, which is the double nearest the decimal (so
 * 1234 renders as 12.34).  Each function returns a new reference or NULL
 * on allocation failure. */
#include "core/internal.h"
#include "petory/json.h"

static json_t *kg(int64_t cg)
{
	return json_real((double)cg / 100.0);
}

static json_t *string_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *petory_growth_record_to_json(const petory_growth_record *rec)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
		(json_int_t)rec->id, "petId", (json_int_t)rec->pet_id, "date",
		rec->date, "weightKg", kg(rec->weight_cg), "lengthCm",
		rec->length_mm > 0 ? json_real((double)rec->length_mm / 10.0)
				   : json_null(),
		"note", petory__json_string_or_null(rec->note), "createdAt",
		petory_time_to_json(rec->created_at), "updatedAt",
		petory_time_to_json(rec->updated_at));
}

static json_t *summary_to_json(const petory_growth_summary *s)
{
	int some = s->count > 0;
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "count",
		(json_int_t)s->count, "firstDate",
		string_or_null(s->first_date), "lastDate",
		string_or_null(s->last_date), "minKg",
		some ? kg(s->min_cg) : json_null(), "maxKg",
		some ? kg(s->max_cg) : json_null(), "changeKg",
		some ? kg(s->change_cg) : json_null(), "changePercent",
		s->has_change_percent
			? json_real((double)s->change_permille / 10.0)
			: json_null());
}

json_t *petory_growth_range_to_json(const petory_growth_range *list)
{
	json_t *records = json_array();
	size_t i;
	for (i = 0; records && i < list->count; i++)
		json_array_append_new(
			records, petory_growth_record_to_json(&list->items[i]));
	return json_pack("{s:o, s:o}", "records", records, "summary",
		summary_to_json(&list->summary));
}
