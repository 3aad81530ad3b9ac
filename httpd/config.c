/* config.c -- the option table and the four configuration sources.
 *
 * Precedence, lowest first: built-in defaults, the config file (--config
 * FILE or PETORY_CONFIG), PETORY_<UPPER_SNAKE> environment variables, then
 * command-line flags.  Each option is one row of `options`: its flag is
 * "--" + name, its config-file key is name ('_' accepted for '-'), its
 * environment variable is PETORY_ + name in upper snake case unless the
 * row names another.  A bad value anywhere is one line on stderr and exit
 * status 2; nothing is silently ignored except unknown PETORY_* variables.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PROG "petory-httpd"
#define MAP_TILES_DEFAULT "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#define MAP_ATTRIBUTION_DEFAULT "\u00a9 OpenStreetMap contributors"

enum opt_type { OPT_STRING, OPT_INT, OPT_BOOL, OPT_LEVEL };

struct opt {
	const char *name; /* flag without the leading dashes */
	const char *env;  /* NULL: derived from name */
	enum opt_type type;
	size_t offset; /* into struct config */
	long long min, max;
	const char *arg; /* value placeholder in --help */
	const char *def; /* default shown in --help */
	const char *help;
};

#define S(field) OPT_STRING, offsetof(struct config, field), 0, 0
#define I(field, lo, hi) OPT_INT, offsetof(struct config, field), (lo), (hi)
#define B(field) OPT_BOOL, offsetof(struct config, field), 0, 1
#define L(field) OPT_LEVEL, offsetof(struct config, field), 0, 0
#define MAXI 2147483647LL
#define MAXLL 9223372036854775807LL

