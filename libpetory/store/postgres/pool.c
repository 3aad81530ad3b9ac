/* pool.c -- the PostgreSQL connection pool: the URL (parsed by libpq),
 * lazy connections remade after they die, statements prepared once per
 * connection, transactions and their retries, and the one error mapping.
 *
 * Invariants: every connection is either on the free stack or held by
 * exactly one caller; a connection on the free stack has no transaction
 * open (petory__pg_release rolls back defensively, logging the leak) and
 * is either connected or marked to be reconnected by its next user;
 * conn->prepared[id] is true only for statements prepared on conn->pg as
 * it is now (a reconnect clears them).  The URL's password lives only in
 * libpq's parsed options: messages and logs name the redacted URL or
 * HOST:PORT.  Nothing here sets an API reason string.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/postgres/postgres_internal.h"

#define UNAVAILABLE "the database is unavailable"

struct petory__pg_pool {
	/* Owners: the stores sharing the pool, and the handle (its stats).
	 * petory__pg_close drops one; the last one closes the pool. */
	atomic_uint refs;
	pthread_mutex_t lock;
	pthread_cond_t available;
	petory__pg_conn *conns;
	size_t count;
	size_t *free_stack;
	size_t free_count;
	/* The parsed URL, and the keyword/value arrays given to libpq (they
	 * point into options, or at constants). */
	PQconninfoOption *options;
	const char **keywords;
	const char **values;
	char *redacted;  /* postgres://USER[:***]@HOST:PORT/DB */
	char where[256]; /* HOST:PORT of the URL, for messages */
	int schema_version;
	/* statistics, under lock */
	uint64_t uses;
	uint64_t busy_ns;
	uint64_t wait_ns;
};

static const char *const statement_sql[PETORY__PG_STMT_COUNT] = {
#define PETORY__PG_STMT_SQL(id, sql) sql,
	PETORY__PG_SQL_ALL(PETORY__PG_STMT_SQL)
#undef PETORY__PG_STMT_SQL
};

static const char *const statement_name[PETORY__PG_STMT_COUNT] = {
#define PETORY__PG_STMT_NAME(id, sql) #id,
	PETORY__PG_SQL_ALL(PETORY__PG_STMT_NAME)
#undef PETORY__PG_STMT_NAME
};

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *petory__pg_stmt_name(petory__pg_stmt_id id)
{
	return (unsigned)id < PETORY__PG_STMT_COUNT ? statement_name[id] : "?";
}

/* ---- the URL ---- */

static const char *option(const PQconninfoOption *o, const char *keyword)
{
	for (; o && o->keyword; o++)
		if (strcmp(o->keyword, keyword) == 0)
			return o->val && o->val[0] ? o->val : NULL;
	return NULL;
}

/* libpq's message, first line only, and cut before any quoted copy of
 * the input (libpq quotes the URL or a piece of it, which may hold the
 * password). */
static void clean_libpq_message(char *out, size_t size, const char *msg)
{
	size_t n;
	const char *quote;
	if (!msg)
		msg = "";
	n = strcspn(msg, "\n");
	if ((quote = strstr(msg, ": \"")) && (size_t)(quote - msg) < n)
		n = (size_t)(quote - msg);
	while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
		n--;
	snprintf(out, size, "%.*s", (int)n, msg);
}

/* Every port of a (comma-separated) port list is empty or 1..65535.
 * libpq parses them only when it connects. */
