/* assets.h -- files embedded into the binary at build time (embed.cmake):
 * docs/openapi.json as "openapi.json" and httpd/web/X as "web/X". */
#ifndef HTTPD_ASSETS_H
#define HTTPD_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name;
	const unsigned char *data; /* NUL-terminated; size excludes it */
	size_t size;
	const char *etag; /* quoted strong validator of the content */
};

extern const struct asset httpd_assets[];
extern const size_t httpd_asset_count;

#endif