/* clang-format off */
static const struct opt options[] = {
	{ "config", NULL, S(config_file), "FILE", "none",
		"config file of `key = value` lines" },
	{ "db", NULL, S(db), "PATH|URL", "./petory.db",
		"SQLite file, or postgres://USER@HOST:PORT/DB" },
	{ "db-pool", NULL, I(db_pool, 1, 1024), "N", "8",
		"database connections (SQLite or PostgreSQL)" },
	{ "port", NULL, I(port, 0, 65535), "N", "8080",
		"TCP port; 0 picks a free one" },
	{ "bind", NULL, S(bind), "ADDR", "127.0.0.1", "address to listen on" },
	{ "files", NULL, S(files), "DIR", "./files",
		"local file storage directory (created)" },
	{ "redis", "PETORY_REDIS_URL", S(redis), "URL", "none",
		"Redis for the place ranking" },
	{ "redis-sessions", NULL, B(redis_sessions), NULL, "off",
		"also sessions and rate limits in Redis (several servers)" },
	{ "web-dir", NULL, S(web_dir), "DIR", "embedded",
		"serve the built web app from DIR (development)" },
	{ "web-root", NULL, S(web_dir), "DIR", "embedded",
		"old name of --web-dir" },
	{ "map-tiles", NULL, S(map_tiles), "URL",
		"https://tile.openstreetmap.org/{z}/{x}/{y}.png",
		"map tile URL template of the web app" },
	{ "map-attribution", NULL, S(map_attribution), "TEXT",
		"\u00a9 OpenStreetMap contributors",
		"attribution shown under the web app's maps" },
	{ "threads", NULL, I(threads, 0, 1024), "N", "cores",
		"worker threads (0 = number of cores)" },
	{ "max-connections", NULL, I(max_connections, 1, 1000000), "N",
		"4096", "open connections at most" },
	{ "idle-timeout", NULL, I(idle_timeout, 1, 86400), "S", "60",
		"close idle connections after S seconds" },
	{ "connection-memory-limit", NULL,
		I(connection_memory_limit, 8192, 16777216), "BYTES", "32768",
		"memory per connection (headers, buffers)" },
	{ "cors-origins", NULL, S(cors_origins), "LIST", "none",
		"comma-separated allowed origins, or *" },
	{ "trust-proxy", NULL, S(trust_proxy), "ADDR|CIDR,...", "none",
		"proxies whose X-Forwarded-For is believed (rightmost "
		"untrusted entry is the client)" },
	{ "max-connections-per-address", NULL,
		I(max_connections_per_address, 1, 1000000), "N", "64",
		"open HTTP connections per client address" },
	{ "body-budget-per-address", NULL,
		I(body_budget_per_address, 1048576, MAXLL), "BYTES",
		"4194304",
		"body bytes held at once for requests without a token, per "
		"client address (>= 1 MiB)" },
	{ "access-log", NULL, S(access_log), "FILE", "stderr",
		"append access log lines to FILE" },
	{ "log-level", NULL, L(log_level), "LEVEL", "info",
		"error, warn, info or debug" },
	{ "log-format", NULL, S(log_format), "FORMAT", "json",
		"json or text: log and access-log lines" },
	{ "log-file", NULL, S(log_file), "FILE", "stderr",
		"append log lines to FILE (reopened on SIGHUP)" },
	{ "jwt-secret", NULL, S(jwt_secret), "B64", "kept in the db",
		"HS256 key, base64, >= 32 bytes" },
	{ "secrets-file", NULL, S(secrets_file), "PATH", "none",
		"keys from this owner-only file (jwt_key=, url_key=, …)" },
	{ "access-ttl", NULL, I(access_ttl, 0, MAXI), "S", "900",
		"access token lifetime, seconds" },
	{ "refresh-ttl", NULL, I(refresh_ttl, 0, MAXI), "S", "1209600",
		"refresh token lifetime, seconds" },
	{ "timezone", NULL, S(timezone), "ZONE", "Asia/Seoul",
		"IANA zone for dates and jobs" },
	{ "pwhash-opslimit", NULL, I(pwhash_opslimit, 0, MAXI), "N",
		"interactive", "Argon2id operations limit" },
	{ "pwhash-memlimit", NULL, I(pwhash_memlimit, 0, MAXLL), "BYTES",
		"interactive", "Argon2id memory limit" },
	{ "login-ip-limit", NULL, I(login_ip_limit, 0, MAXI), "N", "120",
		"login attempts per IP per window" },
	{ "login-ip-window", NULL, I(login_ip_window, 0, MAXI), "S", "60",
		"login per-IP window, seconds" },
	{ "login-email-limit", NULL, I(login_email_limit, 0, MAXI), "N",
		"10", "failed logins per email and client IP per window" },
	{ "login-email-window", NULL, I(login_email_window, 0, MAXI), "S",
		"900", "login per-(email, IP) window, seconds" },
	{ "login-email-any-limit", NULL, I(login_email_any_limit, 0, MAXI),
		"N", "100", "failed logins per email from any IP per window" },
	{ "login-email-any-window", NULL, I(login_email_any_window, 0, MAXI),
		"S", "900", "that window, seconds" },
	{ "verify-resend-limit", NULL, I(verify_resend_limit, 0, MAXI), "N",
		"3", "verification mails resent per user per window" },
	{ "verify-resend-window", NULL, I(verify_resend_window, 0, MAXI),
		"S", "3600", "that window, seconds" },
	{ "reset-email-limit", NULL, I(reset_email_limit, 0, MAXI), "N", "5",
		"password reset requests per email per window" },
	{ "reset-email-window", NULL, I(reset_email_window, 0, MAXI), "S",
		"3600", "that window, seconds" },
	{ "reset-ip-limit", NULL, I(reset_ip_limit, 0, MAXI), "N", "5",
		"password reset requests per client IP per window" },
	{ "reset-ip-window", NULL, I(reset_ip_window, 0, MAXI), "S", "3600",
		"that window, seconds" },
	{ "lost-pet-alert-limit", NULL, I(lost_pet_alert_limit, 0, MAXI), "N",
		"3", "lost-pet alerts a user may raise per window" },
	{ "lost-pet-alert-window", NULL, I(lost_pet_alert_window, 0, MAXI),
		"S", "86400", "that window, seconds" },
	{ "signup-ip-limit", NULL, I(signup_ip_limit, 0, MAXI), "N", "120",
		"signups per IP per window" },
	{ "signup-ip-window", NULL, I(signup_ip_window, 0, MAXI), "S",
		"3600", "signup per-IP window, seconds" },
	{ "oauth-begin-ip-limit", NULL, I(oauth_begin_ip_limit, 0, MAXI), "N",
		"30", "OAuth2 logins begun per IP per window" },
	{ "oauth-begin-ip-window", NULL, I(oauth_begin_ip_window, 0, MAXI),
		"S", "60", "OAuth2 begin per-IP window, seconds" },
	{ "files-secret", NULL, S(files_secret), "B64", "kept in the db",
		"key of signed file URLs, base64, >= 32 bytes" },
	{ "max-upload-size", NULL, I(max_upload_size, 0, MAXI), "BYTES",
		"10485760", "largest file upload" },
	{ "album-images-user", NULL, I(album_images_user, 0, 1000), "N", "1",
		"images per album request, USER" },
	{ "album-images-admin", NULL, I(album_images_admin, 0, 1000), "N",
		"20", "images per album request, ADMIN" },
	{ "s3-bucket", NULL, S(s3_bucket), "NAME", "none",
		"keep files in this S3 bucket (not in --files)" },
	{ "s3-region", NULL, S(s3_region), "REGION", "us-east-1",
		"S3 region" },
	{ "s3-endpoint", NULL, S(s3_endpoint), "URL", "AWS's",
		"S3-compatible endpoint, http(s)://host[:port]" },
	{ "s3-access-key", NULL, S(s3_access_key), "KEY", "none",
		"S3 access key id" },
	{ "s3-secret-key", NULL, S(s3_secret_key), "SECRET", "none",
		"S3 secret access key" },
	{ "s3-path-style", NULL, B(s3_path_style), NULL, "off",
		"address objects as endpoint/bucket/key" },
	{ "s3-ca-file", NULL, S(s3_ca_file), "FILE", "system",
		"extra CA bundle for the S3 endpoint" },
	{ "public-url", NULL, S(public_url), "URL", "http://ADDR:PORT",
		"external base URL (OAuth redirect_uri, file URLs)" },
	{ "google-client-id", NULL, S(google_client_id), "ID", "none",
		"Google OAuth2 client id" },
	{ "google-client-secret", NULL, S(google_client_secret), "SECRET",
		"none", "Google OAuth2 client secret" },
	{ "google-authorize-url", NULL, S(google_authorize_url), "URL",
		"Google's", "OAuth2 authorization endpoint" },
	{ "google-token-url", NULL, S(google_token_url), "URL", "Google's",
		"OAuth2 token endpoint" },
	{ "google-userinfo-url", NULL, S(google_userinfo_url), "URL",
		"Google's", "OpenID userinfo endpoint" },
	{ "smtp-url", NULL, S(smtp_url), "URL", "none",
		"SMTP server for account mails (smtp:// or smtps://)" },
	{ "smtp-insecure", NULL, B(smtp_insecure), NULL, "off",
		"allow SMTP credentials without TLS (warns at start)" },
	{ "mail-from", NULL, S(mail_from), "ADDR", "petory@localhost",
		"sender address of account mails" },
	{ "admin-webhook-url", NULL, S(admin_webhook_url), "URL", "none",
		"Discord-compatible webhook for admin alerts" },
	{ "place-review-limit", NULL, I(place_review_limit, 0, MAXI), "N",
		"10", "place reviews per user per window" },
	{ "place-review-window", NULL, I(place_review_window, 0, MAXI), "S",
		"3600", "place review window, seconds" },
	{ "place-report-limit", NULL, I(place_report_limit, 0, MAXI), "N",
		"10", "place reports per user per window" },
	{ "place-report-window", NULL, I(place_report_window, 0, MAXI), "S",
		"3600", "place report window, seconds" },
	{ "kakao-api-key", NULL, S(kakao_api_key), "KEY", "none",
		"Kakao Local key: geocode places without coordinates" },
	{ "kakao-local-url", NULL, S(kakao_local_url), "URL", "Kakao's",
		"Kakao Local address search endpoint" },
	{ "ws-max-connections", NULL, I(ws_max_connections, 1, 1000000), "N",
		"10000", "open WebSocket connections at most" },
	{ "ws-max-per-address", NULL, I(ws_max_per_address, 1, 1000000), "N",
		"64", "open WebSocket connections per client address" },
	{ "ws-max-anonymous-per-address", NULL,
		I(ws_max_anonymous_per_address, 1, 1000000), "N", "4",
		"WebSockets per client address not yet authenticated" },
	{ "ws-max-per-user", NULL, I(ws_max_per_user, 1, 1000), "N", "8",
		"open WebSocket connections per user" },
	{ "ws-ping-interval", NULL, I(ws_ping_interval, 1, 3600), "S", "30",
		"ping a quiet WebSocket after S seconds; drop it after 2 S" },
	{ "ws-auth-recheck", NULL, I(ws_auth_recheck, 1, 3600), "S", "10",
		"check each WebSocket's token again every S seconds" },
};
/* clang-format on */

