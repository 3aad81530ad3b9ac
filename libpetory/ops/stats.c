/* stats.c -- petory_ops_stats_get (see petory/ops.h): the SQL census from
 * store/sqlite/ops.c, plus what only the file system knows: the size of
 * the WAL and what the local file store holds.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/domain.h"
#include "petory/ops.h"
#include "store/sqlite/ops_sqlite.h"

static const char *const user_names[4] = { "ACTIVE", "SUSPENDED", "DEACTIVATED",
	"DELETED" };
static const char *const place_names[3] = { "ACTIVE", "INACTIVE", "DELETED" };
static const char *const file_names[4] = { "PENDING", "RECEIVING", "UPLOADED",
	"ATTACHED" };

/* Regular files under dir/<sub>/ (the local layout), .tmp excluded. */
static void walk_store(const char *dir, int64_t *files, int64_t *bytes)
{
	char sub[4096], file[4096];
	struct dirent *e, *f;
	struct stat st;
	DIR *d = opendir(dir), *d2;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ".", "..", ".tmp" */
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir,
			    e->d_name) >= sizeof(sub) ||
			!(d2 = opendir(sub)))
			continue;
		while ((f = readdir(d2))) {
			if (f->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(file, sizeof(file), "%s/%s", sub,
				    f->d_name) < sizeof(file) &&
				lstat(file, &st) == 0 && S_ISREG(st.st_mode)) {
				(*files)++;
				*bytes += (int64_t)st.st_size;
			}
		}
		closedir(d2);
	}
	if (d)
		closedir(d);
}

int petory_ops_stats_get(
	petory_ops_stats *out, petory *db, const petory_identity *actor)
{
	char wal[4096];
	struct stat st;
	size_t i;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	if (!db->store || !db->store->name ||
		strcmp(db->store->name, "sqlite") != 0)
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"the census reads a SQLite database; on PostgreSQL "
			"use its own statistics (pg_stat_user_tables, "
			"pg_database_size)");
	for (i = 0; i < 4; i++)
		out->users[i].name = user_names[i];
	for (i = 0; i < 3; i++)
		out->places[i].name = place_names[i];
	for (i = 0; i < 4; i++)
		out->files[i].name = file_names[i];
	out->now = petory_now(db);
	out->schema_version = db->schema_version;
	if ((error = petory__sqlite_ops_stats(db, out)) < 0)
		return error;
	if ((size_t)snprintf(wal, sizeof(wal), "%s-wal", db->cfg.db_path) <
			sizeof(wal) &&
		stat(wal, &st) == 0)
		out->wal_bytes = (int64_t)st.st_size;

	out->file_store = db->blob && db->blob->name ? db->blob->name : "none";
	if (strcmp(out->file_store, "local") == 0) {
		snprintf(out->file_store_dir, sizeof(out->file_store_dir), "%s",
			db->cfg.files_dir);
		walk_store(db->cfg.files_dir, &out->file_store_files,
			&out->file_store_bytes);
	} else {
		out->file_store_files = -1;
		out->file_store_bytes = -1;
	}
	return 0;
}