static bool ports_valid(const char *ports)
{
	const char *p = ports;
	while (p && *p) {
		size_t n = strcspn(p, ",");
		if (n > 0) {
			long v = 0;
			size_t i;
			if (n > 5)
				return false;
			for (i = 0; i < n; i++) {
				if (p[i] < '0' || p[i] > '9')
					return false;
				v = v * 10 + (p[i] - '0');
			}
			if (v < 1 || v > 65535)
				return false;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return true;
}

static int build_redacted(petory__pg_pool *pool)
{
	const PQconninfoOption *o = pool->options;
	const char *user = option(o, "user"), *host = option(o, "host");
	const char *port = option(o, "port"), *dbname = option(o, "dbname");
	bool password = option(o, "password") != NULL;
	bool bracket;
	size_t size;
	if (!host)
		host = option(o, "hostaddr");
	bracket = host && host[0] != '/' && strchr(host, ':') &&
		  !strchr(host, ',');
	size = 64 + (user ? strlen(user) : 0) + (host ? strlen(host) : 0) +
	       (port ? strlen(port) : 0) + (dbname ? strlen(dbname) : 0);
	if (!(pool->redacted = malloc(size)))
		return petory__error_oom();
	snprintf(pool->redacted, size, "postgres://%s%s%s%s%s%s%s%s/%s",
		user ? user : "", password ? ":***" : "",
		user || password ? "@" : "", bracket ? "[" : "",
		host ? host : "", bracket ? "]" : "", port ? ":" : "",
		port ? port : "", dbname ? dbname : "");
	snprintf(pool->where, sizeof(pool->where), "%s:%s",
		host ? host : "localhost", port ? port : "5432");
	return 0;
}

static int parse_url(petory__pg_pool *pool, const char *url)
{
	char *errmsg = NULL, why[256];
	const PQconninfoOption *o;
	size_t n = 0;
	if (!url || (strncmp(url, "postgres://", 11) != 0 &&
			    strncmp(url, "postgresql://", 13) != 0))
		return petory_error_set(PETORY_EINVALID, NULL,
			"not a PostgreSQL URL: expected "
			"postgres://USER@HOST:PORT/DATABASE");
	if (!(pool->options = PQconninfoParse(url, &errmsg))) {
		if (!errmsg)
			return petory__error_oom();
		clean_libpq_message(why, sizeof(why), errmsg);
		PQfreemem(errmsg);
		return petory_error_set(PETORY_EINVALID, NULL,
			"invalid PostgreSQL URL: %s", why);
	}
	if (!ports_valid(option(pool->options, "port")))
		return petory_error_set(PETORY_EINVALID, NULL,
			"invalid PostgreSQL URL: the port must be a number "
			"from 1 to 65535");
	for (o = pool->options; o->keyword; o++)
		n++;
	/* The given options, then our defaults for those not given, then
	 * the terminating NULL. */
	pool->keywords = calloc(n + 4, sizeof(*pool->keywords));
	pool->values = calloc(n + 4, sizeof(*pool->values));
	if (!pool->keywords || !pool->values)
		return petory__error_oom();
	n = 0;
	for (o = pool->options; o->keyword; o++)
		if (o->val && o->val[0]) {
			pool->keywords[n] = o->keyword;
			pool->values[n++] = o->val;
		}
	pool->keywords[n] = "fallback_application_name";
	pool->values[n++] = "petory";
	if (!option(pool->options, "connect_timeout")) {
		pool->keywords[n] = "connect_timeout";
		pool->values[n++] = "10";
	}
	if (!option(pool->options, "client_encoding")) {
		pool->keywords[n] = "client_encoding";
		pool->values[n++] = "UTF8";
	}
	return build_redacted(pool);
}

const char *petory__pg_redacted_url(const petory__pg_pool *pool)
{
	return pool->redacted;
}

/* ---- connections ---- */

static void notice_log(void *arg, const char *message)
{
	int n = (int)strcspn(message, "\n");
	(void)arg;
	petory__log(PETORY_LOG_DEBUG, "postgres: %.*s", n, message);
}

/* The reason of a failed connection: libpq's first line, after its
 * "connection to server at ... failed: " preamble. */
static void connect_reason(char *out, size_t size, const char *msg)
{
	const char *failed;
	size_t n;
	if (!msg)
		msg = "";
	n = strcspn(msg, "\n");
	if ((failed = strstr(msg, "failed: ")) && (size_t)(failed - msg) < n) {
		n -= (size_t)(failed + 8 - msg);
		msg = failed + 8;
	}
	snprintf(out, size, "%.*s", (int)n, msg);
}

static void conn_drop(petory__pg_conn *conn)
{
	if (conn->pg)
		PQfinish(conn->pg);
	conn->pg = NULL;
	memset(conn->prepared, 0, sizeof(conn->prepared));
	conn->broken = true;
}

/* (Re)connect conn.  At open a failure names HOST:PORT and why; later it
 * is "the database is unavailable" (the details go to the log). */
static int conn_connect(petory__pg_conn *conn, bool at_open)
{
	petory__pg_pool *pool = conn->pool;
	const char *encoding, *host, *port;
	char why[256], where[300];
	conn_drop(conn);
	conn->pg = PQconnectdbParams(pool->keywords, pool->values, 0);
	if (!conn->pg)
		return petory__error_oom();
	if (PQstatus(conn->pg) != CONNECTION_OK) {
		connect_reason(why, sizeof(why), PQerrorMessage(conn->pg));
		host = PQhost(conn->pg);
		port = PQport(conn->pg);
		if (host && host[0] && port && port[0])
			snprintf(where, sizeof(where), "%s:%s", host, port);
		else
			snprintf(where, sizeof(where), "%s", pool->where);
		petory__log(PETORY_LOG_ERROR,
			"postgres: cannot connect to %s (%s): %s", where,
			pool->redacted, why);
		conn_drop(conn);
		if (at_open)
			return petory_error_set(PETORY_EUNAVAILABLE, NULL,
				"cannot connect to PostgreSQL at %s: %s", where,
				why);
		return petory_error_set(PETORY_EUNAVAILABLE, NULL, UNAVAILABLE);
	}
	PQsetNoticeProcessor(conn->pg, notice_log, NULL);
	encoding = PQparameterStatus(conn->pg, "server_encoding");
	if (!encoding || strcmp(encoding, "UTF8") != 0) {
		petory_error_set(PETORY_EBACKEND, NULL,
			"the PostgreSQL database %s is encoded in %s; PETORY "
			"needs a UTF8 database",
			pool->redacted,
			encoding ? encoding : "an unknown encoding");
		conn_drop(conn);
		return PETORY_EBACKEND;
	}
	conn->broken = false;
	return 0;
}

/* Is an idle connection still there?  A server that went away closed the
 * socket (after a last error message): read what is pending, and libpq
 * notices the end. */
static bool conn_alive(petory__pg_conn *conn)
{
	struct pollfd p;
	int i;
	if (!conn->pg || conn->broken || PQstatus(conn->pg) != CONNECTION_OK)
		return false;
	p.fd = PQsocket(conn->pg);
	p.events = POLLIN;
	if (p.fd < 0)
		return false;
	for (i = 0; i < 4; i++) {
		PGnotify *n;
		p.revents = 0;
		if (poll(&p, 1, 0) <= 0)
			return true;
		if (!PQconsumeInput(conn->pg) ||
			PQstatus(conn->pg) != CONNECTION_OK)
			return false;
		while ((n = PQnotifies(conn->pg)))
			PQfreemem(n);
	}
	return PQstatus(conn->pg) == CONNECTION_OK;
}

int petory__pg_acquire(petory__pg_pool *pool, petory__pg_conn **out)
{
	petory__pg_conn *conn;
	int64_t asked = monotonic_ns(), now;
	int error;
	*out = NULL;
	pthread_mutex_lock(&pool->lock);
	while (pool->free_count == 0)
		pthread_cond_wait(&pool->available, &pool->lock);
	conn = &pool->conns[pool->free_stack[--pool->free_count]];
	now = monotonic_ns();
	pool->uses++;
	pool->wait_ns += (uint64_t)(now - asked);
	pthread_mutex_unlock(&pool->lock);
	conn->acquired_ns = now;
	if (!conn_alive(conn)) {
		if (conn->pg)
			petory__log(PETORY_LOG_WARN,
				"postgres: a connection to %s was lost; "
				"reconnecting",
				pool->redacted);
		if ((error = conn_connect(conn, false)) < 0) {
			petory__pg_release(pool, conn);
			return error;
		}
	}
	*out = conn;
	return 0;
}

void petory__pg_release(petory__pg_pool *pool, petory__pg_conn *conn)
{
	int64_t held;
	if (conn->pg && PQstatus(conn->pg) == CONNECTION_OK) {
		PGTransactionStatusType ts = PQtransactionStatus(conn->pg);
		if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
			PGresult *r;
			petory__log(PETORY_LOG_ERROR,
				"postgres: connection released inside a "
				"transaction");
			r = PQexec(conn->pg, "ROLLBACK");
			if (PQresultStatus(r) != PGRES_COMMAND_OK)
				conn->broken = true;
			PQclear(r);
		} else if (ts != PQTRANS_IDLE) {
			conn->broken = true;
		}
	} else {
		conn->broken = true;
	}
	held = monotonic_ns() - conn->acquired_ns;
	pthread_mutex_lock(&pool->lock);
	pool->busy_ns += (uint64_t)held;
	pool->free_stack[pool->free_count++] = (size_t)(conn - pool->conns);
	pthread_cond_signal(&pool->available);
	pthread_mutex_unlock(&pool->lock);
}

void petory__pg_pool_stats(petory__pg_pool *pool, petory_stats *out)
{
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

int petory__pg_schema_version(const petory__pg_pool *pool)
{
	return pool->schema_version;
}

/* ---- errors ---- */

static bool state_is(const char *state, const char *code)
{
	return state && strcmp(state, code) == 0;
}

int petory__pg_error(petory__pg_conn *conn, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary =
		r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	bool connected =
		conn && conn->pg && PQstatus(conn->pg) == CONNECTION_OK;
	char msg[256];
	if (!primary)
		primary = r                  ? PQresultErrorMessage(r)
			  : conn && conn->pg ? PQerrorMessage(conn->pg)
					     : "not connected";
	clean_libpq_message(msg, sizeof(msg), primary);
	if (conn)
		snprintf(conn->sqlstate, sizeof(conn->sqlstate), "%s",
			state ? state : "");
	/* Lost: the socket is gone, or the server said it is going
	 * (class 08 connection exceptions, 57P01..03 shutdowns). */
	if (!connected || (state && strncmp(state, "08", 2) == 0) ||
		state_is(state, "57P01") || state_is(state, "57P02") ||
		state_is(state, "57P03")) {
		if (conn) {
			conn->broken = true;
			conn->tx_lost = true;
		}
		petory__log(PETORY_LOG_ERROR, "postgres: %s: %s [%s]", what,
			msg, state ? state : "connection lost");
		return petory_error_set(PETORY_EUNAVAILABLE, NULL, UNAVAILABLE);
	}
	if (!r)
		return petory__error_oom();
	if (state_is(state, "23505")) {
		petory__log(PETORY_LOG_DEBUG, "postgres: %s: %s [%s]", what,
			msg, state);
		return petory_error_set(PETORY_EEXISTS, NULL, "already exists");
	}
	if (state_is(state, "40001") || state_is(state, "40P01")) {
		if (conn)
			conn->tx_conflict = true;
		petory__log(PETORY_LOG_DEBUG, "postgres: %s: %s [%s]", what,
			msg, state);
		return petory_error_set(
			PETORY_EBUSY, NULL, "the database is busy; try again");
	}
	petory__log(PETORY_LOG_ERROR, "postgres: %s: %s [%s]", what, msg,
		state ? state : "");
	return petory_error_set(PETORY_EBACKEND, NULL, "storage failure");
}

bool petory__pg_conflict(const petory__pg_conn *conn)
{
	return state_is(conn->sqlstate, "40001") ||
	       state_is(conn->sqlstate, "40P01");
}

/* ---- statements ---- */

static int not_connected(petory__pg_conn *conn, const char *what)
{
	return petory__pg_error(conn, NULL, what);
}

static int run_command(petory__pg_conn *conn, const char *sql, const char *what)
{
	PGresult *r;
	int error = 0;
	if (!conn->pg || PQstatus(conn->pg) != CONNECTION_OK)
		return not_connected(conn, what);
	r = PQexec(conn->pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
		PQresultStatus(r) != PGRES_TUPLES_OK)
		error = petory__pg_error(conn, r, what);
	PQclear(r);
	return error;
}

int petory__pg_exec_sql(petory__pg_conn *conn, const char *sql)
{
	return run_command(conn, sql, "SQL");
}

static int prepare(petory__pg_conn *conn, petory__pg_stmt_id id)
{
	char what[96];
	PGresult *r;
	int error = 0;
	r = PQprepare(conn->pg, statement_name[id], statement_sql[id], 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(what, sizeof(what), "prepare %s", statement_name[id]);
		error = petory__pg_error(conn, r, what);
	} else {
		conn->prepared[id] = true;
	}
	PQclear(r);
	return error;
}

static int exec_prepared(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, int n, const char *const *values,
	const int *lengths, const int *formats)
{
	PGresult *r;
	int error;
	if (out)
		*out = NULL;
	if ((error = petory__fault_point("pg.exec")) < 0)
		return error;
	if ((unsigned)id >= PETORY__PG_STMT_COUNT)
		return petory_error_set(
			PETORY_ERROR, NULL, "no such statement %d", (int)id);
	if (!conn->pg || PQstatus(conn->pg) != CONNECTION_OK)
		return not_connected(conn, statement_name[id]);
	if (!conn->prepared[id] && (error = prepare(conn, id)) < 0)
		return error;
	r = PQexecPrepared(
		conn->pg, statement_name[id], n, values, lengths, formats, 0);
	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		conn->sqlstate[0] = '\0';
		if (out)
			*out = r;
		else
			PQclear(r);
		return 0;
	default:
		error = petory__pg_error(conn, r, statement_name[id]);
		PQclear(r);
		return error;
	}
}

int petory__pg_exec(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params)
{
	if (params && params->overflow) {
		if (out)
			*out = NULL;
		return petory_error_set(PETORY_ERROR, NULL,
			"%s: more than %d parameters", petory__pg_stmt_name(id),
			PETORY__PG_PARAMS_MAX);
	}
	if (!params)
		return exec_prepared(out, conn, id, 0, NULL, NULL, NULL);
	return exec_prepared(out, conn, id, params->count, params->values,
		params->lengths, params->formats);
}

int petory__pg_exec_text(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, int n, const char *const *values)
{
	return exec_prepared(out, conn, id, n, values, NULL, NULL);
}

int petory__pg_run(PGresult **out, petory__pg_pool *pool, petory__pg_stmt_id id,
	const petory__pg_params *params)
{
	petory__pg_conn *conn;
	int error;
	if (out)
		*out = NULL;
	if ((error = petory__pg_acquire(pool, &conn)) < 0)
		return error;
	error = petory__pg_exec(out, conn, id, params);
	petory__pg_release(pool, conn);
	return error;
}

/* ---- parameters ---- */

void petory__pg_params_init(petory__pg_params *p)
{
	p->count = 0;
	p->overflow = false;
}

static int param_slot(petory__pg_params *p)
{
	if (p->count >= PETORY__PG_PARAMS_MAX) {
		p->overflow = true;
		return -1;
	}
	p->lengths[p->count] = 0;
	p->formats[p->count] = 0;
	return p->count++;
}

void petory__pg_param_text(petory__pg_params *p, const char *s)
{
	int i = param_slot(p);
	if (i >= 0)
		p->values[i] = s;
}

void petory__pg_param_null(petory__pg_params *p)
{
	petory__pg_param_text(p, NULL);
}

char *petory__pg_int64_text(char buf[PETORY__PG_INT64_TEXT], int64_t v)
{
	snprintf(buf, PETORY__PG_INT64_TEXT, "%" PRId64, v);
	return buf;
}

void petory__pg_param_int64(petory__pg_params *p, int64_t v)
{
	int i = param_slot(p);
	if (i >= 0)
		p->values[i] = petory__pg_int64_text(p->text[i], v);
}

void petory__pg_param_double(petory__pg_params *p, double v)
{
	int i = param_slot(p);
	if (i >= 0) {
		/* %.17g round-trips every double exactly. */
		snprintf(p->text[i], sizeof(p->text[i]), "%.17g", v);
		p->values[i] = p->text[i];
	}
}

void petory__pg_param_bytes(petory__pg_params *p, const void *data, size_t n)
{
	int i = param_slot(p);
	if (i < 0)
		return;
	if (n > INT_MAX) {
		p->overflow = true;
		return;
	}
	p->values[i] = data ? data : "";
	p->lengths[i] = (int)n;
	p->formats[i] = 1;
}

/* ---- results ---- */

int64_t petory__pg_changes(const PGresult *r)
{
	const char *s = PQcmdTuples((PGresult *)r);
	return s && s[0] ? strtoll(s, NULL, 10) : 0;
}

bool petory__pg_is_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) != 0;
}

