/* migrate_target.c -- a PostgreSQL database as the target of a copy (see
 * migrate_target.h).
 *
 * Invariants: a session holds one pooled connection inside one
 * transaction from begin to end, and every table of the current schema is
 * locked IN EXCLUSIVE MODE from the start, so what it finds empty stays
 * empty but for its own rows and its counts are exact; nothing commits
 * before petory__pg_target_end(t, 0).  Names reach SQL only quoted
 * (buf_ident doubles their quotes) or as parameters, values only through
 * the COPY text encoding below: "\N" for NULL, backslash, newline,
 * carriage return and tab escaped, integers in decimal, doubles with 17
 * significant digits (exact), bytes as bytea hex ("\\x…" once escaped).
 * Statements here are catalog reads and per-table SQL, not the prepared
 * statements of the tables (pg_statements.h): they run once per copy.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/migrate_target.h"
#include "store/postgres/pg_store.h"

/* The table in which migrations.c records the steps it applied. */
#define BOOKKEEPING_TABLE "schema_version"
/* COPY data is sent in pieces of about this many bytes. */
#define COPY_CHUNK (256 * 1024)
#define FAULT_POINT "pg.migrate"

/* How a column's type takes a cell. */
typedef enum column_type {
	COLUMN_OTHER = 0, /* PostgreSQL parses the text form */
	COLUMN_INTEGER,   /* smallint, integer, bigint */
	COLUMN_FLOAT,     /* real, double precision, numeric */
	COLUMN_TEXT,      /* text, varchar, char */
	COLUMN_BYTEA
} column_type;

typedef struct table_entry {
	petory__target_table pub;
	char oid[16];       /* pg_class oid, decimal */
	column_type *types; /* one per column of pub.columns */
} table_entry;

/* A growable byte buffer (SQL text, COPY data). */
typedef struct buffer {
	char *data;
	size_t len, cap;
	bool oom;
} buffer;

struct petory__pg_target {
	petory__pg_pool *pool;
	petory__pg_conn *conn;
	table_entry *tables;
	size_t table_count;
	/* The COPY in progress (in_copy): its table, and for each of its
	 * columns, in the order of the COPY, the index in the table's. */
	bool in_copy;
	const table_entry *copying;
	size_t *copy_index;
	size_t copy_columns;
	buffer data;
};

/* ---- buffers ---------------------------------------------------------- */

static void buf_grow(buffer *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom || b->len + more + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->len + more + 1)
		cap *= 2;
	if (!(p = realloc(b->data, cap))) {
		b->oom = true;
		return;
	}
	b->data = p;
	b->cap = cap;
}

