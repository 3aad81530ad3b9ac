/* options.h -- opening and closing the library handle.
 *
 * petory_options is versioned: initialise it with PETORY_OPTIONS_INIT or
 * petory_options_init() and set only what you need; every zero/NULL field
 * takes its documented default.  Fields are only ever appended.
 */
#ifndef PETORY_OPTIONS_H
#define PETORY_OPTIONS_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

/** Returns the current time in ms since the epoch; used everywhere the
 * library needs "now", so tests can move time without sleeping. */
typedef petory_time_ms (*petory_clock_fn)(void *payload);

/** limit events per window_s seconds; 0/0 takes the default. */
typedef struct petory_rate_rule {
	int64_t limit;
	int64_t window_s;
} petory_rate_rule;

/** An OAuth2 authorization-code provider (Google-compatible). A provider
 * whose client_id is NULL is not configured. */
typedef struct petory_oauth_provider {
	const char *client_id;
	const char *client_secret;
	const char *authorize_url; /**< default Google's */
	const char *token_url;     /**< default Google's */
	const char *userinfo_url;  /**< default Google's (OpenID userinfo) */
	const char *redirect_uri;  /**< our /login/oauth2/code/google URL */
	const char *scope;         /**< default "openid email profile" */
	const char *ca_file; /**< extra CA bundle for libcurl; NULL: system */
} petory_oauth_provider;

/** S3-compatible object storage.  A NULL bucket means local storage. */
typedef struct petory_s3_options {
	const char *bucket;
	const char *region;     /**< default "us-east-1" */
	const char *endpoint;   /**< "https://host[:port]"; default
				     "https://s3.<region>.amazonaws.com" */
	const char *access_key; /**< required with a bucket */
	const char *secret_key; /**< required with a bucket */
	int path_style;      /**< 1: endpoint/bucket/key; 0: bucket.host/key */
	const char *ca_file; /**< extra CA bundle for libcurl; NULL: system */
} petory_s3_options;

#define PETORY_OPTIONS_VERSION 3

