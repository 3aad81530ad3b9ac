/* access_log.h -- one line per finished request (JSON, or text with
 * --log-format text). */
#ifndef HTTPD_ACCESS_LOG_H
#define HTTPD_ACCESS_LOG_H

#include <stdint.h>

#include "server.h"

/* Log to path (appended, created 0640) or, with NULL, to stderr.
 * 0 or -1 (errno set). */
int access_log_open(const char *path);
/* Open the path of access_log_open again (after logrotate renamed the
 * file; SIGHUP).  0 (also when logging to stderr) or -1 (errno set; the
 * old file stays in use). */
int access_log_reopen(void);
void access_log_close(void);

/* Write the line for r, which took duration_us.  Thread-safe. */
void access_log_write(const struct request *r, int64_t duration_us);

#endif
