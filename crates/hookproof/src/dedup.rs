//! The Redis side of exactly-once handling, written once for the Python and
//! Node stores (`hookproof.RedisDedup`), which run these scripts through the
//! user's own Redis client.
//!
//! A key holds `inflight:<token>` while a handler runs (expiring after the
//! lease, so a crashed worker never blocks a delivery) and `done:<token>`
//! once it completed (kept for the sender's retry window). Only the holder of
//! the claim's random token can complete or release it.

/// `KEYS[1]` = key, `ARGV` = token, lease in ms → `claimed`, `in_flight` or `done`.
pub const LUA_CLAIM: &str = "\
if redis.call('SET', KEYS[1], 'inflight:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, 5) == 'done:' then return 'done' end
return 'in_flight'";

/// `KEYS[1]` = key, `ARGV` = token, keep-for in ms: marks the claim done.
pub const LUA_COMPLETE: &str = "\
if redis.call('GET', KEYS[1]) == 'inflight:' .. ARGV[1] then
  return redis.call('SET', KEYS[1], 'done:' .. ARGV[1], 'PX', ARGV[2])
end
return false";

/// `KEYS[1]` = key, `ARGV` = token: forgets the claim so a retry is processed.
pub const LUA_RELEASE: &str = "\
if redis.call('GET', KEYS[1]) == 'inflight:' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0";
