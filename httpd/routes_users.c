/* routes_users.c -- the caller's own account: read, update, delete.
 *
 * Updates are partial: an absent field (or JSON null) stays as it is;
 * mobileNum "" clears the number.  The library validates the values and
 * names every bad field.
 */
#include <petory.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

void route_users_me(struct request *r)
{
	petory_user *user = NULL;
	int rc = petory_user_get(&user, r->srv->db, &r->who, r->who.user_id);

	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_user(r, 200, user);
	petory_user_free(user);
}

void route_users_update(struct request *r)
{
	petory_user_patch patch = { 0 };
	petory_user *user = NULL;
	int rc;

	patch.nickname = input_string(r, "nickname", INPUT_OPTIONAL);
	patch.mobile_num = input_string(r, "mobileNum", INPUT_OPTIONAL);
	patch.timezone = input_string(r, "timezone", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_user_update(
		&user, r->srv->db, &r->who, r->who.user_id, &patch);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_user(r, 200, user);
	petory_user_free(user);
}

void route_users_delete(struct request *r)
{
	int rc = petory_user_delete(r->srv->db, &r->who, r->who.user_id);

	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
