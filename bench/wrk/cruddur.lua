-- The cruddur chat mix (../shared/cruddur-messaging.md, patterns A-C) on the
-- preloaded "cruddur-messages" table: 70% Query of a conversation's 20 newest
-- messages (pattern A), 20% PutItem of a new message (pattern C), 10% Query
-- of a user's 20 newest conversations (pattern B).
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local query_headers = common.target("Query")
local put_headers = common.target("PutItem")
local groups, users = 200, 100  -- as bench/preload.py loads them
local counter = 0
prefix = ""  -- set per thread by setup
setup = common.unique_keys("chat")

local function newest(pk)
  return string.format(
    '{"TableName":"cruddur-messages","KeyConditionExpression":"pk = :pk",'
    .. '"ExpressionAttributeValues":{":pk":{"S":"%s"}},"ScanIndexForward":false,"Limit":20}', pk)
end

local function message(group)
  -- A sort key after every preloaded one, unique per thread and request.
  return string.format(
    '{"TableName":"cruddur-messages","Item":{"pk":{"S":"MSG#group-%d"},'
    .. '"sk":{"S":"2030-01-01T00:00:00.000000+00:00#%s-%d"},"message_uuid":{"S":"%s-%d"},'
    .. '"message":{"S":"%s"},"user_uuid":{"S":"user-7"},"user_display_name":{"S":"User Seven"},'
    .. '"user_handle":{"S":"user7"}}}', group, prefix, counter, prefix, counter, common.payload)
end

function request()
  counter = counter + 1
  local slot = counter % 10
  if slot < 7 then
    return wrk.format("POST", "/", query_headers,
                      newest("MSG#group-" .. math.random(0, groups - 1)))
  elseif slot < 9 then
    return wrk.format("POST", "/", put_headers, message(math.random(0, groups - 1)))
  end
  return wrk.format("POST", "/", query_headers, newest("GRP#user-" .. math.random(0, users - 1)))
end
