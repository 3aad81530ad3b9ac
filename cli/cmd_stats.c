/* cmd_stats.c -- "petoryctl stats": the state of an installation at a
 * glance (petory_ops_stats_get), as text for a person or as JSON with
 * stable keys for a machine.
 */
#include <stdio.h>

#include "args.h"
#include "output.h"

static const char stats_help[] =
	"Usage: petoryctl [--db PATH] [--json] stats [--files DIR]\n"
	"\n"
	"Show what the installation holds: users by status, rows per domain,\n"
	"places by status, file records by state, the database's size (pages\n"
	"and WAL), the local file store's size, the outbox backlog and the\n"
	"last run of each scheduled job.  Counts are SELECT count(*) of each\n"
	"table (soft-deleted rows included), read in one transaction.  Safe\n"
	"while the server runs.\n"
	"\n"
	"Options:\n" CTL_FILES_OPTION_HELP
	"  --db PATH       database file (default $PETORY_DB, else\n"
	"                  ./petory.db); SQLite only\n"
	"  --json          print one JSON object with these keys:\n"
	"                    generatedAt, schemaVersion\n"
	"                    users {ACTIVE, SUSPENDED, DEACTIVATED, DELETED,\n"
	"                      total}\n"
	"                    rows {pets, petImages, albums, albumImages,\n"
	"                      dailyAnswers, events, notifications,\n"
	"                      ownerBoards, comments, tradeBoards, chatRooms,\n"
	"                      chatMessages, placeLikes, reviews, reports}\n"
	"                    places {ACTIVE, INACTIVE, DELETED, total}\n"
	"                    files {PENDING, RECEIVING, UPLOADED, ATTACHED,\n"
	"                      total}\n"
	"                    database {path, pageSize, pageCount,\n"
	"                      freelistCount, bytes, walBytes}\n"
	"                    fileStore {backend (\"local\" or \"s3\"), dir,\n"
	"                      files, bytes} (dir, files, bytes null with s3)\n"
	"                    outbox {pending, retrying, oldestAt,\n"
	"                      oldestAgeSeconds} (null when nothing pends)\n"
	"                    jobs {<job>: {day, finishedAt, affected}}\n"
	"                  times are RFC 3339 UTC, sizes in bytes\n"
	"  --verbose       show the library's log on stderr\n"
	"  -h, --help      show this help\n"
	"\n" CTL_EXIT_HELP;

static json_t *counts_json(const petory_ops_count *c, size_t n, int total)
{
	json_t *o = json_object();
	int64_t sum = 0;
	size_t i;

	for (i = 0; o && i < n; i++) {
		json_object_set_new(o, c[i].name, json_integer(c[i].count));
		sum += c[i].count;
	}
	if (o && total)
		json_object_set_new(o, "total", json_integer(sum));
	return o;
}

static json_t *time_json(petory_time_ms t)
{
	char buf[40];
	return t ? json_string(petory_time_format(buf, sizeof(buf), t))
		 : json_null();
}

static json_t *stats_json(const petory_ops_stats *s, const char *db_path)
{
	json_t *jobs = json_object(), *store;
	int local = s->file_store_files >= 0;
	size_t i;

	for (i = 0; jobs && i < s->job_count; i++)
		json_object_set_new(jobs, s->jobs[i].job,
			json_pack("{s:s,s:o,s:I}", "day", s->jobs[i].day,
				"finishedAt", time_json(s->jobs[i].finished_at),
				"affected", (json_int_t)s->jobs[i].affected));
	store = json_pack("{s:s,s:o,s:o,s:o}", "backend", s->file_store, "dir",
		local ? json_string(s->file_store_dir) : json_null(), "files",
		local ? json_integer(s->file_store_files) : json_null(),
		"bytes",
		local ? json_integer(s->file_store_bytes) : json_null());
	return json_pack("{s:o,s:i,s:o,s:o,s:o,s:o,s:{s:s,s:I,s:I,s:I,s:I,"
			 "s:I},s:o,s:{s:I,s:I,s:o,s:o},s:o}",
		"generatedAt", time_json(s->now), "schemaVersion",
		s->schema_version, "users", counts_json(s->users, 4, 1), "rows",
		counts_json(s->rows, s->row_count, 0), "places",
		counts_json(s->places, 3, 1), "files",
		counts_json(s->files, 4, 1), "database", "path", db_path,
		"pageSize", (json_int_t)s->db_page_size, "pageCount",
		(json_int_t)s->db_page_count, "freelistCount",
		(json_int_t)s->db_freelist_count, "bytes",
		(json_int_t)s->db_bytes, "walBytes", (json_int_t)s->wal_bytes,
		"fileStore", store, "outbox", "pending",
		(json_int_t)s->outbox_pending, "retrying",
		(json_int_t)s->outbox_retrying, "oldestAt",
		time_json(s->outbox_oldest_at), "oldestAgeSeconds",
		s->outbox_oldest_at
			? json_integer((s->now - s->outbox_oldest_at) / 1000)
			: json_null(),
		"jobs", jobs);
}

