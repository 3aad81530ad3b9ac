/* sys/store_records.h -- records and outcomes the store tables share.
 *
 * Part of the model: the store fills these, the domain reads them; both
 * free them with the functions named beside each type.
 */
#ifndef PETORY_SYS_STORE_RECORDS_H
#define PETORY_SYS_STORE_RECORDS_H

#include "../common.h"
#include "../types.h"
#include "../user.h"
#include "../file.h"
#include "../pet.h"

PETORY_BEGIN_DECL

typedef struct petory_store petory_store;

/** What a store method found, for the domain to judge.  Methods that
 * can end in more than one way report one of these; none of them is an
 * error of the store. */
typedef enum petory_store_outcome {
	PETORY_STORE_APPLIED = 0,  /**< the change was made */
	PETORY_STORE_UNCHANGED,    /**< already so: nothing to change */
	PETORY_STORE_ABSENT,       /**< no such row (or not in this scope) */
	PETORY_STORE_INACTIVE,     /**< the row exists but is not active */
	PETORY_STORE_DUPLICATE,    /**< a unique key is already taken */
	PETORY_STORE_STATE_DIFFERS /**< the row is not in an expected state */
} petory_store_outcome;

/** What login and token checks need beyond the public record. */
typedef struct petory_user_secret {
	char *password_hash; /**< Argon2id string; NULL for OAuth-only users */
	int64_t token_version;
} petory_user_secret;

/** A compact view for token checks (one indexed read). */
typedef struct petory_user_auth_state {
	petory_user_status status;
	unsigned roles;
	int64_t token_version;
} petory_user_auth_state;

typedef struct petory_rank_entry {
	int64_t member;
	double score;
} petory_rank_entry;
/** The life of a file record: presigned (PENDING), bytes arriving
 * (RECEIVING), bytes stored (UPLOADED), taken by a resource (ATTACHED). */
typedef enum petory_file_state {
	PETORY_FILE_PENDING = 0,
	PETORY_FILE_RECEIVING,
	PETORY_FILE_UPLOADED,
	PETORY_FILE_ATTACHED
} petory_file_state;

/** A file record. */
typedef struct petory_file_rec {
	char key[48];
	int64_t owner_id;
	petory_file_purpose purpose;
	char content_type[32];
	int64_t declared_size;
	int64_t stored_size; /**< -1 until uploaded */
	petory_file_state state;
	int is_private;
	int64_t chat_room_id; /**< 0: none */
	petory_time_ms created_at;
	petory_time_ms upload_expires_at;
	petory_time_ms uploaded_at; /**< 0: not yet */
	petory_time_ms attached_at; /**< 0: not yet */
} petory_file_rec;

/** A pet whose birthday may fall today somewhere (pet_birthdays). */
typedef struct petory_pet_birthday {
	int64_t pet_id;
	int64_t owner_id;
	char *name;
	char *birthday; /**< YYYY-MM-DD */
	char *timezone; /**< the owner's */
} petory_pet_birthday;

/** A file key, for lists of them (malloc'd arrays, free()). */
typedef struct petory_file_key {
	char key[48];
} petory_file_key;

/** A pet change as the store applies it: NULL strings stay as they are,
 * gender and birthday "" become NULL, size -1 stays. */
typedef struct petory_pet_patch {
	const char *name;
	int size; /**< a petory_pet_size, or -1 */
	const char *species;
	const char *gender;
	const char *birthday;
} petory_pet_patch;

PETORY_END_DECL

#endif
