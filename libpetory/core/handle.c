/* handle.c -- petory_open/petory_close: options, defaults, the clock.
 *
 * Opening copies every option (the caller's strings may go away), opens
 * and migrates the SQLite pool, installs the three SQLite backends and
 * loads the token signing key.  Any failure unwinds everything done so
 * far and leaves *out NULL.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "core/internal.h"

#define DEFAULT_DB_PATH "./petory.db"
#define DEFAULT_TIMEZONE "Asia/Seoul"
#define GOOGLE_AUTHORIZE "https://accounts.google.com/o/oauth2/v2/auth"
#define GOOGLE_TOKEN "https://oauth2.googleapis.com/token"
#define KAKAO_LOCAL "https://dapi.kakao.com/v2/local/search/address.json"
#define GOOGLE_USERINFO "https://openidconnect.googleapis.com/v1/userinfo"

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static int global_status;

static void global_init(void)
{
	if (sodium_init() < 0)
		global_status = -1;
	else if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		global_status = -1;
}

/* The size of petory_options as a caller built against `version` knows
 * it: fields past it must never be read or written. */
static size_t options_size(unsigned version)
{
	if (version == 1)
		return offsetof(petory_options, smtp_url);
	return sizeof(petory_options);
}

int petory_options_init(petory_options *opts, unsigned version)
{
	if (!opts)
		return petory_error_set(
			PETORY_EINVALID, NULL, "options must not be NULL");
	if (version == 0 || version > PETORY_OPTIONS_VERSION)
		return petory_error_set(PETORY_EVERSION, NULL,
			"unsupported petory_options version %u", version);
	memset(opts, 0, options_size(version));
	opts->version = version;
	opts->create = 1;
	return 0;
}

