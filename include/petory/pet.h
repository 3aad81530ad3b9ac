/* pet.h -- a user's pets: create, read, list, update, soft delete and
 * restore, and their photos.
 *
 * Every call is the owner's own: a pet of another user (or a deleted
 * one, except for restore) answers ENOTFOUND "PET_NOT_FOUND", so ids
 * cannot be probed.  Photos come from uploaded files through image keys
 * (file.h): each key once, only the caller's own, only after its upload
 * arrived.
 */
#ifndef PETORY_PET_H
#define PETORY_PET_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

typedef enum petory_pet_size {
	PETORY_PET_LARGE = 0,
	PETORY_PET_MEDIUM,
	PETORY_PET_SMALL
} petory_pet_size;

/** A pet.  Free with petory_pet_free(). */
typedef struct petory_pet {
	int64_t id;
	int64_t owner_id;
	char *name;
	petory_pet_size size;
	char *species;
	char *gender;         /**< NULL when not given */
	char *birthday;       /**< YYYY-MM-DD; NULL when not given */
	petory_image *images; /**< oldest first; in lists only the first */
	size_t image_count;
	petory_time_ms created_at;
	petory_time_ms updated_at;
	petory_time_ms deleted_at; /**< 0: live */
} petory_pet;

typedef struct petory_pet_page {
	petory_pet *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_pet_page;

/** Create: name, size and species required.  Update: NULL fields stay as
 * they are; gender and birthday "" clear them; image keys are added. */
typedef struct petory_pet_input {
	const char *name;     /**< 1-30 characters */
	const char *size;     /**< "LARGE", "MEDIUM" or "SMALL" */
	const char *species;  /**< 1-30 characters */
	const char *gender;   /**< 1-30 characters */
	const char *birthday; /**< YYYY-MM-DD, a real day, not in the future */
	const char *const *image_keys; /**< at most 20 */
	size_t image_key_count;
} petory_pet_input;

PETORY_EXTERN void petory_pet_free(petory_pet *pet);
PETORY_EXTERN void petory_pet_page_dispose(petory_pet_page *page);
PETORY_EXTERN const char *petory_pet_size_name(petory_pet_size size);

/** A new pet of the caller. */
PETORY_EXTERN int petory_pet_create(petory_pet **out, petory *db,
	const petory_identity *actor, const petory_pet_input *in);

/** One of the caller's live pets, with every image. */
PETORY_EXTERN int petory_pet_get(petory_pet **out, petory *db,
	const petory_identity *actor, int64_t pet_id);

/** The caller's live pets, newest first, each with its first image
 * (default page size 5). */
PETORY_EXTERN int petory_pet_list(petory_pet_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page);

/** Partial update of a live pet; image keys add images. */
PETORY_EXTERN int petory_pet_update(petory_pet **out, petory *db,
	const petory_identity *actor, int64_t pet_id,
	const petory_pet_input *patch);

/** Soft delete: the pet and its images disappear until restored. */
PETORY_EXTERN int petory_pet_delete(
	petory *db, const petory_identity *actor, int64_t pet_id);

/** Bring a deleted pet back; ECONFLICT "PET_NOT_DELETED" for a live one. */
PETORY_EXTERN int petory_pet_restore(petory_pet **out, petory *db,
	const petory_identity *actor, int64_t pet_id);

/** Remove one image of a live pet (its file too); ENOTFOUND
 * "PET_IMAGE_NOT_FOUND" for an image of another user's pet. */
PETORY_EXTERN int petory_pet_image_delete(
	petory *db, const petory_identity *actor, int64_t image_id);

PETORY_END_DECL

#endif
