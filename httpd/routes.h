/* routes.h -- every route handler, declared for the table in router.c.
 *
 * A handler runs after authentication (r->who is set for AUTH_USER and
 * AUTH_ADMIN routes) and, for ROUTE_JSON routes, after the body has been
 * parsed into the object r->json.  It leaves exactly one reply.
 */
#ifndef HTTPD_ROUTES_H
#define HTTPD_ROUTES_H

#include "router.h"
#include "server.h"

/* routes_auth.c */
void route_auth_signup(struct request *r);
void route_auth_login(struct request *r);
void route_auth_reissue(struct request *r);
void route_auth_logout(struct request *r);
void route_auth_verify_email(struct request *r);
void route_auth_verify_email_resend(struct request *r);
void route_auth_password_change(struct request *r);
void route_auth_password_reset(struct request *r);
void route_auth_password_reset_confirm(struct request *r);

/* routes_users.c */
void route_users_me(struct request *r);
void route_users_update(struct request *r);
void route_users_delete(struct request *r);

/* routes_events.c */
void route_events_create(struct request *r);
void route_events_range(struct request *r);
void route_events_get(struct request *r);
void route_events_update(struct request *r);
void route_events_delete(struct request *r);

/* routes_admin.c */
void route_admin_role_add(struct request *r);
void route_admin_role_remove(struct request *r);
void route_admin_suspend(struct request *r);
void route_admin_restore(struct request *r);
void route_admin_users(struct request *r);
void route_admin_user_get(struct request *r);

/* routes_oauth.c */
void route_oauth_begin(struct request *r);
void route_oauth_callback(struct request *r);
void route_oauth_token(struct request *r);

/* routes_files.c */
void route_files_presign(struct request *r);
void route_files_upload(struct request *r);
void route_files_get(struct request *r);
extern const struct route_stream route_files_upload_stream;

/* routes_pets.c */
void route_pets_create(struct request *r);
void route_pets_list(struct request *r);
void route_pets_get(struct request *r);
void route_pets_update(struct request *r);
void route_pets_delete(struct request *r);
void route_pets_restore(struct request *r);
void route_pets_image_delete(struct request *r);

/* routes_pet_growth.c */
void route_pet_growth_create(struct request *r);
void route_pet_growth_list(struct request *r);
void route_pet_growth_csv(struct request *r);
void route_pet_growth_update(struct request *r);
void route_pet_growth_delete(struct request *r);

/* routes_lost_pets.c */
void route_alert_area_put(struct request *r);
void route_alert_area_get(struct request *r);
void route_alert_area_delete(struct request *r);
void route_lost_pets_create(struct request *r);
void route_lost_pets_list(struct request *r);
void route_lost_pets_get(struct request *r);
void route_lost_pets_update(struct request *r);
void route_lost_pets_sighting(struct request *r);

/* routes_albums.c */
void route_albums_create(struct request *r);
void route_albums_public(struct request *r);
void route_albums_mine(struct request *r);
void route_albums_of_user(struct request *r);
void route_albums_get(struct request *r);
void route_albums_update(struct request *r);
void route_albums_visibility(struct request *r);
void route_albums_delete(struct request *r);
void route_albums_add_images(struct request *r);
void route_albums_image_delete(struct request *r);

/* routes_ops.c */
void route_ops_health(struct request *r);
void route_ops_metrics(struct request *r);
void route_ops_openapi(struct request *r);

/* routes_places.c */
void route_places_create(struct request *r);
void route_places_list(struct request *r);
void route_places_rank(struct request *r);
void route_places_get(struct request *r);
void route_places_update(struct request *r);
void route_places_delete(struct request *r);
void route_places_restore(struct request *r);
void route_places_like(struct request *r);
void route_places_unlike(struct request *r);
void route_places_like_toggle(struct request *r);
void route_reviews_create(struct request *r);
void route_reviews_update(struct request *r);
void route_reviews_delete(struct request *r);
void route_reviews_restore(struct request *r);
void route_reviews_feed(struct request *r);
void route_reports_create(struct request *r);
void route_reports_cancel(struct request *r);
void route_places_add_images(struct request *r);
void route_places_image_delete(struct request *r);

/* static_files.c */
void route_web_app(struct request *r);
void route_web_static(struct request *r);
void route_web_root(struct request *r);
void route_web_moved(struct request *r);
void route_web_config(struct request *r);

/* routes_notifications.c */
void route_notifications_list(struct request *r);
void route_notifications_read(struct request *r);
void route_notifications_read_all(struct request *r);
void route_notifications_delete(struct request *r);

/* routes_daily.c */
void route_daily_today(struct request *r);
void route_daily_create(struct request *r);
void route_daily_get(struct request *r);
void route_daily_update(struct request *r);
void route_daily_list(struct request *r);
void route_daily_list_inactive(struct request *r);
void route_daily_list_deleted(struct request *r);
void route_daily_delete(struct request *r);
void route_daily_inactivate(struct request *r);
void route_daily_activate(struct request *r);
void route_daily_restore(struct request *r);
void route_daily_answer_create(struct request *r);
void route_daily_answer_list(struct request *r);
void route_daily_answer_update(struct request *r);
void route_daily_answer_hide(struct request *r);
void route_daily_answer_show(struct request *r);
void route_daily_answer_delete(struct request *r);
void route_daily_answer_restore(struct request *r);
void route_daily_answer_hidden(struct request *r);
void route_daily_answer_deleted(struct request *r);

/* routes_boards.c */
void route_boards_create(struct request *r);
void route_boards_list(struct request *r);
void route_boards_get(struct request *r);
void route_boards_update(struct request *r);
void route_boards_delete(struct request *r);
void route_boards_restore(struct request *r);
void route_boards_add_images(struct request *r);
void route_boards_image_delete(struct request *r);
void route_boards_comment_create(struct request *r);
void route_boards_comment_list(struct request *r);
void route_boards_comment_update(struct request *r);
void route_boards_comment_delete(struct request *r);

/* routes_trades.c */
void route_trades_create(struct request *r);
void route_trades_list(struct request *r);
void route_trades_mine(struct request *r);
void route_trades_get(struct request *r);
void route_trades_update(struct request *r);
void route_trades_status(struct request *r);
void route_trades_add_images(struct request *r);
void route_trades_image_delete(struct request *r);

/* routes_chat.c (and route_chat_image in routes_files.c) */
void route_chat_open(struct request *r);
void route_chat_rooms(struct request *r);
void route_chat_history(struct request *r);
void route_chat_read(struct request *r);
void route_chat_leave(struct request *r);
void route_chat_image(struct request *r);

/* routes_ws.c */
void route_ws_chat(struct request *r);

#endif
