/* router.c -- the routing table: every endpoint of petory-httpd, once.
 *
 * Adding an endpoint is one row here plus its handler in a routes_*.c
 * file (declared in routes.h).  The auth level is enforced before the
 * handler runs (authn.c); ROUTE_JSON makes server.c demand a JSON
 * Content-Type and hand the handler a parsed object.  Matching is a
 * linear scan: the table is small and the scan allocates nothing unless
 * a route with parameters matches.
 */
#include "router.h"

#include <stdlib.h>
#include <string.h>

#include "routes.h"

/* clang-format off */
static const struct route routes[] = {
	/* accounts and auth */
	{ "POST",   "/auth/signup",        route_auth_signup,       AUTH_NONE,  ROUTE_JSON },
	{ "POST",   "/auth/login",         route_auth_login,        AUTH_NONE,  ROUTE_JSON },
	{ "POST",   "/auth/reissue",       route_auth_reissue,      AUTH_NONE,  ROUTE_JSON },
	{ "POST",   "/auth/logout",        route_auth_logout,       AUTH_USER,  0 },
	{ "DELETE", "/users/logout",       route_auth_logout,       AUTH_USER,  0 },
	{ "POST",   "/auth/verify-email",  route_auth_verify_email, AUTH_NONE,  ROUTE_JSON },
	{ "POST",   "/auth/verify-email/resend", route_auth_verify_email_resend, AUTH_USER, 0 },
	{ "POST",   "/auth/password",      route_auth_password_change, AUTH_USER, ROUTE_JSON },
	{ "POST",   "/auth/password/reset", route_auth_password_reset, AUTH_NONE, ROUTE_JSON },
	{ "POST",   "/auth/password/reset/confirm", route_auth_password_reset_confirm, AUTH_NONE, ROUTE_JSON },
	{ "GET",    "/users/me",           route_users_me,          AUTH_USER,  0 },
	{ "PATCH",  "/users/me",           route_users_update,      AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/users/me",           route_users_delete,      AUTH_USER,  0 },
	{ "PUT",    "/users/update",       route_users_update,      AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/users/delete",       route_users_delete,      AUTH_USER,  0 },
	/* calendar */
	{ "POST",   "/users/events",       route_events_create,     AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/users/events",       route_events_range,      AUTH_USER,  0 },
	{ "GET",    "/users/events/{id}",  route_events_get,        AUTH_USER,  0 },
	{ "PUT",    "/users/events/{id}",  route_events_update,     AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/users/events/{id}",  route_events_delete,     AUTH_USER,  0 },
	/* administration */
	{ "POST",   "/auth/roles",         route_admin_role_add,    AUTH_ADMIN, 0 },
	{ "DELETE", "/auth/roles/remove",  route_admin_role_remove, AUTH_ADMIN, 0 },
	{ "DELETE", "/auth/suspend",       route_admin_suspend,     AUTH_ADMIN, 0 },
	{ "PATCH",  "/auth/restore",       route_admin_restore,     AUTH_ADMIN, 0 },
	{ "GET",    "/admin/users",        route_admin_users,       AUTH_ADMIN, 0 },
	{ "GET",    "/admin/users/{id}",   route_admin_user_get,    AUTH_ADMIN, 0 },
	/* files */
	{ "POST",   "/files/presign",      route_files_presign,     AUTH_USER,  ROUTE_JSON },
	{ "PUT",    "/files/{key}/upload", route_files_upload,      AUTH_NONE,  ROUTE_STREAM },
	{ "GET",    "/files/{key}",        route_files_get,         AUTH_OPTIONAL, 0 },
	/* pets */
	{ "POST",   "/pets",               route_pets_create,       AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/pets",               route_pets_list,         AUTH_USER,  0 },
	{ "DELETE", "/pets/images/{imageId}", route_pets_image_delete, AUTH_USER, 0 },
	{ "GET",    "/pets/{id}",          route_pets_get,          AUTH_USER,  0 },
	{ "PUT",    "/pets/{id}",          route_pets_update,       AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/pets/{id}",          route_pets_delete,       AUTH_USER,  0 },
	{ "PATCH",  "/pets/{id}/restore",  route_pets_restore,      AUTH_USER,  0 },
	{ "POST",   "/pets/{id}/growth",   route_pet_growth_create, AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/pets/{id}/growth",   route_pet_growth_list,   AUTH_USER,  0 },
	{ "GET",    "/pets/{id}/growth.csv", route_pet_growth_csv,  AUTH_USER,  0 },
	{ "PATCH",  "/pets/{id}/growth/{recordId}", route_pet_growth_update, AUTH_USER, ROUTE_JSON },
	{ "DELETE", "/pets/{id}/growth/{recordId}", route_pet_growth_delete, AUTH_USER, 0 },
	/* albums */
	{ "POST",   "/users/albums",       route_albums_create,     AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/users/albums",       route_albums_public,     AUTH_NONE,  0 },
	{ "GET",    "/users/my/albums",    route_albums_mine,       AUTH_USER,  0 },
	{ "DELETE", "/users/albums/images/{imageId}", route_albums_image_delete, AUTH_USER, 0 },
	{ "GET",    "/users/albums/{id}",  route_albums_get,        AUTH_OPTIONAL, 0 },
	{ "PUT",    "/users/albums/{id}",  route_albums_update,     AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/users/albums/{id}",  route_albums_delete,     AUTH_USER,  0 },
	{ "PATCH",  "/users/albums/{id}/visibility", route_albums_visibility, AUTH_USER, ROUTE_JSON },
	{ "POST",   "/users/albums/{id}/images", route_albums_add_images, AUTH_USER, ROUTE_JSON },
	{ "GET",    "/users/{userId}/albums", route_albums_of_user, AUTH_OPTIONAL, 0 },
	/* OAuth2 login */
	{ "GET",    "/oauth2/authorization/{provider}", route_oauth_begin,    AUTH_NONE, 0 },
	{ "GET",    "/login/oauth2/code/{provider}",    route_oauth_callback, AUTH_NONE, 0 },
	{ "POST",   "/auth/oauth2/token",  route_oauth_token,       AUTH_NONE,  ROUTE_JSON },
	/* operations */
	{ "GET",    "/actuator/health",    route_ops_health,        AUTH_NONE,  0 },
	{ "GET",    "/health",             route_ops_health,        AUTH_NONE,  0 },
	{ "GET",    "/actuator/prometheus", route_ops_metrics,      AUTH_NONE,  0 },
	{ "GET",    "/metrics",            route_ops_metrics,       AUTH_NONE,  0 },
	{ "GET",    "/openapi.json",       route_ops_openapi,       AUTH_NONE,  0 },
	/* notifications */
	{ "GET",    "/notifications",               route_notifications_list,     AUTH_USER,  0 },
	{ "PATCH",  "/notifications/read-all",      route_notifications_read_all, AUTH_USER,  0 },
	{ "PATCH",  "/notifications/{id}/read",     route_notifications_read,     AUTH_USER,  0 },
	{ "DELETE", "/notifications/{id}",          route_notifications_delete,   AUTH_USER,  0 },
	/* daily questions and answers */
	{ "GET",    "/daily-questions/today",       route_daily_today,            AUTH_OPTIONAL, 0 },
	{ "GET",    "/daily-questions",             route_daily_list,             AUTH_ADMIN, 0 },
	{ "POST",   "/daily-questions",             route_daily_create,           AUTH_ADMIN, ROUTE_JSON },
	{ "GET",    "/daily-questions/inactive",    route_daily_list_inactive,    AUTH_ADMIN, 0 },
	{ "GET",    "/daily-questions/deleted",     route_daily_list_deleted,     AUTH_ADMIN, 0 },
	{ "GET",    "/daily-questions/daily-answers/hide",                route_daily_answer_hidden,  AUTH_USER,  0 },
	{ "PUT",    "/daily-questions/daily-answers/{id}",                route_daily_answer_update,  AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/daily-questions/daily-answers/{id}",                route_daily_answer_delete,  AUTH_ADMIN, 0 },
	{ "PATCH",  "/daily-questions/daily-answers/{id}/hide",           route_daily_answer_hide,    AUTH_USER,  0 },
	{ "PATCH",  "/daily-questions/daily-answers/{id}/visibility/restore", route_daily_answer_show, AUTH_USER,  0 },
	{ "PATCH",  "/daily-questions/daily-answers/{id}/restore",        route_daily_answer_restore, AUTH_ADMIN, 0 },
	{ "GET",    "/daily-questions/users/{userId}/daily-answers/deleted", route_daily_answer_deleted, AUTH_ADMIN, 0 },
	{ "GET",    "/daily-questions/{id}",        route_daily_get,              AUTH_ADMIN, 0 },
	{ "PUT",    "/daily-questions/{id}",        route_daily_update,           AUTH_ADMIN, ROUTE_JSON },
	{ "DELETE", "/daily-questions/{id}",        route_daily_delete,           AUTH_ADMIN, 0 },
	{ "PATCH",  "/daily-questions/{id}/inactive",         route_daily_inactivate, AUTH_ADMIN, 0 },
	{ "PATCH",  "/daily-questions/{id}/activate/restore", route_daily_activate,   AUTH_ADMIN, 0 },
	{ "PATCH",  "/daily-questions/{id}/restore",          route_daily_restore,    AUTH_ADMIN, 0 },
	{ "POST",   "/daily-questions/{id}/daily-answers",    route_daily_answer_create, AUTH_USER, ROUTE_JSON },
	{ "GET",    "/daily-questions/{id}/daily-answers",    route_daily_answer_list,   AUTH_USER, 0 },
	/* lost-pet alerts and the watched area */
	{ "PUT",    "/users/me/alert-area", route_alert_area_put,   AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/users/me/alert-area", route_alert_area_get,   AUTH_USER,  0 },
	{ "DELETE", "/users/me/alert-area", route_alert_area_delete, AUTH_USER, 0 },
	{ "POST",   "/lost-pets",          route_lost_pets_create,  AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/lost-pets",          route_lost_pets_list,    AUTH_OPTIONAL, 0 },
	{ "GET",    "/lost-pets/{id}",     route_lost_pets_get,     AUTH_OPTIONAL, 0 },
	{ "PATCH",  "/lost-pets/{id}",     route_lost_pets_update,  AUTH_USER,  ROUTE_JSON },
	{ "POST",   "/lost-pets/{id}/sightings", route_lost_pets_sighting, AUTH_USER, ROUTE_JSON },
	/* places */
	{ "POST",   "/places",             route_places_create,     AUTH_ADMIN, ROUTE_JSON },
	{ "GET",    "/places",             route_places_list,       AUTH_NONE,  0 },
	{ "GET",    "/places/rank",        route_places_rank,       AUTH_NONE,  0 },
	{ "GET",    "/places/{placeId}",   route_places_get,        AUTH_OPTIONAL, 0 },
	{ "PUT",    "/places/{placeId}",   route_places_update,     AUTH_ADMIN, ROUTE_JSON },
	{ "DELETE", "/places/{placeId}",   route_places_delete,     AUTH_ADMIN, ROUTE_JSON_OPTIONAL },
	{ "PATCH",  "/places/{placeId}/restore", route_places_restore, AUTH_ADMIN, ROUTE_JSON_OPTIONAL },
	{ "PUT",    "/places/{placeId}/like", route_places_like,    AUTH_USER,  0 },
	{ "DELETE", "/places/{placeId}/like", route_places_unlike,  AUTH_USER,  0 },
	{ "POST",   "/places/{placeId}/like", route_places_like_toggle, AUTH_USER, 0 },
	{ "GET",    "/places/{placeId}/reviews", route_reviews_feed,  AUTH_OPTIONAL, 0 },
	{ "POST",   "/places/{placeId}/reviews", route_reviews_create, AUTH_USER, ROUTE_JSON },
	{ "PUT",    "/places/{placeId}/reviews/{reviewId}", route_reviews_update, AUTH_USER, ROUTE_JSON },
	{ "DELETE", "/places/{placeId}/reviews/{reviewId}", route_reviews_delete, AUTH_USER, 0 },
	{ "PATCH",  "/places/{placeId}/reviews/{reviewId}/restore", route_reviews_restore, AUTH_ADMIN, 0 },
	{ "POST",   "/places/{placeId}/reports", route_reports_create, AUTH_USER, ROUTE_JSON },
	{ "PATCH",  "/places/{placeId}/reports/{reportId}", route_reports_cancel, AUTH_ADMIN, ROUTE_JSON },
	{ "POST",   "/places/{placeId}/images", route_places_add_images, AUTH_ADMIN, ROUTE_JSON },
	{ "DELETE", "/places/{placeId}/images/{imageId}", route_places_image_delete, AUTH_ADMIN, 0 },
	/* community board (owner boards) */
	{ "POST",   "/owner-boards",       route_boards_create,     AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/owner-boards",       route_boards_list,       AUTH_NONE,  0 },
	{ "GET",    "/owner-boards/{id}",  route_boards_get,        AUTH_NONE,  0 },
	{ "PUT",    "/owner-boards/{id}",  route_boards_update,     AUTH_USER,  ROUTE_JSON },
	{ "DELETE", "/owner-boards/{id}",  route_boards_delete,     AUTH_USER,  0 },
	{ "PATCH",  "/owner-boards/{id}/restore", route_boards_restore, AUTH_ADMIN, 0 },
	{ "POST",   "/owner-boards/{id}/images", route_boards_add_images, AUTH_USER, ROUTE_JSON },
	{ "DELETE", "/owner-boards/{id}/images/{imageId}", route_boards_image_delete, AUTH_USER, 0 },
	{ "POST",   "/owner-boards/{id}/comments", route_boards_comment_create, AUTH_USER, ROUTE_JSON },
	{ "GET",    "/owner-boards/{id}/comments", route_boards_comment_list, AUTH_NONE, 0 },
	{ "PUT",    "/owner-boards/{id}/comments/{commentId}", route_boards_comment_update, AUTH_USER, ROUTE_JSON },
	{ "DELETE", "/owner-boards/{id}/comments/{commentId}", route_boards_comment_delete, AUTH_USER, 0 },
	/* trade board */
	{ "POST",   "/trade-boards",       route_trades_create,     AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/trade-boards",       route_trades_list,       AUTH_NONE,  0 },
	{ "GET",    "/trade-boards/my-board", route_trades_mine,    AUTH_USER,  0 },
	{ "GET",    "/trade-boards/{id}",  route_trades_get,        AUTH_OPTIONAL, 0 },
	{ "PUT",    "/trade-boards/{id}",  route_trades_update,     AUTH_USER,  ROUTE_JSON },
	{ "PATCH",  "/trade-boards/{id}",  route_trades_status,     AUTH_USER,  0 },
	{ "POST",   "/trade-boards/{id}/images", route_trades_add_images, AUTH_USER, ROUTE_JSON },
	{ "DELETE", "/trade-boards/{id}/images/{imageId}", route_trades_image_delete, AUTH_USER, 0 },
	/* chat (messages go over the WebSocket /ws-chat) */
	{ "POST",   "/chat/image",         route_chat_image,        AUTH_USER,  ROUTE_JSON },
	{ "GET",    "/chat",               route_chat_rooms,        AUTH_USER,  0 },
	{ "POST",   "/chat/{tradeBoardId}", route_chat_open,        AUTH_USER,  0 },
	{ "GET",    "/chat/{roomId}",      route_chat_history,      AUTH_USER,  0 },
	{ "DELETE", "/chat/{roomId}",      route_chat_leave,        AUTH_USER,  0 },
	{ "PATCH",  "/chat/{roomId}/read", route_chat_read,         AUTH_USER,  0 },
	{ "GET",    "/ws-chat",            route_ws_chat,           AUTH_OPTIONAL, 0 },
	/* web app (static_files.c) */
	{ "GET",    "/",                   route_web_root,          AUTH_NONE,  0 },
	{ "GET",    "/app",                route_web_app,           AUTH_NONE,  0 },
	{ "GET",    "/app/",               route_web_app,           AUTH_NONE,  0 },
	{ "GET",    "/app/*",              route_web_app,           AUTH_NONE,  0 },
	{ "GET",    "/static/*",           route_web_static,        AUTH_NONE,  0 },
	{ "GET",    "/config",             route_web_config,        AUTH_NONE,  0 },
	{ "GET",    "/login",              route_web_moved,         AUTH_NONE,  0 },
	{ "GET",    "/petPlace",           route_web_moved,         AUTH_NONE,  0 },
	{ "GET",    "/community",          route_web_moved,         AUTH_NONE,  0 },
	{ "GET",    "/market",             route_web_moved,         AUTH_NONE,  0 },
	{ "GET",    "/myCalendar",         route_web_moved,         AUTH_NONE,  0 },
};
/* clang-format on */

#define ROUTE_COUNT (sizeof(routes) / sizeof(routes[0]))

/* The body operations of every ROUTE_STREAM route, by its handler. */
static const struct {
	route_handler handler;
	const struct route_stream *stream;
} streams[] = {
	{ route_files_upload, &route_files_upload_stream },
};

const struct route_stream *router_stream(const struct route *rt)
{
	size_t i;

	for (i = 0; rt && (rt->flags & ROUTE_STREAM) &&
		    i < sizeof(streams) / sizeof(streams[0]);
		i++) {
		if (streams[i].handler == rt->handler)
			return streams[i].stream;
	}
	return NULL;
}

size_t router_count(void)
{
	return ROUTE_COUNT;
}

const struct route *router_at(size_t i)
{
	return i < ROUTE_COUNT ? &routes[i] : NULL;
}

size_t router_index(const struct route *rt)
{
	return (size_t)(rt - routes);
}

void router_clear(struct request *r)
{
	size_t i;

	for (i = 0; i < r->param_count; i++)
		free(r->params[i].value);
	r->param_count = 0;
}

/* 1 when path matches pattern; with capture, "{name}" segments are
 * copied into r->params (0 when that fails for lack of memory). */
static int match(
	const char *pat, const char *path, struct request *r, int capture)
{
	while (*pat == '/' && *path == '/') {
		const char *pend, *send;

		pat++;
		path++;
		pend = pat + strcspn(pat, "/");
		send = path + strcspn(path, "/");
		if (pat[0] == '*' && pend == pat + 1 && *pend == '\0')
			return send > path;
		if (pat[0] == '{' && pend > pat + 1 && pend[-1] == '}') {
			struct route_param *p;
			if (send == path)
				return 0;
			if (capture) {
				if (r->param_count == ROUTE_PARAMS_MAX)
					return 0;
				p = &r->params[r->param_count];
				p->name = pat + 1;
				p->name_len = (size_t)(pend - pat - 2);
				p->value = strndup(path, (size_t)(send - path));
				if (!p->value)
					return 0;
				r->param_count++;
			}
		} else if (pend - pat != send - path ||
			   memcmp(pat, path, (size_t)(pend - pat)) != 0) {
			return 0;
		}
		pat = pend;
		path = send;
	}
	return *pat == '\0' && *path == '\0';
}

static void allow_add(char *allow, size_t size, const char *method)
{
	size_t len = strlen(allow), mlen = strlen(method);
	const char *p = allow;

	while ((p = strstr(p, method))) {
		if ((p == allow || p[-1] == ' ') &&
			(p[mlen] == ',' || p[mlen] == '\0'))
			return;
		p += mlen;
	}
	if (len + mlen + 3 > size)
		return;
	if (len) {
		memcpy(allow + len, ", ", 2);
		len += 2;
	}
	memcpy(allow + len, method, mlen + 1);
}

enum route_match router_match(struct request *r, const struct route **out,
	char *allow, size_t allow_size)
{
	const struct route *found = NULL;
	int is_head = strcmp(r->method, "HEAD") == 0;
	size_t i;

	*out = NULL;
	allow[0] = '\0';
	for (i = 0; i < ROUTE_COUNT; i++) {
		const struct route *rt = &routes[i];
		if (!match(rt->pattern, r->path, r, 0))
			continue;
		allow_add(allow, allow_size, rt->method);
		if (strcmp(rt->method, "GET") == 0)
			allow_add(allow, allow_size, "HEAD");
		if (!found &&
			(strcmp(rt->method, r->method) == 0 ||
				(is_head && strcmp(rt->method, "GET") == 0)))
			found = rt;
	}
	if (!allow[0])
		return ROUTE_NO_PATH;
	allow_add(allow, allow_size, "OPTIONS");
	if (!found)
		return ROUTE_NO_METHOD;
	router_clear(r);
	if (!match(found->pattern, r->path, r, 1)) {
		router_clear(r);
		return ROUTE_NO_PATH;
	}
	*out = found;
	return ROUTE_FOUND;
}

const char *router_param(const struct request *r, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < r->param_count; i++) {
		if (r->params[i].name_len == len &&
			memcmp(r->params[i].name, name, len) == 0)
			return r->params[i].value;
	}
	return NULL;
}
