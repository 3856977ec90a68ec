-- Reads one event with its remaining TTL, atomically. KEYS: the event key.
-- Returns {JSON, TTL ms}, or {} when the key does not exist.
local value = redis.call('GET', KEYS[1])
if not value then
  return {}
end
return {value, redis.call('PTTL', KEYS[1])}