#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

static const char *const level_names[] = { "none", "error", "warn", "info",
	"debug" };

/* ---------------------------------------------------------------- */

static char **string_field(struct config *cfg, const struct opt *o)
{
	return (char **)((char *)cfg + o->offset);
}

static long long *int_field(struct config *cfg, const struct opt *o)
{
	return (long long *)((char *)cfg + o->offset);
}

static void env_name(char *buf, size_t size, const struct opt *o)
{
	size_t i = 0, j;

	if (o->env) {
		snprintf(buf, size, "%s", o->env);
		return;
	}
	i = (size_t)snprintf(buf, size, "PETORY_");
	for (j = 0; o->name[j] && i + 1 < size; j++, i++)
		buf[i] = o->name[j] == '-'
				 ? '_'
				 : (char)toupper((unsigned char)o->name[j]);
	buf[i] = '\0';
}

/* Flag and file keys: '-' and '_' are the same character. */
static const struct opt *find_option(const char *name, size_t len)
{
	size_t i, j;

	for (i = 0; i < OPTION_COUNT; i++) {
		const char *n = options[i].name;
		for (j = 0; j < len && n[j]; j++) {
			char c = name[j] == '_' ? '-' : name[j];
			if (c != n[j])
				break;
		}
		if (j == len && n[j] == '\0')
			return &options[i];
	}
	return NULL;
}

