/* outbox.c -- delivering what leaves the process: account mails over SMTP
 * and admin alerts to a Discord-compatible webhook, both through libcurl.
 *
 * Delivery is at least once: a row is claimed with a lease (so two
 * dispatchers do not send it at the same time), sent, and only then
 * marked delivered; a crash in between sends it again after the lease.
 * A failure backs off exponentially (1 min x 2^attempts, at most 6 h).  A
 * kind whose destination is not configured is not claimed: its rows wait.
 * Mail headers are built here (RFC 5322, UTF-8 subject as RFC 2047
 * base64); CR and LF never reach a header from the payload.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/domain.h"
#include "store/calls.h"

#define BATCH 50
#define LEASE_MS ((petory_time_ms)5 * 60 * 1000)
#define BACKOFF_BASE_MS ((petory_time_ms)60 * 1000)
#define BACKOFF_MAX_MS ((petory_time_ms)6 * 3600 * 1000)
#define TIMEOUT_S 20L

petory_time_ms petory__outbox_backoff(int64_t attempts_before)
{
	petory_time_ms delay = BACKOFF_BASE_MS;
	int64_t i;
	for (i = 0; i < attempts_before && delay < BACKOFF_MAX_MS; i++)
		delay *= 2;
	return delay < BACKOFF_MAX_MS ? delay : BACKOFF_MAX_MS;
}

/* ---- the message ---- */

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t room = size * n, left = u->len - u->pos;
	if (room > left)
		room = left;
	memcpy(buf, u->data + u->pos, room);
	u->pos += room;
	return room;
}

static size_t discard_cb(char *buf, size_t size, size_t n, void *arg)
{
	(void)buf;
	(void)arg;
	return size * n;
}

/* Copy s without CR and LF (header values). */
static char *header_value(const char *s)
{
	char *out = malloc(strlen(s) + 1), *p = out;
	if (!out)
		return NULL;
	for (; *s; s++)
		if (*s != '\r' && *s != '\n')
			*p++ = *s;
	*p = '\0';
	return out;
}

/* The RFC 5322 message with CRLF line ends; malloc'd. */
static char *build_message(
	const char *from, const char *to, const char *subject, const char *body)
{
	size_t slen = strlen(subject);
	size_t b64len =
		sodium_base64_ENCODED_LEN(slen, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64len), *msg, *p;
	char date[64];
	const char *q;
	time_t now = time(NULL);
	struct tm tm;
	size_t cap;

	if (!b64)
		return NULL;
	sodium_bin2base64(b64, b64len, (const unsigned char *)subject, slen,
		sodium_base64_VARIANT_ORIGINAL);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	cap = strlen(from) + strlen(to) + b64len + 2 * strlen(body) + 512;
	if (!(msg = malloc(cap))) {
		free(b64);
		return NULL;
	}
	p = msg + snprintf(msg, cap,
			  "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\n"
			  "Subject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n"
			  "Content-Type: text/plain; charset=UTF-8\r\n"
			  "Content-Transfer-Encoding: 8bit\r\n\r\n",
			  date, from, to, b64);
	free(b64);
	for (q = body; *q; q++) {
		if (*q == '\r')
			continue;
		if (*q == '\n')
			*p++ = '\r';
		*p++ = *q;
	}
	*p++ = '\r';
	*p++ = '\n';
	*p = '\0';
	return msg;
}

static int curl_result(CURLcode rc, CURL *h, char *err, size_t size)
{
	long status = 0;
	if (rc != CURLE_OK) {
		snprintf(err, size, "%s", curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 300) {
		snprintf(err, size, "answered %ld", status);
		return -1;
	}
	return 0;
}

/* Does the SMTP URL carry credentials (a user or a password)?  Parsed
 * with libcurl's own URL parser, as the transfer will read it. */
static int smtp_url_has_credentials(const char *url)
{
	CURLU *u = curl_url();
	char *user = NULL, *password = NULL;
	int has = 0;

	if (!u)
		return 1; /* cannot tell: assume it does */
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return 1;
	}
	has = (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user &&
		      *user) ||
	      (curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK &&
		      password && *password);
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(u);
	return has;
}

