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

	/* 2: uploaded files (records; the bytes live in the blob store). */
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

	/* 3: pets and their images (soft delete: deleted_at). */
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

	/* 4: albums, one per owner per local calendar day, and their
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
		return petory_error_set(PETORY_EVERSION, "DATABASE_TOO_NEW",
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
