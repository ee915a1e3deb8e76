-- GetItem of preloaded keys, uniformly at random.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local headers = common.target("GetItem")
local keys = common.preloaded

-- `wrk ... -s get.lua URL -- <n>` reads keys key-0 .. key-<n-1>.
function init(args)
  if args[1] then keys = tonumber(args[1]) end
end

function request()
  local key = "key-" .. math.random(0, keys - 1)
  return wrk.format("POST", "/", headers, common.get_body(key))
end