/* "1.5 MiB" */
static const char *human(char *buf, size_t size, int64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%lld B", (long long)bytes);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

static void print_counts(
	const char *title, const petory_ops_count *c, size_t n, int total)
{
	int64_t sum = 0;
	size_t i;

	printf("%s\n", title);
	for (i = 0; i < n; i++) {
		printf("  %-15s %lld\n", c[i].name, (long long)c[i].count);
		sum += c[i].count;
	}
	if (total)
		printf("  %-15s %lld\n", "total", (long long)sum);
}

static void print_stats(const petory_ops_stats *s, const char *db_path)
{
	char a[40], b[40];
	size_t i;

	printf("PETORY at %s (schema version %d), %s\n\n", db_path,
		s->schema_version, petory_time_format(a, sizeof(a), s->now));
	print_counts("Users", s->users, 4, 1);
	print_counts("Rows", s->rows, s->row_count, 0);
	print_counts("Places", s->places, 3, 1);
	print_counts("File records", s->files, 4, 1);
	printf("Database\n"
	       "  %-15s %s (%lld pages of %lld bytes, %lld free)\n"
	       "  %-15s %s\n",
		"size", human(a, sizeof(a), s->db_bytes),
		(long long)s->db_page_count, (long long)s->db_page_size,
		(long long)s->db_freelist_count, "WAL",
		human(b, sizeof(b), s->wal_bytes));
	printf("File store\n");
	if (s->file_store_files >= 0)
		printf("  %-15s %s\n  %-15s %lld files, %s\n", "local",
			s->file_store_dir, "holds",
			(long long)s->file_store_files,
			human(a, sizeof(a), s->file_store_bytes));
	else
		printf("  %-15s %s (not measured)\n", "backend", s->file_store);
	printf("Outbox\n  %-15s %lld (%lld retrying)\n", "pending",
		(long long)s->outbox_pending, (long long)s->outbox_retrying);
	if (s->outbox_oldest_at)
		printf("  %-15s %s (%lld s ago)\n", "oldest",
			petory_time_format(a, sizeof(a), s->outbox_oldest_at),
			(long long)((s->now - s->outbox_oldest_at) / 1000));
	printf("Last job runs\n");
	if (s->job_count == 0)
		printf("  none yet\n");
	for (i = 0; i < s->job_count; i++)
		printf("  %-20s %s for %s, %lld affected\n", s->jobs[i].job,
			petory_time_format(
				a, sizeof(a), s->jobs[i].finished_at),
			s->jobs[i].day, (long long)s->jobs[i].affected);
}

int cmd_stats(ctl *c, int argc, char **argv)
{
	const char *dir = NULL;
	const ctl_arg args[] = { { "files", CTL_ARG_STRING, &dir },
		{ NULL, 0, NULL } };
	petory_options opts = PETORY_OPTIONS_INIT;
	petory_ops_stats s;
	petory *db = NULL;
	int rc, error;

	rc = ctl_parse(c, "stats", stats_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	ctl_files_options(&opts, dir);
	opts.pool_size = 2;
	if ((rc = ctl_open_with(&db, c, 0, &opts)) != 0)
		return rc;
	error = petory_ops_stats_get(&s, db, petory_identity_system());
	petory_close(db);
	if (error)
		return ctl_fail(error, "stats");
	if (c->json)
		return ctl_print_json(stats_json(&s, ctl_db_name(c)));
	print_stats(&s, ctl_db_name(c));
	return CTL_EXIT_OK;
}
