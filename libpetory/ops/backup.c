/* backup.c -- petory_backup and petory_restore (see petory/ops.h).
 *
 * Backup: refuse when PATH or PATH.files exists; copy the database into
 * PATH.tmp-XXXXXX (store/sqlite/ops.c: one snapshot, checked); with the
 * local file store, copy the bytes of every key the *copy* lists as
 * UPLOADED or ATTACHED into PATH.files.tmp-XXXXXX/<k0k1>/<key>, read
 * through the blob store, and rename that directory to PATH.files; last,
 * link the database copy to PATH (which fails rather than overwrite), so
 * PATH appears only once the backup is whole.
 *
 * Restore: every check first (the backup exists and passes
 * integrity_check, its schema is not newer than this build, the targets
 * are absent or empty), then the database into a temporary file beside
 * the target and the listed files into a temporary directory beside the
 * target directory, each renamed into place at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "domain/domain.h"
#include "petory/ops.h"
#include "store/sqlite/ops_sqlite.h"

#define PATH_MAX_BYTES 4096

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int io_error(const char *what, const char *path)
{
	int e = errno;
	return petory_error_set(PETORY_EBACKEND, "IO_ERROR", "%s '%s': %s",
		what, path, strerror(e));
}

static int too_long(const char *path)
{
	return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
		"the path '%.200s…' is too long", path);
}

/* 1 when path exists (as anything, a dangling link included). */
/* A database file that is not a sound PETORY database (what the store
 * found in it: not a database, a failed integrity check). */
static int corrupt(const char *which, const char *path, const char *why)
{
	return petory_error_set(PETORY_EINVALID, "BACKUP_CORRUPT",
		"%s '%s' is not a sound PETORY database: %s", which, path, why);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 || errno != ENOENT;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path ("." when it has none). */
static void parent_of(char *buf, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* Remove a directory laid out like the local store: dir/<sub>/<file>. */
static void remove_store_tree(const char *dir)
{
	char sub[PATH_MAX_BYTES], file[PATH_MAX_BYTES];
	struct dirent *e, *f;
	DIR *d = opendir(dir), *d2;

	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir,
			    e->d_name) >= sizeof(sub))
			continue;
		if ((d2 = opendir(sub))) {
			while ((f = readdir(d2)))
				if (strcmp(f->d_name, ".") != 0 &&
					strcmp(f->d_name, "..") != 0) {
					if ((size_t)snprintf(file, sizeof(file),
						    "%s/%s", sub,
						    f->d_name) < sizeof(file))
						unlink(file);
				}
			closedir(d2);
			rmdir(sub);
		} else {
			unlink(sub);
		}
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Copy all of fd_in into a new file dir/<k0k1>/<key>; *bytes_out gets
 * its size.  The file is fsync'd. */
static int copy_into(int64_t *bytes_out, int fd_in, const char *dir,
	const char *key, const char *what)
{
	char path[PATH_MAX_BYTES], buf[65536];
	int64_t total = 0;
	int fd, error = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%.2s", dir, key) >=
		sizeof(path))
		return too_long(dir);
	if (mkdir(path, 0750) < 0 && errno != EEXIST)
		return io_error("cannot create", path);
	if ((size_t)snprintf(path, sizeof(path), "%s/%.2s/%s", dir, key, key) >=
		sizeof(path))
		return too_long(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return io_error("cannot create", path);
	for (;;) {
		ssize_t n = read(fd_in, buf, sizeof(buf)), done = 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = io_error("cannot read", what);
			break;
		}
		if (n == 0)
			break;
		while (done < n) {
			ssize_t w = write(fd, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				error = io_error("cannot write", path);
				break;
			}
			done += w;
		}
		if (error)
			break;
		total += n;
	}
	if (!error && fsync(fd) < 0)
		error = io_error("cannot sync", path);
	close(fd);
	if (error)
		unlink(path);
	*bytes_out = total;
	return error;
}

/* Drop dir/<k0k1>/<key> (a copy of the wrong size). */
static void drop_copy(const char *dir, const char *key)
{
	char path[PATH_MAX_BYTES];
	if ((size_t)snprintf(path, sizeof(path), "%s/%.2s/%s", dir, key, key) <
		sizeof(path))
		unlink(path);
}

/* ---- backup ----------------------------------------------------------- */

/* Copy the bytes of the keys the database copy at db_copy lists into
 * the new directory tmp_dir, through the handle's blob store. */
