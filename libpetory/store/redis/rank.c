/* rank.c -- petory_rank_store on Redis sorted sets (key prefix + "rank:"
 * + board).  Redis orders equal scores by member text, so `top` resolves
 * ties itself: it reads the first `limit` entries and every entry tied
 * with the last of them (in one script, so at one instant), then sorts by
 * (score desc, member id asc), the order the SQLite backend gives.  rebuild
 * fills a temporary key and RENAMEs it over the board, so readers never see a
 * half-built board.  incr_many sends its increments as one MULTI, so the
 * boards of a place never disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/redis/redis_conn.h"
#include "store/store_internal.h"

typedef struct redis_rank {
	petory_rank_store base; /* first */
	petory__redis *conn;
} redis_rank;

#define CONN(rs) (((redis_rank *)(rs))->conn)

static void rank_free(petory_rank_store *rs)
{
	petory__redis_close(CONN(rs));
	free(rs);
}

static int command(
	redisReply **out, petory_rank_store *rs, int argc, const char **argv)
{
	return petory__redis_command(out, CONN(rs), argc, argv, NULL);
}

static int rank_incr(double *score_out, petory_rank_store *rs,
	const char *board, int64_t member, double delta)
{
	char key[256], m[24], d[40];
	const char *argv[] = { "ZINCRBY", key, d, m };
	redisReply *reply;
	int error;
	petory__redis_key(CONN(rs), key, sizeof(key), "rank:", board);
	snprintf(m, sizeof(m), "%lld", (long long)member);
	snprintf(d, sizeof(d), "%.17g", delta);
	if ((error = command(&reply, rs, 4, argv)) < 0)
		return error;
	if (score_out && reply->type == REDIS_REPLY_STRING)
		*score_out = strtod(reply->str, NULL);
	freeReplyObject(reply);
	return 0;
}

/* One ZINCRBY per board in one MULTI: all boards move or none. */
static int rank_incr_many(petory_rank_store *rs, const char *const *boards,
	size_t count, int64_t member, double delta)
{
	char(*keys)[256], m[24], d[40];
	const char *(*argvs)[4];
	const char ***rows;
	int *argcs;
	redisReply *reply = NULL;
	size_t i;
	int error;
	if (count == 0)
		return 0;
	snprintf(m, sizeof(m), "%lld", (long long)member);
	snprintf(d, sizeof(d), "%.17g", delta);
	keys = calloc(count, sizeof(*keys));
	argvs = calloc(count, sizeof(*argvs));
	rows = calloc(count, sizeof(*rows));
	argcs = calloc(count, sizeof(*argcs));
	if (!keys || !argvs || !rows || !argcs) {
		error = petory__error_oom();
		goto done;
	}
	for (i = 0; i < count; i++) {
		petory__redis_key(
			CONN(rs), keys[i], sizeof(keys[i]), "rank:", boards[i]);
		argvs[i][0] = "ZINCRBY";
		argvs[i][1] = keys[i];
		argvs[i][2] = d;
		argvs[i][3] = m;
		rows[i] = argvs[i];
		argcs[i] = 4;
	}
	error = petory__redis_transaction(&reply, CONN(rs), count, argcs,
		(const char *const *const *)rows);
	freeReplyObject(reply);
done:
	free(keys);
	free(argvs);
	free(rows);
	free(argcs);
	return error;
}

static int by_score_then_member(const void *a, const void *b)
{
	const petory_rank_entry *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->member > y->member) - (x->member < y->member);
}

/* Append the (member, score) pairs of a WITHSCORES reply, skipping
 * members already present. */
static void collect(
	petory_rank_entry *out, size_t *n, size_t cap, const redisReply *reply)
{
	size_t i, j;
	for (i = 0; i + 1 < reply->elements && *n < cap; i += 2) {
		int64_t member = strtoll(reply->element[i]->str, NULL, 10);
		for (j = 0; j < *n && out[j].member != member; j++)
			;
		if (j < *n)
			continue;
		out[*n].member = member;
		out[*n].score = strtod(reply->element[i + 1]->str, NULL);
		(*n)++;
	}
}

/* KEYS: board.  ARGV: limit - 1.  Returns {the first entries, every
 * entry tied with the last of them}, both WITHSCORES, read at one
 * instant (a script runs alone), so a rebuild never shows half. */
static const char top_lua[] =
	"local first = redis.call('ZREVRANGE', KEYS[1], 0, ARGV[1], "
	"'WITHSCORES')\n"
	"if #first == 0 then return {first, {}} end\n"
	"local edge = first[#first]\n"
	"return {first, redis.call('ZRANGEBYSCORE', KEYS[1], edge, edge, "
	"'WITHSCORES')}\n";