static int parse_bool(const char *v, long long *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0 || strcasecmp(v, no[i]) == 0) {
			*out = strcasecmp(v, yes[i]) == 0;
			return 0;
		}
	}
	return -1;
}

/* --trust-proxy was a boolean; it now lists the proxies.  given: the
 * value of the old spelling, NULL when the flag came alone. */
static void trust_proxy_boolean(const char *given)
{
	fprintf(stderr,
		PROG ": --trust-proxy%s%s is the old boolean spelling: the "
		     "option now names the trusted proxies, --trust-proxy "
		     "ADDR|CIDR,... (e.g. 127.0.0.1,::1 for a proxy on this "
		     "host)\n",
		given ? " " : "", given ? given : "");
}

/* Store value into the option's field; `where` names the source in the
 * error message ("--port", "PETORY_PORT", "petory.conf:3"). */
static int apply(struct config *cfg, const struct opt *o, const char *value,
	const char *where)
{
	char *end;
	long long n;
	size_t i;

	switch (o->type) {
	case OPT_STRING: {
		char *copy = strdup(value);
		if (!copy) {
			fprintf(stderr, PROG ": out of memory\n");
			return -1;
		}
		free(*string_field(cfg, o));
		*string_field(cfg, o) = copy;
		break;
	}
	case OPT_INT:
		errno = 0;
		n = strtoll(value, &end, 10);
		if (!isdigit((unsigned char)value[0]) || *end || errno) {
			fprintf(stderr, PROG ": %s: '%s' is not a number\n",
				where, value);
			return -1;
		}
		if (n < o->min || n > o->max) {
			fprintf(stderr,
				PROG ": %s: %lld is out of range %lld..%lld\n",
				where, n, o->min, o->max);
			return -1;
		}
		*int_field(cfg, o) = n;
		break;
	case OPT_BOOL:
		if (parse_bool(value, int_field(cfg, o)) < 0) {
			fprintf(stderr,
				PROG ": %s: '%s' is not true or false\n", where,
				value);
			return -1;
		}
		break;
	case OPT_LEVEL:
		for (i = 1; i < sizeof(level_names) / sizeof(*level_names);
			i++) {
			if (strcasecmp(value, level_names[i]) == 0)
				break;
		}
		if (i == sizeof(level_names) / sizeof(*level_names)) {
			fprintf(stderr,
				PROG ": %s: '%s' is not error, warn, info "
				     "or debug\n",
				where, value);
			return -1;
		}
		*int_field(cfg, o) = (long long)i;
		break;
	}
	cfg->configured = 1;
	return 0;
}

