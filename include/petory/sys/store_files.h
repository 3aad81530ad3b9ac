/* sys/store_files.h -- the store table of file records.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_FILES_H
#define PETORY_SYS_STORE_FILES_H

#include "store_records.h"
#include "../file.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_FILES_VERSION 1

typedef struct petory_store_files {
	unsigned int version; /**< PETORY_STORE_FILES_VERSION; first */

	/* Version 1. */
	/** Record a new file (state PENDING, private); EEXISTS when the key
	 * is taken. */
	int (*file_insert)(petory_store *st, const petory_file_rec *rec,
		const char *filename);
	/** The record of a file; ENOTFOUND when there is none. */
	int (*file_get)(
		petory_file_rec *out, petory_store *st, const char *key);
	/** Move the state from one in from_mask (bit 1<<state) to `to`, a
	 * compare-and-set; ENOTFOUND when the file is absent, ECONFLICT when
	 * it is in none of those states.  stored_size >= 0 records the size
	 * kept; `to` UPLOADED also records the time. */
	int (*file_set_state)(petory_store *st, const char *key,
		unsigned from_mask, petory_file_state to, int64_t stored_size,
		petory_time_ms now);
	/** Up to `limit` keys of files never attached and created before
	 * `before`, oldest first; *out is malloc'd (free()), NULL when
	 * none. */
	int (*file_list_stale)(petory_file_key **out, size_t *count_out,
		petory_store *st, petory_time_ms before, size_t limit);
	/** Delete the record of a file that is still not attached;
	 * ENOTFOUND when it is gone or was attached meanwhile. */
	int (*file_delete_unattached)(petory_store *st, const char *key);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_files;

PETORY_END_DECL

#endif
