-- Writes one event if its id is new. KEYS: the event key. ARGV: canonical JSON, TTL ms.
-- SET NX GET is an atomic create-or-return-existing; the PTTL is taken in the same atomic step so that the
-- caller caches the stored value exactly as long as Redis keeps it. A conflict is a value, never an error reply
-- (one error reply would fail a whole pipeline).
-- Returns {false, ttl} when created, {stored JSON, its remaining TTL} when the id existed.
local stored = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'GET', 'PX', ARGV[2])
if stored then
  return {stored, redis.call('PTTL', KEYS[1])}
end
return {false, tonumber(ARGV[2])}
