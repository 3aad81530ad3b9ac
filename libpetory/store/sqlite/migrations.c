/* migrations.c -- the numbered schema steps, applied at open.
 *
 * PRAGMA user_version holds the number of the last step applied.  Each
 * step runs in its own BEGIN IMMEDIATE transaction together with the
 * user_version bump, so a crash leaves the database at a step boundary and
 * two processes opening a fresh file never both apply a step.  A database
 * whose version is newer than this build is refused, untouched.  Steps are
 * append-only: never edit a step that has shipped.
 */
#include <stdio.h>

#include "store/sqlite/sqlite_internal.h"

static const char *const steps[] = {
	/* 1: accounts, login sessions, rate limits, OAuth2 states, ranks. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL,"
	"  email_norm TEXT NOT NULL UNIQUE,"
	"  password_hash TEXT,"
	"  nickname TEXT NOT NULL,"
	"  mobile_num TEXT,"
	"  timezone TEXT NOT NULL,"
	"  roles INTEGER NOT NULL CHECK (roles != 0),"
	"  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),"
	"  token_version INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  last_login_at INTEGER,"
	"  status_changed_at INTEGER NOT NULL"
	");"
	"CREATE INDEX users_status_login ON users(status, last_login_at);"
	"CREATE TABLE auth_sessions ("
	"  id TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  revoked_at INTEGER"
	") WITHOUT ROWID;"
	"CREATE INDEX auth_sessions_user ON auth_sessions(user_id);"
	"CREATE TABLE refresh_tokens ("
	"  hash BLOB PRIMARY KEY,"
	"  session_id TEXT NOT NULL"
	"    REFERENCES auth_sessions(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  spent_at INTEGER"
	") WITHOUT ROWID;"
	"CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);"
	"CREATE TABLE rate_limits ("
	"  key TEXT PRIMARY KEY,"
	"  window_end INTEGER NOT NULL,"
	"  count INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE oauth_states ("
	"  state TEXT PRIMARY KEY,"
	"  verifier TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE rank_scores ("
	"  board TEXT NOT NULL,"
	"  member INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  PRIMARY KEY (board, member)"
	") WITHOUT ROWID;"
	"CREATE INDEX rank_scores_top ON rank_scores(board, score DESC, "
	"member);",

	/* 2: calendar events.  series_start/series_end bound every
	 * occurrence of the event (series_end NULL: an endless rule). */
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  title TEXT NOT NULL,"
	"  description TEXT,"
	"  color TEXT,"
	"  time_zone TEXT NOT NULL,"
	"  all_day INTEGER NOT NULL,"
	"  start_local TEXT NOT NULL,"
	"  end_local TEXT NOT NULL,"
	"  start_at INTEGER NOT NULL,"
	"  end_at INTEGER NOT NULL,"
	"  recurrence TEXT,"
	"  remind_before INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  series_start INTEGER NOT NULL,"
	"  series_end INTEGER"
	");"
	"CREATE INDEX events_user_series ON events(user_id, series_start);",

	/* 3: notifications, daily questions and answers, job runs, the
	 * outbox and the account-lifecycle mail log. */
	"CREATE TABLE notifications ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 7),"
	"  content TEXT NOT NULL,"
	"  link TEXT,"
	"  day TEXT,"
	"  read_at INTEGER,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX notifications_user ON notifications(user_id, id);"
	"CREATE UNIQUE INDEX notifications_once_a_day ON "
	"notifications(user_id, type, day) WHERE day IS NOT NULL;"
	"CREATE INDEX notifications_created ON notifications(created_at);"
	"CREATE TABLE daily_questions ("
	"  id INTEGER PRIMARY KEY,"
	"  date TEXT NOT NULL UNIQUE,"
	"  question TEXT NOT NULL,"
	"  question_en TEXT NOT NULL,"
	"  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  deleted_at INTEGER"
	");"
	"CREATE TABLE daily_answers ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  question_id INTEGER NOT NULL REFERENCES daily_questions(id),"
	"  answer TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  deleted_at INTEGER"
	");"
	"CREATE UNIQUE INDEX daily_answers_once_a_day ON "
	"daily_answers(user_id, question_id, day);"
	"CREATE INDEX daily_answers_user ON daily_answers(user_id, status, "
	"created_at);"
	"CREATE TABLE job_runs ("
	"  job TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  finished_at INTEGER NOT NULL,"
	"  affected INTEGER NOT NULL,"
	"  PRIMARY KEY (job, day)"
	") WITHOUT ROWID;"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('MAIL', 'WEBHOOK')),"
	"  payload TEXT NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER NOT NULL,"
	"  delivered_at INTEGER,"
	"  last_error TEXT,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX outbox_due ON outbox(next_attempt_at) "
	"WHERE delivered_at IS NULL;"
	"CREATE TABLE lifecycle_mails ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  basis INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, kind, basis)"
	") WITHOUT ROWID;",

	/* 4: event reminders, each sent once per occurrence. */
	"CREATE TABLE event_reminders ("
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  occurrence_start INTEGER NOT NULL,"
	"  sent_at INTEGER NOT NULL,"
	"  PRIMARY KEY (event_id, occurrence_start)"
	") WITHOUT ROWID;"
	"CREATE INDEX events_reminding ON events(series_start) "
	"WHERE remind_before IS NOT NULL;",

	/* 5: places, their R*Tree, likes, reviews and reports. */
	"CREATE TABLE places ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  info TEXT,"
	"  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 9),"
	"  address TEXT NOT NULL,"
	"  latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),"
	"  longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),"
	"  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),"
	"  like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),"
	"  review_count INTEGER NOT NULL DEFAULT 0,"
	"  rating_sum INTEGER NOT NULL DEFAULT 0,"
	"  report_count_since_restore INTEGER NOT NULL DEFAULT 0,"
	"  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  source_key TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX places_source ON places(source_key) "
	"WHERE source_key IS NOT NULL;"
	"CREATE UNIQUE INDEX places_name_address ON places(name, address) "
	"WHERE status != 2;"
	"CREATE INDEX places_status_type ON places(status, type, id);"
	"CREATE INDEX places_status_id ON places(status, id);"
	"CREATE VIRTUAL TABLE places_geo USING rtree("
	"  id, min_lat, max_lat, min_lng, max_lng);"
	"CREATE TABLE place_likes ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, place_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX place_likes_place ON place_likes(place_id);"
	"CREATE TABLE place_reviews ("
	"  id INTEGER PRIMARY KEY,"
	"  place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  content TEXT NOT NULL,"
	"  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
	"  deleted_at INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX place_reviews_live ON place_reviews(place_id, "
	"user_id) WHERE deleted_at IS NULL;"
	"CREATE INDEX place_reviews_newest ON place_reviews(place_id, id);"
	"CREATE TABLE place_reports ("
	"  id INTEGER PRIMARY KEY,"
	"  place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  content TEXT NOT NULL,"
	"  valid INTEGER NOT NULL DEFAULT 1,"
	"  counted INTEGER NOT NULL DEFAULT 1,"
	"  admin_id INTEGER,"
	"  reason TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  UNIQUE (place_id, user_id)"
	");",

	/* 6: uploaded files (records; the bytes live in the blob store). */
	"CREATE TABLE files ("
	"  key TEXT PRIMARY KEY,"
	"  owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  purpose INTEGER NOT NULL CHECK (purpose BETWEEN 0 AND 5),"
	"  filename TEXT NOT NULL,"
	"  content_type TEXT NOT NULL,"
	"  declared_size INTEGER NOT NULL CHECK (declared_size > 0),"
	"  stored_size INTEGER,"
	"  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),"
	"  private INTEGER NOT NULL DEFAULT 1 CHECK (private IN (0, 1)),"
	"  chat_room_id INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  upload_expires_at INTEGER NOT NULL,"
	"  uploaded_at INTEGER,"
	"  attached_at INTEGER"
	") WITHOUT ROWID;"
	"CREATE INDEX files_unattached ON files(created_at) WHERE state < 3;"
	"CREATE INDEX files_owner ON files(owner_id);",

	/* 7: pets and their images (soft delete: deleted_at). */
	"CREATE TABLE pets ("
	"  id INTEGER PRIMARY KEY,"
	"  owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  size INTEGER NOT NULL CHECK (size BETWEEN 0 AND 2),"
	"  species TEXT NOT NULL,"
	"  gender TEXT,"
	"  birthday TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  deleted_at INTEGER"
	");"
	"CREATE INDEX pets_owner_live ON pets(owner_id, id) "
	"WHERE deleted_at IS NULL;"
	"CREATE TABLE pet_images ("
	"  id INTEGER PRIMARY KEY,"
	"  pet_id INTEGER NOT NULL REFERENCES pets(id) ON DELETE CASCADE,"
	"  file_key TEXT NOT NULL UNIQUE"
	"    REFERENCES files(key) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX pet_images_pet ON pet_images(pet_id, id);",

	/* 8: albums, one per owner per local calendar day, and their
	 * images. */
	"CREATE TABLE albums ("
	"  id INTEGER PRIMARY KEY,"
	"  owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  content TEXT,"
	"  visibility INTEGER NOT NULL CHECK (visibility IN (0, 1)),"
	"  local_date TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  UNIQUE (owner_id, local_date)"
	");"
	"CREATE INDEX albums_owner ON albums(owner_id, id);"
	"CREATE INDEX albums_public ON albums(id) WHERE visibility = 0;"
	"CREATE TABLE album_images ("
	"  id INTEGER PRIMARY KEY,"
	"  album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,"
	"  file_key TEXT NOT NULL UNIQUE"
	"    REFERENCES files(key) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX album_images_album ON album_images(album_id, id);",

	/* 9: pet D-days, each sent once per pet and day; events may name
	 * one of the owner's pets. */
	"CREATE TABLE pet_ddays ("
	"  pet_id INTEGER NOT NULL REFERENCES pets(id) ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"
	"  sent_at INTEGER NOT NULL,"
	"  PRIMARY KEY (pet_id, day)"
	") WITHOUT ROWID;"
	"CREATE INDEX pets_birthday ON pets(substr(birthday, 6, 5)) "
	"WHERE deleted_at IS NULL AND birthday IS NOT NULL;"
	"ALTER TABLE events ADD COLUMN pet_id INTEGER "
	"REFERENCES pets(id) ON DELETE SET NULL;",

	/* 10: images of places (public catalogue photos). */
	"CREATE TABLE place_images ("
	"  id INTEGER PRIMARY KEY,"
	"  place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,"
	"  file_key TEXT NOT NULL UNIQUE"
	"    REFERENCES files(key) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX place_images_place ON place_images(place_id, id);",

	/* 11: owner boards, their images, comments and a trigram FTS5 index
	 * of title and content kept in step by triggers; trade boards.  Writers
	 * are SET NULL when an account is hard-deleted: posts outlive them. */
	"CREATE TABLE owner_boards ("
	"  id INTEGER PRIMARY KEY,"
	"  writer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  title TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  comment_count INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  deleted_at INTEGER"
	");"
	"CREATE INDEX owner_boards_live ON owner_boards(id) "
	"WHERE deleted_at IS NULL;"
	"CREATE INDEX owner_boards_writer ON owner_boards(writer_id);"
	"CREATE VIRTUAL TABLE owner_boards_fts USING fts5(title, content, "
	"content='owner_boards', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER owner_boards_fts_ai AFTER INSERT ON owner_boards BEGIN "
	"INSERT INTO owner_boards_fts(rowid, title, content) "
	"VALUES(new.id, new.title, new.content); END;"
	"CREATE TRIGGER owner_boards_fts_ad AFTER DELETE ON owner_boards BEGIN "
	"INSERT INTO owner_boards_fts(owner_boards_fts, rowid, title, content) "
	"VALUES('delete', old.id, old.title, old.content); END;"
	"CREATE TRIGGER owner_boards_fts_au AFTER UPDATE OF title, content ON "
	"owner_boards BEGIN "
	"INSERT INTO owner_boards_fts(owner_boards_fts, rowid, title, content) "
	"VALUES('delete', old.id, old.title, old.content); "
	"INSERT INTO owner_boards_fts(rowid, title, content) "
	"VALUES(new.id, new.title, new.content); END;"
	"CREATE TABLE owner_board_images ("
	"  id INTEGER PRIMARY KEY,"
	"  post_id INTEGER NOT NULL REFERENCES owner_boards(id) "
	"    ON DELETE CASCADE,"
	"  file_key TEXT NOT NULL UNIQUE"
	"    REFERENCES files(key) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX owner_board_images_post ON owner_board_images(post_id, "
	"id);"
	"CREATE TABLE owner_board_comments ("
	"  id INTEGER PRIMARY KEY,"
	"  post_id INTEGER NOT NULL REFERENCES owner_boards(id) "
	"    ON DELETE CASCADE,"
	"  writer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  content TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX owner_board_comments_post ON "
	"owner_board_comments(post_id, id);"
	"CREATE INDEX owner_board_comments_writer ON "
	"owner_board_comments(writer_id);"
	/* The trade board: status 0 FOR_SALE, 1 RESERVED, 2 SOLD_OUT,
	 * 3 HIDDEN, 4 DELETED (final). */
	"CREATE TABLE trade_boards ("
	"  id INTEGER PRIMARY KEY,"
	"  seller_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  category INTEGER NOT NULL CHECK (category BETWEEN 0 AND 6),"
	"  title TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  price INTEGER NOT NULL CHECK (price BETWEEN 0 AND 100000000),"
	"  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 4),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX trade_boards_public ON trade_boards(id) "
	"WHERE status IN (0, 1, 2);"
	"CREATE INDEX trade_boards_seller ON trade_boards(seller_id, id);"
	"CREATE TABLE trade_board_images ("
	"  id INTEGER PRIMARY KEY,"
	"  post_id INTEGER NOT NULL REFERENCES trade_boards(id) "
	"    ON DELETE CASCADE,"
	"  file_key TEXT NOT NULL UNIQUE"
	"    REFERENCES files(key) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX trade_board_images_post ON trade_board_images(post_id, "
	"id);",
	/* 12: chat rooms, their members and messages.  A room is unique per
	 * (listing, buyer); a member row carries the member's hidden flag,
	 * read mark and unread count, so lists need no count per row.  A
	 * client_msg_id is unique per (room, sender). */
	"CREATE TABLE chat_rooms ("
	"  id INTEGER PRIMARY KEY,"
	"  trade_board_id INTEGER NOT NULL REFERENCES trade_boards(id) "
	"    ON DELETE CASCADE,"
	"  seller_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  customer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  last_message_id INTEGER NOT NULL DEFAULT 0,"
	"  activity_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX chat_rooms_once ON chat_rooms(trade_board_id, "
	"customer_id);"
	"CREATE TABLE chat_members ("
	"  room_id INTEGER NOT NULL REFERENCES chat_rooms(id) "
	"    ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  hidden INTEGER NOT NULL DEFAULT 0,"
	"  last_read_id INTEGER NOT NULL DEFAULT 0,"
	"  unread INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (room_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX chat_members_user ON chat_members(user_id, hidden);"
	"CREATE TABLE chat_messages ("
	"  id INTEGER PRIMARY KEY,"
	"  room_id INTEGER NOT NULL REFERENCES chat_rooms(id) "
	"    ON DELETE CASCADE,"
	"  sender_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 1),"
	"  content TEXT NOT NULL,"
	"  client_msg_id TEXT,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX chat_messages_room ON chat_messages(room_id, id);"
	"CREATE UNIQUE INDEX chat_messages_client ON chat_messages(room_id, "
	"sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;",
	/* 13: the place ranking is read from places (store/sqlite/
	 * place_rank.c), each board in index order; the boards table that
	 * mirrored like_count goes. */
	"CREATE INDEX places_rank_all ON places(status, like_count DESC, id);"
	"CREATE INDEX places_rank_type ON places(type, status, "
	"like_count DESC, id);"
	"DROP TABLE rank_scores;",
	/* 14: email verification and password reset.  Accounts without a
	 * password were made by Google, which vouched for the address: they
	 * start verified.  account_tokens keeps only the SHA-256 of each
	 * single-use token (a verification or reset link). */
	"ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL "
	"DEFAULT 0 CHECK (email_verified IN (0, 1));"
	"UPDATE users SET email_verified = 1 WHERE password_hash IS NULL;"
	"CREATE TABLE account_tokens ("
	"  hash BLOB PRIMARY KEY,"
	"  purpose INTEGER NOT NULL,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  expires_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);"
	"CREATE INDEX account_tokens_expiry ON account_tokens(expires_at);",

	/* 15: an OAuth2 login
	 * attempt is bound to the browser that began it (the hash of its
	 * cookie nonce; the unbound attempts in flight are dropped), and
	 * the callback hands the browser a single-use login code, kept as
	 * a hash.  Both expire; expires_at indexes serve the purges. */
	"DELETE FROM oauth_states;"
	"ALTER TABLE oauth_states ADD COLUMN browser_hash BLOB;"
	"CREATE INDEX oauth_states_expiry ON oauth_states(expires_at);"
	"CREATE TABLE oauth_login_codes ("
	"  hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX oauth_login_codes_expiry ON "
	"oauth_login_codes(expires_at);"
	"CREATE INDEX oauth_login_codes_user ON oauth_login_codes(user_id);",

	/* 16: the growth diary, one record per pet and date.
	 * Weights are hundredths of a kilogram, lengths millimetres (NULL:
	 * none), both integers so that values round-trip exactly. */
	"CREATE TABLE pet_growth ("
	"  id INTEGER PRIMARY KEY,"
	"  pet_id INTEGER NOT NULL REFERENCES pets(id) ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"
	"  weight_cg INTEGER NOT NULL CHECK (weight_cg BETWEEN 1 AND 20000),"
	"  length_mm INTEGER CHECK (length_mm BETWEEN 1 AND 3000),"
	"  note TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  UNIQUE (pet_id, day)"
	");",

	/* 17 (issue 13): lost-pet alerts.  notifications is rebuilt for the
	 * type LOST_PET (8): a CHECK cannot be altered in SQLite.
	 * alert_areas_geo holds each area's bounding box
	 * (store/sqlite/lost_pet.c: two parts when the box crosses the
	 * antimeridian, ids user_id * 2 + part). */
	"CREATE TABLE notifications_next ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 8),"
	"  content TEXT NOT NULL,"
	"  link TEXT,"
	"  day TEXT,"
	"  read_at INTEGER,"
	"  created_at INTEGER NOT NULL"
	");"
	"INSERT INTO notifications_next(id, user_id, type, content, link, day,"
	" read_at, created_at) SELECT id, user_id, type, content, link, day,"
	" read_at, created_at FROM notifications;"
	"DROP TABLE notifications;"
	"ALTER TABLE notifications_next RENAME TO notifications;"
	"CREATE INDEX notifications_user ON notifications(user_id, id);"
	"CREATE UNIQUE INDEX notifications_once_a_day ON "
	"notifications(user_id, type, day) WHERE day IS NOT NULL;"
	"CREATE INDEX notifications_created ON notifications(created_at);"
	"CREATE TABLE alert_areas ("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	"  latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),"
	"  longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),"
	"  radius_m INTEGER NOT NULL CHECK (radius_m BETWEEN 100 AND 10000),"
	"  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE VIRTUAL TABLE alert_areas_geo USING rtree("
	"  id, min_lat, max_lat, min_lng, max_lng);"
	"CREATE TRIGGER alert_areas_geo_gone AFTER DELETE ON alert_areas "
	"BEGIN DELETE FROM alert_areas_geo WHERE id IN "
	"(old.user_id * 2, old.user_id * 2 + 1); END;"
	"CREATE TABLE lost_pets ("
	"  id INTEGER PRIMARY KEY,"
	"  pet_id INTEGER NOT NULL REFERENCES pets(id) ON DELETE CASCADE,"
	"  owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),"
	"  last_seen_at INTEGER NOT NULL,"
	"  latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),"
	"  longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),"
	"  description TEXT NOT NULL,"
	"  contact TEXT,"
	"  alerted_count INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  closed_at INTEGER"
	");"
	"CREATE UNIQUE INDEX lost_pets_one_lost ON lost_pets(pet_id) "
	"WHERE status = 0;"
	"CREATE INDEX lost_pets_lost_lat ON lost_pets(latitude) "
	"WHERE status = 0;"
	"CREATE INDEX lost_pets_owner ON lost_pets(owner_id, id);"
	"CREATE TABLE lost_pet_alerted ("
	"  alert_id INTEGER NOT NULL REFERENCES lost_pets(id) ON DELETE "
	"CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (alert_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX lost_pet_alerted_user ON lost_pet_alerted(user_id);"
	"CREATE TABLE lost_pet_sightings ("
	"  id INTEGER PRIMARY KEY,"
	"  alert_id INTEGER NOT NULL REFERENCES lost_pets(id) ON DELETE "
	"CASCADE,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  latitude REAL NOT NULL,"
	"  longitude REAL NOT NULL,"
	"  seen_at INTEGER NOT NULL,"
	"  note TEXT,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX lost_pet_sightings_alert ON lost_pet_sightings(alert_id, "
	"id);"
	"CREATE TABLE lost_pet_images ("
	"  id INTEGER PRIMARY KEY,"
	"  alert_id INTEGER NOT NULL REFERENCES lost_pets(id) ON DELETE "
	"CASCADE,"
	"  sighting_id INTEGER REFERENCES lost_pet_sightings(id) "
	"    ON DELETE CASCADE,"
	"  file_key TEXT NOT NULL UNIQUE"
	"    REFERENCES files(key) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX lost_pet_images_alert ON lost_pet_images(alert_id, id);"
	"CREATE INDEX lost_pet_images_sighting ON "
	"lost_pet_images(sighting_id);",
};

