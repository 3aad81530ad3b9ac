/* user_admin.c -- what administrators do to accounts: grant and remove
 * roles, suspend and restore.
 *
 * Roles are read from storage on every token check, so a role change is
 * seen by the very next request without touching tokens.  Suspension bumps
 * the token version and revokes every session, so the user's tokens stop
 * working at once.  Invariants kept here: an account always has a role,
 * and the last active ADMIN cannot lose the role or be suspended.
 */
#include "domain/domain.h"
#include "store/calls.h"

static int valid_role(unsigned role)
{
	if (role == PETORY_ROLE_USER || role == PETORY_ROLE_ADMIN)
		return 0;
	petory__invalid v;
	petory__invalid_begin(&v);
	petory__invalid_field(&v, "role", "must be USER or ADMIN");
	return petory__invalid_end(&v);
}

static int load_target(petory_user **out, petory *db,
	const petory_identity *actor, int64_t user_id, unsigned role)
{
	int error;
	*out = NULL;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0 ||
		(role && (error = valid_role(role)) < 0))
		return error;
	return petory__user_load(out, NULL, db, user_id);
}

/* Compare-and-set the roles read in u: a change made meanwhile loses. */
static int set_roles(petory *db, const petory_user *u, unsigned roles)
{
	int error = petory__store_user_set_roles(
		db, u->id, u->roles, roles, petory_now(db));
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT, "CONCURRENT_CHANGE",
			"the roles changed meanwhile; try again");
	return petory__user_not_found(error);
}

/* ECONFLICT "LAST_ADMIN" when u is the only active admin left. */
static int keep_one_admin(petory *db, const petory_user *u)
{
	int64_t admins = 0;
	int error;
	if (!(u->roles & PETORY_ROLE_ADMIN) || u->status != PETORY_USER_ACTIVE)
		return 0;
	if ((error = petory__store_user_count_active_admins(&admins, db)) < 0)
		return error;
	if (admins <= 1)
		return petory_error_set(PETORY_ECONFLICT, "LAST_ADMIN",
			"this is the last active administrator");
	return 0;
}

/* Compare-and-set the status: from a status in from_mask to `to`; one
 * that is elsewhere (changed meanwhile) is ECONFLICT with `reason` (NULL:
 * the default) and `message`. */
static int set_status(petory *db, int64_t user_id, unsigned from_mask,
	petory_user_status to, int bump_tokens, petory_time_ms now,
	const char *reason, const char *message)
{
	int error = petory__store_user_set_status(
		db, user_id, from_mask, to, bump_tokens, now);
	if (error == PETORY_ECONFLICT)
		return petory_error_set(
			PETORY_ECONFLICT, reason, "%s", message);
	return petory__user_not_found(error);
}

int petory_user_role_add(unsigned *roles_out, petory *db,
	const petory_identity *actor, int64_t user_id, unsigned role)
{
	petory_user *u;
	int error = load_target(&u, db, actor, user_id, role);
	if (error < 0)
		return error;
	if (u->roles & role)
		error = petory_error_set(PETORY_ECONFLICT,
			"ALREADY_HAS_SAME_ROLE", "the user already has %s",
			petory_role_name(role));
	else
		error = set_roles(db, u, u->roles | role);
	if (!error && roles_out)
		*roles_out = u->roles | role;
	if (!error)
		petory__log(PETORY_LOG_INFO, "user %lld granted %s by %lld",
			(long long)user_id, petory_role_name(role),
			(long long)actor->user_id);
	petory_user_free(u);
	return error;
}

int petory_user_role_remove(unsigned *roles_out, petory *db,
	const petory_identity *actor, int64_t user_id, unsigned role)
{
	petory_user *u;
	int error = load_target(&u, db, actor, user_id, role);
	if (error < 0)
		return error;
	if (!(u->roles & role))
		error = petory_error_set(PETORY_ENOTFOUND, "ROLE_NOT_FOUND",
			"the user does not have %s", petory_role_name(role));
	else if ((u->roles & ~role) == 0)
		error = petory_error_set(PETORY_ECONFLICT, "LAST_ROLE",
			"an account must keep at least one role");
	else if (role == PETORY_ROLE_ADMIN)
		error = keep_one_admin(db, u);
	if (!error)
		error = set_roles(db, u, u->roles & ~role);
	if (!error && roles_out)
		*roles_out = u->roles & ~role;
	if (!error)
		petory__log(PETORY_LOG_INFO, "user %lld lost %s by %lld",
			(long long)user_id, petory_role_name(role),
			(long long)actor->user_id);
	petory_user_free(u);
	return error;
}

int petory_user_suspend(
	petory *db, const petory_identity *actor, int64_t user_id)
{
	petory_user *u;
	petory_time_ms now;
	unsigned from =
		(1u << PETORY_USER_ACTIVE) | (1u << PETORY_USER_DEACTIVATED);
	int error = load_target(&u, db, actor, user_id, 0);
	if (error < 0)
		return error;
	now = petory_now(db);
	if (actor->user_id == user_id)
		error = petory_error_set(PETORY_ECONFLICT,
			"CANNOT_SUSPEND_SELF",
			"administrators cannot suspend themselves");
	else if (u->status == PETORY_USER_SUSPENDED)
		error = petory_error_set(PETORY_ECONFLICT, "ALREADY_SUSPENDED",
			"the user is already suspended");
	else if (u->status == PETORY_USER_DELETED)
		error = petory_error_set(PETORY_ECONFLICT,
			"USER_ALREADY_DELETED", "the account is closed");
	else
		error = keep_one_admin(db, u);
	if (!error)
		error = set_status(db, user_id, from, PETORY_USER_SUSPENDED, 1,
			now, NULL,
			"the account is not in a state that allows this "
			"change");
	if (!error)
		error = db->sessions->session_revoke_user(
			db->sessions, user_id, now);
	if (!error)
		petory__log(PETORY_LOG_INFO, "user %lld suspended by %lld",
			(long long)user_id, (long long)actor->user_id);
	petory_user_free(u);
	return error;
}

int petory_user_restore(
	petory *db, const petory_identity *actor, int64_t user_id)
{
	petory_user *u;
	int error = load_target(&u, db, actor, user_id, 0);
	if (error < 0)
		return error;
	error = set_status(db, user_id, 1u << PETORY_USER_SUSPENDED,
		PETORY_USER_ACTIVE, 0, petory_now(db), "USER_NOT_SUSPENDED",
		"the user is not suspended");
	petory_user_free(u);
	return error;
}
