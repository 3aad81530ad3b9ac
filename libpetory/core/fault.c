/* fault.c -- fault points for tests.
 *
 * Code that can fail in ways a test wants to provoke (every store call,
 * every statement a backend runs inside a write) passes a named fault
 * point.  Normally nothing happens.  A test installs a hook for its own
 * thread; the hook sees each point's name and returns 0 to go on or a
 * negative petory error to fail there.  The hook is per thread, so a
 * test's faults never reach the server's or another test's threads.
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
	int error;
	if (!fault_hook)
		return 0;
	if ((error = fault_hook(fault_payload, where)) >= 0)
		return 0;
	return petory_error_set(error, NULL, "fault injected at %s", where);
}
