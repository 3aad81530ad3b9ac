/* access_log.h -- one JSON line per finished request. */
#ifndef HTTPD_ACCESS_LOG_H
#define HTTPD_ACCESS_LOG_H

#include <stdint.h>

#include "server.h"

/* Log to path (appended, created 0640) or, with NULL, to stderr.
 * 0 or -1 (errno set). */
int access_log_open(const char *path);
void access_log_close(void);

/* Write the line for r, which took duration_us.  Thread-safe. */
void access_log_write(const struct request *r, int64_t duration_us);

#endif
