/* user.c -- accounts as their owners and operators see them: read, update,
 * delete, list, and operator-created accounts.
 *
 * Rights: a user reads and changes only their own account; an ADMIN (or
 * the system identity) may read, list and create any.  Deleting is the
 * owner's own act; it revokes every session at once.
 */
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

int petory__user_not_found(int error)
{
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(
			PETORY_ENOTFOUND, "USER_NOT_FOUND", "no such user");
	return error;
}

int petory__user_load(petory_user **out, petory_user_secret *secret_out,
	petory *db, int64_t id)
{
	return petory__user_not_found(
		petory__store_user_get(out, secret_out, db, id));
}

/* EAUTH without an actor; EPERM unless self or admin.  Someone else's
 * account answers ENOTFOUND to a non-admin, so ids cannot be probed. */
static int require_self_or_admin(const petory_identity *actor, int64_t id)
{
	if (!actor)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	if (actor->user_id == id || petory__is_admin(actor))
		return 0;
	return petory_error_set(
		PETORY_ENOTFOUND, "USER_NOT_FOUND", "no such user");
}

int petory_user_create(petory_user **out, petory *db,
	const petory_identity *actor, const petory_new_user *in, unsigned roles)
{
	int error;
	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	roles &= PETORY_ROLE_ALL;
	if (roles == 0)
		roles = PETORY_ROLE_USER;
	if ((error = petory__user_register(out, db, in, roles)) == 0)
		petory__log(PETORY_LOG_INFO, "user %lld created by operator",
			(long long)(*out)->id);
	return error;
}

int petory_user_get(petory_user **out, petory *db, const petory_identity *actor,
	int64_t user_id)
{
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_self_or_admin(actor, user_id)) < 0)
		return error;
	return petory__user_load(out, NULL, db, user_id);
}

static int check_patch(const petory_user_patch *p)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	if (p->nickname)
		petory__check_text(&v, "nickname", p->nickname, 1, 30);
	if (p->mobile_num && *p->mobile_num) {
		size_t n = strlen(p->mobile_num);
		size_t digits = strspn(p->mobile_num, "0123456789");
		if (digits != n || n < 10 || n > 11)
			petory__invalid_field(
				&v, "mobileNum", "must be 10 or 11 digits");
	}
	if (p->timezone && !petory__timezone_valid(p->timezone))
		petory__invalid_field(
			&v, "timezone", "must be an IANA time zone name");
	return petory__invalid_end(&v);
}

int petory_user_update(petory_user **out, petory *db,
	const petory_identity *actor, int64_t user_id,
	const petory_user_patch *patch)
{
	static const petory_user_patch empty;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (!patch)
		patch = &empty;
	if ((error = require_self_or_admin(actor, user_id)) < 0 ||
		(error = check_patch(patch)) < 0)
		return error;
	if ((patch->nickname || patch->mobile_num || patch->timezone) &&
		(error = petory__user_not_found(
			 petory__store_user_update_profile(
				 db, user_id, patch, petory_now(db)))) < 0)
		return error;
	return petory__user_load(out, NULL, db, user_id);
}

int petory_user_delete(
	petory *db, const petory_identity *actor, int64_t user_id)
{
	petory_time_ms now;
	unsigned from =
		(1u << PETORY_USER_ACTIVE) | (1u << PETORY_USER_DEACTIVATED);
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (!actor)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	if (actor->user_id != user_id)
		return petory_error_set(PETORY_EPERM, "FORBIDDEN",
			"only the owner may delete an account");
	now = petory_now(db);
	error = petory__store_user_set_status(
		db, user_id, from, PETORY_USER_DELETED, 1, now);
	/* not ACTIVE or DEACTIVATED any more, or removed for good */
	if (error == PETORY_ECONFLICT || error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ECONFLICT,
			"USER_ALREADY_DELETED",
			"the account is already closed");
	if (error < 0)
		return error;
	return db->sessions->session_revoke_user(db->sessions, user_id, now);
}

int petory_user_list(petory_user_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page)
{
	return petory_user_search(out, db, actor, NULL, page);
}

int petory_user_search(petory_user_page *out, petory *db,
	const petory_identity *actor, const char *query,
	const petory_page_req *page)
{
	petory__invalid v;
	int64_t p, s;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (query && !*query)
		query = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (query)
		petory__check_text(&v, "q", query, 1, 100);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__check_page(page, 20, &p, &s)) < 0)
		return error;
	if ((error = petory__store_user_list(out, db, query, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	return 0;
}
