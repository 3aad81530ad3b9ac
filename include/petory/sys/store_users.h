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

#define PETORY_STORE_USERS_VERSION 3

/** Bytes of the hashes the OAuth2 methods keep: of a browser's cookie
 * nonce and of a login code (never the secret itself). */
#define PETORY_STORE_OAUTH_HASH_BYTES 32

/** What a single-use account token (account_token_*) is for. */
typedef enum petory_account_token_purpose {
	PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL = 1,
	PETORY_ACCOUNT_TOKEN_RESET_PASSWORD = 2
} petory_account_token_purpose;

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
	 * `now`, or bound to a browser (oauth_state_put2). */
	int (*oauth_state_take)(char **verifier_out, petory_store *st,
		const char *state, petory_time_ms now);

	/* Version 2. */
	/** OAuth2 login attempts bound to a browser: state -> PKCE verifier
	 * and browser_hash (PETORY_STORE_OAUTH_HASH_BYTES, the hash of the
	 * nonce in that browser's cookie), single use.  In one transaction
	 * with deleting every attempt and login code expired at `now`;
	 * EEXISTS when the state is taken.  (Version 1's oauth_state_take
	 * never takes a bound attempt.) */
	int (*oauth_state_put2)(petory_store *st, const char *state,
		const char *verifier, const unsigned char *browser_hash,
		petory_time_ms expires_at, petory_time_ms now);
	/** Delete and return the verifier of `state` when it is bound to
	 * browser_hash (compared in constant time), once, whoever races for
	 * it; ENOTFOUND, with nothing changed, when the state is unknown,
	 * already taken, expired at `now`, or bound to another browser or
	 * to none. */
	int (*oauth_state_take2)(char **verifier_out, petory_store *st,
		const char *state, const unsigned char *browser_hash,
		petory_time_ms now);
	/** A single-use login code, by its hash
	 * (PETORY_STORE_OAUTH_HASH_BYTES), for user_id.  In one transaction
	 * with deleting every code and attempt expired at `now`; EEXISTS
	 * when the hash is taken, ENOTFOUND when the account is absent. */
	int (*login_code_put)(petory_store *st, const unsigned char *code_hash,
		int64_t user_id, petory_time_ms expires_at, petory_time_ms now);
	/** Delete the code and return its account (once, whoever races for
	 * it); ENOTFOUND when it is unknown, already taken or expired at
	 * `now`. */
	int (*login_code_take)(int64_t *user_id_out, petory_store *st,
		const unsigned char *code_hash, petory_time_ms now);
	/** Delete every OAuth2 login attempt and login code expired at
	 * `now`; *removed_out (may be NULL) counts the rows. */
	int (*oauth_purge)(
		int64_t *removed_out, petory_store *st, petory_time_ms now);
	/* Methods above are valid for version 2.  From version 3,
	 * user_insert also stores u->email_verified and the user getters
	 * read it. */

	/* Version 3: email verification, password change and reset. */
	/** Set email_verified; *changed_out (may be NULL) is 1 when it was
	 * not set before.  ENOTFOUND when the account is absent. */
	int (*user_mark_email_verified)(int *changed_out, petory_store *st,
		int64_t id, petory_time_ms now);
	/** Replace the password hash (NULL clears it); bump_tokens
	 * increments the token version.  ENOTFOUND when absent. */
	int (*user_set_password)(petory_store *st, int64_t id,
		const char *password_hash, int bump_tokens, petory_time_ms now);
	/** On an account whose email is not verified, in one statement:
	 * clear the password, set email_verified, increment the token
	 * version.  ECONFLICT when the email is verified already (nothing
	 * changed), ENOTFOUND when the account is absent. */
	int (*user_take_over)(petory_store *st, int64_t id, petory_time_ms now);
	/** Store the hash of a single-use token of `purpose` for user_id, in
	 * one transaction with forgetting the tokens that expired by now;
	 * EEXISTS when the hash is taken. */
	int (*account_token_put)(petory_store *st,
		petory_account_token_purpose purpose,
		const unsigned char hash[32], int64_t user_id,
		petory_time_ms expires_at, petory_time_ms now);
	/** Delete the token and return its user (once, whoever races for
	 * it); ENOTFOUND when it is unknown, of another purpose, already
	 * taken or expired at `now`. */
	int (*account_token_take)(int64_t *user_id_out, petory_store *st,
		petory_account_token_purpose purpose,
		const unsigned char hash[32], petory_time_ms now);
	/** Delete every token of `purpose` of the user (none is fine). */
	int (*account_token_drop_user)(petory_store *st, int64_t user_id,
		petory_account_token_purpose purpose);
	/* Methods above are valid for version 3.  Append only. */
} petory_store_users;

PETORY_END_DECL

#endif
