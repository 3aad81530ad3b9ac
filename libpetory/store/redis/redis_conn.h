/* redis_conn.h -- one hiredis connection shared by a Redis backend.
 *
 * A hiredis context is not thread-safe, so every command runs under the
 * connection's mutex.  A command that fails on a broken connection is
 * retried once on a fresh connection; after that the error is reported
 * (EUNAVAILABLE) and the next command tries to reconnect again.  Errors
 * carry no reason: the layers above name them.
 */
#ifndef PETORY_REDIS_CONN_H
#define PETORY_REDIS_CONN_H

#include <hiredis/hiredis.h>

#include "core/internal.h"

typedef struct petory__redis petory__redis;

/* Connect to url ("redis://[:password@]host[:port][/db]"); keys get
 * prefix.  EINVALID for a URL that is not one, EUNAVAILABLE when the
 * server cannot be reached; with connect 0 only the URL is checked and
 * the first command connects. */
int petory__redis_open(
	petory__redis **out, const char *url, const char *prefix, int connect);
void petory__redis_close(petory__redis *r);

/* Run one command (argv form); *reply_out belongs to the caller
 * (freeReplyObject).  A Redis error reply is EBACKEND too. */
int petory__redis_command(redisReply **reply_out, petory__redis *r, int argc,
	const char **argv, const size_t *lens);

/* Run `count` commands (argv form) as one MULTI ... EXEC, sent in one
 * write: all are applied or none.  *reply_out (the caller's) is EXEC's
 * array, one reply per command.  A broken link is retried once only when
 * nothing was read back (so a transaction is never applied twice); an
 * error reply, queued or executed, is EBACKEND. */
int petory__redis_transaction(redisReply **reply_out, petory__redis *r,
	size_t count, const int *argcs, const char *const *const *argvs);

/* key = prefix + part1 + part2 into buf; returns buf. */
const char *petory__redis_key(petory__redis *r, char *buf, size_t size,
	const char *part1, const char *part2);
const char *petory__redis_prefix(petory__redis *r);

/* Parse an integer reply (or a numeric string reply). */
int petory__redis_int(const redisReply *reply, long long *out);

#endif