static petory_time_ms system_clock(void *payload)
{
	struct timeval tv;
	(void)payload;
	gettimeofday(&tv, NULL);
	return (petory_time_ms)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void rule_default(
	petory_rate_rule *out, const petory_rate_rule *in, int64_t l, int64_t w)
{
	out->limit = in->limit > 0 ? in->limit : l;
	out->window_s = in->window_s > 0 ? in->window_s : w;
}

static char *dup_or(const char *s, const char *fallback)
{
	return strdup(s && *s ? s : fallback);
}

static void config_free(petory__config *c)
{
	free(c->db_path);
	free(c->default_timezone);
	free(c->redis_url);
	free(c->redis_prefix);
	free(c->kakao_api_key);
	free(c->kakao_local_url);
	free(c->google.client_id);
	free(c->google.client_secret);
	free(c->google.authorize_url);
	free(c->google.token_url);
	free(c->google.userinfo_url);
	free(c->google.redirect_uri);
	free(c->google.scope);
	free(c->google.ca_file);
	free(c->smtp_url);
	free(c->mail_from);
	free(c->admin_webhook_url);
	free(c->files_dir);
	free(c->public_url);
}

static int64_t positive_or(int64_t v, int64_t fallback)
{
	return v > 0 ? v : fallback;
}

/* The file-storage and album settings. */
static int config_load_files(petory__config *c, const petory_options *o)
{
	size_t n;
	c->files_dir = dup_or(o->files_dir, "./files");
	c->public_url = dup_or(o->public_url, "");
	if (!c->files_dir || !c->public_url)
		return petory__error_oom();
	n = strlen(c->public_url);
	while (n > 0 && c->public_url[n - 1] == '/')
		c->public_url[--n] = '\0';
	c->max_upload_size = positive_or(o->max_upload_size, 10 << 20);
	c->upload_url_ttl_s = positive_or(o->upload_url_ttl_s, 300);
	c->download_url_ttl_s = positive_or(o->download_url_ttl_s, 3600);
	c->album_images_user = positive_or(o->album_images_user, 1);
	c->album_images_admin = positive_or(o->album_images_admin, 20);
	return 0;
}

static int config_load(petory__config *c, const petory_options *o)
{
	const petory_oauth_provider *g = &o->google;
	c->db_path = dup_or(o->db_path, DEFAULT_DB_PATH);
	c->pool_size = o->pool_size ? o->pool_size : 8;
	c->create = o->create;
	c->access_ttl_s = o->access_ttl_s > 0 ? o->access_ttl_s : 900;
	c->refresh_ttl_s =
		o->refresh_ttl_s > 0 ? o->refresh_ttl_s : 14 * 24 * 3600;
	c->pwhash_opslimit = o->pwhash_opslimit
				     ? o->pwhash_opslimit
				     : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	c->pwhash_memlimit = o->pwhash_memlimit
				     ? o->pwhash_memlimit
				     : crypto_pwhash_MEMLIMIT_INTERACTIVE;
	c->clock = o->clock ? o->clock : system_clock;
	c->clock_payload = o->clock ? o->clock_payload : NULL;
	c->default_timezone = dup_or(o->default_timezone, DEFAULT_TIMEZONE);
	rule_default(&c->login_email_failures, &o->login_email_failures, 10,
		15 * 60);
	rule_default(&c->login_ip, &o->login_ip, 120, 60);
	rule_default(&c->signup_ip, &o->signup_ip, 120, 3600);
	c->google.client_id = petory__strdup(g->client_id);
	c->google.client_secret = petory__strdup(g->client_secret);
	c->google.authorize_url = dup_or(g->authorize_url, GOOGLE_AUTHORIZE);
	c->google.token_url = dup_or(g->token_url, GOOGLE_TOKEN);
	c->google.userinfo_url = dup_or(g->userinfo_url, GOOGLE_USERINFO);
	c->google.redirect_uri = petory__strdup(g->redirect_uri);
	c->google.scope = dup_or(g->scope, "openid email profile");
	c->google.ca_file = petory__strdup(g->ca_file);
	c->redis_url =
		o->redis_url && *o->redis_url ? strdup(o->redis_url) : NULL;
	c->redis_prefix = dup_or(o->redis_prefix, "petory:");
	c->redis_sessions = o->redis_sessions != 0;
	rule_default(&c->place_review, &o->place_review, 10, 3600);
	rule_default(&c->place_report, &o->place_report, 10, 3600);
	c->kakao_api_key = o->kakao_api_key && *o->kakao_api_key
				   ? strdup(o->kakao_api_key)
				   : NULL;
	c->kakao_local_url = dup_or(o->kakao_local_url, KAKAO_LOCAL);
	if ((o->kakao_api_key && *o->kakao_api_key && !c->kakao_api_key) ||
		!c->kakao_local_url)
		return petory__error_oom();
	if ((o->redis_url && *o->redis_url && !c->redis_url) ||
		!c->redis_prefix)
		return petory__error_oom();
	c->smtp_url = petory__strdup(o->smtp_url);
	c->admin_webhook_url = petory__strdup(o->admin_webhook_url);
	c->mail_from = dup_or(o->mail_from, "petory@localhost");
	if (!c->mail_from || (o->smtp_url && !c->smtp_url) ||
		(o->admin_webhook_url && !c->admin_webhook_url))
		return petory__error_oom();
	if (!c->db_path || !c->default_timezone || !c->google.authorize_url ||
		!c->google.token_url || !c->google.userinfo_url ||
		!c->google.scope || (g->client_id && !c->google.client_id) ||
		(g->client_secret && !c->google.client_secret) ||
		(g->redirect_uri && !c->google.redirect_uri) ||
		(g->ca_file && !c->google.ca_file))
		return petory__error_oom();
	if (config_load_files(c, o) < 0)
		return petory__error_oom();
	if (!petory__timezone_valid(c->default_timezone))
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"unknown default time zone '%s'", c->default_timezone);
	if (c->pwhash_opslimit < crypto_pwhash_OPSLIMIT_MIN ||
		c->pwhash_memlimit < crypto_pwhash_MEMLIMIT_MIN)
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"password hashing cost below libsodium's minimum");
	return 0;
}

