/* static_files.c -- the web front-end at / and /static/, and lookups of
 * embedded files.
 *
 * By default the files come from the copy embedded at build time, so the
 * server does not depend on its working directory; with --web-root DIR
 * they are read from DIR at each request (handy while editing the UI).
 * A name is served only when every segment is made of [A-Za-z0-9._-],
 * does not start with '.', and the file is a regular file: no "..", no
 * hidden files, no symlink as the last component.  Responses carry a
 * strong ETag and honour If-None-Match.
 */
#include "static_files.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_util.h"
#include "routes.h"

#define STATIC_FILE_MAX ((off_t)64 << 20)

static const struct {
	const char *ext;
	const char *type;
} media_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".webp", "image/webp" },
	{ ".txt", "text/plain; charset=utf-8" },
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

const struct asset *asset_find(const char *name)
{
	size_t i;

	for (i = 0; i < httpd_asset_count; i++) {
		if (strcmp(httpd_assets[i].name, name) == 0)
			return &httpd_assets[i];
	}
	return NULL;
}

/* Headers shared by embedded and on-disk files. */
static void file_headers(
	struct request *r, const char *content_type, const char *etag)
{
	reply_header(r, MHD_HTTP_HEADER_ETAG, etag);
	reply_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (strncmp(content_type, "text/html", 9) == 0) {
		reply_header(r, "Content-Security-Policy",
			"default-src 'self'; frame-ancestors 'none'; "
			"base-uri 'none'; form-action 'self'");
		reply_header(r, "Referrer-Policy", "no-referrer");
	}
}

void reply_asset(
	struct request *r, const struct asset *a, const char *content_type)
{
	if (request_not_modified(r, a->etag))
		reply_empty(r, 304);
	else
		reply_data(r, 200, content_type, a->data, a->size, 1);
	file_headers(r, content_type, a->etag);
}

static void reply_disk_file(struct request *r, const char *name)
{
	char path[4096], etag[64];
	const char *type = media_type(name);
	struct stat st;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", r->srv->cfg->web_root,
		    name) >= sizeof(path) ||
		(fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
		st.st_size > STATIC_FILE_MAX) {
		close(fd);
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"",
		(unsigned long long)st.st_size,
		(unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
			(unsigned long long)st.st_mtim.tv_nsec);
	if (request_not_modified(r, etag)) {
		close(fd);
		reply_empty(r, 304);
	} else {
		reply_fd(r, 200, fd, (uint64_t)st.st_size);
		reply_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	}
	file_headers(r, type, etag);
}

static void serve(struct request *r, const char *name)
{
	char key[256];
	const struct asset *a;

	if (!safe_name(name)) {
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	}
	if (r->srv->cfg->web_root) {
		reply_disk_file(r, name);
		return;
	}
	if ((size_t)snprintf(key, sizeof(key), "web/%s", name) >= sizeof(key) ||
		!(a = asset_find(key))) {
		reply_problem(r, 404, "NOT_FOUND", "no such resource");
		return;
	}
	reply_asset(r, a, media_type(name));
}

void route_static_index(struct request *r)
{
	serve(r, "index.html");
}

void route_static_file(struct request *r)
{
	serve(r, r->path + strlen("/static/"));
}