typedef struct petory_options {
	unsigned int version; /**< PETORY_OPTIONS_VERSION */

	/** The database: a SQLite file (default "./petory.db"), or a
	 * PostgreSQL database named by a URL, "postgres://USER[:PASSWORD]@
	 * HOST:PORT/DB" (or postgresql://, with libpq's query parameters):
	 * then the relational store, the place ranking and the sessions all
	 * live there, no file is made, and an invalid URL is EINVALID
	 * "DATABASE_URL_INVALID", a server that cannot be reached
	 * EUNAVAILABLE "DATABASE_UNAVAILABLE". */
	const char *db_path;
	unsigned pool_size; /**< database connections; default 8 (PostgreSQL:
			       at most 1024) */
	int create; /**< 1 (the INIT default): create a missing file; 0: refuse
		     it with ENOTFOUND (a PostgreSQL database must exist and
		     is migrated either way) */

	/** HS256 key, base64 (standard or URL-safe), at least 32 bytes once
	 * decoded.  NULL: a random key generated on first open and kept in
	 * the database, so tokens survive restarts. */
	const char *jwt_secret;
	int64_t access_ttl_s;  /**< default 900 */
	int64_t refresh_ttl_s; /**< default 14 days */

	/** Argon2id cost; 0 takes libsodium's INTERACTIVE limits.  Tests use
	 * the minimum to stay fast. */
	unsigned long long pwhash_opslimit;
	size_t pwhash_memlimit;

	petory_clock_fn clock; /**< NULL: the system clock */
	void *clock_payload;

	const char *default_timezone; /**< IANA; default "Asia/Seoul" */

	petory_rate_rule login_email_failures; /**< default 10 / 900 s */
	petory_rate_rule login_ip;             /**< default 120 / 60 s */
	petory_rate_rule signup_ip;            /**< default 120 / 3600 s */

	petory_oauth_provider google;

	/** Redis for ranks, login sessions and rate limits ("redis://host:
	 * port/db"); NULL keeps them in SQLite.  When Redis cannot be reached
	 * at open a warning is logged, petory_health reports redis DOWN, the
	 * ranking is served from SQLite until Redis answers (probed every
	 * 2 s) and sessions stay in SQLite. */
	const char *redis_url;
	const char *redis_prefix; /**< key prefix; default "petory:" */
	/* Version 2: what leaves the process through the outbox. */
	/** SMTP server for account mails, e.g. "smtp://127.0.0.1:25" or
	 * "smtps://host:465"; NULL: mails wait in the outbox. */
	const char *smtp_url;
	/** Envelope and From address; default "petory@localhost". */
	const char *mail_from;
	/** Discord-compatible webhook for admin alerts (POST {"content"});
	 * NULL: alerts wait in the outbox. */
	const char *admin_webhook_url;

	petory_rate_rule place_review; /**< per user; default 10 / 3600 s */
	petory_rate_rule place_report; /**< per user; default 10 / 3600 s */
	/** Geocoding of places created without coordinates, through a
	 * Kakao-Local-compatible provider.  NULL key: no geocoding (such a
	 * create answers 400 naming latitude and longitude). */
	const char *kakao_api_key;
	/** default https://dapi.kakao.com/v2/local/search/address.json */
	const char *kakao_local_url;
	/* ---- version 2: files, pets, albums ---- */

	const char *files_dir; /**< local blob directory; default "./files"
				    (created on the first upload) */
	/** HMAC key of the file URLs petory-httpd serves, base64, at least
	 * 32 bytes decoded.  NULL: generated once, kept in the database. */
	const char *files_secret;
	int64_t max_upload_size;    /**< bytes; default 10 MiB */
	int64_t upload_url_ttl_s;   /**< default 300 */
	int64_t download_url_ttl_s; /**< signed GET URLs; default 3600 */
	/** Prefix of the file URLs the library renders ("https://api.x");
	 * NULL: relative ("/files/…"). */
	const char *public_url;
	int64_t album_images_user;  /**< images per album request; default 1 */
	int64_t album_images_admin; /**< default 20 */
	petory_s3_options s3;       /**< s3.bucket set: files live in S3 */

	/** With redis_url: nonzero also moves login sessions, refresh tokens
	 * and rate limits to Redis (several petory-httpd instances sharing
	 * them).  Then Redis being down refuses logins and authenticated
	 * calls (503) until it is back; by default they stay in SQLite and
	 * Redis holds only the ranking, which falls back to SQLite. */
	int redis_sessions;

	/* ---- version 3 ---- */

	/** Nonzero: an smtp_url that carries credentials (user:password@)
	 * may send them without TLS.  By default such a URL requires TLS
	 * (smtps://, or STARTTLS on smtp://) and a mail whose server offers
	 * no TLS stays in the outbox with an error saying so. */
	int smtp_insecure;
	/** OAuth2 logins begun per client IP; default 30 / 60 s. */
	petory_rate_rule oauth_begin_ip;

	/* Keys from outside the database (version 3 as well). */
	/** Former JWT keys (with jwt_secret set): comma-separated base64
	 * keys, at least 32 bytes each decoded, that still verify the
	 * tokens they signed (by their kid) but sign nothing: rotating an
	 * external key is moving it here and setting a new jwt_secret.  At
	 * most 8.  NULL: none.  (petory_secrets_load fills it from a secrets
	 * file or the environment.) */
	const char *jwt_previous_secrets;

	/* Account limits (version 3 as well); a zero field takes its
	 * default. */
	/** Failed logins of one email from every address together (the
	 * looser cap beside login_email_failures, which counts per email
	 * and address); default 100 / 900 s. */
	petory_rate_rule login_email_any_failures;
	/** Verification mails a user may have resent; default 3 / 3600 s. */
	petory_rate_rule verify_resend;
	/** Password reset requests per email; default 5 / 3600 s. */
	petory_rate_rule password_reset_email;
	/** Password reset requests per client IP; default 5 / 3600 s. */
	petory_rate_rule password_reset_ip;
	/** Lost-pet alerts a user may raise; default 3 / 86400 s. */
	petory_rate_rule lost_pet_alerts;
} petory_options;

#define PETORY_OPTIONS_INIT                                    \
	{                                                      \
		.version = PETORY_OPTIONS_VERSION, .create = 1 \
	}

/** Initialise opts for the given version (for bindings): the same as
 * PETORY_OPTIONS_INIT. */
PETORY_EXTERN int petory_options_init(petory_options *opts, unsigned version);

