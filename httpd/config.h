/* config.h -- petory-httpd configuration: flags over PETORY_* environment
 * variables over a config file over defaults.
 *
 * Every setting is described once, in the option table of config.c; the
 * flag, the environment variable, the config-file key and the --help text
 * are all derived from that table.  After config_load() succeeds every
 * field holds a validated value (strings may be NULL where noted).
 */
#ifndef HTTPD_CONFIG_H
#define HTTPD_CONFIG_H

#include <petory.h>

#include "client_addr.h"

struct config {
	char *db;                 /* SQLite file or postgres:// URL */
	long long db_pool;        /* database connections */
	long long port;           /* 0: pick a free port */
	char *bind;               /* address to listen on */
	char *files;              /* local file storage directory */
	char *redis;              /* NULL: no Redis */
	long long redis_sessions; /* 0 or 1 */
	char *config_file;        /* NULL: none */
	char *web_dir;            /* NULL: the embedded web app */
	char *map_tiles;          /* tile URL template of the app's maps */
	char *map_attribution;    /* shown under those maps */

	long long threads; /* > 0 after config_load() */
	long long max_connections;
	long long idle_timeout;            /* seconds */
	long long connection_memory_limit; /* bytes */
	char *cors_origins;                /* comma-separated; NULL: none */
	char **cors_list; /* the same, split and NULL-terminated ("*" kept);
			     NULL when CORS is off */
	long long max_connections_per_address; /* HTTP, per client */
	long long body_budget_per_address; /* buffered body bytes of requests
					      without a valid token, per
					      client address */
	char *trust_proxy;              /* --trust-proxy as given; NULL: none */
	struct trusted_proxies trusted; /* the same, parsed */
	char *access_log;               /* NULL: stderr */
	long long log_level;            /* a petory_log_level */
	char *log_format;               /* "json" or "text"; NULL: json */
	char *log_file;                 /* NULL: stderr */

	char *jwt_secret;
	char *secrets_file;    /* NULL: keys from the options or the db */
	long long access_ttl;  /* 0: library default */
	long long refresh_ttl; /* 0: library default */
	char *timezone;
	long long pwhash_opslimit; /* 0: library default */
	long long pwhash_memlimit; /* 0: library default */
	long long login_ip_limit, login_ip_window;
	long long login_email_limit, login_email_window;
	long long signup_ip_limit, signup_ip_window;
	long long oauth_begin_ip_limit, oauth_begin_ip_window;
	long long login_email_any_limit, login_email_any_window;
	long long verify_resend_limit, verify_resend_window;
	long long reset_email_limit, reset_email_window;
	long long reset_ip_limit, reset_ip_window;
	long long lost_pet_alert_limit, lost_pet_alert_window;

	char *files_secret;           /* NULL: kept in the db */
	long long max_upload_size;    /* bytes; 0: library default */
	long long album_images_user;  /* 0: library default */
	long long album_images_admin; /* 0: library default */

	char *s3_bucket; /* NULL: local storage */
	char *s3_region;
	char *s3_endpoint;
	char *s3_access_key;
	char *s3_secret_key;
	long long s3_path_style; /* 0 or 1 */
	char *s3_ca_file;

	char *public_url; /* NULL: http://ADDR:PORT; never ends in '/' */
	char *google_client_id;
	char *google_client_secret;
	char *google_authorize_url;
	char *google_token_url;
	char *google_userinfo_url;
	char *smtp_url;
	long long smtp_insecure; /* 0 or 1 */
	char *mail_from;
	char *admin_webhook_url;
	long long place_review_limit, place_review_window;
	long long place_report_limit, place_report_window;
	char *kakao_api_key;
	char *kakao_local_url;
	long long ws_max_connections; /* WebSocket connections at most */
	long long ws_max_per_user;
	long long ws_max_per_address;           /* open, per client address */
	long long ws_max_anonymous_per_address; /* not yet authenticated */
	long long ws_ping_interval;             /* seconds */
	long long ws_auth_recheck;              /* seconds */

	int configured; /* 1 when any value came from a flag, env or file */
};

/* What config_load() asks of main(). */
enum config_result {
	CONFIG_RUN = 0,  /* start the server */
	CONFIG_EXIT = 1, /* --help or --version was printed: exit 0 */
	CONFIG_ERROR = 2 /* a one-line error was printed: exit 2 */
};

/* Fill cfg from defaults, the config file, the environment and argv, in
 * that order of increasing precedence.  On CONFIG_ERROR cfg is already
 * disposed of. */
enum config_result config_load(struct config *cfg, int argc, char **argv);

/* Free every string of cfg. */
void config_dispose(struct config *cfg);

/* Fill opts (already initialised) from cfg.  Pointers borrow from cfg
 * and redirect_uri, which must outlive petory_open(). */
void config_to_options(const struct config *cfg, petory_options *opts,
	const char *redirect_uri);

#endif
