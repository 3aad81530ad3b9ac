/* redis_conn.c -- connecting to Redis (URL parsed by libcurl's URL API),
 * running commands under a lock, reconnecting once on a broken link. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/redis/redis_conn.h"

struct petory__redis {
	pthread_mutex_t lock;
	redisContext *ctx;
	char *host;
	int port;
	int db;
	char *password;
	char *prefix;
};

static int parse_url(petory__redis *r, const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *path = NULL, *password = NULL;
	char *scheme = NULL;
	int error = 0;
	if (!u)
		return petory__error_oom();
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
			CURLUE_OK ||
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
		strcmp(scheme, "redis") != 0 ||
		curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		error = petory_error_set(PETORY_EINVALID, NULL,
			"the Redis URL must look like redis://host:port/db");
		goto done;
	}
	r->host = strdup(host);
	r->port = 6379;
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
		r->port = atoi(port);
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK &&
		path[0] == '/' && path[1])
		r->db = atoi(path + 1);
	if (curl_url_get(u, CURLUPART_PASSWORD, &password, CURLU_URLDECODE) ==
		CURLUE_OK)
		r->password = strdup(password);
	if (!r->host)
		error = petory__error_oom();
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(password);
	curl_url_cleanup(u);
	return error;
}

/* Under the lock: a working context, or EUNAVAILABLE. */
static int connect_locked(petory__redis *r)
{
	struct timeval tv = { 2, 0 };
	redisReply *reply;
	char db[16];
	if (r->ctx && !r->ctx->err)
		return 0;
	if (r->ctx)
		redisFree(r->ctx);
	r->ctx = redisConnectWithTimeout(r->host, r->port, tv);
	if (!r->ctx || r->ctx->err)
		goto fail;
	redisSetTimeout(r->ctx, tv);
	if (r->password) {
		reply = redisCommand(r->ctx, "AUTH %s", r->password);
		if (!reply || reply->type == REDIS_REPLY_ERROR) {
			freeReplyObject(reply);
			goto fail;
		}
		freeReplyObject(reply);
	}
	if (r->db) {
		snprintf(db, sizeof(db), "%d", r->db);
		reply = redisCommand(r->ctx, "SELECT %s", db);
		if (!reply || reply->type == REDIS_REPLY_ERROR) {
			freeReplyObject(reply);
			goto fail;
		}
		freeReplyObject(reply);
	}
	return 0;
fail:
	petory__log(PETORY_LOG_WARN, "redis: cannot connect to %s:%d: %s",
		r->host, r->port,
		r->ctx && r->ctx->err ? r->ctx->errstr : "refused");
	if (r->ctx)
		redisFree(r->ctx);
	r->ctx = NULL;
	return petory_error_set(
		PETORY_EUNAVAILABLE, NULL, "Redis is unreachable");
}

int petory__redis_open(
	petory__redis **out, const char *url, const char *prefix, int connect)
{
	petory__redis *r = calloc(1, sizeof(*r));
	int error;
	*out = NULL;
	if (!r)
		return petory__error_oom();
	pthread_mutex_init(&r->lock, NULL);
	r->prefix = strdup(prefix && *prefix ? prefix : "petory:");
	if (!r->prefix)
		error = petory__error_oom();
	else if ((error = parse_url(r, url)) == 0 && connect)
		error = connect_locked(r);
	if (error) {
		petory__redis_close(r);
		return error;
	}
	*out = r;
	return 0;
}

void petory__redis_close(petory__redis *r)
{
	if (!r)
		return;
	if (r->ctx)
		redisFree(r->ctx);
	pthread_mutex_destroy(&r->lock);
	free(r->host);
	free(r->password);
	free(r->prefix);
	free(r);
}

