/* place.c -- the places table of the PostgreSQL petory_store: places,
 * their likes, images and ranking truth (the domain file it serves:
 * domain/place.c; the SQLite twin: store/sqlite/place.c and
 * place_images.c).  Statements: sql_places.h.
 *
 * Invariants kept here:
 *   - every write to a place's counters or children (likes, images, a
 *     status move; reviews and reports in place_review.c) first locks the
 *     place's row (petory__pg_place_lock), so such writes run one at a
 *     time per place, see its latest status, and lock the place before
 *     any child row (no lock-order deadlocks between them);
 *   - like_count equals the number of place_likes rows of the place: it
 *     moves by the rows a like/unlike changed, by an atomic UPDATE in the
 *     transaction that changed them;
 *   - the near index is the GiST index on ll_to_earth(latitude,
 *     longitude) of places itself, so it follows every insert and update
 *     with no row of its own;
 *   - every multi-statement write is one transaction (petory__pg_transact,
 *     READ COMMITTED), whose body sets its out-values afresh on each run;
 *     out-values reach the caller only from the run that committed.
 * Methods report facts (ENOTFOUND, EEXISTS, ECONFLICT without a reason,
 * or an outcome); the domain names them.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_places.h"

#define POOL(st) PETORY__PG_POOL(st)

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

/* Columns 0..13 of row into p (the caller disposes of p, even after a
 * failed read). */
static int read_place(petory_place *p, const PGresult *r, int row)
{
	int type = 0, status = 0, error;
	memset(p, 0, sizeof(*p));
	p->distance = -1;
	p->liked = -1;
	if ((error = petory__pg_get_int64(&p->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_text(&p->name, r, row, 1)) < 0 ||
		(error = petory__pg_get_text(&p->info, r, row, 2)) < 0 ||
		(error = petory__pg_get_int(&type, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&p->address, r, row, 4)) < 0 ||
		(error = petory__pg_get_double(&p->latitude, r, row, 5)) < 0 ||
		(error = petory__pg_get_double(&p->longitude, r, row, 6)) < 0 ||
		(error = petory__pg_get_int(&status, r, row, 7)) < 0 ||
		(error = petory__pg_get_int64(&p->like_count, r, row, 8)) < 0 ||
		(error = petory__pg_get_int64(&p->review_count, r, row, 9)) <
			0 ||
		(error = petory__pg_get_int64(&p->rating_sum, r, row, 10)) <
			0 ||
		(error = petory__pg_get_int64(&p->created_by, r, row, 11)) <
			0 ||
		(error = petory__pg_get_int64(&p->created_at, r, row, 12)) <
			0 ||
		(error = petory__pg_get_int64(&p->updated_at, r, row, 13)) < 0)
		return error;
	p->type = (petory_place_type)type;
	p->status = (petory_place_status)status;
	return 0;
}

/* A list row: the place, its distance (14) and first image (15..18). */
static int read_listed_place(void *obj, const PGresult *r, int row)
{
	petory_place *p = obj;
	int error;
	if ((error = read_place(p, r, row)) < 0 ||
		(error = petory__pg_get_double(&p->distance, r, row, 14)) < 0)
		return error;
	return petory__pg_first_image(&p->images, &p->image_count, r, row, 15);
}

/* ---- the lock, and what a status means to a change ---- */

int petory__pg_place_lock(petory__pg_conn *conn, int64_t id, int *status,
	int *type, int64_t *likes)
{
	petory__pg_params p;
	PGresult *r;
	int64_t ignored_likes;
	int ignored_type, error;
	if (!type)
		type = &ignored_type;
	if (!likes)
		likes = &ignored_likes;
	*status = PETORY__PG_PLACE_ABSENT;
	*type = 0;
	*likes = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_PLACE_STATE, &p)) < 0)
		return error;
	if (PQntuples(r) > 0 &&
		((error = petory__pg_get_int(status, r, 0, 0)) < 0 ||
			(error = petory__pg_get_int(type, r, 0, 1)) < 0 ||
			(error = petory__pg_get_int64(likes, r, 0, 2)) < 0))
		*status = PETORY__PG_PLACE_ABSENT;
	PQclear(r);
	return error;
}

petory_store_outcome petory__pg_place_open_outcome(int status)
{
	if (status == PETORY__PG_PLACE_ABSENT || status == PETORY_PLACE_DELETED)
		return PETORY_STORE_ABSENT;
	if (status != PETORY_PLACE_ACTIVE)
		return PETORY_STORE_INACTIVE;
	return PETORY_STORE_APPLIED;
}

/* ---- images ---- */

