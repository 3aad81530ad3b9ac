/* files.c -- presigning, uploads through the library, downloads and the
 * clean-up of unused files, with the test clock; the SQL of file records
 * (store level); the local blob store; options of version 1. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "petory_test.h"

static petory *db;
static petory_identity alice, bob;

/* a whole 1x1 grey PNG (the upload filter refuses a cut one) */
static const unsigned char png[] = { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a,
	0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e,
	0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c,
	0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71,
	0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
	0x82 };
/* as long as png, but a GIF's magic */
static const unsigned char not_png[sizeof(png)] = "GIF89a-but-this-is-long";

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	alice = test_identity(db, test_user(db, "alice@example.com"));
	bob = test_identity(db, test_user(db, "bob@example.com"));
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(files, .init = setup, .fini = teardown);
TestSuite(file_store, .init = setup, .fini = teardown);
TestSuite(local_blob, .init = setup, .fini = teardown);

/* ---- helpers ---- */

static void presign(petory_presigned *p, const petory_identity *who,
	const char *type, int64_t size)
{
	petory_presign_input in = { "pet", "photo.png", type, size, 0 };
	cr_assert_petory_ok(petory_file_presign(p, db, who, &in));
}

/* The query value `name` of a URL, copied into buf. */
static const char *query_value(
	char *buf, size_t size, const char *url, const char *name)
{
	char pattern[32];
	const char *p;
	size_t n;
	snprintf(pattern, sizeof(pattern), "%s=", name);
	p = strstr(url, pattern);
	cr_assert_not_null(p, "%s has no %s", url, name);
	p += strlen(pattern);
	n = strcspn(p, "&");
	cr_assert_lt(n, size);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

static int upload(const petory_presigned *p, const void *data, size_t len,
	const char *content_type)
{
	char expires[32], sig[80];
	petory_upload *up = NULL;
	int error;
	query_value(expires, sizeof(expires), p->upload_url, "expires");
	query_value(sig, sizeof(sig), p->upload_url, "signature");
	if ((error = petory_file_upload_begin(&up, db, p->file_key, expires,
		     sig, content_type, (int64_t)len)) < 0)
		return error;
	if ((error = petory_file_upload_write(up, data, len)) < 0) {
		petory_file_upload_abort(up);
		return error;
	}
	return petory_file_upload_finish(NULL, up);
}

static petory_file_rec record(const char *key)
{
	petory_file_rec rec;
	cr_assert_petory_ok(petory__store_file_get(&rec, db, key));
	return rec;
}

static char *blob_path(const char *key)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/files/%.2s/%s", test_dir(), key, key);
	return path;
}

static int tmp_entries(void)
{
	char cmd[400];
	FILE *f;
	int n = 0;
	snprintf(cmd, sizeof(cmd), "ls -A '%s/files/.tmp' 2>/dev/null | wc -l",
		test_dir());
	f = popen(cmd, "r");
	cr_assert_not_null(f);
	cr_assert_eq(fscanf(f, "%d", &n), 1);
	pclose(f);
	return n;
}

/* ---- presign ---- */

Test(files, presign_records_a_private_pending_file)
{
	petory_presigned p;
	petory_file_rec rec;
	presign(&p, &alice, "image/png", sizeof(png));
	cr_assert(petory__file_key_valid(p.file_key));
	cr_assert_str_eq(p.content_type, "image/png");
	cr_assert_eq(p.expires_at, TEST_EPOCH_MS + 300 * 1000);
	cr_assert(strncmp(p.upload_url, "/files/", 7) == 0);
	cr_assert(strstr(p.upload_url, p.file_key) != NULL);
	rec = record(p.file_key);
	cr_assert_eq(rec.owner_id, alice.user_id);
	cr_assert_eq(rec.state, PETORY_FILE_PENDING);
	cr_assert_eq(rec.is_private, 1);
	cr_assert_eq(rec.declared_size, (int64_t)sizeof(png));
	cr_assert_eq(rec.stored_size, -1);
	petory_presigned_dispose(&p);
}

Test(files, presign_validates_every_field)
{
	petory_presigned p;
	petory_presign_input in = { "selfie", "", "text/html", 0, 0 };
	const petory_error *e;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_file_presign(&p, db, &alice, &in));
	e = petory_error_last();
	cr_assert_eq(e->field_count, 4);
	in = (petory_presign_input){ "pet", "a.png", "image/png",
		10 * 1024 * 1024 + 1, 0 };
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_file_presign(&p, db, &alice, &in));
	cr_assert_str_eq(petory_error_last()->fields[0].field, "size");
	cr_assert_petory_fails(
		PETORY_EAUTH, NULL, petory_file_presign(&p, db, NULL, &in));
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_file_presign(&p, db, petory_identity_system(), &in));
}

