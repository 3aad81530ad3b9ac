/* access.c -- who may do what: the system identity, admin checks, and
 * page-request validation shared by every listing call; and the actor's
 * own calendar date (their users.timezone), read through the store. */
#include "domain/domain.h"
#include "store/calls.h"

static const petory_identity system_identity = {
	.user_id = 0,
	.roles = PETORY_ROLE_ALL | PETORY_ROLE_SYSTEM,
};

const petory_identity *petory_identity_system(void)
{
	return &system_identity;
}

bool petory__is_admin(const petory_identity *actor)
{
	return actor &&
	       (actor->roles & (PETORY_ROLE_ADMIN | PETORY_ROLE_SYSTEM));
}

int petory__require_admin(const petory_identity *actor)
{
	if (!actor)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	if (!petory__is_admin(actor))
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "administrators only");
	return 0;
}

int petory__check_page(const petory_page_req *page, int64_t default_size,
	int64_t *page_out, int64_t *size_out)
{
	petory__invalid v;
	int64_t p = page ? page->page : 0;
	int64_t s = page && page->size ? page->size : default_size;
	petory__invalid_begin(&v);
	if (p < 0 || p > 1000000000)
		petory__invalid_field(&v, "page", "must be 0 or more");
	if (s < 1 || s > 100)
		petory__invalid_field(&v, "size", "must be 1 to 100");
	*page_out = p;
	*size_out = s;
	return petory__invalid_end(&v);
}

int petory__require_actor(const petory_identity *actor)
{
	if (!actor)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return 0;
}

int petory__require_store(petory *db, unsigned version)
{
	if (db->store->version < version)
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"the storage backend '%s' does not support this",
			db->store->name ? db->store->name : "?");
	return 0;
}

int petory__actor_date(petory__date *out, petory *db,
	const petory_identity *actor, petory_time_ms instant)
{
	petory_user *u = NULL;
	int error;

	if (!actor || actor->user_id == 0)
		return petory__local_date(out, db, NULL, instant);
	if ((error = petory__user_load(&u, NULL, db, actor->user_id)) < 0)
		return error;
	error = petory__local_date(out, db, u->timezone, instant);
	if (error == PETORY_EINVALID) /* a zone libical no longer knows */
		error = petory__local_date(out, db, NULL, instant);
	petory_user_free(u);
	return error;
}
