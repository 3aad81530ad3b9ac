/* log.h -- the process-wide log callback.  libpetory never writes to
 * stderr itself; front-ends install a callback. */
#ifndef PETORY_LOG_H
#define PETORY_LOG_H

#include "common.h"

PETORY_BEGIN_DECL

typedef enum petory_log_level {
	PETORY_LOG_NONE = 0,
	PETORY_LOG_ERROR,
	PETORY_LOG_WARN,
	PETORY_LOG_INFO,
	PETORY_LOG_DEBUG,
	PETORY_LOG_TRACE
} petory_log_level;

/** Must be thread-safe and must not call back into libpetory.  Messages
 * never contain passwords or tokens. */
typedef void (*petory_log_cb)(
	petory_log_level level, const char *message, void *payload);

/** Install cb for messages at or below max (NULL cb: discard all). */
PETORY_EXTERN void petory_log_set(
	petory_log_level max, petory_log_cb cb, void *payload);

/** Static name of a level ("warn"). */
PETORY_EXTERN const char *petory_log_level_name(petory_log_level level);

PETORY_END_DECL

#endif
