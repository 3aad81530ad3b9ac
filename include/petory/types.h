/* types.h -- every opaque handle and shared small type in one place. */
#ifndef PETORY_TYPES_H
#define PETORY_TYPES_H

#include "common.h"

PETORY_BEGIN_DECL

/** The library handle: owns the storage backends and the connection pool.
 * Thread-safe: one handle may be shared by every thread of a process. */
typedef struct petory petory;

/** Time as milliseconds since the Unix epoch (UTC). */
typedef int64_t petory_time_ms;

/** A page request: 0-based page number and page size (1..100). */
typedef struct petory_page_req {
	int64_t page;
	int64_t size;
} petory_page_req;

/** Role bits.  An ADMIN may do everything a USER may. */
#define PETORY_ROLE_USER 0x1u
#define PETORY_ROLE_ADMIN 0x2u
#define PETORY_ROLE_ALL (PETORY_ROLE_USER | PETORY_ROLE_ADMIN)
/** Only on the identity returned by petory_identity_system(): the
 * operator at the command line, who acts with every right. */
#define PETORY_ROLE_SYSTEM 0x80000000u

/** Who is calling: the authenticated user, built by petory_auth_verify()
 * from an access token (roles are read fresh from storage, never from
 * the token), or petory_identity_system() for operator tools. */
typedef struct petory_identity {
	int64_t user_id;           /**< 0 for the system identity */
	unsigned roles;            /**< PETORY_ROLE_* bits */
	char session_id[48];       /**< login session (refresh family) */
	char token_id[48];         /**< jti of the access token */
	petory_time_ms expires_at; /**< access token expiry */
} petory_identity;

/** Release memory that a libpetory function handed to the caller as a
 * plain buffer (strings such as petory_oauth_begin's URL).  NULL is fine. */
PETORY_EXTERN void petory_free(void *ptr);

/** The identity of an operator tool (petoryctl): every right. */
PETORY_EXTERN const petory_identity *petory_identity_system(void);

/** Outcome of a rate-limit check, for the RateLimit-* headers. */
typedef struct petory_rate_info {
	int applies;       /**< 0: the call was not rate-limited */
	int64_t limit;     /**< RateLimit-Limit */
	int64_t remaining; /**< RateLimit-Remaining */
	int64_t reset_s;   /**< RateLimit-Reset: seconds to the window end */
	int64_t retry_after_s; /**< Retry-After when the call was refused */
} petory_rate_info;

PETORY_END_DECL

#endif