/** The size of petory_options as a caller built for `version` has it (0
 * for a version this library does not know): bindings that mirror the
 * struct check their copy against it. */
PETORY_EXTERN size_t petory_options_size(unsigned version);

/** Keys read from outside the database: what petory_secrets_load found,
 * each NULL when not given.  Point jwt_secret, jwt_previous_secrets and
 * files_secret of petory_options at them. */
typedef struct petory_secrets {
	char *jwt_key;           /**< for petory_options.jwt_secret */
	char *jwt_previous_keys; /**< for .jwt_previous_secrets */
	char *url_key;           /**< for .files_secret */
} petory_secrets;

/** Read the installation's keys from a secrets file and the
 * environment.  The file (path NULL: none) must be a regular file that
 * neither group nor others may read or write (else EPERM
 * "SECRETS_FILE_READABLE", naming its mode): lines `name=value`, blank
 * lines and lines starting with # ignored, names jwt_key,
 * jwt_previous_keys and url_key (an unknown name, a line without `=` or
 * a name given twice is EINVALID "INVALID_SECRETS_FILE" naming the line,
 * never its value).  What the file does not set is taken from
 * PETORY_JWT_KEY, PETORY_JWT_PREVIOUS_KEYS and PETORY_URL_KEY.  Values
 * are base64 (checked when the handle opens).  Free with
 * petory_secrets_dispose. */
PETORY_EXTERN int petory_secrets_load(petory_secrets *out, const char *path);
/** Wipe and free what petory_secrets_load filled. */
PETORY_EXTERN void petory_secrets_dispose(petory_secrets *s);

/** Open (creating and migrating when needed) the database named by opts
 * and return a handle in *out.  opts may be NULL for every default.  A
 * database written by a newer libpetory is refused (PETORY_EVERSION). */
PETORY_EXTERN int petory_open(petory **out, const petory_options *opts);

/** Close the handle: waits for calls in flight, checkpoints and closes
 * every connection.  NULL is fine. */
PETORY_EXTERN void petory_close(petory *db);

/** db_path as it may be shown or logged: a PostgreSQL URL with its
 * password (in the user part or a password= parameter) replaced by
 * "***", anything else as it is.  Writes at most size bytes into out,
 * NUL-terminated; returns out. */
PETORY_EXTERN char *petory_database_display(
	char *out, size_t size, const char *db_path);

/** Whether db_path names a PostgreSQL database (postgres:// or
 * postgresql://) rather than a SQLite file. */
PETORY_EXTERN int petory_database_is_url(const char *db_path);

/** "now" as the handle's clock sees it. */
PETORY_EXTERN petory_time_ms petory_now(petory *db);

/** Schema version of the open database and the newest this build knows. */
PETORY_EXTERN int petory_schema_version(petory *db);
PETORY_EXTERN int petory_schema_version_supported(void);

/** 0 when the relational store answers a trivial query. */
PETORY_EXTERN int petory_health_check(petory *db);

typedef enum petory_component_status {
	PETORY_COMPONENT_DISABLED = 0, /**< not configured */
	PETORY_COMPONENT_UP,
	PETORY_COMPONENT_DOWN
} petory_component_status;

/** Health of each dependency. */
typedef struct petory_health {
	petory_component_status db;
	petory_component_status redis;
} petory_health;

/** Fill *out; 0 when every configured dependency is UP, else EBACKEND. */
PETORY_EXTERN int petory_health_get(petory_health *out, petory *db);

/** Counters of the handle since it was opened, for monitoring. */
typedef struct petory_stats {
	uint64_t db_uses;      /**< connection checkouts (one per store call) */
	uint64_t db_busy_us;   /**< time connections were held by callers */
	uint64_t db_wait_us;   /**< time callers waited for a free one */
	size_t db_connections; /**< the pool's size */
	size_t db_connections_free; /**< idle right now */
} petory_stats;

PETORY_EXTERN int petory_stats_get(petory_stats *out, petory *db);
PETORY_EXTERN const char *petory_component_status_name(
	petory_component_status s);

/** Format t as RFC 3339 UTC ("2026-11-25T09:00:00Z") into buf (>= 32
 * bytes); returns buf. */
PETORY_EXTERN char *petory_time_format(
	char *buf, size_t size, petory_time_ms t);

PETORY_END_DECL

#endif