static int rank_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	char key[256], stop[24];
	const char *argv[] = { "EVAL", top_lua, "1", key, stop };
	redisReply *reply = NULL, *first, *tied;
	petory_rank_entry *entries = NULL;
	size_t n = 0, cap;
	int error;

	*out = NULL;
	*count_out = 0;
	if (limit == 0)
		return 0;
	petory__redis_key(CONN(rs), key, sizeof(key), "rank:", board);
	snprintf(stop, sizeof(stop), "%zu", limit - 1);
	if ((error = command(&reply, rs, 5, argv)) < 0)
		return error;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
		reply->element[0]->type != REDIS_REPLY_ARRAY ||
		reply->element[1]->type != REDIS_REPLY_ARRAY) {
		error = petory_error_set(PETORY_EBACKEND, NULL,
			"unexpected answer from Redis to a ranking read");
		goto done;
	}
	first = reply->element[0];
	tied = reply->element[1];
	if (first->elements == 0)
		goto done;
	cap = first->elements / 2 + tied->elements / 2;
	if (!(entries = calloc(cap, sizeof(*entries)))) {
		error = petory__error_oom();
		goto done;
	}
	collect(entries, &n, cap, first);
	collect(entries, &n, cap, tied);
	qsort(entries, n, sizeof(*entries), by_score_then_member);
	*out = entries;
	*count_out = n < limit ? n : limit;
done:
	freeReplyObject(reply);
	return error;
}

static int rank_score(
	double *out, petory_rank_store *rs, const char *board, int64_t member)
{
	char key[256], m[24];
	const char *argv[] = { "ZSCORE", key, m };
	redisReply *reply;
	int error;
	petory__redis_key(CONN(rs), key, sizeof(key), "rank:", board);
	snprintf(m, sizeof(m), "%lld", (long long)member);
	if ((error = command(&reply, rs, 3, argv)) < 0)
		return error;
	if (reply->type == REDIS_REPLY_STRING)
		*out = strtod(reply->str, NULL);
	else
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no score for that member");
	freeReplyObject(reply);
	return error;
}

static int rank_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	char key[256], tmp[300];
	const char **argv;
	char(*text)[2][40];
	const char *del[] = { "DEL", tmp };
	const char *rename[] = { "RENAME", tmp, key };
	const char *drop[] = { "DEL", key };
	redisReply *reply;
	size_t i;
	int error;

	petory__redis_key(CONN(rs), key, sizeof(key), "rank:", board);
	snprintf(tmp, sizeof(tmp), "%s:rebuild", key);
	if (count == 0) {
		if ((error = command(&reply, rs, 2, drop)) == 0)
			freeReplyObject(reply);
		return error;
	}
	argv = calloc(2 + 2 * count, sizeof(*argv));
	text = calloc(count, sizeof(*text));
	if (!argv || !text) {
		free(argv);
		free(text);
		return petory__error_oom();
	}
	argv[0] = "ZADD";
	argv[1] = tmp;
	for (i = 0; i < count; i++) {
		snprintf(text[i][0], sizeof(text[i][0]), "%.17g",
			entries[i].score);
		snprintf(text[i][1], sizeof(text[i][1]), "%lld",
			(long long)entries[i].member);
		argv[2 + 2 * i] = text[i][0];
		argv[3 + 2 * i] = text[i][1];
	}
	if ((error = command(&reply, rs, 2, del)) == 0) {
		freeReplyObject(reply);
		error = command(&reply, rs, (int)(2 + 2 * count), argv);
	}
	if (error == 0) {
		freeReplyObject(reply);
		if ((error = command(&reply, rs, 3, rename)) == 0)
			freeReplyObject(reply);
	}
	free(argv);
	free(text);
	return error;
}

static int rank_remove(petory_rank_store *rs, const char *board, int64_t member)
{
	char key[256], m[24];
	const char *argv[] = { "ZREM", key, m };
	redisReply *reply;
	int error;
	petory__redis_key(CONN(rs), key, sizeof(key), "rank:", board);
	snprintf(m, sizeof(m), "%lld", (long long)member);
	if ((error = command(&reply, rs, 3, argv)) == 0)
		freeReplyObject(reply);
	return error;
}

static int rank_store_new(petory_rank_store **out, const char *url,
	const char *prefix, int connect)
{
	redis_rank *rs;
	int error;
	*out = NULL;
	if (!(rs = calloc(1, sizeof(*rs))))
		return petory__error_oom();
	if ((error = petory__redis_open(&rs->conn, url, prefix, connect)) < 0) {
		free(rs);
		return error;
	}
	rs->base = (petory_rank_store){
		.version = PETORY_RANK_STORE_VERSION,
		.name = "redis",
		.free = rank_free,
		.incr = rank_incr,
		.top = rank_top,
		.score = rank_score,
		.rebuild = rank_rebuild,
		.remove = rank_remove,
		.incr_many = rank_incr_many,
	};
	*out = &rs->base;
	return 0;
}

int petory_redis_rank_store_new(
	petory_rank_store **out, const char *url, const char *prefix)
{
	return rank_store_new(out, url, prefix, 1);
}

int petory__redis_rank_store_unconnected(
	petory_rank_store **out, const char *url, const char *prefix)
{
	return rank_store_new(out, url, prefix, 0);
}
