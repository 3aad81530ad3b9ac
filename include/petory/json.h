/* json.h -- jansson renderings of public records, shared by petory-httpd,
 * petoryctl --json and the bindings so that every front-end shows the same
 * shape.  Field names are the API's (camelCase); times are RFC 3339 UTC.
 */
#ifndef PETORY_JSON_H
#define PETORY_JSON_H

#include <jansson.h>

#include "common.h"
#include "user.h"
#include "auth.h"
#include "event.h"
#include "notification.h"
#include "daily.h"
#include "place.h"
#include "file.h"
#include "pet.h"
#include "growth.h"
#include "lost_pet.h"
#include "album.h"
#include "board.h"
#include "trade.h"
#include "chat.h"

PETORY_BEGIN_DECL

/** {id,email,nickname,mobileNum,roles,status,timezone,createdAt,
 * updatedAt,lastLoginAt}; a new reference. */
PETORY_EXTERN json_t *petory_user_to_json(const petory_user *user);

/** {content:[user…], page, size, totalElements, totalPages}. */
PETORY_EXTERN json_t *petory_user_page_to_json(const petory_user_page *page);

/** ["USER","ADMIN"]; a new reference. */
PETORY_EXTERN json_t *petory_roles_to_json(unsigned roles);

/** {accessToken, refreshToken, tokenType:"Bearer", expiresIn}. */
PETORY_EXTERN json_t *petory_tokens_to_json(const petory_tokens *tokens);

/** {content:[…], page, size, totalElements, totalPages}: steals items. */
PETORY_EXTERN json_t *petory_page_to_json(
	json_t *items, int64_t page, int64_t size, int64_t total);

/** {fileKey, uploadUrl, method:"PUT", headers:{"Content-Type"},
 * expiresAt}. */
PETORY_EXTERN json_t *petory_presigned_to_json(const petory_presigned *p);

/** {id,name,size,species,gender,birthday,images:[{id,url}],createdAt,
 * updatedAt}. */
PETORY_EXTERN json_t *petory_pet_to_json(const petory_pet *pet);

/** A list item: {id,name,size,species,imageUrl} (imageUrl: the first
 * image's, or null). */
PETORY_EXTERN json_t *petory_pet_summary_to_json(const petory_pet *pet);

/** A page of list items. */
PETORY_EXTERN json_t *petory_pet_page_to_json(const petory_pet_page *page);

/** {id,petId,date,weightKg,lengthCm,note,createdAt,updatedAt} of a growth
 * record (lengthCm and note null when none); a new reference. */
PETORY_EXTERN json_t *petory_growth_record_to_json(
	const petory_growth_record *rec);

/** {records:[…], summary:{count,firstDate,lastDate,minKg,maxKg,changeKg,
 * changePercent}} (nulls when count is 0; changePercent null when count
 * < 2); a new reference. */
PETORY_EXTERN json_t *petory_growth_range_to_json(
	const petory_growth_range *list);

/** {albumId,userId,nickname,content,albumVisibility,images:[{albumImageId,
 * url,createdAt}],createdAt,updatedAt} (nickname: the owner's current one,
 * null when the account is gone). */
PETORY_EXTERN json_t *petory_album_to_json(const petory_album *album);

/** A list item: {albumId,userId,nickname,albumVisibility,url,createdAt}
 * (url: the first image's, or null). */
PETORY_EXTERN json_t *petory_album_summary_to_json(const petory_album *album);

/** A page of list items. */
PETORY_EXTERN json_t *petory_album_page_to_json(const petory_album_page *page);

/** An RFC 3339 string, or JSON null for 0. */
PETORY_EXTERN json_t *petory_time_to_json(petory_time_ms t);

/** {id,title,startDate,endDate,timeZone,isAllDay,recurrence,description,
 * color,remindBefore,createdAt,updatedAt}. */
PETORY_EXTERN json_t *petory_event_to_json(const petory_event *event);

/** [{id,title,startDate,endDate,timeZone,isAllDay,color,recurring}…] in
 * the list's order. */
PETORY_EXTERN json_t *petory_occurrences_to_json(
	const petory_occurrence_list *list);
/** {id, type, content, link, read, createdAt} (json_daily.c). */
PETORY_EXTERN json_t *petory_notification_to_json(const petory_notification *n);