int petory__redis_command(redisReply **reply_out, petory__redis *r, int argc,
	const char **argv, const size_t *lens)
{
	redisReply *reply = NULL;
	int attempt, error = 0;
	*reply_out = NULL;
	pthread_mutex_lock(&r->lock);
	for (attempt = 0; attempt < 2; attempt++) {
		if ((error = connect_locked(r)) < 0)
			break;
		reply = redisCommandArgv(r->ctx, argc, argv, lens);
		if (reply)
			break;
		/* Broken link: drop it and try once more on a new one. */
		redisFree(r->ctx);
		r->ctx = NULL;
		error = petory_error_set(
			PETORY_EUNAVAILABLE, NULL, "Redis is unreachable");
	}
	pthread_mutex_unlock(&r->lock);
	if (!reply)
		return error ? error
			     : petory_error_set(PETORY_EUNAVAILABLE, NULL,
				       "Redis failed");
	if (reply->type == REDIS_REPLY_ERROR) {
		petory__log(
			PETORY_LOG_ERROR, "redis: %s: %s", argv[0], reply->str);
		freeReplyObject(reply);
		return petory_error_set(
			PETORY_EBACKEND, NULL, "Redis answered an error");
	}
	*reply_out = reply;
	return 0;
}

/* Under the lock: send MULTI, the commands and EXEC at once and read
 * their replies; *exec_out is EXEC's.  Returns 1 when the link broke
 * before any reply came back, -1 when it broke later. */
static int transaction_locked(redisReply **exec_out, redisContext *ctx,
	size_t count, const int *argcs, const char *const *const *argvs)
{
	const char *multi[] = { "MULTI" }, *exec[] = { "EXEC" };
	size_t i;
	redisAppendCommandArgv(ctx, 1, multi, NULL);
	for (i = 0; i < count; i++)
		redisAppendCommandArgv(
			ctx, argcs[i], (const char **)argvs[i], NULL);
	redisAppendCommandArgv(ctx, 1, exec, NULL);
	for (i = 0; i < count + 2; i++) {
		void *reply = NULL;
		if (redisGetReply(ctx, &reply) != REDIS_OK)
			return i == 0 ? 1 : -1;
		if (i == count + 1)
			*exec_out = reply;
		else
			freeReplyObject(reply);
	}
	return 0;
}

int petory__redis_transaction(redisReply **reply_out, petory__redis *r,
	size_t count, const int *argcs, const char *const *const *argvs)
{
	redisReply *reply = NULL;
	size_t i;
	int attempt, broken = 0, error = 0;
	*reply_out = NULL;
	pthread_mutex_lock(&r->lock);
	for (attempt = 0; attempt < 2; attempt++) {
		if ((error = connect_locked(r)) < 0)
			break;
		broken =
			transaction_locked(&reply, r->ctx, count, argcs, argvs);
		if (broken == 0)
			break;
		/* Broken link: drop it; try once more when nothing ran. */
		redisFree(r->ctx);
		r->ctx = NULL;
		error = petory_error_set(
			PETORY_EUNAVAILABLE, NULL, "Redis is unreachable");
		if (broken < 0)
			break;
	}
	pthread_mutex_unlock(&r->lock);
	if (!reply)
		return error ? error
			     : petory_error_set(PETORY_EUNAVAILABLE, NULL,
				       "Redis failed");
	for (i = 0; reply->type == REDIS_REPLY_ARRAY && i < reply->elements;
		i++)
		if (reply->element[i]->type == REDIS_REPLY_ERROR)
			break;
	if (reply->type != REDIS_REPLY_ARRAY || i < reply->elements) {
		petory__log(PETORY_LOG_ERROR, "redis: MULTI/EXEC: %s",
			reply->type == REDIS_REPLY_ERROR ? reply->str
			: i < reply->elements ? reply->element[i]->str
					      : "aborted");
		freeReplyObject(reply);
		return petory_error_set(
			PETORY_EBACKEND, NULL, "Redis answered an error");
	}
	*reply_out = reply;
	return 0;
}

const char *petory__redis_key(petory__redis *r, char *buf, size_t size,
	const char *part1, const char *part2)
{
	snprintf(buf, size, "%s%s%s", r->prefix, part1, part2 ? part2 : "");
	return buf;
}

const char *petory__redis_prefix(petory__redis *r)
{
	return r->prefix;
}

int petory__redis_int(const redisReply *reply, long long *out)
{
	char *end;
	if (reply->type == REDIS_REPLY_INTEGER) {
		*out = reply->integer;
		return 0;
	}
	if (reply->type == REDIS_REPLY_STRING && reply->len > 0) {
		*out = strtoll(reply->str, &end, 10);
		if (*end == '\0' || *end == '.')
			return 0;
	}
	return petory_error_set(
		PETORY_EBACKEND, NULL, "unexpected answer from Redis");
}
