/* migrate.c -- petory_migrate_to: a SQLite database copied into an empty
 * PostgreSQL database (see petory/ops.h).
 *
 * The stores report facts (store/sqlite/migrate_source.h: the source's
 * snapshot, its tables and their kinds, columns, counts and rows;
 * store/postgres/migrate_target.h: what a database holds before anything
 * is written, then a locked session that loads, counts and advances
 * sequences); this file decides: which tables to copy (SQLite's ordinary
 * tables; not its virtual tables and their storage, which PostgreSQL
 * replaces with indexes, nor its own sqlite_* tables, nor PostgreSQL's
 * record of its migrations), when to refuse (and with which reason), in
 * which order to load (parents before the tables whose foreign keys
 * point at them), and whether the counts agree.
 *
 * The order of the checks keeps every refusal free of writes: the source
 * and its schema version first; then the target is probed without being
 * migrated (a database holding rows is refused untouched); only then is
 * it opened as a store, which creates the schema in it; its tables are
 * locked, found empty again (another process may have raced us), loaded
 * and counted in one transaction that commits only when every count
 * agrees with the source's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/domain.h"
#include "petory/ops.h"
#include "store/postgres/migrate_target.h"
#include "store/sqlite/migrate_source.h"

/* Rows between two progress reports. */
#define PROGRESS_EVERY 1000

/* A table to copy: its columns (the source's order), its count in the
 * source, and its slot in the report. */
typedef struct planned {
	const char *name;
	petory__names columns;
	int64_t source_rows;
	const petory__target_table *target;
	petory_migrate_table *report;
	int loaded; /* topological order: already placed */
} planned;

typedef struct migration {
	petory_migrate_report *rep;
	petory__sqlite_source *src;
	petory__pg_target *target;
	planned *tables;
	size_t count;
	size_t *order; /* indexes of tables, parents first */
	petory_progress_fn progress;
	void *progress_payload;
	int64_t done, total, reported;
} migration;

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Re-set the thread's error with the API's reason, keeping its code and
 * message (what the store reported). */
static int with_reason(int error, const char *reason, const char *prefix)
{
	char message[512];

	snprintf(message, sizeof(message), "%s%s", prefix,
		petory_error_last()->message);
	return petory_error_set(error, reason, "%s", message);
}

/* What opening the source reported, in the API's words. */
static int source_failed(int error)
{
	if (error == PETORY_ENOTFOUND)
		return with_reason(error, "DATABASE_NOT_FOUND", "");
	if (error == PETORY_EINVALID)
		return with_reason(error, "NOT_A_PETORY_DATABASE", "");
	return error;
}

/* What connecting to the target reported, in the API's words. */
static int target_failed(int error)
{
	if (error == PETORY_EINVALID)
		return with_reason(error, "INVALID_DATABASE_URL", "");
	if (error == PETORY_EUNAVAILABLE)
		return with_reason(error, "DATABASE_UNAVAILABLE", "");
	if (error == PETORY_EVERSION)
		return with_reason(error, "DATABASE_TOO_NEW", "");
	return error;
}

static int source_version_ok(int version, int latest, const char *path)
{
	if (version == 0)
		return petory_error_set(PETORY_EINVALID,
			"NOT_A_PETORY_DATABASE",
			"'%s' has no PETORY schema (schema version 0)", path);
	if (version < latest)
		return petory_error_set(PETORY_EVERSION, "SCHEMA_MISMATCH",
			"'%s' is at schema version %d and this build's "
			"PostgreSQL schema at %d: open it with this build "
			"first (petoryctl --db %s init migrates it), then "
			"migrate it",
			path, version, latest, path);
	if (version > latest)
		return petory_error_set(PETORY_EVERSION, "SCHEMA_MISMATCH",
			"'%s' is at schema version %d but this build's "
			"PostgreSQL schema only reaches %d: migrate it with "
			"a build that knows its schema",
			path, version, latest);
	return 0;
}