/* ---------------------------------------------------------------- */

static void print_help(void)
{
	size_t i;
	char flag[64], env[64];

	printf("usage: " PROG " [options]\n\n"
	       "The PETORY HTTP server.  Each option is also read from the "
	       "environment\nvariable shown and from the config file key of "
	       "the same name.\n\n");
	for (i = 0; i < OPTION_COUNT; i++) {
		const struct opt *o = &options[i];
		snprintf(flag, sizeof(flag), "--%s%s%s", o->name,
			o->arg ? " " : "", o->arg ? o->arg : "");
		env_name(env, sizeof(env), o);
		printf("  %-32s %s [%s]\n  %-32s   env %s\n", flag, o->help,
			o->def, "", env);
	}
	printf("  %-32s %s\n  %-32s %s\n", "--help", "show this help and exit",
		"--version", "show the version and exit");
}

static void set_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 8080;
	cfg->db_pool = 8;
	cfg->max_connections = 4096;
	cfg->idle_timeout = 60;
	cfg->max_connections_per_address = 64;
	cfg->body_budget_per_address = 4194304;
	cfg->ws_max_per_address = 64;
	cfg->ws_max_anonymous_per_address = 4;
	cfg->connection_memory_limit = 32768;
	cfg->log_level = PETORY_LOG_INFO;
	cfg->ws_max_connections = 10000;
	cfg->ws_max_per_user = 8;
	cfg->ws_ping_interval = 30;
	cfg->ws_auth_recheck = 10;
}