static int bad_value(const PGresult *r, int row, int col, const char *what)
{
	petory__log(PETORY_LOG_ERROR,
		"postgres: row %d column %d (%s) is not %s", row, col,
		PQfname(r, col) ? PQfname(r, col) : "?", what);
	return petory_error_set(PETORY_EBACKEND, NULL, "storage failure");
}

int petory__pg_get_int64(int64_t *out, const PGresult *r, int row, int col)
{
	const char *s;
	char *end;
	long long v;
	*out = 0;
	if (PQgetisnull(r, row, col))
		return 0;
	s = PQgetvalue(r, row, col);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return bad_value(r, row, col, "an integer");
	*out = (int64_t)v;
	return 0;
}

int petory__pg_get_int(int *out, const PGresult *r, int row, int col)
{
	int64_t v;
	int error = petory__pg_get_int64(&v, r, row, col);
	*out = 0;
	if (error)
		return error;
	if (v < INT_MIN || v > INT_MAX)
		return bad_value(r, row, col, "an int");
	*out = (int)v;
	return 0;
}

int petory__pg_get_double(double *out, const PGresult *r, int row, int col)
{
	const char *s;
	char *end;
	*out = 0;
	if (PQgetisnull(r, row, col))
		return 0;
	s = PQgetvalue(r, row, col);
	errno = 0;
	*out = strtod(s, &end);
	if (end == s || *end || (errno && !isfinite(*out)))
		return bad_value(r, row, col, "a number");
	return 0;
}