/* Inside a transaction: attach keys of owner_id to place_id (public). */
static int images_add(petory__pg_conn *conn, int64_t place_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error;
	if (count == 0)
		return 0;
	if ((error = petory__pg_attach(conn, keys, count, owner_id,
		     PETORY_FILE_PLACE, 0, now)) < 0)
		return error;
	return petory__pg_add_image_rows(conn,
		PETORY__PG_STMT_PLACE_IMAGE_INSERT, place_id, keys, count, now);
}

typedef struct add_images_tx {
	petory_store_outcome outcome;
	int64_t place_id, owner_id;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
} add_images_tx;

/* The keys attached to the place when it is there and not DELETED
 * (APPLIED), nothing otherwise (ABSENT). */
static int add_images_body(petory__pg_conn *conn, void *payload)
{
	add_images_tx *t = payload;
	int status, error;
	t->outcome = PETORY_STORE_ABSENT;
	if ((error = petory__pg_place_lock(
		     conn, t->place_id, &status, NULL, NULL)) < 0)
		return error;
	if (status == PETORY__PG_PLACE_ABSENT || status == PETORY_PLACE_DELETED)
		return 0;
	t->outcome = PETORY_STORE_APPLIED;
	return images_add(
		conn, t->place_id, t->owner_id, t->keys, t->count, t->now);
}

static int place_add_images(petory_store_outcome *outcome_out, petory_store *st,
	int64_t place_id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now)
{
	add_images_tx t = { PETORY_STORE_ABSENT, place_id, owner_id, keys,
		count, now };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, add_images_body, &t);
	*outcome_out = error ? PETORY_STORE_ABSENT : t.outcome;
	return error;
}

static int place_image_delete(petory_file_key *key_out, petory_store *st,
	int64_t place_id, int64_t image_id)
{
	return petory__pg_image_delete(key_out, st,
		PETORY__PG_STMT_PLACE_IMAGE_DELETE, image_id, true, place_id);
}

/* ---- the catalogue ---- */

typedef struct insert_tx {
	petory_place *p;
	int64_t id;
} insert_tx;

static int insert_body(petory__pg_conn *conn, void *payload)
{
	insert_tx *t = payload;
	const petory_place *p = t->p;
	petory__pg_params q;
	PGresult *r;
	int error;
	t->id = 0;
	petory__pg_params_init(&q);
	petory__pg_param_text(&q, p->name);
	petory__pg_param_text(&q, p->info);
	petory__pg_param_int64(&q, (int64_t)p->type);
	petory__pg_param_text(&q, p->address);
	petory__pg_param_double(&q, p->latitude);
	petory__pg_param_double(&q, p->longitude);
	petory__pg_param_int64(&q, p->created_by);
	petory__pg_param_int64(&q, p->created_at);
	petory__pg_param_text(&q, p->source_key);
	if ((error = duplicate(petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_PLACE_INSERT, &q))) < 0)
		return error;
	error = petory__pg_get_int64(&t->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	return images_add(conn, t->id, p->created_by, p->image_keys,
		p->image_key_count, p->created_at);
}

static int place_insert(petory_store *st, petory_place *p)
{
	insert_tx t = { p, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, insert_body, &t);
	if (!error)
		p->id = t.id;
	return error;
}

static int place_get(
	petory_place **out, petory_store *st, int64_t id, int64_t viewer)
{
	petory__pg_params q;
	petory_place *p = NULL;
	PGresult *r = NULL;
	int error = 0;
	*out = NULL;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, id);
	petory__pg_param_int64(&q, viewer);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(
			     &r, conn, PETORY__PG_STMT_PLACE_BY_ID, &q)) < 0)
			break;
		if (PQntuples(r) == 0) {
			error = not_found();
		} else if (!(p = calloc(1, sizeof(*p)))) {
			error = petory__error_oom();
		} else if ((error = read_place(p, r, 0)) == 0 && viewer > 0) {
			error = petory__pg_get_int(&p->liked, r, 0, 14);
		}
		PQclear(r);
		if (error)
			break;
		error = petory__pg_images(&p->images, &p->image_count, conn,
			PETORY__PG_STMT_PLACE_IMAGES, id);
		p->images_complete = error == 0;
	});
	if (error) {
		petory_place_free(p);
		return error;
	}
	*out = p;
	return 0;
}

