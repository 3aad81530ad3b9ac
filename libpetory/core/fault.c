/* fault.c -- fault points: where a test may make a storage call fail.
 *
 * Backends call petory__fault_point(where) before each statement they run
 * (the PostgreSQL backend with where = "pg.exec").  Normally it returns 0
 * at the cost of one thread-local load.  A test installs a hook with
 * petory__fault_set on its own thread; the hook sees every fault point
 * that thread passes and returns a negative petory error to fail that one
 * (set as the thread's last error: "fault injected at <where>"), or 0 to
 * let it run.  The hook is per thread, so a test's faults never reach
 * another thread's calls.
 */
#include "core/internal.h"

static _Thread_local petory__fault_hook fault_hook;
static _Thread_local void *fault_payload;

void petory__fault_set(petory__fault_hook hook, void *payload)
{
	fault_hook = hook;
	fault_payload = payload;
}

int petory__fault_point(const char *where)
{
	int rc;
	if (!fault_hook || (rc = fault_hook(fault_payload, where)) >= 0)
		return 0;
	return petory_error_set(rc, NULL, "fault injected at %s", where);
}
