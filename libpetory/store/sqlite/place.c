/* place.c -- the places table of the SQLite petory_store (the domain
 * file it serves: domain/place.c).
 *
 * Invariants kept here: every places row has exactly one places_geo
 * (R*Tree) row with the same id and a zero-size box at its coordinates,
 * written in the same transaction; like_count equals the number of
 * place_likes rows of the place, because it moves only by the rows a
 * like/unlike changed, inside the transaction that changed them.
 * Methods report facts (ENOTFOUND, EEXISTS, ECONFLICT without a reason,
 * or an outcome); the domain names them.  Images: see place_images.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define DB_OF(st) petory__sqlite_store_db(st)
#define WITH_CONN(st, conn, body) PETORY__WITH_CONN(DB_OF(st), conn, body)

/* Metres per degree of latitude on the mean Earth sphere. */
#define METRES_PER_DEGREE 111195.08

static int not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such place");
}

/* A unique key of places taken: name and address (or source key). */
static int duplicate(int error)
{
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_EEXISTS, NULL,
			"a place with this name and address already exists");
	return error;
}

static int read_place(petory_place *p, sqlite3_stmt *s)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->name = petory__column_strdup(s, 1);
	p->info = petory__column_strdup(s, 2);
	p->type = (petory_place_type)sqlite3_column_int(s, 3);
	p->address = petory__column_strdup(s, 4);
	p->latitude = sqlite3_column_double(s, 5);
	p->longitude = sqlite3_column_double(s, 6);
	p->status = (petory_place_status)sqlite3_column_int(s, 7);
	p->like_count = sqlite3_column_int64(s, 8);
	p->review_count = sqlite3_column_int64(s, 9);
	p->rating_sum = sqlite3_column_int64(s, 10);
	p->created_by = sqlite3_column_int64(s, 11);
	p->created_at = sqlite3_column_int64(s, 12);
	p->updated_at = sqlite3_column_int64(s, 13);
	p->distance = -1;
	p->liked = -1;
	if (!p->name || !p->address ||
		(sqlite3_column_type(s, 2) != SQLITE_NULL && !p->info)) {
		free(p->name);
		free(p->info);
		free(p->address);
		return petory__error_oom();
	}
	return 0;
}

static int geo_put(petory__conn *conn, int64_t id, double lat, double lng)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_GEO_PUT);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_double(s, 2, lat);
	sqlite3_bind_double(s, 3, lng);
	return petory__step_done(conn, s, 0);
}

static int insert_locked(petory__conn *conn, petory_place *p)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_INSERT);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, p->name, -1, SQLITE_STATIC);
	petory__bind_text_or_null(s, 2, p->info);
	sqlite3_bind_int(s, 3, (int)p->type);
	sqlite3_bind_text(s, 4, p->address, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 5, p->latitude);
	sqlite3_bind_double(s, 6, p->longitude);
	sqlite3_bind_int64(s, 7, p->created_by);
	sqlite3_bind_int64(s, 8, p->created_at);
	petory__bind_text_or_null(s, 9, p->source_key);
	if ((error = duplicate(petory__step_done(conn, s, 0))) < 0)
		return error;
	p->id = sqlite3_last_insert_rowid(conn->db);
	if ((error = geo_put(conn, p->id, p->latitude, p->longitude)) < 0)
		return error;
	return petory__place_images_add(conn, p->id, p->created_by,
		p->image_keys, p->image_key_count, p->created_at);
}

static int place_insert(petory_store *st, petory_place *p)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn, insert_locked(conn, p));
	});
	return error;
}

static int place_get(
	petory_place **out, petory_store *st, int64_t id, int64_t viewer)
{
	petory_place *p = NULL;
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_BY_ID);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, viewer);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (!(p = malloc(sizeof(*p))))
				error = petory__error_oom();
			else if ((error = read_place(p, s)) < 0) {
				free(p);
				p = NULL;
			} else
				p->liked = viewer > 0
						   ? sqlite3_column_int(s, 14)
						   : -1;
		} else if (rc == SQLITE_DONE) {
			error = not_found();
		} else {
			error = petory__sqlite_error(conn, rc, "place_get");
		}
		petory__stmt_done(s);
		if (p)
			error = petory__place_images_all(conn, p);
	});
	if (error) {
		petory_place_free(p);
		return error;
	}
	*out = p;
	return 0;
}

static void places_clear(petory_place *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++) {
		free(items[i].name);
		free(items[i].info);
		free(items[i].address);
		petory__images_free(items[i].images, items[i].image_count);
	}
}