static int place_get_many(petory_place **out, size_t *count_out,
	petory_store *st, const int64_t *ids, size_t n)
{
	petory_place *items = NULL;
	petory__pg_params q;
	PGresult *r = NULL;
	size_t count = 0;
	char *list;
	int rows, error = 0;
	*out = NULL;
	*count_out = 0;
	if (n == 0)
		return 0;
	if (!(list = petory__pg_ids_array(ids, n)))
		return petory__error_oom();
	petory__pg_params_init(&q);
	petory__pg_param_text(&q, list);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_PLACE_BY_IDS, &q));
	free(list);
	if (error)
		return error;
	rows = PQntuples(r);
	if (!(items = calloc(rows > 0 ? (size_t)rows : 1, sizeof(*items))))
		error = petory__error_oom();
	while (!error && count < (size_t)rows) {
		/* counted before the read: a half-read item is freed too */
		count++;
		error = read_listed_place(&items[count - 1], r, (int)count - 1);
	}
	PQclear(r);
	if (error) {
		petory_place_list_free(items, count);
		return error;
	}
	*out = items;
	*count_out = count;
	return 0;
}

static int place_update(petory_store *st, const petory_place *p)
{
	petory__pg_params q;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, p->id);
	petory__pg_param_text(&q, p->name);
	petory__pg_param_text(&q, p->info);
	petory__pg_param_int64(&q, (int64_t)p->type);
	petory__pg_param_text(&q, p->address);
	petory__pg_param_double(&q, p->latitude);
	petory__pg_param_double(&q, p->longitude);
	petory__pg_param_int64(&q, p->updated_at);
	/* one statement: the row and its near index change together */
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_PLACE_UPDATE, &q));
	if (error)
		return duplicate(error);
	if (petory__pg_changes(r) == 0)
		error = not_found();
	PQclear(r);
	return error;
}

typedef struct status_tx {
	int64_t id;
	unsigned from_mask;
	petory_place_status to;
	int reset_reports;
	petory_time_ms now;
	int64_t likes;
	int type;
} status_tx;

static int set_status_body(petory__pg_conn *conn, void *payload)
{
	status_tx *t = payload;
	petory__pg_params q;
	PGresult *r;
	int status, error;
	int64_t changed;
	if ((error = petory__pg_place_lock(
		     conn, t->id, &status, &t->type, &t->likes)) < 0)
		return error;
	if (status == PETORY__PG_PLACE_ABSENT)
		return not_found();
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, t->id);
	petory__pg_param_int64(&q, (int64_t)t->from_mask);
	petory__pg_param_int64(&q, (int64_t)t->to);
	petory__pg_param_int64(&q, t->now);
	petory__pg_param_int64(&q, t->reset_reports ? 1 : 0);
	if ((error = duplicate(petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_PLACE_SET_STATUS, &q))) < 0)
		return error;
	changed = petory__pg_changes(r);
	PQclear(r);
	if (changed == 0)
		return petory_error_set(PETORY_ECONFLICT, NULL,
			"the place is %s",
			petory_place_status_name((petory_place_status)status));
	if (!t->reset_reports)
		return 0;
	/* the reports so far no longer count towards deactivation */
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, t->id);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_PLACE_REPORTS_UNCOUNT, &q);
}

static int place_set_status(int64_t *like_count_out,
	petory_place_type *type_out, petory_store *st, int64_t id,
	unsigned from_mask, petory_place_status to, int reset_reports,
	petory_time_ms now)
{
	status_tx t = { id, from_mask, to, reset_reports, now, 0, 0 };
	int error = petory__pg_transact(
		POOL(st), PETORY__PG_READ_COMMITTED, set_status_body, &t);
	if (!error && like_count_out)
		*like_count_out = t.likes;
	if (!error && type_out)
		*type_out = (petory_place_type)t.type;
	return error;
}

/* ---- search ---- */

typedef struct search_tx {
	petory_place_page *out;
	const petory_place_query *q;
	int type;
	int64_t offset, limit;
} search_tx;

static int search_body(petory__pg_conn *conn, void *payload)
{
	search_tx *t = payload;
	petory__pg_params f;
	void *items = NULL;
	int error;
	petory_place_page_dispose(t->out); /* of a run that did not commit */
	petory__pg_params_init(&f);
	petory__pg_param_text(&f, t->q->name);
	petory__pg_param_text(&f, t->q->address);
	if (t->type >= 0)
		petory__pg_param_int64(&f, t->type);
	else
		petory__pg_param_null(&f);
	if (t->q->has_near) {
		petory__pg_param_double(&f, t->q->lat);
		petory__pg_param_double(&f, t->q->lng);
		petory__pg_param_double(&f, t->q->radius);
	}
	error = petory__pg_page(&items, &t->out->count, &t->out->total, conn,
		t->q->has_near ? PETORY__PG_STMT_PLACE_NEAR_COUNT
			       : PETORY__PG_STMT_PLACE_SEARCH_COUNT,
		t->q->has_near ? PETORY__PG_STMT_PLACE_NEAR
			       : PETORY__PG_STMT_PLACE_SEARCH,
		&f, t->offset, t->limit, sizeof(petory_place),
		read_listed_place);
	t->out->items = items;
	if (error)
		petory_place_page_dispose(t->out);
	return error;
}