static int backup_files(petory_backup_report *rep, petory *db,
	const char *db_copy, const char *tmp_dir)
{
	petory__stored_file *files = NULL;
	size_t count = 0, i;
	int error;

	if ((error = petory__sqlite_stored_files(db_copy, &files, &count)) < 0)
		return error;
	for (i = 0; i < count && !error; i++) {
		petory_blob_stat st;
		int64_t bytes = 0;
		int fd = -1, rc;

		rc = db->blob->open(&fd, &st, db->blob, files[i].key);
		if (rc == PETORY_ENOTFOUND) {
			/* Removed after the snapshot (or lost before it). */
			petory__log(PETORY_LOG_WARN,
				"backup: the bytes of file %s are gone",
				files[i].key);
			rep->files_missing++;
			continue;
		}
		if (rc < 0) {
			error = rc;
			break;
		}
		error = copy_into(
			&bytes, fd, tmp_dir, files[i].key, files[i].key);
		close(fd);
		if (error)
			break;
		if (bytes != files[i].size)
			petory__log(PETORY_LOG_WARN,
				"backup: file %s has %lld bytes, its record "
				"says %lld",
				files[i].key, (long long)bytes,
				(long long)files[i].size);
		rep->files++;
		rep->file_bytes += bytes;
	}
	free(files);
	return error;
}

int petory_backup(petory_backup_report *out, petory *db,
	const petory_identity *actor, const char *path)
{
	char tmp[PATH_MAX_BYTES], files_path[PATH_MAX_BYTES],
		files_tmp[PATH_MAX_BYTES], unsound[512];
	petory_backup_report rep;
	int64_t started = monotonic_ms();
	int local, error, fd;
	struct stat st;

	memset(&rep, 0, sizeof(rep));
	if (out)
		*out = rep;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	if (!path || !*path)
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"the backup needs a file name");
	if (!db->store || !db->store->name ||
		strcmp(db->store->name, "sqlite") != 0)
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"petory_backup copies a SQLite database; back up a "
			"PostgreSQL database with pg_dump (and the files "
			"directory or bucket beside it)");
	if ((size_t)snprintf(files_path, sizeof(files_path), "%s.files",
		    path) >= sizeof(files_path) - 16)
		return too_long(path);
	if (exists(path))
		return petory_error_set(PETORY_EEXISTS, "BACKUP_EXISTS",
			"'%s' already exists; a backup never overwrites", path);
	if (exists(files_path))
		return petory_error_set(PETORY_EEXISTS, "BACKUP_EXISTS",
			"'%s' already exists; a backup never overwrites",
			files_path);
	local = db->blob && db->blob->name &&
		strcmp(db->blob->name, "local") == 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >=
		sizeof(tmp))
		return too_long(path);
	/* mkstemp makes the copy 0600: it holds the signing keys. */
	if ((fd = mkstemp(tmp)) < 0)
		return io_error("cannot create", tmp);
	close(fd);
	error = petory__sqlite_backup_to(
		db, tmp, &rep.db_pages, unsound, sizeof(unsound));
	if (!error && unsound[0])
		error = corrupt("the copy", tmp, unsound);
	if (!error && fsync_path(tmp, O_RDONLY) < 0)
		error = io_error("cannot sync", tmp);
	if (!error && stat(tmp, &st) == 0)
		rep.db_bytes = (int64_t)st.st_size;

	files_tmp[0] = '\0';
	if (!error && local) {
		if ((size_t)snprintf(files_tmp, sizeof(files_tmp),
			    "%s.tmp-XXXXXX", files_path) >= sizeof(files_tmp)) {
			error = too_long(files_path);
			files_tmp[0] = '\0';
		} else if (!mkdtemp(files_tmp)) {
			error = io_error("cannot create", files_tmp);
			files_tmp[0] = '\0';
		} else if (chmod(files_tmp, 0750) < 0) {
			error = io_error("cannot set the mode of", files_tmp);
		}
		if (!error)
			error = backup_files(&rep, db, tmp, files_tmp);
		if (!error && rename(files_tmp, files_path) < 0)
			error = io_error("cannot rename into", files_path);
		if (!error) {
			files_tmp[0] = '\0';
			rep.files_copied = 1;
		}
	}
	if (!error && link(tmp, path) < 0) {
		if (errno == EEXIST)
			error = petory_error_set(PETORY_EEXISTS,
				"BACKUP_EXISTS",
				"'%s' appeared while the backup ran; it was "
				"left alone",
				path);
		else
			error = io_error("cannot link into", path);
		if (rep.files_copied)
			remove_store_tree(files_path);
	}
	unlink(tmp);
	if (files_tmp[0])
		remove_store_tree(files_tmp);
	if (error)
		return error;
	parent_of(tmp, sizeof(tmp), path);
	fsync_path(tmp, O_RDONLY | O_DIRECTORY);
	rep.duration_ms = monotonic_ms() - started;
	if (out)
		*out = rep;
	return 0;
}