/* Defaults of string options, applied last to whatever is still unset. */
static int default_strings(struct config *cfg)
{
	if (!cfg->db && !(cfg->db = strdup("./petory.db")))
		return -1;
	if (!cfg->bind && !(cfg->bind = strdup("127.0.0.1")))
		return -1;
	if (!cfg->files && !(cfg->files = strdup("./files")))
		return -1;
	if (!cfg->timezone && !(cfg->timezone = strdup("Asia/Seoul")))
		return -1;
	if (!cfg->map_tiles && !(cfg->map_tiles = strdup(MAP_TILES_DEFAULT)))
		return -1;
	if (!cfg->map_attribution &&
		!(cfg->map_attribution = strdup(MAP_ATTRIBUTION_DEFAULT)))
		return -1;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* `key = value` lines; blank lines and lines starting with '#' are
 * skipped; a value may be wrapped in double quotes. */
static int load_file(struct config *cfg, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], where[512];
	int lineno = 0, rc = 0;

	if (!f) {
		fprintf(stderr, PROG ": cannot read config file %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *key, *value, *eq;
		const struct opt *o;
		size_t vlen;

		lineno++;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (!strchr(line, '\n') && !feof(f)) {
			fprintf(stderr, PROG ": %s: line too long\n", where);
			rc = -1;
			break;
		}
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if (!(eq = strchr(key, '='))) {
			fprintf(stderr, PROG ": %s: expected `key = value`\n",
				where);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		vlen = strlen(value);
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value[vlen - 1] = '\0';
			value++;
		}
		o = find_option(key, strlen(key));
		if (!o || o->offset == offsetof(struct config, config_file)) {
			fprintf(stderr, PROG ": %s: unknown key '%s'\n", where,
				key);
			rc = -1;
			break;
		}
		rc = apply(cfg, o, value, where);
	}
	fclose(f);
	return rc;
}

static int load_env(struct config *cfg)
{
	size_t i;
	char name[64];

	for (i = 0; i < OPTION_COUNT; i++) {
		const char *v;
		env_name(name, sizeof(name), &options[i]);
		if ((v = getenv(name)) && *v &&
			apply(cfg, &options[i], v, name) < 0)
			return -1;
	}
	return 0;
}

/* Walk argv.  With apply_values 0 only find --help, --version and
 * --config (the file must be read before everything else). */
static int load_args(struct config *cfg, int argc, char **argv,
	int apply_values, const char **config_out)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *name, *value, *eq;
		const struct opt *o;
		char where[80];
		size_t len;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 ||
			strcmp(arg, "--version") == 0) {
			if (apply_values)
				return 0; /* unreachable: pass 0 exits */
			if (arg[2] == 'v')
				printf(PROG " %s (libpetory %s)\n",
					PETORY_VERSION_STRING,
					petory_version_string());
			else
				print_help();
			return 1;
		}
		if (strncmp(arg, "--", 2) != 0) {
			fprintf(stderr,
				PROG ": unexpected argument '%s' (see "
				     "--help)\n",
				arg);
			return -1;
		}
		name = arg + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		if (!(o = find_option(name, len)) || memchr(name, '_', len)) {
			fprintf(stderr,
				PROG ": unknown option '%.*s' (see --help)\n",
				(int)len + 2, arg);
			return -1;
		}
		if (eq)
			value = eq + 1;
		else if (o->type == OPT_BOOL)
			value = "true";
		else if (o->offset == offsetof(struct config, trust_proxy) &&
			 (i + 1 >= argc ||
				 strncmp(argv[i + 1], "--", 2) == 0)) {
			trust_proxy_boolean(NULL);
			return -1;
		} else if (i + 1 < argc)
			value = argv[++i];
		else {
			fprintf(stderr, PROG ": --%s needs a value\n", o->name);
			return -1;
		}
		snprintf(where, sizeof(where), "--%s", o->name);
		if (!apply_values) {
			if (o->offset == offsetof(struct config, config_file))
				*config_out = value;
			continue;
		}
		if (apply(cfg, o, value, where) < 0)
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */

/* Parse --trust-proxy into cfg->trusted.  "off", "false", "no" and "0"
 * (the old boolean's off) mean none; its on values are refused. */
static int parse_trust_proxy(struct config *cfg)
{
	char err[160];
	long long flag;

	memset(&cfg->trusted, 0, sizeof(cfg->trusted));
	if (!cfg->trust_proxy)
		return 0;
	if (parse_bool(cfg->trust_proxy, &flag) == 0) {
		if (flag) {
			trust_proxy_boolean(cfg->trust_proxy);
			return -1;
		}
		return 0;
	}
	if (trusted_proxies_parse(
		    &cfg->trusted, cfg->trust_proxy, err, sizeof(err)) < 0) {
		fprintf(stderr, PROG ": --trust-proxy: %s\n", err);
		return -1;
	}
	return 0;
}

static int valid_http_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* A tile URL template goes into the Content-Security-Policy (its
 * origin) and to the browser: http(s), nothing that could end a CSP
 * source or directive, and "{s}"-like placeholders in the host only in
 * its first label (which the policy turns into a "*." wildcard). */
static int valid_tile_url(const char *s)
{
	const char *host, *end, *dot;
	size_t i;

	if (!valid_http_url(s))
		return 0;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || strchr(";,'\"\\", c))
			return 0;
	}
	host = strstr(s, "://") + 3;
	end = host + strcspn(host, "/?#");
	if (end == host)
		return 0;
	if (!(dot = memchr(host, '.', (size_t)(end - host))))
		dot = end;
	return !memchr(dot, '{', (size_t)(end - dot));
}

