/* sigv4.c -- AWS Signature Version 4, header and presigned-query forms,
 * with libsodium's SHA-256 and HMAC-SHA-256.
 *
 * Canonical request, as AWS defines it:
 *   METHOD \n canonical URI \n canonical query \n canonical headers \n
 *   signed headers \n payload hash
 * where the URI is encoded byte by byte once (S3's rule: no second
 * encoding, no dot-segment normalisation; '/' kept), every query name and
 * value is encoded (RFC 3986 unreserved characters kept, '/' encoded) and
 * sorted by name then value, and header names are lower-cased, their
 * values trimmed with inner runs of spaces collapsed, duplicates joined
 * with ',' in order, sorted by name.  The string to sign is
 *   AWS4-HMAC-SHA256 \n <amz date> \n <date>/<region>/<service>/aws4_request
 *   \n hex(SHA-256(canonical request))
 * and the key is HMAC chained over "AWS4"+secret, date, region, service
 * and "aws4_request".  Tests check each stage against AWS's published
 * examples (tests/unit/sigv4.c).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/internal.h"

/* ---- a growing string ---- */

typedef struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *grown;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(grown = realloc(b->p, cap))) {
			b->oom = 1;
			return;
		}
		b->p = grown;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

/* Percent-encode s (upper-case hex); '/' kept when keep_slash. */
static void sb_encode(sbuf *b, const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3] = { '%', 0, 0 };
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (unreserved(c) || (keep_slash && c == '/')) {
			sb_add(b, (const char *)&c, 1);
		} else {
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 15];
			sb_add(b, esc, 3);
		}
	}
}

char *petory__uri_encode(const char *s, int keep_slash)
{
	sbuf b = { 0 };
	sb_add(&b, "", 0);
	sb_encode(&b, s, keep_slash);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ---- the three stages ---- */

typedef struct encoded_param {
	char *name;
	char *value;
} encoded_param;

static int param_cmp(const void *a, const void *b)
{
	const encoded_param *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

typedef struct header_line {
	char *name;  /* lower case */
	char *value; /* trimmed, inner spaces collapsed */
	size_t order;
} header_line;

static int header_cmp(const void *a, const void *b)
{
	const header_line *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static char *lower_dup(const char *s)
{
	char *d = strdup(s), *p;
	for (p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

static char *trim_dup(const char *s)
{
	char *d = malloc(strlen(s) + 1), *o = d;
	int space = 0;
	if (!d)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			space = 1;
			continue;
		}
		if (space && o > d)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	*o = '\0';
	return d;
}

static void hex_sha256(char out[65], const char *s, size_t n)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)s, n);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

static void hmac(unsigned char out[32], const unsigned char *key,
	size_t key_len, const char *msg)
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(
		&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, out);
}

void petory__sigv4_result_dispose(petory__sigv4_result *r)
{
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->signed_headers);
	free(r->query);
	memset(r, 0, sizeof(*r));
}

/* The canonical query of req's parameters plus `extra` (already
 * encoded pairs, may be NULL), into b. */
static int canonical_query(sbuf *b, const petory__sigv4_param *params,
	size_t count, const encoded_param *extra, size_t extra_count)
{
	encoded_param *all = calloc(count + extra_count + 1, sizeof(*all));
	size_t i, n = 0;
	int error = 0;
	if (!all)
		return petory__error_oom();
	for (i = 0; i < count; i++, n++) {
		all[n].name = petory__uri_encode(params[i].name, 0);
		all[n].value = petory__uri_encode(params[i].value, 0);
		if (!all[n].name || !all[n].value) {
			n++;
			error = petory__error_oom();
			goto done;
		}
	}
	for (i = 0; i < extra_count; i++, n++) {
		all[n].name = strdup(extra[i].name);
		all[n].value = strdup(extra[i].value);
		if (!all[n].name || !all[n].value) {
			n++;
			error = petory__error_oom();
			goto done;
		}
	}
	qsort(all, n, sizeof(*all), param_cmp);
	for (i = 0; i < n; i++) {
		if (i)
			sb_str(b, "&");
		sb_str(b, all[i].name);
		sb_str(b, "=");
		sb_str(b, all[i].value);
	}
done:
	for (i = 0; i < n; i++) {
		free(all[i].name);
		free(all[i].value);
	}
	free(all);
	return error;
}

