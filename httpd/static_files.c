/* static_files.c -- the web app (/app, /static/, /config, the redirects
 * of the original's pages) and lookups of embedded files.
 *
 * The app is a single page: GET /app and every path below it answer its
 * index.html, and the app routes on the client.  Its bundles are served
 * under /static/ (Vite's base): by default from the copy embedded at build
 * time (web/dist, see embed.cmake), so the server does not depend on its
 * working directory; with --web-dir DIR they are read from DIR at each
 * request (for development, with `vite build --watch`).  A name is served
 * only when every segment is made of [A-Za-z0-9._-] and does not start
 * with '.', and the file is a regular file: no "..", no hidden files, no
 * symlink as the last component.
 *
 * When the client accepts gzip and the file has a gzip twin (NAME.gz,
 * written by the build), the twin is served with Content-Encoding: gzip;
 * a file with a twin always varies on Accept-Encoding.  Responses carry a
 * strong ETag (the two forms have different ones) and honour
 * If-None-Match.  Files under assets/ have content-hashed names and are
 * cached for a year; everything else (index.html) is revalidated.  Every
 * answer carries the app's Content-Security-Policy (built once at start
 * from the configuration: the map tiles' and the S3 endpoint's origins)
 * and Referrer-Policy: same-origin; X-Content-Type-Options: nosniff is on
 * every response of the server (http_util.c).
 */
#include "static_files.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_util.h"
#include "routes.h"

#define STATIC_FILE_MAX ((off_t)64 << 20)

/* The library's defaults for the options left at 0 (libpetory's
 * core/handle.c: petory_open() takes a value <= 0 as "the default"). */
#define LIB_DEFAULT_MAX_UPLOAD_SIZE (10LL << 20)
#define LIB_DEFAULT_ALBUM_IMAGES_USER 1LL
#define LIB_DEFAULT_ALBUM_IMAGES_ADMIN 20LL

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"

static const struct {
	const char *ext;
	const char *type;
} media_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".map", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".ico", "image/x-icon" },
	{ ".webp", "image/webp" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".gz", "application/gzip" },
};

static const char *media_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(media_types) / sizeof(*media_types);
		i++) {
		if (strcmp(dot, media_types[i].ext) == 0)
			return media_types[i].type;
	}
	return "application/octet-stream";
}

