/* lost_pet.c -- the lost_pets table of the PostgreSQL petory_store:
 * watched areas, alerts, the users each alert reached, sightings (the
 * domain file it serves: domain/lost_pet.c; the SQLite twin:
 * store/sqlite/lost_pet.c).  Statements: sql_lost_pets.h.
 *
 * Invariants kept here:
 *   - an alert, its images, its lost_pet_alerted rows and their
 *     notifications are written in one transaction (petory__pg_transact,
 *     READ COMMITTED); alerted_count is the number of its
 *     lost_pet_alerted rows;
 *   - a pet has at most one LOST alert (a partial unique index);
 *   - a status move and a sighting first lock the alert's row
 *     (LOST_PET_STATE ... FOR UPDATE), so a sighting never lands on an
 *     alert closed meanwhile;
 *   - transaction bodies set their out-values afresh on each run.
 * Methods report facts (ENOTFOUND, EEXISTS, ECONFLICT without a reason);
 * the domain names them.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_rows.h"

#define POOL(st) PETORY__PG_POOL(st)

static int no_area(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no alert area");
}

static int no_alert(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such alert");
}

static int alert_area_put(petory_store *st, const petory_alert_area *a)
{
	petory__pg_params p;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a->user_id);
	petory__pg_param_double(&p, a->latitude);
	petory__pg_param_double(&p, a->longitude);
	petory__pg_param_int64(&p, a->radius_m);
	petory__pg_param_int64(&p, a->enabled ? 1 : 0);
	petory__pg_param_int64(&p, a->updated_at);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_exec(
			NULL, conn, PETORY__PG_STMT_ALERT_AREA_PUT, &p);
		if (error == PETORY_EBACKEND && petory__pg_fk_violated(conn))
			error = petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such user");
	});
	return error;
}

static int alert_area_get(
	petory_alert_area *out, petory_store *st, int64_t user_id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	if ((error = petory__pg_run(
		     &r, POOL(st), PETORY__PG_STMT_ALERT_AREA_GET, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = no_area();
	else if ((error = petory__pg_get_int64(&out->user_id, r, 0, 0)) == 0 &&
		 (error = petory__pg_get_double(&out->latitude, r, 0, 1)) ==
			 0 &&
		 (error = petory__pg_get_double(&out->longitude, r, 0, 2)) ==
			 0 &&
		 (error = petory__pg_get_int64(&out->radius_m, r, 0, 3)) == 0 &&
		 (error = petory__pg_get_int(&out->enabled, r, 0, 4)) == 0)
		error = petory__pg_get_int64(&out->updated_at, r, 0, 5);
	PQclear(r);
	return error;
}

static int alert_area_delete(petory_store *st, int64_t user_id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	if ((error = petory__pg_run(
		     &r, POOL(st), PETORY__PG_STMT_ALERT_AREA_DELETE, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = no_area();
	PQclear(r);
	return error;
}

static int lost_pet_match(int64_t **users_out, size_t *count_out,
	petory_store *st, int64_t owner_id, double latitude, double longitude)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t *ids = NULL;
	int n, i, error;
	*users_out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_double(&p, latitude);
	petory__pg_param_double(&p, longitude);
	petory__pg_param_int64(&p, owner_id);
	if ((error = petory__pg_run(
		     &r, POOL(st), PETORY__PG_STMT_LOST_PET_MATCH, &p)) < 0)
		return error;
	n = PQntuples(r);
	if (n > 0 && !(ids = malloc((size_t)n * sizeof(*ids))))
		error = petory__error_oom();
	for (i = 0; !error && i < n; i++)
		error = petory__pg_get_int64(&ids[i], r, i, 0);
	PQclear(r);
	if (error) {
		free(ids);
		return error;
	}
	*users_out = ids;
	*count_out = (size_t)n;
	return 0;
}

/* Insert `note` (link + alert id) for every user alert_id reached; *out
 * lists them (a fresh array on every run). */
