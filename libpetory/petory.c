/* petory.c -- the wiring of a handle: which backends petory_open installs
 * and in what order, the fallbacks between them, and petory_close.  This
 * file alone chooses backends; the layers below it only use the ones the
 * handle holds (docs/architecture.md, "Layers").
 *
 * Opening copies every option (core/handle.c) and opens the database:
 * a postgres:// or postgresql:// URL opens and migrates a PostgreSQL pool
 * and installs its three backends (relational, ranking, sessions), which
 * share it; anything else is a SQLite file, whose pool is opened and
 * migrated and whose three backends are installed.  Then ranks (and
 * sessions when asked) move to Redis behind the ranking's fallback on the
 * database's own rank store, the token and URL signing keys are loaded,
 * the daily questions seeded and the blob store opened.  Any failure
 * unwinds everything done so far and leaves *out NULL.  Health and pool
 * statistics report on the same backends.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/postgres/pg_backends.h"

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static int global_status;

static void global_init(void)
{
	if (sodium_init() < 0)
		global_status = -1;
	else if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		global_status = -1;
}

/* The database's own rank store, over the handle's pool: the fallback
 * under Redis. */
static int own_rank_store_new(petory_rank_store **out, petory *db)
{
	if (db->pg_pool)
		return petory__pg_rank_store_new(out, db->pg_pool);
	return petory_sqlite_rank_store_new(out, db);
}

/* With a Redis URL: move ranks (and, when asked, sessions and rate
 * limits) to Redis.  An unreachable server is not fatal: the ranking
 * starts on its fallback (the database's rank store) and moves to Redis
 * when a probe finds it; sessions asked of Redis stay in the database for
 * the handle's life (and health reports Redis DOWN). */
static int use_redis(petory *db)
{
	petory_rank_store *rs = NULL, *secondary = NULL, *wrapped = NULL;
	petory_session_store *ss = NULL;
	bool down = false;
	int error;
	if (!db->cfg.redis_url)
		return 0;
	if ((error = petory_redis_rank_store_new(
		     &rs, db->cfg.redis_url, db->cfg.redis_prefix)) < 0) {
		if (error == PETORY_EINVALID ||
			(error = petory__redis_rank_store_unconnected(&rs,
				 db->cfg.redis_url, db->cfg.redis_prefix)) < 0)
			return error;
		down = true;
	}
	if (db->cfg.redis_sessions &&
		(down || petory_redis_session_store_new(&ss, db->cfg.redis_url,
				 db->cfg.redis_prefix) < 0))
		petory__log(PETORY_LOG_WARN,
			"Redis is unreachable: sessions and rate limits stay "
			"in %s",
			petory__database_kind(db));
	if (down)
		petory__log(PETORY_LOG_WARN,
			"Redis is unreachable: the place ranking is served "
			"from %s until it answers",
			petory__database_kind(db));
	if ((error = own_rank_store_new(&secondary, db)) < 0 ||
		(error = petory__rank_fallback_new(&wrapped, db, rs, secondary,
			 down, &petory__place_rank_owner)) < 0) {
		if (secondary)
			secondary->free(secondary);
		rs->free(rs);
		if (ss)
			ss->free(ss);
		return error;
	}
	petory_set_rank_store(db, wrapped);
	if (ss)
		petory_set_session_store(db, ss);
	/* everything asked of Redis is there (the ranking may be on its
	 * fallback for now) */
	db->redis_in_use = !db->cfg.redis_sessions || ss;
	/* The boards follow the SQL truth from the start (Redis's may be
	 * stale from an earlier run). */
	return petory__rank_rebuild_into(db, db->rank, NULL);
}

/* The API's names for what the database backend reported at open: the
 * file is not there (ENOTFOUND), its schema is newer than this build
 * (EVERSION), it cannot be opened or reached (EUNAVAILABLE), the URL is
 * not a valid connection string (EINVALID from the PostgreSQL backend,
 * the only thing it judges before connecting). */
static int database_opened(int error, bool url)
{
	const char *reason = NULL;
	char message[256];
	if (error == PETORY_ENOTFOUND)
		reason = "DATABASE_NOT_FOUND";
	else if (error == PETORY_EVERSION)
		reason = "DATABASE_TOO_NEW";
	else if (error == PETORY_EUNAVAILABLE)
		reason = "DATABASE_UNAVAILABLE";
	else if (error == PETORY_EINVALID && url)
		reason = "DATABASE_URL_INVALID";
	if (!reason)
		return error;
	snprintf(message, sizeof(message), "%s", petory_error_last()->message);
	return petory_error_set(error, reason, "%s", message);
}

/* The relational, rank and session backends: PostgreSQL's over one pool
 * when the database is a URL, else SQLite's over the file's pool. */
static int use_database(petory *db)
{
	int error;
	if (petory_database_is_url(db->cfg.db_path)) {
		if (db->cfg.pool_size > PETORY__PG_POOL_MAX)
			return petory_error_set(PETORY_EINVALID,
				"INVALID_PARAMETER",
				"the PostgreSQL pool size must be 1 to %d",
				PETORY__PG_POOL_MAX);
		if ((error = database_opened(
			     petory__pg_backends_open(&db->store, &db->rank,
				     &db->sessions, &db->pg_pool,
				     db->cfg.db_path, db->cfg.pool_size),
			     true)) < 0)
			return error;
		db->schema_version = petory__pg_schema_version(db->pg_pool);
		return 0;
	}
	if ((error = database_opened(petory__sqlite_open_pool(db), false)) <
			0 ||
		(error = petory_sqlite_store_new(&db->store, db)) < 0 ||
		(error = petory_sqlite_rank_store_new(&db->rank, db)) < 0)
		return error;
	return petory_sqlite_session_store_new(&db->sessions, db);
}