/* ---- restore ---------------------------------------------------------- */

/* EEXISTS unless path is absent or an empty regular file. */
static int target_file_free(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return io_error("cannot inspect", path);
	}
	if (S_ISREG(st.st_mode) && st.st_size == 0)
		return 0;
	return petory_error_set(PETORY_EEXISTS, "RESTORE_TARGET_NOT_EMPTY",
		"'%s' exists and is not empty; a restore never overwrites",
		path);
}

/* EEXISTS unless dir is absent or an empty directory; *present_out 1
 * when it exists. */
static int target_dir_free(const char *dir, int *present_out)
{
	struct dirent *e;
	struct stat st;
	DIR *d;
	int empty = 1;

	*present_out = 0;
	if (lstat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return io_error("cannot inspect", dir);
	}
	*present_out = 1;
	if (!S_ISDIR(st.st_mode))
		return petory_error_set(PETORY_EEXISTS,
			"RESTORE_TARGET_NOT_EMPTY",
			"'%s' exists and is not a directory", dir);
	if (!(d = opendir(dir)))
		return io_error("cannot read", dir);
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty)
		return petory_error_set(PETORY_EEXISTS,
			"RESTORE_TARGET_NOT_EMPTY",
			"'%s' is not empty; a restore never overwrites", dir);
	return 0;
}

static int restore_files(petory_restore_report *rep,
	const petory__stored_file *files, size_t count, const char *from,
	const char *to)
{
	char path[PATH_MAX_BYTES];
	size_t i;
	int error = 0;

	for (i = 0; i < count && !error; i++) {
		int64_t bytes = 0;
		int fd;

		if ((size_t)snprintf(path, sizeof(path), "%s/%.2s/%s", from,
			    files[i].key, files[i].key) >= sizeof(path))
			return too_long(from);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			if (errno != ENOENT)
				return io_error("cannot open", path);
			petory__log(PETORY_LOG_WARN,
				"restore: the backup has no bytes for file %s",
				files[i].key);
			rep->files_missing++;
			continue;
		}
		error = copy_into(&bytes, fd, to, files[i].key, path);
		close(fd);
		if (error)
			break;
		if (bytes != files[i].size) {
			petory__log(PETORY_LOG_WARN,
				"restore: file %s has %lld bytes in the "
				"backup, its record says %lld; not restored",
				files[i].key, (long long)bytes,
				(long long)files[i].size);
			drop_copy(to, files[i].key);
			rep->files_missing++;
			continue;
		}
		rep->files++;
		rep->file_bytes += bytes;
	}
	return error;
}