/* Split --cors-origins into cfg->cors_list.  Each origin is "*" or
 * scheme://host[:port], without a path. */
static int split_origins(struct config *cfg)
{
	const char *p = cfg->cors_origins;
	size_t count = 1, n = 0;

	for (; *p; p++)
		count += *p == ',';
	if (!(cfg->cors_list = calloc(count + 1, sizeof(char *))))
		return -1;
	for (p = cfg->cors_origins; *p;) {
		size_t len = strcspn(p, ","), skip = len;
		const char *o = p, *host;

		while (len && isspace((unsigned char)*o))
			o++, len--;
		while (len && isspace((unsigned char)o[len - 1]))
			len--;
		p += skip + (p[skip] == ',');
		if (len == 0)
			continue;
		if (strncmp(o, "https://", 8) == 0)
			host = o + 8;
		else if (strncmp(o, "http://", 7) == 0)
			host = o + 7;
		else
			host = NULL;
		if (!(len == 1 && *o == '*') &&
			(!host || host >= o + len ||
				memchr(host, '/', len - (size_t)(host - o)) ||
				memchr(o, ' ', len))) {
			fprintf(stderr,
				PROG ": --cors-origins: '%.*s' is not an "
				     "origin like https://app.example\n",
				(int)len, o);
			return -1;
		}
		if (!(cfg->cors_list[n++] = strndup(o, len)))
			return -1;
	}
	return 0;
}

static int validate(struct config *cfg)
{
	size_t n;

	if (cfg->threads == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		cfg->threads = cores > 0 ? cores : 1;
	}
	if (cfg->public_url) {
		if (!valid_http_url(cfg->public_url)) {
			fprintf(stderr,
				PROG ": --public-url: '%s' must start with "
				     "http:// or https://\n",
				cfg->public_url);
			return -1;
		}
		n = strlen(cfg->public_url);
		while (n > 0 && cfg->public_url[n - 1] == '/')
			cfg->public_url[--n] = '\0';
	}
	if (cfg->cors_origins && split_origins(cfg) < 0)
		return -1;
	if (parse_trust_proxy(cfg) < 0)
		return -1;
	if (!valid_tile_url(cfg->map_tiles)) {
		fprintf(stderr,
			PROG ": --map-tiles: '%s' must be an http:// or "
			     "https:// URL without spaces, quotes, ';' or ',' "
			     "(placeholders only in the first label of the "
			     "host)\n",
			cfg->map_tiles);
		return -1;
	}
	if (cfg->log_format && strcmp(cfg->log_format, "json") != 0 &&
		strcmp(cfg->log_format, "text") != 0) {
		fprintf(stderr,
			PROG ": --log-format: '%s' is not json or text\n",
			cfg->log_format);
		return -1;
	}
	if (!*cfg->bind || !*cfg->db || !*cfg->files) {
		fprintf(stderr, PROG ": --bind, --db and --files must not be "
				     "empty\n");
		return -1;
	}
	return 0;
}

enum config_result config_load(struct config *cfg, int argc, char **argv)
{
	const char *file = NULL;
	int rc;

	set_defaults(cfg);
	rc = load_args(cfg, argc, argv, 0, &file);
	if (rc != 0) {
		config_dispose(cfg);
		return rc > 0 ? CONFIG_EXIT : CONFIG_ERROR;
	}
	if (!file && (file = getenv("PETORY_CONFIG")) && !*file)
		file = NULL;
	if ((file && load_file(cfg, file) < 0) || load_env(cfg) < 0 ||
		load_args(cfg, argc, argv, 1, NULL) < 0 ||
		default_strings(cfg) < 0 || validate(cfg) < 0) {
		config_dispose(cfg);
		return CONFIG_ERROR;
	}
	return CONFIG_RUN;
}

