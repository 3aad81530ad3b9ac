/* pool.c -- the SQLite connection pool: WAL, synchronous=NORMAL, foreign
 * keys, busy_timeout, and statements prepared once per connection.
 *
 * Invariants: every connection is either on the free stack or held by
 * exactly one caller; a released connection has no open transaction and
 * no statement left running (petory__conn_release rolls back and resets
 * defensively, logging the leak).
 *
 * The database file holds the installation's signing keys and session
 * ids, so it is readable by its owner only: a new file is created 0600
 * before SQLite opens it (SQLite gives its -wal and -shm files the main
 * file's mode), and an existing file, -wal or -shm that group or others
 * may read is set to 0600 with a warning naming the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/sqlite/sqlite_internal.h"

struct petory__pool {
	pthread_mutex_t lock;
	pthread_cond_t available;
	petory__conn *conns;
	size_t count;
	size_t *free_stack;
	size_t free_count;
	/* statistics, under lock */
	uint64_t uses;
	uint64_t busy_ns;
	uint64_t wait_ns;
};

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *const statement_sql[PETORY__STMT_COUNT] = {
#define PETORY__STMT_SQL(id, sql) sql,
	PETORY__SQL_ALL(PETORY__STMT_SQL)
#undef PETORY__STMT_SQL
};

int petory__sqlite_error(petory__conn *conn, int rc, const char *what)
{
	return petory__sqlite_handle_error(conn ? conn->db : NULL, rc, what);
}

int petory__sqlite_handle_error(sqlite3 *h, int rc, const char *what)
{
	int primary = rc & 0xff;
	petory__log(PETORY_LOG_ERROR, "sqlite: %s: %s (%d)", what,
		h ? sqlite3_errmsg(h) : sqlite3_errstr(rc), rc);
	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return petory_error_set(PETORY_EEXISTS, NULL, "already exists");
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return petory_error_set(
			PETORY_EBUSY, NULL, "the database is busy; try again");
	if (primary == SQLITE_NOMEM)
		return petory__error_oom();
	return petory_error_set(PETORY_EBACKEND, NULL, "storage failure");
}

sqlite3_stmt *petory__stmt(petory__conn *conn, petory__stmt_id id)
{
	int rc;
	/* every statement a method runs passes here: tests fail the k-th */
	if (petory__fault_point("sqlite.stmt") < 0)
		return NULL;
	if (conn->stmts[id])
		return conn->stmts[id];
	rc = sqlite3_prepare_v3(conn->db, statement_sql[id], -1,
		SQLITE_PREPARE_PERSISTENT, &conn->stmts[id], NULL);
	if (rc != SQLITE_OK) {
		petory__sqlite_error(conn, rc, "prepare");
		conn->stmts[id] = NULL;
	}
	return conn->stmts[id];
}

void petory__stmt_done(sqlite3_stmt *stmt)
{
	if (stmt) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
}

int petory__step_done(petory__conn *conn, sqlite3_stmt *stmt, int expect_change)
{
	int rc = sqlite3_step(stmt);
	int error = 0;
	if (rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, sqlite3_sql(stmt));
	else if (expect_change && sqlite3_changes(conn->db) == 0)
		error = PETORY_ENOTFOUND;
	petory__stmt_done(stmt);
	return error;
}

static int exec(petory__conn *conn, const char *sql)
{
	int rc = sqlite3_exec(conn->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : petory__sqlite_error(conn, rc, sql);
}

int petory__tx_begin(petory__conn *conn)
{
	return exec(conn, "BEGIN IMMEDIATE");
}

int petory__tx_end(petory__conn *conn, int error)
{
	/* a fault at the commit point: the whole transaction rolls back */
	if (error == 0)
		error = petory__fault_point("sqlite.stmt");
	if (error == 0) {
		int rc = sqlite3_exec(conn->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		error = petory__sqlite_error(conn, rc, "COMMIT");
	}
	if (!sqlite3_get_autocommit(conn->db))
		sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
	return error;
}

char *petory__column_strdup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? strdup((const char *)s) : NULL;
}

int petory__column_text(char **out, sqlite3_stmt *stmt, int col)
{
	*out = petory__column_strdup(stmt, col);
	if (!*out && sqlite3_column_type(stmt, col) != SQLITE_NULL)
		return petory__error_oom();
	return 0;
}

int petory__bind_text_or_null(sqlite3_stmt *stmt, int idx, const char *s)
{
	return s ? sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT)
		 : sqlite3_bind_null(stmt, idx);
}

/* Set path (when it exists) to owner-only, warning when it was not. */
static void tighten_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		(st.st_mode & 077) == 0)
		return;
	if (chmod(path, st.st_mode & 0600) == 0)
		petory__log(PETORY_LOG_WARN,
			"sqlite: %s was readable by group or others (mode "
			"%03o); its mode is now 0600",
			path, (unsigned)(st.st_mode & 0777));
	else
		petory__log(PETORY_LOG_WARN,
			"sqlite: %s is readable by group or others (mode "
			"%03o) and its mode cannot be set to 0600: %s",
			path, (unsigned)(st.st_mode & 0777), strerror(errno));
}

/* Before SQLite opens path: create it 0600 when asked to and absent, and
 * make the file and its -wal and -shm owner-only.  A URI or in-memory
 * name is left to SQLite. */
