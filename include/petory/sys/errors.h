/* sys/errors.h -- for backends and callbacks: set the calling thread's
 * last error.  Each returns `code` so that `return petory_error_set(…)`
 * reads naturally. */
#ifndef PETORY_SYS_ERRORS_H
#define PETORY_SYS_ERRORS_H

#include "../common.h"
#include "../errors.h"

PETORY_BEGIN_DECL

/** reason NULL takes the code's default reason. */
PETORY_EXTERN int petory_error_set(
	int code, const char *reason, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

PETORY_END_DECL

#endif
