/* static_files.h -- embedded files and the web front-end. */
#ifndef HTTPD_STATIC_FILES_H
#define HTTPD_STATIC_FILES_H

#include "assets.h"
#include "server.h"

/* The embedded file called name; NULL when there is none. */
const struct asset *asset_find(const char *name);

/* 200 with the asset (or 304 when If-None-Match matches its ETag). */
void reply_asset(
	struct request *r, const struct asset *a, const char *content_type);

#endif