/* ---- uploads ---- */

Test(files, upload_stores_the_bytes_once)
{
	petory_presigned p;
	petory_file_content c;
	char buf[sizeof(png) + 16];
	ssize_t n;
	presign(&p, &alice, "image/png", sizeof(png));
	cr_assert_petory_ok(upload(&p, png, sizeof(png), "image/png"));
	cr_assert_eq(record(p.file_key).state, PETORY_FILE_UPLOADED);
	cr_assert_eq(record(p.file_key).stored_size, (int64_t)sizeof(png));
	cr_assert_eq(access(blob_path(p.file_key), F_OK), 0);
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_UPLOADED",
		upload(&p, png, sizeof(png), "image/png"));

	cr_assert_petory_ok(
		petory_file_open(&c, db, &alice, p.file_key, NULL, NULL));
	cr_assert_eq(c.size, sizeof(png));
	cr_assert_str_eq(c.content_type, "image/png");
	cr_assert(c.is_private);
	n = read(c.fd, buf, sizeof(buf));
	cr_assert_eq(n, (ssize_t)sizeof(png));
	cr_assert_arr_eq(buf, png, sizeof(png));
	petory_file_content_dispose(&c);
	petory_presigned_dispose(&p);
}

Test(files, upload_refusals_keep_nothing_and_free_the_key)
{
	petory_presigned p;
	char expires[32], sig[80], bad[80];
	petory_upload *up = NULL, *second = NULL;
	presign(&p, &alice, "image/png", sizeof(png));
	query_value(expires, sizeof(expires), p.upload_url, "expires");
	query_value(sig, sizeof(sig), p.upload_url, "signature");

	snprintf(bad, sizeof(bad), "%s", sig);
	bad[5] = bad[5] == 'a' ? 'b' : 'a';
	cr_assert_petory_fails(PETORY_EPERM, "INVALID_UPLOAD_URL",
		petory_file_upload_begin(
			&up, db, p.file_key, expires, bad, "image/png", -1));
	cr_assert_petory_fails(PETORY_EPERM, "INVALID_UPLOAD_URL",
		petory_file_upload_begin(&up, db, p.file_key, "99999999999",
			sig, "image/png", -1));
	cr_assert_petory_fails(PETORY_EPERM, "INVALID_UPLOAD_URL",
		petory_file_upload_begin(&up, db, "../../etc/passwd", expires,
			sig, "image/png", -1));
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		petory_file_upload_begin(
			&up, db, p.file_key, expires, sig, "image/gif", -1));
	cr_assert_petory_fails(PETORY_ETOOBIG, "FILE_TOO_LARGE",
		petory_file_upload_begin(&up, db, p.file_key, expires, sig,
			"image/png", (int64_t)sizeof(png) + 1));

	/* too many bytes without a length */
	cr_assert_petory_ok(petory_file_upload_begin(
		&up, db, p.file_key, expires, sig, NULL, -1));
	cr_assert_eq(record(p.file_key).state, PETORY_FILE_RECEIVING);
	/* the claimed key takes no second upload meanwhile */
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_UPLOADED",
		petory_file_upload_begin(&second, db, p.file_key, expires, sig,
			"image/png", -1));
	cr_assert_null(second);
	cr_assert_eq(record(p.file_key).state, PETORY_FILE_RECEIVING);
	cr_assert_petory_ok(petory_file_upload_write(up, png, sizeof(png)));
	cr_assert_petory_fails(PETORY_ETOOBIG, "FILE_TOO_LARGE",
		petory_file_upload_write(up, "x", 1));
	cr_assert_petory_fails(
		PETORY_ETOOBIG, NULL, petory_file_upload_finish(NULL, up));
	cr_assert_eq(record(p.file_key).state, PETORY_FILE_PENDING);

	/* too few */
	cr_assert_petory_fails(PETORY_EINVALID, "UPLOAD_SIZE_MISMATCH",
		upload(&p, png, sizeof(png) - 1, "image/png"));
	/* not the declared type */
	cr_assert_petory_fails(PETORY_EMEDIATYPE, "UNSUPPORTED_MEDIA_TYPE",
		upload(&p, not_png, sizeof(png), NULL));
	/* dropped half-way */
	cr_assert_petory_ok(petory_file_upload_begin(
		&up, db, p.file_key, expires, sig, "image/png", -1));
	cr_assert_petory_ok(petory_file_upload_write(up, png, 10));
	cr_assert_eq(tmp_entries(), 1);
	petory_file_upload_abort(up);

	cr_assert_eq(tmp_entries(), 0, "a temporary file stayed");
	cr_assert_neq(access(blob_path(p.file_key), F_OK), 0);
	cr_assert_eq(record(p.file_key).state, PETORY_FILE_PENDING);
	/* and the URL still takes a good upload */
	cr_assert_petory_ok(upload(&p, png, sizeof(png), "image/png"));
	petory_presigned_dispose(&p);
}