/* Read every row of s into a new array (at most cap rows). */
static int read_rows(petory__conn *conn, sqlite3_stmt *s, size_t cap,
	petory_place **out, size_t *count_out, int distance_col)
{
	petory_place *items = calloc(cap ? cap : 1, sizeof(*items));
	size_t n = 0;
	int rc = SQLITE_DONE, error = 0;
	if (!items)
		return petory__error_oom();
	while (n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((error = read_place(&items[n], s)) < 0)
			break;
		if (distance_col >= 0)
			items[n].distance =
				sqlite3_column_double(s, distance_col);
		n++;
	}
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = petory__sqlite_error(conn, rc, "place rows");
	if (!error)
		error = petory__place_images_first(conn, items, n);
	if (error) {
		places_clear(items, n);
		free(items);
		return error;
	}
	*out = items;
	*count_out = n;
	return 0;
}

static int place_get_many(petory_place **out, size_t *count_out,
	petory_store *st, const int64_t *ids, size_t n)
{
	char *list;
	size_t i;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	if (n == 0)
		return 0;
	if (!(list = petory__sqlite_ids_json(ids, n)))
		return petory__error_oom();
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_BY_IDS);
		petory_place *rows = NULL;
		petory_place *sorted;
		size_t count = 0;
		size_t k = 0;
		size_t j;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, list, -1, SQLITE_STATIC);
		error = read_rows(conn, s, n, &rows, &count, -1);
		petory__stmt_done(s);
		if (error)
			break;
		if (!(sorted = calloc(count ? count : 1, sizeof(*sorted)))) {
			places_clear(rows, count);
			free(rows);
			error = petory__error_oom();
			break;
		}
		/* the order of ids; each row is moved once */
		for (i = 0; i < n && k < count; i++)
			for (j = 0; j < count; j++)
				if (rows[j].id == ids[i] && rows[j].name) {
					sorted[k++] = rows[j];
					rows[j].name = NULL;
					break;
				}
		for (j = 0; j < count; j++)
			if (rows[j].name)
				places_clear(&rows[j], 1);
		free(rows);
		*out = sorted;
		*count_out = k;
	});
	free(list);
	return error;
}

static int update_locked(petory__conn *conn, const petory_place *p)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_UPDATE);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, p->id);
	sqlite3_bind_text(s, 2, p->name, -1, SQLITE_STATIC);
	petory__bind_text_or_null(s, 3, p->info);
	sqlite3_bind_int(s, 4, (int)p->type);
	sqlite3_bind_text(s, 5, p->address, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 6, p->latitude);
	sqlite3_bind_double(s, 7, p->longitude);
	sqlite3_bind_int64(s, 8, p->updated_at);
	error = petory__step_done(conn, s, 1);
	if (error == PETORY_ENOTFOUND)
		return not_found();
	if ((error = duplicate(error)) < 0)
		return error;
	return geo_put(conn, p->id, p->latitude, p->longitude);
}

static int place_update(petory_store *st, const petory_place *p)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn, update_locked(conn, p));
	});
	return error;
}

int petory__place_state_locked(
	petory__conn *conn, int64_t id, int *status, int *type, int64_t *likes)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_STATE);
	int rc, error = 0;
	*status = PETORY__PLACE_ABSENT;
	*type = 0;
	*likes = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*status = sqlite3_column_int(s, 0);
		*type = sqlite3_column_int(s, 1);
		*likes = sqlite3_column_int64(s, 2);
	} else if (rc != SQLITE_DONE) {
		error = petory__sqlite_error(conn, rc, "place_state");
	}
	petory__stmt_done(s);
	return error;
}

petory_store_outcome petory__place_open_outcome(int status)
{
	if (status == PETORY__PLACE_ABSENT || status == PETORY_PLACE_DELETED)
		return PETORY_STORE_ABSENT;
	if (status != PETORY_PLACE_ACTIVE)
		return PETORY_STORE_INACTIVE;
	return PETORY_STORE_APPLIED;
}

static int set_status_locked(petory__conn *conn, int64_t *likes, int *type,
	int64_t id, unsigned from_mask, petory_place_status to,
	int reset_reports, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_SET_STATUS);
	int status, error;
	if (!s)
		return petory_error_last()->code;
	if ((error = petory__place_state_locked(
		     conn, id, &status, type, likes)) < 0 ||
		(status == PETORY__PLACE_ABSENT && (error = not_found()) < 0)) {
		petory__stmt_done(s);
		return error;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, (int)from_mask);
	sqlite3_bind_int(s, 3, (int)to);
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int(s, 5, reset_reports);
	error = petory__step_done(conn, s, 1);
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ECONFLICT, NULL,
			"the place is %s",
			petory_place_status_name((petory_place_status)status));
	if (error || !reset_reports)
		return duplicate(error);
	/* the reports so far no longer count towards deactivation */
	if (!(s = petory__stmt(conn, PETORY__STMT_PLACE_REPORTS_UNCOUNT)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	return petory__step_done(conn, s, 0);
}

static int place_set_status(int64_t *like_count_out,
	petory_place_type *type_out, petory_store *st, int64_t id,
	unsigned from_mask, petory_place_status to, int reset_reports,
	petory_time_ms now)
{
	int64_t likes = 0;
	int type = 0, error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, set_status_locked(conn, &likes, &type, id,
				      from_mask, to, reset_reports, now));
	});
	if (!error && like_count_out)
		*like_count_out = likes;
	if (!error && type_out)
		*type_out = (petory_place_type)type;
	return error;
}

