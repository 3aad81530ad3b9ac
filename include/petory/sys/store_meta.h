/* sys/store_meta.h -- the store table of small facts of the installation
 * (signing keys, …).
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_META_H
#define PETORY_SYS_STORE_META_H

#include "store_records.h"
#include "../common.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_META_VERSION 2

typedef struct petory_store_meta {
	unsigned int version; /**< PETORY_STORE_META_VERSION; first */

	/* Version 1. */
	/** Small key/value facts of the installation (jwt key, …).
	 * ENOTFOUND when absent. */
	int (*meta_get)(char **value_out, petory_store *st, const char *key);
	/** Store value unless key exists; *value_out gets the winner. */
	int (*meta_put_if_absent)(char **value_out, petory_store *st,
		const char *key, const char *value);
	/* Methods above are valid for version 1.  Append only. */

	/* Version 2. */
	/** Compare-and-set: replace key's value by value only when it is
	 * `expected` now.  ECONFLICT when it is not (another writer came
	 * first), ENOTFOUND when the key is absent. */
	int (*meta_replace)(petory_store *st, const char *key,
		const char *expected, const char *value);
	/* Methods above are valid for version 2.  Append only. */
} petory_store_meta;

PETORY_END_DECL

#endif
