/* lost_pet.c -- the lost_pets table of the SQLite petory_store: watched
 * areas, alerts, the users each alert reached, sightings (the domain file
 * it serves: domain/lost_pet.c; the PostgreSQL twin:
 * store/postgres/lost_pet.c).
 *
 * Invariants kept here:
 *   - every alert_areas row has one or two alert_areas_geo (R*Tree) rows,
 *     ids user_id * 2 + part, written in its transaction; together they
 *     cover every point within the area's radius (area_boxes);
 *   - an alert, its images, its lost_pet_alerted rows and their
 *     notifications are written in one transaction; alerted_count is the
 *     number of its lost_pet_alerted rows;
 *   - a pet has at most one LOST alert (a partial unique index).
 *
 * Bounding boxes: half-height r / 111195.08 degrees (metres per degree on
 * the mean Earth sphere of the haversine); half-width
 * asin(sin(r/R) / cos(lat)), the exact widest longitude of a circle on
 * the sphere, so nothing is lost at high latitudes; a circle that holds
 * a pole (sin(r/R) >= cos(lat)) spans every longitude; a box that crosses
 * the antimeridian is cut in two.  Both are widened by a hair against
 * rounding; the R*Tree's 32-bit floats round outward, and the exact
 * haversine decides.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define DB_OF(st) petory__sqlite_store_db(st)
#define WITH_CONN(st, conn, body) PETORY__WITH_CONN(DB_OF(st), conn, body)

#define EARTH_RADIUS_M 6371008.8
#define METRES_PER_DEGREE 111195.08
#define PI 3.14159265358979323846

typedef struct geo_box {
	double min_lat, max_lat, min_lng, max_lng;
} geo_box;

/* The one or two boxes that cover the circle; returns how many. */
static int area_boxes(geo_box out[2], double lat, double lng, double r)
{
	double dlat = r / METRES_PER_DEGREE * 1.0001 + 1e-6;
	double s = sin(r / EARTH_RADIUS_M), c = cos(lat * PI / 180.0);
	double dlng, lo, hi;
	out[0].min_lat = lat - dlat < -90 ? -90 : lat - dlat;
	out[0].max_lat = lat + dlat > 90 ? 90 : lat + dlat;
	if (s >= c || out[0].min_lat <= -90 || out[0].max_lat >= 90)
		dlng = 180;
	else
		dlng = asin(s / c) * 180.0 / PI * 1.0001 + 1e-6;
	if (dlng >= 180) {
		out[0].min_lng = -180;
		out[0].max_lng = 180;
		return 1;
	}
	lo = lng - dlng;
	hi = lng + dlng;
	out[1] = out[0];
	if (lo < -180) {
		out[0].min_lng = lo + 360;
		out[0].max_lng = 180;
		out[1].min_lng = -180;
		out[1].max_lng = hi;
		return 2;
	}
	if (hi > 180) {
		out[0].min_lng = lo;
		out[0].max_lng = 180;
		out[1].min_lng = -180;
		out[1].max_lng = hi - 360;
		return 2;
	}
	out[0].min_lng = lo;
	out[0].max_lng = hi;
	return 1;
}

static int area_put_locked(petory__conn *conn, const petory_alert_area *a)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_ALERT_AREA_PUT);
	geo_box boxes[2];
	int n, i, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->user_id);
	sqlite3_bind_double(s, 2, a->latitude);
	sqlite3_bind_double(s, 3, a->longitude);
	sqlite3_bind_int64(s, 4, a->radius_m);
	sqlite3_bind_int(s, 5, a->enabled ? 1 : 0);
	sqlite3_bind_int64(s, 6, a->updated_at);
	if ((error = petory__step_done(conn, s, 0)) < 0) {
		/* the only foreign key: the user */
		if (error == PETORY_EBACKEND &&
			sqlite3_extended_errcode(conn->db) ==
				SQLITE_CONSTRAINT_FOREIGNKEY)
			return petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such user");
		return error;
	}
	if (!(s = petory__stmt(conn, PETORY__STMT_ALERT_AREA_GEO_CLEAR)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->user_id);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	n = area_boxes(boxes, a->latitude, a->longitude, (double)a->radius_m);
	for (i = 0; i < n; i++) {
		if (!(s = petory__stmt(conn, PETORY__STMT_ALERT_AREA_GEO_PUT)))
			return petory_error_last()->code;
		sqlite3_bind_int64(s, 1, a->user_id * 2 + i);
		sqlite3_bind_double(s, 2, boxes[i].min_lat);
		sqlite3_bind_double(s, 3, boxes[i].max_lat);
		sqlite3_bind_double(s, 4, boxes[i].min_lng);
		sqlite3_bind_double(s, 5, boxes[i].max_lng);
		if ((error = petory__step_done(conn, s, 0)) < 0)
			return error;
	}
	return 0;
}

