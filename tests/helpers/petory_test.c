/* petory_test.c -- fixtures for the Criterion suites (see petory_test.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

petory_time_ms test_clock_now = TEST_EPOCH_MS;
static char dir[256];

petory_time_ms test_clock(void *payload)
{
	(void)payload;
	return test_clock_now;
}

const char *test_dir(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/petory-test-XXXXXX");
		cr_assert_not_null(mkdtemp(dir));
	}
	return dir;
}

void test_options(petory_options *opts)
{
	static char path[300], files[300];
	petory_options_init(opts, PETORY_OPTIONS_VERSION);
	snprintf(path, sizeof(path), "%s/petory.db", test_dir());
	snprintf(files, sizeof(files), "%s/files", test_dir());
	opts->db_path = path;
	opts->files_dir = files;
	opts->pool_size = 4;
	opts->pwhash_opslimit = 1;
	opts->pwhash_memlimit = 8192;
	opts->clock = test_clock;
}

petory *test_db_open(void)
{
	petory_options opts;
	petory *db = NULL;
	test_options(&opts);
	cr_assert_petory_ok(petory_open(&db, &opts));
	return db;
}

void test_db_close(petory *db)
{
	char cmd[320];
	petory_close(db);
	if (dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		dir[0] = '\0';
	}
}

int64_t test_user(petory *db, const char *email)
{
	petory_new_user in = { email, "correct horse", "tester" };
	petory_user *u = NULL;
	int64_t id;
	/* as an operator: no verification mail joins the outbox of tests
	 * that count what it holds */
	cr_assert_petory_ok(petory_user_create(
		&u, db, petory_identity_system(), &in, PETORY_ROLE_USER));
	id = u->id;
	petory_user_free(u);
	return id;
}

petory_identity test_identity(petory *db, int64_t user_id)
{
	petory_identity id;
	petory_user_auth_state st;
	memset(&id, 0, sizeof(id));
	cr_assert_petory_ok(petory__store_user_auth_state(&st, db, user_id));
	id.user_id = user_id;
	id.roles = st.roles;
	return id;
}

void test_login(petory_tokens *out, petory *db, const char *email)
{
	cr_assert_petory_ok(petory_auth_login(
		out, db, email, "correct horse", "127.0.0.1", NULL));
}

const char *test_image_key(
	petory *db, const petory_identity *who, const char *purpose)
{
	return test_image_key_for_room(db, who, purpose, 0);
}

const char *test_image_key_for_room(petory *db, const petory_identity *who,
	const char *purpose, int64_t chat_room_id)
{
	/* a whole 1x1 grey PNG: the upload filter refuses a cut one */
	static const unsigned char png[] = { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a,
		0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
		0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00,
		0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00,
		0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00,
		0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
		0x82 };
	static char keys[8][48];
	static unsigned next;
	petory_presign_input in = { purpose, "t.png", "image/png", sizeof(png),
		chat_room_id };
	petory_presigned p;
	petory_upload *up = NULL;
	char expires[32], sig[80];
	const char *q;
	char *key = keys[next++ % 8];

	cr_assert_petory_ok(petory_file_presign(&p, db, who, &in));
	q = strstr(p.upload_url, "expires=");
	cr_assert_not_null(q);
	sscanf(q, "expires=%31[0-9]&signature=%79[0-9a-f]", expires, sig);
	cr_assert_petory_ok(petory_file_upload_begin(
		&up, db, p.file_key, expires, sig, "image/png", sizeof(png)));
	cr_assert_petory_ok(petory_file_upload_write(up, png, sizeof(png)));
	cr_assert_petory_ok(petory_file_upload_finish(NULL, up));
	snprintf(key, 48, "%s", p.file_key);
	petory_presigned_dispose(&p);
	return key;
}

static int statements;

static int count_statement(unsigned type, void *ctx, void *p, void *x)
{
	petory__conn *conn = ctx;
	size_t i;
	(void)type;
	(void)x;
	for (i = 0; i < PETORY__STMT_COUNT; i++)
		if (conn->stmts[i] == p)
			statements++;
	return 0;
}

/* Every connection of the pool, held at once, traced or not. */
static void trace_pool(petory *db, int on)
{
	petory__conn *conns[64];
	size_t i, n = db->cfg.pool_size;
	cr_assert_leq(n, 64);
	for (i = 0; i < n; i++)
		petory__conn_acquire(db, &conns[i]);
	for (i = 0; i < n; i++)
		sqlite3_trace_v2(conns[i]->db, on ? SQLITE_TRACE_STMT : 0,
			on ? count_statement : NULL, conns[i]);
	for (i = 0; i < n; i++)
		petory__conn_release(db, conns[i]);
}

void test_statements_start(petory *db)
{
	trace_pool(db, 1);
	statements = 0;
}

int test_statements_stop(petory *db)
{
	trace_pool(db, 0);
	return statements;
}