static int notify_alerted(petory_lost_pet_alerted **out, size_t *count_out,
	petory__pg_conn *conn, int64_t alert_id,
	const petory_notification *note)
{
	petory__pg_params p;
	PGresult *r = NULL;
	petory_lost_pet_alerted *items = NULL;
	int n, i, error;
	free(*out);
	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, alert_id);
	petory__pg_param_int64(&p, (int64_t)note->type);
	petory__pg_param_text(&p, note->content);
	petory__pg_param_text(&p, note->link ? note->link : "");
	petory__pg_param_int64(&p, note->created_at);
	if ((error = petory__pg_exec(&r, conn,
		     PETORY__PG_STMT_LOST_PET_NOTIFY_ALERTED, &p)) < 0)
		return error;
	n = PQntuples(r);
	if (n > 0 && !(items = malloc((size_t)n * sizeof(*items))))
		error = petory__error_oom();
	for (i = 0; !error && i < n; i++)
		if ((error = petory__pg_get_int64(
			     &items[i].notification_id, r, i, 0)) == 0)
			error = petory__pg_get_int64(
				&items[i].user_id, r, i, 1);
	PQclear(r);
	if (error) {
		free(items);
		return error;
	}
	*out = items;
	*count_out = (size_t)n;
	return 0;
}

typedef struct insert_tx {
	petory_lost_pet *a;
	const petory_notification *note;
	petory_lost_pet_alerted *alerted;
	size_t count;
	int64_t id, alerted_count;
} insert_tx;

static int insert_body(petory__pg_conn *conn, void *payload)
{
	insert_tx *t = payload;
	petory_lost_pet *a = t->a;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	t->id = 0;
	t->alerted_count = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a->pet_id);
	petory__pg_param_int64(&p, a->owner_id);
	petory__pg_param_int64(&p, a->last_seen_at);
	petory__pg_param_double(&p, a->latitude);
	petory__pg_param_double(&p, a->longitude);
	petory__pg_param_text(&p, a->description);
	petory__pg_param_text(&p, a->contact);
	petory__pg_param_int64(&p, a->created_at);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LOST_PET_INSERT, &p)) < 0) {
		if (error == PETORY_EEXISTS)
			return petory_error_set(PETORY_EEXISTS, NULL,
				"the pet has a LOST alert");
		return error;
	}
	error = petory__pg_get_int64(&t->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	if (a->image_key_count &&
		((error = petory__pg_attach(conn, a->image_keys,
			  a->image_key_count, a->owner_id, PETORY_FILE_PET, 1,
			  a->created_at)) < 0 ||
			(error = petory__pg_add_image_rows(conn,
				 PETORY__PG_STMT_LOST_PET_IMAGE_INSERT, t->id,
				 a->image_keys, a->image_key_count,
				 a->created_at)) < 0))
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_double(&p, a->latitude);
	petory__pg_param_double(&p, a->longitude);
	petory__pg_param_int64(&p, a->owner_id);
	petory__pg_param_int64(&p, t->id);
	if ((error = petory__pg_exec(NULL, conn,
		     PETORY__PG_STMT_LOST_PET_ALERTED_INSERT, &p)) < 0 ||
		(error = notify_alerted(
			 &t->alerted, &t->count, conn, t->id, t->note)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LOST_PET_SET_ALERTED, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&t->alerted_count, r, 0, 0);
	PQclear(r);
	return error;
}

static int lost_pet_insert(petory_lost_pet_alerted **out, size_t *count_out,
	petory_store *st, petory_lost_pet *a, const petory_notification *note)
{
	insert_tx t = { a, note, NULL, 0, 0, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, insert_body, &t);
	*out = NULL;
	*count_out = 0;
	if (error) {
		free(t.alerted);
		return error;
	}
	a->id = t.id;
	a->alerted_count = t.alerted_count;
	*out = t.alerted;
	*count_out = t.count;
	return 0;
}

static int read_alert(void *obj, const PGresult *r, int row)
{
	petory_lost_pet *a = obj;
	int status = 0, error;
	memset(a, 0, sizeof(*a));
	a->distance = -1;
	if ((error = petory__pg_get_int64(&a->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&a->pet_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&a->owner_id, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&a->pet_name, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&a->species, r, row, 4)) < 0 ||
		(error = petory__pg_get_int(&status, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&a->last_seen_at, r, row, 6)) <
			0 ||
		(error = petory__pg_get_double(&a->latitude, r, row, 7)) < 0 ||
		(error = petory__pg_get_double(&a->longitude, r, row, 8)) < 0 ||
		(error = petory__pg_get_text(&a->description, r, row, 9)) < 0 ||
		(error = petory__pg_get_text(&a->contact, r, row, 10)) < 0 ||
		(error = petory__pg_get_int64(&a->alerted_count, r, row, 11)) <
			0 ||
		(error = petory__pg_get_int64(&a->created_at, r, row, 12)) <
			0 ||
		(error = petory__pg_get_int64(&a->closed_at, r, row, 13)) < 0)
		return error;
	a->status = (petory_lost_pet_status)status;
	return 0;
}

static int read_near(void *obj, const PGresult *r, int row)
{
	petory_lost_pet *a = obj;
	int error = read_alert(a, r, row);
	if (!error)
		error = petory__pg_get_double(&a->distance, r, row, 14);
	return error;
}

static int alert_images(petory__pg_conn *conn, petory_lost_pet *a)
{
	int error = petory__pg_images(&a->images, &a->image_count, conn,
		PETORY__PG_STMT_LOST_PET_IMAGES, a->id);
	if (!error)
		error = petory__pg_images(&a->pet_images, &a->pet_image_count,
			conn, PETORY__PG_STMT_PET_IMAGES, a->pet_id);
	return error;
}

static int read_sighting(void *obj, const PGresult *r, int row)
{
	petory_lost_pet_sighting *s = obj;
	int error;
	memset(s, 0, sizeof(*s));
	if ((error = petory__pg_get_int64(&s->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&s->alert_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&s->user_id, r, row, 2)) < 0 ||
		(error = petory__pg_get_double(&s->latitude, r, row, 3)) < 0 ||
		(error = petory__pg_get_double(&s->longitude, r, row, 4)) < 0 ||
		(error = petory__pg_get_int64(&s->seen_at, r, row, 5)) < 0 ||
		(error = petory__pg_get_text(&s->note, r, row, 6)) < 0)
		return error;
	return petory__pg_get_int64(&s->created_at, r, row, 7);
}

static int alert_sightings(petory__pg_conn *conn, petory_lost_pet *a)
{
	petory__pg_params p;
	PGresult *r = NULL;
	void *items = NULL;
	size_t i;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a->id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LOST_PET_SIGHTINGS, &p)) < 0)
		return error;
	error = petory__pg_read_rows(&items, &a->sighting_count, r,
		sizeof(petory_lost_pet_sighting), read_sighting);
	PQclear(r);
	a->sightings = items;
	for (i = 0; !error && i < a->sighting_count; i++)
		error = petory__pg_images(&a->sightings[i].images,
			&a->sightings[i].image_count, conn,
			PETORY__PG_STMT_LOST_PET_SIGHTING_IMAGES,
			a->sightings[i].id);
	return error;
}

