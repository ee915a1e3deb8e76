-- Query: the 20 items of one preloaded partition of bench_q, newest (highest
-- sort key) first, as an inbox shows messages.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local headers = common.target("Query")
local partitions = math.floor(common.preloaded / 20)

-- `wrk ... -s query.lua URL -- <n>` reads partitions of the first n items.
function init(args)
  if args[1] then partitions = math.floor(tonumber(args[1]) / 20) end
end

function request()
  local body = string.format(
    '{"TableName":"bench_q","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":'
    .. '{":p":{"S":"part-%d"}},"ScanIndexForward":false,"Limit":20}',
    math.random(0, partitions - 1))
  return wrk.format("POST", "/", headers, body)
end
