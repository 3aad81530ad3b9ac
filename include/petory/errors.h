/* errors.h -- error codes (one X-macro table) and the per-thread last error.
 *
 * Every function that can fail returns 0 or a negative petory_error_code.
 * A code never changes meaning once assigned.  Details of the last failure
 * on the calling thread are in petory_error_last(): a message, a stable
 * upper-case reason ("DUPLICATE_EMAIL") and, for validation failures, the
 * invalid field(s).
 */
#ifndef PETORY_ERRORS_H
#define PETORY_ERRORS_H

#include "common.h"

PETORY_BEGIN_DECL

/* XX(name, number, default reason, description) */
#define PETORY_ERROR_MAP(XX)                                                \
	XX(ERROR, -1, "INTERNAL_ERROR", "internal error")                   \
	XX(ENOTFOUND, -3, "NOT_FOUND", "not found")                         \
	XX(EEXISTS, -4, "ALREADY_EXISTS", "already exists")                 \
	XX(EINVALID, -5, "INVALID_PARAMETER", "invalid argument or input")  \
	XX(ENOMEM, -6, "OUT_OF_MEMORY", "out of memory")                    \
	XX(EUSER, -7, "CALLBACK_ABORTED", "aborted by a callback")          \
	XX(EPERM, -8, "FORBIDDEN", "not allowed")                           \
	XX(ECONFLICT, -9, "CONFLICT", "conflicts with the current state")   \
	XX(EBACKEND, -10, "STORAGE_ERROR", "storage backend failure")       \
	XX(ENOTSUPPORTED, -11, "NOT_SUPPORTED", "not supported")            \
	XX(EVERSION, -12, "UNSUPPORTED_VERSION",                            \
		"unsupported struct or vtable version")                     \
	XX(EAUTH, -13, "UNAUTHORIZED", "authentication required or failed") \
	XX(ERATELIMIT, -14, "TOO_MANY_REQUESTS", "rate limit exceeded")     \
	XX(EUPSTREAM, -15, "UPSTREAM_ERROR", "an external service failed")  \
	XX(ETOOBIG, -16, "TOO_LARGE", "input too large")                    \
	XX(EMEDIATYPE, -17, "UNSUPPORTED_MEDIA_TYPE",                       \
		"content of an unsupported or undeclared type")             \
	XX(EUNAVAILABLE, -18, "STORAGE_UNAVAILABLE",                        \
		"a storage backend cannot be reached")                      \
	XX(EBUSY, -19, "STORAGE_BUSY", "the storage is busy; try again")

typedef enum petory_error_code {
	PETORY_OK = 0,
#define PETORY_XX(name, num, reason, text) PETORY_##name = (num),
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
} petory_error_code;

/** One invalid field of a validation failure. */
typedef struct petory_error_field {
	const char *field; /**< JSON name, e.g. "password" */
	const char *
		message; /**< human-readable, e.g. "must be 8-128 characters" */
} petory_error_field;

/** The last error of the calling thread.  Owned by libpetory; valid until
 * the next libpetory call on this thread. */
typedef struct petory_error {
	int code;            /**< a petory_error_code; 0 when nothing failed */
	const char *reason;  /**< stable upper-case name; never NULL */
	const char *message; /**< human-readable; never NULL */
	size_t field_count;
	const petory_error_field *fields;
} petory_error;

/** Last error on this thread.  Never NULL. */
PETORY_EXTERN const petory_error *petory_error_last(void);
/** Forget the last error of this thread. */
PETORY_EXTERN void petory_error_clear(void);
/** Static description of a code ("not found"). */
PETORY_EXTERN const char *petory_strerror(int code);
/** Static name of a code ("PETORY_ENOTFOUND"). */
PETORY_EXTERN const char *petory_error_name(int code);

PETORY_END_DECL

#endif
