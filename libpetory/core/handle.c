/* handle.c -- a handle's options and configuration: petory_options_init,
 * the defaults every zero option takes, the owned copy of the options a
 * handle keeps (the caller's strings may go away), and the clock.  It
 * installs no backend: libpetory/petory.c wires a handle.
 */
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

/* The size of petory_options as a caller built against `version` knows
 * it: fields past it must never be read or written. */
size_t petory__options_size(unsigned version)
{
	if (version == 1)
		return offsetof(petory_options, smtp_url);
	if (version == 2)
		return offsetof(petory_options, smtp_insecure);
	return sizeof(petory_options);
}

size_t petory_options_size(unsigned version)
{
	if (version == 0 || version > PETORY_OPTIONS_VERSION)
		return 0;
	return petory__options_size(version);
}

int petory_options_init(petory_options *opts, unsigned version)
{
	if (!opts)
		return petory_error_set(
			PETORY_EINVALID, NULL, "options must not be NULL");
	if (version == 0 || version > PETORY_OPTIONS_VERSION)
		return petory_error_set(PETORY_EVERSION, NULL,
			"unsupported petory_options version %u", version);
	memset(opts, 0, petory__options_size(version));
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

void petory__config_free(petory__config *c)
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

int petory__config_load(petory__config *c, const petory_options *o)
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
	rule_default(&c->oauth_begin_ip, &o->oauth_begin_ip, 30, 60);
	rule_default(&c->login_email_any_failures, &o->login_email_any_failures,
		100, 15 * 60);
	rule_default(&c->verify_resend, &o->verify_resend, 3, 3600);
	rule_default(
		&c->password_reset_email, &o->password_reset_email, 5, 3600);
	rule_default(&c->password_reset_ip, &o->password_reset_ip, 5, 3600);
	rule_default(&c->lost_pet_alerts, &o->lost_pet_alerts, 3, 86400);
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
	c->smtp_insecure = o->smtp_insecure != 0;
	if (c->smtp_insecure && c->smtp_url)
		petory__log(PETORY_LOG_WARN,
			"smtp_insecure is set: SMTP credentials may be sent "
			"without TLS, readable on the network");
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

int petory_database_is_url(const char *db_path)
{
	return db_path && (strncmp(db_path, "postgres://", 11) == 0 ||
				  strncmp(db_path, "postgresql://", 13) == 0);
}

const char *petory__database_kind(const petory *db)
{
	return petory_database_is_url(db->cfg.db_path) ? "PostgreSQL"
						       : "SQLite";
}

/* Append n bytes of s to out (size bytes, *len used so far), truncating
 * and keeping it NUL-terminated. */
static void append(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + 1 >= size)
		return;
	if (n > size - 1 - *len)
		n = size - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

char *petory_database_display(char *out, size_t size, const char *db_path)
{
	const char *p, *authority, *end, *at, *colon, *query;
	size_t len = 0;
	if (!out || size == 0)
		return out;
	out[0] = '\0';
	if (!db_path)
		return out;
	if (!petory_database_is_url(db_path)) {
		append(out, size, &len, db_path, strlen(db_path));
		return out;
	}
	/* postgres://[USER[:PASSWORD]@]HOSTS[/DB][?PARAMS]: the user part
	 * ends at the last '@' before the path (libpq stops at the first
	 * '/'; hiding up to the last '@' hides at least as much). */
	authority = strstr(db_path, "://") + 3;
	end = authority + strcspn(authority, "/");
	at = NULL;
	for (p = authority; p < end; p++)
		if (*p == '@')
			at = p;
	colon = at ? memchr(authority, ':', (size_t)(at - authority)) : NULL;
	if (colon) {
		append(out, size, &len, db_path, (size_t)(colon - db_path));
		append(out, size, &len, ":***", 4);
		p = at;
	} else {
		p = db_path;
	}
	/* The rest, with the value of every password= parameter hidden. */
	if (!(query = strchr(p, '?'))) {
		append(out, size, &len, p, strlen(p));
		return out;
	}
	append(out, size, &len, p, (size_t)(query + 1 - p));
	for (p = query + 1; *p;) {
		size_t n = strcspn(p, "&#");
		if (strncmp(p, "password=", 9) == 0 && n >= 9)
			append(out, size, &len, "password=***", 12);
		else
			append(out, size, &len, p, n);
		p += n;
		if (*p == '#') {
			append(out, size, &len, p, strlen(p));
			break;
		}
		if (*p == '&')
			append(out, size, &len, p++, 1);
	}
	return out;
}

petory_time_ms petory_now(petory *db)
{
	return db->cfg.clock(db->cfg.clock_payload);
}

int petory_schema_version(petory *db)
{
	return db->schema_version;
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