int petory__pg_get_text(char **out, const PGresult *r, int row, int col)
{
	*out = NULL;
	if (PQgetisnull(r, row, col))
		return 0;
	if (!(*out = strdup(PQgetvalue(r, row, col))))
		return petory__error_oom();
	return 0;
}

int petory__pg_get_bytes(unsigned char **out, size_t *len_out,
	const PGresult *r, int row, int col)
{
	unsigned char *raw;
	size_t len = 0;
	*out = NULL;
	*len_out = 0;
	if (PQgetisnull(r, row, col))
		return 0;
	if (PQfformat(r, col) == 1) {
		len = (size_t)PQgetlength(r, row, col);
		if (!(*out = malloc(len + 1)))
			return petory__error_oom();
		memcpy(*out, PQgetvalue(r, row, col), len);
		*len_out = len;
		return 0;
	}
	raw = PQunescapeBytea(
		(const unsigned char *)PQgetvalue(r, row, col), &len);
	if (!raw)
		return bad_value(r, row, col, "bytea");
	if ((*out = malloc(len + 1)))
		memcpy(*out, raw, len);
	PQfreemem(raw);
	if (!*out)
		return petory__error_oom();
	*len_out = len;
	return 0;
}

/* ---- transactions ---- */

int petory__pg_tx_begin(petory__pg_conn *conn, petory__pg_isolation iso)
{
	static const char *const begin[] = {
		[PETORY__PG_READ_COMMITTED] =
			"BEGIN ISOLATION LEVEL READ COMMITTED",
		[PETORY__PG_REPEATABLE_READ] =
			"BEGIN ISOLATION LEVEL REPEATABLE READ",
		[PETORY__PG_SERIALIZABLE] =
			"BEGIN ISOLATION LEVEL SERIALIZABLE",
	};
	conn->tx_conflict = false;
	conn->tx_lost = false;
	conn->tx_commit_sent = false;
	conn->sqlstate[0] = '\0';
	if ((unsigned)iso > PETORY__PG_SERIALIZABLE)
		return petory_error_set(PETORY_ERROR, NULL,
			"no such isolation level %d", (int)iso);
	return run_command(conn, begin[iso], "BEGIN");
}