static int alert_area_put(petory_store *st, const petory_alert_area *a)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn, area_put_locked(conn, a));
	});
	return error;
}

static int no_area(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no alert area");
}

static int alert_area_get(
	petory_alert_area *out, petory_store *st, int64_t user_id)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_ALERT_AREA_GET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			out->user_id = sqlite3_column_int64(s, 0);
			out->latitude = sqlite3_column_double(s, 1);
			out->longitude = sqlite3_column_double(s, 2);
			out->radius_m = sqlite3_column_int64(s, 3);
			out->enabled = sqlite3_column_int(s, 4);
			out->updated_at = sqlite3_column_int64(s, 5);
		} else if (rc == SQLITE_DONE) {
			error = no_area();
		} else {
			error = petory__sqlite_error(
				conn, rc, "alert_area_get");
		}
		petory__stmt_done(s);
	});
	return error;
}

static int alert_area_delete(petory_store *st, int64_t user_id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_ALERT_AREA_DELETE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
			error = no_area();
	});
	return error;
}

/* Step s, whose rows hold an id in column col, into a malloc'd array. */
static int collect_ids(int64_t **out, size_t *count_out, petory__conn *conn,
	sqlite3_stmt *s, int col, int64_t *second, const char *what)
{
	int64_t *ids = NULL, *grown;
	size_t n = 0, cap = 0;
	int rc, error = 0;
	(void)second;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = realloc(ids, cap * sizeof(*ids)))) {
				error = petory__error_oom();
				break;
			}
			ids = grown;
		}
		ids[n++] = sqlite3_column_int64(s, col);
	}
	if (!error && rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, what);
	petory__stmt_done(s);
	if (error) {
		free(ids);
		return error;
	}
	*out = ids;
	*count_out = n;
	return 0;
}

static int lost_pet_match(int64_t **users_out, size_t *count_out,
	petory_store *st, int64_t owner_id, double latitude, double longitude)
{
	int error = 0;
	*users_out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_LOST_PET_MATCH);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_double(s, 1, latitude);
		sqlite3_bind_double(s, 2, longitude);
		sqlite3_bind_int64(s, 3, owner_id);
		error = collect_ids(users_out, count_out, conn, s, 0, NULL,
			"lost_pet_match");
	});
	return error;
}

/* Insert the notification of `note` (link + alert id) to every user that
 * alert_id reached (inside a transaction); *out lists them. */
static int notify_alerted(petory_lost_pet_alerted **out, size_t *count_out,
	petory__conn *conn, int64_t alert_id, const petory_notification *note)
{
	sqlite3_stmt *s =
		petory__stmt(conn, PETORY__STMT_LOST_PET_NOTIFY_ALERTED);
	petory_lost_pet_alerted *items = NULL, *grown;
	size_t n = 0, cap = 0;
	int rc, error = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, alert_id);
	sqlite3_bind_int(s, 2, (int)note->type);
	sqlite3_bind_text(s, 3, note->content, -1, SQLITE_STATIC);
	sqlite3_bind_text(
		s, 4, note->link ? note->link : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, note->created_at);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = realloc(items, cap * sizeof(*items)))) {
				error = petory__error_oom();
				break;
			}
			items = grown;
		}
		items[n].notification_id = sqlite3_column_int64(s, 0);
		items[n].user_id = sqlite3_column_int64(s, 1);
		n++;
	}
	if (!error && rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, "lost_pet notify");
	petory__stmt_done(s);
	if (error) {
		free(items);
		return error;
	}
	*out = items;
	*count_out = n;
	return 0;
}

