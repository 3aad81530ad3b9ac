/* local.c -- the local-directory blob store (the default).
 *
 * Layout: <dir>/<k0k1>/<key> holds the bytes of key; <dir>/.tmp holds
 * writes in progress.  A write goes to a fresh file in .tmp (O_EXCL), is
 * fsync'd, then hard-linked to its final name and unlinked from .tmp: a
 * reader sees either nothing or the whole file, never a part of it, and a
 * key that already has bytes is never overwritten (link fails).  An
 * aborted or failed write unlinks its temporary file; what a crash leaves
 * in .tmp is removed by sweep().  Directories are created on first use,
 * so a handle that never stores a file leaves no trace on disk.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"

typedef struct local_store {
	petory_blob_store base; /* first */
	char *dir;
} local_store;

struct petory_blob_writer {
	local_store *st;
	int fd;
	char key[129];
	char tmp_path[4096];
};

#define DIR_OF(bs) (((local_store *)(bs))->dir)

static int io_error(const char *what, const char *path)
{
	int e = errno;
	petory__log(PETORY_LOG_ERROR, "local blob store: %s %s: %s", what, path,
		strerror(e));
	return petory_error_set(PETORY_EBACKEND, NULL, "file storage failure");
}

static int key_ok(const char *key)
{
	size_t n =
		key ? strspn(key, "0123456789abcdefghijklmnopqrstuvwxyz") : 0;
	if (n < 2 || n > 128 || key[n] != '\0')
		return petory_error_set(
			PETORY_EINVALID, NULL, "malformed blob key");
	return 0;
}

/* <dir>/<k0k1>/<key>; -1 when it does not fit. */
static int final_path(char *buf, size_t size, const char *dir, const char *key)
{
	int n = snprintf(buf, size, "%s/%.2s/%s", dir, key, key);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0750) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* mkdir -p of dir itself (the configured directory may be nested). */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t i, len = strlen(dir);
	if (len == 0 || len >= sizeof(path))
		return -1;
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (make_dir(path) < 0)
			return -1;
		path[i] = i < len ? '/' : '\0';
	}
	return 0;
}

static void local_free(petory_blob_store *bs)
{
	if (!bs)
		return;
	free(DIR_OF(bs));
	free(bs);
}