int petory__pg_tx_end(petory__pg_conn *conn, int error)
{
	PGTransactionStatusType ts = PQTRANS_UNKNOWN;
	if (conn->pg && PQstatus(conn->pg) == CONNECTION_OK)
		ts = PQtransactionStatus(conn->pg);
	/* A fault at the commit point, as the SQLite pool has one: the
	 * whole transaction rolls back. */
	if (error == 0 && ts == PQTRANS_INTRANS)
		error = petory__fault_point("pg.commit");
	if (error == 0) {
		switch (ts) {
		case PQTRANS_INTRANS:
			conn->tx_commit_sent = true;
			return run_command(conn, "COMMIT", "COMMIT");
		case PQTRANS_INERROR:
			petory__log(PETORY_LOG_ERROR,
				"postgres: a statement failed inside a "
				"transaction that was asked to commit; rolled "
				"back");
			error = petory_error_set(
				PETORY_EBACKEND, NULL, "storage failure");
			break;
		case PQTRANS_IDLE:
			petory__log(PETORY_LOG_ERROR,
				"postgres: COMMIT outside a transaction");
			return 0;
		default:
			return not_connected(conn, "COMMIT");
		}
	}
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
		PGresult *r = PQexec(conn->pg, "ROLLBACK");
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			conn->broken = true;
			conn->tx_lost = true;
		}
		PQclear(r);
	}
	return error;
}