/* Canonical headers into b, signed header names into *signed_out. */
static int canonical_headers(sbuf *b, char **signed_out,
	const petory__sigv4_param *headers, size_t count)
{
	header_line *h = calloc(count + 1, sizeof(*h));
	sbuf names = { 0 };
	size_t i, n = 0;
	int error = 0;
	*signed_out = NULL;
	if (!h)
		return petory__error_oom();
	for (i = 0; i < count; i++, n++) {
		h[n].name = lower_dup(headers[i].name);
		h[n].value = trim_dup(headers[i].value);
		h[n].order = i;
		if (!h[n].name || !h[n].value) {
			n++;
			error = petory__error_oom();
			goto done;
		}
	}
	qsort(h, n, sizeof(*h), header_cmp);
	for (i = 0; i < n; i++) {
		int same = i > 0 && strcmp(h[i].name, h[i - 1].name) == 0;
		if (same) {
			sb_str(b, ",");
		} else {
			if (i > 0)
				sb_str(b, "\n");
			sb_str(b, h[i].name);
			sb_str(b, ":");
			if (names.len)
				sb_str(&names, ";");
			sb_str(&names, h[i].name);
		}
		sb_str(b, h[i].value);
	}
	sb_str(b, "\n");
	sb_add(&names, "", 0);
	if (names.oom)
		error = petory__error_oom();
	else
		*signed_out = names.p;
done:
	for (i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
	if (error)
		free(names.p);
	return error;
}

static void amz_dates(char date[9], char stamp[17], int64_t t)
{
	time_t secs = (time_t)t;
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(stamp, 17, "%Y%m%dT%H%M%SZ", &tm);
	memcpy(date, stamp, 8);
	date[8] = '\0';
}

/* Build the three stages; query_extra are the presigned form's X-Amz-*
 * parameters (encoded), or NULL for the header form. */
static int sign(petory__sigv4_result *out, const petory__sigv4_request *req,
	const encoded_param *query_extra, size_t extra_count)
{
	sbuf creq = { 0 }, sts = { 0 }, query = { 0 };
	char date[9], stamp[17], hash[65], key_seed[160];
	unsigned char k[32];
	int error;

	memset(out, 0, sizeof(*out));
	amz_dates(date, stamp, req->time_s);
	sb_str(&creq, req->method);
	sb_str(&creq, "\n");
	if (!req->path || !*req->path)
		sb_str(&creq, "/");
	else if (req->path[0] != '/')
		sb_str(&creq, "/");
	sb_encode(&creq, req->path ? req->path : "", 1);
	sb_str(&creq, "\n");
	sb_add(&query, "", 0);
	if ((error = canonical_query(&query, req->query, req->query_count,
		     query_extra, extra_count)) < 0)
		goto done;
	sb_str(&creq, query.p);
	sb_str(&creq, "\n");
	if ((error = canonical_headers(&creq, &out->signed_headers,
		     req->headers, req->header_count)) < 0)
		goto done;
	sb_str(&creq, "\n");
	sb_str(&creq, out->signed_headers);
	sb_str(&creq, "\n");
	sb_str(&creq,
		req->payload_hash ? req->payload_hash : "UNSIGNED-PAYLOAD");
	if (creq.oom || query.oom) {
		error = petory__error_oom();
		goto done;
	}
	hex_sha256(hash, creq.p, creq.len);
	sb_str(&sts, "AWS4-HMAC-SHA256\n");
	sb_str(&sts, stamp);
	sb_str(&sts, "\n");
	sb_str(&sts, date);
	sb_str(&sts, "/");
	sb_str(&sts, req->region);
	sb_str(&sts, "/");
	sb_str(&sts, req->service);
	sb_str(&sts, "/aws4_request\n");
	sb_str(&sts, hash);
	if (sts.oom) {
		error = petory__error_oom();
		goto done;
	}
	snprintf(key_seed, sizeof(key_seed), "AWS4%s", req->secret_key);
	hmac(k, (const unsigned char *)key_seed, strlen(key_seed), date);
	hmac(k, k, sizeof(k), req->region);
	hmac(k, k, sizeof(k), req->service);
	hmac(k, k, sizeof(k), "aws4_request");
	{
		unsigned char sig[32];
		hmac(sig, k, sizeof(k), sts.p);
		sodium_bin2hex(out->signature, sizeof(out->signature), sig,
			sizeof(sig));
	}
	sodium_memzero(key_seed, sizeof(key_seed));
	sodium_memzero(k, sizeof(k));
	out->canonical_request = creq.p;
	out->string_to_sign = sts.p;
	out->query = query.p;
	creq.p = sts.p = query.p = NULL;
done:
	free(creq.p);
	free(sts.p);
	free(query.p);
	if (error)
		petory__sigv4_result_dispose(out);
	return error;
}

int petory__sigv4_sign(
	petory__sigv4_result *out, const petory__sigv4_request *req)
{
	return sign(out, req, NULL, 0);
}

int petory__sigv4_presign(petory__sigv4_result *out,
	const petory__sigv4_request *req, int64_t expires_s)
{
	char date[9], stamp[17], credential[256], expires[24];
	char *cred_enc, *signed_enc = NULL;
	encoded_param extra[5];
	sbuf names = { 0 }, full = { 0 };
	int error;

	amz_dates(date, stamp, req->time_s);
	snprintf(credential, sizeof(credential), "%s/%s/%s/%s/aws4_request",
		req->access_key, date, req->region, req->service);
	snprintf(expires, sizeof(expires), "%lld", (long long)expires_s);
	/* the signed header names, as the canonical headers will have them */
	{
		sbuf scratch = { 0 };
		char *signed_names = NULL;
		error = canonical_headers(&scratch, &signed_names, req->headers,
			req->header_count);
		free(scratch.p);
		if (error < 0)
			return error;
		sb_str(&names, signed_names);
		free(signed_names);
	}
	cred_enc = petory__uri_encode(credential, 0);
	if (!names.oom)
		signed_enc = petory__uri_encode(names.p, 0);
	free(names.p);
	if (!cred_enc || !signed_enc) {
		free(cred_enc);
		free(signed_enc);
		return petory__error_oom();
	}
	extra[0] = (encoded_param){ "X-Amz-Algorithm", "AWS4-HMAC-SHA256" };
	extra[1] = (encoded_param){ "X-Amz-Credential", cred_enc };
	extra[2] = (encoded_param){ "X-Amz-Date", stamp };
	extra[3] = (encoded_param){ "X-Amz-Expires", expires };
	extra[4] = (encoded_param){ "X-Amz-SignedHeaders", signed_enc };
	error = sign(out, req, extra, 5);
	free(cred_enc);
	free(signed_enc);
	if (error)
		return error;
	/* the query the client sends: the canonical one plus the signature */
	sb_str(&full, out->query);
	sb_str(&full, "&X-Amz-Signature=");
	sb_str(&full, out->signature);
	if (full.oom) {
		free(full.p);
		petory__sigv4_result_dispose(out);
		return petory__error_oom();
	}
	free(out->query);
	out->query = full.p;
	return 0;
}
