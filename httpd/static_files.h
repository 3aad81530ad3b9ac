/* static_files.h -- embedded files and the web app. */
#ifndef HTTPD_STATIC_FILES_H
#define HTTPD_STATIC_FILES_H

#include "assets.h"
#include "server.h"

/* The embedded file called name; NULL when there is none. */
const struct asset *asset_find(const char *name);

/* 200 with the asset (or 304 when If-None-Match matches its ETag). */
void reply_asset(
	struct request *r, const struct asset *a, const char *content_type);

/* The Content-Security-Policy of the web app for cfg (the map tiles' and
 * the S3 endpoint's origins are allowed); free() it.  NULL without
 * memory. */
char *web_csp_build(const struct config *cfg);

#endif
