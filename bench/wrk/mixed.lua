-- 80% GetItem of preloaded keys, 20% PutItem of unique keys.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local get_headers = common.target("GetItem")
local put_headers = common.target("PutItem")
local counter = 0
prefix = ""  -- set per thread by setup
setup = common.unique_keys("mix")

function request()
  counter = counter + 1
  if counter % 5 == 0 then
    return wrk.format("POST", "/", put_headers, common.put_body(prefix .. "-" .. counter))
  end
  local key = "key-" .. math.random(0, common.preloaded - 1)
  return wrk.format("POST", "/", get_headers, common.get_body(key))
end