Test(files, upload_url_expires)
{
	petory_presigned p;
	presign(&p, &alice, "image/png", sizeof(png));
	test_clock_now += 300 * 1000;
	cr_assert_petory_fails(PETORY_EPERM, "UPLOAD_URL_EXPIRED",
		upload(&p, png, sizeof(png), "image/png"));
	cr_assert_eq(record(p.file_key).state, PETORY_FILE_PENDING);
	petory_presigned_dispose(&p);
}

/* ---- downloads ---- */

Test(files, private_files_need_the_owner_or_a_signature)
{
	petory_presigned p;
	petory_file_content c;
	petory_image img = { 0 };
	char expires[32], sig[80];
	presign(&p, &alice, "image/png", sizeof(png));
	/* nothing to download before the upload */
	cr_assert_petory_fails(PETORY_ENOTFOUND, "FILE_NOT_FOUND",
		petory_file_open(&c, db, &alice, p.file_key, NULL, NULL));
	cr_assert_petory_ok(upload(&p, png, sizeof(png), "image/png"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "FILE_NOT_FOUND",
		petory_file_open(&c, db, NULL, p.file_key, NULL, NULL));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "FILE_NOT_FOUND",
		petory_file_open(&c, db, &bob, p.file_key, NULL, NULL));

	img.file_key = p.file_key;
	img.is_private = 1;
	cr_assert_petory_ok(petory__images_resolve(db, &img, 1));
	query_value(expires, sizeof(expires), img.url, "expires");
	query_value(sig, sizeof(sig), img.url, "signature");
	cr_assert_eq(atoll(expires) % 300, 0, "expiries are rounded");
	cr_assert_petory_ok(
		petory_file_open(&c, db, NULL, p.file_key, expires, sig));
	petory_file_content_dispose(&c);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		petory_file_open(&c, db, &bob, p.file_key, "1", sig));
	test_clock_now += 2 * 3600 * 1000;
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		petory_file_open(&c, db, NULL, p.file_key, expires, sig));

	free(img.url);
	img.url = NULL;
	img.is_private = 0;
	cr_assert_petory_ok(petory__images_resolve(db, &img, 1));
	cr_assert(strncmp(img.url, "/files/", 7) == 0);
	cr_assert_null(strchr(img.url, '?'));
	free(img.url);
	petory_presigned_dispose(&p);
}

/* ---- clean-up ---- */

Test(files, gc_removes_what_was_never_used)
{
	petory_presigned old_pending, old_uploaded, fresh;
	petory_file_rec rec;
	int64_t removed = -1;
	presign(&old_pending, &alice, "image/png", sizeof(png));
	presign(&old_uploaded, &alice, "image/png", sizeof(png));
	cr_assert_petory_ok(
		upload(&old_uploaded, png, sizeof(png), "image/png"));
	test_clock_now += DAYS(1);
	presign(&fresh, &bob, "image/png", sizeof(png));

	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_files_gc(&removed, db, &alice, 3600));
	cr_assert_petory_ok(
		petory_files_gc(&removed, db, petory_identity_system(), 3600));
	cr_assert_eq(removed, 2);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		petory__store_file_get(&rec, db, old_pending.file_key));
	cr_assert_neq(access(blob_path(old_uploaded.file_key), F_OK), 0);
	cr_assert_eq(record(fresh.file_key).state, PETORY_FILE_PENDING);
	cr_assert_petory_ok(
		petory_files_gc(&removed, db, petory_identity_system(), 3600));
	cr_assert_eq(removed, 0);
	petory_presigned_dispose(&old_pending);
	petory_presigned_dispose(&old_uploaded);
	petory_presigned_dispose(&fresh);
}