static int not_empty(const char *url, const char *table)
{
	return petory_error_set(PETORY_EEXISTS, "TARGET_NOT_EMPTY",
		"the PostgreSQL database %s is not empty (table %s holds "
		"rows): migrate-to copies only into an empty database; "
		"nothing was written",
		url, table);
}

static int mismatch(const char *fmt, const char *a, const char *b)
{
	char what[256];

	snprintf(what, sizeof(what), fmt, a, b);
	return petory_error_set(PETORY_EVERSION, "SCHEMA_MISMATCH",
		"the SQLite and PostgreSQL schemas differ: %s", what);
}

/* ---- the plan --------------------------------------------------------- */

static const petory__target_table *target_named(
	const petory__pg_target *t, const char *name)
{
	size_t i, n = petory__pg_target_table_count(t);

	for (i = 0; i < n; i++) {
		const petory__target_table *tt = petory__pg_target_table(t, i);
		if (strcmp(tt->name, name) == 0)
			return tt;
	}
	return NULL;
}

static int skip(migration *m, const char *name)
{
	petory_migrate_report *rep = m->rep;

	if (rep->skipped_count >= PETORY_MIGRATE_SKIPPED_MAX)
		return 0; /* listed up to the limit; skipped all the same */
	snprintf(rep->skipped[rep->skipped_count++], sizeof(rep->skipped[0]),
		"%s", name);
	return 0;
}

/* Same columns on both sides (as sets; the copy names them). */
static int same_columns(const planned *p)
{
	const petory__names *theirs = &p->target->columns;
	size_t i;

	for (i = 0; i < p->columns.count; i++)
		if (petory__names_find(theirs, p->columns.items[i]) < 0)
			return mismatch("column %s.%s exists only in SQLite",
				p->name, p->columns.items[i]);
	for (i = 0; i < theirs->count; i++)
		if (petory__names_find(&p->columns, theirs->items[i]) < 0)
			return mismatch("column %s.%s exists only in "
					"PostgreSQL",
				p->name, theirs->items[i]);
	return 0;
}

/* The tables to copy: the source's ordinary tables, each with its
 * counterpart in the target, and no target table left without one. */
static int plan(migration *m)
{
	size_t i, n = petory__sqlite_source_table_count(m->src), tn;
	int error;

	if (!(m->tables = calloc(n + 1, sizeof(*m->tables))))
		return petory__error_oom();
	for (i = 0; i < n; i++) {
		const petory__source_table *st =
			petory__sqlite_source_table(m->src, i);
		planned *p;

		if (st->kind == PETORY__SOURCE_INTERNAL)
			continue;
		if (st->kind != PETORY__SOURCE_TABLE) {
			skip(m, st->name);
			continue;
		}
		p = &m->tables[m->count++];
		p->name = st->name;
		if (!(p->target = target_named(m->target, st->name)) ||
			p->target->bookkeeping)
			return mismatch("table %s exists only in SQLite%s",
				st->name, "");
		if ((error = petory__sqlite_source_columns(
			     m->src, st->name, &p->columns)) < 0 ||
			(error = same_columns(p)) < 0 ||
			(error = petory__sqlite_source_count(
				 m->src, st->name, &p->source_rows)) < 0)
			return error;
		m->total += p->source_rows;
	}
	tn = petory__pg_target_table_count(m->target);
	for (i = 0; i < tn; i++) {
		const petory__target_table *tt =
			petory__pg_target_table(m->target, i);
		size_t j;

		if (tt->bookkeeping)
			continue;
		for (j = 0; j < m->count; j++)
			if (m->tables[j].target == tt)
				break;
		if (j == m->count)
			return mismatch("table %s exists only in PostgreSQL%s",
				tt->name, "");
	}
	if (m->count > PETORY_MIGRATE_TABLES_MAX)
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"%zu tables to copy; a migration reports at most %d",
			m->count, PETORY_MIGRATE_TABLES_MAX);
	return 0;
}