/* With a Redis URL: move ranks (and, when asked, sessions and rate
 * limits) to Redis.  An unreachable server is not fatal: the ranking
 * starts on its SQLite fallback and moves to Redis when a probe finds it;
 * sessions asked of Redis stay in SQLite for the handle's life (and
 * health reports Redis DOWN). */
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
			"in SQLite");
	if (down)
		petory__log(PETORY_LOG_WARN,
			"Redis is unreachable: the place ranking is served "
			"from SQLite until it answers");
	if ((error = petory_sqlite_rank_store_new(&secondary, db)) < 0 ||
		(error = petory__rank_fallback_new(
			 &wrapped, db, rs, secondary, down)) < 0) {
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
	/* The boards follow the SQL truth from the start (the SQLite ones
	 * may be stale from a run on Redis). */
	return petory__rank_rebuild_into(db, db->rank, NULL);
}

int petory_open(petory **out, const petory_options *opts)
{
	petory_options defaults, full;
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
	memcpy(&full, opts, options_size(opts->version));
	opts = &full;
	if (!(db = calloc(1, sizeof(*db))))
		return petory__error_oom();
	pthread_rwlock_init(&db->rank_lock, NULL);
	pthread_mutex_init(&db->rank_cache_lock, NULL);
	pthread_mutex_init(&db->dummy_hash_lock, NULL);
	atomic_init(&db->places_generation, 1);
	if ((error = config_load(&db->cfg, opts)) < 0 ||
		(error = petory__sqlite_open_pool(db)) < 0 ||
		(error = petory_sqlite_store_new(&db->store, db)) < 0 ||
		(error = petory_sqlite_rank_store_new(&db->rank, db)) < 0 ||
		(error = petory_sqlite_session_store_new(&db->sessions, db)) <
			0 ||
		(error = petory__jwt_key_load(db, opts->jwt_secret)) < 0 ||
		(error = use_redis(db)) < 0 ||
		(error = petory__daily_questions_seed(db)) < 0 ||
		(error = petory__secret_load(db->files_key,
			 sizeof(db->files_key), &db->files_key_len, db,
			 opts->files_secret, "files_url_key", "files secret")) <
			0 ||
		(error = petory__blob_open_default(db, opts)) < 0) {
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
	petory__log(PETORY_LOG_INFO, "opened %s (schema %d)", db->cfg.db_path,
		db->schema_version);
	*out = db;
	return 0;
}

void petory_close(petory *db)
{
	if (!db)
		return;
	petory__stores_free(db);
	petory__sqlite_close_pool(db);
	config_free(&db->cfg);
	sodium_memzero(db->jwt_key, sizeof(db->jwt_key));
	pthread_rwlock_destroy(&db->rank_lock);
	pthread_mutex_destroy(&db->rank_cache_lock);
	pthread_mutex_destroy(&db->dummy_hash_lock);
	for (size_t t = 0; t <= PETORY_PLACE_TYPE_COUNT; t++)
		for (size_t n = 0; n < PETORY__RANK_SIZE_MAX; n++)
			free(db->rank_cache[t][n].body);
	sodium_memzero(db->files_key, sizeof(db->files_key));
	free(db);
}

petory_time_ms petory_now(petory *db)
{
	return db->cfg.clock(db->cfg.clock_payload);
}

int petory_schema_version(petory *db)
{
	return db->schema_version;
}

int petory_health_check(petory *db)
{
	return db->store->ping(db->store);
}

const char *petory_component_status_name(petory_component_status s)
{
	switch (s) {
	case PETORY_COMPONENT_UP:
		return "UP";
	case PETORY_COMPONENT_DOWN:
		return "DOWN";
	default:
		return "DISABLED";
	}
}

int petory_stats_get(petory_stats *out, petory *db)
{
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
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