static int safe_name(const char *name)
{
	const char *seg = name;

	if (!*name ||
		strspn(name, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/") !=
			strlen(name))
		return 0;
	for (;;) {
		size_t len = strcspn(seg, "/");
		if (len == 0 || seg[0] == '.')
			return 0;
		if (seg[len] == '\0')
			return 1;
		seg += len + 1;
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

const struct asset *asset_find(const char *name)
{
	size_t i;

	for (i = 0; i < httpd_asset_count; i++) {
		if (strcmp(httpd_assets[i].name, name) == 0)
			return &httpd_assets[i];
	}
	return NULL;
}

/* Does Accept-Encoding allow gzip?  "gzip" (or "x-gzip") with a q-value
 * above 0, or "*" with one when gzip is not named. */
static int accepts_gzip(const struct request *r)
{
	const char *p = request_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	int star = 0;

	while (p && *p) {
		size_t len = strcspn(p, ","), tlen;
		const char *item = p, *params, *q;
		int allowed = 1;

		p += len + (p[len] == ',');
		while (len && (*item == ' ' || *item == '\t'))
			item++, len--;
		tlen = strcspn(item, ";, \t");
		if (tlen > len)
			tlen = len;
		params = item + tlen;
		for (q = params; q < item + len; q++) {
			if ((*q == 'q' || *q == 'Q') && q + 1 < item + len &&
				q[1] == '=') {
				allowed = strtod(q + 2, NULL) > 0;
				break;
			}
		}
		if ((tlen == 4 && strncasecmp(item, "gzip", 4) == 0) ||
			(tlen == 6 && strncasecmp(item, "x-gzip", 6) == 0))
			return allowed;
		if (tlen == 1 && *item == '*')
			star = allowed;
	}
	return star;
}

/* Headers shared by every form of every file: validators, caching,
 * compression and the security headers. */
static void file_headers(struct request *r, const char *name, const char *etag,
	int has_twin, int gzipped)
{
	reply_header(r, MHD_HTTP_HEADER_ETAG, etag);
	reply_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		strncmp(name, "assets/", 7) == 0 ? CACHE_IMMUTABLE
						 : "no-cache");
	if (has_twin)
		reply_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (gzipped && r->status != 304)
		reply_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (r->srv->web_csp)
		reply_header(r, "Content-Security-Policy", r->srv->web_csp);
	reply_header(r, "Referrer-Policy", "same-origin");
}

void reply_asset(
	struct request *r, const struct asset *a, const char *content_type)
{
	if (request_not_modified(r, a->etag))
		reply_empty(r, 304);
	else
		reply_data(r, 200, content_type, a->data, a->size, 1);
	reply_header(r, MHD_HTTP_HEADER_ETAG, a->etag);
	reply_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
}

/* 404 for a static file, 503 for the app's page. */
static void reply_missing(struct request *r, int is_app)
{
	if (is_app)
		reply_problem(r, 503, "WEB_APP_NOT_BUILT", "web app not built");
	else
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
}

static void serve_embedded(struct request *r, const char *name, int is_app)
{
	char key[256];
	const struct asset *a, *gz = NULL, *use;

	if ((size_t)snprintf(key, sizeof(key), "web/%s.gz", name) >=
		sizeof(key)) {
		reply_missing(r, is_app);
		return;
	}
	if (!ends_with(name, ".gz"))
		gz = asset_find(key);
	key[strlen(key) - 3] = '\0';
	if (!(a = asset_find(key))) {
		reply_missing(r, is_app);
		return;
	}
	use = gz && accepts_gzip(r) ? gz : a;
	if (request_not_modified(r, use->etag))
		reply_empty(r, 304);
	else
		reply_data(r, 200, media_type(name), use->data, use->size, 1);
	file_headers(r, name, use->etag, gz != NULL, use == gz);
}

/* A regular file under --web-dir, opened without following a final
 * symlink; -1 when there is none. */
static int open_regular(
	const char *dir, const char *name, const char *ext, struct stat *st)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext) >=
			sizeof(path) ||
		(fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) ||
		st->st_size > STATIC_FILE_MAX) {
		close(fd);
		return -1;
	}
	return fd;
}

static void serve_disk(struct request *r, const char *name, int is_app)
{
	const char *dir = r->srv->cfg->web_dir;
	struct stat st, gst;
	char etag[80];
	int fd, gfd = -1, gzipped = 0;

	if ((fd = open_regular(dir, name, "", &st)) < 0) {
		reply_missing(r, is_app);
		return;
	}
	if (!ends_with(name, ".gz"))
		gfd = open_regular(dir, name, ".gz", &gst);
	if (gfd >= 0 && accepts_gzip(r)) {
		close(fd);
		fd = gfd;
		st = gst;
		gzipped = 1;
	} else if (gfd >= 0) {
		close(gfd);
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx%s\"",
		(unsigned long long)st.st_size,
		(unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
			(unsigned long long)st.st_mtim.tv_nsec,
		gzipped ? "-gz" : "");
	if (request_not_modified(r, etag)) {
		close(fd);
		reply_empty(r, 304);
	} else {
		reply_fd(r, 200, fd, (uint64_t)st.st_size);
		reply_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, media_type(name));
	}
	file_headers(r, name, etag, gfd >= 0, gzipped);
}

static void serve(struct request *r, const char *name, int is_app)
{
	if (!safe_name(name)) {
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	}
	if (r->srv->cfg->web_dir)
		serve_disk(r, name, is_app);
	else
		serve_embedded(r, name, is_app);
}

void route_web_app(struct request *r)
{
	serve(r, "index.html", 1);
}

void route_web_static(struct request *r)
{
	serve(r, r->path + strlen("/static/"), 0);
}

void route_web_root(struct request *r)
{
	reply_redirect(r, "/app/places");
}

/* The pages of the original front-end, moved into the app. */
static const struct {
	const char *from, *to;
} page_moves[] = {
	{ "/login", "/app/login" },
	{ "/petPlace", "/app/places" },
	{ "/community", "/app/community" },
	{ "/market", "/app/market" },
	{ "/myCalendar", "/app/calendar" },
};