void config_dispose(struct config *cfg)
{
	size_t i;

	for (i = 0; cfg->cors_list && cfg->cors_list[i]; i++)
		free(cfg->cors_list[i]);
	free(cfg->cors_list);
	cfg->cors_list = NULL;
	for (i = 0; i < OPTION_COUNT; i++) {
		if (options[i].type == OPT_STRING) {
			free(*string_field(cfg, &options[i]));
			*string_field(cfg, &options[i]) = NULL;
		}
	}
}

void config_to_options(const struct config *cfg, petory_options *opts,
	const char *redirect_uri)
{
	opts->db_path = cfg->db;
	opts->pool_size = (unsigned)cfg->db_pool;
	opts->create = 1;
	opts->jwt_secret = cfg->jwt_secret;
	opts->access_ttl_s = cfg->access_ttl;
	opts->refresh_ttl_s = cfg->refresh_ttl;
	opts->pwhash_opslimit = (unsigned long long)cfg->pwhash_opslimit;
	opts->pwhash_memlimit = (size_t)cfg->pwhash_memlimit;
	opts->default_timezone = cfg->timezone;
	opts->login_ip.limit = cfg->login_ip_limit;
	opts->login_ip.window_s = cfg->login_ip_window;
	opts->login_email_failures.limit = cfg->login_email_limit;
	opts->login_email_failures.window_s = cfg->login_email_window;
	opts->signup_ip.limit = cfg->signup_ip_limit;
	opts->signup_ip.window_s = cfg->signup_ip_window;
	opts->oauth_begin_ip.limit = cfg->oauth_begin_ip_limit;
	opts->oauth_begin_ip.window_s = cfg->oauth_begin_ip_window;
	opts->login_email_any_failures.limit = cfg->login_email_any_limit;
	opts->login_email_any_failures.window_s = cfg->login_email_any_window;
	opts->verify_resend.limit = cfg->verify_resend_limit;
	opts->verify_resend.window_s = cfg->verify_resend_window;
	opts->password_reset_email.limit = cfg->reset_email_limit;
	opts->password_reset_email.window_s = cfg->reset_email_window;
	opts->password_reset_ip.limit = cfg->reset_ip_limit;
	opts->password_reset_ip.window_s = cfg->reset_ip_window;
	opts->lost_pet_alerts.limit = cfg->lost_pet_alert_limit;
	opts->lost_pet_alerts.window_s = cfg->lost_pet_alert_window;
	opts->google.client_id = cfg->google_client_id;
	opts->google.client_secret = cfg->google_client_secret;
	opts->google.authorize_url = cfg->google_authorize_url;
	opts->google.token_url = cfg->google_token_url;
	opts->google.userinfo_url = cfg->google_userinfo_url;
	opts->google.redirect_uri = redirect_uri;
	opts->redis_url = cfg->redis;
	opts->redis_sessions = (int)cfg->redis_sessions;
	opts->smtp_url = cfg->smtp_url;
	opts->smtp_insecure = (int)cfg->smtp_insecure;
	opts->mail_from = cfg->mail_from;
	opts->admin_webhook_url = cfg->admin_webhook_url;
	opts->place_review.limit = cfg->place_review_limit;
	opts->place_review.window_s = cfg->place_review_window;
	opts->place_report.limit = cfg->place_report_limit;
	opts->place_report.window_s = cfg->place_report_window;
	opts->kakao_api_key = cfg->kakao_api_key;
	opts->kakao_local_url = cfg->kakao_local_url;
	opts->files_dir = cfg->files;
	opts->files_secret = cfg->files_secret;
	opts->max_upload_size = cfg->max_upload_size;
	opts->public_url = cfg->public_url;
	opts->album_images_user = cfg->album_images_user;
	opts->album_images_admin = cfg->album_images_admin;
	opts->s3.bucket = cfg->s3_bucket;
	opts->s3.region = cfg->s3_region;
	opts->s3.endpoint = cfg->s3_endpoint;
	opts->s3.access_key = cfg->s3_access_key;
	opts->s3.secret_key = cfg->s3_secret_key;
	opts->s3.path_style = (int)cfg->s3_path_style;
	opts->s3.ca_file = cfg->s3_ca_file;
}