static int lost_pet_get(petory_lost_pet **out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	petory_lost_pet *a = NULL;
	int error = 0;
	*out = NULL;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(
			     &r, conn, PETORY__PG_STMT_LOST_PET_GET, &p)) < 0)
			break;
		if (PQntuples(r) == 0)
			error = no_alert();
		else if (!(a = calloc(1, sizeof(*a))))
			error = petory__error_oom();
		else
			error = read_alert(a, r, 0);
		PQclear(r);
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

static int lost_pet_near(petory_lost_pet_page *out, petory_store *st,
	double latitude, double longitude, double radius_m, int64_t offset,
	int64_t limit)
{
	double dlat = radius_m / 111195.08 * 1.0001 + 1e-6;
	petory__pg_params p;
	int error = 0;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&p);
	petory__pg_param_double(&p, latitude);
	petory__pg_param_double(&p, longitude);
	petory__pg_param_double(&p, latitude - dlat);
	petory__pg_param_double(&p, latitude + dlat);
	petory__pg_param_double(&p, radius_m);
	PETORY__PG_WITH_CONN(st, conn, error, {
		void *items = NULL;
		size_t i;
		if ((error = petory__pg_tx_begin(
			     conn, PETORY__PG_REPEATABLE_READ)) < 0)
			break;
		error = petory__pg_page(&items, &out->count, &out->total, conn,
			PETORY__PG_STMT_LOST_PET_NEAR_COUNT,
			PETORY__PG_STMT_LOST_PET_NEAR, &p, offset, limit,
			sizeof(petory_lost_pet), read_near);
		out->items = items;
		for (i = 0; !error && i < out->count; i++)
			error = alert_images(conn, &out->items[i]);
		error = petory__pg_tx_end(conn, error);
	});
	if (error)
		petory_lost_pet_page_dispose(out);
	return error;
}

/* Lock alert id's row; ENOTFOUND when absent, ECONFLICT when not LOST.
 * *owner gets its owner. */
