/* session.c -- petory_session_store on Redis.
 *
 * Keys (after the prefix): sess:<id> (hash user_id, expires_at,
 * revoked_at), user:<uid>:sessions (set of ids), rt:<sha256 hex> (hash
 * sid, spent) and rl:<key> (hash count, window_end).  Every decision is
 * taken on the stored times against the caller's `now` (the injectable
 * clock); Redis TTLs only clean up.  Each operation that reads and writes
 * is one Lua script, so it is atomic: a refresh token is spent once even
 * when two instances race for it.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/redis/redis_conn.h"

typedef struct redis_sessions {
	petory_session_store base; /* first */
	petory__redis *conn;
} redis_sessions;

#define CONN(ss) (((redis_sessions *)(ss))->conn)

/* KEYS: sess, user set, rt.  ARGV: sid, user_id, now, expires_at. */
static const char create_lua[] =
	"local ttl = math.max(tonumber(ARGV[4]) - tonumber(ARGV[3]), 1000)\n"
	"redis.call('HSET', KEYS[1], 'user_id', ARGV[2], 'expires_at', "
	"ARGV[4])\n"
	"redis.call('PEXPIRE', KEYS[1], ttl)\n"
	"redis.call('SADD', KEYS[2], ARGV[1])\n"
	"if redis.call('PTTL', KEYS[2]) < ttl then\n"
	"  redis.call('PEXPIRE', KEYS[2], ttl) end\n"
	"redis.call('HSET', KEYS[3], 'sid', ARGV[1])\n"
	"redis.call('PEXPIRE', KEYS[3], ttl)\n"
	"return 0\n";

/* KEYS: old rt, new rt.  ARGV: now, prefix.  Returns {outcome, sid,
 * user_id}; the outcome numbers are petory_refresh_outcome's. */
static const char rotate_lua[] =
	"local sid = redis.call('HGET', KEYS[1], 'sid')\n"
	"if not sid then return {1} end\n"
	"local skey = ARGV[2] .. 'sess:' .. sid\n"
	"local s = redis.call('HMGET', skey, 'user_id', 'expires_at', "
	"'revoked_at')\n"
	"if not s[1] then return {1} end\n"
	"if s[3] then return {3, sid, s[1]} end\n"
	"if redis.call('HEXISTS', KEYS[1], 'spent') == 1 then\n"
	"  redis.call('HSET', skey, 'revoked_at', ARGV[1])\n"
	"  return {4, sid, s[1]} end\n"
	"if tonumber(s[2]) <= tonumber(ARGV[1]) then return {2, sid, s[1]} "
	"end\n"
	"redis.call('HSET', KEYS[1], 'spent', ARGV[1])\n"
	"redis.call('HSET', KEYS[2], 'sid', sid)\n"
	"local ttl = redis.call('PTTL', skey)\n"
	"if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end\n"
	"return {0, sid, s[1]}\n";

/* KEYS: sess.  ARGV: now. */
static const char revoke_lua[] =
	"if redis.call('EXISTS', KEYS[1]) == 1 and not "
	"redis.call('HGET', KEYS[1], 'revoked_at') then\n"
	"  redis.call('HSET', KEYS[1], 'revoked_at', ARGV[1]) end\n"
	"return 0\n";

/* KEYS: user set.  ARGV: now, prefix and, optionally, the id of a
 * session to keep. */
static const char revoke_user_lua[] =
	"for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do\n"
	"  local k = ARGV[2] .. 'sess:' .. sid\n"
	"  if sid ~= ARGV[3] and "
	"redis.call('EXISTS', k) == 1 and not "
	"redis.call('HGET', k, 'revoked_at') then\n"
	"    redis.call('HSET', k, 'revoked_at', ARGV[1]) end\n"
	"end\n"
	"return 0\n";

/* KEYS: rl.  ARGV: now, cost, window_ms.  Returns {count, window_end}. */
static const char rate_lua[] =
	"local v = redis.call('HMGET', KEYS[1], 'count', 'window_end')\n"
	"local now = tonumber(ARGV[1])\n"
	"local count = tonumber(v[1]) or 0\n"
	"local wend = tonumber(v[2])\n"
	"if not wend or wend <= now then count = 0; wend = now + "
	"tonumber(ARGV[3]) end\n"
	"count = count + tonumber(ARGV[2])\n"
	"redis.call('HSET', KEYS[1], 'count', count, 'window_end', "
	"string.format('%d', wend))\n"
	"redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[3]))\n"
	"return {count, string.format('%d', wend)}\n";

