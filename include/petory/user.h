/* user.h -- accounts: records, profile updates and the admin actions.
 *
 * Every call takes the caller's identity and checks its rights: a user may
 * read and change only their own account; roles, suspension and listing
 * need ADMIN (or the system identity of petoryctl).
 */
#ifndef PETORY_USER_H
#define PETORY_USER_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

typedef enum petory_user_status {
	PETORY_USER_ACTIVE = 0,
	PETORY_USER_SUSPENDED,
	PETORY_USER_DEACTIVATED,
	PETORY_USER_DELETED
} petory_user_status;

/** An account as the API shows it (no secrets).  Free with
 * petory_user_free(). */
typedef struct petory_user {
	int64_t id;
	char *email;
	char *nickname;
	char *mobile_num; /**< NULL when not set */
	char *timezone;   /**< IANA zone; never NULL */
	unsigned roles;   /**< PETORY_ROLE_* */
	petory_user_status status;
	petory_time_ms created_at;
	petory_time_ms updated_at;
	petory_time_ms last_login_at;     /**< 0: never */
	petory_time_ms status_changed_at; /**< when status last changed */
	/** 1 once the owner of the address proved it: a verification link
	 * spent, or an account made by (or taken over through) Google. */
	int email_verified;
} petory_user;

typedef struct petory_user_page {
	petory_user *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_user_page;

/** A partial update: NULL fields stay as they are.  mobile_num "" clears
 * the number. */
typedef struct petory_user_patch {
	const char *nickname;   /**< 1-30 characters */
	const char *mobile_num; /**< 10-11 digits, or "" */
	const char *timezone;   /**< IANA zone name */
} petory_user_patch;

typedef struct petory_new_user {
	const char *email;    /**< compared case-insensitively */
	const char *password; /**< 8-128 characters */
	const char *nickname; /**< 1-30 characters */
} petory_new_user;

PETORY_EXTERN void petory_user_free(petory_user *user);
PETORY_EXTERN void petory_user_page_dispose(petory_user_page *page);

PETORY_EXTERN const char *petory_user_status_name(petory_user_status s);
/** Parses "USER"/"ADMIN" into a role bit; 0 when unknown. */
PETORY_EXTERN unsigned petory_role_parse(const char *name);
PETORY_EXTERN const char *petory_role_name(unsigned role_bit);

/** Create an account as an operator (roles: PETORY_ROLE_* bits).  Needs
 * ADMIN.  Same validation as signup; EEXISTS "DUPLICATE_EMAIL". */
PETORY_EXTERN int petory_user_create(petory_user **out, petory *db,
	const petory_identity *actor, const petory_new_user *in,
	unsigned roles);

/** Self or ADMIN; ENOTFOUND "USER_NOT_FOUND". */
PETORY_EXTERN int petory_user_get(petory_user **out, petory *db,
	const petory_identity *actor, int64_t user_id);

/** Self or ADMIN; EINVALID names every bad field. */
PETORY_EXTERN int petory_user_update(petory_user **out, petory *db,
	const petory_identity *actor, int64_t user_id,
	const petory_user_patch *patch);

/** Self: status DELETED, every session revoked. */
PETORY_EXTERN int petory_user_delete(
	petory *db, const petory_identity *actor, int64_t user_id);

/** ADMIN: newest first. */
PETORY_EXTERN int petory_user_list(petory_user_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page);

/** ADMIN: newest first, the accounts whose email or nickname holds query
 * (ASCII case ignored; NULL or "" for every account, at most 100
 * characters, else EINVALID naming "q"). */
PETORY_EXTERN int petory_user_search(petory_user_page *out, petory *db,
	const petory_identity *actor, const char *query,
	const petory_page_req *page);

/** ADMIN: add a role; ECONFLICT "ALREADY_HAS_SAME_ROLE".  *roles_out gets
 * the roles after the change. */
PETORY_EXTERN int petory_user_role_add(unsigned *roles_out, petory *db,
	const petory_identity *actor, int64_t user_id, unsigned role);

/** ADMIN: remove a role; ECONFLICT "LAST_ROLE" for the last one,
 * "LAST_ADMIN" for the last active admin, ENOTFOUND "ROLE_NOT_FOUND". */
PETORY_EXTERN int petory_user_role_remove(unsigned *roles_out, petory *db,
	const petory_identity *actor, int64_t user_id, unsigned role);

/** ADMIN: SUSPENDED, every session revoked; ECONFLICT "ALREADY_SUSPENDED",
 * "CANNOT_SUSPEND_SELF". */
PETORY_EXTERN int petory_user_suspend(
	petory *db, const petory_identity *actor, int64_t user_id);

/** ADMIN: SUSPENDED -> ACTIVE; ECONFLICT "USER_NOT_SUSPENDED". */
PETORY_EXTERN int petory_user_restore(
	petory *db, const petory_identity *actor, int64_t user_id);

/** ADMIN (petoryctl user set-password): give the account with this email
 * (case ignored) a new password (8-128 characters, else EINVALID naming
 * "password"); every login of it is revoked.  ENOTFOUND
 * "USER_NOT_FOUND". */
PETORY_EXTERN int petory_user_set_password(petory *db,
	const petory_identity *actor, const char *email,
	const char *new_password);

PETORY_END_DECL

#endif
