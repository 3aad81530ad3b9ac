/* s3.c -- the S3 blob store: SigV4 presigned URLs (core/sigv4.c) for the
 * clients, and the same URLs, made for itself, for the few requests the
 * server sends through libcurl (HEAD, GET, PUT, DELETE).
 *
 * Objects live at <bucket>/<key>, addressed path-style
 * (https://host/bucket/key) or virtual-host-style
 * (https://bucket.host/key).  An upload URL signs the Host, Content-Type
 * and Content-Length headers, so S3 itself refuses a PUT of another type
 * or size.  The server reads an object back only to check it (type, GPS
 * tags: domain/file.c, which has clients upload to an object of its own
 * and writes the checked bytes under the key) before a resource takes
 * it.  Writes are buffered in an anonymous temporary file and sent at
 * commit: S3 makes an object visible whole or not at all.
 */
#include <curl/curl.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/internal.h"

#define REQUEST_TTL_S 300

typedef struct s3_store {
	petory_blob_store base; /* first */
	char *scheme;           /* "https" or "http" */
	char *host;             /* what the Host header says */
	char *bucket;
	char *region;
	char *access_key;
	char *secret_key;
	char *ca_file;
	int path_style;
} s3_store;

struct petory_blob_writer {
	s3_store *st;
	FILE *tmp;
	char key[129];
	char content_type[64];
};

#define S3_OF(bs) ((s3_store *)(bs))

static int upstream(const char *what, CURLcode rc, long status)
{
	petory__log(PETORY_LOG_WARN, "s3 %s failed: %s (HTTP %ld)", what,
		rc == CURLE_OK ? "unexpected answer" : curl_easy_strerror(rc),
		status);
	return petory_error_set(PETORY_EUNAVAILABLE, NULL,
		"the file storage did not answer as expected");
}

static void s3_free(petory_blob_store *bs)
{
	s3_store *s = S3_OF(bs);
	if (!s)
		return;
	free(s->scheme);
	free(s->host);
	free(s->bucket);
	free(s->region);
	free(s->access_key);
	if (s->secret_key)
		sodium_memzero(s->secret_key, strlen(s->secret_key));
	free(s->secret_key);
	free(s->ca_file);
	free(s);
}

/* The URL of a request on key, valid ttl_s seconds from now_s;
 * content_type and size (>= 0) are signed when given. */
static int presign(char **url_out, s3_store *s, const char *method,
	const char *key, const char *content_type, int64_t size, int64_t now_s,
	int64_t ttl_s)
{
	petory__sigv4_param headers[3];
	petory__sigv4_request req;
	petory__sigv4_result out;
	char path[512], length[24];
	size_t n = 0, len;
	int error;

	*url_out = NULL;
	if (s->path_style)
		snprintf(path, sizeof(path), "/%s/%s", s->bucket, key);
	else
		snprintf(path, sizeof(path), "/%s", key);
	headers[n++] = (petory__sigv4_param){ "host", s->host };
	if (content_type)
		headers[n++] =
			(petory__sigv4_param){ "content-type", content_type };
	if (size >= 0) {
		snprintf(length, sizeof(length), "%lld", (long long)size);
		headers[n++] =
			(petory__sigv4_param){ "content-length", length };
	}
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = path;
	req.headers = headers;
	req.header_count = n;
	req.payload_hash = NULL; /* UNSIGNED-PAYLOAD */
	req.region = s->region;
	req.service = "s3";
	req.access_key = s->access_key;
	req.secret_key = s->secret_key;
	req.time_s = now_s;
	if ((error = petory__sigv4_presign(&out, &req, ttl_s)) < 0)
		return error;
	len = strlen(s->scheme) + strlen(s->host) + strlen(s->bucket) +
	      strlen(path) + strlen(out.query) + 16;
	if ((*url_out = malloc(len)))
		snprintf(*url_out, len, "%s://%s%s?%s", s->scheme, s->host,
			path, out.query);
	petory__sigv4_result_dispose(&out);
	return *url_out ? 0 : petory__error_oom();
}

static int s3_presign_put(char **url_out, petory_blob_store *bs,
	const char *key, const char *content_type, uint64_t size, int64_t now_s,
	int64_t ttl_s)
{
	return presign(url_out, S3_OF(bs), "PUT", key, content_type,
		(int64_t)size, now_s, ttl_s);
}

