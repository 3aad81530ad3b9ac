/* version.h -- compile-time and run-time version of libpetory. */
#ifndef PETORY_VERSION_H
#define PETORY_VERSION_H

#include "common.h"

#define PETORY_VERSION_MAJOR 0
#define PETORY_VERSION_MINOR 1
#define PETORY_VERSION_PATCH 0
#define PETORY_VERSION_STRING "0.1.0"
#define PETORY_VERSION_NUMBER                                        \
	(PETORY_VERSION_MAJOR * 10000 + PETORY_VERSION_MINOR * 100 + \
		PETORY_VERSION_PATCH)
#define PETORY_VERSION_CHECK(major, minor, patch) \
	(PETORY_VERSION_NUMBER >= (major)*10000 + (minor)*100 + (patch))

PETORY_BEGIN_DECL

/** The linked library's version number (compare with
 * PETORY_VERSION_NUMBER to detect a header/library mismatch). */
PETORY_EXTERN int petory_version_number(void);
/** The linked library's version as "MAJOR.MINOR.PATCH"; static storage. */
PETORY_EXTERN const char *petory_version_string(void);

PETORY_END_DECL

#endif
