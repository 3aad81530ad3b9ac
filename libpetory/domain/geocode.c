/* geocode.c -- coordinates of an address through a Kakao-Local-compatible
 * address search: GET <kakao_local_url>?query=<address> with
 * "Authorization: KakaoAK <key>"; the answer's documents[0].x is the
 * longitude and .y the latitude, both as decimal strings.  Only called
 * when a key is configured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"

static int provider_failed(void)
{
	return petory_error_set(PETORY_EUPSTREAM, "GEOCODING_FAILED",
		"the geocoding provider did not answer usefully");
}

/* A decimal string within [-limit, limit]. */
static int parse_coordinate(const char *text, double limit, double *out)
{
	char *end;
	if (!text || !*text)
		return -1;
	*out = strtod(text, &end);
	return *end || !(*out >= -limit && *out <= limit) ? -1 : 0;
}

int petory__geocode(
	petory *db, const char *address, double *lat_out, double *lng_out)
{
	const char *key = db->cfg.kakao_api_key;
	struct curl_slist *headers = NULL;
	char *escaped = NULL, *url = NULL, *auth = NULL;
	const char *x = NULL, *y = NULL;
	json_t *answer = NULL, *docs;
	CURL *curl = curl_easy_init();
	size_t len;
	int error = 0;
	if (!curl)
		return petory__error_oom();
	escaped = curl_easy_escape(curl, address, 0);
	len = strlen(db->cfg.kakao_local_url) +
	      (escaped ? strlen(escaped) : 0) + 16;
	if (!escaped || !(url = malloc(len)) ||
		!(auth = malloc(strlen(key) + 32))) {
		error = petory__error_oom();
		goto done;
	}
	snprintf(url, len, "%s%squery=%s", db->cfg.kakao_local_url,
		strchr(db->cfg.kakao_local_url, '?') ? "&" : "?", escaped);
	sprintf(auth, "Authorization: KakaoAK %s", key);
	if (!(headers = curl_slist_append(NULL, auth))) {
		error = petory__error_oom();
		goto done;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	if ((error = petory__http_json(&answer, curl, NULL, "geocoding",
		     "GEOCODING_FAILED",
		     "the geocoding provider did not answer usefully")) < 0)
		goto done;
	docs = json_object_get(answer, "documents");
	if (!json_is_array(docs)) {
		error = provider_failed();
	} else if (json_array_size(docs) == 0) {
		petory__invalid v;
		petory__invalid_begin(&v);
		petory__invalid_field(&v, "address",
			"was not found by the geocoder; give latitude and "
			"longitude");
		error = petory__invalid_end(&v);
	} else if (json_unpack(json_array_get(docs, 0), "{s:s, s:s}", "x", &x,
			   "y", &y) < 0 ||
		   parse_coordinate(y, 90, lat_out) < 0 ||
		   parse_coordinate(x, 180, lng_out) < 0) {
		error = provider_failed();
	}
done:
	json_decref(answer);
	curl_slist_free_all(headers);
	curl_free(escaped);
	free(url);
	free(auth);
	curl_easy_cleanup(curl);
	return error;
}
