/**
 * The Lua scripts behind RedisSessionEngine. Each runs atomically on the
 * server in one round trip, so a save can check and write in one step, the
 * way the db engine's INSERT … ON CONFLICT / UPDATE … WHERE do.
 *
 * A session is a hash at `<prefix><key>`: d (encoded data), e (expiry, ms
 * since the epoch), c (creation, ms), u (owner's user id, when logged in),
 * expiring with the session. A deleted session leaves a tombstone (x = 1) for
 * a short while, so a request still in flight can neither update it nor put
 * it back into the cache. A user's sessions are a sorted set at
 * `<prefix>:user:<id>` scored by expiry. Session keys are [a-z0-9], so the
 * two kinds of key never collide.
 */

/**
 * KEYS[1] session. ARGV: data, expire ms, mode, owner ('' = none), now ms,
 * user-index prefix, session key. Modes: create (fails 'taken' when the key exists),
 * update (fails 'gone' unless the session is live), write (upsert unless
 * deleted: cached_db's write-through), fill (only when absent: cached_db's
 * load from the database). Returns 'ok', 'taken', 'gone' or 'skipped'.
 */
export const SAVE_SCRIPT = `
local key = KEYS[1]
local data, expire, mode, owner, now, userPrefix, sessionKey = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local exists = redis.call('EXISTS', key) == 1
local deleted = exists and redis.call('HEXISTS', key, 'x') == 1
if mode == 'create' and exists then return 'taken' end
if mode == 'update' and (not exists or deleted) then return 'gone' end
if mode == 'write' and deleted then return 'gone' end
if mode == 'fill' and exists then return 'skipped' end
local newOwner = owner ~= '' and owner or false
local previous = redis.call('HGET', key, 'u')
local created = redis.call('HGET', key, 'c')
if mode == 'create' or not created or previous ~= newOwner then created = now end
redis.call('HSET', key, 'd', data, 'e', expire, 'c', created)
if newOwner then redis.call('HSET', key, 'u', newOwner) else redis.call('HDEL', key, 'u') end
redis.call('PEXPIREAT', key, expire)
if previous and previous ~= newOwner then redis.call('ZREM', userPrefix .. previous, sessionKey) end
if newOwner then
  local userKey = userPrefix .. newOwner
  redis.call('ZADD', userKey, expire, sessionKey)
  redis.call('ZREMRANGEBYSCORE', userKey, '-inf', now)
  local last = redis.call('ZRANGE', userKey, -1, -1, 'WITHSCORES')
  if last[2] then redis.call('PEXPIREAT', userKey, last[2]) end
end
return 'ok'
`;

/**
 * KEYS: the sessions to delete. ARGV: tombstone ms, user-index prefix,
 * session prefix. Each becomes a tombstone and leaves its owner's index.
 * Returns how many were live.
 */
export const DELETE_SCRIPT = `
local tombstoneMs, userPrefix, sessionPrefix = ARGV[1], ARGV[2], ARGV[3]
local live = 0
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 and redis.call('HEXISTS', key, 'x') == 0 then live = live + 1 end
  local owner = redis.call('HGET', key, 'u')
  redis.call('DEL', key)
  redis.call('HSET', key, 'x', '1')
  redis.call('PEXPIRE', key, tombstoneMs)
  if owner then redis.call('ZREM', userPrefix .. owner, string.sub(key, #sessionPrefix + 1)) end
end
return live
`;

/**
 * KEYS[1] the user's index. ARGV: now ms, session prefix, user id. Prunes
 * entries whose session is gone, expired or no longer the user's; returns
 * [key, expire ms, created ms, …] soonest to expire first.
 */
export const SESSIONS_OF_USER_SCRIPT = `
local userKey = KEYS[1]
local now, sessionPrefix, userId = ARGV[1], ARGV[2], ARGV[3]
redis.call('ZREMRANGEBYSCORE', userKey, '-inf', now)
local out = {}
for _, sessionKey in ipairs(redis.call('ZRANGE', userKey, 0, -1)) do
  local fields = redis.call('HMGET', sessionPrefix .. sessionKey, 'u', 'e', 'c', 'x')
  if fields[1] == userId and not fields[4] then
    table.insert(out, sessionKey)
    table.insert(out, fields[2])
    table.insert(out, fields[3])
  else
    redis.call('ZREM', userKey, sessionKey)
  end
end
return out
`;

/**
 * KEYS[1] the user's index. ARGV: session prefix, user id, key to keep ('' =
 * none), tombstone ms. Deletes the user's other sessions (tombstones);
 * returns how many.
 */
export const DELETE_SESSIONS_OF_USER_SCRIPT = `
local userKey = KEYS[1]
local sessionPrefix, userId, keep, tombstoneMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local deleted = 0
for _, sessionKey in ipairs(redis.call('ZRANGE', userKey, 0, -1)) do
  if sessionKey ~= keep then
    local key = sessionPrefix .. sessionKey
    local fields = redis.call('HMGET', key, 'u', 'x')
    if fields[1] == userId and not fields[2] then
      redis.call('DEL', key)
      redis.call('HSET', key, 'x', '1')
      redis.call('PEXPIRE', key, tombstoneMs)
      deleted = deleted + 1
    end
    redis.call('ZREM', userKey, sessionKey)
  end
end
return deleted
`;
