/* log.c -- the process-wide log callback (libpetory never prints).
 *
 * The level check is inlined by the petory__log macro, so filtered
 * messages cost nothing.  The callback and its payload are swapped under
 * a mutex; messages are formatted into a stack buffer first.
 */
#include <pthread.h>
#include <stdio.h>

#include "core/internal.h"

petory_log_level petory__log_max = PETORY_LOG_NONE;
static petory_log_cb log_cb;
static void *log_payload;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void petory_log_set(petory_log_level max, petory_log_cb cb, void *payload)
{
	pthread_mutex_lock(&log_lock);
	log_cb = cb;
	log_payload = payload;
	petory__log_max = cb ? max : PETORY_LOG_NONE;
	pthread_mutex_unlock(&log_lock);
}

const char *petory_log_level_name(petory_log_level level)
{
	static const char *const names[] = { "none", "error", "warn", "info",
		"debug", "trace" };
	if ((unsigned)level < sizeof(names) / sizeof(names[0]))
		return names[level];
	return "unknown";
}

void petory__log_write(petory_log_level level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&log_lock);
	if (log_cb && level <= petory__log_max)
		log_cb(level, buf, log_payload);
	pthread_mutex_unlock(&log_lock);
}