static void sessions_free(petory_session_store *ss)
{
	petory__redis_close(CONN(ss));
	free(ss);
}

/* EVAL script with nkeys keys then args (all strings). */
static int eval(redisReply **out, petory_session_store *ss, const char *script,
	int nkeys, const char **keys, int nargs, const char **args)
{
	const char *argv[16];
	char n[8];
	int argc = 0, i;
	snprintf(n, sizeof(n), "%d", nkeys);
	argv[argc++] = "EVAL";
	argv[argc++] = script;
	argv[argc++] = n;
	for (i = 0; i < nkeys; i++)
		argv[argc++] = keys[i];
	for (i = 0; i < nargs; i++)
		argv[argc++] = args[i];
	return petory__redis_command(out, CONN(ss), argc, argv, NULL);
}

static void key_of_hash(petory_session_store *ss, char *buf, size_t size,
	const unsigned char hash[32])
{
	char hex[65];
	sodium_bin2hex(hex, sizeof(hex), hash, 32);
	petory__redis_key(CONN(ss), buf, size, "rt:", hex);
}

static void user_set_key(
	petory_session_store *ss, char *buf, size_t size, int64_t user_id)
{
	char part[48];
	snprintf(part, sizeof(part), "user:%lld:sessions", (long long)user_id);
	petory__redis_key(CONN(ss), buf, size, part, NULL);
}

static int session_create(petory_session_store *ss, const char *session_id,
	int64_t user_id, const unsigned char refresh_hash[32],
	petory_time_ms now, petory_time_ms expires_at)
{
	char sess[128], set[128], rt[128], uid[24], t_now[24], t_exp[24];
	const char *keys[] = { sess, set, rt };
	const char *args[] = { session_id, uid, t_now, t_exp };
	redisReply *reply;
	int error;
	petory__redis_key(CONN(ss), sess, sizeof(sess), "sess:", session_id);
	user_set_key(ss, set, sizeof(set), user_id);
	key_of_hash(ss, rt, sizeof(rt), refresh_hash);
	snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
	snprintf(t_now, sizeof(t_now), "%lld", (long long)now);
	snprintf(t_exp, sizeof(t_exp), "%lld", (long long)expires_at);
	if ((error = eval(&reply, ss, create_lua, 3, keys, 4, args)) == 0)
		freeReplyObject(reply);
	return error;
}

static int session_active(int *active_out, petory_session_store *ss,
	const char *session_id, petory_time_ms now)
{
	char sess[128];
	const char *argv[] = { "HMGET", sess, "expires_at", "revoked_at" };
	redisReply *reply;
	long long expires;
	int error;
	*active_out = 0;
	petory__redis_key(CONN(ss), sess, sizeof(sess), "sess:", session_id);
	if ((error = petory__redis_command(&reply, CONN(ss), 4, argv, NULL)) <
		0)
		return error;
	if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 2 &&
		reply->element[0]->type == REDIS_REPLY_STRING &&
		reply->element[1]->type == REDIS_REPLY_NIL &&
		petory__redis_int(reply->element[0], &expires) == 0)
		*active_out = expires > now;
	freeReplyObject(reply);
	return 0;
}

static int refresh_rotate(petory_refresh_result *out, petory_session_store *ss,
	const unsigned char old_hash[32], const unsigned char new_hash[32],
	petory_time_ms now)
{
	char old_key[128], new_key[128], t_now[24];
	const char *keys[] = { old_key, new_key };
	const char *args[] = { t_now, petory__redis_prefix(CONN(ss)) };
	redisReply *reply;
	long long outcome, uid = 0;
	int error;
	memset(out, 0, sizeof(*out));
	key_of_hash(ss, old_key, sizeof(old_key), old_hash);
	key_of_hash(ss, new_key, sizeof(new_key), new_hash);
	snprintf(t_now, sizeof(t_now), "%lld", (long long)now);
	if ((error = eval(&reply, ss, rotate_lua, 2, keys, 2, args)) < 0)
		return error;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 1 ||
		petory__redis_int(reply->element[0], &outcome) < 0 ||
		(reply->elements == 3 &&
			petory__redis_int(reply->element[2], &uid) < 0)) {
		freeReplyObject(reply);
		return petory_error_set(
			PETORY_EBACKEND, NULL, "unexpected answer from Redis");
	}
	out->outcome = (petory_refresh_outcome)outcome;
	out->user_id = uid;
	if (reply->elements == 3)
		snprintf(out->session_id, sizeof(out->session_id), "%s",
			reply->element[1]->str);
	freeReplyObject(reply);
	return 0;
}