static void buf_add(buffer *b, const void *bytes, size_t n)
{
	buf_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->data + b->len, bytes, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_str(buffer *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A short formatted piece (a number). */
static void buf_printf(buffer *b, const char *fmt, ...)
{
	char small[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(small)) {
		b->oom = true;
		return;
	}
	buf_add(b, small, (size_t)n);
}

/* A quoted identifier ("na""me"). */
static void buf_ident(buffer *b, const char *name)
{
	buf_str(b, "\"");
	for (; *name; name++) {
		if (*name == '"')
			buf_str(b, "\"\"");
		else
			buf_add(b, name, 1);
	}
	buf_str(b, "\"");
}

static void buf_free(buffer *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* ---- errors and statements -------------------------------------------- */

/* A failed statement: the pool's mapping (lost connections, conflicts),
 * with PostgreSQL's own reason in the message when the server gave one
 * (server messages hold no URL and no password). */
static int failure(petory__pg_conn *conn, const PGresult *r, const char *what)
{
	const char *primary, *detail;
	int error = petory__pg_error(conn, r, what);

	if (!r || conn->tx_lost)
		return error;
	primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	if (!primary)
		return error;
	return petory_error_set(error, NULL, "%s: %s%s%s%s", what, primary,
		detail ? " (" : "", detail ? detail : "", detail ? ")" : "");
}

/* Run sql with n text parameters; *out (may be NULL) gets the result. */
static int run(PGresult **out, petory__pg_conn *conn, const char *sql, int n,
	const char *const *values, const char *what)
{
	PGresult *r;
	ExecStatusType status;
	int error;

	if (out)
		*out = NULL;
	if ((error = petory__fault_point(FAULT_POINT)) < 0)
		return error;
	r = PQexecParams(conn->pg, sql, n, NULL, values, NULL, NULL, 0);
	status = PQresultStatus(r);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		error = failure(conn, r, what);
		PQclear(r);
		return error;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return 0;
}

static int sql_oom(buffer *b)
{
	buf_free(b);
	return petory__error_oom();
}

/* ---- the probe -------------------------------------------------------- */

/* Every ordinary table outside the system schemas that no extension owns,
 * by schema and name, with whether it is the bookkeeping table. */
static const char probe_tables_sql[] =
	"SELECT n.nspname, c.relname, "
	"  n.nspname = current_schema() AND c.relname = $1 "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relkind IN ('r', 'p') "
	"  AND n.nspname <> 'information_schema' "
	"  AND n.nspname NOT LIKE 'pg\\_%' "
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend d "
	"    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
	"      AND d.deptype = 'e') "
	"ORDER BY 1, 2";

static int probe_table(petory__pg_probe_facts *out, petory__pg_conn *conn,
	const char *schema, const char *table, bool bookkeeping)
{
	buffer sql = { 0 };
	PGresult *r = NULL;
	int error;

	if (bookkeeping)
		buf_str(&sql, "SELECT coalesce(max(version), 0) FROM ");
	else
		buf_str(&sql, "SELECT EXISTS (SELECT 1 FROM ");
	buf_ident(&sql, schema);
	buf_str(&sql, ".");
	buf_ident(&sql, table);
	if (!bookkeeping)
		buf_str(&sql, ")");
	if (sql.oom)
		return sql_oom(&sql);
	error = run(&r, conn, sql.data, 0, NULL, "look at the target's tables");
	buf_free(&sql);
	if (error)
		return error;
	if (bookkeeping)
		error = petory__pg_get_int(&out->schema_version, r, 0, 0);
	else if (strcmp(PQgetvalue(r, 0, 0), "t") == 0 && !out->filled_table[0])
		snprintf(out->filled_table, sizeof(out->filled_table), "%s.%s",
			schema, table);
	PQclear(r);
	return error;
}

int petory__pg_probe(petory__pg_probe_facts *out, const char *url)
{
	const char *params[1] = { BOOKKEEPING_TABLE };
	petory__pg_pool *pool = NULL;
	petory__pg_conn *conn;
	PGresult *r = NULL;
	int error, i;

	memset(out, 0, sizeof(*out));
	if ((error = petory__pg_open_unmigrated(&pool, url, 1)) < 0)
		return error;
	snprintf(out->url, sizeof(out->url), "%s",
		petory__pg_redacted_url(pool));
	if ((error = petory__pg_acquire(pool, &conn)) < 0) {
		petory__pg_close(pool);
		return error;
	}
	error = run(&r, conn, probe_tables_sql, 1, params,
		"list the target's tables");
	for (i = 0; !error && i < PQntuples(r); i++)
		error = probe_table(out, conn, PQgetvalue(r, i, 0),
			PQgetvalue(r, i, 1),
			strcmp(PQgetvalue(r, i, 2), "t") == 0);
	PQclear(r);
	petory__pg_release(pool, conn);
	petory__pg_close(pool);
	return error;
}

int petory__pg_schema_latest(void)
{
	return petory__pg_migrations_latest();
}

/* ---- the session: tables ---------------------------------------------- */

static const char tables_sql[] =
	"SELECT c.oid, c.relname, c.relname = $1 "
	"FROM pg_class c "
	"WHERE c.relnamespace = current_schema()::regnamespace "
	"  AND c.relkind IN ('r', 'p') "
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend d "
	"    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
	"      AND d.deptype = 'e') "
	"ORDER BY c.relname";

static const char columns_sql[] =
	"SELECT a.attname, a.atttypid::regtype::text, a.attidentity <> '' "
	"FROM pg_attribute a "
	"WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped "
	"  AND a.attgenerated = '' "
	"ORDER BY a.attnum";

static const char references_sql[] =
	"SELECT DISTINCT f.relname FROM pg_constraint k "
	"JOIN pg_class f ON f.oid = k.confrelid "
	"WHERE k.contype = 'f' AND k.conrelid = $1::oid "
	"  AND k.confrelid <> k.conrelid "
	"ORDER BY 1";

static column_type type_of(const char *regtype)
{
	static const struct {
		const char *name;
		column_type type;
	} types[] = {
		{ "smallint", COLUMN_INTEGER },
		{ "integer", COLUMN_INTEGER },
		{ "bigint", COLUMN_INTEGER },
		{ "real", COLUMN_FLOAT },
		{ "double precision", COLUMN_FLOAT },
		{ "numeric", COLUMN_FLOAT },
		{ "text", COLUMN_TEXT },
		{ "character varying", COLUMN_TEXT },
		{ "character", COLUMN_TEXT },
		{ "bytea", COLUMN_BYTEA },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(regtype, types[i].name) == 0)
			return types[i].type;
	return COLUMN_OTHER;
}

static int read_columns(petory__pg_target *t, table_entry *e)
{
	const char *params[1] = { e->oid };
	PGresult *r = NULL;
	int error, i, n;

	if ((error = run(&r, t->conn, columns_sql, 1, params,
		     "list the target's columns")) < 0)
		return error;
	n = PQntuples(r);
	if (n > 0 && !(e->types = calloc((size_t)n, sizeof(*e->types))))
		error = petory__error_oom();
	for (i = 0; !error && i < n; i++) {
		const char *name = PQgetvalue(r, i, 0);

		e->types[i] = type_of(PQgetvalue(r, i, 1));
		error = petory__names_add(&e->pub.columns, name);
		if (!error && strcmp(PQgetvalue(r, i, 2), "t") == 0 &&
			!e->pub.identity && !(e->pub.identity = strdup(name)))
			error = petory__error_oom();
	}
	PQclear(r);
	if (error)
		return error;
	if ((error = run(&r, t->conn, references_sql, 1, params,
		     "list the target's foreign keys")) < 0)
		return error;
	for (i = 0; !error && i < PQntuples(r); i++)
		error = petory__names_add(
			&e->pub.references, PQgetvalue(r, i, 0));
	PQclear(r);
	return error;
}

static int read_tables(petory__pg_target *t)
{
	const char *params[1] = { BOOKKEEPING_TABLE };
	PGresult *r = NULL;
	size_t i;
	int error, n;

	if ((error = run(&r, t->conn, tables_sql, 1, params,
		     "list the target's tables")) < 0)
		return error;
	n = PQntuples(r);
	if (n > 0 && !(t->tables = calloc((size_t)n, sizeof(*t->tables)))) {
		PQclear(r);
		return petory__error_oom();
	}
	for (i = 0; i < (size_t)n && !error; i++) {
		table_entry *e = &t->tables[i];

		t->table_count++;
		snprintf(
			e->oid, sizeof(e->oid), "%s", PQgetvalue(r, (int)i, 0));
		if (!(e->pub.name = strdup(PQgetvalue(r, (int)i, 1))))
			error = petory__error_oom();
		e->pub.bookkeeping = strcmp(PQgetvalue(r, (int)i, 2), "t") == 0;
	}
	PQclear(r);
	for (i = 0; i < t->table_count && !error; i++)
		error = read_columns(t, &t->tables[i]);
	return error;
}

/* LOCK TABLE every table IN EXCLUSIVE MODE: other sessions may read, not
 * write, until the session ends. */
static int lock_tables(petory__pg_target *t)
{
	buffer sql = { 0 };
	size_t i;
	int error;

	if (t->table_count == 0)
		return 0;
	buf_str(&sql, "LOCK TABLE ");
	for (i = 0; i < t->table_count; i++) {
		if (i)
			buf_str(&sql, ", ");
		buf_ident(&sql, t->tables[i].pub.name);
	}
	buf_str(&sql, " IN EXCLUSIVE MODE");
	if (sql.oom)
		return sql_oom(&sql);
	error = run(NULL, t->conn, sql.data, 0, NULL, "lock the target");
	buf_free(&sql);
	return error;
}

static const table_entry *entry_named(
	const petory__pg_target *t, const char *table)
{
	size_t i;

	for (i = 0; i < t->table_count; i++)
		if (strcmp(t->tables[i].pub.name, table) == 0)
			return &t->tables[i];
	return NULL;
}

static int no_table(const char *table)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "the target has no table %s", table);
}

static void target_free(petory__pg_target *t)
{
	size_t i;

	for (i = 0; i < t->table_count; i++) {
		table_entry *e = &t->tables[i];

		free(e->pub.name);
		free(e->pub.identity);
		free(e->types);
		petory__names_free(&e->pub.columns);
		petory__names_free(&e->pub.references);
	}
	free(t->tables);
	free(t->copy_index);
	buf_free(&t->data);
	free(t);
}

int petory__pg_target_begin(petory__pg_target **out, petory_store *st)
{
	petory__pg_target *t;
	int error;

	*out = NULL;
	if (!st || !st->name || strcmp(st->name, "postgres") != 0)
		return petory_error_set(PETORY_EINVALID, NULL,
			"the target is not a PostgreSQL store");
	if (!(t = calloc(1, sizeof(*t))))
		return petory__error_oom();
	t->pool = PETORY__PG_POOL(st);
	if ((error = petory__pg_acquire(t->pool, &t->conn)) < 0) {
		target_free(t);
		return error;
	}
	if ((error = petory__fault_point(FAULT_POINT)) == 0 &&
		(error = petory__pg_tx_begin(
			 t->conn, PETORY__PG_READ_COMMITTED)) == 0 &&
		(error = read_tables(t)) == 0)
		error = lock_tables(t);
	if (error) {
		petory__pg_target_end(t, error);
		return error;
	}
	*out = t;
	return 0;
}

const char *petory__pg_target_url(const petory__pg_target *t)
{
	return petory__pg_redacted_url(t->pool);
}

int petory__pg_target_schema_version(const petory__pg_target *t)
{
	return petory__pg_schema_version(t->pool);
}

size_t petory__pg_target_table_count(const petory__pg_target *t)
{
	return t->table_count;
}

const petory__target_table *petory__pg_target_table(
	const petory__pg_target *t, size_t i)
{
	return i < t->table_count ? &t->tables[i].pub : NULL;
}

/* SELECT <what> FROM "table" <rest>; *r for the caller. */
static int select_from(PGresult **r, petory__pg_target *t, const char *what,
	const char *table, const char *rest, const char *purpose)
{
	buffer sql = { 0 };
	int error;

	if (!entry_named(t, table))
		return no_table(table);
	buf_str(&sql, "SELECT ");
	buf_str(&sql, what);
	buf_str(&sql, " FROM ");
	buf_ident(&sql, table);
	buf_str(&sql, rest);
	if (sql.oom)
		return sql_oom(&sql);
	error = run(r, t->conn, sql.data, 0, NULL, purpose);
	buf_free(&sql);
	return error;
}

int petory__pg_target_has_rows(
	petory__pg_target *t, const char *table, bool *out)
{
	PGresult *r = NULL;
	int error;

	*out = false;
	if ((error = select_from(
		     &r, t, "1", table, " LIMIT 1", "look for rows")) < 0)
		return error;
	*out = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

int petory__pg_target_count(
	petory__pg_target *t, const char *table, int64_t *out)
{
	PGresult *r = NULL;
	int error;

	*out = 0;
	if ((error = select_from(
		     &r, t, "count(*)", table, "", "count the rows")) < 0)
		return error;
	error = petory__pg_get_int64(out, r, 0, 0);
	PQclear(r);
	return error;
}

int petory__pg_target_advance_identity(petory__pg_target *t, const char *table,
	const char *column, int64_t *next_out)
{
	static const char setval_sql[] =
		"SELECT setval(pg_get_serial_sequence(quote_ident($1), $2), "
		"$3::bigint, $4::boolean)";
	char max_text[PETORY__PG_INT64_TEXT];
	const char *params[4];
	buffer what = { 0 };
	PGresult *r = NULL;
	int64_t max = 0;
	bool empty;
	int error;

	*next_out = 0;
	buf_str(&what, "max(");
	buf_ident(&what, column);
	buf_str(&what, ")");
	if (what.oom)
		return sql_oom(&what);
	error = select_from(&r, t, what.data, table, "", "read the largest id");
	buf_free(&what);
	if (error)
		return error;
	empty = petory__pg_is_null(r, 0, 0);
	if (!empty)
		error = petory__pg_get_int64(&max, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	/* setval(seq, max, true): the next id is max + 1; on an empty table
	 * setval(seq, 1, false): the next id is 1. */
	params[0] = table;
	params[1] = column;
	params[2] = petory__pg_int64_text(max_text, empty ? 1 : max);
	params[3] = empty ? "false" : "true";
	if ((error = run(NULL, t->conn, setval_sql, 4, params,
		     "advance the identity sequence")) < 0)
		return error;
	*next_out = empty ? 1 : max + 1;
	return 0;
}

/* ---- COPY ------------------------------------------------------------- */

static int send_data(petory__pg_target *t)
{
	if (t->data.oom)
		return petory__error_oom();
	if (t->data.len == 0)
		return 0;
	if (PQputCopyData(t->conn->pg, t->data.data, (int)t->data.len) != 1)
		return failure(t->conn, NULL, "send rows");
	t->data.len = 0;
	return 0;
}

int petory__pg_target_copy_begin(
	petory__pg_target *t, const char *table, const petory__names *columns)
{
	const table_entry *e = entry_named(t, table);
	buffer sql = { 0 };
	PGresult *r;
	size_t i;
	int error;

	if (!e)
		return no_table(table);
	if (t->in_copy)
		return petory_error_set(
			PETORY_ERROR, NULL, "a COPY is already in progress");
	free(t->copy_index);
	t->copy_columns = 0;
	if (!(t->copy_index = calloc(columns->count + 1, sizeof(size_t))))
		return petory__error_oom();
	for (i = 0; i < columns->count; i++) {
		long at =
			petory__names_find(&e->pub.columns, columns->items[i]);
		if (at < 0)
			return petory_error_set(PETORY_ENOTFOUND, NULL,
				"the target's table %s has no column %s", table,
				columns->items[i]);
		t->copy_index[i] = (size_t)at;
	}
	t->copy_columns = columns->count;
	t->copying = e;
	buf_str(&sql, "COPY ");
	buf_ident(&sql, table);
	buf_str(&sql, " (");
	for (i = 0; i < columns->count; i++) {
		if (i)
			buf_str(&sql, ", ");
		buf_ident(&sql, columns->items[i]);
	}
	buf_str(&sql, ") FROM STDIN");
	if (sql.oom)
		return sql_oom(&sql);
	if ((error = petory__fault_point(FAULT_POINT)) < 0) {
		buf_free(&sql);
		return error;
	}
	r = PQexec(t->conn->pg, sql.data);
	buf_free(&sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		char what[160];

		snprintf(what, sizeof(what), "copy into %s", table);
		error = failure(t->conn, r, what);
		PQclear(r);
		return error;
	}
	PQclear(r);
	t->in_copy = true;
	t->data.len = 0;
	return 0;
}

/* One text field of the COPY: the bytes with \, newline, CR and tab
 * escaped. */
static void copy_escaped(buffer *b, const unsigned char *p, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *esc = NULL;

		switch (p[i]) {
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			continue;
		}
		buf_add(b, p + start, i - start);
		buf_str(b, esc);
		start = i + 1;
	}
	buf_add(b, p + start, n - start);
}

/* A bytea field: \x and hex, with COPY's own escape of the backslash. */
static void copy_bytea(buffer *b, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	buf_str(b, "\\\\x");
	buf_grow(b, n * 2);
	if (b->oom)
		return;
	for (i = 0; i < n; i++) {
		b->data[b->len++] = hex[p[i] >> 4];
		b->data[b->len++] = hex[p[i] & 15];
	}
	b->data[b->len] = '\0';
}

static void copy_double(buffer *b, double v)
{
	if (isnan(v))
		buf_str(b, "NaN");
	else if (isinf(v))
		buf_str(b, v > 0 ? "Infinity" : "-Infinity");
	else
		buf_printf(b, "%.17g", v);
}

static int misfit(const petory__pg_target *t, size_t col, const char *what)
{
	const petory__target_table *table = &t->copying->pub;

	return petory_error_set(PETORY_EINVALID, NULL,
		"table %s, column %s: %s", table->name,
		table->columns.items[t->copy_index[col]], what);
}

/* Append one cell in the COPY text encoding of column col. */
static int copy_cell(petory__pg_target *t, const petory__cell *c, size_t col)
{
	column_type type = t->copying->types[t->copy_index[col]];
	buffer *b = &t->data;

	switch (c->kind) {
	case PETORY__CELL_NULL:
		buf_str(b, "\\N");
		return 0;
	case PETORY__CELL_INT:
		if (type == COLUMN_BYTEA)
			return misfit(t, col, "a number cannot go into bytea");
		buf_printf(b, "%" PRId64, c->i);
		return 0;
	case PETORY__CELL_REAL:
		if (type == COLUMN_BYTEA)
			return misfit(t, col, "a number cannot go into bytea");
		if (type == COLUMN_INTEGER) {
			if (!(c->r >= -9223372036854775808.0 &&
				    c->r < 9223372036854775808.0) ||
				c->r != floor(c->r))
				return misfit(t, col,
					"a fractional number cannot go into "
					"an integer column");
			buf_printf(b, "%" PRId64, (int64_t)c->r);
			return 0;
		}
		copy_double(b, c->r);
		return 0;
	case PETORY__CELL_TEXT:
		if (type == COLUMN_BYTEA)
			copy_bytea(b, c->bytes, c->len);
		else
			copy_escaped(b, c->bytes, c->len);
		return 0;
	case PETORY__CELL_BLOB:
		if (type != COLUMN_BYTEA)
			return misfit(t, col,
				"bytes can only go into a bytea column");
		copy_bytea(b, c->bytes, c->len);
		return 0;
	}
	return misfit(t, col, "a value of an unknown kind");
}

int petory__pg_target_copy_row(
	void *payload, const petory__cell *cells, size_t count)
{
	petory__pg_target *t = payload;
	size_t i;
	int error;

	if (!t->in_copy)
		return petory_error_set(
			PETORY_ERROR, NULL, "no COPY in progress");
	if (count != t->copy_columns)
		return petory_error_set(PETORY_EINVALID, NULL,
			"a row of %zu cells for %zu columns", count,
			t->copy_columns);
	for (i = 0; i < count; i++) {
		if (i)
			buf_str(&t->data, "\t");
		if ((error = copy_cell(t, &cells[i], i)) < 0)
			return error;
	}
	buf_str(&t->data, "\n");
	if (t->data.oom)
		return petory__error_oom();
	return t->data.len >= COPY_CHUNK ? send_data(t) : 0;
}

/* Finish the COPY (errmsg NULL) or abort it; the final result is read. */
static int copy_finish(
	petory__pg_target *t, const char *errmsg, int64_t *rows_out)
{
	char what[160];
	PGresult *r;
	int error = 0;

	t->in_copy = false;
	snprintf(what, sizeof(what), "copy into %s", t->copying->pub.name);
	if (PQputCopyEnd(t->conn->pg, errmsg) != 1)
		error = failure(t->conn, NULL, what);
	while ((r = PQgetResult(t->conn->pg))) {
		if (!error && !errmsg && PQresultStatus(r) != PGRES_COMMAND_OK)
			error = failure(t->conn, r, what);
		else if (!error && rows_out)
			*rows_out = petory__pg_changes(r);
		PQclear(r);
	}
	t->data.len = 0;
	return error;
}

int petory__pg_target_copy_end(petory__pg_target *t, int64_t *rows_out)
{
	int error;

	*rows_out = 0;
	if (!t->in_copy)
		return petory_error_set(
			PETORY_ERROR, NULL, "no COPY in progress");
	if ((error = send_data(t)) < 0) {
		copy_finish(t, "the copy failed", NULL);
		return error;
	}
	return copy_finish(t, NULL, rows_out);
}

/* ---- the end ---------------------------------------------------------- */

int petory__pg_target_end(petory__pg_target *t, int error)
{
	if (t->in_copy)
		copy_finish(t, "the copy was abandoned", NULL);
	if (t->conn) {
		if (error == 0)
			error = petory__fault_point(FAULT_POINT);
		error = petory__pg_tx_end(t->conn, error);
		petory__pg_release(t->pool, t->conn);
	}
	target_free(t);
	return error;
}
