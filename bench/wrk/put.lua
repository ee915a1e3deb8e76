-- PutItem of ~200-byte items, every key unique.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local headers = common.target("PutItem")
local counter = 0
prefix = ""  -- set per thread by setup
setup = common.unique_keys("put")

function request()
  counter = counter + 1
  return wrk.format("POST", "/", headers, common.put_body(prefix .. "-" .. counter))
end