static int s3_presign_get(char **url_out, petory_blob_store *bs,
	const char *key, int64_t now_s, int64_t ttl_s)
{
	return presign(url_out, S3_OF(bs), "GET", key, NULL, -1, now_s, ttl_s);
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

/* One request of the server's own: method on key; a PUT sends `body`
 * (size bytes, content_type), a GET writes into `sink`.  *status gets
 * the HTTP status. */
static int perform(s3_store *s, const char *method, const char *key, FILE *body,
	int64_t size, const char *content_type, FILE *sink, long *status,
	curl_off_t *length)
{
	struct curl_slist *headers = NULL;
	char *url = NULL, ct[96];
	CURL *curl;
	CURLcode rc;
	int error;

	*status = 0;
	if ((error = presign(&url, s, method, key, body ? content_type : NULL,
		     body ? size : -1, (int64_t)time(NULL), REQUEST_TTL_S)) < 0)
		return error;
	if (!(curl = curl_easy_init())) {
		free(url);
		return petory__error_oom();
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 60000L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(
		curl, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	if (s->ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, s->ca_file);
	headers = curl_slist_append(headers, "Expect:");
	if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	} else if (strcmp(method, "PUT") == 0) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", content_type);
		headers = curl_slist_append(headers, ct);
		curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(curl, CURLOPT_READDATA, body);
		curl_easy_setopt(
			curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
	} else if (strcmp(method, "DELETE") == 0) {
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
	}
	if (sink)
		curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink); /* fwrite */
	else
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	if (length)
		curl_easy_getinfo(
			curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, length);
	curl_easy_cleanup(curl);
	curl_slist_free_all(headers);
	free(url);
	return rc == CURLE_OK ? 0 : upstream(method, rc, *status);
}

static int s3_put_begin(petory_blob_writer **out, petory_blob_store *bs,
	const char *key, const char *content_type)
{
	petory_blob_writer *w = calloc(1, sizeof(*w));
	*out = NULL;
	if (!w)
		return petory__error_oom();
	if (!(w->tmp = tmpfile())) {
		free(w);
		return petory_error_set(
			PETORY_EBACKEND, NULL, "no room for a temporary file");
	}
	w->st = S3_OF(bs);
	snprintf(w->key, sizeof(w->key), "%s", key);
	snprintf(w->content_type, sizeof(w->content_type), "%s",
		content_type ? content_type : "application/octet-stream");
	*out = w;
	return 0;
}

static int s3_put_write(petory_blob_writer *w, const void *data, size_t size)
{
	if (fwrite(data, 1, size, w->tmp) != size)
		return petory_error_set(
			PETORY_EBACKEND, NULL, "no room for a temporary file");
	return 0;
}

static void s3_put_abort(petory_blob_writer *w)
{
	if (!w)
		return;
	fclose(w->tmp);
	free(w);
}

static int s3_put_commit(petory_blob_writer *w)
{
	long status = 0, size;
	int error = 0;
	if (fflush(w->tmp) != 0 || (size = ftell(w->tmp)) < 0)
		error = petory_error_set(
			PETORY_EBACKEND, NULL, "no room for a temporary file");
	else {
		rewind(w->tmp);
		error = perform(w->st, "PUT", w->key, w->tmp, size,
			w->content_type, NULL, &status, NULL);
		if (!error && (status < 200 || status > 299))
			error = upstream("PUT", CURLE_OK, status);
	}
	s3_put_abort(w);
	return error;
}

static int s3_open(int *fd_out, petory_blob_stat *stat_out,
	petory_blob_store *bs, const char *key)
{
	FILE *tmp = tmpfile();
	struct stat sb;
	long status = 0;
	int error, fd = -1;

	*fd_out = -1;
	if (!tmp)
		return petory_error_set(
			PETORY_EBACKEND, NULL, "no room for a temporary file");
	error = perform(
		S3_OF(bs), "GET", key, NULL, -1, NULL, tmp, &status, NULL);
	if (!error && status == 404)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such object");
	else if (!error && status != 200)
		error = upstream("GET", CURLE_OK, status);
	if (!error && (fflush(tmp) != 0 || (fd = dup(fileno(tmp))) < 0 ||
			      lseek(fd, 0, SEEK_SET) < 0 || fstat(fd, &sb) < 0))
		error = petory_error_set(
			PETORY_EBACKEND, NULL, "no room for a temporary file");
	fclose(tmp);
	if (error) {
		if (fd >= 0)
			close(fd);
		return error;
	}
	if (stat_out) {
		stat_out->size = (uint64_t)sb.st_size;
		stat_out->mtime = 0;
	}
	*fd_out = fd;
	return 0;
}

static int s3_stat(
	petory_blob_stat *out, petory_blob_store *bs, const char *key)
{
	curl_off_t length = -1;
	long status = 0;
	int error = perform(
		S3_OF(bs), "HEAD", key, NULL, -1, NULL, NULL, &status, &length);
	if (error)
		return error;
	if (status == 404)
		return petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such object");
	if (status != 200)
		return upstream("HEAD", CURLE_OK, status);
	out->size = length > 0 ? (uint64_t)length : 0;
	out->mtime = 0;
	return 0;
}

static int s3_remove(petory_blob_store *bs, const char *key)
{
	long status = 0;
	int error = perform(
		S3_OF(bs), "DELETE", key, NULL, -1, NULL, NULL, &status, NULL);
	if (error)
		return error;
	if ((status >= 200 && status <= 299) || status == 404)
		return 0;
	return upstream("DELETE", CURLE_OK, status);
}

/* Split "scheme://host[:port]" (no path); the Host header keeps a port
 * only when it is not the scheme's default, as clients send it. */
static int parse_endpoint(s3_store *s, const char *endpoint)
{
	const char *rest;
	size_t n;
	if (strncmp(endpoint, "https://", 8) == 0) {
		s->scheme = strdup("https");
		rest = endpoint + 8;
	} else if (strncmp(endpoint, "http://", 7) == 0) {
		s->scheme = strdup("http");
		rest = endpoint + 7;
	} else {
		return -1;
	}
	n = strcspn(rest, "/?#");
	if (n == 0 || (rest[n] && strcmp(rest + n, "/") != 0) ||
		memchr(rest, '@', n))
		return -1;
	if (!(s->host = strndup(rest, n)) || !s->scheme)
		return -1;
	if ((strcmp(s->scheme, "https") == 0 && n > 4 &&
		    strcmp(s->host + n - 4, ":443") == 0) ||
		(strcmp(s->scheme, "http") == 0 && n > 3 &&
			strcmp(s->host + n - 3, ":80") == 0))
		*strrchr(s->host, ':') = '\0';
	return 0;
}

static int bucket_ok(const char *b)
{
	size_t n = strlen(b);
	return n >= 3 && n <= 63 &&
	       strspn(b, "abcdefghijklmnopqrstuvwxyz0123456789.-") == n;
}

int petory_s3_blob_store_new(
	petory_blob_store **out, const petory_s3_options *o)
{
	s3_store *s;
	char endpoint[256];
	const char *region;
	int error = 0;

	if (!out || !o)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (!o->bucket || !bucket_ok(o->bucket))
		return petory_error_set(PETORY_EINVALID, NULL,
			"the S3 bucket name must be 3-63 of [a-z0-9.-]");
	if (!o->access_key || !*o->access_key || !o->secret_key ||
		!*o->secret_key)
		return petory_error_set(PETORY_EINVALID, NULL,
			"S3 storage needs an access key and a secret key");
	region = o->region && *o->region ? o->region : "us-east-1";
	if (!(s = calloc(1, sizeof(*s))))
		return petory__error_oom();
	if (o->endpoint && *o->endpoint)
		snprintf(endpoint, sizeof(endpoint), "%s", o->endpoint);
	else
		snprintf(endpoint, sizeof(endpoint),
			"https://s3.%s.amazonaws.com", region);
	s->path_style = o->path_style;
	s->bucket = strdup(o->bucket);
	s->region = strdup(region);
	s->access_key = strdup(o->access_key);
	s->secret_key = strdup(o->secret_key);
	s->ca_file = petory__strdup(o->ca_file);
	if (!s->bucket || !s->region || !s->access_key || !s->secret_key ||
		(o->ca_file && !s->ca_file))
		error = petory__error_oom();
	else if (parse_endpoint(s, endpoint) < 0)
		error = petory_error_set(PETORY_EINVALID, NULL,
			"the S3 endpoint must be http(s)://host[:port]");
	if (!error && !s->path_style) {
		/* virtual-host style: the bucket is part of the host */
		size_t n = strlen(s->bucket) + strlen(s->host) + 2;
		char *host = malloc(n);
		if (!host)
			error = petory__error_oom();
		else {
			snprintf(host, n, "%s.%s", s->bucket, s->host);
			free(s->host);
			s->host = host;
		}
	}
	if (error) {
		s3_free(&s->base);
		return error;
	}
	s->base = (petory_blob_store){
		.version = PETORY_BLOB_STORE_VERSION,
		.name = "s3",
		.free = s3_free,
		.put_begin = s3_put_begin,
		.put_write = s3_put_write,
		.put_commit = s3_put_commit,
		.put_abort = s3_put_abort,
		.open = s3_open,
		.stat = s3_stat,
		.remove = s3_remove,
		.presign_put = s3_presign_put,
		.presign_get = s3_presign_get,
	};
	*out = &s->base;
	return 0;
}