#define STEP_COUNT ((int)(sizeof(steps) / sizeof(steps[0])))

int petory__migrations_latest(void)
{
	return STEP_COUNT;
}

int petory_schema_version_supported(void)
{
	return STEP_COUNT;
}

static int read_version(petory__conn *conn, int *out)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(
		conn->db, "PRAGMA user_version", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return petory__sqlite_error(conn, rc, "read user_version");
	rc = sqlite3_step(stmt);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW
		       ? 0
		       : petory__sqlite_error(conn, rc, "user_version");
}

static int apply_step(petory__conn *conn, int number)
{
	char bump[64];
	int error, rc;
	if ((error = petory__tx_begin(conn)) < 0)
		return error;
	/* Another process may have applied it while we waited. */
	int current;
	if ((error = read_version(conn, &current)) == 0 && current < number) {
		rc = sqlite3_exec(
			conn->db, steps[number - 1], NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			error = petory__sqlite_error(conn, rc, "migration");
		snprintf(
			bump, sizeof(bump), "PRAGMA user_version = %d", number);
		if (!error && (rc = sqlite3_exec(conn->db, bump, NULL, NULL,
				       NULL)) != SQLITE_OK)
			error = petory__sqlite_error(conn, rc, bump);
	}
	return petory__tx_end(conn, error);
}

int petory__migrate(petory__conn *conn, int *version_out)
{
	int version, error, i;
	if ((error = read_version(conn, &version)) < 0)
		return error;
	if (version > STEP_COUNT)
		return petory_error_set(PETORY_EVERSION, NULL,
			"the database has schema version %d but this petory "
			"(%s) knows only up to %d: upgrade petory",
			version, PETORY_VERSION_STRING, STEP_COUNT);
	for (i = version + 1; i <= STEP_COUNT; i++) {
		if ((error = apply_step(conn, i)) < 0)
			return error;
		petory__log(PETORY_LOG_INFO, "applied schema step %d", i);
	}
	*version_out = STEP_COUNT;
	return 0;
}
