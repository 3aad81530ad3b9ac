/* sys/store_pets.h -- the store table of pets, their images, D-days and
 * growth diaries.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_PETS_H
#define PETORY_SYS_STORE_PETS_H

#include "store_records.h"
#include "../pet.h"
#include "../notification.h"
#include "../growth.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_PETS_VERSION 2

typedef struct petory_store_pets {
	unsigned int version; /**< PETORY_STORE_PETS_VERSION; first */

	/* Version 1. */
	/** Insert pet (owner_id, fields; id and times are set) and attach
	 * the image keys, all or nothing.  Attaching is a compare-and-set
	 * per key (owner_id's, for PETORY_FILE_PET, UPLOADED -> ATTACHED,
	 * public): ECONFLICT, and nothing written, when a key is not so. */
	int (*pet_insert)(petory_store *st, petory_pet *pet,
		const char *const *keys, size_t count, petory_time_ms now);
	/** A pet with every image, deleted or not; ENOTFOUND when absent. */
	int (*pet_get)(petory_pet **out, petory_store *st, int64_t id);
	/** Live pets of owner_id, newest first, each with its first image. */
	int (*pet_list)(petory_pet_page *out, petory_store *st,
		int64_t owner_id, int64_t offset, int64_t limit);
	/** Apply patch to a live pet and attach keys of owner_id (as
	 * pet_insert), all or nothing; ENOTFOUND when the pet is absent or
	 * deleted, ECONFLICT when a key cannot be attached. */
	int (*pet_update)(petory_store *st, int64_t id, int64_t owner_id,
		const petory_pet_patch *patch, const char *const *keys,
		size_t count, petory_time_ms now);
	/** deleted 1: soft-delete a live pet (its files turn private);
	 * 0: restore a deleted one (its files turn public).  ENOTFOUND when
	 * absent, ECONFLICT when it already is so. */
	int (*pet_set_deleted)(
		petory_store *st, int64_t id, int deleted, petory_time_ms now);
	/** The pet an image belongs to; ENOTFOUND when the image is absent. */
	int (*pet_image_pet)(
		int64_t *pet_id_out, petory_store *st, int64_t image_id);
	/** Delete an image and its file record; key_out receives the key
	 * whose bytes are now to be removed.  ENOTFOUND when absent. */
	int (*pet_image_delete)(
		petory_file_key *key_out, petory_store *st, int64_t image_id);
	/** Live pets of ACTIVE owners whose birthday's "MM-dd" is one of the
	 * n (1..4) month_days, with the owner's time zone; *out is malloc'd
	 * (rows and their strings). */
	int (*pet_birthdays)(petory_pet_birthday **out, size_t *count_out,
		petory_store *st, const char *const *month_days, size_t n);
	/** In one transaction: note the D-day of pet_id on local_date and
	 * insert n (sets n->id); *created_out = 0 and nothing is written
	 * when it was noted before. */
	int (*pet_dday_record)(int *created_out, petory_store *st,
		int64_t pet_id, const char *local_date, petory_notification *n);

	/* Version 2: the growth diary (one record per pet and date). */
	/** Insert rec (pet_id, date, weight_cg, length_mm (0: none), note;
	 * id and times are set); EEXISTS when the pet has a record for that
	 * date. */
	int (*growth_insert)(petory_store *st, petory_growth_record *rec,
		petory_time_ms now);
	/** One record; ENOTFOUND when absent. */
	int (*growth_get)(
		petory_growth_record **out, petory_store *st, int64_t id);
	/** The records of pet_id dated from..to (inclusive; NULL: open),
	 * oldest first; *out is malloc'd (NULL when there are none). */
	int (*growth_list)(petory_growth_record **out, size_t *count_out,
		petory_store *st, int64_t pet_id, const char *from,
		const char *to);
	/** Replace date, weight_cg, length_mm and note of record rec->id
	 * (updated_at is set); ENOTFOUND when absent, EEXISTS when another
	 * record of the pet has the new date. */
	int (*growth_update)(petory_store *st, petory_growth_record *rec,
		petory_time_ms now);
	/** Delete a record; ENOTFOUND when absent. */
	int (*growth_delete)(petory_store *st, int64_t id);
	/* Methods above are valid for version 2.  Append only. */
} petory_store_pets;

PETORY_END_DECL

#endif