void route_web_moved(struct request *r)
{
	size_t i;

	for (i = 0; i < sizeof(page_moves) / sizeof(*page_moves); i++) {
		if (strcmp(r->path, page_moves[i].from) == 0) {
			reply_redirect(r, page_moves[i].to);
			return;
		}
	}
	reply_problem(r, 404, "NOT_FOUND", "no such resource");
}

static long long or_default(long long v, long long def)
{
	return v > 0 ? v : def;
}

void route_web_config(struct request *r)
{
	const struct config *cfg = r->srv->cfg;
	json_t *providers = json_array();

	if (providers && cfg->google_client_id && *cfg->google_client_id)
		json_array_append_new(providers, json_string("google"));
	reply_json(r, 200,
		json_pack("{s:o?, s:s, s:s, s:I, s:{s:I, s:I}, s:[s, s]}",
			"oauth2Providers", providers, "mapTileUrl",
			cfg->map_tiles, "mapAttribution", cfg->map_attribution,
			"maxUploadBytes",
			(json_int_t)or_default(cfg->max_upload_size,
				LIB_DEFAULT_MAX_UPLOAD_SIZE),
			"albumImageLimit", "USER",
			(json_int_t)or_default(cfg->album_images_user,
				LIB_DEFAULT_ALBUM_IMAGES_USER),
			"ADMIN",
			(json_int_t)or_default(cfg->album_images_admin,
				LIB_DEFAULT_ALBUM_IMAGES_ADMIN),
			"languages", "ko", "en"));
}

/* ---------------------------------------------------------------- */
/* the Content-Security-Policy */

struct buf {
	char *data;
	size_t len, cap;
	int failed;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->data, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* " scheme://host[:port]" of an http(s) URL; a first host label holding
 * a "{s}"-like placeholder becomes "*"; prefix (a bucket) goes before
 * the host.  Nothing for anything else. */
static void add_origin(struct buf *b, const char *url, const char *prefix)
{
	const char *sep = strstr(url, "://"), *host, *end, *dot;

	if (!sep || (strncasecmp(url, "http://", 7) != 0 &&
			    strncasecmp(url, "https://", 8) != 0))
		return;
	host = sep + 3;
	end = host + strcspn(host, "/?#");
	if (end == host || memchr(host, '@', (size_t)(end - host)))
		return;
	buf_str(b, " ");
	buf_add(b, url, (size_t)(host - url));
	if (prefix) {
		buf_str(b, prefix);
		buf_str(b, ".");
	}
	dot = memchr(host, '.', (size_t)(end - host));
	if (dot && memchr(host, '{', (size_t)(dot - host))) {
		buf_str(b, "*");
		host = dot;
	}
	buf_add(b, host, (size_t)(end - host));
}

char *web_csp_build(const struct config *cfg)
{
	struct buf b = { 0 }, s3 = { 0 };
	char endpoint[300];

	if (cfg->s3_bucket && *cfg->s3_bucket) {
		if (cfg->s3_endpoint && *cfg->s3_endpoint)
			snprintf(endpoint, sizeof(endpoint), "%s",
				cfg->s3_endpoint);
		else
			snprintf(endpoint, sizeof(endpoint),
				"https://s3.%s.amazonaws.com",
				cfg->s3_region && *cfg->s3_region
					? cfg->s3_region
					: "us-east-1");
		add_origin(&s3, endpoint,
			cfg->s3_path_style ? NULL : cfg->s3_bucket);
	}
	buf_str(&b, "default-src 'self'; script-src 'self'; "
		    "style-src 'self' 'unsafe-inline'; "
		    "img-src 'self' data: blob:");
	add_origin(&b, cfg->map_tiles, NULL);
	if (s3.data)
		buf_str(&b, s3.data);
	buf_str(&b, "; connect-src 'self'");
	if (s3.data)
		buf_str(&b, s3.data);
	buf_str(&b,
		"; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
		"frame-ancestors 'none'; form-action 'self'");
	free(s3.data);
	if (b.failed || s3.failed) {
		free(b.data);
		return NULL;
	}
	return b.data;
}