static int private_database_file(const char *path, int create)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char name[4096];
	size_t i;
	if (!path[0] || path[0] == ':' || strncmp(path, "file:", 5) == 0)
		return 0;
	if (create) {
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			S_IRUSR | S_IWUSR);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return petory_error_set(PETORY_EUNAVAILABLE, NULL,
				"cannot create database %s: %s", path,
				strerror(errno));
	}
	for (i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++)
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path,
			    suffixes[i]) < sizeof(name))
			tighten_mode(name);
	return 0;
}

static int conn_open(petory__conn *conn, const char *path, int create)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	else if (access(path, F_OK) != 0)
		return petory_error_set(PETORY_ENOTFOUND, NULL,
			"database %s does not exist (run 'petoryctl init')",
			path);
	rc = sqlite3_open_v2(path, &conn->db, flags, NULL);
	if (rc != SQLITE_OK) {
		petory__log(PETORY_LOG_ERROR, "sqlite: open %s: %s", path,
			conn->db ? sqlite3_errmsg(conn->db)
				 : sqlite3_errstr(rc));
		return petory_error_set(PETORY_EUNAVAILABLE, NULL,
			"cannot open database %s", path);
	}
	sqlite3_extended_result_codes(conn->db, 1);
	sqlite3_busy_timeout(conn->db, 5000);
	return exec(conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			  " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY");
}

static void conn_close(petory__conn *conn)
{
	size_t i;
	for (i = 0; i < PETORY__STMT_COUNT; i++)
		sqlite3_finalize(conn->stmts[i]);
	memset(conn->stmts, 0, sizeof(conn->stmts));
	sqlite3_close(conn->db);
	conn->db = NULL;
}

int petory__sqlite_open_pool(petory *db)
{
	petory__pool *pool;
	size_t i;
	int error;

	if (sqlite3_threadsafe() == 0)
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"SQLite was built without thread support");
	if (!(pool = calloc(1, sizeof(*pool))))
		return petory__error_oom();
	pool->count = db->cfg.pool_size;
	pool->conns = calloc(pool->count, sizeof(*pool->conns));
	pool->free_stack = calloc(pool->count, sizeof(*pool->free_stack));
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->available, NULL);
	db->pool = pool;
	if (!pool->conns || !pool->free_stack)
		return petory__error_oom();

	/* The first connection creates and migrates; the others only open. */
	if ((error = private_database_file(db->cfg.db_path, db->cfg.create)) <
			0 ||
		(error = conn_open(&pool->conns[0], db->cfg.db_path,
			 db->cfg.create)) < 0 ||
		(error = petory__migrate(
			 &pool->conns[0], &db->schema_version)) < 0)
		return error;
	for (i = 1; i < pool->count; i++)
		if ((error = conn_open(&pool->conns[i], db->cfg.db_path, 0)) <
			0)
			return error;
	for (i = 0; i < pool->count; i++)
		pool->free_stack[pool->free_count++] = pool->count - 1 - i;
	return 0;
}

void petory__sqlite_close_pool(petory *db)
{
	petory__pool *pool = db->pool;
	size_t i;
	if (!pool)
		return;
	if (pool->conns) {
		/* Close the first connection last: as the last connection
		 * to the file it checkpoints and removes the WAL. */
		for (i = pool->count; i-- > 0;)
			if (pool->conns[i].db)
				conn_close(&pool->conns[i]);
	}
	pthread_cond_destroy(&pool->available);
	pthread_mutex_destroy(&pool->lock);
	free(pool->conns);
	free(pool->free_stack);
	free(pool);
	db->pool = NULL;
}

int petory__conn_acquire(petory *db, petory__conn **out)
{
	petory__pool *pool = db->pool;
	int64_t asked = monotonic_ns(), now;
	pthread_mutex_lock(&pool->lock);
	while (pool->free_count == 0)
		pthread_cond_wait(&pool->available, &pool->lock);
	*out = &pool->conns[pool->free_stack[--pool->free_count]];
	now = monotonic_ns();
	pool->uses++;
	pool->wait_ns += (uint64_t)(now - asked);
	pthread_mutex_unlock(&pool->lock);
	(*out)->acquired_ns = now;
	return 0;
}

void petory__pool_stats(petory *db, petory_stats *out)
{
	petory__pool *pool = db->pool;
	memset(out, 0, sizeof(*out));
	if (!pool)
		return;
	pthread_mutex_lock(&pool->lock);
	out->db_uses = pool->uses;
	out->db_busy_us = pool->busy_ns / 1000;
	out->db_wait_us = pool->wait_ns / 1000;
	out->db_connections = pool->count;
	out->db_connections_free = pool->free_count;
	pthread_mutex_unlock(&pool->lock);
}

void petory__conn_release(petory *db, petory__conn *conn)
{
	petory__pool *pool = db->pool;
	int64_t held;
	if (!sqlite3_get_autocommit(conn->db)) {
		petory__log(PETORY_LOG_ERROR,
			"sqlite: connection released inside a transaction");
		sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
	}
	held = monotonic_ns() - conn->acquired_ns;
	pthread_mutex_lock(&pool->lock);
	pool->busy_ns += (uint64_t)held;
	pool->free_stack[pool->free_count++] = (size_t)(conn - pool->conns);
	pthread_cond_signal(&pool->available);
	pthread_mutex_unlock(&pool->lock);
}