/* Whether table p waits for a table not yet placed. */
static int waits(const migration *m, const planned *p)
{
	const petory__names *refs = &p->target->references;
	size_t i, j;

	for (i = 0; i < refs->count; i++)
		for (j = 0; j < m->count; j++)
			if (!m->tables[j].loaded &&
				strcmp(m->tables[j].name, refs->items[i]) == 0)
				return 1;
	return 0;
}

/* A load order in which every table comes after the tables its foreign
 * keys point at (ties by name). */
static int order(migration *m)
{
	size_t placed = 0, i;

	if (!(m->order = calloc(m->count + 1, sizeof(*m->order))))
		return petory__error_oom();
	while (placed < m->count) {
		size_t before = placed;

		for (i = 0; i < m->count; i++) {
			planned *p = &m->tables[i];
			if (p->loaded || waits(m, p))
				continue;
			p->loaded = 1;
			m->order[placed++] = i;
		}
		if (placed == before)
			return petory_error_set(PETORY_EBACKEND, NULL,
				"the PostgreSQL tables' foreign keys form a "
				"cycle: they cannot be loaded one by one");
	}
	return 0;
}

/* ---- the copy --------------------------------------------------------- */

static void report_progress(migration *m)
{
	if (m->progress && m->done != m->reported) {
		m->reported = m->done;
		m->progress(m->progress_payload, m->done, m->total);
	}
}

static int copy_row(void *payload, const petory__cell *cells, size_t count)
{
	migration *m = payload;
	int error = petory__pg_target_copy_row(m->target, cells, count);

	if (error == 0 && ++m->done % PROGRESS_EVERY == 0)
		report_progress(m);
	return error;
}

static int copy_table(migration *m, planned *p)
{
	int64_t read = 0, copied = 0;
	int error;

	if ((error = petory__pg_target_copy_begin(
		     m->target, p->name, &p->columns)) < 0)
		return error;
	error = petory__sqlite_source_rows(
		m->src, p->name, &p->columns, copy_row, m, &read);
	if (error)
		return error; /* the session's end aborts the COPY */
	if ((error = petory__pg_target_copy_end(m->target, &copied)) < 0)
		return error;
	report_progress(m);
	if (read != p->source_rows || copied != p->source_rows)
		return petory_error_set(PETORY_EBACKEND,
			"MIGRATION_COUNT_MISMATCH",
			"table %s: %lld rows counted in SQLite, %lld read, "
			"%lld copied; nothing was written",
			p->name, (long long)p->source_rows, (long long)read,
			(long long)copied);
	return 0;
}

/* Read every count back, advance the sequences, compare. */
static int check_and_finish(migration *m, planned *p)
{
	petory_migrate_table *r = p->report;
	int error;

	snprintf(r->name, sizeof(r->name), "%s", p->name);
	r->source_rows = p->source_rows;
	if ((error = petory__pg_target_count(
		     m->target, p->name, &r->target_rows)) < 0)
		return error;
	if (r->target_rows != r->source_rows)
		return petory_error_set(PETORY_EBACKEND,
			"MIGRATION_COUNT_MISMATCH",
			"table %s: %lld rows in SQLite, %lld in PostgreSQL "
			"after the copy; nothing was written",
			p->name, (long long)r->source_rows,
			(long long)r->target_rows);
	if (p->target->identity)
		error = petory__pg_target_advance_identity(
			m->target, p->name, p->target->identity, &r->next_id);
	return error;
}

static int run(migration *m)
{
	size_t i;
	int error;

	if ((error = plan(m)) < 0 || (error = order(m)) < 0)
		return error;
	/* Found empty by the probe; again now that the tables are locked,
	 * in case another process wrote in between. */
	for (i = 0; i < m->count; i++) {
		bool rows = false;

		if ((error = petory__pg_target_has_rows(
			     m->target, m->tables[i].name, &rows)) < 0)
			return error;
		if (rows)
			return not_empty(petory__pg_target_url(m->target),
				m->tables[i].name);
	}
	for (i = 0; i < m->count; i++)
		m->tables[i].report = &m->rep->tables[i];
	m->rep->table_count = m->count;
	for (i = 0; i < m->count; i++)
		if ((error = copy_table(m, &m->tables[m->order[i]])) < 0)
			return error;
	for (i = 0; i < m->count; i++)
		if ((error = check_and_finish(m, &m->tables[i])) < 0)
			return error;
	m->rep->rows = m->done;
	return 0;
}

