/* errmap.c -- the one mapping from libpetory error codes to HTTP.
 *
 * Codes not in the table are server faults: 500 with a generic detail
 * (the real message goes to the log only, never to the client).  A 502
 * also hides the upstream's message: it may name hosts or URLs.  A
 * storage backend that fails (the database busy past its timeout, Redis
 * down) is 503: the service is unavailable, not broken.
 */
#include "errmap.h"

#include <stddef.h>
#include <petory.h>

static const struct errmap_entry table[] = {
	{ PETORY_EINVALID, 400, 1 },
	{ PETORY_EAUTH, 401, 1 },
	{ PETORY_EPERM, 403, 1 },
	{ PETORY_ENOTFOUND, 404, 1 },
	{ PETORY_EEXISTS, 409, 1 },
	{ PETORY_ECONFLICT, 409, 1 },
	{ PETORY_ETOOBIG, 413, 1 },
	{ PETORY_EMEDIATYPE, 415, 1 },
	{ PETORY_ERATELIMIT, 429, 1 },
	{ PETORY_EUPSTREAM, 502, 0 },
	{ PETORY_EBACKEND, 503, 0 },
	{ PETORY_EUNAVAILABLE, 503, 0 },
	{ PETORY_EBUSY, 503, 0 },
};

const struct errmap_entry *errmap_lookup(int code)
{
	static const struct errmap_entry internal = { PETORY_ERROR, 500, 0 };
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (table[i].code == code)
			return &table[i];
	}
	return &internal;
}

const char *errmap_default_reason(int code)
{
	switch (code) {
		/* clang-format off */
#define PETORY_XX(name, num, reason, text) case num: return reason;
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
		/* clang-format on */
	default:
		return "INTERNAL_ERROR";
	}
}