static int insert_locked(petory_lost_pet_alerted **out, size_t *count_out,
	petory__conn *conn, petory_lost_pet *a, const petory_notification *note)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LOST_PET_INSERT);
	int rc, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->pet_id);
	sqlite3_bind_int64(s, 2, a->owner_id);
	sqlite3_bind_int64(s, 3, a->last_seen_at);
	sqlite3_bind_double(s, 4, a->latitude);
	sqlite3_bind_double(s, 5, a->longitude);
	sqlite3_bind_text(s, 6, a->description, -1, SQLITE_STATIC);
	petory__bind_text_or_null(s, 7, a->contact);
	sqlite3_bind_int64(s, 8, a->created_at);
	if ((error = petory__step_done(conn, s, 0)) < 0) {
		if (error == PETORY_EEXISTS)
			return petory_error_set(PETORY_EEXISTS, NULL,
				"the pet has a LOST alert");
		return error;
	}
	a->id = sqlite3_last_insert_rowid(conn->db);
	if (a->image_key_count &&
		((error = petory__sqlite_attach(conn, a->image_keys,
			  a->image_key_count, a->owner_id, PETORY_FILE_PET, 1,
			  a->created_at)) < 0 ||
			(error = petory__sqlite_add_image_rows(conn,
				 PETORY__STMT_LOST_PET_IMAGE_INSERT, a->id,
				 a->image_keys, a->image_key_count,
				 a->created_at)) < 0))
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_LOST_PET_ALERTED_INSERT)))
		return petory_error_last()->code;
	sqlite3_bind_double(s, 1, a->latitude);
	sqlite3_bind_double(s, 2, a->longitude);
	sqlite3_bind_int64(s, 3, a->owner_id);
	sqlite3_bind_int64(s, 4, a->id);
	if ((error = petory__step_done(conn, s, 0)) < 0 ||
		(error = notify_alerted(out, count_out, conn, a->id, note)) < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_LOST_PET_SET_ALERTED)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		a->alerted_count = sqlite3_column_int64(s, 0);
	else
		error = petory__sqlite_error(conn, rc, "lost_pet alerted");
	petory__stmt_done(s);
	return error;
}

static int lost_pet_insert(petory_lost_pet_alerted **out, size_t *count_out,
	petory_store *st, petory_lost_pet *a, const petory_notification *note)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, insert_locked(out, count_out, conn, a, note));
	});
	if (error) {
		free(*out);
		*out = NULL;
		*count_out = 0;
		a->id = 0;
		a->alerted_count = 0;
	}
	return error;
}

static int read_alert(petory_lost_pet *a, sqlite3_stmt *s)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	a->pet_id = sqlite3_column_int64(s, 1);
	a->owner_id = sqlite3_column_int64(s, 2);
	a->pet_name = petory__column_strdup(s, 3);
	a->species = petory__column_strdup(s, 4);
	a->status = (petory_lost_pet_status)sqlite3_column_int(s, 5);
	a->last_seen_at = sqlite3_column_int64(s, 6);
	a->latitude = sqlite3_column_double(s, 7);
	a->longitude = sqlite3_column_double(s, 8);
	a->description = petory__column_strdup(s, 9);
	a->alerted_count = sqlite3_column_int64(s, 11);
	a->created_at = sqlite3_column_int64(s, 12);
	a->closed_at = sqlite3_column_int64(s, 13);
	a->distance = -1;
	if (!a->pet_name || !a->species || !a->description ||
		petory__column_text(&a->contact, s, 10) < 0)
		return petory__error_oom();
	return 0;
}

/* The alert's own images and its pet's photos. */
static int alert_images(petory__conn *conn, petory_lost_pet *a)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LOST_PET_IMAGES);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->id);
	if ((error = petory__sqlite_images(
		     &a->images, &a->image_count, conn, s)) < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_PET_IMAGES)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->pet_id);
	return petory__sqlite_images(
		&a->pet_images, &a->pet_image_count, conn, s);
}

