/* lost_pet.h -- lost-pet alerts: a user's watched area, alerts raised by a
 * pet's owner, sightings, and the public list near a point (api.md,
 * "Lost-pet alerts").
 *
 * Invariants: a pet has at most one LOST alert; an alert moves only from
 * LOST to FOUND or CANCELLED and never back; every user alerted by an
 * alert is recorded with it (once), in the transaction that inserts the
 * alert, together with their LOST_PET notifications.  While an alert is
 * LOST its pet's photos and its own images are everyone's.
 */
#ifndef PETORY_LOST_PET_H
#define PETORY_LOST_PET_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

typedef enum petory_lost_pet_status {
	PETORY_LOST_PET_LOST = 0,
	PETORY_LOST_PET_FOUND,
	PETORY_LOST_PET_CANCELLED
} petory_lost_pet_status;

/** A user's watched area: a circle of radius_m metres (100-10000). */
typedef struct petory_alert_area {
	int64_t user_id;
	double latitude, longitude;
	int64_t radius_m;
	int enabled;
	petory_time_ms updated_at;
} petory_alert_area;

/** A sighting of a lost pet.  Free with petory_lost_pet_free (with its
 * alert). */
typedef struct petory_lost_pet_sighting {
	int64_t id, alert_id, user_id;
	double latitude, longitude;
	petory_time_ms seen_at;
	char *note; /**< NULL when absent */
	petory_image *images;
	size_t image_count;
	petory_time_ms created_at;
	/* input only */
	const char *const *image_keys;
	size_t image_key_count;
} petory_lost_pet_sighting;

/** An alert.  Free with petory_lost_pet_free(). */
typedef struct petory_lost_pet {
	int64_t id, pet_id, owner_id;
	char *pet_name, *species;
	petory_lost_pet_status status;
	petory_time_ms last_seen_at;
	double latitude, longitude;
	char *description;
	char *contact;        /**< NULL when absent */
	petory_image *images; /**< the alert's own images */
	size_t image_count;
	petory_image *pet_images; /**< the pet's photos */
	size_t pet_image_count;
	int64_t alerted_count;
	petory_time_ms created_at, closed_at;
	double distance; /**< metres from the query point, -1 otherwise */
	int is_owner;    /**< the caller owns it (exact coordinates) */
	petory_lost_pet_sighting *sightings; /**< newest first */
	size_t sighting_count;
	/* input only */
	const char *const *image_keys;
	size_t image_key_count;
} petory_lost_pet;

typedef struct petory_lost_pet_page {
	petory_lost_pet *items;
	size_t count;
	int64_t total, page, size;
} petory_lost_pet_page;

/** Fields of a new alert (petory_lost_pet_raise). */
typedef struct petory_lost_pet_input {
	int64_t pet_id;
	const char *last_seen_at; /**< RFC 3339 */
	double latitude, longitude;
	int has_latitude, has_longitude;
	const char *description;
	const char *contact; /**< NULL: none */
	const char *const *image_keys;
	size_t image_key_count;
} petory_lost_pet_input;

typedef struct petory_sighting_input {
	double latitude, longitude;
	int has_latitude, has_longitude;
	const char *seen_at; /**< RFC 3339 */
	const char *note;    /**< NULL: none */
	const char *const *image_keys;
	size_t image_key_count;
} petory_sighting_input;

PETORY_EXTERN void petory_lost_pet_free(petory_lost_pet *a);
PETORY_EXTERN void petory_lost_pet_page_dispose(petory_lost_pet_page *page);
PETORY_EXTERN const char *petory_lost_pet_status_name(petory_lost_pet_status s);

/** Set the actor's watched area (created or replaced); *out gets it. */
PETORY_EXTERN int petory_alert_area_put(petory_alert_area *out, petory *db,
	const petory_identity *actor, double latitude, double longitude,
	int64_t radius_m, int enabled);
/** The actor's area; ENOTFOUND "ALERT_AREA_NOT_FOUND" when none. */
PETORY_EXTERN int petory_alert_area_get(
	petory_alert_area *out, petory *db, const petory_identity *actor);
PETORY_EXTERN int petory_alert_area_delete(
	petory *db, const petory_identity *actor);

/** The owner raises an alert for their pet: LOST_PET notifications to
 * every matched user, in the alert's transaction, then pushed.
 * ECONFLICT "LOST_PET_ALREADY_ACTIVE", ERATELIMIT (3 a day; rate may be
 * NULL). */
PETORY_EXTERN int petory_lost_pet_raise(petory_lost_pet **out, petory *db,
	const petory_identity *actor, const petory_lost_pet_input *in,
	petory_rate_info *rate);
/** Anyone (actor may be NULL): the alert with its sightings. */
PETORY_EXTERN int petory_lost_pet_get(petory_lost_pet **out, petory *db,
	const petory_identity *actor, int64_t id);
/** Anyone: LOST alerts within radius_m (<= 50000) of the point, nearest
 * first (default size 10). */
PETORY_EXTERN int petory_lost_pet_near(petory_lost_pet_page *out, petory *db,
	const petory_identity *actor, double latitude, double longitude,
	double radius_m, const petory_page_req *page);
/** A user reports a sighting; the owner is notified.  *out (may be
 * NULL) gets the sighting's id. */
PETORY_EXTERN int petory_lost_pet_sighting_add(int64_t *id_out, petory *db,
	const petory_identity *actor, int64_t alert_id,
	const petory_sighting_input *in);
/** The owner closes an alert: FOUND (everyone alerted is notified) or
 * CANCELLED.  ECONFLICT "LOST_PET_CLOSED" once closed. */
PETORY_EXTERN int petory_lost_pet_close(petory_lost_pet **out, petory *db,
	const petory_identity *actor, int64_t id,
	petory_lost_pet_status status);
/** The users a LOST alert at the point would reach (tests, bench). */
PETORY_EXTERN int petory_lost_pet_match(int64_t **users_out, size_t *count_out,
	petory *db, int64_t owner_id, double latitude, double longitude);

PETORY_END_DECL

#endif
