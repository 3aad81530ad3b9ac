/* sys/store_lost_pets.h -- the store table of watched areas, lost-pet
 * alerts, the users each alert reached and sightings.
 *
 * One of the per-domain tables of petory_store (sys/store.h), present
 * from the root's version 6.  Its `version` comes first and only grows:
 * methods are appended at the end, each valid from the version noted
 * above it.  A method reports facts (rows, states, outcomes); rules and
 * reason codes belong to domain/lost_pet.c.
 *
 * The match: an area contains the point when the haversine distance on
 * the mean Earth sphere (6371008.8 m) from the area's centre to the
 * point is at most its radius; both backends compute that same
 * distance, after an index on each area's bounding box (see the
 * backends) finds the candidates.
 */
#ifndef PETORY_SYS_STORE_LOST_PETS_H
#define PETORY_SYS_STORE_LOST_PETS_H

#include "store_records.h"
#include "../lost_pet.h"
#include "../notification.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_LOST_PETS_VERSION 1

/** One user reached by an alert and the notification they got. */
typedef struct petory_lost_pet_alerted {
	int64_t user_id;
	int64_t notification_id;
} petory_lost_pet_alerted;

typedef struct petory_store_lost_pets {
	unsigned int version; /**< PETORY_STORE_LOST_PETS_VERSION; first */

	/* Version 1. */
	/** Create or replace the area of a->user_id (and its index rows).
	 * ENOTFOUND when the user does not exist. */
	int (*alert_area_put)(petory_store *st, const petory_alert_area *a);
	/** ENOTFOUND when the user has no area. */
	int (*alert_area_get)(
		petory_alert_area *out, petory_store *st, int64_t user_id);
	/** ENOTFOUND when the user has no area. */
	int (*alert_area_delete)(petory_store *st, int64_t user_id);
	/** The users (ascending, each once) whose enabled area contains the
	 * point, who are ACTIVE and are not owner_id; *users_out is
	 * malloc'd (NULL when none). */
	int (*lost_pet_match)(int64_t **users_out, size_t *count_out,
		petory_store *st, int64_t owner_id, double latitude,
		double longitude);
	/** In one transaction: insert alert a (LOST; pet_id, owner_id,
	 * last_seen_at, coordinates, description, contact, created_at)
	 * with a->image_keys attached (purpose pet, private), match it as
	 * lost_pet_match does, record every matched user and insert a
	 * notification of `note`'s type and content for each, its link
	 * note->link followed by the alert's id.  Sets a->id and
	 * a->alerted_count; *out (malloc'd, NULL when none) lists who was
	 * notified.  EEXISTS when the pet has a LOST alert; a key that
	 * cannot be attached fails as the files table's attach does. */
	int (*lost_pet_insert)(petory_lost_pet_alerted **out, size_t *count_out,
		petory_store *st, petory_lost_pet *a,
		const petory_notification *note);
	/** The alert of any status with its pet's name and species, its
	 * images, its pet's photos and its sightings (newest first, with
	 * their images); ENOTFOUND when there is none. */
	int (*lost_pet_get)(
		petory_lost_pet **out, petory_store *st, int64_t id);
	/** LOST alerts within radius_m of the point, nearest first (ties by
	 * id), with distance and the alert's first image; total counts
	 * them all. */
	int (*lost_pet_near)(petory_lost_pet_page *out, petory_store *st,
		double latitude, double longitude, double radius_m,
		int64_t offset, int64_t limit);
	/** Move alert id from LOST to `to` (closed_at = now).  With note,
	 * in the same transaction, a notification (link note->link and the
	 * id) to every user the alert reached; *out lists them.  ENOTFOUND
	 * when there is no alert id, ECONFLICT when it is not LOST. */
	int (*lost_pet_close)(petory_lost_pet_alerted **out, size_t *count_out,
		petory_store *st, int64_t id, petory_lost_pet_status to,
		const petory_notification *note, petory_time_ms now);
	/** CANCELLED (closed_at = now) the LOST alert of pet_id, if any;
	 * *closed_out counts it (0 or 1). */
	int (*lost_pet_cancel_for_pet)(int *closed_out, petory_store *st,
		int64_t pet_id, petory_time_ms now);
	/** In one transaction: insert sighting s (alert_id, user_id,
	 * coordinates, seen_at, note, created_at) with s->image_keys of
	 * s->user_id attached (purpose pet, private), and note to the
	 * alert's owner (note->user_id set here; link note->link followed
	 * by the alert's id).  Sets s->id and note->id.  ENOTFOUND when
	 * there is no alert, ECONFLICT when it is not LOST. */
	int (*sighting_insert)(petory_store *st, petory_lost_pet_sighting *s,
		petory_notification *note);
	/** *public_out = 1 when file `key` is a photo of a pet with a LOST
	 * alert, or an image of a LOST alert or of one of its sightings. */
	int (*lost_pet_file_public)(
		int *public_out, petory_store *st, const char *key);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_lost_pets;

PETORY_END_DECL

#endif
