/* routes_admin.c -- administrators find accounts and act on them: the
 * list with a search, one account, roles, suspension, restoration.
 *
 * Every route here is AUTH_ADMIN in the table (403 before any work); the
 * library checks the right again.  The target comes from the query
 * string (?userId=&role=), as in the original API.
 */
#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

typedef int (*role_change_fn)(unsigned *roles_out, petory *db,
	const petory_identity *actor, int64_t user_id, unsigned role);

/* ?userId=&role= -> 200 {"userId": N, "roles": [...]} */
static void change_role(struct request *r, role_change_fn change)
{
	int64_t user_id = 0;
	unsigned role = 0, roles = 0;
	int rc;

	input_query_id(r, "userId", &user_id);
	input_query_role(r, "role", &role);
	if (input_failed(r))
		return;
	if ((rc = change(&roles, r->srv->db, &r->who, user_id, role)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200,
		json_pack("{s:I, s:o}", "userId", (json_int_t)user_id, "roles",
			petory_roles_to_json(roles)));
}

typedef int (*user_action_fn)(
	petory *db, const petory_identity *actor, int64_t user_id);

/* ?userId= -> 204 */
static void act_on_user(struct request *r, user_action_fn action)
{
	int64_t user_id = 0;
	int rc;

	input_query_id(r, "userId", &user_id);
	if (input_failed(r))
		return;
	if ((rc = action(r->srv->db, &r->who, user_id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_admin_role_add(struct request *r)
{
	change_role(r, petory_user_role_add);
}

void route_admin_role_remove(struct request *r)
{
	change_role(r, petory_user_role_remove);
}

void route_admin_suspend(struct request *r)
{
	act_on_user(r, petory_user_suspend);
}

void route_admin_restore(struct request *r)
{
	act_on_user(r, petory_user_restore);
}

/* GET /admin/users?q=&page=&size= -> a page of accounts, newest first */
void route_admin_users(struct request *r)
{
	petory_user_page out;
	petory_page_req page;
	const char *q;
	int rc;

	input_page(r, &page);
	q = input_query(r, "q", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_user_search(&out, r->srv->db, &r->who, q, &page);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_user_page_to_json(&out));
	petory_user_page_dispose(&out);
}

/* GET /admin/users/{id} -> the account */
void route_admin_user_get(struct request *r)
{
	petory_user *user = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_user_get(&user, r->srv->db, &r->who, id)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_user(r, 200, user);
	petory_user_free(user);
}