/** The admin's view: {id, question, questionEn, date, status, createdAt,
 * updatedAt, deletedAt}. */
PETORY_EXTERN json_t *petory_daily_question_to_json(
	const petory_daily_question *q);

/** Today's question for a reader: {id, question, date}; lang "en" picks
 * the English text, anything else the Korean one. */
PETORY_EXTERN json_t *petory_daily_question_today_to_json(
	const petory_daily_question *q, const char *lang);

/** {id, questionId, answer, status, createdAt, updatedAt, deletedAt}. */
PETORY_EXTERN json_t *petory_daily_answer_to_json(const petory_daily_answer *a);
/** A place item of /places with imageUrl, plus images:[{id,url}] when
 * place->images_complete (see json_place.c); a new reference. */
PETORY_EXTERN json_t *petory_place_to_json(const petory_place *place);

/** {placeId, liked, likeCount}. */
PETORY_EXTERN json_t *petory_like_to_json(const petory_like_result *r);

/** {id, placeId, userId, nickName, content, ratio, createdAt, updatedAt}. */
PETORY_EXTERN json_t *petory_review_to_json(const petory_review *r);

/** The review feed: {content:[review…], page, size, totalElements,
 * totalPages, nextBefore} in page mode, {content, size, nextBefore} in
 * cursor mode; nextBefore null at the end. */
PETORY_EXTERN json_t *petory_review_feed_to_json(const petory_review_feed *f);

/** {id, placeId, content, valid, reason, createdAt}. */
PETORY_EXTERN json_t *petory_report_to_json(const petory_report *r);

/** {id,postId,content,writerId,writerNickname,createdAt,updatedAt}
 * (json_board.c; a gone writer is null). */
PETORY_EXTERN json_t *petory_board_comment_to_json(
	const petory_board_comment *c);

/** A page of comments. */
PETORY_EXTERN json_t *petory_board_comment_page_to_json(
	const petory_board_comment_page *page);

/** {id,title,content,images:[{id,url,createdAt}],writerId,
 * writerNickname,comments:[…first 10],commentCount,createdAt,updatedAt}. */
PETORY_EXTERN json_t *petory_board_post_to_json(const petory_board_post *p);

/** A list item: {id,title,content,imageUrl,writerId,writerNickname,
 * commentCount,createdAt}. */
PETORY_EXTERN json_t *petory_board_summary_to_json(const petory_board_post *p);

/** A page of list items. */
PETORY_EXTERN json_t *petory_board_page_to_json(const petory_board_page *page);

/** {id,sellerId,sellerNickname,category,title,content,price,status,
 * images:[{id,url,createdAt}],createdAt,updatedAt} (json_trade.c). */
PETORY_EXTERN json_t *petory_trade_post_to_json(const petory_trade_post *p);

/** A list item: {id,sellerId,sellerNickname,title,content,price,status,
 * imageUrl,createdAt}. */
PETORY_EXTERN json_t *petory_trade_summary_to_json(const petory_trade_post *p);

/** A page of list items. */
PETORY_EXTERN json_t *petory_trade_page_to_json(const petory_trade_page *page);

/** {id,roomId,senderId,senderNickname,messageType,content,imageUrl,
 * clientMsgId,createdAt} (json_chat.c). */
PETORY_EXTERN json_t *petory_chat_message_to_json(const petory_chat_message *m);

/** {chatRoomId,tradeBoardId,tradeBoardTitle,sellerId,customerId,
 * opponentId,opponentNickname,lastMessage,unreadCount,createdAt,
 * updatedAt}. */
PETORY_EXTERN json_t *petory_chat_room_to_json(const petory_chat_room *r);

/** A page of rooms. */
PETORY_EXTERN json_t *petory_chat_room_page_to_json(
	const petory_chat_room_page *page);

/** The room plus messages (oldest first) and hasMore. */
PETORY_EXTERN json_t *petory_chat_history_to_json(const petory_chat_history *h);

/** A watched area {latitude, longitude, radiusM, enabled, updatedAt}. */
PETORY_EXTERN json_t *petory_alert_area_to_json(const petory_alert_area *a);
/** A lost-pet alert (with its sightings when with_sightings). */
PETORY_EXTERN json_t *petory_lost_pet_to_json(
	const petory_lost_pet *a, int with_sightings);

PETORY_END_DECL

#endif
