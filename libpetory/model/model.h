/* model.h -- the model layer: the records that the store fills and the
 * domain hands out, with their frees and the names of their enums.
 *
 * One file per noun (model/<noun>.c, named after its domain file) holds
 * that noun's record frees, page and list frees, and enum name and parse
 * functions; the public ones are declared in include/petory/<noun>.h,
 * the internal ones here.  Everything here is a pure function over
 * records: it calls nothing but core/ and model/ (tools/check_layers.py
 * keeps it so), so the store, the domain and core may all use it.
 */
#ifndef PETORY_MODEL_H
#define PETORY_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "petory.h"
#include "petory/sys/store_records.h"

/* ---- users (model/user.c) ---- */

/* Wipe and free the password hash of a secret. */
void petory__user_secret_dispose(petory_user_secret *secret);

/* ---- calendar events (model/event.c) ---- */

/* Free the fields of n events of an array, then the array. */
void petory__event_array_free(petory_event *events, size_t n);

/* ---- notifications (model/notification.c) ---- */

/* How many notification types there are (each has a name). */
#define PETORY__NOTIFICATION_TYPE_COUNT (PETORY_NOTIFICATION_LOST_PET + 1)

/* ---- pets (model/pet.c) ---- */

/* The size named `name` ("LARGE", "MEDIUM", "SMALL"), or -1. */
int petory__pet_size_parse(const char *name);
/* Free the fields of n birthday rows, then the array. */
void petory__pet_birthdays_free(petory_pet_birthday *rows, size_t n);

/* ---- the growth diary (model/pet_growth.c) ---- */

/* Free the notes of n records, then the array (NULL is fine). */
void petory__growth_records_free(petory_growth_record *rows, size_t n);

/* ---- lost pets (model/lost_pet.c) ---- */

/* The status named `name` ("LOST", "FOUND", "CANCELLED"), or -1. */
int petory__lost_pet_status_parse(const char *name);
/* Free the fields of an alert (not the alert itself). */
void petory__lost_pet_clear(petory_lost_pet *a);

/* ---- files and images (model/file.c) ---- */

/* The purpose named `name` ("pet", "album", …) into *out; -1 when none. */
int petory__file_purpose_parse(const char *name, petory_file_purpose *out);
void petory__image_clear(petory_image *img);
/* Clear count images and free the array (NULL is fine). */
void petory__images_free(petory_image *images, size_t count);

/* ---- trade board (model/trade.c) ---- */

/* How many listing statuses there are (each has a name). */
#define PETORY__TRADE_STATUS_COUNT (PETORY_TRADE_DELETED + 1)
/* The status or category named `name`, or -1 (NULL: -1). */
int petory__trade_status_parse(const char *name);
int petory__trade_category_parse(const char *name);

/* ---- chat (model/chat.c) ---- */

/* Free the strings of m and zero it. */
void petory__chat_message_clear(petory_chat_message *m);
/* Free what room owns (its last message too) and zero it. */
void petory__chat_room_clear(petory_chat_room *room);

/* ---- event recurrence as stored (model/event.c) ---- */

/* The recurrence lines of e as a compact JSON array, as both backends
 * store them; NULL when there are none (or out of memory: the caller
 * checks recurrence_count). */
char *petory__event_recurrence_json(const petory_event *e);
/* Fill e->recurrence from that text (NULL: none); EBACKEND when it is
 * damaged, ENOMEM. */
int petory__event_recurrence_read(petory_event *e, const char *text);

/* ---- outbox facts (model/outbox.c) ---- */

/* The events of the admins' alerts that stores queue as WEBHOOK facts;
 * jobs/outbox.c words them.  Each builder returns a malloc'd JSON text,
 * NULL when out of memory. */
#define PETORY__ALERT_PLACE_INACTIVE "PLACE_INACTIVE"
#define PETORY__ALERT_ACCOUNT_LIFECYCLE "ACCOUNT_LIFECYCLE"
char *petory__place_inactive_alert_payload(int64_t place_id, int64_t reports);
char *petory__lifecycle_alert_payload(
	const char *day, const petory_lifecycle_counts *c);
#endif
