/* http.c -- the library's outbound HTTP (libcurl) for JSON APIs: the
 * OAuth2 provider and the geocoder.  Answers are read up to 1 MiB, with
 * a 5 s connect and 15 s total timeout, over http(s) only, never through
 * redirects; only a 2xx answer whose body is a JSON object counts.
 */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

#define MAX_RESPONSE (1024 * 1024)

typedef struct response {
	char *data;
	size_t size;
} response;

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	response *r = userdata;
	size_t n = size * nmemb;
	char *grown;
	if (r->size + n > MAX_RESPONSE)
		return 0;
	if (!(grown = realloc(r->data, r->size + n + 1)))
		return 0;
	r->data = grown;
	memcpy(r->data + r->size, ptr, n);
	r->size += n;
	r->data[r->size] = '\0';
	return n;
}

int petory__http_json(json_t **out, CURL *curl, const char *ca_file,
	const char *what, const char *reason, const char *message)
{
	response r = { 0 };
	long status = 0;
	CURLcode rc;
	*out = NULL;
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 15000L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(
		curl, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	if (ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OK && status >= 200 && status < 300 && r.data)
		*out = json_loadb(r.data, r.size, 0, NULL);
	free(r.data);
	if (!*out || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		petory__log(PETORY_LOG_WARN, "%s failed: %s (HTTP %ld)", what,
			rc == CURLE_OK ? "bad answer" : curl_easy_strerror(rc),
			status);
		return petory_error_set(
			PETORY_EUPSTREAM, reason, "%s", message);
	}
	return 0;
}
