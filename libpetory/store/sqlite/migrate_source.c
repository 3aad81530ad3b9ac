/* migrate_source.c -- a SQLite database file as the source of a copy
 * (see migrate_source.h).
 *
 * Invariant: from petory__sqlite_source_open to _close the connection is
 * inside one read transaction (BEGIN, then a first read that fixes the
 * snapshot), so the version, the table list, the counts and the rows all
 * describe the same instant.  Identifiers are quoted with %w, so any
 * table or column name reads back as itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/sqlite/migrate_source.h"
#include "store/sqlite/sqlite_internal.h"

struct petory__sqlite_source {
	sqlite3 *h;
	int version;
	petory__source_table *tables;
	size_t table_count;
};

#define raw_error petory__sqlite_handle_error

static petory__source_kind kind_of(const char *type, const char *name)
{
	if (strncmp(name, "sqlite_", 7) == 0)
		return PETORY__SOURCE_INTERNAL;
	if (strcmp(type, "virtual") == 0)
		return PETORY__SOURCE_VIRTUAL;
	if (strcmp(type, "shadow") == 0)
		return PETORY__SOURCE_SHADOW;
	return PETORY__SOURCE_TABLE;
}

static int add_table(
	petory__sqlite_source *src, const char *name, petory__source_kind kind)
{
	petory__source_table *t = realloc(
		src->tables, (src->table_count + 1) * sizeof(*src->tables));

	if (!t)
		return petory__error_oom();
	src->tables = t;
	t += src->table_count;
	if (!(t->name = strdup(name)))
		return petory__error_oom();
	t->kind = kind;
	src->table_count++;
	return 0;
}

/* The tables of the main schema, ordered by name. */
static int read_tables(petory__sqlite_source *src)
{
	sqlite3_stmt *s = NULL;
	int rc, error = 0;

	rc = sqlite3_prepare_v2(src->h,
		"SELECT name, type FROM pragma_table_list "
		"WHERE schema = 'main' AND type != 'view' ORDER BY name",
		-1, &s, NULL);
	while (!error && (rc == SQLITE_OK || rc == SQLITE_ROW) &&
		(rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *type = (const char *)sqlite3_column_text(s, 1);

		if (name && type)
			error = add_table(src, name, kind_of(type, name));
	}
	if (!error && rc != SQLITE_DONE)
		error = raw_error(src->h, rc, "list the tables");
	sqlite3_finalize(s);
	return error;
}

static int read_version(petory__sqlite_source *src)
{
	sqlite3_stmt *s = NULL;
	int rc =
		sqlite3_prepare_v2(src->h, "PRAGMA user_version", -1, &s, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		src->version = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : raw_error(src->h, rc, "user_version");
}

int petory__sqlite_source_open(petory__sqlite_source **out, const char *path)
{
	petory__sqlite_source *src;
	struct stat st;
	int rc, error;

	*out = NULL;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return petory_error_set(PETORY_ENOTFOUND, NULL,
				"no database at '%s'", path);
		return petory_error_set(PETORY_EBACKEND, NULL,
			"cannot read '%s': %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return petory_error_set(PETORY_EINVALID, NULL,
			"'%s' is not a database file", path);
	if (!(src = calloc(1, sizeof(*src))))
		return petory__error_oom();
	rc = sqlite3_open_v2(path, &src->h,
		SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		error = raw_error(src->h, rc, "open the source");
		petory__sqlite_source_close(src);
		return error;
	}
	sqlite3_busy_timeout(src->h, 5000);
	/* The first read fixes the snapshot of the whole copy. */
	rc = sqlite3_exec(src->h, "BEGIN; SELECT count(*) FROM sqlite_schema;",
		NULL, NULL, NULL);
	if (rc == SQLITE_NOTADB)
		error = petory_error_set(PETORY_EINVALID, NULL,
			"'%s' is not a SQLite database", path);
	else if (rc != SQLITE_OK)
		error = raw_error(src->h, rc, "begin the snapshot");
	else if ((error = read_version(src)) == 0)
		error = read_tables(src);
	if (error) {
		petory__sqlite_source_close(src);
		return error;
	}
	*out = src;
	return 0;
}

void petory__sqlite_source_close(petory__sqlite_source *src)
{
	size_t i;

	if (!src)
		return;
	if (src->h) {
		if (!sqlite3_get_autocommit(src->h))
			sqlite3_exec(src->h, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(src->h);
	}
	for (i = 0; i < src->table_count; i++)
		free(src->tables[i].name);
	free(src->tables);
	free(src);
}

int petory__sqlite_source_version(const petory__sqlite_source *src)
{
	return src->version;
}

size_t petory__sqlite_source_table_count(const petory__sqlite_source *src)
{
	return src->table_count;
}

const petory__source_table *petory__sqlite_source_table(
	const petory__sqlite_source *src, size_t i)
{
	return i < src->table_count ? &src->tables[i] : NULL;
}

int petory__sqlite_source_columns(
	petory__sqlite_source *src, const char *table, petory__names *out)
{
	sqlite3_stmt *s = NULL;
	int rc, error = 0;

	rc = sqlite3_prepare_v2(src->h,
		"SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &s,
		NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	while (!error && (rc == SQLITE_OK || rc == SQLITE_ROW) &&
		(rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (name)
			error = petory__names_add(out, name);
	}
	if (!error && rc != SQLITE_DONE)
		error = raw_error(src->h, rc, "list the columns");
	sqlite3_finalize(s);
	return error;
}

int petory__sqlite_source_count(
	petory__sqlite_source *src, const char *table, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	int rc;

	*out = 0;
	if (!sql)
		return petory__error_oom();
	rc = sqlite3_prepare_v2(src->h, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : raw_error(src->h, rc, "count the rows");
}

/* SELECT "c1", "c2", … FROM "table" (sqlite3_free it). */
static char *select_sql(const char *table, const petory__names *columns)
{
	char *sql = sqlite3_mprintf("SELECT "), *next;
	size_t i;

	for (i = 0; sql && i < columns->count; i++) {
		next = sqlite3_mprintf(
			"%s%s\"%w\"", sql, i ? ", " : "", columns->items[i]);
		sqlite3_free(sql);
		sql = next;
	}
	if (sql) {
		next = sqlite3_mprintf("%s FROM \"%w\"", sql, table);
		sqlite3_free(sql);
		sql = next;
	}
	return sql;
}

static void read_cell(petory__cell *c, sqlite3_stmt *s, int col)
{
	static const unsigned char empty[1] = { 0 };

	memset(c, 0, sizeof(*c));
	switch (sqlite3_column_type(s, col)) {
	case SQLITE_INTEGER:
		c->kind = PETORY__CELL_INT;
		c->i = sqlite3_column_int64(s, col);
		break;
	case SQLITE_FLOAT:
		c->kind = PETORY__CELL_REAL;
		c->r = sqlite3_column_double(s, col);
		break;
	case SQLITE_TEXT:
		c->kind = PETORY__CELL_TEXT;
		c->bytes = sqlite3_column_text(s, col);
		c->len = (size_t)sqlite3_column_bytes(s, col);
		break;
	case SQLITE_BLOB:
		c->kind = PETORY__CELL_BLOB;
		c->bytes = sqlite3_column_blob(s, col);
		c->len = (size_t)sqlite3_column_bytes(s, col);
		break;
	default:
		c->kind = PETORY__CELL_NULL;
		break;
	}
	if ((c->kind == PETORY__CELL_TEXT || c->kind == PETORY__CELL_BLOB) &&
		!c->bytes)
		c->bytes = empty;
}

int petory__sqlite_source_rows(petory__sqlite_source *src, const char *table,
	const petory__names *columns, petory__row_fn fn, void *payload,
	int64_t *rows_out)
{
	petory__cell *cells;
	sqlite3_stmt *s = NULL;
	char *sql;
	size_t i;
	int rc, error = 0;

	*rows_out = 0;
	if (columns->count == 0)
		return petory_error_set(
			PETORY_EINVALID, NULL, "no columns to read");
	if (!(cells = calloc(columns->count, sizeof(*cells))))
		return petory__error_oom();
	if (!(sql = select_sql(table, columns))) {
		free(cells);
		return petory__error_oom();
	}
	rc = sqlite3_prepare_v2(src->h, sql, -1, &s, NULL);
	sqlite3_free(sql);
	while (!error && rc == SQLITE_OK &&
		(rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < columns->count; i++)
			read_cell(&cells[i], s, (int)i);
		error = fn(payload, cells, columns->count);
		if (!error)
			(*rows_out)++;
		rc = SQLITE_OK;
	}
	if (!error && rc != SQLITE_DONE)
		error = raw_error(src->h, rc, "read the rows");
	sqlite3_finalize(s);
	free(cells);
	return error;
}
