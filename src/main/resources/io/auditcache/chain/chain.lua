-- Helpers prepended to every chain script: the gap ledger and the head record.
-- A chain's gaps are one sorted set: score = first missing sequence, member = "from:to:firstSeenMs:reason".
-- Ranges never overlap or touch: adding merges, filling splits.
-- Numbers are formatted with %.0f: Lua's tostring would print 2^53-1 as 9.007199254741e+15.

local function num(n)
  return string.format('%.0f', n)
end

local function gap_parse(member)
  local f, t, s, r = string.match(member, '^(%d+):(%d+):(%d+):(.*)$')
  return tonumber(f), tonumber(t), tonumber(s), r
end

local function gap_member(f, t, seen, reason)
  return num(f) .. ':' .. num(t) .. ':' .. num(seen) .. ':' .. reason
end

-- Records [f, t] as missing, merging overlapping or adjacent ranges (the merged gap keeps the earliest firstSeen
-- and its reason). Keeps at most max_gaps ranges, dropping the lowest. Returns how many ranges were dropped.
local function gap_add(key, f, t, now, reason, max_gaps, ttl_ms)
  local seen, why = now, reason
  local before = redis.call('ZREVRANGEBYSCORE', key, num(f), '-inf', 'LIMIT', 0, 1)
  if #before > 0 then
    local pf, pt, ps, pr = gap_parse(before[1])
    if pt >= f - 1 then
      f = pf
      if pt > t then t = pt end
      if ps < seen then seen, why = ps, pr end
      redis.call('ZREM', key, before[1])
    end
  end
  local after = redis.call('ZRANGEBYSCORE', key, '(' .. num(f), num(t + 1))
  for _, member in ipairs(after) do
    local nf, nt, ns, nr = gap_parse(member)
    if nt > t then t = nt end
    if ns < seen then seen, why = ns, nr end
    redis.call('ZREM', key, member)
  end
  redis.call('ZADD', key, num(f), gap_member(f, t, seen, why))
  local dropped = 0
  local count = redis.call('ZCARD', key)
  if count > max_gaps then
    dropped = count - max_gaps
    redis.call('ZPOPMIN', key, dropped)
  end
  redis.call('PEXPIRE', key, ttl_ms)
  return dropped
end

-- Removes [a, b] from the gaps (those numbers arrived). Returns how many missing numbers were filled.
local function gap_fill(key, a, b, ttl_ms)
  local candidates = redis.call('ZREVRANGEBYSCORE', key, num(a), '-inf', 'LIMIT', 0, 1)
  local inside = redis.call('ZRANGEBYSCORE', key, '(' .. num(a), num(b))
  for _, member in ipairs(inside) do
    table.insert(candidates, member)
  end
  local filled = 0
  for _, member in ipairs(candidates) do
    local f, t, seen, why = gap_parse(member)
    if t >= a and f <= b then
      redis.call('ZREM', key, member)
      filled = filled + math.min(t, b) - math.max(f, a) + 1
      if f < a then redis.call('ZADD', key, num(f), gap_member(f, a - 1, seen, why)) end
      if t > b then redis.call('ZADD', key, num(b + 1), gap_member(b + 1, t, seen, why)) end
    end
  end
  if filled > 0 and redis.call('EXISTS', key) == 1 then
    redis.call('PEXPIRE', key, ttl_ms)
  end
  return filled
end

local function head_parse(value)
  if not value then return nil, nil end
  local s, h = string.match(value, '^(%d+) (.+)$')
  return tonumber(s), h
end

local function raise_to(key, n)
  local current = tonumber(redis.call('GET', key) or '-1')
  if n > current then redis.call('SET', key, num(n)) end
end

-- Makes (seq, hash) the head: the head key (with its TTL), the floor, the hash range entry (bucket TTL renewed) and
-- the highest range sequence. head_keys = {head, floor, gaps, rangemax, bucket}. Returns the head's stored value.
local function record_head(head_keys, seq, hash, field, head_ttl, range_ttl)
  local value = num(seq) .. ' ' .. hash
  redis.call('SET', head_keys[1], value, 'PX', head_ttl)
  raise_to(head_keys[2], seq)
  redis.call('HSET', head_keys[5], field, hash)
  redis.call('PEXPIRE', head_keys[5], range_ttl)
  raise_to(head_keys[4], seq)
  return value
end