/* A pause of 1..2^attempt ms (at most 64 ms) before running a body
 * again, so that two conflicting transactions do not meet again. */
static void retry_pause(int attempt)
{
	static _Thread_local uint64_t seed;
	struct timespec ts;
	uint64_t span, ms;
	if (!seed)
		seed = (uint64_t)monotonic_ns() | 1;
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	span = (uint64_t)1 << (attempt < 6 ? attempt : 6);
	ms = 1 + seed % span;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(ms * 1000000);
	nanosleep(&ts, NULL);
}

int petory__pg_transact(petory__pg_pool *pool, petory__pg_isolation iso,
	petory__pg_tx_body body, void *payload)
{
	bool reconnected = false;
	int attempt, error = 0;
	for (attempt = 1;; attempt++) {
		petory__pg_conn *conn;
		bool conflict, lost;
		char state[6];
		if ((error = petory__pg_acquire(pool, &conn)) < 0)
			return error;
		error = petory__pg_tx_begin(conn, iso);
		if (error == 0)
			error = body(conn, payload);
		error = petory__pg_tx_end(conn, error);
		conflict = error < 0 && conn->tx_conflict;
		lost = error < 0 && conn->tx_lost && !conn->tx_commit_sent;
		memcpy(state, conn->sqlstate, sizeof(state));
		petory__pg_release(pool, conn);
		if (error == 0 || attempt >= PETORY__PG_TX_ATTEMPTS ||
			!(conflict || (lost && !reconnected))) {
			if (conflict)
				petory__log(PETORY_LOG_WARN,
					"postgres: a transaction conflicted "
					"%d times; giving up",
					attempt);
			return error;
		}
		if (lost && !conflict) {
			reconnected = true;
			petory__log(PETORY_LOG_INFO,
				"postgres: connection lost before COMMIT; "
				"running the transaction again");
		} else {
			petory__log(PETORY_LOG_DEBUG,
				"postgres: transaction conflict [%s]; running "
				"it again (attempt %d)",
				state, attempt + 1);
			retry_pause(attempt);
		}
	}
}