/* ---- the SQL of file records ---- */

static petory_file_rec new_rec(const char *key, int64_t owner)
{
	petory_file_rec r;
	memset(&r, 0, sizeof(r));
	snprintf(r.key, sizeof(r.key), "%s", key);
	r.owner_id = owner;
	r.purpose = PETORY_FILE_ALBUM;
	snprintf(r.content_type, sizeof(r.content_type), "image/gif");
	r.declared_size = 42;
	r.created_at = test_clock_now;
	r.upload_expires_at = test_clock_now + 1000;
	return r;
}

Test(file_store, insert_get_and_state_moves)
{
	petory_store *st = petory_get_store(db);
	petory_file_rec r = new_rec("aa11", alice.user_id), got;
	cr_assert_petory_ok(st->files->file_insert(st, &r, "cat.gif"));
	cr_assert_petory_fails(PETORY_EEXISTS, NULL,
		st->files->file_insert(st, &r, "cat.gif"));
	cr_assert_petory_ok(st->files->file_get(&got, st, "aa11"));
	cr_assert_str_eq(got.key, "aa11");
	cr_assert_str_eq(got.content_type, "image/gif");
	cr_assert_eq(got.purpose, PETORY_FILE_ALBUM);
	cr_assert_eq(got.state, PETORY_FILE_PENDING);
	cr_assert_eq(got.is_private, 1);
	cr_assert_eq(got.stored_size, -1);
	cr_assert_eq(got.chat_room_id, 0);
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, st->files->file_get(&got, st, "bb22"));

	cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
		st->files->file_set_state(st, "aa11",
			1u << PETORY_FILE_RECEIVING, PETORY_FILE_UPLOADED, 40,
			test_clock_now));
	cr_assert_petory_ok(st->files->file_set_state(st, "aa11",
		1u << PETORY_FILE_PENDING, PETORY_FILE_RECEIVING, -1, 5));
	cr_assert_petory_ok(st->files->file_set_state(st, "aa11",
		1u << PETORY_FILE_RECEIVING, PETORY_FILE_UPLOADED, 40, 6));
	cr_assert_petory_ok(st->files->file_get(&got, st, "aa11"));
	cr_assert_eq(got.state, PETORY_FILE_UPLOADED);
	cr_assert_eq(got.stored_size, 40);
	cr_assert_eq(got.uploaded_at, 6);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->files->file_set_state(st, "zz", 1u << PETORY_FILE_PENDING,
			PETORY_FILE_RECEIVING, -1, 7));
}

Test(file_store, stale_listing_and_deletion)
{
	petory_store *st = petory_get_store(db);
	petory_file_key *keys = NULL;
	size_t n = 9;
	petory_file_rec a = new_rec("aa", alice.user_id);
	petory_file_rec b = new_rec("bb", bob.user_id);
	petory_file_rec c = new_rec("cc", bob.user_id);
	b.created_at = a.created_at + 10;
	c.created_at = a.created_at + 20;
	cr_assert_petory_ok(st->files->file_insert(st, &c, "c"));
	cr_assert_petory_ok(st->files->file_insert(st, &a, "a"));
	cr_assert_petory_ok(st->files->file_insert(st, &b, "b"));
	cr_assert_petory_ok(st->files->file_list_stale(
		&keys, &n, st, a.created_at + 15, 10));
	cr_assert_eq(n, 2);
	cr_assert_str_eq(keys[0].key, "aa", "oldest first");
	cr_assert_str_eq(keys[1].key, "bb");
	free(keys);
	cr_assert_petory_ok(st->files->file_list_stale(
		&keys, &n, st, a.created_at + 100, 1));
	cr_assert_eq(n, 1);
	free(keys);
	cr_assert_petory_ok(st->files->file_list_stale(&keys, &n, st, 0, 10));
	cr_assert_eq(n, 0);
	cr_assert_null(keys);
	cr_assert_petory_ok(st->files->file_delete_unattached(st, "aa"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->files->file_delete_unattached(st, "aa"));
}

/* ---- the local blob store ---- */

Test(local_blob, commit_is_atomic_and_never_overwrites)
{
	petory_blob_store *bs = petory_get_blob_store(db);
	petory_blob_writer *w;
	petory_blob_stat st;
	cr_assert_str_eq(bs->name, "local");
	cr_assert_petory_ok(bs->put_begin(&w, bs, "ab12", "image/png"));
	cr_assert_petory_ok(bs->put_write(w, "hello", 5));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, bs->stat(&st, bs, "ab12"));
	cr_assert_petory_ok(bs->put_commit(w));
	cr_assert_petory_ok(bs->stat(&st, bs, "ab12"));
	cr_assert_eq(st.size, 5);

	cr_assert_petory_ok(bs->put_begin(&w, bs, "ab12", "image/png"));
	cr_assert_petory_ok(bs->put_write(w, "other", 5));
	cr_assert_petory_fails(PETORY_EEXISTS, NULL, bs->put_commit(w));
	cr_assert_eq(tmp_entries(), 0);

	cr_assert_petory_ok(bs->put_begin(&w, bs, "cd34", "image/png"));
	bs->put_abort(w);
	cr_assert_eq(tmp_entries(), 0);
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, bs->stat(&st, bs, "cd34"));

	cr_assert_petory_ok(bs->remove(bs, "ab12"));
	cr_assert_petory_ok(bs->remove(bs, "ab12"));
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		bs->put_begin(&w, bs, "../x", "image/png"));
	cr_assert_petory_fails(PETORY_EINVALID, NULL, bs->remove(bs, "A"));
}