static int alert_sightings(petory__conn *conn, petory_lost_pet *a)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LOST_PET_SIGHTINGS);
	petory_lost_pet_sighting *items = NULL, *grown;
	size_t n = 0, cap = 0, i;
	int rc, error = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if (!(grown = realloc(items, cap * sizeof(*items)))) {
				error = petory__error_oom();
				break;
			}
			items = grown;
		}
		memset(&items[n], 0, sizeof(items[n]));
		items[n].id = sqlite3_column_int64(s, 0);
		items[n].alert_id = sqlite3_column_int64(s, 1);
		items[n].user_id = sqlite3_column_int64(s, 2);
		items[n].latitude = sqlite3_column_double(s, 3);
		items[n].longitude = sqlite3_column_double(s, 4);
		items[n].seen_at = sqlite3_column_int64(s, 5);
		items[n].created_at = sqlite3_column_int64(s, 7);
		n++;
		if ((error = petory__column_text(&items[n - 1].note, s, 6)) < 0)
			break;
	}
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = petory__sqlite_error(conn, rc, "lost_pet sightings");
	petory__stmt_done(s);
	a->sightings = items;
	a->sighting_count = n;
	for (i = 0; !error && i < n; i++) {
		if (!(s = petory__stmt(
			      conn, PETORY__STMT_LOST_PET_SIGHTING_IMAGES)))
			return petory_error_last()->code;
		sqlite3_bind_int64(s, 1, items[i].id);
		error = petory__sqlite_images(
			&items[i].images, &items[i].image_count, conn, s);
	}
	return error;
}

static int lost_pet_get(petory_lost_pet **out, petory_store *st, int64_t id)
{
	petory_lost_pet *a = NULL;
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LOST_PET_GET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (!(a = calloc(1, sizeof(*a))))
				error = petory__error_oom();
			else
				error = read_alert(a, s);
		} else if (rc == SQLITE_DONE) {
			error = petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such alert");
		} else {
			error = petory__sqlite_error(conn, rc, "lost_pet_get");
		}
		petory__stmt_done(s);
		if (!error)
			error = alert_images(conn, a);
		if (!error)
			error = alert_sightings(conn, a);
	});
	if (error) {
		petory_lost_pet_free(a);
		return error;
	}
	*out = a;
	return 0;
}

static int read_near(void *obj, sqlite3_stmt *s)
{
	petory_lost_pet *a = obj;
	int error = read_alert(a, s);
	a->distance = sqlite3_column_double(s, 14);
	return error;
}

static int lost_pet_near(petory_lost_pet_page *out, petory_store *st,
	double latitude, double longitude, double radius_m, int64_t offset,
	int64_t limit)
{
	double dlat = radius_m / METRES_PER_DEGREE * 1.0001 + 1e-6;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *c =
			petory__stmt(conn, PETORY__STMT_LOST_PET_NEAR_COUNT);
		sqlite3_stmt *l =
			petory__stmt(conn, PETORY__STMT_LOST_PET_NEAR);
		void *items = NULL;
		size_t i;
		if (!c || !l) {
			error = petory_error_last()->code;
			if (c)
				petory__stmt_done(c);
			break;
		}
		sqlite3_bind_double(c, 1, latitude);
		sqlite3_bind_double(c, 2, longitude);
		sqlite3_bind_double(c, 3, latitude - dlat);
		sqlite3_bind_double(c, 4, latitude + dlat);
		sqlite3_bind_double(c, 5, radius_m);
		sqlite3_bind_double(l, 1, latitude);
		sqlite3_bind_double(l, 2, longitude);
		sqlite3_bind_double(l, 3, latitude - dlat);
		sqlite3_bind_double(l, 4, latitude + dlat);
		sqlite3_bind_double(l, 5, radius_m);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, c, l, offset, limit, sizeof(petory_lost_pet),
			read_near, "lost_pet_near");
		out->items = items;
		for (i = 0; !error && i < out->count; i++)
			error = alert_images(conn, &out->items[i]);
	});
	if (error)
		petory_lost_pet_page_dispose(out);
	return error;
}

/* The alert's owner and status (owner 0: no such alert). */
static int alert_state(
	petory__conn *conn, int64_t id, int64_t *owner, int *status)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LOST_PET_STATE);
	int rc, error = 0;
	*owner = 0;
	*status = -1;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*owner = sqlite3_column_int64(s, 0);
		*status = sqlite3_column_int(s, 1);
	} else if (rc != SQLITE_DONE) {
		error = petory__sqlite_error(conn, rc, "lost_pet state");
	}
	petory__stmt_done(s);
	if (!error && *owner == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such alert");
	else if (!error && *status != PETORY_LOST_PET_LOST)
		error = petory_error_set(
			PETORY_ECONFLICT, NULL, "the alert is closed");
	return error;
}

