/* store_test.h -- the store conformance suite's harness.
 *
 * Every test in tests/store/ runs the same checks against every backend
 * this build and machine offer (SQLite always; PostgreSQL when a cluster
 * is reachable), calling the store tables directly through the domain's
 * petory__store_* wrappers.  A backend gives a fresh, empty, migrated
 * handle per test, and a digest of every row it holds, so that a test can
 * say "nothing was written".
 */
#ifndef PETORY_STORE_TEST_H
#define PETORY_STORE_TEST_H

#include "petory_test.h"

typedef struct store_backend {
	const char *name;
	/* A fresh handle on an empty database of this backend. */
	petory *(*open)(void);
	void (*close)(petory *db);
	/* A digest of every row of every table (malloc'd hex string). */
	char *(*snapshot)(petory *db);
} store_backend;

/* The backends to run against, NULL-terminated. */
const store_backend *const *store_backends(void);

/* Run the body (the macro's last argument) once per backend with `b` the
 * backend and `db` a fresh handle on it (closed after body; a `continue` ends
 * one backend's run). */
#define STORE_FOREACH(b, db, ...)                           \
	do {                                                \
		const store_backend *const *it_;            \
		for (it_ = store_backends(); *it_; it_++) { \
			const store_backend *b = *it_;      \
			petory *db = b->open();             \
			cr_log_info("backend %s", b->name); \
			do {                                \
				__VA_ARGS__;                \
			} while (0);                        \
			b->close(db);                       \
		}                                           \
	} while (0)

/* A write under test: returns 0 or a negative petory error. */
typedef int (*store_write_fn)(petory *db, void *payload);

/* Fail the 1st, 2nd, … statement that `write` runs in the backend, one
 * run each, until a run passes every statement: each failed run must
 * return an error and leave every row as it was; the last run must
 * succeed.  Returns the number of statements of the successful run. */
int store_fault_sweep(const store_backend *b, petory *db, const char *what,
	store_write_fn write, void *payload);

/* Assert that two snapshots are equal, naming what was done. */
void store_assert_unchanged(
	const char *before, const char *after, const char *what);

/* Run fn(payload, i) on n threads at once (released together); returns
 * when all are done. */
void store_race(int n, void (*fn)(void *payload, int i), void *payload);

/* After a race of n: assert that exactly one racer got 0 and every other
 * got loser_code; returns the winner's index. */
int store_race_one_winner(
	const store_backend *b, const int *results, int n, int loser_code);

#endif