/* ---- the pool ---- */

static void pool_free(petory__pg_pool *pool)
{
	size_t i;
	if (!pool)
		return;
	if (pool->conns)
		for (i = 0; i < pool->count; i++)
			if (pool->conns[i].pg)
				PQfinish(pool->conns[i].pg);
	pthread_cond_destroy(&pool->available);
	pthread_mutex_destroy(&pool->lock);
	free(pool->conns);
	free(pool->free_stack);
	free(pool->keywords);
	free(pool->values);
	free(pool->redacted);
	if (pool->options)
		PQconninfoFree(pool->options);
	free(pool);
}

static int pool_open(petory__pg_pool **out, const char *url, unsigned pool_size,
	bool migrate)
{
	petory__pg_pool *pool;
	size_t i;
	int error;
	*out = NULL;
	if (pool_size == 0)
		pool_size = PETORY__PG_POOL_DEFAULT;
	if (pool_size > PETORY__PG_POOL_MAX)
		return petory_error_set(PETORY_EINVALID, NULL,
			"the PostgreSQL pool size must be 1 to %d",
			PETORY__PG_POOL_MAX);
	if (!PQisthreadsafe())
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"libpq was built without thread support");
	if (!(pool = calloc(1, sizeof(*pool))))
		return petory__error_oom();
	atomic_init(&pool->refs, 1);
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->available, NULL);
	if ((error = parse_url(pool, url)) < 0)
		goto fail;
	pool->count = pool_size;
	pool->conns = calloc(pool->count, sizeof(*pool->conns));
	pool->free_stack = calloc(pool->count, sizeof(*pool->free_stack));
	if (!pool->conns || !pool->free_stack) {
		error = petory__error_oom();
		goto fail;
	}
	for (i = 0; i < pool->count; i++) {
		pool->conns[i].pool = pool;
		pool->conns[i].broken = true;
	}
	/* The first connection now (to fail early and migrate); the others
	 * on first use. */
	if ((error = conn_connect(&pool->conns[0], true)) < 0 ||
		(migrate && (error = petory__pg_migrate(&pool->conns[0],
				     &pool->schema_version)) < 0))
		goto fail;
	for (i = 0; i < pool->count; i++)
		pool->free_stack[pool->free_count++] = pool->count - 1 - i;
	if (migrate)
		petory__log(PETORY_LOG_INFO,
			"postgres: %s at schema version %d, pool of %zu",
			pool->redacted, pool->schema_version, pool->count);
	*out = pool;
	return 0;
fail:
	pool_free(pool);
	return error;
}

int petory__pg_open(petory__pg_pool **out, const char *url, unsigned pool_size)
{
	return pool_open(out, url, pool_size, true);
}

int petory__pg_open_unmigrated(
	petory__pg_pool **out, const char *url, unsigned pool_size)
{
	return pool_open(out, url, pool_size, false);
}

petory__pg_pool *petory__pg_pool_ref(petory__pg_pool *pool)
{
	if (pool)
		atomic_fetch_add(&pool->refs, 1);
	return pool;
}

void petory__pg_close(petory__pg_pool *pool)
{
	if (pool && atomic_fetch_sub(&pool->refs, 1) == 1)
		pool_free(pool);
}