static int place_search(petory_place_page *out, petory_store *st,
	const petory_place_query *q, int type, int64_t offset, int64_t limit)
{
	search_tx t = { out, q, type, offset, limit };
	int error;
	memset(out, 0, sizeof(*out));
	/* one snapshot: the total agrees with the page */
	error = petory__pg_transact(
		POOL(st), PETORY__PG_REPEATABLE_READ, search_body, &t);
	if (error)
		petory_place_page_dispose(out);
	return error;
}

/* ---- likes and the ranking truth ---- */

/* One statement (PLACE_LIKE), so one round trip in autocommit: a like
 * holds its place's row lock only while the statement runs. */
static int place_like(petory_store_outcome *outcome_out,
	petory_like_result *out, int *changed_out, petory_place_type *type_out,
	petory_store *st, int64_t user_id, int64_t place_id,
	petory_like_mode mode, petory_time_ms now)
{
	petory__pg_params q;
	PGresult *r = NULL;
	int64_t changed = 0, likes = 0;
	int status = PETORY__PG_PLACE_ABSENT, type = 0, error = 0;
	*outcome_out = PETORY_STORE_ABSENT;
	*changed_out = 0;
	*type_out = 0;
	petory__pg_params_init(&q);
	petory__pg_param_int64(&q, user_id);
	petory__pg_param_int64(&q, place_id);
	petory__pg_param_int64(&q, now);
	petory__pg_param_int64(&q, (int64_t)mode);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_PLACE_LIKE, &q));
	if (error)
		return error;
	if (PQntuples(r) == 1 &&
		((error = petory__pg_get_int(&status, r, 0, 0)) < 0 ||
			(error = petory__pg_get_int(&type, r, 0, 1)) < 0 ||
			(error = petory__pg_get_int64(&changed, r, 0, 2)) < 0 ||
			(error = petory__pg_get_int64(&likes, r, 0, 3)) < 0)) {
		PQclear(r);
		return error;
	}
	if (PQntuples(r) == 1 && (*outcome_out = petory__pg_place_open_outcome(
					  status)) == PETORY_STORE_APPLIED) {
		*outcome_out =
			changed ? PETORY_STORE_APPLIED : PETORY_STORE_UNCHANGED;
		*changed_out = (int)changed;
		*type_out = (petory_place_type)type;
		out->place_id = place_id;
		out->liked = PQgetvalue(r, 0, 4)[0] == 't';
		out->like_count = likes;
	} else if (PQntuples(r) == 1)
		*type_out = (petory_place_type)type;
	PQclear(r);
	return 0;
}

static int place_rank_truth(
	petory_rank_entry **out, size_t *count_out, petory_store *st, int type)
{
	petory_rank_entry *entries = NULL;
	petory__pg_params q;
	PGresult *r = NULL;
	int64_t likes;
	int rows, i, error = 0;
	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&q);
	if (type >= 0)
		petory__pg_param_int64(&q, type);
	else
		petory__pg_param_null(&q);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_PLACE_RANK_TRUTH, &q));
	if (error)
		return error;
	if ((rows = PQntuples(r)) > 0 &&
		!(entries = calloc((size_t)rows, sizeof(*entries))))
		error = petory__error_oom();
	for (i = 0; !error && i < rows; i++) {
		if ((error = petory__pg_get_int64(
			     &entries[i].member, r, i, 0)) < 0 ||
			(error = petory__pg_get_int64(&likes, r, i, 1)) < 0)
			break;
		entries[i].score = (double)likes;
	}
	PQclear(r);
	if (error) {
		free(entries);
		return error;
	}
	*out = entries;
	*count_out = (size_t)rows;
	return 0;
}

const petory_store_places petory__pg_places = {
	.version = PETORY_STORE_PLACES_VERSION,
	.place_insert = place_insert,
	.place_get = place_get,
	.place_get_many = place_get_many,
	.place_update = place_update,
	.place_set_status = place_set_status,
	.place_search = place_search,
	.place_like = place_like,
	.place_rank_truth = place_rank_truth,
	.place_add_images = place_add_images,
	.place_image_delete = place_image_delete,
};