/* Whether mail must go over TLS: when the URL carries credentials,
 * unless smtp_insecure allows them in clear. */
static int smtp_requires_tls(const petory__config *cfg)
{
	return cfg->smtp_url && !cfg->smtp_insecure &&
	       smtp_url_has_credentials(cfg->smtp_url);
}

static int send_mail(petory *db, json_t *payload, char *err, size_t size)
{
	int require_tls = smtp_requires_tls(&db->cfg);
	CURLcode rc;
	const char *to = json_string_value(json_object_get(payload, "to"));
	const char *subject =
		json_string_value(json_object_get(payload, "subject"));
	const char *body = json_string_value(json_object_get(payload, "body"));
	char *rcpt = NULL, *subj = NULL, *from = NULL, *msg = NULL;
	struct curl_slist *rcpts = NULL;
	struct upload up;
	CURL *h = NULL;
	int result = -1;

	if (!to || !subject || !body) {
		snprintf(err, size, "malformed mail payload");
		return -1;
	}
	if (!(rcpt = header_value(to)) || !(subj = header_value(subject)) ||
		!(from = header_value(db->cfg.mail_from)) ||
		!(msg = build_message(from, rcpt, subj, body)) ||
		!(h = curl_easy_init()) ||
		!(rcpts = curl_slist_append(NULL, rcpt))) {
		snprintf(err, size, "out of memory");
		goto done;
	}
	up = (struct upload){ msg, strlen(msg), 0 };
	curl_easy_setopt(h, CURLOPT_URL, db->cfg.smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* smtp:// upgrades with STARTTLS when the server offers it; with
	 * credentials it must (no AUTH in clear after a stripped STARTTLS) */
	curl_easy_setopt(h, CURLOPT_USE_SSL,
		require_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	rc = curl_easy_perform(h);
	if (require_tls && rc == CURLE_USE_SSL_FAILED) {
		snprintf(err, size,
			"TLS is required to send SMTP credentials, and the "
			"server offered no STARTTLS (use smtps://, or "
			"--smtp-insecure to send them in clear)");
		goto done;
	}
	result = curl_result(rc, h, err, size);
done:
	curl_slist_free_all(rcpts);
	if (h)
		curl_easy_cleanup(h);
	free(rcpt);
	free(subj);
	free(from);
	free(msg);
	return result;
}

/* The admins' words for a fact a store queued (model/outbox.c) into
 * buf; NULL for a payload that is no known fact. */
static const char *alert_text(json_t *payload, char *buf, size_t size)
{
	const char *event =
		json_string_value(json_object_get(payload, "event"));
	json_int_t a, b;
	const char *day;
	if (!event)
		return NULL;
	if (strcmp(event, PETORY__ALERT_PLACE_INACTIVE) == 0 &&
		json_unpack(payload, "{s:I, s:I}", "placeId", &a, "reports",
			&b) == 0) {
		snprintf(buf, size,
			"Place %lld received %lld reports and is now INACTIVE "
			"(PLACE_REPORT).",
			(long long)a, (long long)b);
		return buf;
	}
	if (strcmp(event, PETORY__ALERT_ACCOUNT_LIFECYCLE) == 0 &&
		json_unpack(payload, "{s:s, s:I, s:I}", "day", &day,
			"deactivated", &a, "removed", &b) == 0) {
		snprintf(buf, size,
			"[Petory] account lifecycle %s: %lld deactivated after "
			"90 idle days, %lld removed for good",
			day, (long long)a, (long long)b);
		return buf;
	}
	return NULL;
}

static int send_webhook(petory *db, json_t *payload, char *err, size_t size)
{
	char worded[256];
	const char *content =
		json_string_value(json_object_get(payload, "content"));
	struct curl_slist *headers = NULL;
	char *body = NULL;
	json_t *j = NULL;
	CURL *h = NULL;
	int result = -1;

	if (!content)
		content = alert_text(payload, worded, sizeof(worded));
	if (!content) {
		snprintf(err, size, "malformed webhook payload");
		return -1;
	}
	if (!(j = json_pack("{s:s}", "content", content)) ||
		!(body = json_dumps(j, JSON_COMPACT)) ||
		!(h = curl_easy_init()) ||
		!(headers = curl_slist_append(
			  NULL, "Content-Type: application/json"))) {
		snprintf(err, size, "out of memory");
		goto done;
	}
	curl_easy_setopt(h, CURLOPT_URL, db->cfg.admin_webhook_url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	result = curl_result(curl_easy_perform(h), h, err, size);
done:
	curl_slist_free_all(headers);
	if (h)
		curl_easy_cleanup(h);
	free(body);
	json_decref(j);
	return result;
}

static int deliver(
	petory *db, const petory_outbox_item *it, char *err, size_t size)
{
	json_t *payload = json_loads(it->payload, 0, NULL);
	int rc;
	if (!json_is_object(payload)) {
		json_decref(payload);
		snprintf(err, size, "payload is not a JSON object");
		return -1;
	}
	rc = it->kind == PETORY_OUTBOX_MAIL
		     ? send_mail(db, payload, err, size)
		     : send_webhook(db, payload, err, size);
	json_decref(payload);
	return rc;
}

int petory__outbox_run(
	int64_t *delivered, int64_t *failed, petory *db, petory_time_ms now)
{
	unsigned mask =
		(db->cfg.smtp_url ? 1u << PETORY_OUTBOX_MAIL : 0) |
		(db->cfg.admin_webhook_url ? 1u << PETORY_OUTBOX_WEBHOOK : 0);
	petory_outbox_item *items = NULL;
	size_t count = 0, i;
	int error;

	*delivered = *failed = 0;
	if (!mask)
		return 0;
	error = petory__store_outbox_claim(
		&items, &count, db, mask, now, now + LEASE_MS, BATCH);
	for (i = 0; i < count && !error; i++) {
		char err[256] = "";
		if (deliver(db, &items[i], err, sizeof(err)) == 0) {
			error = petory__store_outbox_finish(
				db, items[i].id, NULL, 0, now);
			(*delivered)++;
		} else {
			petory__log(PETORY_LOG_WARN,
				"outbox row %lld (attempt %lld): %s",
				(long long)items[i].id,
				(long long)items[i].attempts + 1, err);
			error = petory__store_outbox_finish(db, items[i].id,
				err,
				now + petory__outbox_backoff(items[i].attempts),
				now);
			(*failed)++;
		}
	}
	for (i = 0; i < count; i++)
		free(items[i].payload);
	free(items);
	return error;
}

int petory_outbox_dispatch(int64_t *delivered_out, int64_t *failed_out,
	petory *db, const petory_identity *actor, petory_time_ms now)
{
	int64_t delivered = 0, failed = 0;
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	error = petory__outbox_run(
		&delivered, &failed, db, now > 0 ? now : petory_now(db));
	if (delivered_out)
		*delivered_out = delivered;
	if (failed_out)
		*failed_out = failed;
	return error;
}

int petory_admin_alert(
	petory *db, const petory_identity *actor, const char *text)
{
	petory__invalid v;
	char *payload;
	json_t *j;
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_text(&v, "content", text, 1, 2000);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if (!(j = json_pack("{s:s}", "content", text)) ||
		!(payload = json_dumps(j, JSON_COMPACT))) {
		json_decref(j);
		return petory__error_oom();
	}
	json_decref(j);
	error = petory__store_outbox_insert(
		db, PETORY_OUTBOX_WEBHOOK, payload, petory_now(db));
	free(payload);
	return error;
}