/* "%text%" with LIKE's wildcards escaped by '\'; NULL stays NULL. */
static char *like_pattern(const char *text)
{
	char *out, *o;
	if (!text)
		return NULL;
	if (!(out = malloc(strlen(text) * 2 + 3)))
		return NULL;
	o = out;
	*o++ = '%';
	for (; *text; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*o++ = '\\';
		*o++ = *text;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

/* The R*Tree box around (lat, lng) holding every point within radius
 * metres: near a pole or across the antimeridian the whole longitude
 * range is searched (the exact distance filter still applies). */
static void near_box(const petory_place_query *q, double box[4])
{
	double dlat = q->radius / METRES_PER_DEGREE * 1.01 + 1e-6;
	double lo = q->lat - dlat, hi = q->lat + dlat, dlng, edge;
	box[0] = lo < -90 ? -90 : lo;
	box[1] = hi > 90 ? 90 : hi;
	box[2] = -180;
	box[3] = 180;
	if (lo <= -90 || hi >= 90)
		return;
	edge = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
	dlng = dlat / cos(edge * 3.14159265358979323846 / 180.0);
	if (dlng >= 180 || q->lng - dlng < -180 || q->lng + dlng > 180)
		return;
	box[2] = q->lng - dlng;
	box[3] = q->lng + dlng;
}

static void bind_filters(sqlite3_stmt *s, const char *name, const char *addr,
	int type, const petory_place_query *q, const double box[4])
{
	petory__bind_text_or_null(s, 1, name);
	petory__bind_text_or_null(s, 2, addr);
	if (type >= 0)
		sqlite3_bind_int(s, 3, type);
	if (q->has_near) {
		sqlite3_bind_double(s, 4, box[0]);
		sqlite3_bind_double(s, 5, box[1]);
		sqlite3_bind_double(s, 6, box[2]);
		sqlite3_bind_double(s, 7, box[3]);
		sqlite3_bind_double(s, 8, q->lat);
		sqlite3_bind_double(s, 9, q->lng);
		sqlite3_bind_double(s, 10, q->radius);
	}
}

static int search_locked(petory__conn *conn, petory_place_page *out,
	const petory_place_query *q, const char *name, const char *addr,
	int type, int64_t offset, int64_t limit)
{
	double box[4] = { 0 };
	sqlite3_stmt *count, *list;
	int rc, error;
	if (q->has_near)
		near_box(q, box);
	count = petory__stmt(conn, q->has_near
					   ? PETORY__STMT_PLACE_NEAR_COUNT
					   : PETORY__STMT_PLACE_SEARCH_COUNT);
	list = petory__stmt(conn, q->has_near ? PETORY__STMT_PLACE_NEAR
					      : PETORY__STMT_PLACE_SEARCH);
	if (!count || !list)
		return petory_error_last()->code;
	bind_filters(count, name, addr, type, q, box);
	rc = sqlite3_step(count);
	if (rc == SQLITE_ROW)
		out->total = sqlite3_column_int64(count, 0);
	petory__stmt_done(count);
	if (rc != SQLITE_ROW)
		return petory__sqlite_error(conn, rc, "place count");
	bind_filters(list, name, addr, type, q, box);
	sqlite3_bind_int64(list, q->has_near ? 11 : 4, offset);
	sqlite3_bind_int64(list, q->has_near ? 12 : 5, limit);
	error = read_rows(conn, list, (size_t)limit, &out->items, &out->count,
		q->has_near ? 14 : -1);
	petory__stmt_done(list);
	return error;
}

static int place_search(petory_place_page *out, petory_store *st,
	const petory_place_query *q, int type, int64_t offset, int64_t limit)
{
	char *name = like_pattern(q->name), *addr = like_pattern(q->address);
	int error = 0;
	memset(out, 0, sizeof(*out));
	if ((q->name && !name) || (q->address && !addr)) {
		free(name);
		free(addr);
		return petory__error_oom();
	}
	WITH_CONN(st, conn,
		error = search_locked(
			conn, out, q, name, addr, type, offset, limit));
	free(name);
	free(addr);
	return error;
}

static int like_locked(petory__conn *conn, petory_store_outcome *outcome,
	petory_like_result *out, int *changed, int *type, int64_t user_id,
	int64_t place_id, petory_like_mode mode, petory_time_ms now)
{
	sqlite3_stmt *exists, *ins, *del, *add;
	int status, on, rc, error;
	int64_t likes;
	if ((error = petory__place_state_locked(
		     conn, place_id, &status, type, &likes)) < 0)
		return error;
	if ((*outcome = petory__place_open_outcome(status)) !=
		PETORY_STORE_APPLIED)
		return 0;
	on = mode == PETORY_LIKE_SET;
	if (mode == PETORY_LIKE_TOGGLE) {
		if (!(exists = petory__stmt(
			      conn, PETORY__STMT_PLACE_LIKE_EXISTS)))
			return petory_error_last()->code;
		sqlite3_bind_int64(exists, 1, user_id);
		sqlite3_bind_int64(exists, 2, place_id);
		rc = sqlite3_step(exists);
		petory__stmt_done(exists);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return petory__sqlite_error(conn, rc, "like_exists");
		on = rc == SQLITE_DONE;
	}
	if (on) {
		if (!(ins = petory__stmt(conn, PETORY__STMT_PLACE_LIKE_INSERT)))
			return petory_error_last()->code;
		sqlite3_bind_int64(ins, 1, user_id);
		sqlite3_bind_int64(ins, 2, place_id);
		sqlite3_bind_int64(ins, 3, now);
		error = petory__step_done(conn, ins, 0);
	} else {
		if (!(del = petory__stmt(conn, PETORY__STMT_PLACE_LIKE_DELETE)))
			return petory_error_last()->code;
		sqlite3_bind_int64(del, 1, user_id);
		sqlite3_bind_int64(del, 2, place_id);
		error = petory__step_done(conn, del, 0);
	}
	if (error < 0)
		return error;
	*changed = sqlite3_changes(conn->db) ? (on ? 1 : -1) : 0;
	*outcome = *changed ? PETORY_STORE_APPLIED : PETORY_STORE_UNCHANGED;
	if (*changed) {
		if (!(add = petory__stmt(conn, PETORY__STMT_PLACE_LIKE_ADD)))
			return petory_error_last()->code;
		sqlite3_bind_int64(add, 1, place_id);
		sqlite3_bind_int(add, 2, *changed);
		rc = sqlite3_step(add);
		if (rc == SQLITE_ROW)
			likes = sqlite3_column_int64(add, 0);
		petory__stmt_done(add);
		if (rc != SQLITE_ROW)
			return petory__sqlite_error(conn, rc, "like_count");
	}
	out->place_id = place_id;
	out->liked = on;
	out->like_count = likes;
	return 0;
}

static int place_like(petory_store_outcome *outcome_out,
	petory_like_result *out, int *changed_out, petory_place_type *type_out,
	petory_store *st, int64_t user_id, int64_t place_id,
	petory_like_mode mode, petory_time_ms now)
{
	petory_store_outcome outcome = PETORY_STORE_ABSENT;
	int changed = 0, type = 0, error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, like_locked(conn, &outcome, out, &changed, &type,
				      user_id, place_id, mode, now));
	});
	*outcome_out = outcome;
	*changed_out = error ? 0 : changed;
	*type_out = (petory_place_type)type;
	return error;
}