static int session_revoke(
	petory_session_store *ss, const char *session_id, petory_time_ms now)
{
	char sess[128], t_now[24];
	const char *keys[] = { sess };
	const char *args[] = { t_now };
	redisReply *reply;
	int error;
	petory__redis_key(CONN(ss), sess, sizeof(sess), "sess:", session_id);
	snprintf(t_now, sizeof(t_now), "%lld", (long long)now);
	if ((error = eval(&reply, ss, revoke_lua, 1, keys, 1, args)) == 0)
		freeReplyObject(reply);
	return error;
}

/* Revoke the user's sessions but keep (NULL: none). */
static int revoke_user(petory_session_store *ss, int64_t user_id,
	const char *keep, petory_time_ms now)
{
	char set[128], t_now[24];
	const char *keys[] = { set };
	const char *args[] = { t_now, petory__redis_prefix(CONN(ss)), keep };
	redisReply *reply;
	int error;
	user_set_key(ss, set, sizeof(set), user_id);
	snprintf(t_now, sizeof(t_now), "%lld", (long long)now);
	if ((error = eval(&reply, ss, revoke_user_lua, 1, keys, keep ? 3 : 2,
		     args)) == 0)
		freeReplyObject(reply);
	return error;
}

static int session_revoke_user(
	petory_session_store *ss, int64_t user_id, petory_time_ms now)
{
	return revoke_user(ss, user_id, NULL, now);
}

static int session_revoke_user_except(petory_session_store *ss, int64_t user_id,
	const char *keep_session_id, petory_time_ms now)
{
	return revoke_user(ss, user_id, keep_session_id, now);
}

static int rate_hit(petory_rate_state *out, petory_session_store *ss,
	const char *key, int64_t cost, int64_t window_ms, petory_time_ms now)
{
	char rl[300], t_now[24], c[24], w[24];
	const char *keys[] = { rl };
	const char *args[] = { t_now, c, w };
	redisReply *reply;
	long long count, end;
	int error;
	petory__redis_key(CONN(ss), rl, sizeof(rl), "rl:", key);
	snprintf(t_now, sizeof(t_now), "%lld", (long long)now);
	snprintf(c, sizeof(c), "%lld", (long long)cost);
	snprintf(w, sizeof(w), "%lld", (long long)window_ms);
	if ((error = eval(&reply, ss, rate_lua, 1, keys, 3, args)) < 0)
		return error;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
		petory__redis_int(reply->element[0], &count) < 0 ||
		petory__redis_int(reply->element[1], &end) < 0)
		error = petory_error_set(
			PETORY_EBACKEND, NULL, "unexpected answer from Redis");
	else {
		out->count = count;
		out->window_end = end;
	}
	freeReplyObject(reply);
	return error;
}

static int purge(petory_session_store *ss, petory_time_ms now)
{
	/* Every key carries a TTL: Redis forgets expired state itself. */
	(void)ss;
	(void)now;
	return 0;
}

int petory_redis_session_store_new(
	petory_session_store **out, const char *url, const char *prefix)
{
	redis_sessions *ss;
	int error;
	*out = NULL;
	if (!(ss = calloc(1, sizeof(*ss))))
		return petory__error_oom();
	if ((error = petory__redis_open(&ss->conn, url, prefix, 1)) < 0) {
		free(ss);
		return error;
	}
	ss->base = (petory_session_store){
		.version = PETORY_SESSION_STORE_VERSION,
		.name = "redis",
		.free = sessions_free,
		.session_create = session_create,
		.session_active = session_active,
		.refresh_rotate = refresh_rotate,
		.session_revoke = session_revoke,
		.session_revoke_user = session_revoke_user,
		.rate_hit = rate_hit,
		.purge = purge,
		.session_revoke_user_except = session_revoke_user_except,
	};
	*out = &ss->base;
	return 0;
}