static int local_put_begin(petory_blob_writer **out, petory_blob_store *bs,
	const char *key, const char *content_type)
{
	local_store *st = (local_store *)bs;
	petory_blob_writer *w;
	char tmp_dir[4096], rnd[17];
	int error;

	(void)content_type;
	*out = NULL;
	if ((error = key_ok(key)) < 0)
		return error;
	if ((size_t)snprintf(tmp_dir, sizeof(tmp_dir), "%s/.tmp", st->dir) >=
		sizeof(tmp_dir))
		return petory_error_set(
			PETORY_EINVALID, NULL, "file directory name too long");
	if (make_dirs(st->dir) < 0 || make_dir(tmp_dir) < 0)
		return io_error("mkdir", tmp_dir);
	if (!(w = calloc(1, sizeof(*w))))
		return petory__error_oom();
	w->st = st;
	snprintf(w->key, sizeof(w->key), "%s", key);
	petory__random_hex(rnd, 8);
	if ((size_t)snprintf(w->tmp_path, sizeof(w->tmp_path), "%s/%s.%s.part",
		    tmp_dir, key, rnd) >= sizeof(w->tmp_path)) {
		free(w);
		return petory_error_set(
			PETORY_EINVALID, NULL, "file directory name too long");
	}
	w->fd = open(
		w->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (w->fd < 0) {
		error = io_error("create", w->tmp_path);
		free(w);
		return error;
	}
	*out = w;
	return 0;
}

static int local_put_write(petory_blob_writer *w, const void *data, size_t size)
{
	const char *p = data;
	while (size > 0) {
		ssize_t n = write(w->fd, p, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return io_error("write", w->tmp_path);
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

static void writer_drop(petory_blob_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	unlink(w->tmp_path);
	free(w);
}

static int local_put_commit(petory_blob_writer *w)
{
	char path[4096], shard[4096];
	int error = 0;

	if (final_path(path, sizeof(path), w->st->dir, w->key) < 0) {
		writer_drop(w);
		return petory_error_set(
			PETORY_EINVALID, NULL, "file directory name too long");
	}
	snprintf(shard, sizeof(shard), "%s/%.2s", w->st->dir, w->key);
	if (fsync(w->fd) < 0)
		error = io_error("fsync", w->tmp_path);
	else if (close(w->fd) < 0)
		error = io_error("close", w->tmp_path);
	w->fd = -1;
	if (!error && make_dir(shard) < 0)
		error = io_error("mkdir", shard);
	if (!error && link(w->tmp_path, path) < 0) {
		if (errno == EEXIST)
			error = petory_error_set(PETORY_EEXISTS, NULL,
				"the key already has its bytes");
		else
			error = io_error("link", path);
	}
	writer_drop(w);
	return error;
}

static void local_put_abort(petory_blob_writer *w)
{
	if (w)
		writer_drop(w);
}

static int local_open(int *fd_out, petory_blob_stat *stat_out,
	petory_blob_store *bs, const char *key)
{
	char path[4096];
	struct stat sb;
	int fd, error;

	*fd_out = -1;
	if ((error = key_ok(key)) < 0)
		return error;
	if (final_path(path, sizeof(path), DIR_OF(bs), key) < 0)
		return petory_error_set(PETORY_ENOTFOUND, NULL, "no such blob");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such blob");
		return io_error("open", path);
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return io_error("stat", path);
	}
	if (stat_out) {
		stat_out->size = (uint64_t)sb.st_size;
		stat_out->mtime = (petory_time_ms)sb.st_mtim.tv_sec * 1000 +
				  sb.st_mtim.tv_nsec / 1000000;
	}
	*fd_out = fd;
	return 0;
}

static int local_stat(
	petory_blob_stat *out, petory_blob_store *bs, const char *key)
{
	int fd, error = local_open(&fd, out, bs, key);
	if (error == 0)
		close(fd);
	return error;
}

static int local_remove(petory_blob_store *bs, const char *key)
{
	char path[4096];
	int error;
	if ((error = key_ok(key)) < 0)
		return error;
	if (final_path(path, sizeof(path), DIR_OF(bs), key) < 0)
		return 0;
	if (unlink(path) < 0 && errno != ENOENT)
		return io_error("unlink", path);
	return 0;
}

static int local_sweep(petory_blob_store *bs, petory_time_ms before)
{
	char tmp_dir[4096], path[4096 + 256];
	struct dirent *e;
	struct stat sb;
	DIR *d;

	snprintf(tmp_dir, sizeof(tmp_dir), "%s/.tmp", DIR_OF(bs));
	if (!(d = opendir(tmp_dir)))
		return errno == ENOENT ? 0 : io_error("opendir", tmp_dir);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".part") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmp_dir, e->d_name);
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
			(petory_time_ms)sb.st_mtim.tv_sec * 1000 < before)
			unlink(path);
	}
	closedir(d);
	return 0;
}

int petory_local_blob_store_new(petory_blob_store **out, const char *dir)
{
	local_store *st;
	size_t n;
	if (!out || !dir || !*dir)
		return petory_error_set(
			PETORY_EINVALID, NULL, "a directory is required");
	*out = NULL;
	if (!(st = calloc(1, sizeof(*st))) || !(st->dir = strdup(dir))) {
		free(st);
		return petory__error_oom();
	}
	n = strlen(st->dir);
	while (n > 1 && st->dir[n - 1] == '/')
		st->dir[--n] = '\0';
	st->base = (petory_blob_store){
		.version = PETORY_BLOB_STORE_VERSION,
		.name = "local",
		.free = local_free,
		.put_begin = local_put_begin,
		.put_write = local_put_write,
		.put_commit = local_put_commit,
		.put_abort = local_put_abort,
		.open = local_open,
		.stat = local_stat,
		.remove = local_remove,
		.sweep = local_sweep,
	};
	*out = &st->base;
	return 0;
}