int petory_restore(petory_restore_report *out, const char *backup_path,
	const char *db_path, const char *files_dir)
{
	char backup_files_dir[PATH_MAX_BYTES], wal[PATH_MAX_BYTES],
		db_tmp[PATH_MAX_BYTES], dir_tmp[PATH_MAX_BYTES], unsound[512];
	petory_restore_report rep;
	petory__stored_file *files = NULL;
	size_t count = 0;
	int has_files = 0, dir_present = 0, version = 0, error, fd;
	struct stat st;

	memset(&rep, 0, sizeof(rep));
	if (out)
		*out = rep;
	if (!backup_path || !*backup_path || !db_path || !*db_path)
		return petory_error_set(PETORY_EINVALID, "INVALID_PARAMETER",
			"the backup and the database need a path");
	if (petory_database_is_url(db_path))
		return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
			"petory_restore writes a SQLite file; restore a "
			"PostgreSQL database with pg_restore from its pg_dump, "
			"or restore into a SQLite file and copy it with "
			"'petoryctl migrate-to'");
	if ((size_t)snprintf(backup_files_dir, sizeof(backup_files_dir),
		    "%s.files", backup_path) >= sizeof(backup_files_dir) ||
		(size_t)snprintf(wal, sizeof(wal), "%s-wal", db_path) >=
			sizeof(wal) ||
		strlen(db_path) + 16 > sizeof(db_tmp) ||
		(files_dir && strlen(files_dir) + 16 > sizeof(dir_tmp)))
		return too_long(db_path);

	/* Every check before anything is written. */
	if (stat(backup_path, &st) < 0) {
		if (errno == ENOENT)
			return petory_error_set(PETORY_ENOTFOUND,
				"BACKUP_NOT_FOUND", "no backup at '%s'",
				backup_path);
		return io_error("cannot read", backup_path);
	}
	if (!S_ISREG(st.st_mode))
		return petory_error_set(PETORY_EINVALID, "BACKUP_CORRUPT",
			"'%s' is not a file", backup_path);
	has_files = stat(backup_files_dir, &st) == 0 && S_ISDIR(st.st_mode);
	if ((error = target_file_free(db_path)) < 0 ||
		(error = target_file_free(wal)) < 0)
		return error;
	if (files_dir && (error = target_dir_free(files_dir, &dir_present)) < 0)
		return error;
	if (has_files && !files_dir)
		return petory_error_set(PETORY_EINVALID, "FILES_DIR_REQUIRED",
			"the backup holds files: name the directory to "
			"restore them into");
	if ((error = petory__sqlite_check_file(
		     backup_path, &version, unsound, sizeof(unsound))) < 0)
		return error;
	if (unsound[0])
		return corrupt("the backup", backup_path, unsound);
	if (version < 1)
		return corrupt(
			"the backup", backup_path, "it has no PETORY schema");
	rep.schema_version = version;
	if (version > petory_schema_version_supported())
		return petory_error_set(PETORY_EVERSION, "DATABASE_TOO_NEW",
			"the backup has schema version %d; this build knows "
			"up to %d",
			version, petory_schema_version_supported());
	if (has_files && (error = petory__sqlite_stored_files(
				  backup_path, &files, &count)) < 0)
		return error;

	/* The database, beside its target. */
	if ((size_t)snprintf(db_tmp, sizeof(db_tmp), "%s.tmp-XXXXXX",
		    db_path) >= sizeof(db_tmp) ||
		(fd = mkstemp(db_tmp)) < 0) {
		free(files);
		return io_error("cannot create", db_tmp);
	}
	close(fd);
	/* Private like the database it replaces (it holds the keys). */
	chmod(db_tmp, 0600);
	error = petory__sqlite_copy_file(
		backup_path, db_tmp, unsound, sizeof(unsound));
	if (!error && unsound[0])
		error = corrupt("the restored copy", db_tmp, unsound);
	if (!error && fsync_path(db_tmp, O_RDONLY) < 0)
		error = io_error("cannot sync", db_tmp);
	if (!error && stat(db_tmp, &st) == 0)
		rep.db_bytes = (int64_t)st.st_size;

	/* The files, beside their target directory. */
	dir_tmp[0] = '\0';
	if (!error && has_files) {
		if ((size_t)snprintf(dir_tmp, sizeof(dir_tmp), "%s.tmp-XXXXXX",
			    files_dir) >= sizeof(dir_tmp) ||
			!mkdtemp(dir_tmp)) {
			error = io_error("cannot create", dir_tmp);
			dir_tmp[0] = '\0';
		} else if (chmod(dir_tmp, 0750) < 0) {
			error = io_error("cannot set the mode of", dir_tmp);
		}
		if (!error)
			error = restore_files(
				&rep, files, count, backup_files_dir, dir_tmp);
		/* rename(2) replaces an empty directory. */
		if (!error && rename(dir_tmp, files_dir) < 0)
			error = io_error("cannot rename into", files_dir);
		if (!error) {
			dir_tmp[0] = '\0';
			rep.files_restored = 1;
		}
	}
	if (!error && rename(db_tmp, db_path) < 0) {
		error = io_error("cannot rename into", db_path);
		if (rep.files_restored) {
			remove_store_tree(files_dir);
			if (dir_present)
				mkdir(files_dir, 0750);
		}
	}
	if (error)
		unlink(db_tmp);
	if (dir_tmp[0])
		remove_store_tree(dir_tmp);
	free(files);
	if (error)
		return error;
	parent_of(db_tmp, sizeof(db_tmp), db_path);
	fsync_path(db_tmp, O_RDONLY | O_DIRECTORY);
	if (out)
		*out = rep;
	return 0;
}