/* The blob store: S3 when a bucket is configured, else the local
 * directory. */
static int use_blob_store(petory *db, const petory_options *opts)
{
	petory_blob_store *bs = NULL;
	int error;
	if (opts && opts->s3.bucket && *opts->s3.bucket)
		error = petory_s3_blob_store_new(&bs, &opts->s3);
	else
		error = petory_local_blob_store_new(&bs, db->cfg.files_dir);
	if (error < 0)
		return error;
	if ((error = petory_set_blob_store(db, bs)) < 0)
		bs->free(bs);
	return error;
}

int petory_open(petory **out, const petory_options *opts)
{
	petory_options defaults, full;
	char shown[512];
	petory *db;
	int error;

	if (!out)
		return petory_error_set(
			PETORY_EINVALID, NULL, "out must not be NULL");
	*out = NULL;
	pthread_once(&global_once, global_init);
	if (global_status < 0)
		return petory_error_set(PETORY_ERROR, NULL,
			"libsodium or libcurl failed to initialise");
	if (!opts) {
		petory_options_init(&defaults, PETORY_OPTIONS_VERSION);
		opts = &defaults;
	}
	if (opts->version == 0 || opts->version > PETORY_OPTIONS_VERSION)
		return petory_error_set(PETORY_EVERSION, NULL,
			"unsupported petory_options version %u", opts->version);
	/* Work on a full-size copy: a caller built against an older version
	 * has a shorter struct, whose missing fields read as zero here. */
	memset(&full, 0, sizeof(full));
	memcpy(&full, opts, petory__options_size(opts->version));
	opts = &full;
	if (!(db = calloc(1, sizeof(*db))))
		return petory__error_oom();
	pthread_rwlock_init(&db->rank_lock, NULL);
	pthread_mutex_init(&db->rank_cache_lock, NULL);
	pthread_mutex_init(&db->dummy_hash_lock, NULL);
	atomic_init(&db->places_generation, 1);
	if ((error = petory__config_load(&db->cfg, opts)) < 0 ||
		(error = use_database(db)) < 0 ||
		(error = petory__jwt_key_load(db, opts)) < 0 ||
		(error = use_redis(db)) < 0 ||
		(error = petory__daily_questions_seed(db)) < 0 ||
		(error = petory__secret_load(db->files_key,
			 sizeof(db->files_key), &db->files_key_len, db,
			 opts->files_secret, "files_url_key", "files secret")) <
			0 ||
		(error = use_blob_store(db, opts)) < 0) {
		int code = error;
		char message[512];
		char reason[64];
		snprintf(message, sizeof(message), "%s",
			petory_error_last()->message);
		snprintf(reason, sizeof(reason), "%s",
			petory_error_last()->reason);
		petory_close(db);
		return petory_error_set(code, reason, "%s", message);
	}
	petory__log(PETORY_LOG_INFO, "opened %s (schema %d)",
		petory_database_display(shown, sizeof(shown), db->cfg.db_path),
		db->schema_version);
	*out = db;
	return 0;
}

void petory_close(petory *db)
{
	if (!db)
		return;
	petory__stores_free(db);
	petory__pg_close(db->pg_pool);
	petory__sqlite_close_pool(db);
	petory__config_free(&db->cfg);
	petory__keyring_free(db);
	pthread_rwlock_destroy(&db->rank_lock);
	pthread_mutex_destroy(&db->rank_cache_lock);
	pthread_mutex_destroy(&db->dummy_hash_lock);
	for (size_t t = 0; t <= PETORY_PLACE_TYPE_COUNT; t++)
		for (size_t n = 0; n < PETORY__RANK_SIZE_MAX; n++)
			free(db->rank_cache[t][n].body);
	sodium_memzero(db->files_key, sizeof(db->files_key));
	free(db);
}

int petory_health_check(petory *db)
{
	return db->store->ping(db->store);
}

int petory_stats_get(petory_stats *out, petory *db)
{
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (db->pg_pool)
		petory__pg_pool_stats(db->pg_pool, out);
	else
		petory__pool_stats(db, out);
	return 0;
}

int petory_health_get(petory_health *out, petory *db)
{
	petory_rate_state probe;
	out->db = db->store->ping(db->store) == 0 ? PETORY_COMPONENT_UP
						  : PETORY_COMPONENT_DOWN;
	out->redis = PETORY_COMPONENT_DISABLED;
	if (db->cfg.redis_url) {
		/* Reads nobody else uses prove the links; the ranking reports
		 * whether it serves from its SQLite fallback. */
		petory_rank_entry *top = NULL;
		size_t n = 0;
		bool up = db->redis_in_use &&
			  db->rank->top(&top, &n, db->rank, "health", 1) == 0;
		free(top);
		if (up && db->cfg.redis_sessions)
			up = db->sessions->rate_hit(&probe, db->sessions,
				     "health", 0, 1000, petory_now(db)) == 0;
		out->redis = up && !petory__rank_degraded(db)
				     ? PETORY_COMPONENT_UP
				     : PETORY_COMPONENT_DOWN;
	}
	if (out->db == PETORY_COMPONENT_DOWN ||
		out->redis == PETORY_COMPONENT_DOWN)
		return petory_error_set(PETORY_EBACKEND, "DEPENDENCY_DOWN",
			"a dependency is down");
	return 0;
}