static int lock_lost(petory__pg_conn *conn, int64_t id, int64_t *owner)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int status = 0, error;
	*owner = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LOST_PET_STATE, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = no_alert();
	else if ((error = petory__pg_get_int64(owner, r, 0, 0)) == 0 &&
		 (error = petory__pg_get_int(&status, r, 0, 1)) == 0 &&
		 status != PETORY_LOST_PET_LOST)
		error = petory_error_set(
			PETORY_ECONFLICT, NULL, "the alert is closed");
	PQclear(r);
	return error;
}

typedef struct close_tx {
	int64_t id;
	petory_lost_pet_status to;
	const petory_notification *note;
	petory_time_ms now;
	petory_lost_pet_alerted *alerted;
	size_t count;
} close_tx;

static int close_body(petory__pg_conn *conn, void *payload)
{
	close_tx *t = payload;
	petory__pg_params p;
	int64_t owner;
	int error;
	free(t->alerted);
	t->alerted = NULL;
	t->count = 0;
	if ((error = lock_lost(conn, t->id, &owner)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	petory__pg_param_int64(&p, (int64_t)t->to);
	petory__pg_param_int64(&p, t->now);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_LOST_PET_CLOSE, &p)) < 0)
		return error;
	return t->note ? notify_alerted(
				 &t->alerted, &t->count, conn, t->id, t->note)
		       : 0;
}

static int lost_pet_close(petory_lost_pet_alerted **out, size_t *count_out,
	petory_store *st, int64_t id, petory_lost_pet_status to,
	const petory_notification *note, petory_time_ms now)
{
	close_tx t = { id, to, note, now, NULL, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, close_body, &t);
	*out = NULL;
	*count_out = 0;
	if (error) {
		free(t.alerted);
		return error;
	}
	*out = t.alerted;
	*count_out = t.count;
	return 0;
}

static int lost_pet_cancel_for_pet(
	int *closed_out, petory_store *st, int64_t pet_id, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	*closed_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, pet_id);
	petory__pg_param_int64(&p, now);
	if ((error = petory__pg_run(&r, POOL(st),
		     PETORY__PG_STMT_LOST_PET_CANCEL_FOR_PET, &p)) < 0)
		return error;
	*closed_out = petory__pg_changes(r) > 0;
	PQclear(r);
	return 0;
}

typedef struct sighting_tx {
	petory_lost_pet_sighting *s;
	petory_notification *note;
	int64_t id, note_id, owner;
} sighting_tx;

static int sighting_body(petory__pg_conn *conn, void *payload)
{
	sighting_tx *t = payload;
	petory_lost_pet_sighting *s = t->s;
	petory_notification n;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	t->id = t->note_id = t->owner = 0;
	if ((error = lock_lost(conn, s->alert_id, &t->owner)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, s->alert_id);
	petory__pg_param_int64(&p, s->user_id);
	petory__pg_param_double(&p, s->latitude);
	petory__pg_param_double(&p, s->longitude);
	petory__pg_param_int64(&p, s->seen_at);
	petory__pg_param_text(&p, s->note);
	petory__pg_param_int64(&p, s->created_at);
	if ((error = petory__pg_exec(&r, conn,
		     PETORY__PG_STMT_LOST_PET_SIGHTING_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&t->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	if (s->image_key_count &&
		((error = petory__pg_attach(conn, s->image_keys,
			  s->image_key_count, s->user_id, PETORY_FILE_PET, 1,
			  s->created_at)) < 0 ||
			(error = petory__pg_add_image_rows(conn,
				 PETORY__PG_STMT_LOST_PET_SIGHTING_IMAGE_INSERT,
				 t->id, s->image_keys, s->image_key_count,
				 s->created_at)) < 0))
		return error;
	n = *t->note;
	n.user_id = t->owner;
	if ((error = petory__pg_notification_put(conn, &n)) < 0)
		return error;
	t->note_id = n.id;
	return 0;
}

static int sighting_insert(petory_store *st, petory_lost_pet_sighting *s,
	petory_notification *note)
{
	sighting_tx t = { s, note, 0, 0, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, sighting_body, &t);
	s->id = error ? 0 : t.id;
	note->id = error ? 0 : t.note_id;
	if (!error)
		note->user_id = t.owner;
	return error;
}

static int lost_pet_file_public(
	int *public_out, petory_store *st, const char *key)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	*public_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, key);
	if ((error = petory__pg_run(&r, POOL(st),
		     PETORY__PG_STMT_LOST_PET_FILE_PUBLIC, &p)) < 0)
		return error;
	error = petory__pg_get_int(public_out, r, 0, 0);
	PQclear(r);
	return error;
}

const petory_store_lost_pets petory__pg_lost_pets = {
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