Test(local_blob, sweep_removes_what_a_crash_left)
{
	petory_blob_store *bs = petory_get_blob_store(db);
	petory_blob_writer *w;
	cr_assert_petory_ok(bs->put_begin(&w, bs, "ef56", "image/png"));
	cr_assert_eq(tmp_entries(), 1);
	/* a write in progress is younger than the cut-off */
	cr_assert_petory_ok(bs->sweep(bs, 1000));
	cr_assert_eq(tmp_entries(), 1);
	cr_assert_petory_ok(bs->sweep(bs, INT64_MAX));
	cr_assert_eq(tmp_entries(), 0);
	bs->put_abort(w);
}

Test(local_blob, registration_checks_the_version_and_the_methods)
{
	petory_blob_store *before = petory_get_blob_store(db), *fresh = NULL;
	petory_blob_store future = *before, zero = *before, partial = *before;
	petory_presigned p;
	char path[512];
	future.version = PETORY_BLOB_STORE_VERSION + 1;
	zero.version = 0;
	partial.remove = NULL;
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_set_blob_store(db, &future));
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_set_blob_store(db, &zero));
	cr_assert_petory_fails(
		PETORY_EINVALID, NULL, petory_set_blob_store(db, &partial));
	cr_assert_eq(petory_get_blob_store(db), before);

	/* a valid one is taken over and used from then on */
	snprintf(path, sizeof(path), "%s/elsewhere", test_dir());
	cr_assert_petory_ok(petory_local_blob_store_new(&fresh, path));
	cr_assert_petory_ok(petory_set_blob_store(db, fresh));
	cr_assert_eq(petory_get_blob_store(db), fresh);
	presign(&p, &alice, "image/png", sizeof(png));
	cr_assert_petory_ok(upload(&p, png, sizeof(png), "image/png"));
	snprintf(path, sizeof(path), "%s/elsewhere/%.2s/%s", test_dir(),
		p.file_key, p.file_key);
	cr_assert_eq(access(path, F_OK), 0);
	cr_assert_neq(access(blob_path(p.file_key), F_OK), 0);
	petory_presigned_dispose(&p);
}

/* ---- options of version 1 (bindings built before files) ---- */

Test(files, version_1_options_are_read_and_written_in_bounds)
{
	unsigned char raw[sizeof(petory_options) + 16];
	size_t v1 = offsetof(petory_options, files_dir);
	petory_options *o = (petory_options *)raw;
	petory *h = NULL;
	memset(raw, 0xa5, sizeof(raw));
	cr_assert_petory_ok(petory_options_init(o, 1));
	cr_assert_eq(o->version, 1);
	cr_assert_eq(raw[v1], 0xa5, "init wrote past a version-1 struct");
	test_db_close(db);
	db = NULL;
	{
		petory_options t;
		test_options(&t);
		memcpy(raw, &t, v1);
		o->version = 1;
	}
	/* the 0xa5 garbage past version 1 must not be read */
	cr_assert_petory_ok(petory_open(&h, o));
	cr_assert_str_eq(h->cfg.files_dir, "./files");
	cr_assert_eq(h->cfg.max_upload_size, 10 << 20);
	petory_close(h);
	test_db_close(NULL);
	db = test_db_open();
}
