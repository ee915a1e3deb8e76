-- GetItem of preloaded keys, uniformly at random.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local headers = common.target("GetItem")

function request()
  local key = "key-" .. math.random(0, common.preloaded - 1)
  return wrk.format("POST", "/", headers, common.get_body(key))
end