static void migration_free(migration *m)
{
	size_t i;

	for (i = 0; m->tables && i < m->count; i++)
		petory__names_free(&m->tables[i].columns);
	free(m->tables);
	free(m->order);
}

int petory_migrate_to(petory_migrate_report *out, const char *sqlite_path,
	const char *pg_url, petory_progress_fn progress, void *progress_payload)
{
	petory__pg_probe_facts facts;
	petory_migrate_report rep;
	petory_store *st = NULL;
	migration m;
	int64_t started = monotonic_ms();
	int error, latest;

	memset(&rep, 0, sizeof(rep));
	memset(&m, 0, sizeof(m));
	if (out)
		*out = rep;
	if (!sqlite_path || !*sqlite_path)
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"the SQLite database needs a path");
	if (!pg_url || !*pg_url)
		return petory_error_set(PETORY_EINVALID, "INVALID_DATABASE_URL",
			"the PostgreSQL database needs a URL: "
			"postgres://USER@HOST:PORT/DATABASE");
	m.rep = &rep;
	m.progress = progress;
	m.progress_payload = progress_payload;

	/* The source: one snapshot, at this build's schema. */
	if ((error = petory__sqlite_source_open(&m.src, sqlite_path)) < 0)
		return source_failed(error);
	latest = petory__pg_schema_latest();
	rep.schema_version = petory__sqlite_source_version(m.src);
	if ((error = source_version_ok(
		     rep.schema_version, latest, sqlite_path)) < 0)
		goto done;

	/* The target, looked at before anything is written to it. */
	if ((error = petory__pg_probe(&facts, pg_url)) < 0) {
		error = target_failed(error);
		goto done;
	}
	snprintf(rep.target, sizeof(rep.target), "%s", facts.url);
	if (facts.filled_table[0]) {
		error = not_empty(facts.url, facts.filled_table);
		goto done;
	}
	if (facts.schema_version > latest) {
		error = petory_error_set(PETORY_EVERSION, "DATABASE_TOO_NEW",
			"the PostgreSQL database %s has schema version %d; "
			"this build knows up to %d",
			facts.url, facts.schema_version, latest);
		goto done;
	}

	/* Now its schema, then the rows in one transaction. */
	if ((error = petory_postgres_store_new(&st, pg_url, 1)) < 0) {
		error = target_failed(error);
		goto done;
	}
	if ((error = petory__pg_target_begin(&m.target, st)) < 0)
		goto done;
	latest = petory__pg_target_schema_version(m.target);
	if (latest != rep.schema_version) {
		petory__pg_target_end(m.target, PETORY_EVERSION);
		m.target = NULL;
		error = petory_error_set(PETORY_EVERSION, "SCHEMA_MISMATCH",
			"the SQLite database is at schema version %d and the "
			"PostgreSQL database at %d",
			rep.schema_version, latest);
		goto done;
	}
	error = run(&m);
	error = petory__pg_target_end(m.target, error);
	m.target = NULL;
	if (error == 0) {
		report_progress(&m);
		petory__log(PETORY_LOG_INFO,
			"migrate-to: %lld rows in %zu tables copied into %s",
			(long long)rep.rows, rep.table_count, rep.target);
	}
done:
	if (st)
		st->free(st);
	petory__sqlite_source_close(m.src);
	migration_free(&m);
	if (error)
		return error;
	rep.duration_ms = monotonic_ms() - started;
	if (out)
		*out = rep;
	return 0;
}
