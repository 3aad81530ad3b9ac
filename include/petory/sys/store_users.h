/* sys/store_users.h -- the store table of accounts and OAuth2 login states.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_USERS_H
#define PETORY_SYS_STORE_USERS_H

#include "store_records.h"
#include "../user.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_USERS_VERSION 1

typedef struct petory_store_users {
	unsigned int version; /**< PETORY_STORE_USERS_VERSION; first */

	/* Version 1. */
	/** Insert u (email_norm is the lower-cased email); EEXISTS when the
	 * email is taken.  Sets u->id. */
	int (*user_insert)(petory_store *st, petory_user *u,
		const char *email_norm, const char *password_hash);
	/** The account, any status; ENOTFOUND when absent.  secret_out
	 * may be NULL. */
	int (*user_get)(petory_user **out, petory_user_secret *secret_out,
		petory_store *st, int64_t id);
	/** Like user_get, by the lower-cased email. */
	int (*user_get_by_email)(petory_user **out,
		petory_user_secret *secret_out, petory_store *st,
		const char *email_norm);
	/** Status, roles and token version; ENOTFOUND when absent. */
	int (*user_auth_state)(
		petory_user_auth_state *out, petory_store *st, int64_t id);
	/** Apply the non-NULL fields of patch (mobile_num "" clears it);
	 * ENOTFOUND when the account is absent. */
	int (*user_update_profile)(petory_store *st, int64_t id,
		const petory_user_patch *patch, petory_time_ms now);
	/** Compare-and-set the status: move it from one of the states in
	 * from_mask (bit 1 << status) to `to`; ENOTFOUND when the account is
	 * absent, ECONFLICT when its status is not in from_mask (nothing
	 * changed).  bump_tokens increments the token version. */
	int (*user_set_status)(petory_store *st, int64_t id, unsigned from_mask,
		petory_user_status to, int bump_tokens, petory_time_ms now);
	/** Compare-and-set the roles: ENOTFOUND when the account is absent,
	 * ECONFLICT when its roles are not `expected` (nothing changed). */
	int (*user_set_roles)(petory_store *st, int64_t id, unsigned expected,
		unsigned roles, petory_time_ms now);
	/** Record a successful login; reactivate moves a DEACTIVATED or
	 * DELETED account back to ACTIVE.  ENOTFOUND when absent. */
	int (*user_record_login)(petory_store *st, int64_t id, int reactivate,
		petory_time_ms now);
	/** Newest first; query (NULL: every account) keeps the accounts
	 * whose email or nickname holds it, ASCII case ignored. */
	int (*user_list)(petory_user_page *out, petory_store *st,
		const char *query, int64_t offset, int64_t limit);
	/** Accounts that hold ADMIN and are ACTIVE. */
	int (*user_count_active_admins)(int64_t *count_out, petory_store *st);
	/** OAuth2 login attempts: state -> PKCE verifier, single use.  In
	 * one transaction with forgetting the attempts that expired an hour
	 * before expires_at; EEXISTS when the state is taken. */
	int (*oauth_state_put)(petory_store *st, const char *state,
		const char *verifier, petory_time_ms expires_at);
	/** Delete and return the verifier (once, whoever races for it);
	 * ENOTFOUND when the state is unknown, already taken or expired at
	 * `now`. */
	int (*oauth_state_take)(char **verifier_out, petory_store *st,
		const char *state, petory_time_ms now);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_users;

PETORY_END_DECL

#endif