static int close_locked(petory_lost_pet_alerted **out, size_t *count_out,
	petory__conn *conn, int64_t id, petory_lost_pet_status to,
	const petory_notification *note, petory_time_ms now)
{
	sqlite3_stmt *s;
	int64_t owner;
	int status, error;
	if ((error = alert_state(conn, id, &owner, &status)) < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_LOST_PET_CLOSE)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, (int)to);
	sqlite3_bind_int64(s, 3, now);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	return note ? notify_alerted(out, count_out, conn, id, note) : 0;
}

static int lost_pet_close(petory_lost_pet_alerted **out, size_t *count_out,
	petory_store *st, int64_t id, petory_lost_pet_status to,
	const petory_notification *note, petory_time_ms now)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn,
			close_locked(out, count_out, conn, id, to, note, now));
	});
	if (error) {
		free(*out);
		*out = NULL;
		*count_out = 0;
	}
	return error;
}

static int lost_pet_cancel_for_pet(
	int *closed_out, petory_store *st, int64_t pet_id, petory_time_ms now)
{
	int error = 0;
	*closed_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(
			conn, PETORY__STMT_LOST_PET_CANCEL_FOR_PET);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, pet_id);
		sqlite3_bind_int64(s, 2, now);
		if ((error = petory__step_done(conn, s, 0)) == 0)
			*closed_out = sqlite3_changes(conn->db) > 0;
	});
	return error;
}

static int sighting_locked(petory__conn *conn, petory_lost_pet_sighting *si,
	petory_notification *n)
{
	sqlite3_stmt *s;
	int64_t owner;
	int status, error;
	if ((error = alert_state(conn, si->alert_id, &owner, &status)) < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_LOST_PET_SIGHTING_INSERT)))
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, si->alert_id);
	sqlite3_bind_int64(s, 2, si->user_id);
	sqlite3_bind_double(s, 3, si->latitude);
	sqlite3_bind_double(s, 4, si->longitude);
	sqlite3_bind_int64(s, 5, si->seen_at);
	petory__bind_text_or_null(s, 6, si->note);
	sqlite3_bind_int64(s, 7, si->created_at);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	si->id = sqlite3_last_insert_rowid(conn->db);
	if (si->image_key_count &&
		((error = petory__sqlite_attach(conn, si->image_keys,
			  si->image_key_count, si->user_id, PETORY_FILE_PET, 1,
			  si->created_at)) < 0 ||
			(error = petory__sqlite_add_image_rows(conn,
				 PETORY__STMT_LOST_PET_SIGHTING_IMAGE_INSERT,
				 si->id, si->image_keys, si->image_key_count,
				 si->created_at)) < 0))
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_NOTIFICATION_INSERT)))
		return petory_error_last()->code;
	n->user_id = owner;
	sqlite3_bind_int64(s, 1, owner);
	sqlite3_bind_int(s, 2, (int)n->type);
	sqlite3_bind_text(s, 3, n->content, -1, SQLITE_STATIC);
	petory__bind_text_or_null(s, 4, n->link);
	sqlite3_bind_int64(s, 5, n->created_at);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	n->id = sqlite3_last_insert_rowid(conn->db);
	return 0;
}

static int sighting_insert(petory_store *st, petory_lost_pet_sighting *s,
	petory_notification *note)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn, sighting_locked(conn, s, note));
	});
	if (error) {
		s->id = 0;
		note->id = 0;
	}
	return error;
}

static int lost_pet_file_public(
	int *public_out, petory_store *st, const char *key)
{
	int error = 0;
	*public_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_LOST_PET_FILE_PUBLIC);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*public_out = sqlite3_column_int(s, 0) != 0;
		else
			error = petory__sqlite_error(conn, rc, "file_public");
		petory__stmt_done(s);
	});
	return error;
}

const petory_store_lost_pets petory__sqlite_lost_pets = {
	.version = PETORY_STORE_LOST_PETS_VERSION,
	.alert_area_put = alert_area_put,
	.alert_area_get = alert_area_get,
	.alert_area_delete = alert_area_delete,
	.lost_pet_match = lost_pet_match,
	.lost_pet_insert = lost_pet_insert,
	.lost_pet_get = lost_pet_get,
	.lost_pet_near = lost_pet_near,
	.lost_pet_close = lost_pet_close,
	.lost_pet_cancel_for_pet = lost_pet_cancel_for_pet,
	.sighting_insert = sighting_insert,
	.lost_pet_file_public = lost_pet_file_public,
};