static int place_rank_truth(
	petory_rank_entry **out, size_t *count_out, petory_store *st, int type)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_PLACE_RANK_TRUTH);
		petory_rank_entry *entries = NULL;
		petory_rank_entry *grown;
		size_t n = 0;
		size_t cap = 0;
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (type >= 0)
			sqlite3_bind_int(s, 1, type);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				grown = realloc(entries, cap * sizeof(*grown));
				if (!grown) {
					error = petory__error_oom();
					break;
				}
				entries = grown;
			}
			entries[n].member = sqlite3_column_int64(s, 0);
			entries[n].score = (double)sqlite3_column_int64(s, 1);
			n++;
		}
		if (!error && rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "rank_truth");
		petory__stmt_done(s);
		if (error || n == 0) {
			free(entries);
			break;
		}
		*out = entries;
		*count_out = n;
	});
	return error;
}

const petory_store_places petory__sqlite_places = {
	.version = PETORY_STORE_PLACES_VERSION,
	.place_insert = place_insert,
	.place_get = place_get,
	.place_get_many = place_get_many,
	.place_update = place_update,
	.place_set_status = place_set_status,
	.place_search = place_search,
	.place_like = place_like,
	.place_rank_truth = place_rank_truth,
	.place_add_images = petory__sqlite_place_add_images,
	.place_image_delete = petory__sqlite_place_image_delete,
};
